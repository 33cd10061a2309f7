"""TPE from scratch (`method="tpe"`): its densities, its split, its rules, and its claims."""

import math

import numpy as np
import pytest
from scipy import stats

from helpers import (Categorical, Integer, Real, TPESearcher, branin, conditional_network,
                     minimize, paired)
from helpers.tpe import n_good, truncated_log_mass


def drive(searcher, objective, n):
    """Run a bound searcher by hand for n trials."""
    while len(searcher.trials) < n and (trial := searcher.start()) is not None:
        searcher.finish(trial, objective(trial.params))
    return searcher


def test_same_seed_same_run_other_seed_other_run():
    runs = [minimize(branin, branin.space, "tpe", n_trials=30, seed=s) for s in (3, 3, 4)]
    assert [t.params for t in runs[0].trials] == [t.params for t in runs[1].trials]
    np.testing.assert_array_equal(runs[0].values, runs[1].values)
    assert runs[0].params != runs[2].params


def test_no_global_random_state_is_used():
    np.random.seed(0)
    before = np.random.get_state()[1].copy()
    minimize(branin, branin.space, "tpe", n_trials=15, seed=0)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("dim", [Real(0.0, 1.0), Real(1e-3, 10.0, log=True)])
def test_parzen_density_integrates_to_one_on_the_unit_interval(dim):
    searcher = TPESearcher().bind({"x": dim}, 30, 0)
    X = np.array([[0.02], [0.3], [0.31], [0.9], [0.99]])
    kernels = searcher._kernels(X)
    grid = np.linspace(0, 1, 20001)
    density = np.exp(searcher._log_density(kernels, [grid], None))
    assert abs(np.trapezoid(density, grid) - 1.0) < 1e-3
    # denser where two points sit close together than in the empty stretch beside them
    assert density[np.argmin(abs(grid - 0.305))] > 1.2 * density[np.argmin(abs(grid - 0.6))]


def test_integer_and_category_masses_sum_to_one():
    space = {"k": Integer(1, 40, log=True), "c": Categorical(["a", "b", "c"])}
    searcher = TPESearcher().bind(space, 30, 0)
    X = np.array([[0.1, 0], [0.5, 2], [0.52, 2]])
    weights, (integer, category) = searcher._kernels(X)
    # the mixture's mass on every (integer, category) pair: together, all there is
    unit = searcher.space["k"].to_unit(np.arange(1, 41))
    per_category = [np.exp(searcher._log_density((weights, [integer, category]),
                                                 [unit, np.full(40, c)], None)).sum()
                    for c in range(3)]
    assert abs(sum(per_category) - 1.0) < 1e-9
    assert per_category[2] > per_category[1] and per_category[0] > per_category[1]


def test_bandwidths_follow_the_neighbour_rule_and_the_magic_clip():
    widths = TPESearcher._bandwidths(np.array([0.5, 0.2, 0.6]))
    # gaps 0.3 (inner gap of the lowest), 0.3 (larger of 0.3 and 0.1), 0.1 (inner gap of the
    # highest); then clipped below at 1 / min(100, 3 + 2) = 0.2
    np.testing.assert_allclose(widths, [0.3, 0.3, 0.2])
    many = TPESearcher._bandwidths(np.linspace(0, 1, 500))
    assert many.min() == pytest.approx(0.01)  # the clip stops at 1/100


def test_truncated_log_mass_is_exact_and_finite_in_the_tails():
    a, b = np.array([0.0, 0.2, 0.98]), np.array([0.1, 0.4, 1.0])
    expected = np.log(stats.norm.cdf(b, 0.5, 0.3) - stats.norm.cdf(a, 0.5, 0.3))
    np.testing.assert_allclose(truncated_log_mass(a, b, 0.5, 0.3), expected, rtol=1e-10)
    far = truncated_log_mass(np.array([0.9]), np.array([1.0]), 0.0, 0.01)  # 90 sigmas out
    assert np.isfinite(far).all() and far[0] < -4000


@pytest.mark.parametrize("n, expected", [(10, 1), (11, 2), (57, 6), (240, 24), (300, 25)])
def test_the_good_set_has_the_documented_size(n, expected):
    assert n_good(n) == expected == min(math.ceil(0.1 * n), 25)
    rng = np.random.default_rng(n)
    values = rng.random(n)
    searcher = TPESearcher(n_initial=n + 1).bind({"x": Real(0, 1)}, n + 1, 0)
    for v in values:
        searcher.finish(searcher.start(), float(v))
    good, bad = searcher.split()
    assert len(good) == expected and len(bad) == n - expected
    # the good ones are the best values
    encoded = {round(t.params["x"], 12): t.value for t in searcher.trials}
    assert max(encoded[round(x, 12)] for x in good[:, 0]) <= np.sort(values)[expected - 1]


