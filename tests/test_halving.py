"""Successive halving and Hyperband: the schedule against scikit-learn's HalvingRandomSearchCV,
the brackets against Li et al. (2018), and the schedulers' behaviour through `minimize`."""

import math
import warnings

import numpy as np
import pytest
from scipy import stats
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.dummy import DummyClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingRandomSearchCV

from helpers import Integer, Real, minimize
from helpers.halving import Hyperband, SuccessiveHalving, halving_schedule, hyperband_brackets


class Constant(ClassifierMixin, BaseEstimator):
    """The cheapest estimator that takes a resource parameter: it predicts the first class."""

    def __init__(self, a=0.0, budget=1):
        self.a, self.budget = a, budget

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def sklearn_rungs(n_candidates, min_resources, max_resources, factor, resource="budget"):
    X = np.zeros((max_resources if resource == "n_samples" else 40, 1))
    y = np.arange(len(X)) % 2
    if resource == "budget":
        estimator, distributions = Constant(), {"a": stats.uniform(0, 1)}
    else:  # a grid of lists large enough for every n_candidates used here
        estimator = DummyClassifier()
        distributions = {"strategy": ["most_frequent", "prior", "stratified", "uniform"],
                         "random_state": list(range(100))}
    search = HalvingRandomSearchCV(
        estimator, distributions,
        n_candidates=n_candidates, factor=factor, resource=resource,
        min_resources=min_resources, max_resources=max_resources, cv=2, random_state=0,
        aggressive_elimination=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant scores: ties and all
        search.fit(X, y)
    return list(zip(search.n_candidates_, search.n_resources_))


@pytest.mark.parametrize("n_candidates, min_resources, max_resources, factor", [
    (27, 1, 27, 3),
    (30, 2, 100, 3),
    (100, 1, 10, 3),          # too few resources: stops before the candidates shrink below 3
    (8, 1, 8, 2),
    (10, 5, 64, 2.5),         # a float factor: int(factor**i * min_resources)
    (243, 1, 1000, 3),        # math.log(243, 3) = 4.999...: one rung fewer than exact
    ("exhaust", 3, 81, 3),
    ("exhaust", 7, 100, 4),
    (20, "exhaust", 50, 2),
    (5, "exhaust", 30, 4),
    (30, "exhaust", 500, 3),  # 'exhaust' ends at 486, not at max_resources
    (40, 2, 1000, 3),
])
def test_schedule_equals_halving_random_search_cv(n_candidates, min_resources, max_resources,
                                                   factor):
    ours = halving_schedule(n_candidates, min_resources, max_resources, factor)
    assert ours == sklearn_rungs(n_candidates, min_resources, max_resources, factor)


def test_schedule_with_n_samples_and_exhaust_uses_sklearns_smallest():
    # resource="n_samples": scikit-learn starts 'exhaust' from 2 * n_splits * n_classes = 8
    ours = halving_schedule(12, "exhaust", 90, 3, smallest=2 * 2 * 2)
    assert ours == sklearn_rungs(12, "exhaust", 90, 3, resource="n_samples")
    assert ours == [(12, 10), (4, 30), (2, 90)]       # 90 // 3**2 = 10 is above the floor
    ours = halving_schedule(12, "exhaust", 30, 3, smallest=8)
    assert ours == sklearn_rungs(12, "exhaust", 30, 3, resource="n_samples")
    assert ours == [(12, 8), (4, 24)]                 # 30 // 3**2 = 3 is below it


def test_min_resources_exhaust_need_not_end_at_max_resources():
    # the largest start that fits the rungs under max_resources, floored: 500 // 27 = 18
    assert halving_schedule(30, "exhaust", 500, 3) == [(30, 18), (10, 54), (4, 162), (2, 486)]
    # with n_samples the floor 2 * n_splits * n_classes can leave fewer rungs than needed
    ours = halving_schedule(40, "exhaust", 405, 3, smallest=2 * 3 * 10)
    assert ours == [(40, 60), (14, 180)]
    assert halving_schedule(40, "exhaust", 405, 3, smallest=2 * 2 * 2) == sklearn_rungs(
        40, "exhaust", 405, 3, resource="n_samples")


def test_the_log_rounding_quirk_is_mirrored():
    assert math.log(243, 3) < 5
    assert [n for n, _ in halving_schedule(243, 1, 10_000)] == [243, 81, 27, 9, 3]


def test_hyperband_brackets_are_li_et_al_table_1():
    assert hyperband_brackets(1, 81, 3) == [
        [(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)],
        [(34, 3), (11, 9), (3, 27), (1, 81)],
        [(15, 9), (5, 27), (1, 81)],
        [(8, 27), (2, 81)],
        [(5, 81)],
    ]
    # budgets as fractions of the full budget: the same counts, the same ratios
    fractions = hyperband_brackets(1 / 81, 1.0, 3)
    assert [[n for n, _ in b] for b in fractions] == [[81, 27, 9, 3, 1], [34, 11, 3, 1],
                                                     [15, 5, 1], [8, 2], [5]]
    assert fractions[0][0][1] == pytest.approx(1 / 81)


SPACE = {"x": Real(0.0, 1.0)}


def rank_preserving(params, budget):
    """A noisy-looking but rank-preserving fidelity: the same order at every budget."""
    return (params["x"] - 0.3) ** 2 + 1.0 / budget


def test_successive_halving_keeps_the_best_fraction_at_each_rung():
    halving = SuccessiveHalving(min_budget=1, max_budget=27, factor=3)
    result = minimize(rank_preserving, SPACE, method=halving, n_trials=40, seed=0)
    budgets = result.budgets
    assert list(budgets) == [1] * 27 + [3] * 9 + [9] * 3 + [27]
    for low, high, keep in ((1, 3, 9), (3, 9, 3), (9, 27, 1)):
        rung = [t for t in result.trials if t.budget == low]
        best = sorted(rung, key=lambda t: t.value)[:keep]
        promoted = [t.params for t in result.trials if t.budget == high]
        assert promoted == [t.params for t in best]
    # the winner is the best of the 27 candidates: the fidelity never misleads here
    xs = [t.params["x"] for t in result.trials if t.budget == 1]
    assert result.best_params["x"] == min(xs, key=lambda x: abs(x - 0.3))
    assert result.cost("budget")[-1] == 4 * 27 == halving.total_budget()


@pytest.mark.parametrize("options, rungs", [
    (dict(max_budget=405), [(243, 2), (81, 5), (27, 15), (9, 45), (3, 135), (1, 405)]),
    (dict(max_budget=100), [(81, 1), (27, 4), (9, 11), (3, 33), (1, 100)]),
    (dict(max_budget=243), [(243, 1), (81, 3), (27, 9), (9, 27), (3, 81), (1, 243)]),
    (dict(max_budget=1000, min_budget=10, factor=2),
     [(64, 16), (32, 31), (16, 62), (8, 125), (4, 250), (2, 500), (1, 1000)]),
    (dict(max_budget=405, min_budget=15), [(27, 15), (9, 45), (3, 135), (1, 405)]),
    (dict(max_budget=1.0, min_budget=1 / 9), [(9, 1 / 9), (3, 1 / 3), (1, 1.0)]),
])
def test_default_schedule_counts_down_from_max_budget(options, rungs):
    halving = SuccessiveHalving(**options)
    ours = halving.brackets()[0]
    assert [n for n, _ in ours] == [n for n, _ in rungs]
    assert [b for _, b in ours] == pytest.approx([b for _, b in rungs])
    assert ours[-1][1] == options["max_budget"]            # the last rung is the full budget
    assert ours == hyperband_brackets(options.get("min_budget", 1), options["max_budget"],
                                      options.get("factor", 3))[0]
    result = minimize(rank_preserving, SPACE, method=halving, n_trials=halving.n_trials_needed(),
                      seed=0)
    assert result.best_trial.budget == options["max_budget"]
    assert sum(t.budget == options["max_budget"] for t in result.trials) == 1


@pytest.mark.parametrize("min_budget, max_budget, factor", [(15, 405, 3), (1, 27, 3), (2, 64, 2)])
def test_default_schedule_is_sklearns_when_max_over_min_is_a_power_of_factor(
        min_budget, max_budget, factor):
    ours = SuccessiveHalving(max_budget=max_budget, min_budget=min_budget, factor=factor)
    n = ours.brackets()[0][0][0]
    assert ours.brackets()[0] == sklearn_rungs(n, min_budget, max_budget, factor)


def test_successive_halving_follows_sklearn_schedule_and_exhaust_reaches_max_budget():
    halving = SuccessiveHalving(min_budget=5, max_budget=135, factor=3, n_candidates="exhaust")
    assert halving.brackets() == [halving_schedule("exhaust", 5, 135, 3)]
    result = minimize(rank_preserving, SPACE, method=halving, n_trials=halving.n_trials_needed(),
                      seed=1)
    assert sorted(set(result.budgets)) == [5, 15, 45, 135]
    assert result.max_budget == 135 and len(result.trials) == 27 + 9 + 3 + 1


def test_best_is_chosen_among_full_budget_trials():
    def cheap_looks_great(params, budget):
        return params["x"] - (100.0 if budget < 27 else 0.0)

    result = minimize(cheap_looks_great, SPACE, method=SuccessiveHalving(max_budget=27),
                      n_trials=40, seed=0)
    full = [t for t in result.trials if t.budget == 27]
    assert result.best_trial is full[0] and result.best_value > 0
    assert np.isinf(result.best_so_far[:36]).all()  # no full-budget trial yet


def test_hyperband_runs_its_brackets_in_order_and_records_budgets():
    hyperband = Hyperband(min_budget=1, max_budget=27, factor=3)
    result = minimize(rank_preserving, SPACE, method=hyperband,
                      n_trials=hyperband.n_trials_needed(), seed=0)
    expected = [b for bracket in hyperband_brackets(1, 27, 3) for n, b in bracket for _ in range(n)]
    assert list(result.budgets) == expected
    assert len(result.trials) == 27 + 9 + 3 + 1 + 12 + 4 + 1 + 6 + 2 + 4
    assert result.cost("budget")[-1] == hyperband.total_budget() == 423
    # each bracket draws new candidates: the last one is plain random search at full budget
    last = result.trials[-4:]
    assert all(t.budget == 27 for t in last)
    earlier = {t.params["x"] for t in result.trials[:-4]}
    assert not earlier & {t.params["x"] for t in last}


def test_seeds_reproduce_and_the_wrapped_searcher_sees_the_same_candidates():
    method = Hyperband(max_budget=9)
    a = minimize(rank_preserving, SPACE, method=method, n_trials=100, seed=3)
    b = minimize(rank_preserving, SPACE, method=method, n_trials=100, seed=3)
    c = minimize(rank_preserving, SPACE, method=method, n_trials=100, seed=4)
    assert a.params == b.params and list(a.values) == list(b.values)
    assert list(a.budgets) == list(b.budgets)
    assert a.params != c.params
    # paired by construction: with one seed, halving ranks exactly random search's candidates
    halving = minimize(rank_preserving, SPACE, method=SuccessiveHalving(max_budget=27),
                       n_trials=40, seed=5)
    plain = minimize(lambda p: rank_preserving(p, 27), SPACE, method="random", n_trials=27,
                     seed=5)
    assert halving.params[:27] == plain.params


def test_any_searcher_can_be_wrapped():
    sobol = minimize(lambda p: rank_preserving(p, 9), SPACE, method="sobol", n_trials=9, seed=2)
    for searcher in ("sobol", type(sobol.searcher), sobol.searcher.__class__()):
        wrapped = minimize(rank_preserving, SPACE, n_trials=13, seed=2,
                           method=SuccessiveHalving(max_budget=9, searcher=searcher))
        assert wrapped.params[:9] == sobol.params
        assert len(wrapped.searcher.inner.trials) == 9  # the wrapped searcher was told rung 0


def test_failed_trials_are_never_promoted_nor_best():
    def fails_left(params, budget):
        return math.nan if params["x"] < 0.5 else params["x"] + 1.0 / budget

    result = minimize(fails_left, SPACE, method=SuccessiveHalving(max_budget=9), n_trials=13,
                      seed=0)
    ok = sum(t.params["x"] >= 0.5 for t in result.trials[:9])
    assert ok >= 3  # this seed has enough good candidates to fill the next rung
    assert all(t.params["x"] >= 0.5 for t in result.trials[9:])
    assert math.isfinite(result.best_value)


def test_parallel_batches_give_the_sequential_result():
    # a batch may not straddle two rungs: ask returns None until the rung is told, which cuts it
    method = SuccessiveHalving(max_budget=9)
    one = minimize(rank_preserving, SPACE, method=method, n_trials=13, seed=0)
    two = minimize(rank_preserving, SPACE, method=method, n_trials=13, seed=0, n_jobs=2)
    assert one.params == two.params and list(one.budgets) == list(two.budgets)


def test_integer_budgets_reach_an_integer_objective():
    space = {"k": Integer(1, 5)}
    result = minimize(lambda p, budget: float(p["k"] + (budget % 1)), space,
                      method=Hyperband(min_budget=2, max_budget=18), n_trials=50, seed=0)
    assert all(isinstance(t.budget, int) for t in result.trials)


@pytest.mark.parametrize("call, error, words", [
    (lambda: halving_schedule(10, 1, 27, factor=1), ValueError, "factor"),
    (lambda: halving_schedule(10, 1, 27, factor="3"), TypeError, "factor"),
    (lambda: halving_schedule(10, 30, 27), ValueError, "min_resources=30"),
    (lambda: halving_schedule("exhaust", "exhaust", 27), ValueError, "exhaust"),
    (lambda: halving_schedule(0, 1, 27), ValueError, "n_candidates"),
    (lambda: halving_schedule(10, 1.5, 27), TypeError, "min_resources"),
    (lambda: halving_schedule(10, 1, "auto"), TypeError, "max_resources"),
    (lambda: hyperband_brackets(0, 27), ValueError, "min_budget"),
    (lambda: hyperband_brackets(9, 3), ValueError, "min_budget=9"),
    (lambda: SuccessiveHalving(), ValueError, "max_budget"),
    (lambda: Hyperband(), ValueError, "max_budget"),
    (lambda: SuccessiveHalving(max_budget=27, n_candidates=9), ValueError,
     r"fewer than factor=3 candidates.*n_candidates=27 or more, or max_budget=9"),
    (lambda: SuccessiveHalving(max_budget=405, n_candidates="exhaust"), ValueError,
     r"next budget, 729, would pass max_budget.*power of factor.*max_budget=243"),
    (lambda: SuccessiveHalving(max_budget=500, min_budget=2, n_candidates=1000), ValueError,
     r"ends at budget 486"),
    (lambda: SuccessiveHalving(max_budget=27, min_budget="exhaust"), ValueError,
     "min_budget='exhaust' needs an int n_candidates"),
    (lambda: SuccessiveHalving(max_budget=27, min_budget=30), ValueError, "min_budget=30"),
    (lambda: SuccessiveHalving(max_budget=27, searcher="nope"), ValueError, "searcher"),
    (lambda: SuccessiveHalving(max_budget=27, searcher=42), TypeError, "searcher"),
    (lambda: Hyperband(max_budget=27, searcher=Hyperband(max_budget=9)), ValueError, "searcher"),
    (lambda: minimize(rank_preserving, SPACE, method=SuccessiveHalving(max_budget=27),
                      n_trials=39), ValueError, "n_trials=39"),
    (lambda: minimize(rank_preserving, SPACE, method="halving"), ValueError, "max_budget"),
])
def test_bad_settings_raise_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --- issue 19 -------------------------------------------------------------------------------

@pytest.mark.parametrize("make", [
    lambda: SuccessiveHalving(max_budget=10 ** 6, factor=1.0001),   # allocated 22 GB
    lambda: hyperband_brackets(1, 10 ** 4, 1.001),                  # 3 GB
    lambda: Hyperband(max_budget=10 ** 4, factor=1.001),
    lambda: halving_schedule(10 ** 6, 1, 10 ** 6, factor=1.0001),
])
def test_a_schedule_too_large_to_build_is_refused_with_a_message(make):
    with pytest.raises(ValueError, match=r"rungs \(more than 200\).*factor"):
        make()


@pytest.mark.parametrize("inner", ["halving", "hyperband"])
def test_a_scheduler_wrapping_a_scheduler_by_name_says_so(inner):
    with pytest.raises(ValueError, match="cannot wrap another one"):
        SuccessiveHalving(max_budget=27, searcher=inner)


def test_the_wrapped_searcher_keeps_its_own_books():
    result = minimize(lambda p, b: p["x"] + 1 / b, {"x": Real(0, 1)},
                      SuccessiveHalving(max_budget=9, searcher="bayes"), 13, seed=0)
    inner = result.searcher.inner
    # it saw its own 9 first-rung trials, numbered 0..8, each with its value
    assert [t.number for t in inner.trials] == list(range(9)) and not inner.pending
    first_rung = [t for t in result.trials if t.budget == 1]
    assert [t.params for t in inner.trials] == [t.params for t in first_rung]
    assert [t.value for t in inner.trials] == [t.value for t in first_rung]
