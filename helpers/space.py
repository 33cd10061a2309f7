"""Search spaces: the hyperparameters a method may choose, and how to sample, grid and encode them.

A space is a plain dict that maps a hyperparameter's name to a dimension::

    space = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
             "kernel": Categorical(["rbf", "poly"])}

Every dimension maps the unit interval [0, 1) onto its values (`from_unit`) and back
(`to_unit`): one coordinate per dimension, the *positional* encoding. Sampling is `from_unit` of a
uniform number, so random search and Sobol search (which spreads those uniform numbers more evenly)
agree by construction. The positional coordinate of a Categorical puts its choices in an order
that means nothing, so model-based methods (Bayesian optimisation, evolution) use
`helpers.encoding.Encoder` instead, which gives each category a column of its own.

**Conditional hyperparameters.** `when={parent: [values], ...}` makes a dimension exist only when
every named parent exists and takes one of the listed values (ConfigSpace's `InCondition`,
written as a dict)::

    space = {"n_layers": Integer(1, 3),
             "width_1": Integer(16, 256, log=True),
             "width_2": Integer(16, 256, log=True, when={"n_layers": [2, 3]}),
             "width_3": Integer(16, 256, log=True, when={"n_layers": [3]})}

A configuration holds only its *active* hyperparameters: `sample`, `from_unit`, `grid` and every
searcher leave the others out, so an objective never sees a made-up width. A parent is an
Integer or a Categorical declared before its children (reading the space top to bottom then
decides, name by name, what exists, as Optuna's define-by-run code does). In the unit cube an
inactive coordinate is ignored by `from_unit` and set to `INACTIVE` (0.5) by `to_unit`.
"""

from __future__ import annotations

import math
import numbers

from collections.abc import Iterable, Iterator

import numpy as np

from .checks import check_bool, check_int, check_number

