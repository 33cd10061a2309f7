"""minimize and the ask/tell searchers: budgets, seeds, failed trials, bad input, and agreement
with scikit-learn's GridSearchCV and RandomizedSearchCV."""

import math

import numpy as np
import pytest
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from helpers import (METHODS, Categorical, CVObjective, Integer, Real, Result, Searcher,
                     branin, grid_levels, load_dataset, minimize, register, to_param_grid)

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
    # best_so_far ignores failures: it equals the running minimum of the successful values,
    # with inf before the first success (a failure counted as a value would make it nan or
    # carry an inf forward)
    ok = np.where(np.isfinite(result.values), result.values, np.inf)
    np.testing.assert_array_equal(result.best_so_far, np.minimum.accumulate(ok))
    assert not np.isnan(result.best_so_far).any()
    assert result.best_so_far[-1] == result.best_value


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
    (dict(method=None), TypeError, "method.*None"),
    (dict(method=dict), TypeError, "method"),
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
        """Asks x = 1, 2, 3, ... and remembers what it was told, by trial number."""

        def __init__(self, first=1.0):  # (not `start`: that is the Searcher's own call)
            super().__init__()
            self.first = first
            self.told = []

        def ask(self):
            return {"x": self.first + self.next_number}

        def tell(self, trial):
            assert trial in self.trials and trial.number not in self.pending
            self.told.append((trial.number, trial.params["x"], trial.value))

    try:
        result = minimize(lambda p: (p["x"] - 3) ** 2, {"x": Real(0, 10)},
                          method="coordinate_test", n_trials=5, seed=0)
        assert result.best_params == {"x": 3.0} and list(result.values) == [4, 1, 0, 1, 4]
        assert result.searcher.told == [(i, i + 1.0, v) for i, v in enumerate(result.values)]
        assert result.method == "coordinate_test" and result.space == {"x": Real(0, 10)}
        # a configured instance: its options reach the searcher, and the instance itself is
        # copied, never bound, so it can serve another run
        configured = Told(first=2.0)
        again = minimize(lambda p: (p["x"] - 3) ** 2, {"x": Real(0, 10)}, method=configured,
                         n_trials=3, seed=0)
        assert [p["x"] for p in again.params] == [2.0, 3.0, 4.0]
        assert configured.space is None and configured.told == []
        # a class works too
        assert minimize(lambda p: 0.0, {"x": Real(0, 10)}, method=Told, n_trials=2).values.size
    finally:
        del METHODS["coordinate_test"]
    with pytest.raises(TypeError, match="Searcher subclass"):
        register("nope")(object)


def test_ask_returning_something_else_is_a_clear_error():
    class Wrong(Searcher):
        def ask(self):
            return [1.0]

    class Partial(Searcher):
        def ask(self):
            return {"y": 1.0}

    with pytest.raises(TypeError, match="params dict"):
        minimize(lambda p: 0.0, {"x": Real(0, 1)}, method=Wrong, n_trials=2)
    with pytest.raises(ValueError, match="proposed"):
        minimize(lambda p: 0.0, {"x": Real(0, 1)}, method=Partial, n_trials=2)


class DeterministicModelSearcher(Searcher):
    """Like a model-based searcher without randomness: proposes the point of a fixed 1-D grid
    closest to the best value told so far that is neither evaluated nor pending. Without the
    pending set, every ask in a parallel batch would propose the same point."""

    def ask(self):
        taken = {t.params["x"] for t in self.trials} | {t.params["x"]
                                                       for t in self.pending.values()}
        best = min(self.trials, key=lambda t: t.value).params["x"] if self.trials else 0.5
        free = [x for x in np.linspace(0, 1, 101) if x not in taken]
        return {"x": float(min(free, key=lambda x: abs(x - best)))} if free else None