def test_failed_and_pending_trials_count_as_bad():
    searcher = TPESearcher(n_initial=40).bind({"x": Real(0, 1)}, 40, 0)
    for i in range(30):
        searcher.finish(searcher.start(), math.nan if i % 3 == 0 else float(i))
    good, bad = searcher.split()
    assert len(good) == 3 and len(bad) == 27
    assert set(np.round(good[:, 0], 12)) <= {round(t.params["x"], 12) for t in searcher.trials
                                              if not t.failed}
    # every trial failing: nothing is good, l is the prior alone, and the search goes on
    failing = minimize(lambda p: math.inf, {"x": Real(0, 1)}, "tpe", n_trials=15, seed=0)
    assert len(failing.trials) == 15 and failing.best_params is None
    pending = searcher.start()  # asked, not told: the constant liar puts it among the bad
    good_after, bad_after = searcher.split()
    assert len(bad_after) == 28 and bad_after[-1, 0] == pytest.approx(pending.params["x"])


def test_a_batch_proposes_different_configurations_and_reproduces():
    runs = [minimize(branin, branin.space, "tpe", n_trials=40, seed=7, n_jobs=2)
            for _ in range(2)]
    assert [t.params for t in runs[0].trials] == [t.params for t in runs[1].trials]
    params = [tuple(t.params.values()) for t in runs[0].trials]
    assert all(params[i] != params[i + 1] for i in range(10, 40, 2))


def test_a_category_that_is_always_best_is_proposed_most_often():
    space = {"x": Real(0, 1), "c": Categorical(["a", "b", "c", "d"])}

    def objective(p):
        return (p["x"] - 0.3) ** 2 + (0.0 if p["c"] == "c" else 0.5)

    shares = []
    for seed in range(10):
        result = minimize(objective, space, "tpe", n_trials=60, seed=seed)
        late = [t.params["c"] for t in result.trials[30:]]
        counts = {c: late.count(c) for c in "abcd"}
        assert max(counts, key=counts.get) == "c", counts  # the most often, in every seed
        shares.append(counts["c"] / len(late))
    assert np.mean(shares) > 0.5  # against 0.25 for random search


def test_tpe_beats_random_search_on_branin_at_50_evaluations():
    """Bergstra et al. (2011): TPE ahead of random search at equal budget, measured paired."""
    seeds = range(30)
    tpe = [minimize(branin, branin.space, "tpe", n_trials=50, seed=s).best_value for s in seeds]
    rand = [minimize(branin, branin.space, "random", n_trials=50, seed=s).best_value
            for s in seeds]
    comparison = paired(tpe, rand)
    assert comparison.better > comparison.worse and comparison.p_value < 0.01, comparison


def test_conditional_kernels_use_only_the_trials_where_a_dimension_is_active():
    space = conditional_network.space
    searcher = drive(TPESearcher(n_initial=20).bind(space, 60, 0), conditional_network, 20)
    X = np.array(searcher._X)
    weights, per_dim = searcher._kernels(X)
    j = list(space).index("width_3")
    centres, widths = per_dim[j]
    inactive = np.isnan(X[:, j])
    assert inactive.any() and (~inactive).any()
    # a trial without a third layer gives the prior on its axis; the others their own kernel
    assert np.all(centres[:-1][inactive] == 0.5) and np.all(widths[:-1][inactive] == 1.0)
    np.testing.assert_array_equal(centres[:-1][~inactive], X[~inactive, j])
    np.testing.assert_allclose(widths[:-1][~inactive],
                               TPESearcher._bandwidths(X[~inactive, j]))
    # a candidate's inactive coordinate does not move its score
    unit = [np.full(2, 0.5) for _ in space]
    unit[list(space).index("solver")] = np.zeros(2, dtype=int)
    unit[j] = np.array([0.05, 0.95])
    active = {name: np.ones(2, dtype=bool) for name in space}
    active["width_3"] = np.zeros(2, dtype=bool)
    scores = searcher._log_density((weights, per_dim), unit, active)
    assert scores[0] == scores[1]
    active["width_3"] = np.ones(2, dtype=bool)
    scores = searcher._log_density((weights, per_dim), unit, active)
    assert scores[0] != scores[1]


def test_conditional_proposals_hold_only_active_names():
    f = conditional_network
    result = minimize(f, f.space, "tpe", n_trials=60, seed=1)
    for t in result.trials:
        widths = {f"width_{i}" for i in range(1, t.params["n_layers"] + 1)}
        assert {"width_1", "width_2", "width_3"} & set(t.params) == widths
        assert ("momentum" in t.params) == (t.params["solver"] == "sgd")


def test_options_are_checked_and_shown():
    assert repr(TPESearcher(n_candidates=48)) == "TPESearcher(n_candidates=48)"
    with pytest.raises(ValueError, match="n_initial"):
        TPESearcher(n_initial=0)
    with pytest.raises(ValueError, match="prior_weight"):
        TPESearcher(prior_weight=0.0)
    with pytest.raises(TypeError, match="n_candidates"):
        TPESearcher(n_candidates=2.5)