__all__ = [
    "Real",
    "Integer",
    "Categorical",
    "check_space",
    "sample",
    "grid",
    "grid_levels",
    "grid_size",
    "iter_grid",
    "to_param_grid",
    "to_unit",
    "from_unit",
    "active",
    "is_conditional",
    "INACTIVE",
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




# Integers are sampled through float64 arithmetic, which holds every integer exactly only up to
# 2**53; past that, draws would skip values or wrap around.
_LARGEST_INTEGER = 2 ** 53


class Dimension:
    """One hyperparameter's set of values. Subclasses define the unit-interval mapping."""

    #: how many distinct values a grid over this dimension can hold (inf for a real interval)
    max_levels: float = math.inf
    #: {parent name: [values]}: the dimension exists only when every parent takes a listed
    #: value (None: always)
    when: dict | None = None

    def _set_when(self, when):
        """Store `when` as {name: list of values}, after checking its shape (what the names and
        values may be is checked against the space, in `check_space`)."""
        if when is None:
            return
        if not isinstance(when, dict) or not when:
            raise TypeError(f"when must be a non-empty dict {{parent name: [values]}}, such as "
                            f"when={{'n_layers': [2, 3]}}, not {when!r}")
        checked = {}
        for parent, values in when.items():
            if not isinstance(parent, str):
                raise TypeError(f"when's keys must be parameter names (strings), not {parent!r}")
            if isinstance(values, (str, bytes, set, frozenset, dict)) or not isinstance(
                    values, (list, tuple)) or not values:
                raise TypeError(f"when[{parent!r}] must be a non-empty list of the values "
                                f"{parent!r} can take, such as [2, 3], not {values!r}")
            checked[parent] = list(values)
        self.when = checked

    def _when_repr(self):
        return f", when={self.when!r}" if self.when else ""

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
        check_int("levels", levels, 1)


def _python_scalar(value):
    """NumPy scalar -> the matching Python scalar, so estimators and printouts see plain values."""
    return value.item() if isinstance(value, np.generic) else value


class Real(Dimension):
    """A real number in [low, high]; `log=True` spreads samples and grids evenly in log(x)."""

    def __init__(self, low: float, high: float, log: bool = False, when: dict | None = None):
        check_number("low", low, finite=True)
        check_number("high", high, finite=True)
        log = check_bool("log", log)
        if not low < high:
            raise ValueError(f"Real needs low < high, got low={low!r}, high={high!r}")
        if log and low <= 0:
            raise ValueError(f"Real with log=True needs low > 0, got low={low!r}")
        if not math.isfinite(float(high) - float(low)):
            # low + u * (high - low) would overflow to inf and every draw would be clipped
            raise ValueError(f"Real's range is too wide for float64: high - low overflows for "
                             f"low={low!r}, high={high!r}")
        self.low, self.high, self.log = float(low), float(high), log
        self._set_when(when)

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
        return (f"Real({self.low:g}, {self.high:g}{', log=True' if self.log else ''}"
                f"{self._when_repr()})")

    def __eq__(self, other):
        return isinstance(other, Real) and (self.low, self.high, self.log, self.when) == (
            other.low, other.high, other.log, other.when)

    __hash__ = None


class Integer(Dimension):
    """An integer in [low, high], both ends included; `log=True` favours small values.

    The unit interval is cut into one cell per integer: equal cells on a linear scale, cells
    of width log((k + 1) / k) on a log scale (so k is drawn with that probability).
    """

    def __init__(self, low: int, high: int, log: bool = False, when: dict | None = None):
        check_int("low", low)
        check_int("high", high)
        log = check_bool("log", log)
        if not low < high:
            raise ValueError(f"Integer needs low < high, got low={low!r}, high={high!r}")
        if log and low <= 0:
            raise ValueError(f"Integer with log=True needs low > 0, got low={low!r}")
        if max(abs(int(low)), abs(int(high) + 1)) > _LARGEST_INTEGER:
            raise ValueError(f"Integer bounds must lie within +-2**53 (float64 holds every "
                             f"integer only up to there), got low={low!r}, high={high!r}")
        self.low, self.high, self.log = int(low), int(high), log
        self.max_levels = self.high - self.low + 1
        self._set_when(when)

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
        """Exactly min(levels, number of integers) distinct integers, spread evenly (on the log
        scale if `log`). Rounding an even spread can land two levels on one integer (1, 1.3,
        1.8... on a log scale); each such level moves up to the next free integer instead."""
        self._check_levels(levels)
        if levels == 1:
            return self.from_unit([0.5])
        levels = min(levels, self.max_levels)
        spread = np.geomspace if self.log else np.linspace
        values = [int(v) for v in np.round(spread(self.low, self.high, levels))]
        for i in range(1, levels):           # distinct: at least one above the previous level
            values[i] = max(values[i], values[i - 1] + 1)
        for i in range(levels - 2, -1, -1):  # within bounds: at least one below the next
            values[i] = min(values[i], values[i + 1] - 1)
        return np.array(values, dtype=np.int64)

    def __repr__(self):
        return (f"Integer({self.low}, {self.high}{', log=True' if self.log else ''}"
                f"{self._when_repr()})")

    def __eq__(self, other):
        return isinstance(other, Integer) and (self.low, self.high, self.log, self.when) == (
            other.low, other.high, other.log, other.when)

    __hash__ = None


def _same(a, b):
    """Whether two choices count as the same: identical, or equal by `==` (so 1, 1.0 and True
    are one choice, as in a dict). Choices whose `==` is not a plain truth value (arrays,
    estimators comparing by identity) are the same only when identical."""
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:  # an array's `==` is elementwise and its truth value ambiguous
        return False


class Categorical(Dimension):
    """One of a list of choices, with no order between them. A choice may be any object
    (a string, None, a tuple such as an MLP's `hidden_layer_sizes`, an estimator) and comes
    back as itself, never converted or unpacked."""

    def __init__(self, categories: Iterable, when: dict | None = None):
        if isinstance(categories, (str, bytes)) or not hasattr(categories, "__iter__"):
            raise TypeError(f"Categorical needs a list of categories, not {categories!r}")
        if isinstance(categories, (set, frozenset)):
            # a set's order changes with Python's hash seed, and so would the categories'
            # order, the samples and the grid: the same seed would give different runs
            raise TypeError(f"Categorical needs an ordered list of categories, not a set: "
                            f"{categories!r}; write them as a list")
        categories = list(categories)
        if not categories:
            raise ValueError("Categorical needs at least one category, got []")
        for i, a in enumerate(categories):
            for b in categories[:i]:
                if _same(a, b):
                    raise ValueError(f"Categorical needs distinct categories, but {b!r} and "
                                     f"{a!r} are equal (==) in {categories!r}")
        self.categories = categories
        self.max_levels = len(categories)
        self._set_when(when)

    def index(self, value):
        """The position of `value` among the categories (by identity first, then by ==)."""
        for i, c in enumerate(self.categories):
            if c is value:
                return i
        for i, c in enumerate(self.categories):
            if _same(c, value):
                return i
        raise ValueError(f"{value!r} is not one of the categories {self.categories!r}")

    def _choices(self, index):
        # element by element: handing numpy a list of tuples would make a 2-D array of their
        # items, which is how a tuple choice used to come back as one of its numbers
        out = np.empty(np.shape(index), dtype=object)
        for position, i in np.ndenumerate(index):
            out[position] = self.categories[i]
        return out

    def from_unit(self, u):
        k = len(self.categories)
        index = np.clip(np.floor(np.asarray(u, dtype=float) * k), 0, k - 1).astype(int)
        return self._choices(index)

    def to_unit(self, values):
        k = len(self.categories)
        if not isinstance(values, (list, np.ndarray)):
            values = [values]
        index = [self.index(v) for v in values]
        return (np.asarray(index, dtype=float) + 0.5) / k

    def rvs(self, size=None, random_state=None):
        u = _uniform(random_state, 1 if size is None else size)
        values = self.from_unit(u)
        return values[0] if size is None else values

    def grid(self, levels):
        self._check_levels(levels)
        return self._choices(np.arange(min(levels, len(self.categories))))

    def __repr__(self):
        return f"Categorical({self.categories!r}{self._when_repr()})"

    def __eq__(self, other):
        return (isinstance(other, Categorical) and len(self.categories) == len(other.categories)
                and all(_same(a, b) for a, b in zip(self.categories, other.categories))
                and self.when == other.when)

    __hash__ = None


def check_space(space: dict) -> dict:
    """Raise a clear TypeError/ValueError unless `space` is a non-empty {name: dimension} dict
    whose conditions (`when=`) name parents that exist, come first, and can take the values."""
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
    if is_conditional(space):
        _check_conditions(space)
    return space


def is_conditional(space: dict) -> bool:
    """Whether any dimension of `space` has a condition (`when=`)."""
    return any(dim.when for dim in space.values())


def _check_conditions(space):
    names = list(space)
    for name, dim in space.items():
        for parent, values in (dim.when or {}).items():
            where = f"space[{name!r}] has when={dim.when!r}, but"
            if parent == name:
                raise ValueError(f"{where} a hyperparameter cannot be its own parent (a cycle)")
            if parent not in space:
                raise ValueError(f"{where} the space has no parent {parent!r} "
                                 f"(it has {names})")
            parent_dim = space[parent]
            if isinstance(parent_dim, Real):
                raise ValueError(f"{where} the parent {parent!r} is a Real: a condition lists "
                                 f"values, and a real number almost never equals one; make "
                                 f"{parent!r} an Integer or a Categorical")
            for value in values:
                if not _can_take(parent_dim, value):
                    raise ValueError(f"{where} the parent {parent!r} ({parent_dim!r}) cannot "
                                     f"take the value {value!r}")
    # a cycle (a -> b -> a) first, as the clearer message; then the order
    for name in names:
        seen, todo = set(), list((space[name].when or {}))
        while todo:
            parent = todo.pop()
            if parent == name:
                raise ValueError(f"space[{name!r}]'s conditions form a cycle: {name!r} depends, "
                                 f"through its parents, on itself")
            if parent not in seen:
                seen.add(parent)
                todo += list(space[parent].when or {})
    for name, dim in space.items():
        for parent in dim.when or {}:
            if names.index(parent) > names.index(name):
                raise ValueError(f"space[{name!r}] has when={dim.when!r}, but its parent "
                                 f"{parent!r} comes after it in the space: declare {parent!r} "
                                 f"first (a space is read top to bottom)")


def _can_take(dim, value):
    if isinstance(dim, Categorical):
        return any(_same(c, value) for c in dim.categories)
    return (not isinstance(value, (bool, np.bool_)) and isinstance(value, numbers.Integral)
            and dim.low <= value <= dim.high)


def _meets(dim, params):
    """Whether `dim`'s condition holds for `params` (a parent missing from params: it does not)."""
    return all(parent in params and any(_same(params[parent], v) for v in values)
               for parent, values in dim.when.items())


def _active_names(space, params):
    """The names that exist for `params`, read top to bottom: a dimension is active when it has
    no condition, or when each parent is active and takes one of the listed values."""
    names, known = [], {}
    for name, dim in space.items():
        if not dim.when or _meets(dim, known):
            names.append(name)
            if name in params:
                known[name] = params[name]
    return names


def active(space: dict, params: dict) -> dict:
    """The configuration `params` with its inactive hyperparameters left out (in the space's
    order): how a configuration of the flattened space (every name given a value) becomes one of
    the conditional space. Raises ValueError if an active hyperparameter is missing."""
    check_space(space)
    names = _active_names(space, params)
    missing = [name for name in names if name not in params]
    if missing:
        raise ValueError(f"params lacks the active hyperparameters {missing}")
    return {name: params[name] for name in names}


def _active_masks(space, columns):
    """For n configurations given column by column ({name: n values}, every name given a value),
    which of them each dimension is active in: {name: bool array}."""
    n = len(next(iter(columns.values())))
    masks = {}
    for name, dim in space.items():
        mask = np.ones(n, dtype=bool)
        for parent, values in (dim.when or {}).items():
            parent_dim = space[parent]
            if isinstance(parent_dim, Categorical):
                allowed = {parent_dim.index(v) for v in values}
                hits = np.array([parent_dim.index(v) in allowed for v in columns[parent]],
                                dtype=bool)
            else:
                hits = np.isin(np.asarray(columns[parent], dtype=np.int64), values)
            mask &= masks[parent] & hits
        masks[name] = mask
    return masks


def _params(space, columns):
    return {name: _python_scalar(col) for name, col in zip(space, columns)}


def _rows(space, columns):
    """Configurations from per-dimension columns of values (one value per dimension and row),
    each holding only its active hyperparameters."""
    n = len(columns[0])
    if not is_conditional(space):
        return [_params(space, [col[j] for col in columns]) for j in range(n)]
    masks = _active_masks(space, dict(zip(space, columns)))
    return [{name: _python_scalar(col[j]) for name, col in zip(space, columns)
             if masks[name][j]} for j in range(n)]


def from_unit(space: dict, u) -> dict:
    """A point of the unit cube (one coordinate per dimension, in the space's order) -> params.
    The coordinates of inactive dimensions are ignored: they are left out of params."""
    check_space(space)
    u = np.asarray(u, dtype=float)
    if u.shape != (len(space),):
        raise ValueError(f"u must have shape ({len(space)},), got {u.shape}")
    return _rows(space, [dim.from_unit(u[i : i + 1]) for i, dim in enumerate(space.values())])[0]


#: the unit-cube coordinate of an inactive dimension (`to_unit`, `Encoder`): a fixed value, so
#: every configuration that lacks a hyperparameter sits at the same place on its axis
INACTIVE = 0.5


def to_unit(space: dict, params: dict) -> np.ndarray:
    """params -> a point of the unit cube, one coordinate per dimension (the inverse of
    `from_unit`); an inactive dimension's coordinate is `INACTIVE` (0.5). For model-based
    methods use `helpers.encoding.Encoder`: its categories are one-hot, with no order."""
    check_space(space)
    names = _active_names(space, params) if is_conditional(space) else space
    missing = set(names) - set(params)
    if missing:
        raise ValueError(f"params lacks {sorted(missing)}")
    return np.array([float(dim.to_unit([params[name]])[0]) if name in names else INACTIVE
                     for name, dim in space.items()])


def sample(space: dict, rng: np.random.Generator, size: int | None = None) -> dict | list[dict]:
    """Random configurations, every dimension drawn independently (log-uniform where log):
    one dict when `size` is None, a list of `size` dicts otherwise. `rng` is a NumPy Generator
    (`np.random.default_rng(seed)`), so the caller owns the randomness. A configuration holds
    only its active hyperparameters (the draws of the others are made and dropped, so a space
    with conditions uses the random numbers as the same space without them would)."""
    check_space(space)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, e.g. np.random.default_rng(0), "
                        f"not {rng!r}")
    if size is None:
        return from_unit(space, rng.random(len(space)))
    check_int("size", size, 0)
    # one row per configuration: the same draws, in the same order, as `size` single calls
    u = rng.random((int(size), len(space)))
    if int(size) == 0:
        return []
    return _rows(space, [dim.from_unit(u[:, i]) for i, dim in enumerate(space.values())])


