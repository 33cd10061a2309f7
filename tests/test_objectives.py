"""Toy functions against their known optima, the CV objective against scikit-learn, datasets."""

import numpy as np
import pytest
from scipy.optimize import minimize as scipy_minimize
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold, cross_val_score
from sklearn.neighbors import KNeighborsClassifier

from helpers import (CVObjective, NoisyFunction, ackley10, branin, forrester, goldstein_price,
                     hartmann3, hartmann6, levy10, load_dataset, mixed_branin, rosenbrock4)
from helpers.objectives import DATASETS, ackley, levy, rosenbrock

TOYS = [forrester, branin, hartmann6, goldstein_price, hartmann3, levy10, rosenbrock4, ackley10]


@pytest.mark.parametrize("toy", TOYS, ids=lambda t: t.name)
def test_toy_minimizers_attain_the_known_minimum(toy):
    for point in toy.minimizers:
        assert toy(point) == pytest.approx(toy.minimum, abs=1e-5)


# the published minima and minimisers (Surjanovic & Bingham's library), to their published digits
@pytest.mark.parametrize("toy, minimum, point, digits", [
    (goldstein_price, 3.0, [0.0, -1.0], 12),
    (hartmann3, -3.86278, [0.114614, 0.555649, 0.852547], 5),
    (hartmann6, -3.32237, [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573], 5),
    (levy10, 0.0, [1.0] * 10, 12),
    (rosenbrock4, 0.0, [1.0] * 4, 12),
    (ackley10, 0.0, [0.0] * 10, 12),
], ids=lambda v: getattr(v, "name", ""))
def test_published_minima_at_published_minimizers(toy, minimum, point, digits):
    assert toy.minimum == pytest.approx(minimum, abs=10.0 ** -digits)
    assert toy.evaluate([point])[0] == pytest.approx(minimum, abs=10.0 ** -digits)
    assert np.allclose([toy.minimizers[0][n] for n in toy.space], point, atol=10.0 ** -4)


def test_toy_function_families_take_any_dimension():
    for d in (2, 5):
        for family in (levy, rosenbrock, ackley):
            toy = family(d)
            assert len(toy.space) == d and toy(toy.minimizers[0]) == pytest.approx(0, abs=1e-12)
    # Ackley's minimiser is the centre of its box (why the suite's 10-D problem is Levy's)
    assert all(d.low == -d.high for d in ackley10.space.values())
    assert levy10({f"x{i}": 0.0 for i in range(1, 11)}) > 1


def test_mixed_branin_minimum_against_a_dense_grid():
    # x1 on a fine grid for every integer x2: nothing below the stored minimum, and the grid
    # gets within its step of it, at the stored x2
    x1 = np.linspace(-5, 10, 150_001)
    best = [branin.evaluate(np.c_[x1, np.full_like(x1, k)]).min() for k in range(16)]
    assert min(best) >= mixed_branin.minimum - 1e-12
    assert min(best) == pytest.approx(mixed_branin.minimum, abs=1e-6)
    assert int(np.argmin(best)) == mixed_branin.minimizers[0]["x2"]
    assert mixed_branin(mixed_branin.minimizers[0]) == pytest.approx(mixed_branin.minimum,
                                                                     abs=1e-12)
    # every other category or scale is worse
    point = dict(mixed_branin.minimizers[0])
    for change in ({"shift": "small"}, {"shift": "large"}, {"scale": 30.0}, {"x2": 11}):
        assert mixed_branin(point | change) > mixed_branin.minimum + 0.1


def test_mixed_branin_rejects_missing_params():
    with pytest.raises(ValueError, match="shift"):
        mixed_branin({"x1": 0.0, "x2": 1, "scale": 1.0})


def test_noisy_function_reproduces_per_seed_and_keeps_the_true_value():
    point = hartmann6.minimizers[0]
    a, b = NoisyFunction(hartmann6, 0.2, seed=3), NoisyFunction(hartmann6, 0.2, seed=3)
    first = [a(point) for _ in range(200)]
    assert first == [b(point) for _ in range(200)]           # one seed, one noise stream
    assert first != [a.with_seed(4)(point) for _ in range(200)]
    assert len(set(first)) == 200                             # fresh noise at every call
    assert np.std(np.array(first) - hartmann6.minimum) == pytest.approx(0.2, rel=0.2)
    assert a.noiseless(point) == hartmann6(point) and a.minimum == hartmann6.minimum
    with pytest.raises(ValueError, match="sd"):
        NoisyFunction(hartmann6, 0.0)


