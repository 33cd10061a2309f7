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