def grid_levels(space: dict, n_trials: int) -> dict[str, int]:
    """How many levels each dimension gets in the finest full grid with at most n_trials points.

    Categories come first: every Categorical gets all its choices while the budget allows (a grid
    that silently drops a kernel answers a different question); so does every parent of a
    condition (an Integer `n_layers` gets 1, 2 and 3). When the budget cannot hold them
    all, the first categories in the space keep theirs and a warning names what is left out.
    Then levels grow one at a time on the other dimensions, always on the one with the fewest
    so far (ties: the first in the space), until one more level would break the budget. So 50
    trials over two reals give a 7 x 7 grid, not 50 x 1. An Integer never gets more levels than
    it has values. With conditions, the points counted are the distinct configurations
    (`grid_size`): a width that exists only with three layers adds points only there.
    """
    check_space(space)
    check_int("n_trials", n_trials, 1)
    levels = dict.fromkeys(space, 1)

    def size(changes):  # the grid's size with some levels changed
        return grid_size(space, {**levels, **changes})

    # a parent (conditions) is treated as a category: its values decide which hyperparameters
    # exist, and a grid that skipped two layers would leave out a whole kind of network
    first = [n for n, d in space.items() if isinstance(d, Categorical)
             or (is_conditional(space) and n in _parents(space))]
    dropped = []
    for name, dim in space.items():
        if name in first:
            # the most choices that fit: n_trials // (the rest) when every point has this
            # category; by counting (a size grows with each level) when a condition says not
            fits = next((k for k in range(dim.max_levels, 1, -1) if size({name: k}) <= n_trials),
                        1)
            levels[name] = fits
            if levels[name] < dim.max_levels:
                left_out = (dim.categories[levels[name]:] if isinstance(dim, Categorical)
                            else f"{dim.max_levels - levels[name]} of its values")
                dropped.append(f"{name}: {left_out!r}")
    if dropped:
        import warnings
        warnings.warn(f"n_trials={n_trials} is too small for a grid over every category; left "
                      f"out {'; '.join(dropped)}", UserWarning, stacklevel=3)

    numeric = [n for n in space if n not in first]

    def cost(level):  # grid size when every numeric dimension has min(level, its values)
        return size({n: int(min(level, space[n].max_levels)) for n in numeric})

    # Jump straight to the largest balanced grid that fits (found by bisection): the
    # one-at-a-time growth below passes through it anyway, and walking there level by level
    # would take a billion steps for a budget of 10**12.
    low, high = 1, max(1, n_trials)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if cost(mid) <= n_trials else (low, mid - 1)
    for n in numeric:
        levels[n] = int(min(low, space[n].max_levels))
    while True:
        growable = [n for n in numeric if levels[n] < space[n].max_levels]
        growable.sort(key=lambda n: levels[n])  # stable sort: ties stay in the space's order
        for name in growable:
            if size({name: levels[name] + 1}) <= n_trials:
                levels[name] += 1
                break
        else:
            return levels


