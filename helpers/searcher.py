"""The ask/tell interface that every search method implements, and the registry of methods.

A method is a `Searcher` subclass. `minimize` runs the loop: it *asks* the searcher for a
configuration, evaluates it, and *tells* the searcher the finished `Trial`. Seeds, failed trials,
timing and parallel batches are handled once, in `minimize`, for every method::

    @register("my_method")                  # minimize(..., method="my_method")
    class MySearcher(Searcher):
        def __init__(self, n_initial=10):   # options: keyword arguments with defaults
            super().__init__()
            self.n_initial = n_initial

        def setup(self):                    # once, after minimize has bound space, budget, rng
            ...

        def ask(self):                      # params dict, or (params, budget), or None = done
            ...

        def tell(self, trial):              # learn from a finished Trial (optional)
            ...

What a searcher can rely on, once bound:

- `self.space`, `self.n_trials` (the budget of evaluations) and `self.rng`, a NumPy Generator
  made from the seed: the only randomness a searcher may use, so a seed reproduces a run.
- `self.pending`: {trial number: Trial} asked but not yet told. With `n_jobs`, `ask` is called
  several times before any `tell`; a model-based searcher looks here to keep a batch's
  proposals apart.
- `self.trials`: every told trial, in the order told.
- **The rule for failed trials** (value nan or inf, or an exception that `catch=` names): they are
  told like any other trial. A searcher that models or ranks values reads `self.observations()`,
  where each failure counts as the worst value seen so far: bad enough to steer away from, without
  an infinity that would wreck a model's scale. A searcher never proposes a failed configuration
  again on purpose.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Trial", "Searcher", "METHODS", "register", "make_searcher"]


@dataclass
class Trial:
    """One evaluation: its configuration, its value (nan/inf if it failed), and what it cost."""

    number: int
    params: dict
    value: float = math.nan
    seconds: float = 0.0               # the objective's time
    error: str | None = None           # the caught exception, as text, if the objective raised
    budget: float | None = None        # the fidelity it ran at (None: the full objective)
    decide_seconds: float = 0.0        # the searcher's time to ask for it and learn from it
    info: dict = field(default_factory=dict)  # extra results the objective returned

    @property
    def failed(self):
        return not math.isfinite(self.value)


class Searcher:
    """The ask/tell interface (see the module docstring). Subclasses take their options as
    keyword arguments in `__init__`; `minimize` binds the space, budget and seed."""

    #: the name it is registered under (set by `register`)
    name = None
    #: the full budget of a multi-fidelity searcher; None when trials run the full objective
    max_budget = None

    def __init__(self):
        self.space = self.n_trials = self.rng = None
        self.pending = {}
        self.trials = []

    def bind(self, space, n_trials, rng):
        """Called once by `minimize` before the first `ask`."""
        if self.space is not None:
            raise RuntimeError(f"{type(self).__name__} is already bound to a search; minimize "
                               "copies a configured searcher, so pass it there unbound")
        self.space, self.n_trials, self.rng = space, n_trials, rng
        self.pending, self.trials = {}, []
        self.setup()
        return self

    def setup(self):
        """Prepare for the search (space, budget and rng are bound). Optional."""

    def ask(self):
        """The next configuration: a params dict, or a (params, budget) pair, or None when there
        is nothing left to propose."""
        raise NotImplementedError(f"{type(self).__name__} must define ask()")

    def tell(self, trial):
        """Learn from a finished `Trial` (already in `self.trials`). Optional."""

    def observations(self):
        """(params of the told trials, their values), with each failed value replaced by the
        worst finite value seen so far: the stated rule for failed trials. Failures are left
        out while no trial has succeeded (there is no scale to put them on yet)."""
        values = np.array([t.value for t in self.trials], dtype=float)
        ok = np.isfinite(values)
        if not ok.any():
            return [], np.array([])
        values[~ok] = values[ok].max()
        return [t.params for t in self.trials], values

    def __repr__(self):
        options = {k: v for k, v in vars(self).items()
                   if k not in ("space", "n_trials", "rng", "pending", "trials")
                   and not k.startswith("_")}
        shown = ", ".join(f"{k}={v!r}" for k, v in options.items()
                          if isinstance(v, (int, float, str, bool, type(None), tuple)))
        return f"{type(self).__name__}({shown})"


METHODS = {}


def register(name):
    """Class decorator: make a Searcher available as `minimize(..., method=name)`."""
    def add(cls):
        if not (isinstance(cls, type) and issubclass(cls, Searcher)):
            raise TypeError(f"register({name!r}) needs a Searcher subclass, not {cls!r}")
        cls.name = name
        METHODS[name] = cls
        return cls
    return add


def make_searcher(method):
    """A fresh, unbound searcher from a registered name, a Searcher class or a configured
    instance (deep-copied, so one configured instance serves many seeds, and a scheduler can
    wrap any of the three)."""
    if isinstance(method, str):
        if method not in METHODS:
            raise ValueError(f"method must be one of {sorted(METHODS)}, a Searcher class or a "
                             f"Searcher instance, not {method!r}")
        return METHODS[method]()
    if isinstance(method, type) and issubclass(method, Searcher):
        return method()
    if isinstance(method, Searcher):
        return copy.deepcopy(method)
    raise TypeError(f"method must be a registered name ({', '.join(sorted(METHODS))}), a "
                    f"Searcher class or a Searcher instance, not {method!r}")
