"""Hypergradients (notebook 07): values against scikit-learn, gradients against central finite
differences, the gradient's zero at the validation optimum a fine grid finds, the descent loop,
bad inputs and determinism."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from helpers import Result, load_dataset
from helpers.hypergradients import (hypergradient_search, logistic_hypergradient,
                                    ridge_hypergradient)


def split(name):
    """Standardised features, a 50/50 split (stratified for a classifier), as in notebook 07."""
    X, y = load_dataset(name)
    stratify = y if name == "breast_cancer" else None
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.5, random_state=0,
                                                      stratify=stratify)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), y_train, scaler.transform(X_val), y_val


DIABETES = split("diabetes")
CANCER = split("breast_cancer")


def central_difference(function, log_h, step=1e-4):
    """d function / d log h by central differences (error ~ step^2)."""
    return (function(np.exp(log_h + step)) - function(np.exp(log_h - step))) / (2 * step)


# --- ridge -------------------------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.3, 3.0, 30.0, 300.0, 3000.0])
def test_ridge_loss_matches_scikit_learn(alpha):
    X_train, y_train, X_val, y_val = DIABETES
    loss, _ = ridge_hypergradient(alpha, X_train, y_train, X_val, y_val)
    predictions = Ridge(alpha=alpha).fit(X_train, y_train).predict(X_val)
    expected = np.mean((predictions - y_val) ** 2)
    assert loss == pytest.approx(expected, rel=1e-8)


# away from the stationary points (a local minimum near 0.3, the optimum near 70), where the
# gradient is ~0 and finite differences measure only rounding
@pytest.mark.parametrize("alpha", [3.0, 10.0, 30.0, 300.0, 3000.0])
def test_ridge_gradient_matches_finite_differences(alpha):
    def loss(a):
        return ridge_hypergradient(a, *DIABETES)[0]
    _, grad = ridge_hypergradient(alpha, *DIABETES)
    assert grad == pytest.approx(central_difference(loss, np.log(alpha)), rel=1e-6)


def test_ridge_with_more_features_than_samples_matches_scikit_learn():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(40, 60)), rng.normal(size=40)
    loss, grad = ridge_hypergradient(2.0, X[:20], y[:20], X[20:], y[20:])
    predictions = Ridge(alpha=2.0).fit(X[:20], y[:20]).predict(X[20:])
    assert loss == pytest.approx(np.mean((predictions - y[20:]) ** 2), rel=1e-8)
    fd = central_difference(lambda a: ridge_hypergradient(a, X[:20], y[:20], X[20:], y[20:])[0],
                            np.log(2.0))
    assert grad == pytest.approx(fd, rel=1e-6)


def test_ridge_per_feature_penalties_match_finite_differences_and_the_scalar_case():
    X_train, y_train, X_val, y_val = DIABETES
    alphas = np.geomspace(0.1, 100, X_train.shape[1])
    _, grad = ridge_hypergradient(alphas, *DIABETES)
    assert grad.shape == alphas.shape
    fd = np.empty_like(alphas)
    for j in range(len(alphas)):
        def loss(a, j=j):
            changed = alphas.copy()
            changed[j] = a
            return ridge_hypergradient(changed, *DIABETES)[0]
        fd[j] = central_difference(loss, np.log(alphas[j]))
    # relative to the gradient's size: a component near 0 is measured only to rounding by fd
    assert np.max(np.abs(grad - fd)) <= 1e-6 * np.max(np.abs(grad))
    # equal penalties: the same loss as the scalar, and the gradients add up to the scalar one
    loss_vec, grad_vec = ridge_hypergradient(np.full(X_train.shape[1], 7.0), *DIABETES)
    loss_one, grad_one = ridge_hypergradient(7.0, *DIABETES)
    assert loss_vec == pytest.approx(loss_one, rel=1e-12)
    assert grad_vec.sum() == pytest.approx(grad_one, rel=1e-10)


def fine_grid_optimum(function, low=-3.0, high=3.0):
    """log10 of the hyperparameter minimising function: a 0.01 grid, then a 0.0005 one around
    its best point."""
    coarse = np.arange(low, high + 1e-9, 0.01)
    best = coarse[np.argmin([function(10 ** t) for t in coarse])]
    fine = np.arange(best - 0.01, best + 0.01 + 1e-9, 0.0005)
    return fine[np.argmin([function(10 ** t) for t in fine])]


def test_ridge_gradient_vanishes_at_the_fine_grid_optimum():
    optimum = fine_grid_optimum(lambda a: ridge_hypergradient(a, *DIABETES)[0])
    assert -2 < optimum < 2.9                       # interior: a real optimum, not an edge
    below = ridge_hypergradient(10 ** (optimum - 0.002), *DIABETES)[1]
    above = ridge_hypergradient(10 ** (optimum + 0.002), *DIABETES)[1]
    assert below < 0 < above                        # the gradient changes sign there
    far = abs(ridge_hypergradient(10 ** (optimum + 0.5), *DIABETES)[1])
    assert abs(ridge_hypergradient(10 ** optimum, *DIABETES)[1]) < 0.01 * far


# --- logistic regression -----------------------------------------------------------------

@pytest.mark.parametrize("C", [0.003, 0.03, 0.3, 3.0, 30.0])
def test_logistic_loss_matches_scikit_learn(C):
    X_train, y_train, X_val, y_val = CANCER
    loss, _ = logistic_hypergradient(C, X_train, y_train, X_val, y_val)
    model = LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    expected = log_loss(y_val, model.fit(X_train, y_train).predict_proba(X_val))
    assert loss == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("C", [0.003, 0.03, 0.3, 3.0, 30.0])
def test_logistic_gradient_matches_finite_differences(C):
    def loss(c):
        return logistic_hypergradient(c, *CANCER)[0]
    _, grad = logistic_hypergradient(C, *CANCER)
    assert grad == pytest.approx(central_difference(loss, np.log(C)), rel=1e-6)


def test_logistic_accepts_string_labels_with_the_second_class_positive():
    X_train, y_train, X_val, y_val = CANCER
    names = np.array(["malignant", "benign"])        # sorted: "benign" < "malignant"
    as_text = logistic_hypergradient(1.0, X_train, names[y_train], X_val, names[y_val])
    model = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-12, max_iter=1000)
    proba = model.fit(X_train, names[y_train]).predict_proba(X_val)
    assert as_text[0] == pytest.approx(log_loss(names[y_val], proba), rel=1e-6)
    assert as_text[0] == pytest.approx(logistic_hypergradient(1.0, *CANCER)[0], rel=1e-10)


def test_logistic_gradient_vanishes_at_the_fine_grid_optimum():
    optimum = fine_grid_optimum(lambda c: logistic_hypergradient(c, *CANCER)[0], -2, 2)
    assert -1.5 < optimum < 1.5
    below = logistic_hypergradient(10 ** (optimum - 0.002), *CANCER)[1]
    above = logistic_hypergradient(10 ** (optimum + 0.002), *CANCER)[1]
    assert below < 0 < above
    far = abs(logistic_hypergradient(10 ** (optimum + 0.5), *CANCER)[1])
    assert abs(logistic_hypergradient(10 ** optimum, *CANCER)[1]) < 0.01 * far


# --- the descent loop --------------------------------------------------------------------

def test_search_reaches_the_ridge_optimum_within_001_decades_in_30_steps():
    optimum = fine_grid_optimum(lambda a: ridge_hypergradient(a, *DIABETES)[0])
    result = hypergradient_search(lambda log_a: ridge_hypergradient(np.exp(log_a), *DIABETES),
                                  start=1.0, n_steps=30)
    assert isinstance(result, Result) and result.method == "hypergradient"
    assert len(result.values) <= 30
    assert abs(np.log10(result.best_params["alpha"]) - optimum) <= 0.01
    # the recorded values are the losses at the recorded parameters
    for params, value in zip(result.params, result.values):
        assert value == ridge_hypergradient(params["alpha"], *DIABETES)[0]


def test_search_reaches_the_logistic_optimum_within_001_decades_in_30_steps():
    optimum = fine_grid_optimum(lambda c: logistic_hypergradient(c, *CANCER)[0], -2, 2)
    result = hypergradient_search(lambda log_c: logistic_hypergradient(np.exp(log_c), *CANCER),
                                  start=1.0, n_steps=30, name="C")
    assert len(result.values) <= 30
    assert abs(np.log10(result.best_params["C"]) - optimum) <= 0.01


def test_search_over_a_vector_names_each_coordinate_and_never_gets_worse():
    result = hypergradient_search(lambda log_a: ridge_hypergradient(np.exp(log_a), *DIABETES),
                                  start=np.full(10, 10.0), n_steps=40)
    assert sorted(result.params[0]) == sorted(f"alpha_{j}" for j in range(10))
    assert result.best_value < result.values[0]
    np.testing.assert_array_equal(result.best_so_far, np.minimum.accumulate(result.values))


def test_search_is_deterministic():
    def run():
        return hypergradient_search(
            lambda log_c: logistic_hypergradient(np.exp(log_c), *CANCER), start=0.01,
            n_steps=15, name="C")
    first, second = run(), run()
    assert first.params == second.params
    np.testing.assert_array_equal(first.values, second.values)
    assert ridge_hypergradient(5.0, *DIABETES) == ridge_hypergradient(5.0, *DIABETES)


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.0, -1.0, np.inf, np.nan])
def test_ridge_rejects_a_non_positive_alpha(alpha):
    with pytest.raises(ValueError, match="alpha"):
        ridge_hypergradient(alpha, *DIABETES)


@pytest.mark.parametrize("C", [0.0, -2.0, np.inf])
def test_logistic_rejects_a_non_positive_C(C):
    with pytest.raises(ValueError, match="C must be"):
        logistic_hypergradient(C, *CANCER)


def test_a_penalty_of_the_wrong_type_or_shape_is_refused():
    with pytest.raises(TypeError, match="alpha"):
        ridge_hypergradient("1.0", *DIABETES)
    with pytest.raises(ValueError, match="alpha"):
        ridge_hypergradient(np.ones(3), *DIABETES)        # diabetes has 10 features
    with pytest.raises(ValueError, match="C"):
        logistic_hypergradient(np.ones(30), *CANCER)      # one C only


def test_shape_mismatches_name_the_argument():
    X_train, y_train, X_val, y_val = DIABETES
    with pytest.raises(ValueError, match="y_train"):
        ridge_hypergradient(1.0, X_train, y_train[:-1], X_val, y_val)
    with pytest.raises(ValueError, match="y_val"):
        ridge_hypergradient(1.0, X_train, y_train, X_val, y_val[:-1])
    with pytest.raises(ValueError, match="X_val"):
        ridge_hypergradient(1.0, X_train, y_train, X_val[:, :5], y_val)
    with pytest.raises(ValueError, match="X_train"):
        ridge_hypergradient(1.0, X_train[:, 0], y_train, X_val, y_val)
    with pytest.raises(ValueError, match="y_train"):
        ridge_hypergradient(1.0, X_train, y_train[:, None], X_val, y_val)
    with pytest.raises(ValueError, match="X_train"):
        ridge_hypergradient(1.0, np.where(X_train > 2, np.nan, X_train), y_train, X_val, y_val)


def test_logistic_needs_two_classes_and_known_validation_labels():
    X_train, y_train, X_val, y_val = CANCER
    with pytest.raises(ValueError, match="two classes"):
        logistic_hypergradient(1.0, X_train, np.zeros_like(y_train), X_val, y_val)
    with pytest.raises(ValueError, match="y_val"):
        logistic_hypergradient(1.0, X_train, y_train, X_val, y_val + 5)
    with pytest.raises(ValueError, match="y_train"):
        logistic_hypergradient(1.0, X_train, y_train[:-3], X_val, y_val)


def test_search_rejects_bad_options():
    def quadratic(x):
        return float(np.sum(x ** 2)), 2 * x
    with pytest.raises(TypeError, match="value_and_grad"):
        hypergradient_search(None, start=1.0)
    with pytest.raises(ValueError, match="start"):
        hypergradient_search(quadratic, start=-1.0)
    with pytest.raises(ValueError, match="n_steps"):
        hypergradient_search(quadratic, start=1.0, n_steps=0)
    with pytest.raises(ValueError, match="max_move"):
        hypergradient_search(quadratic, start=1.0, max_move=0)


def test_a_rejected_capped_step_is_not_evaluated_again():
    # a move capped at max_move and then rejected must shrink, not land on the same point again
    for start in (1e-3, 1.0, 10.0, 1e3):
        result = hypergradient_search(
            lambda log_a: ridge_hypergradient(np.exp(log_a), *DIABETES), start=start, n_steps=30)
        alphas = [params["alpha"] for params in result.params]
        assert len(set(alphas)) == len(alphas)


def test_search_refuses_a_non_finite_start_and_survives_a_failed_step():
    with pytest.raises(ValueError, match="non-finite"):
        hypergradient_search(lambda x: (np.nan, np.nan), start=1.0)

    def fails_far_out(log_h):          # a bowl at log h = 0 that "fails" for log h > 0.5
        if log_h > 0.5:
            return np.nan, np.nan
        return float(log_h ** 2), 2 * log_h
    result = hypergradient_search(fails_far_out, start=np.exp(-1.0), n_steps=30, name="h")
    assert abs(np.log(result.best_params["h"])) < 1e-3 and np.isfinite(result.best_value)


# --- bounds: the space searched -----------------------------------------------------------

def test_bounds_clip_every_step_and_stop_at_the_edge():
    def downhill(log_h):               # the loss falls forever toward h -> 0
        return float(np.sum(log_h)), np.ones(np.shape(log_h))
    unbounded = hypergradient_search(downhill, start=1.0, n_steps=30, name="h")
    assert unbounded.best_params["h"] < 1e-6              # walks off any sensible space
    result = hypergradient_search(downhill, start=1.0, n_steps=30, name="h", bounds=(0.1, 10.0))
    hs = [params["h"] for params in result.params]
    assert all(0.1 * (1 - 1e-12) <= h <= 10.0 * (1 + 1e-12) for h in hs)
    assert result.best_params["h"] == pytest.approx(0.1, rel=1e-12)
    assert len(result.values) < 30                        # pressed against the bound, it stops
    assert len(set(hs)) == len(hs)                        # and never evaluates a point twice
    vector = hypergradient_search(downhill, start=np.full(3, 1.0), n_steps=30, bounds=(0.1, 10.0))
    assert all(value == pytest.approx(0.1, rel=1e-12) for value in vector.best_params.values())


def test_bounds_that_are_never_reached_change_nothing():
    def run(bounds):
        return hypergradient_search(lambda log_c: logistic_hypergradient(np.exp(log_c), *CANCER),
                                    start=1.0, n_steps=20, name="C", bounds=bounds)
    free, bounded = run(None), run((1e-3, 1e3))
    assert free.params == bounded.params
    np.testing.assert_array_equal(free.values, bounded.values)


def test_bounds_keep_a_ridge_descent_inside_the_space_searched():
    # diabetes split 7: from alpha = 1 the validation loss falls toward alpha -> 0 as well
    X, y = load_dataset("diabetes")
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.5, random_state=7)
    scaler = StandardScaler().fit(X_train)
    data = scaler.transform(X_train), y_train, scaler.transform(X_val), y_val
    def run(bounds):
        return hypergradient_search(lambda log_a: ridge_hypergradient(np.exp(log_a), *data),
                                    start=1.0, n_steps=30, bounds=bounds)
    assert run(None).best_params["alpha"] < 1e-5
    bounded = run((1e-3, 1e3))
    assert min(params["alpha"] for params in bounded.params) == pytest.approx(1e-3, rel=1e-12)


@pytest.mark.parametrize("bounds", [(1.0, 1.0), (10.0, 1.0), (0.0, 10.0), (-1.0, 10.0),
                                    (0.1, np.inf), (0.1,), (0.1, 1.0, 10.0)])
def test_bad_bounds_are_refused(bounds):
    with pytest.raises(ValueError, match="bounds"):
        hypergradient_search(lambda x: (float(np.sum(x ** 2)), 2 * x), start=0.5, bounds=bounds)


def test_a_start_outside_the_bounds_is_refused():
    with pytest.raises(ValueError, match="start"):
        hypergradient_search(lambda x: (float(np.sum(x ** 2)), 2 * x), start=20.0,
                             bounds=(0.1, 10.0))


def test_ridge_on_features_too_large_for_float_says_to_standardise():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(30, 3)) * 1e200, rng.normal(size=30)
    with pytest.raises(ValueError, match="too large.*Standardise"):
        ridge_hypergradient(1.0, X[:20], y[:20], X[20:], y[20:])


def test_sparse_features_are_a_clear_error():
    from scipy import sparse

    rng = np.random.default_rng(0)
    X, y = sparse.random(30, 4, density=0.5, random_state=0, format="csr"), rng.normal(size=30)
    labels = (y > 0).astype(int)
    with pytest.raises(TypeError, match=r"X_train is a sparse matrix.*toarray\(\)"):
        ridge_hypergradient(1.0, X[:20], y[:20], X[20:].toarray(), y[20:])
    with pytest.raises(TypeError, match=r"X_val is a sparse matrix"):
        logistic_hypergradient(1.0, X[:20].toarray(), labels[:20], X[20:], labels[20:])