def grid_size(space: dict, levels: int | dict[str, int]) -> int:
    """How many configurations `grid(space, levels)` holds: the product of the levels, or with
    conditions the number of distinct configurations (those that differ only in an inactive
    hyperparameter are one configuration)."""
    check_space(space)
    levels = _levels_per_name(space, levels)
    if not is_conditional(space):
        return math.prod(int(min(levels[name], dim.max_levels)) for name, dim in space.items())
    return sum(math.prod(len(values) for values in part.values())
               for part in _parts(space, levels, lazy=True))


def _levels_per_name(space, levels):
    if not isinstance(levels, dict):
        levels = dict.fromkeys(space, levels)
    missing = [name for name in space if name not in levels]
    if missing:
        raise ValueError(f"levels has no entry for {missing} (it names {sorted(levels)})")
    return levels


def to_param_grid(space: dict, levels: int | dict[str, int]) -> dict[str, list] | list[dict]:
    """A `GridSearchCV` param_grid: {name: list of values}. `levels` is an int for every
    dimension, or a dict of ints per name (as `grid_levels` returns). With conditions, a list of
    such dicts (GridSearchCV accepts a list of grids): one per combination of the parents'
    values, each naming only the hyperparameters active there, so no point is run twice."""
    check_space(space)
    levels = _levels_per_name(space, levels)
    if is_conditional(space):
        return [{name: list(values) for name, values in part.items()}
                for part in _parts(space, levels)]
    return {name: [_python_scalar(v) for v in dim.grid(levels[name])]
            for name, dim in space.items()}


