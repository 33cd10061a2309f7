"""minimize and the ask/tell searchers: budgets, seeds, failed trials, bad input, and agreement
with scikit-learn's GridSearchCV and RandomizedSearchCV."""

import math

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from helpers import (METHODS, Categorical, CVObjective, Integer, Real, Searcher, branin,
                     grid_levels, load_dataset, minimize, register, to_param_grid)

SPACE = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
         "kernel": Categorical(["rbf", "poly"])}


def bowl(params):
    """Minimum 0 at C = 1, degree = 3, kernel = 'rbf'."""
    return math.log10(params["C"]) ** 2 + (params["degree"] - 3) ** 2 + (
        params["kernel"] == "poly")


# --- the result --------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["grid", "random"])
def test_result_records_every_trial_in_order(method):
    result = minimize(bowl, SPACE, method=method, n_trials=30, seed=0)
    assert len(result.trials) == len(result.values) == 30
    np.testing.assert_array_equal(result.values, [bowl(p) for p in result.params])
    assert result.best_value == result.values.min()
    assert bowl(result.best_params) == result.best_value
    np.testing.assert_array_equal(result.best_so_far, np.minimum.accumulate(result.values))
    assert [t.number for t in result.trials] == list(range(30))
    assert all(t.seconds >= 0 for t in result.trials) and result.seconds >= 0


def test_grid_search_finds_a_grid_optimum_exactly():
    result = minimize(bowl, SPACE, method="grid", n_trials=70)
    assert grid_levels(SPACE, 70) == {"C": 7, "degree": 5, "kernel": 2}
    assert result.best_value == 0 and result.best_params == {"C": 1.0, "degree": 3,
                                                             "kernel": "rbf"}


def test_grid_stops_when_the_grid_is_exhausted():
    result = minimize(lambda p: 0.0, {"kernel": Categorical(["rbf", "poly"])}, method="grid",
                      n_trials=10)
    assert len(result.trials) == 2


def test_random_search_converges_on_a_toy_function():
    result = minimize(branin, branin.space, method="random", n_trials=2000, seed=1)
    assert result.best_value - branin.minimum < 0.05


# --- seeds -------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["grid", "random"])
def test_same_seed_same_result_bit_for_bit(method):
    a = minimize(bowl, SPACE, method=method, n_trials=25, seed=123)
    b = minimize(bowl, SPACE, method=method, n_trials=25, seed=123)
    assert a.params == b.params
    assert a.values.tobytes() == b.values.tobytes()


def test_different_seeds_differ_and_global_state_is_untouched():
    np.random.seed(0)
    state = np.random.get_state()[1].copy()
    a = minimize(bowl, SPACE, method="random", n_trials=10, seed=1)
    b = minimize(bowl, SPACE, method="random", n_trials=10, seed=2)
    assert a.params != b.params
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_parallel_batches_give_the_same_random_search():
    serial = minimize(branin, branin.space, method="random", n_trials=12, seed=5)
    parallel = minimize(branin, branin.space, method="random", n_trials=12, seed=5, n_jobs=2)
    assert serial.params == parallel.params
    np.testing.assert_array_equal(serial.values, parallel.values)


# --- failed trials -----------------------------------------------------------------------

def test_nan_and_inf_are_failed_trials_never_the_best():
    def flaky(params):
        if params["C"] > 10:
            return math.nan
        if params["C"] < 0.01:
            return math.inf
        return bowl(params)

    result = minimize(flaky, SPACE, method="random", n_trials=60, seed=0)
    assert len(result.trials) == 60
    failed = [t for t in result.trials if t.failed]
    assert 0 < len(failed) == result.n_failed < 60
    assert math.isfinite(result.best_value) and result.best_params["C"] <= 10
    assert np.isnan(result.values).any() and np.isinf(result.values).any()
    assert np.all(np.isfinite(result.best_so_far[np.isfinite(result.best_so_far)]))


def test_all_failed_gives_no_best():
    result = minimize(lambda p: math.nan, SPACE, method="random", n_trials=5, seed=0)
    assert result.n_failed == 5 and math.isnan(result.best_value)
    assert result.best_params is None and result.best_trial is None
    assert "n_failed=5" in repr(result)


def test_caught_exceptions_fail_the_trial_and_others_propagate():
    def breaks(params):
        if params["kernel"] == "poly":
            raise ZeroDivisionError("poly is broken")
        return bowl(params)

    result = minimize(breaks, SPACE, method="random", n_trials=20, seed=0,
                      catch=ZeroDivisionError)
    poly = [t for t in result.trials if t.params["kernel"] == "poly"]
    assert poly and all(t.failed and "ZeroDivisionError: poly is broken" in t.error
                        for t in poly)
    assert result.best_params["kernel"] == "rbf"
    with pytest.raises(ZeroDivisionError):
        minimize(breaks, SPACE, method="random", n_trials=20, seed=0)
    with pytest.raises(ZeroDivisionError):
        minimize(breaks, SPACE, method="random", n_trials=20, seed=0, catch=(ValueError,))


