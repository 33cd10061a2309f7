"""Objectives and data: the functions the course minimises.

- Toy functions with known optima (`forrester`, `branin`, `hartmann6`; for notebook 09's suite
  also `goldstein_price`, `hartmann3`, `levy10`, `rosenbrock4`, `ackley10`, the mixed-space
  `mixed_branin` and the noisy `NoisyFunction`; for notebook 10 the conditional
  `conditional_network`): cheap, so a method can be run over many seeds
  in seconds, and exact, so we know how far from the optimum it ended.
- `CVObjective`: any scikit-learn estimator and dataset turned into `f(params) -> CV loss`, with
  the folds fixed once, and every evaluation counted and timed.
- `load_dataset`: the datasets the course uses; all ship with scikit-learn or live in `data/`,
  so nothing is downloaded.
"""

from __future__ import annotations

import functools
import numbers
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from .space import Categorical, Integer, Real, check_space

__all__ = ["ToyFunction", "forrester", "branin", "hartmann6", "goldstein_price", "hartmann3",
           "levy", "levy10", "rosenbrock", "rosenbrock4", "ackley", "ackley10", "MixedBranin",
           "mixed_branin", "ConditionalNetwork", "conditional_network", "NoisyFunction",
           "share_near_one_minimizer", "CVObjective", "load_dataset", "DATASETS", "DATA_DIR"]


class ToyFunction:
    """A test function over a space of reals, with its known minimum.

    Call it with a params dict (the course's objective interface), or `evaluate` many points at
    once as an (n, d) array whose columns follow the space's order.
    """

    def __init__(self, name, space, function, minimum, minimizers):
        self.name = name
        self.space = check_space(space)
        self._function = function
        self.minimum = float(minimum)                    # the global minimum value
        self.minimizers = [dict(m) for m in minimizers]  # every point that attains it

    def evaluate(self, X):
        X = np.atleast_2d(np.asarray(X, dtype=float))
        if X.shape[1] != len(self.space):
            raise ValueError(f"{self.name} takes {len(self.space)} columns "
                             f"({', '.join(self.space)}), got an array of shape {X.shape}")
        return self._function(X)

    def __call__(self, params):
        missing = set(self.space) - set(params)
        if missing:
            raise ValueError(f"{self.name} needs params {sorted(missing)}")
        return float(self.evaluate([[params[name] for name in self.space]])[0])

    def __repr__(self):
        return f"<toy function {self.name}: minimum {self.minimum:.6g} over {self.space}>"


def _forrester(X):
    x = X[:, 0]
    return (6 * x - 2) ** 2 * np.sin(12 * x - 4)


# Forrester, Sobester & Keane (2008): one dimension, a global and a local minimum, and a flat
# stretch between them: small enough to draw every step of Bayesian optimisation.
forrester = ToyFunction(
    "forrester", {"x": Real(0.0, 1.0)}, _forrester,
    minimum=-6.020740055767083, minimizers=[{"x": 0.7572487144081974}])


def _branin(X):
    x1, x2 = X[:, 0], X[:, 1]
    b, c = 5.1 / (4 * np.pi ** 2), 5 / np.pi
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * np.pi)) * np.cos(x1) + 10


# Branin (Dixon & Szego 1978): two dimensions, three global minima of equal value.
branin = ToyFunction(
    "branin", {"x1": Real(-5.0, 10.0), "x2": Real(0.0, 15.0)}, _branin,
    minimum=0.39788735772973816,
    minimizers=[{"x1": -np.pi, "x2": 12.275}, {"x1": np.pi, "x2": 2.275},
                {"x1": 3 * np.pi, "x2": 2.475}])

_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8],
                  [0.05, 10, 17, 0.1, 8, 14],
                  [3, 3.5, 1.7, 10, 17, 8],
                  [17, 8, 0.05, 10, 0.1, 14]])
_H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886],
                         [2329, 4135, 8307, 3736, 1004, 9991],
                         [2348, 1451, 3522, 2883, 3047, 6650],
                         [4047, 8828, 8732, 5743, 1091, 381]])


def _hartmann(X, A, P):
    """The Hartmann family: minus a sum of four Gaussian bumps with widths A and centres P (both
    4 x d); Hartmann-3 and Hartmann-6 differ only in these constants."""
    inner = np.sum(A[None] * (X[:, None, :] - P[None]) ** 2, axis=2)
    return -np.sum(_H6_ALPHA * np.exp(-inner), axis=1)


