"""Tabular benchmarks: real models' evaluations, made once and looked up.

Comparing search methods fairly takes many seeds, and a real model takes seconds per evaluation.
So, as HPOBench and YAHPO Gym do, a script in `data/` trains a model over a full grid of
configurations, at several fidelities, on 3 cross-validation folds, and stores every error and
every training time. `TabularBenchmark` turns such a table into an objective that answers in
microseconds and still says what the real evaluation would have cost:

    bench = TabularBenchmark()                      # data/mlp_digits.npz, an MLP on the digits
    bench({"learning_rate_init": 1e-3, "alpha": 1e-4, "hidden_units": 64, "batch_size": 64})
    # -> (mean CV error after 27 epochs, {"seconds": the 3 folds' training time, "epochs": 27})
    minimize(bench, bench.space, "random", 30, seed=0).cost("seconds")   # the real model's time
    regret(results, bench.minimum)                  # the best configuration in the table is known

The tables (`data/README.md` says how each was made):

- "mlp_digits": an MLP on the digits, 360 configurations, fidelity = epochs 1, 3, 9, 27;
- "gbm_breast_cancer": gradient boosting on the breast-cancer data, 252 configurations,
  fidelity = trees 3, 9, 27, 81;
- "svm_digits": an RBF SVM on the digits over C x gamma, 256 configurations, fidelity = the
  share of the training data, in ninths: 1, 3, 9 (integer budgets, as the multi-fidelity
  searchers use, for 1/9, 1/3 and all of it);
- "mlp_depth_digits" (notebook 10): MLPs on the digits over a conditional space, 1 to 3
  hidden layers, a width per active layer and a learning rate, 420 distinct networks,
  fidelity = epochs 1, 3, 9, 27. Its `space` carries the conditions (`when=`); a lookup
  ignores inactive widths (given or not), so the same table answers a flattened space too.

A configuration between grid points gets the nearest stored configuration (nearest on a log
scale for the scale hyperparameters). We chose the nearest neighbour over an interpolating
surrogate because every value it returns was really measured: no model's error creeps into the
comparison, and the table's best configuration is the true optimum of the benchmark, so regret is
exact. The price is plateaus between grid points, which no method can see into.
"""

from __future__ import annotations

import json
import numbers
import os
from pathlib import Path

import numpy as np

from .objectives import DATA_DIR
from .space import Categorical, Integer, Real, _active_names

__all__ = ["TabularBenchmark", "save_table"]

# How each kind of hyperparameter becomes a dimension of the space.
_DIMENSIONS = {
    "log-real": lambda levels, when: Real(float(levels[0]), float(levels[-1]), log=True,
                                          when=when),
    "real": lambda levels, when: Real(float(levels[0]), float(levels[-1]), when=when),
    "log-integer": lambda levels, when: Integer(int(levels[0]), int(levels[-1]), log=True,
                                                when=when),
    "integer": lambda levels, when: Integer(int(levels[0]), int(levels[-1]), when=when),
    "categorical": lambda levels, when: Categorical(levels.tolist(), when=when),
}

# mlp_digits.npz was made before the tables described themselves; this is its description, in
# the keys the newer tables store (so the file and its values stay exactly as they were made).
_MLP_DIGITS = {
    "hyperparameters": np.array(["learning_rate_init", "alpha", "hidden_units", "batch_size"]),
    "kinds": np.array(["log-real", "log-real", "log-integer", "categorical"]),
    "fidelity_name": np.array("epochs"),
}


def _active(space, params):
    """The names of `params`' active hyperparameters (every name of a space without conditions)."""
    return set(_active_names(space, params))


