"""A tabular benchmark: a real model's evaluations, made once and looked up.

Comparing search methods fairly takes many seeds, and a real model takes seconds per evaluation.
So, as HPOBench and YAHPO Gym do, `data/make_mlp_digits.py` trains an MLP on the digits over a
grid of 360 configurations, at 4 fidelities (epochs), on 3 cross-validation folds, and stores
every error and every training time. `TabularBenchmark` turns that table into an objective that
answers in microseconds and still says what the real evaluation would have cost:

    bench = TabularBenchmark()                      # data/mlp_digits.npz
    bench({"learning_rate_init": 1e-3, "alpha": 1e-4, "hidden_units": 64, "batch_size": 64})
    # -> (mean CV error after 27 epochs, {"seconds": the 3 folds' training time, "epochs": 27})
    minimize(bench, bench.space, "random", 30, seed=0).cost("seconds")   # the real model's time
    regret(results, bench.minimum)                  # the best configuration in the table is known

A configuration between grid points gets the nearest stored configuration (nearest on a log
scale for the scale hyperparameters). We chose the nearest neighbour over an interpolating
surrogate because every value it returns was really measured: no model's error creeps into the
comparison, and the table's best configuration is the true optimum of the benchmark, so regret is
exact. The price is plateaus between grid points, which no method can see into.
"""

from __future__ import annotations

import numbers

import numpy as np

from .objectives import DATA_DIR
from .space import Categorical, Integer, Real

__all__ = ["TabularBenchmark"]


class TabularBenchmark:
    """The MLP-on-digits table as an objective, `bench(params, budget=None)`.

    - `space`: learning_rate_init and alpha (log reals), hidden_units (a log integer),
      batch_size (a choice of 64, 128, 256).
    - `budget` is a number of epochs, 1 to 27 (None: 27, the full budget); the table holds
      1, 3, 9 and 27, and a budget in between gets the largest stored fidelity it pays for.
    - Returns `(mean validation error over the folds, info)`, where `info["seconds"]` is the
      time the three folds took to train to that fidelity when the table was made (so
      `Result.cost("seconds")` counts the real model's time, not the lookup's) and
      `info["epochs"]` the fidelity used.
    - `minimum`: the lowest mean error at 27 epochs in the table; `test_error(params)`: the
      error, on a test set that no search sees, of that configuration trained on all the
      development data, for re-scoring a search's winner honestly.
    """

    name = "mlp_digits"

    def __init__(self, path=None):
        path = DATA_DIR / "mlp_digits.npz" if path is None else path
        with np.load(path) as table:
            data = {key: table[key] for key in table.files}
        self.levels = {name: data[name] for name in
                       ("learning_rate_init", "alpha", "hidden_units", "batch_size")}
        self.fidelities = data["epochs"].astype(int)
        self.max_budget = int(self.fidelities[-1])
        # errors are stored as counts per fold: turn them into rates once
        self._errors = data["val_errors"] / data["val_sizes"]       # (*grid, fidelity, fold)
        self._mean_errors = self._errors.mean(axis=-1)              # (*grid, fidelity)
        self._seconds = data["seconds"].sum(axis=-1)                # (*grid, fidelity)
        self._test_errors = data["test_errors"] / int(data["test_size"])
        lr, alpha, units, batch = self.levels.values()
        self.space = {
            "learning_rate_init": Real(float(lr[0]), float(lr[-1]), log=True),
            "alpha": Real(float(alpha[0]), float(alpha[-1]), log=True),
            "hidden_units": Integer(int(units[0]), int(units[-1]), log=True),
            "batch_size": Categorical([int(b) for b in batch]),
        }
        self.minimum = float(self._mean_errors[..., -1].min())
        self.n_configurations = int(np.prod(self._mean_errors.shape[:-1]))

    def _index(self, params):
        """The grid cell nearest to `params` (on a log scale: every numeric level is log-spaced)."""
        if not isinstance(params, dict):
            raise TypeError(f"params must be a dict, not {type(params).__name__}")
        missing = set(self.levels) - set(params)
        if missing:
            raise ValueError(f"{self.name} needs params {sorted(missing)}")
        index = []
        for name, levels in self.levels.items():
            value = params[name]
            if name == "batch_size":
                if value not in levels:
                    raise ValueError(f"batch_size must be one of {levels.tolist()}, not {value!r}")
                index.append(int(np.flatnonzero(levels == value)[0]))
                continue
            if not isinstance(value, numbers.Real) or not value > 0:
                raise ValueError(f"{name} must be a positive number, not {value!r}")
            index.append(int(np.argmin(np.abs(np.log(levels) - np.log(value)))))
        return tuple(index)

    def _fidelity(self, budget):
        if budget is None:
            return len(self.fidelities) - 1
        if not isinstance(budget, numbers.Real) or not 1 <= budget <= self.max_budget:
            raise ValueError(f"budget is a number of epochs from 1 to {self.max_budget}, "
                             f"not {budget!r}")
        return int(np.searchsorted(self.fidelities, budget, side="right") - 1)

    def __call__(self, params, budget=None):
        cell, k = self._index(params), self._fidelity(budget)
        return float(self._mean_errors[cell][k]), {"seconds": float(self._seconds[cell][k]),
                                                   "epochs": int(self.fidelities[k])}

    def test_error(self, params):
        """Held-out test error of the configuration nearest to `params`, trained 27 epochs."""
        return float(self._test_errors[self._index(params)])

    def errors(self, epochs=None):
        """Every configuration's mean validation error at a fidelity, as a flat array (the
        same order for every fidelity, so two fidelities' errors can be compared pairwise)."""
        return self._mean_errors[..., self._fidelity(epochs)].ravel()

    def __repr__(self):
        return (f"<tabular benchmark {self.name}: {self.n_configurations} configurations x "
                f"epochs {self.fidelities.tolist()}, minimum {self.minimum:.4f}>")
