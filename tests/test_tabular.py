"""The tabular benchmarks look up what was stored: nearest configuration, the fidelity paid for,
the stored cost; and searches, serial or in parallel workers, charge that cost. The MLP table is
exactly what it was; the gradient-boosting and SVM tables cover their grids, and their scripts
reproduce the stored errors."""

import hashlib
import importlib.util
from itertools import product

import numpy as np
import pytest
import sklearn

from helpers import Hyperband, minimize, regret, run_seeds
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
    return TabularBenchmark(path)  # a path where a name goes: read that file


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


# --- the MLP table is exactly the one notebooks 08 and 09 were written against ----------------

def test_the_mlp_table_file_and_its_lookups_are_unchanged():
    path = DATA_DIR / "mlp_digits.npz"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == (
        "dbe20f827e8d6d63a16cd9e282cd9afc90bd9a7eca9a38d4fc14c56a0f513ff8")
    bench = TabularBenchmark()
    assert bench.name == "mlp_digits" and bench.fidelity_name == "epochs"
    assert repr(bench) == ("<tabular benchmark mlp_digits: 360 configurations x epochs "
                           "[1, 3, 9, 27], minimum 0.0209>")
    assert bench.minimum == 0.020876826722338204
    assert (bench.min_budget, bench.max_budget) == (1, 27)
    # every value, recomputed from the stored arrays as the original class did
    with np.load(path) as table:
        mean = (table["val_errors"] / table["val_sizes"]).mean(axis=-1)
        seconds = table["seconds"].sum(axis=-1)
        test = table["test_errors"] / int(table["test_size"])
    for k, epochs in enumerate([1, 3, 9, 27]):
        np.testing.assert_array_equal(bench.errors(epochs), mean[..., k].ravel())
        np.testing.assert_array_equal(bench.errors(epochs=epochs), mean[..., k].ravel())
    for index in [(0, 0, 0, 0), (2, 1, 3, 2), (5, 4, 2, 1)]:
        point = {name: levels[i].item() for (name, levels), i in zip(bench.levels.items(), index)}
        assert bench(point, 9) == (mean[index][2], {"seconds": float(seconds[index][2]),
                                                     "epochs": 9})
        assert bench(point)[0] == mean[index][3]
        assert bench.test_error(point) == test[index]
    assert str(bench.space) == ("{'learning_rate_init': Real(0.0001, 0.03, log=True), "
                                "'alpha': Real(1e-06, 1, log=True), "
                                "'hidden_units': Integer(16, 128, log=True), "
                                "'batch_size': Categorical([64, 128, 256])}")


# --- the self-describing format every newer table uses -------------------------------------

@pytest.fixture
def described(tmp_path):
    """A table that names its hyperparameters, their kinds and its fidelity: a linear real x in
    {0, 0.5, 1}, a string choice in {"a", "b"}, fidelities 10 and 30 trees; errors 10*i + j + f
    of 100, one fold."""
    i, j, f = np.meshgrid(np.arange(3), np.arange(2), np.arange(2), indexing="ij")
    path = tmp_path / "toy_table.npz"
    np.savez(path, hyperparameters=np.array(["x", "letter"]),
             kinds=np.array(["real", "categorical"]), x=np.array([0.0, 0.5, 1.0]),
             letter=np.array(["a", "b"]), fidelity_name=np.array("trees"),
             fidelities=np.array([10, 30]), val_errors=(10 * i + j + f)[..., None],
             val_sizes=np.array([100]), seconds=np.ones((3, 2, 2, 1)),
             test_errors=(10 * i + j)[..., 0], test_size=np.array(100))
    return TabularBenchmark(path=path)