class TabularBenchmark:
    """A stored table as an objective, `bench(params, budget=None)`; `TabularBenchmark(name)`
    reads `data/<name>.npz` (or `path=` any file in that format).

    - `space`: one dimension per hyperparameter of the grid; for "mlp_digits",
      learning_rate_init and alpha (log reals), hidden_units (a log integer), batch_size (a
      choice of 64, 128, 256).
    - `fidelities`: the stored fidelities, ascending, in the table's own unit, `fidelity_name`
      ("epochs", "trees", "ninths of the training data"); `max_budget` the largest.
    - `budget` is a number in that unit from the smallest to the largest stored fidelity (None:
      the largest, the full budget); a budget in between gets the largest stored fidelity it pays
      for (8.9 epochs -> 3). A multi-fidelity searcher needs `min_budget=bench.min_budget` and
      `max_budget=bench.max_budget`.
    - Returns `(mean validation error over the folds, info)`, where `info["seconds"]` is the
      time the three folds took to train to that fidelity when the table was made (so
      `Result.cost("seconds")` counts the real model's time, not the lookup's) and
      `info[fidelity_name]` the fidelity used.
    - `minimum`: the lowest mean error at the full fidelity in the table; `test_error(params)`:
      the error, on a test set that no search sees, of that configuration trained at full
      fidelity on all the development data, for re-scoring a search's winner honestly;
      `nearest(params)`: the stored configuration that answers for `params` (to retrain it).
    - A table made with `conditions` (see `save_table`) has a conditional `space`
      (`conditions` holds them, name -> {parent: [values]}); `n_configurations` and `errors()`
      count each distinct configuration once. `test_indices`: the rows of the data set held
      out as its test set, when the table stores them (else None).
    """

    def __init__(self, name="mlp_digits", path=None):
        if isinstance(name, os.PathLike):  # TabularBenchmark(path), as before names existed
            name, path = None, name
        if path is None:
            if not isinstance(name, str) or not (DATA_DIR / f"{name}.npz").is_file():
                stored = sorted(p.stem for p in DATA_DIR.glob("*.npz"))
                raise ValueError(f"unknown table {name!r}: choose one of {stored}")
            path = DATA_DIR / f"{name}.npz"
        with np.load(path) as table:
            data = {key: table[key] for key in table.files}
        if "hyperparameters" not in data:  # the MLP table's layout, fidelities stored as epochs
            data = {**_MLP_DIGITS, "fidelities": data["epochs"], **data}
        self.name = Path(path).stem
        self.levels = {str(h): data[str(h)] for h in data["hyperparameters"]}
        self._kinds = dict(zip(self.levels, (str(k) for k in data["kinds"])))
        self.fidelity_name = str(data["fidelity_name"])
        self.fidelities = data["fidelities"].astype(int)
        self.min_budget, self.max_budget = int(self.fidelities[0]), int(self.fidelities[-1])
        # errors are stored as counts per fold: turn them into rates once
        self._errors = data["val_errors"] / data["val_sizes"]       # (*grid, fidelity, fold)
        self._mean_errors = self._errors.mean(axis=-1)              # (*grid, fidelity)
        self._seconds = data["seconds"].sum(axis=-1)                # (*grid, fidelity)
        self._test_errors = data["test_errors"] / int(data["test_size"])
        self.conditions = (json.loads(str(data["conditions"])) if "conditions" in data else {})
        self.space = {name: _DIMENSIONS[self._kinds[name]](levels, self.conditions.get(name))
                      for name, levels in self.levels.items()}
        self.test_indices = data.get("test_indices")
        # the grid cells that are distinct configurations: in a conditional table, a cell whose
        # inactive hyperparameters are not at their first level repeats the cell where they are
        self._distinct = np.ones(self._mean_errors.shape[:-1], dtype=bool)
        if self.conditions:
            for cell in np.ndindex(self._distinct.shape):
                point = {name: levels[i].item() for (name, levels), i in
                         zip(self.levels.items(), cell)}
                active = _active(self.space, point)
                self._distinct[cell] = all(i == 0 for name, i in zip(self.levels, cell)
                                           if name not in active)
        self.minimum = float(self._mean_errors[..., -1].min())
        self.n_configurations = int(self._distinct.sum())

    def _index(self, params):
        """The grid cell nearest to `params` (on a log scale for the log-scaled levels)."""
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict, not {type(params).__name__}")
        names = _active(self.space, params) if self.conditions else self.levels
        missing = set(names) - set(params)
        if missing:
            raise ValueError(f"{self.name} needs params {sorted(missing)}")
        index = []
        for name, levels in self.levels.items():
            if name not in names:  # inactive: ignored (the cell repeats its first level's)
                index.append(0)
                continue
            value, kind = params[name], self._kinds[name]
            if kind == "categorical":
                if value not in levels.tolist():
                    raise ValueError(f"{name} must be one of {levels.tolist()}, not {value!r}")
                index.append(levels.tolist().index(value))
                continue
            log = kind.startswith("log")
            if not isinstance(value, numbers.Real) or not (value > 0 if log else value == value):
                raise ValueError(f"{name} must be a {'positive ' if log else ''}number, "
                                 f"not {value!r}")
            scale = np.log if log else np.asarray
            index.append(int(np.argmin(np.abs(scale(levels) - scale(value)))))
        return tuple(index)

    def _fidelity(self, budget):
        """The index of the largest stored fidelity that `budget` pays for."""
        if budget is None:
            return len(self.fidelities) - 1
        if (not isinstance(budget, numbers.Real)
                or not self.min_budget <= budget <= self.max_budget):
            raise ValueError(f"budget is a number of {self.fidelity_name} from {self.min_budget} "
                             f"to {self.max_budget}, not {budget!r}")
        return int(np.searchsorted(self.fidelities, budget, side="right") - 1)

    def __call__(self, params, budget=None):
        cell, k = self._index(params), self._fidelity(budget)
        return float(self._mean_errors[cell][k]), {"seconds": float(self._seconds[cell][k]),
                                                   self.fidelity_name: int(self.fidelities[k])}

    def nearest(self, params):
        """The stored configuration that answers for `params` (the nearest grid point; only
        its active hyperparameters): what to retrain to reproduce a lookup."""
        cell = self._index(params)
        point = {name: levels[i].item() for (name, levels), i in zip(self.levels.items(), cell)}
        return {name: point[name] for name in self.levels
                if not self.conditions or name in _active(self.space, point)}

    def test_error(self, params):
        """Held-out test error of the configuration nearest to `params`, at full fidelity."""
        return float(self._test_errors[self._index(params)])

    def errors(self, budget=None, *, epochs=None):
        """Every distinct configuration's mean validation error at a fidelity, as a flat array
        (the same order for every fidelity, so two fidelities' errors can be compared pairwise).
        `epochs=` is the MLP table's older name for `budget`."""
        k = self._fidelity(budget if epochs is None else epochs)
        return self._mean_errors[..., k][self._distinct]

    def __repr__(self):
        return (f"<tabular benchmark {self.name}: {self.n_configurations} configurations x "
                f"{self.fidelity_name} {self.fidelities.tolist()}, minimum {self.minimum:.4f}>")