@pytest.mark.parametrize("toy", TOYS, ids=lambda t: t.name)
def test_toy_minimum_is_a_true_minimum(toy):
    # a local optimiser started at the known minimiser does not find anything lower, and
    # 200,000 random points never go below it
    lows = np.array([d.low for d in toy.space.values()])
    highs = np.array([d.high for d in toy.space.values()])
    for point in toy.minimizers:
        x0 = np.array([point[n] for n in toy.space])
        polished = scipy_minimize(lambda x: toy.evaluate(x)[0], x0, method="L-BFGS-B",
                                  bounds=list(zip(lows, highs)))
        assert polished.fun >= toy.minimum - 1e-6
        assert np.allclose(polished.x, x0, atol=1e-3)
    X = np.random.default_rng(0).uniform(lows, highs, size=(200_000, len(lows)))
    assert toy.evaluate(X).min() >= toy.minimum


def test_forrester_has_a_local_minimum_that_is_not_global():
    x = np.linspace(0, 1, 10_001)
    f = forrester.evaluate(x[:, None])
    interior = np.where((f[1:-1] < f[:-2]) & (f[1:-1] < f[2:]))[0] + 1
    assert len(interior) == 2 and f[interior].min() == pytest.approx(forrester.minimum,
                                                                      abs=1e-4)


def test_toy_function_checks_its_input():
    with pytest.raises(ValueError, match="2 columns"):
        branin.evaluate(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="x2"):
        branin({"x1": 0.0})


@pytest.fixture(scope="module")
def breast_cancer():
    return load_dataset("breast_cancer")


def test_cv_objective_is_one_minus_cross_validated_accuracy(breast_cancer):
    X, y = breast_cancer
    model = KNeighborsClassifier()
    objective = CVObjective(model, X, y, cv=4, seed=3)
    value = objective({"n_neighbors": 7})
    expected = 1 - cross_val_score(model.set_params(n_neighbors=7), X, y,
                                   cv=objective.cv).mean()
    assert value == pytest.approx(expected, abs=1e-12) and 0 < value < 0.2
    assert len(objective.cv) == 4
    assert objective.n_evaluations == 1 and objective.seconds > 0
    assert objective.history[0]["params"] == {"n_neighbors": 7}
    assert len(objective.history[0]["fold_losses"]) == 4


def test_cv_objective_uses_the_same_folds_every_call(breast_cancer):
    X, y = breast_cancer
    objective = CVObjective(KNeighborsClassifier(), X, y, seed=0)
    assert objective({"n_neighbors": 3}) == objective({"n_neighbors": 3})
    again = CVObjective(KNeighborsClassifier(), X, y, seed=0)
    other = CVObjective(KNeighborsClassifier(), X, y, seed=1)
    assert all(np.array_equal(a[1], b[1]) for a, b in zip(objective.cv, again.cv))
    assert not all(np.array_equal(a[1], b[1]) for a, b in zip(objective.cv, other.cv))
    # stratified: every validation fold keeps the class balance
    for _, test in objective.cv:
        assert abs(y[test].mean() - y.mean()) < 0.02


def test_cv_objective_fixed_params_and_regression_loss():
    X, y = load_dataset("diabetes")
    objective = CVObjective(Ridge(), X, y, cv=KFold(3), scoring="neg_mean_squared_error",
                            fixed_params={"fit_intercept": True})
    mse = objective({"alpha": 1.0})
    expected = -cross_val_score(Ridge(alpha=1.0), X, y, cv=KFold(3),
                                scoring="neg_mean_squared_error").mean()
    assert mse == pytest.approx(expected) and mse > 0
    assert CVObjective(Ridge(), X, y).scoring == "r2"


def test_cv_objective_does_not_change_the_given_estimator(breast_cancer):
    X, y = breast_cancer
    model = LogisticRegression(C=1.0, max_iter=200)
    CVObjective(model, X[:, :3], y, cv=3)({"C": 0.01})
    assert model.C == 1.0 and not hasattr(model, "coef_")


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_bundled_datasets_load_offline(name):
    X, y = load_dataset(name)
    assert X.ndim == 2 and len(X) == len(y) > 100


