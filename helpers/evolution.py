"""Evolutionary search: CMA-ES with restarts on the unit cube, as the course's "evolution" method.

Two pieces:

- `CMAES`: the covariance matrix adaptation evolution strategy (Hansen 2016, "The CMA Evolution
  Strategy: A Tutorial", with its default active weights), as ask/tell over vectors: `sample(k)`
  draws candidates from N(mean, sigma^2 C), `update(X, values)` moves the mean towards the best,
  adapts sigma by the length of the evolution path and C by rank-one and rank-mu updates.
- `EvolutionSearcher`, registered as `minimize(..., method="evolution")`: CMA-ES on the space's
  `Encoder` columns (reals and integers on [0, 1], log scales where log=True, each category a
  one-hot column whose largest value wins). A generation is a batch of trials, so `n_jobs`
  evaluates a generation in parallel. When a run has converged or stalls, it restarts from a
  random point and keeps searching until the budget is spent.

Why these choices (measured on Hartmann-6 with 200 evaluations, on seeds apart from those of
`benchmarks/evolution.py`; the population size again in notebook 06's exercise 3): a small
population (6) and mirrored sampling (each draw z comes with -z; Brockhoff et al. 2010) converge
within a budget of a few hundred evaluations, where the textbook population (9 in six
dimensions) with independent draws is still closing in (median regret about 0.04-0.05 against
0.006). Out of sample (`benchmarks/evolution.py out-of-sample`) the choices are less clear: on a
rotated Rosenbrock they still win, but on Hartmann-6 moved to the box [0.1, 1.5]^6 a population
of 12 and independent draws had lower medians than the default.

Long budgets are another matter (`benchmarks/evolution.py long`, 1000 evaluations): a run that
restarts as soon as its longest axis is 1e-3 long never refines the last digits (regret 2e-5 on
Hartmann-6, 0.27 on Ackley-10), and a population of 6 ends in a local basin of Levy-10 on about
a third of the seeds. So when the budget affords at least 100 generations of Hansen's default
population (4 + floor(3 ln n): 900 evaluations in 6 dimensions, 1000 in 10), the searcher takes
that population and refines down to an axis of 1e-6; shorter searches keep the settings above,
bit for bit.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .checks import check_bool, check_int, check_number
from .encoding import Encoder
from .searcher import Searcher, register

__all__ = ["CMAES", "EvolutionSearcher", "reflect"]


def reflect(X):
    """Fold any point back into the unit cube, as a mirror would (1.2 -> 0.8, -0.1 -> 0.1).

    Unlike clipping, reflection never piles samples up on the boundary, so a distribution that
    straddles an edge keeps its spread."""
    X = np.mod(np.asarray(X, dtype=float), 2.0)
    return np.where(X > 1.0, 2.0 - X, X)


class CMAES:
    """CMA-ES over R^n, minimising. `sample(k)` proposes, `update(X, values)` learns from one
    generation (X: the sampled rows it was evaluated at, in any number >= 2).

    - `mean`, `sigma`: where the search starts and its initial step size.
    - `popsize`: the generation size `update` expects (default: Hansen's 4 + floor(3 ln n)).
    - `mirrored`: draw candidates in pairs mean +- sigma*y, which removes sampling noise from the
      mean's move (Brockhoff et al. 2010).
    - `rng`: a NumPy Generator, the only source of randomness.
    """

    def __init__(self, mean, sigma, popsize=None, mirrored=False, rng=None):
        self.mean = np.array(mean, dtype=float)
        if self.mean.ndim != 1 or len(self.mean) < 1:
            raise ValueError(f"mean must be a non-empty 1-D vector, got shape {self.mean.shape}")
        if not (isinstance(sigma, numbers.Real) and sigma > 0):
            raise ValueError(f"sigma must be a positive number, not {sigma!r}")
        self.n = n = len(self.mean)
        self.popsize = popsize if popsize is not None else 4 + int(3 * math.log(n))
        _check_popsize(self.popsize)
        self.sigma = float(sigma)
        self.mirrored = bool(mirrored)
        self.rng = rng if rng is not None else np.random.default_rng()
        self.C = np.eye(n)
        self.B, self.D = np.eye(n), np.ones(n)  # C = B diag(D^2) B^T
        self.path_sigma, self.path_c = np.zeros(n), np.zeros(n)
        self.generation = 0
        self._pending_mirror = None
        # the expected length of an n-dimensional standard normal vector
        self.chi_n = math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n))

    def sample(self, k=None):
        """k candidates (default: popsize) drawn from N(mean, sigma^2 C), as a (k, n) array."""
        k = self.popsize if k is None else k
        rows = []
        for _ in range(k):
            if self.mirrored and self._pending_mirror is not None:
                z, self._pending_mirror = -self._pending_mirror, None
            else:
                z = self.rng.standard_normal(self.n)
                if self.mirrored:
                    self._pending_mirror = z
            rows.append(z)
        Z = np.array(rows).reshape(k, self.n)
        return self.mean + self.sigma * (Z * self.D) @ self.B.T

    @property
    def axis_lengths(self):
        """sigma times the square roots of C's eigenvalues: the search distribution's extent."""
        return self.sigma * self.D

    def update(self, X, values):
        """One generation: X (lam, n) the points evaluated, values (lam,) their objective values
        (lower is better; only their ranking is used)."""
        X, values = np.asarray(X, dtype=float), np.asarray(values, dtype=float)
        lam, n = len(values), self.n
        if lam < 2 or X.shape != (lam, n):
            raise ValueError(f"update needs at least 2 rows of {n} columns and one value per "
                             f"row, got X of shape {X.shape} and {lam} values")
        mu = lam // 2
        # Recombination weights, positive for the better half, negative ("active") for the worse
        raw = math.log((lam + 1) / 2) - np.log(np.arange(1, lam + 1))
        mu_eff = raw[:mu].sum() ** 2 / np.sum(raw[:mu] ** 2)
        mu_eff_minus = raw[mu:].sum() ** 2 / np.sum(raw[mu:] ** 2) if lam - mu > 0 else 1.0
        # learning rates (Hansen 2016, table 1)
        c_c = (4 + mu_eff / n) / (n + 4 + 2 * mu_eff / n)
        c_s = (mu_eff + 2) / (n + mu_eff + 5)
        c_1 = 2 / ((n + 1.3) ** 2 + mu_eff)
        c_mu = min(1 - c_1, 2 * (mu_eff - 2 + 1 / mu_eff) / ((n + 2) ** 2 + mu_eff))
        damping = 1 + 2 * max(0.0, math.sqrt((mu_eff - 1) / (n + 1)) - 1) + c_s
        negative_scale = min(1 + c_1 / c_mu if c_mu > 0 else np.inf,
                             1 + 2 * mu_eff_minus / (mu_eff + 2),
                             (1 - c_1 - c_mu) / (n * c_mu) if c_mu > 0 else np.inf)
        weights = np.where(raw >= 0, raw / raw[raw > 0].sum(),
                           negative_scale * raw / max(-raw[raw < 0].sum(), 1e-300))
        if not np.isfinite(weights).all():
            weights = np.where(raw >= 0, weights, 0.0)

        order = np.argsort(values, kind="stable")
        Y = (X[order] - self.mean) / self.sigma      # steps in units of sigma, best first
        step = weights[:mu] @ Y[:mu]
        # 1. the mean moves to the weighted average of the better half
        self.mean = self.mean + self.sigma * step
        # 2. step size: a path longer than a random walk's means steps point the same way
        inv_sqrt_C = (self.B / self.D) @ self.B.T
        self.generation += 1
        self.path_sigma = ((1 - c_s) * self.path_sigma
                           + math.sqrt(c_s * (2 - c_s) * mu_eff) * inv_sqrt_C @ step)
        path_norm = np.linalg.norm(self.path_sigma)
        # h_sigma stalls the rank-one path while the step size is still growing fast
        h_sigma = (path_norm / math.sqrt(1 - (1 - c_s) ** (2 * self.generation))
                   < (1.4 + 2 / (n + 1)) * self.chi_n)
        self.path_c = ((1 - c_c) * self.path_c
                       + h_sigma * math.sqrt(c_c * (2 - c_c) * mu_eff) * step)
        # 3. covariance: rank-one (the path) and rank-mu (this generation's steps)
        scaled = weights.copy()
        bad = weights < 0  # negative weights act on Mahalanobis-normalised steps
        if bad.any():
            lengths = np.sum((Y[bad] @ inv_sqrt_C) ** 2, axis=1)
            scaled[bad] *= n / np.maximum(lengths, 1e-300)
        self.C = ((1 + c_1 * (1 - h_sigma) * c_c * (2 - c_c) - c_1 - c_mu * weights.sum()) * self.C
                  + c_1 * np.outer(self.path_c, self.path_c)
                  + c_mu * (Y.T * scaled) @ Y)
        self.sigma *= math.exp(min(1.0, c_s / damping * (path_norm / self.chi_n - 1)))
        self.C = (self.C + self.C.T) / 2
        eigenvalues, self.B = np.linalg.eigh(self.C)
        self.D = np.sqrt(np.maximum(eigenvalues, 1e-30))
        self._pending_mirror = None  # a new generation starts a new pair


def _check_popsize(popsize):
    check_int("popsize", popsize, 2)


# The defaults, by budget (see the module's docstring): a search is "long" when it holds at least
# this many generations of Hansen's default population.
SHORT_POPSIZE, SHORT_TOL, LONG_TOL, LONG_BUDGET_GENERATIONS = 6, 1e-3, 1e-6, 100


@register("evolution")
class EvolutionSearcher(Searcher):
    """CMA-ES with restarts on the unit cube of the space's `Encoder` (see the module).

    Options:
    - `popsize`: candidates per generation. None (the default) chooses by the budget: 6 (small
      populations converge within a few hundred trials), or Hansen's 4 + floor(3 ln n) for n
      unit-cube columns when the budget holds at least `LONG_BUDGET_GENERATIONS` generations of
      it (a larger population falls into fewer local basins). Raise it for rugged functions or
      for wide parallel batches.
    - `sigma0`: the initial step size on the unit cube (0.2: a fifth of each range).
    - `mirrored`: draw candidates in mirrored pairs.
    - `tol`: restart when the distribution's longest axis is shorter than this (on [0, 1]).
      None (the default): 1e-3 for a short budget (restarting early explores more basins), 1e-6
      for a long one, as for `popsize` (refining the last digits is worth the evaluations).
    - `patience`: restart after this many generations without a better value.

    In a conditional space every dimension keeps its genes (columns) all the time: genes of
    an inactive hyperparameter are carried along, mutated and recombined, but ignored when the
    point is decoded, so a layer switched back on inherits the width the lineage carried.

    The first run starts at the centre of the cube, each restart at a random point. Points
    outside the cube are reflected back in; a candidate that decodes to a configuration already
    tried or pending (an integer or a category can collapse nearby points) is redrawn, so a
    batch never holds the same configuration twice.
    """

    def __init__(self, popsize=None, sigma0=0.2, mirrored=True, tol=None, patience=20):
        super().__init__()
        if popsize is not None:
            _check_popsize(popsize)
        for name, value in (("sigma0", sigma0), ("tol", tol)):
            if value is not None and not 0.0 < check_number(name, value) <= 1.0:
                raise ValueError(f"{name} must be in (0.0, 1.0], not {value!r}")
        check_bool("mirrored", mirrored)
        check_int("patience", patience, 1)
        self.popsize, self.sigma0, self.mirrored = popsize, float(sigma0), mirrored
        self.tol, self.patience = (None if tol is None else float(tol)), patience

    def setup(self):
        self.encoder = Encoder(self.space)
        hansen = 4 + int(3 * math.log(self.encoder.n_features))
        self.long_budget = self.n_trials >= LONG_BUDGET_GENERATIONS * hansen
        self._popsize = self.popsize or (hansen if self.long_budget else SHORT_POPSIZE)
        self._tol = self.tol or (LONG_TOL if self.long_budget else SHORT_TOL)
        self.n_restarts = 0
        self._seen = set()             # keys of every configuration asked so far
        self._start(np.full(self.encoder.n_features, 0.5))

    def _start(self, mean):
        self.es = CMAES(mean, self.sigma0, popsize=self._popsize, mirrored=self.mirrored,
                        rng=self.rng)
        self._generation = {}          # trial number -> the unit-cube point it was drawn as
        self._best, self._stalled = math.inf, 0

    def _key(self, params):
        return tuple(np.round(self.encoder.encode([params])[0], 12))

    def ask(self):
        x = reflect(self.es.sample(1)[0])
        params = self.encoder.decode(x)[0]
        key = self._key(params)
        for attempt in range(20):
            if key not in self._seen:
                break
            # a duplicate: draw again, from a wider distribution each time, then uniformly
            spread = self.es.sigma * 2.0 ** (attempt + 1)
            x = (reflect(self.es.mean + spread * self.rng.standard_normal(len(x)) * self.es.D @
                         self.es.B.T) if attempt < 10 else self.rng.random(len(x)))
            params = self.encoder.decode(x)[0]
            key = self._key(params)
        self._seen.add(key)
        self._generation[self.next_number] = x
        return params

    def tell(self, trial):
        mine = [n for n in self._generation if n not in self.pending]
        if len(mine) < self.es.popsize or len(mine) < len(self._generation):
            return  # the generation is not complete yet
        # values by the rule for failed trials: a failure ranks with the worst value seen
        _, values = self.observations()
        number_to_value = ({t.number: v for t, v in zip(self.trials, values)} if len(values)
                           else {})
        X = np.array([self._generation[n] for n in mine])
        f = np.array([number_to_value.get(n, math.inf) for n in mine])
        self.es.update(X, f)
        finite = f[np.isfinite(f)]
        # improved: the first values of this run, or better than its best beyond rounding noise
        if finite.size and (self._best == math.inf
                            or finite.min() < self._best - 1e-12 * (1.0 + abs(self._best))):
            self._best, self._stalled = finite.min(), 0
        else:
            self._stalled += 1
        self._generation = {}
        converged = self.es.axis_lengths.max() < self._tol
        degenerate = self.es.D.max() > 1e7 * self.es.D.min()
        if converged or degenerate or self._stalled >= self.patience:
            self.n_restarts += 1
            self._start(self.rng.random(self.encoder.n_features))
