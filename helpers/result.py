"""What a search returns: every trial in evaluation order, the best one, and what it cost.

`minimize` builds a `Result`; `Result.from_evaluations` builds one from evaluations made anywhere
else (scipy's `differential_evolution`, a hypergradient loop, a scikit-learn search), so every
method, the course's or a library's, is compared on the same footing.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field

import numpy as np

from .checks import check_number
from .searcher import Trial

__all__ = ["Result"]

COST_KINDS = ("trials", "seconds", "budget")


@dataclass
class Result:
    """Every trial of a search, in evaluation order, and the best one.

    The best trial is chosen among the full-budget trials only: a configuration that looked good
    on a tenth of the data has not been measured on the real objective. `searcher` is the searcher
    as it ended (a Bayesian searcher still holds its fitted model) and `space` the space searched.
    """

    method: str
    seed: int | None = None
    trials: list = field(default_factory=list)
    searcher: object = None
    space: dict | None = None
    #: the full budget: the best is chosen among trials that ran at it (None: every trial ran
    #: the full objective, or the largest budget any trial ran at is the full one)
    max_budget: float | None = None

    # --- per trial, in evaluation order --------------------------------------------------

    @property
    def values(self) -> np.ndarray:
        """Objective values in evaluation order (failed trials included, as nan or inf)."""
        return np.array([t.value for t in self.trials], dtype=float)

    @property
    def params(self) -> list[dict]:
        return [t.params for t in self.trials]

    @property
    def budgets(self) -> np.ndarray:
        """Each trial's budget (nan where a trial ran the full objective without one)."""
        return np.array([math.nan if t.budget is None else t.budget for t in self.trials],
                        dtype=float)

    def _full_budget(self):
        if self.max_budget is not None:
            return self.max_budget
        budgets = [t.budget for t in self.trials if t.budget is not None]
        return max(budgets) if budgets else None

    def _full(self):
        """Whether each trial ran at the full budget (every trial does when none has one)."""
        full = self._full_budget()
        return np.array([t.budget is None or full is None or t.budget >= full
                         for t in self.trials], dtype=bool)

    # --- the best -----------------------------------------------------------------------

    @property
    def best_trial(self) -> Trial | None:
        candidates = [t for t, full in zip(self.trials, self._full()) if full and not t.failed]
        # min() keeps the first of equal values: ties go to the earlier trial
        return min(candidates, key=lambda t: t.value) if candidates else None

    @property
    def best_value(self) -> float:
        best = self.best_trial
        return best.value if best else math.nan

    @property
    def best_params(self) -> dict | None:
        best = self.best_trial
        return dict(best.params) if best else None

    @property
    def best_so_far(self) -> np.ndarray:
        """The best full-budget value after each trial (inf before the first): the curve every
        method is compared by."""
        values = np.where(np.isfinite(self.values) & self._full(), self.values, np.inf)
        return np.minimum.accumulate(values) if len(values) else values

    # --- cost ---------------------------------------------------------------------------

    @property
    def n_failed(self) -> int:
        return sum(t.failed for t in self.trials)

    @property
    def seconds(self) -> float:
        """Time spent in the objective."""
        return sum(t.seconds for t in self.trials)

    @property
    def decide_seconds(self) -> float:
        """Time the method spent deciding what to evaluate (its ask and tell)."""
        return sum(t.decide_seconds for t in self.trials)

    def cost(self, kind: str = "trials") -> np.ndarray:
        """Cumulative cost after each trial: "trials" (1, 2, 3...), "seconds" (objective plus
        deciding time, so a slow optimiser pays for its thinking) or "budget" (summed budgets,
        a full-budget trial without one counting as the full budget, or 1 if none is known)."""
        if kind not in COST_KINDS:
            raise ValueError(f"kind must be one of {COST_KINDS}, not {kind!r}")
        if kind == "trials":
            each = np.ones(len(self.trials))
        elif kind == "seconds":
            each = np.array([t.seconds + t.decide_seconds for t in self.trials], dtype=float)
        else:
            full = self._full_budget()
            full = 1.0 if full is None else full
            each = np.array([full if t.budget is None else t.budget for t in self.trials],
                            dtype=float)
        return np.cumsum(each)

    # --- reading it ---------------------------------------------------------------------

    def to_frame(self):
        """One row per trial, one column per hyperparameter, then value, budget and costs: the
        way `cv_results_` reads. A hyperparameter whose name is taken by one of those columns
        ("value", "seconds", ...) gets the column `param_<name>`, as in `cv_results_`, rather
        than being overwritten. A hyperparameter that a trial lacks (inactive in a conditional
        space) is missing there, NaN or None, never a made-up value. Needs pandas."""
        import pandas as pd

        from .space import is_conditional

        # with conditions, every trial gets every column of the space, in its order
        names = list(self.space) if self.space and is_conditional(self.space) else None
        rows = []
        for t in self.trials:
            row = {"value": t.value, "budget": t.budget, "seconds": t.seconds,
                   "decide_seconds": t.decide_seconds, "error": t.error,
                   **{f"info_{k}": v for k, v in t.info.items()}}
            taken = set(row) | {"trial"}
            given = t.params if names is None else {k: t.params.get(k) for k in names}
            params = {(f"param_{k}" if k in taken else k): v for k, v in given.items()}
            clash = taken & set(params)
            if clash:
                raise ValueError(f"to_frame cannot name the hyperparameters {sorted(clash)}: "
                                 f"both the name and param_<name> are taken")
            rows.append({"trial": t.number, **params, **row})
        if not rows:
            return pd.DataFrame()
        frame = pd.DataFrame(rows).set_index("trial")
        if names is not None:  # an integer column with gaps stays integer: 16 and <NA>, not 16.0
            from .space import Integer
            for name in names:
                column = f"param_{name}" if f"param_{name}" in frame else name
                if isinstance(self.space[name], Integer):
                    frame[column] = frame[column].astype("Int64")
        return frame

    @classmethod
    def from_evaluations(cls, params: list[dict], values, *, method: str = "external",
                         space: dict | None = None, seconds=None, budgets=None,
                         seed: int | None = None, max_budget: float | None = None) -> Result:
        """A Result from evaluations made outside `minimize`: `params` a list of dicts and
        `values` their objective values (lower is better; nan or inf for a failed evaluation),
        in evaluation order; `seconds` (each >= 0) and `budgets` (each positive, or None for the
        full objective) optional lists of the same length; `max_budget` the full budget (by
        default the largest in `budgets`)."""
        params, values = list(params), list(values)
        n = len(params)
        for name, column in (("values", values), ("seconds", seconds), ("budgets", budgets)):
            if column is not None and len(column) != n:
                raise ValueError(f"{name} has {len(column)} entries but params has {n}")
        trials = []
        for i, (p, v) in enumerate(zip(params, values)):
            if not isinstance(p, dict):
                raise TypeError(f"params[{i}] must be a dict, not {p!r}")
            if isinstance(v, (bool, np.bool_)) or not isinstance(v, numbers.Real):
                raise TypeError(f"values[{i}] must be a number, not {v!r}")
            s = 0.0 if seconds is None else check_number(f"seconds[{i}]", seconds[i], low=0,
                                                         finite=True)
            b = None if budgets is None or budgets[i] is None else _budget(f"budgets[{i}]",
                                                                           budgets[i])
            trials.append(Trial(i, dict(p), float(v), seconds=s, budget=b))
        if max_budget is not None:
            max_budget = _budget("max_budget", max_budget)
        return cls(method=method, seed=seed, trials=trials, space=space, max_budget=max_budget)

    def __repr__(self):
        return (f"Result(method={self.method!r}, n_trials={len(self.trials)}, "
                f"n_failed={self.n_failed}, best_value={self.best_value:.4g}, "
                f"best_params={self.best_params})")


def _budget(name, value):
    """A budget: a positive, finite number (an int stays an int)."""
    check_number(name, value, finite=True)
    if not value > 0:
        raise ValueError(f"{name} must be positive, not {value!r}")
    return value
