"""Notebook 09's benchmark suite (helpers/suite.py): its problems, its methods, and `run`."""

import math

import joblib
import numpy as np
import pytest

from helpers import hyperband_brackets, minimize
from helpers import suite
from helpers.suite import COLUMNS, METHODS, PROBLEMS, applicable, run


def values(records):
    """A run's records without the seconds, which vary from run to run."""
    return {b: {k: v for k, v in r.items() if not k.endswith("seconds")}
            for b, r in records.items()}


def same(a, b):
    return all(x == y or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
               for ra, rb in zip(a.values(), b.values()) for x, y in zip(ra.values(), rb.values()))


def test_the_problems_span_the_axes_of_the_guide():
    assert len(PROBLEMS) >= 8
    for name in ("branin", "goldstein_price", "hartmann3", "hartmann6", "levy10",
                 "hartmann6_noisy", "mixed_branin", "mlp_digits"):
        assert name in PROBLEMS
    assert {p.kind for p in PROBLEMS.values()} == {"toy", "noisy", "mixed", "real model"}
    assert {2, 6, 10} <= {p.dimensions for p in PROBLEMS.values()}
    for name, problem in PROBLEMS.items():
        assert problem.name == name and problem.dimensions == len(problem.space)
        assert problem.has_fidelity == (problem.kind == "real model") == \
            (problem.max_budget is not None)
        assert problem.source


@pytest.mark.parametrize("name", [n for n, p in PROBLEMS.items() if p.kind != "real model"])
def test_toy_problems_attain_their_minimum_and_nothing_lower(name):
    problem = PROBLEMS[name]
    function = problem.objective.function if problem.kind == "noisy" else problem.objective
    for point in function.minimizers:
        assert problem.true_value(point) == pytest.approx(problem.minimum, abs=1e-9)
        assert problem.test_value(point) == problem.true_value(point)
    from helpers import sample

    points = sample(problem.space, np.random.default_rng(0), size=2000)
    assert min(problem.true_value(p) for p in points) > problem.minimum


def test_the_tables_minimum_is_their_best_full_fidelity_error():
    for problem in PROBLEMS.values():
        if problem.kind == "real model":
            bench = problem.objective
            assert problem.minimum == pytest.approx(bench.errors().min())
            assert problem.max_budget == bench.fidelities[-1]
            assert problem.min_budget == bench.fidelities[0]


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_every_applicable_method_runs_at_a_tiny_budget(name):
    for method in METHODS:
        if not applicable(name, method):
            with pytest.raises(ValueError, match="fidelity"):
                run(name, method, budget=3, seed=0)
            continue
        records = run(name, method, budget=3, workers=2, seed=1)
        assert list(records) == [3]
        record = records[3]
        assert tuple(record) == COLUMNS
        assert (record["problem"], record["method"], record["workers"], record["seed"],
                record["budget"]) == (name, method, 2, 1, 3)
        assert record["spent"] <= 3 + 1e-9
        if method != "hyperband":
            assert 1 <= record["evaluations"] <= 3 and record["regret"] >= 0
            assert record["deciding_seconds"] >= 0 and record["evaluation_seconds"] >= 0
            assert record["wall_seconds"] >= record["deciding_seconds"]


def test_records_at_each_checkpoint_with_the_contract_columns():
    records = run("branin", "random", budget=200, workers=1, seed=0)
    assert list(records) == [10, 50, 200]
    assert list(run("branin", "random", budget=30, seed=0)) == [10, 30]
    for budget, record in records.items():
        assert tuple(record) == COLUMNS and record["evaluations"] == budget
        assert record["regret"] == pytest.approx(record["best_value"] - PROBLEMS["branin"].minimum)
        assert record["test_value"] == record["best_value"]  # a plain toy function
    regrets = [r["regret"] for r in records.values()]
    assert regrets == sorted(regrets, reverse=True)  # the incumbent never gets worse
    # random search's best at 10 and 50 is the best of its first 10 and 50 trials
    result = minimize(PROBLEMS["branin"].objective, PROBLEMS["branin"].space, "random",
                      n_trials=200, seed=0)
    for budget in (10, 50, 200):
        assert records[budget]["best_value"] == min(result.values[:budget])


@pytest.mark.parametrize("problem, method", [("hartmann3", "bayes"), ("mixed_branin", "optuna-tpe"),
                                             ("hartmann6_noisy", "evolution"),
                                             ("mlp_digits", "hyperband")])
def test_run_reproduces_for_a_seed(problem, method):
    first = run(problem, method, budget=12, workers=4, seed=7)
    assert same(values(first), values(run(problem, method, budget=12, workers=4, seed=7)))
    assert not same(values(first), values(run(problem, method, budget=12, workers=4, seed=8)))


def test_a_smaller_budget_reads_the_start_of_a_larger_search():
    for problem, method in (("hartmann6", "random"), ("hartmann6", "optuna-tpe"),
                            ("mlp_digits", "hyperband")):
        long, short = run(problem, method, 14, seed=3), run(problem, method, 10, seed=3)
        assert same(values({10: long[10]}), values({10: short[10]}))
    # but bayes sizes its initial design by the budget: budget 10 is a search of its own
    records = run("branin", "bayes", budget=12, seed=2)
    ten = minimize(PROBLEMS["branin"].objective, PROBLEMS["branin"].space, "bayes", 10, seed=2)
    assert records[10]["best_value"] == ten.best_value
    # and grid runs the finest full grid that fits each budget
    grid = run("hartmann3", "grid", budget=50, seed=0)
    assert (grid[10]["evaluations"], grid[50]["evaluations"]) == (8, 48)