def test_objective_must_return_a_number():
    with pytest.raises(TypeError, match="must return a number"):
        minimize(lambda p: "0.5", SPACE, n_trials=2, seed=0)
    with pytest.raises(TypeError, match="must return a number"):
        minimize(lambda p: None, SPACE, n_trials=2, seed=0)


def test_objective_gets_a_copy_of_the_params():
    def vandal(params):
        params["C"] = -1
        return 0.0

    result = minimize(vandal, SPACE, n_trials=3, seed=0)
    assert all(p["C"] > 0 for p in result.params)


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, words", [
    (dict(space={}), ValueError, "space"),
    (dict(space={"C": [1, 2]}), TypeError, r"space\['C'\]"),
    (dict(method="bayesian-ish"), ValueError, "method.*bayesian-ish"),
    (dict(method=None), ValueError, "method"),
    (dict(n_trials=0), ValueError, "n_trials.*0"),
    (dict(n_trials=2.5), TypeError, "n_trials.*2.5"),
    (dict(n_trials=True), TypeError, "n_trials"),
    (dict(seed=-1), ValueError, "seed.*-1"),
    (dict(seed=1.5), TypeError, "seed.*1.5"),
    (dict(catch="ValueError"), TypeError, "catch"),
    (dict(n_jobs=0), ValueError, "n_jobs"),
    (dict(objective=3), TypeError, "objective.*callable"),
])
def test_bad_input_names_the_parameter(kwargs, error, words):
    args = dict(objective=bowl, space=SPACE, method="random", n_trials=5, seed=0) | kwargs
    with pytest.raises(error, match=words):
        minimize(**args)


# --- one interface for every method -------------------------------------------------------

def test_a_new_method_plugs_in_with_ask_and_tell():
    @register("coordinate_test")
    class Told(Searcher):
        """Asks C = 1, 2, 3, ... and remembers what it was told."""

        def __init__(self, space, n_trials, rng):
            super().__init__(space, n_trials, rng)
            self.told = []

        def ask(self):
            return {"x": float(len(self.told) + 1)}

        def tell(self, params, value):
            self.told.append((params["x"], value))

    try:
        result = minimize(lambda p: (p["x"] - 3) ** 2, {"x": Real(0, 10)},
                          method="coordinate_test", n_trials=5, seed=0)
        assert result.best_params == {"x": 3.0} and list(result.values) == [4, 1, 0, 1, 4]
    finally:
        del METHODS["coordinate_test"]
    with pytest.raises(TypeError, match="Searcher subclass"):
        register("nope")(object)


# --- agreement with scikit-learn ----------------------------------------------------------

@pytest.fixture(scope="module")
def svc_objective():
    X, y = load_dataset("breast_cancer")
    return CVObjective(make_pipeline(StandardScaler(), SVC()), X, y, cv=5, seed=0)


def test_grid_search_picks_the_same_configuration_as_grid_search_cv(svc_objective):
    space = {"svc__C": Real(1e-2, 1e3, log=True), "svc__gamma": Real(1e-4, 1e0, log=True)}
    result = minimize(svc_objective, space, method="grid", n_trials=36)
    levels = grid_levels(space, 36)
    assert levels == {"svc__C": 6, "svc__gamma": 6}

    search = GridSearchCV(svc_objective.estimator, to_param_grid(space, levels),
                          cv=svc_objective.cv).fit(svc_objective.X, svc_objective.y)
    assert result.params == list(search.cv_results_["params"])  # same order
    np.testing.assert_allclose(result.values, 1 - search.cv_results_["mean_test_score"],
                               atol=1e-12)
    assert result.best_params == search.best_params_
    assert result.best_value == pytest.approx(1 - search.best_score_, abs=1e-12)


def test_space_feeds_randomized_search_cv_as_it_is(svc_objective):
    space = {"svc__C": Real(1e-2, 1e3, log=True), "svc__gamma": Real(1e-4, 1e0, log=True),
             "svc__kernel": Categorical(["rbf", "sigmoid"])}
    search = RandomizedSearchCV(svc_objective.estimator, space, n_iter=8, random_state=0,
                                cv=svc_objective.cv).fit(svc_objective.X, svc_objective.y)
    tried = search.cv_results_["params"]
    assert len(tried) == 8 and len({p["svc__C"] for p in tried}) == 8
    assert all(1e-2 <= p["svc__C"] <= 1e3 and p["svc__kernel"] in ("rbf", "sigmoid")
               for p in tried)
    # the same configurations, evaluated by the course's objective, give the same scores
    ours = [svc_objective(p) for p in tried]
    np.testing.assert_allclose(ours, 1 - search.cv_results_["mean_test_score"], atol=1e-12)