def test_pending_trials_keep_a_parallel_batch_distinct():
    seen_pending = []

    class Watching(DeterministicModelSearcher):
        def ask(self):
            seen_pending.append(sorted(self.pending))
            return super().ask()

    result = minimize(lambda p: (p["x"] - 0.2) ** 2, {"x": Real(0, 1)}, method=Watching,
                      n_trials=12, seed=0, n_jobs=2)
    xs = [p["x"] for p in result.params]
    assert len(set(xs)) == len(xs) == 12
    # in each batch of two, the second ask saw the first as pending
    assert seen_pending[0] == [] and seen_pending[1] == [0]
    assert [t.number for t in result.trials] == list(range(12))


def test_ask_returning_none_ends_the_search():
    result = minimize(lambda p: 0.0, {"x": Real(0, 1)}, method=DeterministicModelSearcher,
                      n_trials=500, seed=0)
    assert len(result.trials) == 101


def test_each_trial_records_its_deciding_time():
    import time as _time

    class Slow(Searcher):
        def ask(self):
            _time.sleep(0.02)
            return {"x": 0.5}

    result = minimize(lambda p: 0.0, {"x": Real(0, 1)}, method=Slow, n_trials=3)
    assert all(t.decide_seconds >= 0.02 for t in result.trials)
    assert result.decide_seconds >= 0.06
    assert result.cost("seconds")[-1] >= result.decide_seconds
    np.testing.assert_array_equal(result.cost("trials"), [1, 2, 3])


def test_failed_trials_count_as_the_worst_value_seen_in_observations():
    class Recorder(Searcher):
        def ask(self):
            return {"x": float(len(self.trials))}

    values = iter([math.nan, 2.0, math.inf, 5.0, 1.0])
    result = minimize(lambda p: next(values), {"x": Real(0, 10)}, method=Recorder, n_trials=5)
    params, observed = result.searcher.observations()
    np.testing.assert_array_equal(observed, [5.0, 2.0, 5.0, 5.0, 1.0])
    assert [p["x"] for p in params] == [0, 1, 2, 3, 4]
    assert Recorder().bind({"x": Real(0, 1)}, 1, np.random.default_rng(0)).observations()[0] == []


def test_keyboard_interrupt_is_never_caught_and_finished_trials_survive():
    from helpers import last_result

    def interrupted(params):
        if interrupted.calls == 4:
            raise KeyboardInterrupt
        interrupted.calls += 1
        return bowl(params)

    interrupted.calls = 0
    with pytest.raises(KeyboardInterrupt) as info:
        minimize(interrupted, SPACE, method="random", n_trials=10, seed=0,
                 catch=BaseException)
    assert len(info.value.partial_result.trials) == 4
    assert last_result() is info.value.partial_result
    assert last_result().best_value == min(last_result().values)

    def exits(params):
        raise SystemExit(1)

    with pytest.raises(SystemExit):
        minimize(exits, SPACE, n_trials=3, seed=0, catch=(BaseException,))


def test_objective_may_return_extra_information():
    result = minimize(lambda p: (bowl(p), {"n_iter": 7}), SPACE, n_trials=3, seed=0)
    assert all(t.info == {"n_iter": 7} for t in result.trials)
    assert list(result.to_frame()["info_n_iter"]) == [7, 7, 7]


def test_an_int_too_large_for_a_float_is_a_clear_error():
    with pytest.raises(ValueError, match="too large for a float"):
        minimize(lambda p: 10 ** 400, SPACE, n_trials=1, seed=0)


def test_objective_cannot_edit_a_dict_choice_of_the_space():
    options = {"depth": 3}
    space = {"opts": Categorical([options, {"depth": 5}])}

    def vandal(params):
        params["opts"]["depth"] = -1
        return 0.0

    minimize(vandal, space, method="grid", n_trials=2)
    assert options == {"depth": 3} and space["opts"].categories[0] == {"depth": 3}


# --- budgets ------------------------------------------------------------------------------

class TwoFidelities(Searcher):
    """Each configuration first at budget 1, then at budget 10 (the full budget)."""

    max_budget = 10

    def setup(self):
        self.queue = [(p, b) for p in ({"x": 0.1}, {"x": 0.9}, {"x": 0.5}) for b in (1, 10)]

    def ask(self):
        return self.queue.pop(0) if self.queue else None