# partial of a module-level function, not a closure, so the functions still pickle (joblib)
_hartmann6 = functools.partial(_hartmann, A=_H6_A, P=_H6_P)


# Hartmann-6: six dimensions, several local minima; the usual "harder" benchmark in BO papers.
hartmann6 = ToyFunction(
    "hartmann6", {f"x{i}": Real(0.0, 1.0) for i in range(1, 7)}, _hartmann6,
    minimum=-3.322368011415515,
    minimizers=[dict(zip([f"x{i}" for i in range(1, 7)],
                         [0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162,
                          0.65730054]))])


# --- The functions of notebook 09's benchmark suite ---------------------------------------------
# None of the course's methods was tuned on these. Definitions, boxes and minima as in Surjanovic
# & Bingham's "Virtual Library of Simulation Experiments" (sfu.ca/~ssurjano), which cites the
# original papers; each minimum is checked at its minimiser in tests/test_objectives.py.

def _goldstein_price(X):
    x1, x2 = X[:, 0], X[:, 1]
    a = 1 + (x1 + x2 + 1) ** 2 * (19 - 14 * x1 + 3 * x1 ** 2 - 14 * x2 + 6 * x1 * x2 + 3 * x2 ** 2)
    b = 30 + (2 * x1 - 3 * x2) ** 2 * (18 - 32 * x1 + 12 * x1 ** 2 + 48 * x2 - 36 * x1 * x2
                                       + 27 * x2 ** 2)
    return a * b


# Goldstein & Price (1971): two dimensions on [-2, 2]^2, values spanning six orders of magnitude
# (a test of how a method copes with scale), minimum 3 at (0, -1).
goldstein_price = ToyFunction(
    "goldstein_price", {"x1": Real(-2.0, 2.0), "x2": Real(-2.0, 2.0)}, _goldstein_price,
    minimum=3.0, minimizers=[{"x1": 0.0, "x2": -1.0}])

_H3_A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
_H3_P = 1e-4 * np.array([[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547],
                         [381, 5743, 8828]])


_hartmann3 = functools.partial(_hartmann, A=_H3_A, P=_H3_P)


# Hartmann-3 (Hartmann 1972; Dixon & Szego 1978): three dimensions on [0, 1]^3, four local minima.
# Published minimum -3.86278 at (0.114614, 0.555649, 0.852547); the digits below are that point
# polished by L-BFGS-B (they agree with the published ones to the published precision).
hartmann3 = ToyFunction(
    "hartmann3", {f"x{i}": Real(0.0, 1.0) for i in range(1, 4)}, _hartmann3,
    minimum=-3.862779787332659,
    minimizers=[{"x1": 0.11458888932421674, "x2": 0.5556488889726049,
                 "x3": 0.8525469795448206}])


def _names(d):
    return [f"x{i}" for i in range(1, d + 1)]


def _levy(X):
    w = 1 + (X - 1) / 4
    first = np.sin(np.pi * w[:, 0]) ** 2
    middle = np.sum((w[:, :-1] - 1) ** 2 * (1 + 10 * np.sin(np.pi * w[:, :-1] + 1) ** 2), axis=1)
    last = (w[:, -1] - 1) ** 2 * (1 + np.sin(2 * np.pi * w[:, -1]) ** 2)
    return first + middle + last


def levy(d):
    """Levy's function in `d` dimensions on [-10, 10]^d: many local minima on a bowl; minimum 0
    at (1, ..., 1), off the centre of the box (so a one-point grid does not land on it)."""
    return ToyFunction(f"levy{d}", {n: Real(-10.0, 10.0) for n in _names(d)}, _levy,
                       minimum=0.0, minimizers=[dict.fromkeys(_names(d), 1.0)])


def _rosenbrock(X):
    return np.sum(100 * (X[:, 1:] - X[:, :-1] ** 2) ** 2 + (1 - X[:, :-1]) ** 2, axis=1)


def rosenbrock(d):
    """Rosenbrock's valley in `d` dimensions on the usual box [-5, 10]^d: a curved, narrow valley
    that is easy to find and slow to follow; minimum 0 at (1, ..., 1)."""
    return ToyFunction(f"rosenbrock{d}", {n: Real(-5.0, 10.0) for n in _names(d)}, _rosenbrock,
                       minimum=0.0, minimizers=[dict.fromkeys(_names(d), 1.0)])