def _parents(space):
    return [name for name in space if any(name in (d.when or {}) for d in space.values())]


def _parts(space, levels, lazy=False):
    """The conditional grid, one part per combination of the parents' levels (parents read top to
    bottom; a parent that is inactive under the earlier ones is not branched on): each part is
    {active name: its levels}, a parent's holding its one value. `lazy`: the other dimensions'
    levels as `range`s of the right length (for counting)."""
    parents = _parents(space)
    combos = [{}]
    for parent in parents:
        grown = []
        for combo in combos:
            if parent in _active_names(space, combo):
                grown += [{**combo, parent: v} for v in _levels(space[parent], levels[parent])]
            else:
                grown.append(combo)
        combos = grown
    for combo in combos:
        part = {}
        for name in _active_names(space, combo):
            if name in combo:
                part[name] = [combo[name]]
            elif lazy:
                part[name] = range(int(min(levels[name], space[name].max_levels)))
            else:
                part[name] = _levels(space[name], levels[name])
        yield part


# A dimension's levels are made as one array up to this many; past it (a budget of 10**12 on
# one Real would need 7 TiB), `iter_grid` computes each level when it reaches it.
_LAZY_LEVELS = 10 ** 6


class _SpreadLevels:
    """`n` levels spread evenly over a Real or a linear Integer, computed on demand: level i is
    the value at i / (n - 1) of the unit interval (`from_unit`), ends included."""

    def __init__(self, dim, n):
        dim._check_levels(n)
        self.dim, self.n = dim, min(n, dim.max_levels)

    def __len__(self):
        return self.n

    def __iter__(self):
        for i in range(self.n):
            yield _python_scalar(self.dim.from_unit([i / (self.n - 1)])[0])