def test_budgets_reach_the_objective_and_the_best_is_a_full_budget_trial():
    # at budget 1 the objective is misleading: x = 0.9 looks best
    def objective(params, budget=10):
        return abs(params["x"] - (0.9 if budget < 10 else 0.5))

    result = minimize(objective, {"x": Real(0, 1)}, method=TwoFidelities, n_trials=6)
    np.testing.assert_array_equal(result.budgets, [1, 10, 1, 10, 1, 10])
    assert result.best_params == {"x": 0.5} and result.best_value == 0
    # best so far only moves on full-budget trials
    np.testing.assert_allclose(result.best_so_far, [np.inf, 0.4, 0.4, 0.4, 0.4, 0.0])
    np.testing.assert_array_equal(result.cost("budget"), [1, 11, 12, 22, 23, 33])


# --- results from outside the loop --------------------------------------------------------

def test_result_from_evaluations_made_elsewhere():
    from scipy.optimize import differential_evolution

    seen = []

    def f(x):
        seen.append(({"x1": x[0], "x2": x[1]}, branin.evaluate(x[None])[0]))
        return seen[-1][1]

    differential_evolution(f, [(-5, 10), (0, 15)], maxiter=5, popsize=5, seed=0, polish=False)
    result = Result.from_evaluations([p for p, _ in seen], [v for _, v in seen],
                                     method="scipy_de", space=branin.space)
    assert len(result.trials) == len(seen) and result.method == "scipy_de"
    assert result.best_value == min(v for _, v in seen)
    assert branin(result.best_params) == pytest.approx(result.best_value)
    with pytest.raises(ValueError, match="values has 1 entries but params has 2"):
        Result.from_evaluations([{"x": 1}, {"x": 2}], [1.0])
    with pytest.raises(TypeError, match=r"values\[0\]"):
        Result.from_evaluations([{"x": 1}], ["a"])


def test_to_frame_reads_like_cv_results():
    result = minimize(bowl, SPACE, method="grid", n_trials=20)
    frame = result.to_frame()
    assert list(frame.columns[:4]) == ["C", "degree", "kernel", "value"]
    assert len(frame) == len(result.trials) == 18  # 2 kernels x 3 C x 3 degrees
    assert frame["value"].min() == result.best_value


# --- methods ------------------------------------------------------------------------------

def test_sobol_search_is_reproducible_and_even():
    a = minimize(branin, branin.space, method="sobol", n_trials=16, seed=3)
    b = minimize(branin, branin.space, method="sobol", n_trials=16, seed=3)
    assert a.params == b.params
    # 16 points of a scrambled Sobol sequence: exactly one in each quarter of each axis
    # four times over (a (0, m, 2)-net), which random points almost never are
    u = np.array([[(p["x1"] + 5) / 15, p["x2"] / 15] for p in a.params])
    for column in u.T:
        np.testing.assert_array_equal(np.bincount((column * 4).astype(int), minlength=4),
                                      [4, 4, 4, 4])
    assert minimize(branin, branin.space, method="sobol", n_trials=16, seed=4).params != a.params


def test_grid_covers_every_category_when_the_budget_allows():
    space = {"C": Real(1e-3, 1e3, log=True), "kernel": Categorical(["rbf", "poly", "sigmoid"])}
    result = minimize(lambda p: 0.0, space, method="grid", n_trials=8)
    assert {p["kernel"] for p in result.params} == {"rbf", "poly", "sigmoid"}
    assert len(result.trials) == 6
    with pytest.warns(UserWarning, match="sigmoid"):
        small = minimize(lambda p: 0.0, space, method="grid", n_trials=2)
    assert [p["kernel"] for p in small.params] == ["rbf", "poly"]