def _ackley(X):
    a, b, c = 20.0, 0.2, 2 * np.pi
    return (-a * np.exp(-b * np.sqrt(np.mean(X ** 2, axis=1)))
            - np.exp(np.mean(np.cos(c * X), axis=1)) + a + np.e)


def ackley(d):
    """Ackley's function in `d` dimensions on its full box [-32.768, 32.768]^d: a nearly flat
    outer region riddled with local minima around one deep funnel; minimum 0 at the origin.
    The minimiser is the centre of the box, so a grid with an odd number of levels (or one
    level) finds it at once: a reason the suite uses Levy for its 10-D problem."""
    return ToyFunction(f"ackley{d}", {n: Real(-32.768, 32.768) for n in _names(d)}, _ackley,
                       minimum=0.0, minimizers=[dict.fromkeys(_names(d), 0.0)])


levy10 = levy(10)
rosenbrock4 = rosenbrock(4)
ackley10 = ackley(10)


class MixedBranin:
    """A mixed space: Branin with x2 an integer, a log-scaled real `scale` whose best value is 3,
    and a category `shift` whose levels add 0, 1 or 3 (the mixed space of benchmarks/bayes.py).

    Its minimum: Branin's best over the real x1 for each integer x2, found by a bounded 1-D
    minimisation per level (x2 = 12, x1 = -3.0792; checked against a dense grid in the tests),
    with scale = 3 and shift "none"."""

    name = "mixed_branin"
    shifts = {"none": 0.0, "small": 1.0, "large": 3.0}

    def __init__(self):
        self.space = {"x1": Real(-5.0, 10.0), "x2": Integer(0, 15),
                      "scale": Real(1e-3, 1e3, log=True),
                      "shift": Categorical(list(self.shifts))}
        self.minimum = 0.43233595324928764
        self.minimizers = [{"x1": -3.079165165809153, "x2": 12, "scale": 3.0, "shift": "none"}]

    def __call__(self, params):
        missing = set(self.space) - set(params)
        if missing:
            raise ValueError(f"{self.name} needs params {sorted(missing)}")
        return (branin({"x1": params["x1"], "x2": float(params["x2"])})
                + 0.5 * np.log10(params["scale"] / 3.0) ** 2 + self.shifts[params["shift"]])

    def __repr__(self):
        return f"<mixed toy function {self.name}: minimum {self.minimum:.6g} over {self.space}>"


mixed_branin = MixedBranin()


class ConditionalNetwork:
    """A conditional space shaped like a network's, with a known minimum of 0: the depth
    decides which layer widths exist, the solver whether a momentum exists.

    value = depth cost (1 layer 0.6, 2 layers 0, 3 layers 0.15)
            + 0.1 (log2 width_i - target_i)^2 for each layer that exists (targets 128, 64, 32)
            + 0.2 (log10 learning_rate + 2.5)^2
            + 0.05 for adam, 2 (momentum - 0.9)^2 for sgd.
    The minimum: two layers of widths 128 and 64, learning rate 10^-2.5, sgd with momentum 0.9.
    A width that does not exist does not matter: the function reads only the active
    hyperparameters, so it also runs on `flat_space` (the same dimensions without `when=`),
    where a search sees every width as real."""

    name = "conditional_network"
    depth_cost = {1: 0.6, 2: 0.0, 3: 0.15}
    targets = (128, 64, 32)

    def __init__(self):
        self.space = {
            "n_layers": Integer(1, 3),
            "width_1": Integer(16, 256, log=True),
            "width_2": Integer(16, 256, log=True, when={"n_layers": [2, 3]}),
            "width_3": Integer(16, 256, log=True, when={"n_layers": [3]}),
            "learning_rate": Real(1e-4, 1e-1, log=True),
            "solver": Categorical(["adam", "sgd"]),
            "momentum": Real(0.5, 0.99, when={"solver": ["sgd"]}),
        }
        self.flat_space = {name: (Categorical(dim.categories) if isinstance(dim, Categorical)
                                  else type(dim)(dim.low, dim.high, log=dim.log))
                           for name, dim in self.space.items()}
        self.minimum = 0.0
        self.minimizers = [{"n_layers": 2, "width_1": 128, "width_2": 64,
                            "learning_rate": 10 ** -2.5, "solver": "sgd", "momentum": 0.9}]

    def __call__(self, params):
        layers = int(params["n_layers"])
        value = self.depth_cost[layers] + 0.2 * (np.log10(params["learning_rate"]) + 2.5) ** 2
        for i in range(layers):
            value += 0.1 * (np.log2(params[f"width_{i + 1}"]) - np.log2(self.targets[i])) ** 2
        if params["solver"] == "sgd":
            return float(value + 2.0 * (params["momentum"] - 0.9) ** 2)
        return float(value + 0.05)

    def __repr__(self):
        return f"<conditional toy function {self.name}: minimum 0 over {self.space}>"


