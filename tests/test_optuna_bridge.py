"""The bridge to Optuna (notebook 09's extra): spaces become suggest_* calls, studies come back as
Results, pruned trials never count as the best, and a seed reproduces a study."""

import math

import numpy as np
import pytest

from helpers import Categorical, Integer, Real, branin

optuna = pytest.importorskip("optuna", reason="Optuna is the extra of notebook 09")
from helpers.optuna_bridge import optuna_minimize, result_from_study, suggest  # noqa: E402


def test_suggest_respects_every_kind_of_dimension():
    space = {"lr": Real(1e-4, 1e-1, log=True), "units": Integer(8, 64, log=True),
             "layers": Categorical([(32,), (32, 32)]), "kernel": Categorical(["rbf", "poly"])}
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    seen = []
    study.optimize(lambda t: seen.append(suggest(t, space)) or 0.0, n_trials=30)
    for p in seen:
        assert 1e-4 <= p["lr"] <= 1e-1 and 8 <= p["units"] <= 64
        assert isinstance(p["units"], int) and p["layers"] in [(32,), (32, 32)]
    assert {p["layers"] for p in seen} == {(32,), (32, 32)}  # tuples come back as themselves
    # log scale: about half the draws below the geometric middle, 1e-2.5
    assert 0.25 < np.mean([p["lr"] < 10 ** -2.5 for p in seen]) < 0.75
    result = result_from_study(study, space)
    assert result.params == seen


@pytest.mark.parametrize("sampler", ["tpe", "cmaes", "random"])
def test_a_seed_reproduces_a_study_and_tpe_beats_chance(sampler):
    a = optuna_minimize(branin, branin.space, sampler, n_trials=25, seed=3)
    b = optuna_minimize(branin, branin.space, sampler, n_trials=25, seed=3)
    np.testing.assert_array_equal(a.values, b.values)
    assert len(a.trials) == 25 and a.method == f"optuna_{sampler}" and a.seed == 3
    assert a.best_value == min(a.values)


def test_tpe_beats_random_on_branin_over_seeds():
    final = {s: [optuna_minimize(branin, branin.space, s, 30, seed=k).best_value
                 for k in range(8)] for s in ("tpe", "random")}
    wins = sum(t < r for t, r in zip(final["tpe"], final["random"]))
    assert wins >= 6, final  # paired over 8 seeds; chance would give 4


def test_hyperband_pruner_stops_trials_early_and_they_never_win():
    def objective(params, budget):  # converges to branin as the budget grows
        return branin(params) + 50 / budget, {"seconds": float(budget)}

    result = optuna_minimize(objective, branin.space, "tpe", 40, seed=0, pruner="hyperband",
                             fidelities=[1, 3, 9, 27])
    again = optuna_minimize(objective, branin.space, "tpe", 40, seed=0, pruner="hyperband",
                            fidelities=[1, 3, 9, 27])
    np.testing.assert_array_equal(result.budgets, again.budgets)  # the seed reproduces pruning
    np.testing.assert_array_equal(result.values, again.values)
    budgets = result.budgets
    assert (budgets < 27).sum() >= 5, "some trials were pruned"
    full = [v for v, b in zip(result.values, budgets) if b == 27]
    assert result.best_value == min(full)
    np.testing.assert_allclose([t.seconds for t in result.trials], budgets)


@pytest.mark.parametrize("kwargs, match", [({"sampler": "bayes"}, "sampler must be one of"),
                                           ({"pruner": "hyperband"}, "a pruner needs fidelities"),
                                           ({"n_trials": 0}, "n_trials"),
                                           ({"fidelities": [9, 3]}, "increasing")])
def test_bad_options_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optuna_minimize(branin, branin.space, **{"n_trials": 2, **kwargs})


# --- issue 19: one run path -------------------------------------------------------------------

@pytest.mark.parametrize("categories", [np.array([1, 2, 3]), [1, 2, (2, 2)]])
def test_the_recorded_params_are_the_evaluated_ones(categories):
    evaluated = []

    def objective(params):
        evaluated.append(params["c"])
        return float(params["x"])

    space = {"c": Categorical(categories), "x": Real(0, 1)}
    result = optuna_minimize(objective, space, "tpe", 12, seed=0)
    assert [p["c"] for p in result.params] == evaluated
    # through Optuna's own loop (pruning) too: each trial's first report is at budget 1
    evaluated.clear()
    pruned = optuna_minimize(lambda p, b: objective(p) if b == 1 else float(p["x"]), space,
                             "random", 6, seed=0, pruner="median", fidelities=[1, 2])
    assert [p["c"] for p in pruned.params] == evaluated and len(evaluated) == 6


def test_optuna_samplers_run_through_minimize_with_its_rules(tmp_path):
    from helpers import minimize
    from helpers.optuna_bridge import OptunaSearcher

    def sometimes_fails(params):
        return math.nan if params["x1"] > 7 else branin(params)

    result = optuna_minimize(sometimes_fails, branin.space, "tpe", 20, seed=1)
    same = minimize(sometimes_fails, branin.space, OptunaSearcher("tpe", seed=1), 20, seed=1)
    assert result.params == same.params and result.method == "optuna_tpe"
    assert len(result.trials) == 20 and result.n_failed > 0  # failed trials are kept
    assert all(t.decide_seconds > 0 for t in result.trials)  # Optuna's thinking is timed
    # a journal, resumed, gives the same result
    path = tmp_path / "optuna.jsonl"
    whole = minimize(sometimes_fails, branin.space, OptunaSearcher("tpe"), 8, seed=2,
                     storage=path)
    path.write_text("".join(path.read_text().splitlines(keepends=True)[:4]))
    resumed = minimize(sometimes_fails, branin.space, OptunaSearcher("tpe"), 8, seed=2,
                       storage=path)
    assert resumed.params == whole.params
    assert repr(OptunaSearcher("cmaes")) == "OptunaSearcher(sampler='cmaes')"