def test_a_huge_grid_is_planned_and_walked_lazily():
    import types

    from helpers import GridSearcher

    # planning jumps to the balanced grid instead of growing it one level at a time (that
    # took 10**12 steps for one dimension: the test would never end)
    assert grid_levels({"x": Real(0, 1)}, 10 ** 12) == {"x": 10 ** 12}
    space = {"x": Real(0, 1), "y": Real(0, 1)}
    assert grid_levels(space, 10 ** 12) == {"x": 10 ** 6, "y": 10 ** 6}
    # the grid is a generator, not a list of 10**12 dicts popped from the front
    searcher = GridSearcher().bind(space, 10 ** 12, np.random.default_rng(0))
    assert isinstance(searcher._points, types.GeneratorType)
    first = [searcher.ask() for _ in range(2_000)]
    assert first[0] == {"x": 0.0, "y": 0.0} and first[1] == {"x": 0.0, "y": 1 / (10 ** 6 - 1)}


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


# --- issue 19: the searcher keeps its own books --------------------------------------------

def _configured(name):
    """Every registered method, configured to run on SPACE with a budget of 12-ish trials."""
    from helpers import Hyperband, SuccessiveHalving

    if name == "halving":
        return SuccessiveHalving(max_budget=9)
    if name == "hyperband":
        return Hyperband(max_budget=9, searcher="bayes")
    return name


def budgeted_bowl(params, budget=None):
    return bowl(params) + (0 if budget is None else 1 / budget)


@pytest.mark.parametrize("name", sorted(METHODS))
def test_a_hand_written_start_finish_loop_runs_the_same_search_as_minimize(name):
    from helpers import make_searcher

    method = _configured(name)
    n_trials = 30 if name == "hyperband" else 14
    expected = minimize(budgeted_bowl, SPACE, method, n_trials, seed=3)
    searcher = make_searcher(method).bind(SPACE, n_trials, seed=3)
    while len(searcher.trials) < n_trials and (trial := searcher.start()) is not None:
        value = (budgeted_bowl(trial.params) if trial.budget is None
                 else budgeted_bowl(trial.params, trial.budget))
        searcher.finish(trial, value)
    assert [(t.number, t.params, t.budget) for t in searcher.trials] == \
        [(t.number, t.params, t.budget) for t in expected.trials]
    np.testing.assert_array_equal([t.value for t in searcher.trials], expected.values)
    assert not searcher.pending


def test_a_hand_written_loop_moves_a_model_based_search():
    # the failure the issue reports: tell() alone recorded nothing, so BayesSearcher proposed
    # one point again and again
    from helpers import BayesSearcher

    searcher = BayesSearcher(n_initial=3).bind(branin.space, 10, seed=0)
    for _ in range(10):
        trial = searcher.start()
        searcher.finish(trial, branin(trial.params))
    points = {tuple(t.params.values()) for t in searcher.trials}
    assert len(points) == 10 and [t.number for t in searcher.trials] == list(range(10))


def test_finish_takes_each_started_trial_once():
    from helpers import RandomSearcher

    searcher = RandomSearcher().bind(SPACE, 5, seed=0)
    trial = searcher.start()
    assert searcher.pending == {0: trial}
    searcher.finish(trial, (2.0, {"note": "ok"}))
    assert searcher.trials == [trial] and trial.value == 2.0 and trial.info == {"note": "ok"}
    with pytest.raises(ValueError, match="not a pending trial"):
        searcher.finish(trial, 1.0)


@pytest.mark.parametrize("name", sorted(METHODS))
def test_ask_or_start_before_bind_says_to_bind(name):
    searcher = _configured(name)
    from helpers import make_searcher

    searcher = make_searcher(searcher)
    for call in (searcher.ask, searcher.start):
        with pytest.raises(RuntimeError, match=r"not bound.*bind\(space, n_trials, seed\)"):
            call()