conditional_network = ConditionalNetwork()


class NoisyFunction:
    """A toy function observed with Gaussian noise of standard deviation `sd`: each call adds a
    fresh draw from a generator made from `seed`, so a search with one seed sees one noise
    stream and reproduces, and every evaluation (a repeated one too) is noisy, like a model
    retrained with another random seed. `noiseless(params)` is the true value, for scoring a
    search's winner as a test set would. `with_seed(seed)` gives a fresh stream."""

    def __init__(self, function, sd, seed=0):
        if not sd > 0:
            raise ValueError(f"sd must be positive, not {sd!r}")
        self.function, self.sd, self.seed = function, float(sd), seed
        self.name = f"{function.name}_noisy"
        self.space, self.minimum = function.space, function.minimum
        self.minimizers = function.minimizers
        self._rng = np.random.default_rng([int(seed), 7919])  # 7919: this stream's own tag

    def with_seed(self, seed):
        return NoisyFunction(self.function, self.sd, seed)

    def noiseless(self, params):
        return self.function(params)

    def __call__(self, params):
        return self.function(params) + self.sd * float(self._rng.standard_normal())

    def __repr__(self):
        return f"<{self.function.name} + N(0, {self.sd:g}^2) noise, seed {self.seed}>"


def share_near_one_minimizer(points, minimizers):
    """The largest share of `points` whose nearest minimiser (Euclidean, in the points' own
    coordinates) is the same one: 1.0 when a population has gathered in one basin, about
    1/len(minimizers) while it is still spread out. `points` is an (n, d) array or a list of
    params dicts; `minimizers` a list of params dicts (a ToyFunction's `minimizers`)."""
    if not minimizers:
        raise ValueError("minimizers must list at least one point")
    names = list(minimizers[0])
    if len(points) and isinstance(points[0], dict):
        points = [[p[name] for name in names] for p in points]
    points = np.atleast_2d(np.asarray(points, dtype=float))
    minima = np.array([[m[name] for name in names] for m in minimizers], dtype=float)
    if points.shape[1] != minima.shape[1]:
        raise ValueError(f"points have {points.shape[1]} columns, the minimizers {minima.shape[1]}")
    nearest = np.argmin(np.linalg.norm(points[:, None] - minima[None], axis=2), axis=1)
    return np.bincount(nearest, minlength=len(minima)).max() / len(nearest)