def _levels(dim, n):
    lazy = n > _LAZY_LEVELS and (isinstance(dim, Real) or (isinstance(dim, Integer)
                                                          and not dim.log))
    return _SpreadLevels(dim, n) if lazy else [_python_scalar(v) for v in dim.grid(n)]


def _product(columns):
    """itertools.product, without first copying every column into a tuple (a lazy column of
    10**12 levels stays lazy): the last column varies fastest."""
    if not columns:
        yield ()
        return
    for head in columns[0]:
        for tail in _product(columns[1:]):
            yield (head, *tail)


def iter_grid(space: dict, levels: int | dict[str, int]) -> Iterator[dict]:
    """Every configuration of the full grid, one at a time, in scikit-learn's ParameterGrid
    order. That order (names sorted, the last name varying fastest) makes ties break the same
    way as in `GridSearchCV`, which keeps the first of equally good configurations. With
    conditions: the parts of `to_param_grid`'s list one after another, each in that order, as
    GridSearchCV runs a list of grids; every distinct configuration once."""
    check_space(space)
    levels = _levels_per_name(space, levels)
    if is_conditional(space):
        for part in _parts(space, levels):
            names = sorted(part)
            for values in _product([part[n] for n in names]):
                yield dict(zip(names, values))
        return
    names = sorted(space)
    for values in _product([_levels(space[n], levels[n]) for n in names]):
        yield dict(zip(names, values))


def grid(space: dict, levels: int | dict[str, int]) -> list[dict]:
    """Every configuration of the full grid, as a list, in scikit-learn's ParameterGrid order."""
    return list(iter_grid(space, levels))
