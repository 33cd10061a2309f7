"""Search spaces: the hyperparameters a method may choose, and how to sample, grid and encode them.

A space is a plain dict that maps a hyperparameter's name to a dimension::

    space = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
             "kernel": Categorical(["rbf", "poly"])}

Every dimension maps the unit interval [0, 1) onto its values (`from_unit`) and back
(`to_unit`). Sampling is `from_unit` of a uniform number, so random search and the unit-cube
encoding used by model-based methods (Bayesian optimisation, evolution) agree by construction.
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np

__all__ = [
    "Real",
    "Integer",
    "Categorical",
    "check_space",
    "sample",
    "grid",
    "grid_levels",
    "to_param_grid",
    "to_unit",
    "from_unit",
]


def _uniform(random_state, size):
    """Uniform numbers on [0, 1) from an int seed, a Generator, a RandomState or None.

    scikit-learn's RandomizedSearchCV hands a `RandomState` to `.rvs`; the course's own code
    hands a `Generator`. Neither touches NumPy's global random state.
    """
    if isinstance(random_state, np.random.Generator):
        return random_state.random(size)
    if isinstance(random_state, np.random.RandomState):
        return random_state.random_sample(size)
    if random_state is None or isinstance(random_state, numbers.Integral):
        return np.random.default_rng(random_state).random(size)
    raise TypeError(
        f"random_state must be None, an int, a numpy Generator or RandomState, "
        f"not {random_state!r}"
    )


def _check_number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, not {value!r}")


class Dimension:
    """One hyperparameter's set of values. Subclasses define the unit-interval mapping."""

    #: how many distinct values a grid over this dimension can hold (inf for a real interval)
    max_levels: float = math.inf

    def from_unit(self, u):
        """Map numbers in [0, 1] to values (an array in, an array out)."""
        raise NotImplementedError

    def to_unit(self, values):
        """Map values to [0, 1]: the inverse of `from_unit` (to the centre of a value's cell)."""
        raise NotImplementedError

    def grid(self, levels):
        """`levels` values spread evenly over the dimension (on the log scale if `log`)."""
        raise NotImplementedError

    def rvs(self, size=None, random_state=None):
        """Draw values like a `scipy.stats` distribution, so that a space can be handed to
        `RandomizedSearchCV` as it is. Returns one Python value when `size` is None."""
        u = _uniform(random_state, 1 if size is None else size)
        values = self.from_unit(u)
        if size is None:
            return _python_scalar(values[0])
        return values

    def _check_levels(self, levels):
        if isinstance(levels, bool) or not isinstance(levels, numbers.Integral):
            raise TypeError(f"levels must be an int, not {levels!r}")
        if levels < 1:
            raise ValueError(f"levels must be at least 1, not {levels!r}")


def _python_scalar(value):
    """NumPy scalar -> the matching Python scalar, so estimators and printouts see plain values."""
    return value.item() if isinstance(value, np.generic) else value


class Real(Dimension):
    """A real number in [low, high]; `log=True` spreads samples and grids evenly in log(x)."""

    def __init__(self, low, high, log=False):
        _check_number("low", low)
        _check_number("high", high)
        if not low < high:
            raise ValueError(f"Real needs low < high, got low={low!r}, high={high!r}")
        if log and low <= 0:
            raise ValueError(f"Real with log=True needs low > 0, got low={low!r}")
        self.low, self.high, self.log = float(low), float(high), bool(log)

    def _ends(self):
        if self.log:
            return math.log(self.low), math.log(self.high)
        return self.low, self.high

    def from_unit(self, u):
        a, b = self._ends()
        x = a + np.asarray(u, dtype=float) * (b - a)
        x = np.exp(x) if self.log else x
        return np.clip(x, self.low, self.high)  # exp(log(high)) can overshoot by one ulp

    def to_unit(self, values):
        a, b = self._ends()
        x = np.asarray(values, dtype=float)
        return ((np.log(x) if self.log else x) - a) / (b - a)

    def grid(self, levels):
        self._check_levels(levels)
        if levels == 1:  # one level: the middle of the range (geometric middle on a log scale)
            return self.from_unit([0.5])
        return (np.geomspace if self.log else np.linspace)(self.low, self.high, levels)

    def __repr__(self):
        return f"Real({self.low:g}, {self.high:g}{', log=True' if self.log else ''})"

    def __eq__(self, other):
        return isinstance(other, Real) and (self.low, self.high, self.log) == (
            other.low, other.high, other.log)

    __hash__ = None