class CVObjective:
    """`f(params) -> cross-validated loss` for a scikit-learn estimator on (X, y).

    - The folds are drawn once, from `seed`, and reused by every call: two configurations are
      compared on the same splits (and `objective.cv` can be handed to `GridSearchCV`). `cv` is
      a number of folds, a scikit-learn splitter, or a list of (train, test) index pairs.
    - The value is a loss, to minimise: the error rate 1 - accuracy for `scoring="accuracy"`
      (the default for classifiers), otherwise minus the scikit-learn score (scores are
      "higher is better", so "neg_log_loss" gives the log loss).
    - A lower fidelity, for multi-fidelity methods: `objective(params, budget)`. With
      `resource="n_samples"` each training fold is cut to `budget` samples (a seeded subset,
      the same for every call at that budget); with `resource` the name of a parameter
      ("max_iter", "n_estimators") the estimator gets that parameter set to `budget`.
    - `n_evaluations`, `seconds` and `history` count the evaluations made in this process.
      With `n_jobs` in `minimize`, worker processes evaluate copies of the objective; there the
      `Result` counts what the search spent (`len(result.trials)`, `result.seconds`).
    """

    def __init__(self, estimator, X, y, cv=5, scoring=None, seed=0, fixed_params=None,
                 resource="n_samples"):
        from sklearn.base import is_classifier
        from sklearn.model_selection import KFold, StratifiedKFold

        self.estimator = estimator
        self.X, self.y = X, y
        self.classifier = is_classifier(estimator)
        self.scoring = scoring or ("accuracy" if self.classifier else "r2")
        self.seed = seed
        given = cv
        if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
            if cv < 2:
                raise ValueError(f"cv must be at least 2 folds, not {cv!r}")
            splitter = StratifiedKFold if self.classifier else KFold
            cv = splitter(n_splits=int(cv), shuffle=True, random_state=seed)
        wrong = TypeError(f"cv must be a number of folds, a scikit-learn splitter or a list of "
                          f"(train, test) index pairs, not {cv!r}")
        if isinstance(cv, (str, bytes)):
            raise wrong
        if hasattr(cv, "split"):
            splits = cv.split(X, y)
        elif isinstance(cv, Iterable):
            splits = cv
        else:
            raise wrong
        # materialised once, so every call (and GridSearchCV, given objective.cv) sees the same
        # folds
        try:
            self.cv = [(np.asarray(train), np.asarray(test)) for train, test in splits]
        except ValueError as error:
            if hasattr(cv, "split"):  # the splitter refused this data (more folds than samples)
                raise ValueError(f"cv={given!r} cannot split this data: {error}") from None
            raise wrong from None
        except TypeError:
            raise wrong from None
        if not self.cv:
            raise ValueError("cv gave no (train, test) splits")
        if not isinstance(resource, str):
            raise TypeError(f"resource must be 'n_samples' or a parameter name, not {resource!r}")
        self.resource = resource
        self.fixed_params = dict(fixed_params or {})
        self.history = []

    @property
    def n_evaluations(self):
        return len(self.history)

    @property
    def seconds(self):
        return sum(h["seconds"] for h in self.history)

    def to_loss(self, score):
        """A scikit-learn score (higher is better) -> this objective's loss (lower is better)."""
        return 1.0 - score if self.scoring == "accuracy" else -score

    def _splits(self, budget):
        """The folds at a budget of training samples: each training fold cut to a seeded subset
        of `budget` samples (the same subset for every call at that budget)."""
        if isinstance(budget, bool) or not isinstance(budget, numbers.Integral) or budget < 1:
            raise ValueError(f"with resource='n_samples' the budget is a number of training "
                             f"samples (an int >= 1), not {budget!r}")
        rng = np.random.default_rng([self.seed, int(budget)])
        return [(np.sort(rng.permutation(train)[:budget]), test) for train, test in self.cv]

    def fold_losses(self, params, budget=None):
        """The loss on each validation fold (the spread shows how noisy the objective is)."""
        from sklearn.base import clone
        from sklearn.model_selection import cross_val_score

        model = clone(self.estimator).set_params(**self.fixed_params, **params)
        cv = self.cv
        if budget is not None and self.resource == "n_samples":
            cv = self._splits(budget)
        elif budget is not None:
            model.set_params(**{self.resource: budget})
        scores = cross_val_score(model, self.X, self.y, cv=cv, scoring=self.scoring)
        return self.to_loss(np.asarray(scores))

    def __call__(self, params, budget=None):
        start = time.perf_counter()
        losses = self.fold_losses(params, budget)
        value = float(np.mean(losses))
        self.history.append({"params": dict(params), "value": value, "fold_losses": losses,
                             "budget": budget, "seconds": time.perf_counter() - start})
        return value

    def __repr__(self):
        return (f"CVObjective({type(self.estimator).__name__}, {len(self.cv)} folds, "
                f"scoring={self.scoring!r}, {self.n_evaluations} evaluations)")


DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# name -> the scikit-learn loader; every one of these ships inside scikit-learn itself
DATASETS = {
    "breast_cancer": "load_breast_cancer",
    "digits": "load_digits",
    "wine": "load_wine",
    "iris": "load_iris",
    "diabetes": "load_diabetes",
}


def load_dataset(name: str) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) for a dataset the course uses: one bundled with scikit-learn (see `DATASETS`) or
    a CSV file `data/<name>.csv` whose last column is the target. Never downloads."""
    if not isinstance(name, str):
        raise TypeError(f"load_dataset takes a dataset's name (a string), not {name!r}")
    if name in DATASETS:
        import sklearn.datasets
        return getattr(sklearn.datasets, DATASETS[name])(return_X_y=True)
    path = DATA_DIR / f"{name}.csv"
    if not path.is_file():
        stored = sorted(p.stem for p in DATA_DIR.glob("*.csv"))
        raise ValueError(f"unknown dataset {name!r}: choose one of {sorted(DATASETS) + stored}")
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    return table[:, :-1], table[:, -1]
