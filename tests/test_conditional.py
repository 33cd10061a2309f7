"""Conditional hyperparameters (`when=`): sampling, grids, the encodings, every method, the
journal, the result table, and bad conditions."""

import json
import math

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.model_selection import GridSearchCV

from helpers import (METHODS, Categorical, Encoder, Integer, Real, active, from_unit, grid,
                     grid_levels, grid_size, importance, minimize, sample, to_param_grid,
                     to_unit)
from helpers.halving import Hyperband, SuccessiveHalving
from helpers.lecture_plots import plot_parallel_coordinates


def network_space():
    return {
        "n_layers": Integer(1, 3),
        "width_1": Integer(16, 256, log=True),
        "width_2": Integer(16, 256, log=True, when={"n_layers": [2, 3]}),
        "width_3": Integer(16, 256, log=True, when={"n_layers": [3]}),
        "solver": Categorical(["adam", "sgd"]),
        "momentum": Real(0.5, 0.99, when={"solver": ["sgd"]}),
    }


def expected_names(params):
    names = {"n_layers", "width_1", "solver"}
    names |= {"width_2"} if params["n_layers"] >= 2 else set()
    names |= {"width_3"} if params["n_layers"] == 3 else set()
    names |= {"momentum"} if params["solver"] == "sgd" else set()
    return names


def strict_objective(space):
    """An objective that fails the test if it gets an inactive name or lacks an active one."""
    def objective(params, budget=None):
        if set(params) != expected_names(params):
            raise AssertionError(f"the objective got {sorted(params)}")
        value = abs(np.log2(params["width_1"] / 64)) + params["n_layers"]
        return value + (params["momentum"] - 0.9) ** 2 if "momentum" in params else value + 0.5
    return objective


# --- sampling and the positional encoding -------------------------------------------------

def test_samples_hold_exactly_their_active_names_and_every_pattern_occurs():
    space = network_space()
    patterns = set()
    for params in sample(space, np.random.default_rng(0), size=600):
        assert set(params) == expected_names(params)
        patterns.add(frozenset(params))
    assert len(patterns) == 6  # 3 depths x 2 solvers
    one = sample(space, np.random.default_rng(1))
    assert set(one) == expected_names(one)


def test_conditions_use_the_random_numbers_as_the_flat_space_does():
    conditional = network_space()
    flat = {name: type(dim)(*( [dim.categories] if isinstance(dim, Categorical) else
                               [dim.low, dim.high, dim.log])) for name, dim in conditional.items()}
    a = sample(conditional, np.random.default_rng(5), size=50)
    b = sample(flat, np.random.default_rng(5), size=50)
    assert a == [active(conditional, p) for p in b]
    assert any(len(p) < len(conditional) for p in a)


def test_from_unit_drops_and_to_unit_fixes_inactive_coordinates():
    space = network_space()
    u = np.array([0.1, 0.5, 0.9, 0.9, 0.2, 0.7])  # one layer, adam
    params = from_unit(space, u)
    assert set(params) == {"n_layers", "width_1", "solver"} and params["n_layers"] == 1
    back = to_unit(space, params)
    assert back[2] == back[3] == back[5] == 0.5  # INACTIVE, not the 0.9 it was drawn from
    assert from_unit(space, back) == params
    with pytest.raises(ValueError, match="width_2"):
        to_unit(space, {"n_layers": 2, "width_1": 32, "solver": "adam"})


def test_active_drops_what_the_parents_switch_off_along_a_chain():
    space = {"a": Categorical(["x", "y"]), "b": Integer(1, 3, when={"a": ["y"]}),
             "c": Real(0, 1, when={"b": [3]})}
    assert active(space, {"a": "x", "b": 3, "c": 0.5}) == {"a": "x"}  # b off, so c off too
    assert active(space, {"a": "y", "b": 3, "c": 0.5}) == {"a": "y", "b": 3, "c": 0.5}
    with pytest.raises(ValueError, match="'c'"):
        active(space, {"a": "y", "b": 3})


# --- grids ----------------------------------------------------------------------------------

def test_grid_counts_distinct_active_configurations():
    space = {"n_layers": Categorical([1, 2, 3]),
             "width_2": Integer(16, 256, log=True, when={"n_layers": [2, 3]}),
             "width_3": Integer(16, 256, log=True, when={"n_layers": [3]})}
    levels = {"n_layers": 3, "width_2": 2, "width_3": 2}
    points = grid(space, levels)
    assert len(points) == grid_size(space, levels) == 1 + 2 + 4
    assert len({tuple(sorted(p.items())) for p in points}) == 7  # no duplicates
    for p in points:
        assert set(p) == set(["n_layers"] + (["width_2"] if p["n_layers"] >= 2 else [])
                             + (["width_3"] if p["n_layers"] == 3 else []))
    # the same space without conditions: 3 x 2 x 2 = 12 points, 5 of them duplicates
    flat = {k: Integer(16, 256) if k != "n_layers" else v for k, v in space.items()}
    assert grid_size(flat, levels) == len(grid(flat, levels)) == 12