def test_unknown_dataset_lists_the_choices():
    with pytest.raises(ValueError, match="unknown dataset 'mnist'.*breast_cancer"):
        load_dataset("mnist")


def test_a_csv_in_data_loads_by_name(tmp_path, monkeypatch):
    import helpers.objectives
    monkeypatch.setattr(helpers.objectives, "DATA_DIR", tmp_path)
    (tmp_path / "tiny.csv").write_text("a,b,target\n1,2,0\n3,4,1\n5,6,1\n")
    X, y = load_dataset("tiny")
    np.testing.assert_array_equal(X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(y, [0, 1, 1])
    with pytest.raises(ValueError, match="tiny"):
        load_dataset("missing")


# --- folds given every way scikit-learn accepts, budgets, parallel counting (issue 6) ------

def test_cv_accepts_numpy_ints_splitters_and_lists_of_splits(breast_cancer):
    X, y = breast_cancer
    model = KNeighborsClassifier()
    by_int = CVObjective(model, X, y, cv=np.int64(4), seed=1)
    by_list = CVObjective(model, X, y, cv=list(by_int.cv))
    by_generator = CVObjective(model, X, y, cv=iter(by_int.cv))
    params = {"n_neighbors": 7}
    assert len(by_int.cv) == 4
    assert by_int(params) == by_list(params) == by_generator(params)
    with pytest.raises(TypeError, match="cv must be"):
        CVObjective(model, X, y, cv="five")
    with pytest.raises(ValueError, match="at least 2"):
        CVObjective(model, X, y, cv=1)
    with pytest.raises(ValueError, match="no .train, test. splits"):
        CVObjective(model, X, y, cv=[])


def test_a_budget_of_samples_trains_on_a_fixed_subset(breast_cancer):
    X, y = breast_cancer
    objective = CVObjective(KNeighborsClassifier(), X, y, cv=3, seed=0)
    params = {"n_neighbors": 5}
    small = objective(params, 60)
    assert objective(params, 60) == small  # the same subset at the same budget
    sub = objective._splits(60)
    assert all(len(train) == 60 and set(train) <= set(full) for (train, _), (full, _) in
               zip(sub, objective.cv))
    expected = [1 - KNeighborsClassifier().fit(X[tr], y[tr]).score(X[te], y[te])
                for tr, te in sub]
    assert small == pytest.approx(np.mean(expected), abs=1e-12)
    assert small != objective(params)  # a different fidelity measures something else
    assert objective.history[-1]["budget"] is None and objective.history[0]["budget"] == 60
    with pytest.raises(ValueError, match="number of training samples"):
        objective(params, 0.5)


def test_a_budget_can_be_a_parameter_such_as_max_iter(breast_cancer):
    X, y = breast_cancer
    from sklearn.linear_model import SGDClassifier

    objective = CVObjective(SGDClassifier(random_state=0, tol=None), X[:, :5], y, cv=3,
                            resource="max_iter")
    objective({"alpha": 1e-3}, 2)
    manual = cross_val_score(SGDClassifier(random_state=0, tol=None, alpha=1e-3, max_iter=2),
                             X[:, :5], y, cv=objective.cv)
    assert objective.history[-1]["value"] == pytest.approx(1 - manual.mean(), abs=1e-12)


def test_parallel_evaluations_are_counted_by_the_result(breast_cancer):
    # worker processes evaluate copies of the objective: the Result is what counts every trial
    # (its seconds are the workers' measured times), whatever the objective keeps
    from helpers import Real, minimize

    X, y = breast_cancer
    objective = CVObjective(KNeighborsClassifier(), X, y, cv=3)
    result = minimize(objective, {"p": Real(1, 2)}, method="random", n_trials=4, seed=0,
                      n_jobs=2)
    assert len(result.trials) == 4 and all(t.seconds > 0 for t in result.trials)
    assert objective.n_evaluations == 0  # the parent evaluated nothing itself


def test_dataset_names_must_be_strings():
    with pytest.raises(TypeError, match="dataset's name"):
        load_dataset(["breast_cancer"])


def test_more_folds_than_samples_is_blamed_on_the_number_not_the_type():
    X, y = load_dataset("iris")
    with pytest.raises(ValueError, match=r"cv=1000 cannot split this data.*n_samples=150"):
        CVObjective(LogisticRegression(), X, y, cv=1000)