def test_a_described_table_builds_its_space_and_names_its_fidelity(described):
    from helpers import Categorical, Real
    assert described.name == "toy_table" and described.n_configurations == 6
    assert described.space == {"x": Real(0.0, 1.0), "letter": Categorical(["a", "b"])}
    assert described({"x": 0.3, "letter": "b"}, 29) == (0.11, {"seconds": 1.0, "trees": 10})
    assert described({"x": 0.2, "letter": "a"})[0] == 0.01  # linear scale: 0.2 is nearer 0
    assert described.minimum == 0.01 and described.test_error({"x": 1, "letter": "b"}) == 0.21
    assert repr(described) == ("<tabular benchmark toy_table: 6 configurations x trees [10, 30], "
                               "minimum 0.0100>")
    with pytest.raises(ValueError, match=r"letter must be one of \['a', 'b'\], not 'c'"):
        described({"x": 0.3, "letter": "c"})
    with pytest.raises(ValueError, match="x must be a number, not nan"):
        described({"x": float("nan"), "letter": "a"})
    with pytest.raises(ValueError, match="budget is a number of trees from 10 to 30, not 5"):
        described({"x": 0.3, "letter": "a"}, 5)


def test_an_unknown_table_name_lists_the_stored_ones():
    with pytest.raises(ValueError, match=r"unknown table 'mlp_cifar'.*'gbm_breast_cancer'"):
        TabularBenchmark("mlp_cifar")


# --- the gradient-boosting and SVM tables --------------------------------------------------

NEW_TABLES = {  # name -> (configurations, fidelity name, fidelities, kinds)
    "gbm_breast_cancer": (252, "trees", [3, 9, 27, 81],
                          {"learning_rate": "log-real", "max_depth": "log-integer",
                           "subsample": "real", "min_samples_leaf": "log-integer"}),
    "svm_digits": (256, "ninths of the training data", [1, 3, 9],
                   {"C": "log-real", "gamma": "log-real"}),
}


def grid_points(bench):
    """Every stored configuration as (its grid index, its params)."""
    names = list(bench.levels)
    for index in product(*(range(len(levels)) for levels in bench.levels.values())):
        yield index, {n: bench.levels[n][i].item() for n, i in zip(names, index)}


@pytest.mark.parametrize("name", NEW_TABLES)
def test_a_new_table_loads_as_its_script_describes(name):
    n, fidelity_name, fidelities, kinds = NEW_TABLES[name]
    bench = TabularBenchmark(name)
    assert bench.name == name and bench.n_configurations == n
    assert bench.fidelity_name == fidelity_name and bench.fidelities.tolist() == fidelities
    assert (bench.min_budget, bench.max_budget) == (fidelities[0], fidelities[-1])
    assert {h: type(d).__name__ + ("-log" if getattr(d, "log", False) else "")
            for h, d in bench.space.items()} == {
        h: {"log-real": "Real-log", "real": "Real", "log-integer": "Integer-log"}[k]
        for h, k in kinds.items()}
    assert (DATA_DIR / f"{name}.npz").stat().st_size < 100e3
    # the errors spread (not all 0-2 %), and where a configuration learns at all (an error below
    # one half: the SVM's plateau at chance is the same at every fidelity), the typical one
    # learns more at the full fidelity than at the lowest
    full, low = bench.errors(), bench.errors(fidelities[0])
    assert bench.minimum > 0 and np.percentile(full, 75) > 2 * bench.minimum
    learns = full < 0.5
    assert learns.sum() > 50 and np.median((low - full)[learns]) > 0
    value, info = bench(next(grid_points(bench))[1], fidelities[1])
    assert set(info) == {"seconds", fidelity_name} and info[fidelity_name] == fidelities[1]
    assert 0 < info["seconds"] < 60 and 0 <= value <= 1


@pytest.mark.parametrize("name", NEW_TABLES)
def test_the_space_covers_the_grid_and_the_minimum_is_the_best_full_fidelity_error(name):
    bench = TabularBenchmark(name)
    for index, point in grid_points(bench):
        assert bench._index(point) == index  # every grid point looks itself up
    for name_, dimension in bench.space.items():  # the space spans the grid, no wider
        levels = bench.levels[name_]
        assert (dimension.low, dimension.high) == (levels[0], levels[-1])
    with np.load(DATA_DIR / f"{name}.npz") as table:
        mean = (table["val_errors"] / table["val_sizes"]).mean(axis=-1)[..., -1]
    assert bench.minimum == mean.min()
    best = np.unravel_index(mean.argmin(), mean.shape)
    best_point = dict(grid_points(bench))[best]
    assert bench(best_point) == (bench.minimum, bench(best_point, bench.max_budget)[1])
    # anything the space samples is looked up, and never beats the table's minimum
    from helpers import sample
    for params in sample(bench.space, np.random.default_rng(0), size=200):
        assert bench(params)[0] >= bench.minimum


