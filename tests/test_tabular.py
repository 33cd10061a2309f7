"""The tabular benchmark looks up what was stored: nearest configuration, the fidelity paid for,
the stored cost; and searches, serial or in parallel workers, charge that cost."""

import numpy as np
import pytest

from helpers import minimize, regret, run_seeds
from helpers.objectives import DATA_DIR
from helpers.tabular import TabularBenchmark

LR = np.array([1e-4, 1e-3, 1e-2])
ALPHA = np.array([1e-6, 1e-3])
UNITS = np.array([16, 64])
BATCH = np.array([64, 256])
EPOCHS = np.array([1, 3, 9])


@pytest.fixture
def table(tmp_path):
    """A small table in the stored format, with errors we can predict: the count of wrong
    answers on fold k is 10*i + 5*j + 2*u + b + (3 - fidelity) + k, out of 100."""
    i, j, u, b, f, k = np.meshgrid(*(np.arange(n) for n in (3, 2, 2, 2, 3, 2)), indexing="ij")
    errors = (10 * i + 5 * j + 2 * u + b + (3 - f) + k).astype(np.uint16)
    seconds = (1.0 + f + 0.5 * u).astype(np.float32) * np.ones_like(errors, dtype=np.float32)
    test = (10 * i + 5 * j + 2 * u + b)[..., 0, 0].astype(np.uint16)
    path = tmp_path / "table.npz"
    np.savez(path, learning_rate_init=LR, alpha=ALPHA, hidden_units=UNITS, batch_size=BATCH,
             epochs=EPOCHS, val_errors=errors, val_sizes=np.array([100, 100]), seconds=seconds,
             test_errors=test, test_size=np.array(50))
    return TabularBenchmark(path)


def params(lr=1e-4, alpha=1e-6, units=16, batch=64):
    return {"learning_rate_init": lr, "alpha": alpha, "hidden_units": units, "batch_size": batch}


def test_lookup_returns_the_stored_mean_error_and_cost(table):
    value, info = table(params(lr=1e-3, alpha=1e-3, units=64, batch=256))
    # i=1, j=1, u=1, b=1 at the last fidelity (f=2): 10+5+2+1+1 + mean(k) = 19.5 wrong of 100
    assert value == pytest.approx(0.195)
    assert info == {"seconds": pytest.approx(2 * (1 + 2 + 0.5)), "epochs": 9}
    assert table.minimum == pytest.approx(0.015)  # all indices 0, full fidelity
    assert table.test_error(params(lr=1e-2)) == pytest.approx(20 / 50)


def test_nearest_configuration_on_a_log_scale(table):
    # 3e-4 is nearer 1e-4 than 1e-3 on a log scale (log10: -3.52 vs -4 and -3), 4e-4 is not
    assert table(params(lr=3e-4))[0] == table(params(lr=1e-4))[0]
    assert table(params(lr=4e-4))[0] == table(params(lr=1e-3))[0]
    assert table(params(units=31))[0] == table(params(units=16))[0]  # sqrt(16*64) = 32
    assert table(params(units=33))[0] == table(params(units=64))[0]


def test_budget_gets_the_largest_fidelity_it_pays_for(table):
    assert table(params(), 1)[1]["epochs"] == 1
    assert table(params(), 8.9)[1]["epochs"] == 3
    assert table(params(), 9)[1]["epochs"] == 9
    assert table(params(), 1)[0] > table(params(), 9)[0]  # fewer epochs, more errors here
    np.testing.assert_allclose(table.errors(1) - table.errors(9), 0.02)


@pytest.mark.parametrize("bad, match", [({"alpha": 1e-3}, "needs params"),
                                        (params(batch=100), "batch_size must be one of"),
                                        (params(lr=-1.0), "learning_rate_init must be positive"),
                                        (params(lr="big"), "learning_rate_init must be positive")])
def test_bad_params_raise_clearly(table, bad, match):
    with pytest.raises(ValueError, match=match.replace("must be positive", "must be a positive")):
        table(bad)


@pytest.mark.parametrize("budget", [0, 10, "3", -1])
def test_bad_budget_raises(table, budget):
    with pytest.raises(ValueError, match="budget is a number of epochs from 1 to 9"):
        table(params(), budget)


def test_search_is_charged_the_stored_seconds_not_the_lookup(table):
    result = minimize(table, table.space, "random", 12, seed=0)
    stored = [table(p)[1]["seconds"] for p in result.params]
    np.testing.assert_allclose([t.seconds for t in result.trials], stored)
    assert result.cost("seconds")[-1] >= sum(stored)  # plus the deciding time


def test_halving_runs_on_the_table(table):
    from helpers import SuccessiveHalving

    sh = SuccessiveHalving(min_budget=1, max_budget=9)
    result = minimize(table, table.space, sh, n_trials=sh.n_trials_needed(), seed=0)
    assert set(np.unique(result.budgets)) == {1, 3, 9}
    assert result.best_value == min(v for v, b in zip(result.values, result.budgets) if b == 9)


def test_objective_reporting_bad_seconds_raises():
    with pytest.raises(ValueError, match=r"info\['seconds'\]"):
        minimize(lambda p: (1.0, {"seconds": -2}), {"x": table_space()["x"]}, "random", 2, seed=0)


def table_space():
    from helpers import Real
    return {"x": Real(0, 1)}


def test_parallel_seeds_give_the_serial_values(table):
    serial = run_seeds(table, table.space, "evolution", 15, seeds=range(4))
    parallel = run_seeds(table, table.space, "evolution", 15, seeds=range(4), n_workers=2)
    assert [r.seed for r in parallel] == [0, 1, 2, 3]
    np.testing.assert_array_equal(regret(serial, table.minimum), regret(parallel, table.minimum))


@pytest.mark.parametrize("bad", [0, -2, 1.5, True])
def test_run_seeds_rejects_bad_worker_counts(bad):
    with pytest.raises(ValueError, match="n_workers"):
        run_seeds(lambda p: p["x"], table_space(), "random", 2, seeds=[0], n_workers=bad)


def test_the_stored_table_is_the_one_its_script_describes():
    bench = TabularBenchmark()
    assert bench.n_configurations == 360 and bench.fidelities.tolist() == [1, 3, 9, 27]
    full = bench.errors()
    assert 0 < bench.minimum == full.min() < 0.1  # an MLP learns the digits
    # more epochs help the typical configuration: a median drop, on the same configurations
    assert np.median(bench.errors(1) - full) > 0
    assert (DATA_DIR / "mlp_digits.npz").stat().st_size < 2e6


def test_the_docstring_lists_the_batch_sizes_the_table_holds():
    bench = TabularBenchmark()
    sizes = ", ".join(str(b) for b in bench.levels["batch_size"])
    assert f"batch_size (a choice of {sizes})" in " ".join(TabularBenchmark.__doc__.split())
    assert bench.space["batch_size"].categories == [int(b) for b in bench.levels["batch_size"]]
