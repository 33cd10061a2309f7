"""The ask/tell interface that every search method implements, and the registry of methods.

A method is a `Searcher` subclass that writes two methods, `ask` (propose) and `tell` (learn).
The searcher keeps its own books: callers drive it with `start` and `finish`, which number the
trials, keep them in `pending` and `trials`, and time the searcher's decisions. `minimize`, the
multi-fidelity schedulers and a hand-written loop all use those two calls, as Optuna's
`study.ask()` / `study.tell()`::

    searcher = BayesSearcher().bind(space, n_trials=20, seed=0)
    while (trial := searcher.start()) is not None:       # None: nothing left to propose
        searcher.finish(trial, objective(trial.params))   # the same run as minimize(n_jobs=1)

Writing a method::

    @register("my_method")                  # minimize(..., method="my_method")
    class MySearcher(Searcher):
        def __init__(self, n_initial=10):   # options: keyword arguments with defaults, stored
            super().__init__()              # under their own names (they make the repr)
            self.n_initial = n_initial

        def setup(self):                    # once, when bound to a space, budget and seed
            ...

        def ask(self):                      # params dict, or (params, budget), or None = done
            ...

        def tell(self, trial):              # learn from a finished Trial (optional)
            ...

What a searcher can rely on, once bound:

- `self.space`, `self.n_trials` (the budget of evaluations) and `self.rng`, a NumPy Generator
  made from the seed: the only randomness a searcher may use, so a seed reproduces a run.
- `self.next_number`: the number the trial that `ask` is proposing will get.
- `self.pending`: {trial number: Trial} started but not yet finished. With `n_jobs`, `ask` is
  called several times before any `tell`; a model-based searcher looks here to keep a batch's
  proposals apart.
- `self.trials`: every finished trial, in the order finished (`tell` sees it there already).
- **The rule for failed trials** (value nan or inf, or an exception that `catch=` names): they are
  told like any other trial. A searcher that models or ranks values reads `self.observations()`,
  where each failure counts as the worst value seen so far: bad enough to steer away from, without
  an infinity that would wreck a model's scale. A searcher never proposes a failed configuration
  again on purpose.
"""

from __future__ import annotations

import copy
import functools
import inspect
import math
import numbers
import re
import time
from dataclasses import dataclass, field

import numpy as np

from .checks import check_int
from .space import _active_names, check_space, is_conditional

__all__ = ["Trial", "Searcher", "METHODS", "register", "make_searcher", "stable_repr"]


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
    def failed(self) -> bool:
        return not math.isfinite(self.value)


def as_value(raw, params) -> tuple[float, dict]:
    """The objective's return -> (float value, info dict), with a clear error for anything else.
    An objective returns a number, or a (number, dict) pair whose dict is kept in `trial.info`."""
    info = {}
    if isinstance(raw, tuple) and len(raw) == 2 and isinstance(raw[1], dict):
        raw, info = raw
    if isinstance(raw, (bool, np.bool_)) or not isinstance(raw, numbers.Real):
        raise TypeError(f"the objective must return a number (or a (number, dict) pair), but "
                        f"returned {raw!r} for params {params!r}")
    try:
        return float(raw), dict(info)
    except OverflowError:
        raise ValueError(f"the objective returned {raw!r} for params {params!r}, an int too "
                         f"large for a float; return a float (inf marks a failed trial)") from None


