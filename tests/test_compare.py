"""Running a method over seeds, regret curves and their summaries."""

import numpy as np
import pytest

from helpers import Real, Result, branin, minimize, regret, run_seeds, summarize


def test_run_seeds_is_minimize_once_per_seed():
    results = run_seeds(branin, branin.space, "random", n_trials=15, seeds=[3, 4, 5])
    assert [r.seed for r in results] == [3, 4, 5]
    again = minimize(branin, branin.space, method="random", n_trials=15, seed=4)
    assert results[1].params == again.params
    with pytest.raises(ValueError, match="seeds"):
        run_seeds(branin, branin.space, "random", n_trials=5, seeds=[])


def test_regret_is_best_so_far_minus_the_optimum_and_pads_short_runs():
    long = Result.from_evaluations([{"x": 0}] * 4, [5.0, 3.0, 4.0, 1.0])
    short = Result.from_evaluations([{"x": 0}] * 2, [2.0, 6.0])
    curves = regret([long, short], minimum=1.0)
    np.testing.assert_array_equal(curves, [[4, 2, 2, 0], [1, 1, 1, 1]])
    with pytest.raises(ValueError, match="at least one trial"):
        regret([Result.from_evaluations([], [])])


def test_summarize_gives_median_and_quartiles():
    summary = summarize([1.0, 2.0, 3.0, 4.0, 100.0])
    assert summary == {"median": 3.0, "q25": 2.0, "q75": 4.0, "n": 5}
    with pytest.raises(ValueError, match="one value per seed"):
        summarize(np.zeros((2, 2)))


def test_random_search_regret_on_branin_shrinks_with_budget_over_seeds():
    results = run_seeds(branin, branin.space, "random", n_trials=200, seeds=range(20))
    curves = regret(results, branin.minimum)
    assert np.all(curves >= 0) and np.all(np.diff(curves, axis=1) <= 0)
    # a claim that could fail: the median regret after 200 trials is a fraction of that
    # after 10 (expected improvement of random search with 20x the samples)
    assert np.median(curves[:, -1]) < 0.25 * np.median(curves[:, 9])
    assert minimize(lambda p: 0.0, {"x": Real(0, 1)}, n_trials=1).values.size == 1


def test_summarize_counts_a_failed_seed_as_the_worst_not_as_nan():
    summary = summarize([1.0, 2.0, np.inf])
    assert summary["median"] == 2.0 and summary["q75"] == np.inf and summary["q25"] == 1.5
    assert summarize([1.0, 2.0, 3.0, 4.0]) == {"median": 2.5, "q25": 1.75, "q75": 3.25, "n": 4}
    with pytest.raises(ValueError, match="NaN"):
        summarize([1.0, np.nan])


def test_course_seed_reads_the_environment(monkeypatch):
    from helpers import course_seed, seed_block
    monkeypatch.delenv("COURSE_SEED", raising=False)
    assert course_seed() == 0 and list(seed_block(3)) == [0, 1, 2]
    monkeypatch.setenv("COURSE_SEED", " 7 ")
    assert course_seed() == 7 and list(seed_block(2)) == [70_000, 70_001]
    assert list(seed_block(2, seed=1)) == [10_000, 10_001]
    for bad in ("seven", "1.5", "-1"):
        monkeypatch.setenv("COURSE_SEED", bad)
        with pytest.raises(ValueError, match="COURSE_SEED"):
            course_seed()
    monkeypatch.setenv("COURSE_SEED", "")
    assert course_seed() == 0
    with pytest.raises(ValueError, match="n must"):
        seed_block(0)


def test_paired_counts_and_intervals_against_scipy():
    from scipy import stats

    from helpers import paired
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 3.0, 3.0])
    b = np.array([2.0, 3.0, 3.0, 5.0, 4.0, 7.0, 9.0, 9.0, 10.0, 12.0, 3.5, 2.0])
    cmp = paired(a, b)
    d = a - b
    assert (cmp.better, cmp.tied, cmp.worse, cmp.n) == (9, 1, 2, 12)
    assert cmp.median_difference == np.median(d)
    assert cmp.p_value == pytest.approx(stats.binomtest(9, 11).pvalue)
    assert cmp.win_rate == pytest.approx(9 / 11)
    lo, hi = cmp.interval
    # n = 12 at 95 %: the 3rd and 10th order statistics (P(Binom(12, .5) <= 2) = 0.019)
    assert (lo, hi) == (np.sort(d)[2], np.sort(d)[9])
    assert "better in 9, tied in 1, worse in 2 of 12" in str(cmp)
    # tol turns small differences into ties; inf against inf is a tie, not nan
    assert paired(a, b, tol=0.6).tied == 2  # the 0 and the -0.5
    both_failed = paired([np.inf, 1.0, 2.0], [np.inf, 2.0, 1.0])
    assert (both_failed.better, both_failed.tied, both_failed.worse) == (1, 1, 1)
    with pytest.raises(ValueError, match="equal length"):
        paired([1.0, 2.0], [1.0])
    with pytest.raises(ValueError, match="NaN"):
        paired([1.0, np.nan], [1.0, 2.0])


def test_paired_interval_covers_the_true_median_at_its_confidence():
    from helpers import paired
    rng = np.random.default_rng(0)
    covered = [paired(rng.normal(0.3, 1, 25), np.zeros(25)).interval for _ in range(400)]
    rate = np.mean([lo <= 0.3 <= hi for lo, hi in covered])
    assert 0.93 <= rate <= 0.995  # exact order-statistic intervals are slightly conservative


def test_regret_refuses_zero_trials_rather_than_reading_it_as_none():
    from helpers import branin, minimize, regret

    result = minimize(branin, branin.space, "random", 5, seed=0)
    assert regret([result], branin.minimum, n_trials=3).shape == (1, 3)
    with pytest.raises(ValueError, match="n_trials must be at least 1, not 0"):
        regret([result], branin.minimum, n_trials=0)