def test_grid_levels_and_method_grid_count_distinct_configurations():
    space = network_space()
    for budget in (10, 50, 200):
        levels = grid_levels(space, budget)
        assert grid_size(space, levels) <= budget
        # the finest: one more level on any growable numeric dimension breaks the budget
        for name, dim in space.items():
            if not isinstance(dim, Categorical) and name != "n_layers" \
                    and levels[name] < dim.max_levels:
                assert grid_size(space, {**levels, name: levels[name] + 1}) > budget
        result = minimize(strict_objective(space), space, "grid", n_trials=budget, seed=0)
        assert len(result.trials) == grid_size(space, levels)
        assert len({tuple(sorted(t.params.items())) for t in result.trials}) == len(result.trials)


class _Net(BaseEstimator):
    """A stand-in estimator whose score is a function of its (conditional) parameters."""

    def __init__(self, n_layers=1, width_1=16, width_2=None, width_3=None, solver="adam",
                 momentum=None):
        self.n_layers, self.width_1, self.width_2 = n_layers, width_1, width_2
        self.width_3, self.solver, self.momentum = width_3, solver, momentum

    def fit(self, X, y):
        return self

    def score(self, X, y):
        return -float(self.n_layers + (self.momentum or 0) + math.log(self.width_1))


def test_param_grid_list_runs_in_gridsearchcv_as_our_grid():
    space = network_space()
    levels = grid_levels(space, 40)
    param_grid = to_param_grid(space, levels)
    assert isinstance(param_grid, list) and len(param_grid) == 6  # 3 depths x 2 solvers
    X, y = np.zeros((6, 1)), np.arange(6) % 2
    search = GridSearchCV(_Net(), param_grid, cv=2).fit(X, y)
    assert search.cv_results_["params"] == grid(space, levels)
    assert len(search.cv_results_["params"]) == grid_size(space, levels)


# --- bad conditions -------------------------------------------------------------------------

@pytest.mark.parametrize("space, words", [
    ({"a": Real(0, 1, when={"b": [1]})}, ["'a'", "'b'", "no parent"]),
    ({"b": Integer(1, 3), "a": Real(0, 1, when={"b": [4]})}, ["'a'", "'b'", "4"]),
    ({"b": Categorical(["x"]), "a": Real(0, 1, when={"b": ["z"]})}, ["'a'", "'b'", "'z'"]),
    ({"a": Integer(1, 2, when={"b": [1]}), "b": Integer(1, 2, when={"a": [1]})},
     ["cycle", "'a'"]),
    ({"a": Integer(1, 2, when={"a": [1]})}, ["'a'", "own parent"]),
    ({"a": Real(0, 1, when={"b": [1]}), "b": Integer(1, 3)}, ["'a'", "'b'", "comes after"]),
    ({"b": Real(0, 1), "a": Real(0, 1, when={"b": [0.5]})}, ["'a'", "'b'", "Real"]),
])
def test_bad_conditions_raise_value_errors_naming_both(space, words):
    with pytest.raises(ValueError) as info:
        sample(space, np.random.default_rng(0))
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("when", [{"b": 1}, {"b": "x"}, {}, ["b"], {"b": []}, {1: [1]},
                                  {"b": {1, 2}}])
def test_badly_shaped_when_raises_type_error(when):
    with pytest.raises(TypeError, match="when"):
        Real(0, 1, when=when)


def test_repr_and_equality_show_the_condition():
    dim = Integer(16, 256, log=True, when={"n_layers": [2, 3]})
    assert repr(dim) == "Integer(16, 256, log=True, when={'n_layers': [2, 3]})"
    assert repr(Categorical(["a"], when={"x": [1]})) == "Categorical(['a'], when={'x': [1]})"
    assert dim != Integer(16, 256, log=True) and dim == Integer(16, 256, True, {"n_layers": [2, 3]})
    assert repr(Real(0, 1)) == "Real(0, 1)"


# --- the Encoder ----------------------------------------------------------------------------

def test_encoder_fixes_inactive_columns_and_decodes_without_them():
    space = network_space()
    enc = Encoder(space)
    configs = sample(space, np.random.default_rng(2), size=200)
    X = enc.encode(configs)
    for row, params in zip(X, configs):
        for name in space:
            block = row[enc.slices[name]]
            if name not in params:
                expected = 0.0 if isinstance(space[name], Categorical) else 0.5
                assert np.all(block == expected)
    assert enc.decode(X) == configs
    # snapping random points of the cube gives the encoding of what they decode to
    U = np.random.default_rng(3).random((300, enc.n_features))
    np.testing.assert_array_equal(enc.snap(U), enc.encode(enc.decode(U)))
    with pytest.raises(ValueError, match="active"):
        enc.encode([{"n_layers": 1, "width_1": 16, "width_2": 16, "solver": "adam"}])