def stable_repr(value) -> str:
    """`repr(value)` without memory addresses: `<function relu at 0x7f..>` -> `<function relu>`,
    so the same search described in two processes reads the same (a journal's header)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", repr(value))


# what `bind` sets; everything else a searcher holds besides its options is its own state
_BOOKS = ("space", "n_trials", "rng", "pending", "trials", "next_number")


class Searcher:
    """The ask/tell interface (see the module docstring). Subclasses take their options as
    keyword arguments in `__init__` and store each under its own name; `bind` gives them the
    space, budget and seed; callers then alternate `start` and `finish`."""

    #: the name it is registered under (set by `register`)
    name = None
    #: the full budget of a multi-fidelity searcher; None when trials run the full objective
    max_budget = None

    def __init__(self):
        self.space = self.n_trials = self.rng = None
        self.pending, self.trials, self.next_number = {}, [], 0

    # --- the books: what callers use ------------------------------------------------------

    def bind(self, space: dict, n_trials: int, seed=None) -> Searcher:
        """Prepare for one search of `n_trials` over `space`. `seed`: an int, None (fresh
        entropy) or a NumPy Generator to draw from (a scheduler shares its own with the searcher
        it wraps). Returns the searcher, so `searcher = BayesSearcher().bind(...)` reads."""
        if self.space is not None:
            raise RuntimeError(f"{type(self).__name__} is already bound to a search; minimize "
                               "copies a configured searcher, so pass it there unbound")
        check_int("n_trials", n_trials, 1)
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        self.space, self.n_trials, self.rng = check_space(space), n_trials, rng
        self.pending, self.trials, self.next_number = {}, [], 0
        began = time.perf_counter()
        self.setup()
        self._setup_seconds = time.perf_counter() - began  # charged to the first trial
        return self

    def start(self) -> Trial | None:
        """Ask for the next configuration: a numbered `Trial`, now pending, or None when the
        searcher has nothing to propose yet (a finished grid; a rung waiting for its trials)."""
        self._check_bound("start")
        began = time.perf_counter()
        proposal = self.ask()
        asked = time.perf_counter() - began
        if proposal is None:
            return None
        params, budget = _check_proposal(proposal, self)
        trial = Trial(self.next_number, params, budget=budget,
                      decide_seconds=asked + self._setup_seconds)
        self._setup_seconds = 0.0
        self.pending[trial.number] = trial
        self.next_number += 1
        return trial

    def finish(self, trial: Trial, value) -> Trial:
        """Record a started trial's outcome and let the searcher learn from it. `value` is what
        the objective returned: a number (nan or inf for a failed trial) or a (number, info)
        pair. Returns the trial, finished."""
        self._check_bound("finish")
        if self.pending.get(getattr(trial, "number", None)) is not trial:
            raise ValueError(f"{trial!r} is not a pending trial of this searcher: finish each "
                             f"trial that start() returned, once")
        trial.value, info = as_value(value, trial.params)
        trial.info.update(info)
        del self.pending[trial.number]
        self.trials.append(trial)
        began = time.perf_counter()
        self.tell(trial)
        trial.decide_seconds += time.perf_counter() - began
        return trial

    def _check_bound(self, call):
        if self.space is None:
            raise RuntimeError(f"{type(self).__name__} is not bound to a search: call "
                               f"bind(space, n_trials, seed) before {call}() (minimize does)")

    def __init_subclass__(cls, **kwargs):
        # a subclass's ask called before bind would fail on some attribute its setup makes
        # ("no attribute _points"): check the binding first, and say what to do
        super().__init_subclass__(**kwargs)
        if "ask" in cls.__dict__:
            ask = cls.__dict__["ask"]

            @functools.wraps(ask)
            def checked_ask(self):
                self._check_bound("ask")
                return ask(self)

            cls.ask = checked_ask

    # --- what subclasses write ----------------------------------------------------------

    def setup(self):
        """Prepare for the search (space, budget and rng are bound). Optional."""

    def ask(self):
        """The next configuration: a params dict, or a (params, budget) pair, or None when there
        is nothing left to propose."""
        raise NotImplementedError(f"{type(self).__name__} must define ask()")

    def tell(self, trial: Trial):
        """Learn from a finished `Trial` (already in `self.trials`). Optional."""

    # --- for subclasses and readers ------------------------------------------------------

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

    def get_params(self) -> dict:
        """The options, as the constructor's signature names them (scikit-learn's convention):
        what was configured, never what a search has learnt."""
        signature = inspect.signature(type(self).__init__)
        # an option the subclass did not store under its own name cannot be shown: left out
        return {name: getattr(self, name) for name, p in signature.parameters.items()
                if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                and hasattr(self, name)}

    def __repr__(self):
        """The options that differ from their defaults, nested searchers included."""
        signature = inspect.signature(type(self).__init__)
        shown = []
        for name, value in self.get_params().items():
            default = signature.parameters[name].default
            if default is inspect.Parameter.empty or not _same_option(value, default):
                shown.append(f"{name}={stable_repr(value)}")
        return f"{type(self).__name__}({', '.join(shown)})"


def _same_option(value, default):
    try:
        return type(value) is type(default) and bool(value == default)
    except Exception:  # an array's == is elementwise
        return False


def _check_proposal(proposal, searcher):
    """What `ask` returned -> (params, budget), or a clear error naming the searcher."""
    name = type(searcher).__name__
    budget = None
    if isinstance(proposal, tuple) and len(proposal) == 2:
        proposal, budget = proposal
        if isinstance(budget, (bool, np.bool_)) or not isinstance(budget, numbers.Real) \
                or not budget > 0:
            raise ValueError(f"{name}.ask() proposed the budget {budget!r}; a budget is a "
                             f"positive number")
    if not isinstance(proposal, dict):
        raise TypeError(f"{name}.ask() must return a params dict, a (params, budget) pair or "
                        f"None, not {proposal!r}")
    if not is_conditional(searcher.space):
        if set(proposal) != set(searcher.space):
            raise ValueError(f"{name}.ask() proposed {sorted(proposal)}, but the space has "
                             f"{sorted(searcher.space)}")
    elif set(proposal) != set(expected := _active_names(searcher.space, proposal)):
        # a conditional space: exactly the hyperparameters active for these values
        raise ValueError(f"{name}.ask() proposed {sorted(proposal)}, but for these values the "
                         f"active hyperparameters are {sorted(expected)}")
    return proposal, budget


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


def searcher_class(method):
    """The Searcher class that `method` names (a registered name, a class or an instance)."""
    if isinstance(method, str):
        if method not in METHODS:
            raise ValueError(f"method must be one of {sorted(METHODS)}, a Searcher class or a "
                             f"Searcher instance, not {method!r}")
        return METHODS[method]
    if isinstance(method, type) and issubclass(method, Searcher):
        return method
    if isinstance(method, Searcher):
        return type(method)
    raise TypeError(f"method must be a registered name ({', '.join(sorted(METHODS))}), a "
                    f"Searcher class or a Searcher instance, not {method!r}")


def make_searcher(method) -> Searcher:
    """A fresh, unbound searcher from a registered name, a Searcher class or a configured
    instance (deep-copied, so one configured instance serves many seeds, and a scheduler can
    wrap any of the three)."""
    cls = searcher_class(method)
    return copy.deepcopy(method) if isinstance(method, Searcher) else cls()