def test_workers_start_trials_in_batches_as_minimize_n_jobs_does():
    problem = PROBLEMS["hartmann3"]
    trials, batches, _ = suite._search(problem, "bayes", 12, 4, seed=5)
    assert batches == [0] * 4 + [1] * 4 + [2] * 4
    with joblib.parallel_config(backend="threading"):
        result = minimize(problem.objective, problem.space, "bayes", 12, seed=5, n_jobs=4)
    assert [t.params for t in trials] == [t.params for t in result.trials]
    serial, _, _ = suite._search(problem, "bayes", 12, 1, seed=5)
    assert [t.params for t in serial] != [t.params for t in trials]  # the model learns less often
    # random search proposes the same points whatever the workers
    one, four = run("mlp_digits", "random", 50, 1, seed=4), run("mlp_digits", "random", 50, 4, seed=4)
    for budget in (10, 50):
        assert one[budget]["best_value"] == four[budget]["best_value"]
        assert one[budget]["evaluation_seconds"] == pytest.approx(
            four[budget]["evaluation_seconds"])
        # four workers: each batch of four costs its slowest evaluation
        assert (four[budget]["wall_seconds"] - four[budget]["deciding_seconds"]
                < 0.6 * (one[budget]["wall_seconds"] - one[budget]["deciding_seconds"]))


def test_wall_seconds_are_the_batches_slowest_evaluations_plus_deciding():
    problem = PROBLEMS["mlp_digits"]
    trials, batches, spends = suite._search(problem, "random", 10, 4, seed=0)
    record = run(problem, "random", 10, 4, seed=0)[10]
    slowest = [max(t.seconds for t, b in zip(trials, batches) if b == k) for k in range(3)]
    assert record["evaluation_seconds"] == pytest.approx(sum(t.seconds for t in trials))
    assert record["wall_seconds"] - record["deciding_seconds"] == pytest.approx(sum(slowest))


def test_hyperband_spends_the_budget_in_full_fidelity_evaluations():
    problem = PROBLEMS["mlp_digits"]
    R = problem.max_budget
    records = run(problem, "hyperband", budget=50, workers=1, seed=0)
    for budget, record in records.items():
        # every trial at budget b costs b / R; the search stops before it would overspend
        assert budget - 1 < record["spent"] <= budget + 1e-9
        assert record["evaluations"] > budget  # many cheap trials
    # the first bracket, counted by hand: n trials at budget b each cost b / R
    brackets = hyperband_brackets(problem.min_budget, R, 3)
    first = sum(n * b / R for n, b in brackets[0])
    trials, _, spends = suite._search(problem, "hyperband", None, 1, seed=0, spend_limit=first)
    assert len(trials) == sum(n for n, _ in brackets[0])
    assert sum(spends) == pytest.approx(first)
    assert [t.budget for t in trials] == [b for n, b in brackets[0] for _ in range(n)]
    # before any trial at the full fidelity there is no incumbent: NaN, said plainly
    early = run(problem, "hyperband", budget=1, seed=0)[1]
    assert early["evaluations"] == brackets[0][0][0] and math.isnan(early["best_value"])
    assert math.isnan(early["regret"]) and math.isnan(early["test_value"])
    # after it, the incumbent is the best full-fidelity trial, scored on the test set
    bench = problem.objective
    full = [t for t in trials if t.budget == R]
    assert records[10]["best_value"] <= full[0].value
    assert records[10]["test_value"] >= 0 and records[10]["regret"] >= 0


def test_hyperband_runs_more_iterations_when_the_budget_allows():
    problem = PROBLEMS["mlp_digits"]
    brackets = hyperband_brackets(problem.min_budget, problem.max_budget, 3)
    one_iteration = sum(n * b for bracket in brackets for n, b in bracket) / problem.max_budget
    trials, _, spends = suite._search(problem, "hyperband", None, 1, seed=0,
                                      spend_limit=2 * one_iteration + 1e-6)
    assert sum(spends) == pytest.approx(2 * one_iteration)
    n = sum(n for bracket in brackets for n, _ in bracket)
    assert len(trials) == 2 * n
    # the second iteration draws fresh configurations
    assert [t.params for t in trials[:n]] != [t.params for t in trials[n:]]


def test_the_noisy_problem_scores_winners_without_noise():
    problem = PROBLEMS["hartmann6_noisy"]
    assert problem.kind == "noisy" and problem.objective.sd == suite.NOISE_SD
    records = run(problem, "random", 50, seed=0)
    for record in records.values():
        assert record["best_value"] != record["test_value"]          # what the search saw
        assert record["regret"] == pytest.approx(record["test_value"] - problem.minimum)
    # the noise stream comes from the search's seed
    assert problem.objective_for(3)({"x1": 0.5, "x2": 0.5, "x3": 0.5, "x4": 0.5, "x5": 0.5,
                                     "x6": 0.5}) == \
        problem.objective_for(3)({"x1": 0.5, "x2": 0.5, "x3": 0.5, "x4": 0.5, "x5": 0.5,
                                  "x6": 0.5})


def test_bad_names_and_settings_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown problem 'brannin'.*branin"):
        run("brannin", "random", 10)
    with pytest.raises(ValueError, match="unknown method 'tpe'.*optuna-tpe"):
        run("branin", "tpe", 10)
    with pytest.raises(ValueError, match="'hyperband' needs a problem with a fidelity.*mlp_digits"):
        run("branin", "hyperband", 10)
    for name, value in (("budget", 0), ("workers", 0), ("seed", -1), ("budget", 2.5)):
        settings = {"budget": 10, "workers": 1, "seed": 0, name: value}
        with pytest.raises((TypeError, ValueError), match=f"{name} must be"):
            run("branin", "random", **settings)