class Integer(Dimension):
    """An integer in [low, high], both ends included; `log=True` favours small values.

    The unit interval is cut into one cell per integer: equal cells on a linear scale, cells
    of width log((k + 1) / k) on a log scale (so k is drawn with that probability).
    """

    def __init__(self, low, high, log=False):
        for name, value in (("low", low), ("high", high)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TypeError(f"Integer needs an int {name}, not {value!r}")
        if not low < high:
            raise ValueError(f"Integer needs low < high, got low={low!r}, high={high!r}")
        if log and low <= 0:
            raise ValueError(f"Integer with log=True needs low > 0, got low={low!r}")
        self.low, self.high, self.log = int(low), int(high), bool(log)
        self.max_levels = self.high - self.low + 1

    def _edges(self):
        # the cells' outer edges, on the scale where cells are spread evenly
        if self.log:
            return math.log(self.low), math.log(self.high + 1)
        return self.low, self.high + 1

    def from_unit(self, u):
        a, b = self._edges()
        x = a + np.asarray(u, dtype=float) * (b - a)
        x = np.exp(x) if self.log else x
        return np.clip(np.floor(x), self.low, self.high).astype(int)

    def to_unit(self, values):
        a, b = self._edges()
        k = np.asarray(values, dtype=float)
        if self.log:
            centre = (np.log(k) + np.log(k + 1)) / 2
        else:
            centre = k + 0.5
        return (centre - a) / (b - a)

    def grid(self, levels):
        self._check_levels(levels)
        if levels == 1:
            return self.from_unit([0.5])
        spread = np.geomspace if self.log else np.linspace
        values = np.unique(np.round(spread(self.low, self.high, min(levels, self.max_levels))))
        return values.astype(int)

    def __repr__(self):
        return f"Integer({self.low}, {self.high}{', log=True' if self.log else ''})"

    def __eq__(self, other):
        return isinstance(other, Integer) and (self.low, self.high, self.log) == (
            other.low, other.high, other.log)

    __hash__ = None


class Categorical(Dimension):
    """One of a list of choices (strings, numbers, None...), with no order between them."""

    def __init__(self, categories):
        if isinstance(categories, (str, bytes)) or not hasattr(categories, "__iter__"):
            raise TypeError(f"Categorical needs a list of categories, not {categories!r}")
        categories = list(categories)
        if not categories:
            raise ValueError("Categorical needs at least one category, got []")
        if len(set(map(repr, categories))) < len(categories):
            raise ValueError(f"Categorical needs distinct categories, got {categories!r}")
        self.categories = categories
        self.max_levels = len(categories)

    def from_unit(self, u):
        k = len(self.categories)
        index = np.clip(np.floor(np.asarray(u, dtype=float) * k), 0, k - 1).astype(int)
        out = np.empty(index.shape, dtype=object)
        out.flat[:] = [self.categories[i] for i in index.flat]
        return out

    def to_unit(self, values):
        k = len(self.categories)
        index = [self.categories.index(v) for v in np.atleast_1d(np.asarray(values, dtype=object))]
        return (np.asarray(index, dtype=float) + 0.5) / k

    def grid(self, levels):
        self._check_levels(levels)
        out = np.empty(min(levels, len(self.categories)), dtype=object)
        out[:] = self.categories[: len(out)]
        return out

    def __repr__(self):
        return f"Categorical({self.categories!r})"

    def __eq__(self, other):
        return isinstance(other, Categorical) and self.categories == other.categories

    __hash__ = None


def check_space(space):
    """Raise a clear TypeError/ValueError unless `space` is a non-empty {name: dimension} dict."""
    if not isinstance(space, dict):
        raise TypeError(f"space must be a dict of name -> Real/Integer/Categorical, not {space!r}")
    if not space:
        raise ValueError("space must name at least one hyperparameter, got {}")
    for name, dim in space.items():
        if not isinstance(name, str):
            raise TypeError(f"space keys must be strings (parameter names), not {name!r}")
        if not isinstance(dim, Dimension):
            raise TypeError(
                f"space[{name!r}] must be a Real, Integer or Categorical, not {dim!r}")
    return space


def _params(space, columns):
    return {name: _python_scalar(col) for name, col in zip(space, columns)}


def from_unit(space, u):
    """A point of the unit cube (one coordinate per dimension, in the space's order) -> params."""
    check_space(space)
    u = np.asarray(u, dtype=float)
    if u.shape != (len(space),):
        raise ValueError(f"u must have shape ({len(space)},), got {u.shape}")
    return _params(space, [dim.from_unit(u[i : i + 1])[0] for i, dim in enumerate(space.values())])


def to_unit(space, params):
    """params -> a point of the unit cube: what model-based methods (GPs, evolution) work on."""
    check_space(space)
    missing = set(space) - set(params)
    if missing:
        raise ValueError(f"params lacks {sorted(missing)}")
    return np.array([float(dim.to_unit([params[name]])[0]) for name, dim in space.items()])


def sample(space, rng):
    """One random configuration: every dimension drawn independently (log-uniform where log)."""
    check_space(space)
    return from_unit(space, rng.random(len(space)))


def grid_levels(space, n_trials):
    """How many levels each dimension gets in the finest full grid with at most n_trials points.

    Levels grow one at a time, always on the dimension with the fewest so far (ties: the first
    in the space), until one more level would break the budget. So 50 trials over two reals give
    a 7 x 7 grid, not 50 x 1. A Categorical or Integer never gets more levels than it has values.
    """
    check_space(space)
    levels = dict.fromkeys(space, 1)
    while True:
        growable = [n for n, d in space.items() if levels[n] < d.max_levels]
        growable.sort(key=lambda n: levels[n])  # stable sort: ties stay in the space's order
        for name in growable:
            if math.prod(levels.values()) // levels[name] * (levels[name] + 1) <= n_trials:
                levels[name] += 1
                break
        else:
            return levels


def to_param_grid(space, levels):
    """A `GridSearchCV` param_grid: {name: list of values}. `levels` is an int for every
    dimension, or a dict of ints per name (as `grid_levels` returns)."""
    check_space(space)
    if not isinstance(levels, dict):
        levels = dict.fromkeys(space, levels)
    return {name: [_python_scalar(v) for v in dim.grid(levels[name])]
            for name, dim in space.items()}


def grid(space, levels):
    """Every configuration of the full grid, in scikit-learn's ParameterGrid order.

    That order (names sorted, the last name varying fastest) makes ties break the same way as
    in `GridSearchCV`, which keeps the first of equally good configurations.
    """
    param_grid = to_param_grid(space, levels)
    names = sorted(param_grid)
    return [dict(zip(names, values))
            for values in itertools.product(*(param_grid[n] for n in names))]