# --- every method, the journal, the table, importance and plots ----------------------------

def _optuna_searchers():
    pytest.importorskip("optuna")
    from helpers.optuna_bridge import OptunaSearcher
    return [OptunaSearcher(s) for s in ("tpe", "random", "cmaes")]


@pytest.mark.parametrize("method", sorted(set(METHODS) - {"halving", "hyperband"}))
def test_every_method_passes_only_active_names(method):
    space = network_space()
    for n_jobs in (1, 2):
        result = minimize(strict_objective(space), space, method, n_trials=40, seed=0,
                          n_jobs=n_jobs)
        assert len(result.trials) == 40 or method == "grid"
        assert all(set(t.params) == expected_names(t.params) for t in result.trials)
        if method != "grid":  # (a coarse grid of 40 points lands on widths 16 and 256 only)
            assert result.best_value < 2.6  # one layer near width 64: not a broken search


def test_schedulers_and_optuna_pass_only_active_names():
    space = network_space()
    objective = strict_objective(space)
    for scheduler in (SuccessiveHalving(max_budget=27, searcher="bayes"),
                      Hyperband(max_budget=9, searcher="evolution"),
                      Hyperband(max_budget=9, searcher="tpe")):  # TPE proposing: BOHB's idea
        result = minimize(objective, space, scheduler, n_trials=scheduler.n_trials_needed(),
                          seed=1)
        assert all(set(t.params) == expected_names(t.params) for t in result.trials)
    for searcher in _optuna_searchers():
        result = minimize(objective, space, searcher, n_trials=30, seed=2)
        assert all(set(t.params) == expected_names(t.params) for t in result.trials)
        assert {len(t.params) for t in result.trials} != {len(space)}  # some were cut


def test_journal_round_trip_without_inactive_names(tmp_path):
    space = network_space()
    path = tmp_path / "search.jsonl"
    first = minimize(strict_objective(space), space, "bayes", n_trials=12, seed=3, storage=path)
    lines = path.read_text().splitlines()
    stored = [json.loads(line)["params"] for line in lines[1:]]
    assert [set(p) for p in stored] == [set(t.params) for t in first.trials]
    assert any("width_3" not in p for p in stored)
    assert "when=" in lines[0]
    # cut the journal after 7 trials and resume: the same search as the uninterrupted one
    path.write_text("\n".join(lines[:8]) + "\n")
    calls = []
    resumed = minimize(lambda p: calls.append(p) or strict_objective(space)(p), space, "bayes",
                       n_trials=12, seed=3, storage=path)
    assert len(calls) == 5
    assert [t.params for t in resumed.trials] == [t.params for t in first.trials]
    np.testing.assert_array_equal(resumed.values, first.values)


def test_to_frame_shows_inactive_values_as_missing():
    pd = pytest.importorskip("pandas")
    space = network_space()
    result = minimize(strict_objective(space), space, "random", n_trials=30, seed=4)
    frame = result.to_frame()
    assert list(frame.columns[:6]) == list(space)
    for number, t in enumerate(result.trials):
        for name in space:
            cell = frame.loc[number, name]
            if name in t.params:
                assert cell == t.params[name]
            else:
                assert pd.isna(cell)  # NaN, None or pandas' <NA>: missing, not a value
    # an integer column with gaps stays integer (16, not 16.0)
    assert str(frame["width_3"].dtype) == "Int64" and str(frame["n_layers"].dtype) == "Int64"
    assert frame["width_3"].isna().sum() == sum("width_3" not in t.params for t in result.trials)
    assert frame["width_3"].isna().any() and frame["momentum"].isna().any()


def test_importance_and_parallel_coordinates_take_a_conditional_space():
    import matplotlib

    matplotlib.use("Agg")
    space = network_space()
    result = minimize(strict_objective(space), space, "random", n_trials=60, seed=5)
    frame = importance(result, n_repeats=3)
    assert set(frame.index) == set(space)
    assert frame.loc["width_1", "importance"] > frame.loc["width_3", "importance"]
    ax = plot_parallel_coordinates(result)
    assert len(ax.lines) >= 60
    import matplotlib.pyplot as plt
    plt.close("all")


def test_conditional_network_has_its_stated_minimum_and_ignores_inactive_names():
    from helpers import conditional_network as f

    assert f(f.minimizers[0]) == f.minimum == 0.0
    rng = np.random.default_rng(6)
    flat = sample(f.flat_space, rng, size=2000)
    values = [f(p) for p in flat]
    assert min(values) > 0.0
    # the flattened configuration and its active part give the same value
    assert values == [f(active(f.space, p)) for p in flat]
    with pytest.raises(KeyError):
        f({"n_layers": 2, "width_1": 64, "learning_rate": 0.01, "solver": "adam"})
