"""Random search and its quasi-random twin, Sobol search, as searchers.

Both map uniform numbers on the unit cube to configurations through the space's positional
encoding (`from_unit`: log-uniform where log=True). Random search draws the numbers independently;
Sobol search takes them from a scrambled Sobol sequence, which covers the cube more evenly.
"""

from __future__ import annotations

import math

from .searcher import Searcher, register
from .space import from_unit, sample

__all__ = ["RandomSearcher", "SobolSearcher"]


@register("random")
class RandomSearcher(Searcher):
    """Every configuration drawn independently from the space (log-uniform where log=True)."""

    def ask(self):
        return sample(self.space, self.rng)


@register("sobol")
class SobolSearcher(Searcher):
    """Configurations from a scrambled Sobol sequence (scipy.stats.qmc.Sobol), one coordinate
    per dimension. The sequence is balanced at powers of two, so the whole budget is drawn at
    once, rounded up to the next power of two, and used in order."""

    def __init__(self):
        super().__init__()
        # imported here, not in setup: scipy.stats takes a second to import the first time, and
        # that is not time spent deciding (minimize times setup, ask and tell)
        from scipy.stats import qmc  # noqa: F401

    def setup(self):
        from scipy.stats import qmc

        d = len(self.space)
        # an integer seed from our generator: scipy's keyword for a Generator changed name
        # (seed -> rng) between versions, an int works with both
        seed = int(self.rng.integers(2 ** 63))
        try:
            self._sobol = qmc.Sobol(d, scramble=True, rng=seed)
        except TypeError:
            self._sobol = qmc.Sobol(d, scramble=True, seed=seed)
        # the budget rounded up to a power of two (at most the 2**30 points the sequence has),
        # drawn lazily in chunks that double, so a huge budget costs no memory up front and the
        # points drawn so far are always a power of two (the sequence's balance)
        self._limit = min(2 ** max(0, math.ceil(math.log2(self.n_trials))), self._sobol.maxn)
        self._points = self._sobol.random_base2(int(math.log2(min(self._limit, 2 ** 10))))
        self._next = 0

    def ask(self):
        if self._next >= len(self._points):
            if self._sobol.num_generated >= self._limit:
                return None
            self._points = self._sobol.random(self._sobol.num_generated)
            self._next = 0
        u = self._points[self._next]
        self._next += 1
        return from_unit(self.space, u)