@pytest.mark.parametrize("name, budgets", [
    ("gbm_breast_cancer", {3: 3, 8.9: 3, 9: 9, 26: 9, 27: 27, 80.5: 27, 81: 81}),
    ("svm_digits", {1: 1, 2: 1, 3: 3, 8: 3, 9: 9})])
def test_a_budget_gets_the_largest_stored_fidelity_it_pays_for(name, budgets):
    bench = TabularBenchmark(name)
    point = next(grid_points(bench))[1]
    for budget, fidelity in budgets.items():
        assert bench(point, budget)[1][bench.fidelity_name] == fidelity
        k = bench.fidelities.tolist().index(fidelity)
        np.testing.assert_array_equal(bench.errors(budget), bench.errors(bench.fidelities[k]))


@pytest.mark.parametrize("name, budget, match", [
    ("gbm_breast_cancer", 2, "budget is a number of trees from 3 to 81, not 2"),
    ("gbm_breast_cancer", 82, "budget is a number of trees from 3 to 81, not 82"),
    ("gbm_breast_cancer", "27", "budget is a number of trees from 3 to 81, not '27'"),
    ("svm_digits", 0.5, "budget is a number of ninths of the training data from 1 to 9"),
    ("svm_digits", 10, "budget is a number of ninths of the training data from 1 to 9")])
def test_a_budget_outside_the_stored_fidelities_raises(name, budget, match):
    bench = TabularBenchmark(name)
    with pytest.raises(ValueError, match=match):
        bench(next(grid_points(bench))[1], budget)


@pytest.mark.parametrize("params, error, match", [
    ({"learning_rate": 0.1, "max_depth": 2, "subsample": 1.0}, ValueError,
     r"gbm_breast_cancer needs params \['min_samples_leaf'\]"),
    ({"learning_rate": -0.1, "max_depth": 2, "subsample": 1.0, "min_samples_leaf": 5},
     ValueError, "learning_rate must be a positive number, not -0.1"),
    ({"learning_rate": 0.1, "max_depth": 2, "subsample": "all", "min_samples_leaf": 5},
     ValueError, "subsample must be a number, not 'all'"),
    ([0.1, 2, 1.0, 5], TypeError, "params must be a dict, not list")])
def test_bad_params_on_a_new_table_raise_clearly(params, error, match):
    with pytest.raises(error, match=match):
        TabularBenchmark("gbm_breast_cancer")(params)


@pytest.mark.parametrize("name", NEW_TABLES)
def test_hyperband_runs_on_a_new_table_at_its_fidelities(name):
    bench = TabularBenchmark(name)
    hyperband = Hyperband(max_budget=bench.max_budget, min_budget=bench.min_budget)
    result = minimize(bench, bench.space, hyperband, n_trials=hyperband.n_trials_needed(), seed=0)
    assert result.max_budget == bench.max_budget
    assert sorted(set(result.budgets)) == bench.fidelities.tolist()  # every rung a stored one
    assert [t.info[bench.fidelity_name] for t in result.trials] == list(result.budgets)
    full = [v for v, b in zip(result.values, result.budgets) if b == bench.max_budget]
    assert result.best_value == min(full) >= bench.minimum


def load_script(name):
    """The table's generating script, data/make_<name>.py, as a module (main() not run)."""
    spec = importlib.util.spec_from_file_location(f"make_{name}", DATA_DIR / f"make_{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name, indices", [("gbm_breast_cancer", [(3, 0, 1, 1)]),  # stumps: cheap
                                           ("svm_digits", [(10, 1), (5, 4)])])