def test_repr_shows_options_not_state_and_nested_searchers():
    from helpers import BayesSearcher, GridSearcher, Hyperband

    a = repr(Hyperband(max_budget=27, searcher=BayesSearcher(xi=0.1)))
    b = repr(Hyperband(max_budget=27, searcher=BayesSearcher(xi=0.0)))
    assert a != b and "xi=0.1" in a
    assert a == "Hyperband(max_budget=27, searcher=BayesSearcher(xi=0.1))"
    result = minimize(bowl, SPACE, BayesSearcher(n_initial=3), n_trials=5, seed=0)
    assert repr(result.searcher) == "BayesSearcher(n_initial=3)"  # no n_initial_, all_real
    grid = minimize(bowl, SPACE, "grid", n_trials=8, seed=0)
    assert repr(grid.searcher) == "GridSearcher()" and grid.searcher.get_params() == \
        {"levels": None}
    assert repr(GridSearcher(levels=3)) == "GridSearcher(levels=3)"


def test_result_max_budget_is_a_field_and_partial_results_come_from_one_place():
    from helpers import SuccessiveHalving, last_result

    result = minimize(budgeted_bowl, SPACE, SuccessiveHalving(max_budget=9), 13, seed=0)
    assert result.max_budget == 9
    result.searcher = None  # the field, not a reach into the searcher
    assert result.max_budget == 9 and result.best_trial.budget == 9

    def stop_at_three(params):
        if len(last_result().trials) == 3:
            raise KeyboardInterrupt
        return bowl(params)

    with pytest.raises(KeyboardInterrupt) as caught:
        minimize(stop_at_three, SPACE, "random", 10, seed=0)
    assert caught.value.partial_result is last_result()
    assert caught.value.partial_result.trials is last_result().searcher.trials
    assert len(caught.value.partial_result.trials) == 3


def test_to_frame_keeps_hyperparameters_named_like_its_columns():
    space = {name: Real(0, 1) for name in ("value", "seconds", "budget", "error", "trial")}
    result = minimize(lambda p: p["value"] + 10, space, "random", 3, seed=0)
    frame = result.to_frame()
    for name in space:
        np.testing.assert_array_equal(frame[f"param_{name}"], [p[name] for p in result.params])
    np.testing.assert_array_equal(frame["value"], result.values)
    assert (frame["value"] >= 10).all()


@pytest.mark.parametrize("kwargs, words", [
    (dict(budgets=[math.nan]), r"budgets\[0\] must be finite"),
    (dict(budgets=["9"]), r"budgets\[0\] must be a number"),
    (dict(budgets=[-1]), r"budgets\[0\] must be positive"),
    (dict(seconds=[-0.5]), r"seconds\[0\] must be at least 0"),
    (dict(seconds=[math.nan]), r"seconds\[0\] must be finite"),
])
def test_from_evaluations_refuses_impossible_budgets_and_seconds(kwargs, words):
    with pytest.raises((TypeError, ValueError), match=words):
        Result.from_evaluations([{"x": 1.0}], [1.0], **kwargs)


def test_huge_budgets_for_grid_and_sobol_cost_no_memory():
    def stop(result, trial):
        return trial.number == 4

    grid = minimize(lambda p: p["x"], {"x": Real(0, 1)}, "grid", 10 ** 12, seed=0, callback=stop)
    assert [p["x"] for p in grid.params[:2]] == [0.0, 1 / (10 ** 12 - 1)]
    sobol = minimize(branin, branin.space, "sobol", 10 ** 18, seed=0, callback=stop)
    assert len(sobol.trials) == 5
    # the lazily drawn sequence is the one drawn at once
    assert minimize(branin, branin.space, "sobol", 3000, seed=4).params[:2048:511] == \
        minimize(branin, branin.space, "sobol", 2048, seed=4).params[::511]


def test_importance_of_values_near_1e200_is_finite():
    from helpers import importance

    result = minimize(lambda p: 1e200 * (1 + math.log10(p["C"]) ** 2 + 0.01 * p["degree"]),
                      SPACE, "random", 40, seed=0)
    frame = importance(result, n_repeats=3)
    assert np.isfinite(frame["importance"]).all() and frame.index[0] == "C"