def save_table(path, levels, fidelity_name, fidelities, val_errors, val_sizes, seconds,
               test_errors, test_size, *, conditions=None, test_indices=None):
    """Write a table in the format `TabularBenchmark` reads (the scripts in `data/` use it).

    `levels`: name -> (kind, level values), in grid order, kind one of "log-real", "real",
    "log-integer", "integer", "categorical". `val_errors` and `seconds`: one row per
    configuration of the full grid (in `itertools.product` order), then fidelity, then fold;
    `test_errors`: one per configuration. Errors are counts: of `val_sizes[fold]` and of
    `test_size`. `conditions` (optional): name -> {parent: [values]}, the dimensions that exist
    only when their parent takes one of those values (as `when=` in the space); the grid still
    holds every level of a conditional dimension, and where it is inactive every level's cell
    repeats the first level's. `test_indices` (optional): the rows of the data set held out as
    the test set."""
    import sklearn

    shape = tuple(len(values) for _, values in levels.values())
    fidelities = np.asarray(fidelities)
    n_folds = len(val_sizes)
    np.savez_compressed(
        path, hyperparameters=np.array(list(levels)),
        kinds=np.array([kind for kind, _ in levels.values()]),
        **{name: values for name, (_, values) in levels.items()},
        fidelity_name=np.array(fidelity_name), fidelities=fidelities,
        val_errors=np.asarray(val_errors).reshape(*shape, len(fidelities), n_folds),
        val_sizes=np.asarray(val_sizes),
        seconds=np.asarray(seconds).reshape(*shape, len(fidelities), n_folds),
        test_errors=np.asarray(test_errors).reshape(shape), test_size=np.array(test_size),
        made_with=np.array(f"scikit-learn {sklearn.__version__}"),
        **({} if conditions is None else {"conditions": np.array(json.dumps(conditions))}),
        **({} if test_indices is None else {"test_indices": np.asarray(test_indices)}))