def test_the_generating_script_reproduces_the_stored_errors(name, indices):
    """Re-run a few configurations with the script's own code: the same error counts on every
    fold and fidelity, and the same test error (the seconds are the machine's and are not).
    The boosting configuration subsamples (0.75), so its seeding is checked too."""
    script, bench = load_script(name), TabularBenchmark(name)
    split = script.data()
    with np.load(DATA_DIR / f"{name}.npz") as table:
        stored, stored_test = table["val_errors"], table["test_errors"]
        made_with = str(table["made_with"])
    # bit for bit with the scikit-learn that made the table; another version may draw a
    # subsample or break a tie differently (1.6's boosting: one count of 12 off by 2), so there
    # every count must stay within 2 errors of the stored one
    same_version = made_with == f"scikit-learn {sklearn.__version__}"
    for index in indices:
        params = tuple(levels[i] for levels, i in zip(bench.levels.values(), index))
        outcome = script.evaluate(params, *split)
        if name.startswith("gbm"):  # per fold: (errors by fidelity, seconds)
            errors = np.array([errs for errs, _ in outcome[0]]).T
        else:                       # (errors by fidelity and fold, seconds)
            errors = outcome[0]
        if same_version:
            np.testing.assert_array_equal(errors, stored[index])
            assert outcome[-1] == stored_test[index]
        else:
            assert np.abs(np.asarray(errors, dtype=int) - stored[index].astype(int)).max() <= 2
            assert abs(int(outcome[-1]) - int(stored_test[index])) <= 2


def test_the_conditional_network_table_loads_with_its_conditions():
    """mlp_depth_digits (notebook 10): depth decides which widths exist; each distinct network
    is stored once, a lookup ignores inactive widths, and `nearest` returns only active names."""
    bench = TabularBenchmark("mlp_depth_digits")
    assert bench.n_configurations == 4 * 5 + 16 * 5 + 64 * 5 == 420
    assert bench.fidelity_name == "epochs" and bench.fidelities.tolist() == [1, 3, 9, 27]
    assert bench.space["width_2"].when == {"n_layers": [2, 3]}
    assert bench.space["width_3"].when == {"n_layers": [3]}
    assert bench.space["width_1"].when is None and len(bench.test_indices) == 360
    one_layer = {"n_layers": 1, "width_1": 64, "learning_rate_init": 1e-3}
    # a flattened configuration (inactive widths present) looks up the same network
    assert bench(one_layer) == bench({**one_layer, "width_2": 16, "width_3": 128})
    assert bench(one_layer) != bench({**one_layer, "n_layers": 2, "width_2": 16})
    assert bench.nearest({**one_layer, "width_1": 60, "width_2": 16}) == one_layer
    with pytest.raises(ValueError, match=r"mlp_depth_digits needs params \['width_2'\]"):
        bench({**one_layer, "n_layers": 2})
    # every method searches it without ever seeing an inactive width (minimize checks that)
    result = minimize(bench, bench.space, "tpe", n_trials=15, seed=0)
    assert all(len(t.params) == 2 + t.params["n_layers"] for t in result.trials)
    assert result.best_value >= bench.minimum


def test_the_conditional_network_script_reproduces_a_stored_network():
    """Re-train one cheap network, (16,) at rate 3e-3, with the script's own code: the same
    error counts on every fold and epoch and the same test error (within 2 errors with
    another scikit-learn than the one that made the table)."""
    script, bench = load_script("mlp_depth_digits"), TabularBenchmark("mlp_depth_digits")
    split = script.data()
    np.testing.assert_array_equal(split[-1], bench.test_indices)
    runs, test_errors = script.evaluate((16,), 3e-3, *split[:-1])
    errors = np.array([errs for errs, _ in runs]).T     # (epochs, folds)
    index = (0, 0, 0, 0, 2)                             # 1 layer of 16, the third rate
    with np.load(DATA_DIR / "mlp_depth_digits.npz") as table:
        stored, stored_test = table["val_errors"][index], table["test_errors"][index]
        same_version = str(table["made_with"]) == f"scikit-learn {sklearn.__version__}"
    tolerance = 0 if same_version else 2
    assert np.abs(errors.astype(int) - stored.astype(int)).max() <= tolerance
    assert abs(int(test_errors) - int(stored_test)) <= tolerance
