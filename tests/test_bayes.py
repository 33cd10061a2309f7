"""Bayesian optimisation (helpers/bayes.py): the GP against scikit-learn's, the acquisition
functions against Monte Carlo and each other, and the searcher on problems with known optima."""

import math

import numpy as np
import pytest
from scipy import stats
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, Matern, WhiteKernel

from helpers import Categorical, Integer, Real, branin, minimize
from helpers.bayes import (BayesSearcher, GaussianProcess, expected_improvement,
                           log_expected_improvement, lower_confidence_bound,
                           probability_of_improvement, warp_values)
from helpers.searcher import Trial

LENGTH_SCALES = [0.3, 0.7, 1.5]


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.random((25, 3))
    y = np.sin(6 * X[:, 0]) + X[:, 1] ** 2 - 0.5 * X[:, 2] + 3.0
    return X, y, rng.random((40, 3))


def sklearn_kernel(name, length_scales, signal_variance):
    base = Matern(length_scale=length_scales, nu=2.5) if name == "matern52" else RBF(
        length_scale=length_scales)
    return ConstantKernel(signal_variance) * base


@pytest.mark.parametrize("kernel", ["matern52", "rbf"])
@pytest.mark.parametrize("normalize_y", [True, False])
def test_posterior_equals_scikit_learn(data, kernel, normalize_y):
    X, y, X_new = data
    ours = GaussianProcess(kernel, LENGTH_SCALES, signal_variance=1.7, noise_variance=1e-4,
                           normalize_y=normalize_y).fit(X, y)
    theirs = GaussianProcessRegressor(sklearn_kernel(kernel, LENGTH_SCALES, 1.7), alpha=1e-4,
                                      optimizer=None, normalize_y=normalize_y).fit(X, y)
    mean, std = ours.predict(X_new)
    sk_mean, sk_std = theirs.predict(X_new, return_std=True)
    np.testing.assert_allclose(mean, sk_mean, rtol=0, atol=1e-8)
    np.testing.assert_allclose(std, sk_std, rtol=0, atol=1e-8)


@pytest.mark.parametrize("kernel", ["matern52", "rbf"])
def test_log_marginal_likelihood_equals_scikit_learn(data, kernel):
    X, y, _ = data
    ours = GaussianProcess(kernel, LENGTH_SCALES, 1.7, 1e-4).fit(X, y)
    theirs = GaussianProcessRegressor(sklearn_kernel(kernel, LENGTH_SCALES, 1.7), alpha=1e-4,
                                      optimizer=None, normalize_y=True).fit(X, y)
    assert ours.log_marginal_likelihood() == pytest.approx(
        theirs.log_marginal_likelihood_value_, abs=1e-8)
    # and at other hyperparameters: scikit-learn's theta is log([signal, *length_scales])
    other = np.log([0.2, 0.9, 3.0, 0.5])
    ours_theta = np.r_[other[1:], other[0], np.log(1e-4)]
    assert ours.log_marginal_likelihood(ours_theta) == pytest.approx(
        theirs.log_marginal_likelihood(other), abs=1e-8)


@pytest.mark.parametrize("kernel", ["matern52", "rbf"])
@pytest.mark.parametrize("length_scales", [LENGTH_SCALES, 0.4])
def test_log_marginal_likelihood_gradient_equals_finite_differences(data, kernel, length_scales):
    X, y, _ = data
    gp = GaussianProcess(kernel, length_scales, 1.3, 1e-3).fit(X, y)
    value, gradient = gp.log_marginal_likelihood(gp.theta, return_gradient=True)
    assert value == pytest.approx(gp.log_marginal_likelihood())
    step = 1e-6
    numeric = [(gp.log_marginal_likelihood(gp.theta + step * e)
                - gp.log_marginal_likelihood(gp.theta - step * e)) / (2 * step)
               for e in np.eye(len(gp.theta))]
    np.testing.assert_allclose(gradient, numeric, rtol=1e-5, atol=1e-6)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_fitted_hyperparameters_match_scikit_learns_optimum(data):
    X, y, _ = data
    ours = GaussianProcess("matern52", np.ones(3)).fit(X, y, optimize=True,
                                                        rng=np.random.default_rng(0),
                                                        n_restarts=5)
    b = GaussianProcess
    kernel = (ConstantKernel(1.0, b.SIGNAL_VARIANCE_BOUNDS)
              * Matern(np.ones(3), b.LENGTH_SCALE_BOUNDS, nu=2.5)
              + WhiteKernel(1e-6, b.NOISE_VARIANCE_BOUNDS))
    theirs = GaussianProcessRegressor(kernel, alpha=0.0, normalize_y=True, random_state=0,
                                      n_restarts_optimizer=5).fit(X, y)
    # the same model and bounds: our optimum is at least as likely as scikit-learn's
    assert ours.log_marginal_likelihood() >= theirs.log_marginal_likelihood_value_ - 1e-3
    start = GaussianProcess("matern52", np.ones(3)).fit(X, y).log_marginal_likelihood()
    assert ours.log_marginal_likelihood() > start + 1


def test_fitting_is_reproducible_and_needs_a_generator(data):
    X, y, _ = data
    fits = [GaussianProcess(length_scales=np.ones(3)).fit(
        X, y, optimize=True, rng=np.random.default_rng(3)).theta for _ in range(2)]
    np.testing.assert_array_equal(*fits)
    with pytest.raises(TypeError, match="rng"):
        GaussianProcess().fit(X, y, optimize=True, rng=3)


def test_prior_draws_have_the_kernels_covariance():
    gp = GaussianProcess("rbf", 0.2, signal_variance=2.0)
    X = np.array([[0.0], [0.1], [0.5]])
    draws = gp.sample_prior(X, 20_000, np.random.default_rng(0))
    expected = 2.0 * np.exp(-0.5 * ((X - X.T) / 0.2) ** 2)
    np.testing.assert_allclose(np.cov(draws.T), expected, atol=0.06)


def test_gp_rejects_bad_input():
    with pytest.raises(ValueError, match="kernel"):
        GaussianProcess("linear")
    with pytest.raises(ValueError, match="length_scales"):
        GaussianProcess(length_scales=-1.0)
    with pytest.raises(ValueError, match="y must be finite"):
        GaussianProcess().fit([[0.0], [1.0]], [1.0, np.nan])


# -- acquisition functions ----------------------------------------------------------------------

def test_expected_improvement_equals_monte_carlo():
    rng = np.random.default_rng(0)
    for mean, std, best, xi in [(0.0, 1.0, 0.5, 0.0), (1.0, 0.3, 0.8, 0.0), (2.0, 2.0, 0.0, 0.1)]:
        f = rng.normal(mean, std, 2_000_000)
        gain = np.maximum(best - xi - f, 0)
        closed = expected_improvement(np.array([mean]), np.array([std]), best, xi)[0]
        assert abs(closed - gain.mean()) < 4 * gain.std() / math.sqrt(len(f))
        pi = probability_of_improvement(np.array([mean]), np.array([std]), best, xi)[0]
        assert pi == pytest.approx(np.mean(f < best - xi), abs=2e-3)


def test_log_ei_equals_log_of_ei_and_stays_finite_where_ei_underflows():
    mean = np.linspace(-3, 60, 400)
    std = np.full_like(mean, 0.8)
    ei = expected_improvement(mean, std, best=0.0)
    log_ei = log_expected_improvement(mean, std, best=0.0)
    representable = ei > 1e-250
    assert representable.sum() > 100 and np.sum(ei == 0) > 100
    np.testing.assert_allclose(log_ei[representable], np.log(ei[representable]), rtol=1e-9,
                               atol=1e-9)
    # where EI is 0.0 in floating point, log-EI is finite and keeps decreasing
    assert np.all(np.isfinite(log_ei)) and np.all(np.diff(log_ei) < 0)
    far = log_expected_improvement(np.array([1e3, 1e6, 1e9]), np.ones(3), best=0.0)
    assert np.all(np.isfinite(far)) and np.all(np.diff(far) < 0)
    # against the asymptote log(phi(z) / z^2) for very negative z
    z = -1e6
    assert far[1] == pytest.approx(stats.norm.logpdf(z) - 2 * math.log(-z), rel=1e-9)


def test_lower_confidence_bound_trades_mean_against_spread():
    mean, std = np.array([0.0, 0.5]), np.array([0.1, 1.0])
    assert np.argmax(lower_confidence_bound(mean, std, kappa=0.0)) == 0   # exploit
    assert np.argmax(lower_confidence_bound(mean, std, kappa=3.0)) == 1   # explore


# -- the searcher -------------------------------------------------------------------------------

def test_warp_keeps_the_order_and_spreads_the_good_values():
    y = np.array([3.0, 0.5, 100.0, 0.6, 7.0])
    w = warp_values(y)
    np.testing.assert_array_equal(np.argsort(w), np.argsort(y))   # monotone: same ranking
    assert w.min() == 0.0 and np.argmin(w) == 1
    # the gap 0.5 -> 0.6 takes a larger share of the range than before the warp
    assert (w[3] - w[1]) / np.ptp(w) > 2 * (y[3] - y[1]) / np.ptp(y)
    assert np.all(warp_values(np.full(4, 2.0)) == 0)            # constant values: no division

def test_bayes_beats_random_on_branin_at_equal_budget():
    seeds = range(4)
    bayes = [minimize(branin, branin.space, "bayes", n_trials=25, seed=s).best_value
             for s in seeds]
    random = [minimize(branin, branin.space, "random", n_trials=25, seed=s).best_value
              for s in seeds]
    regret_bayes = np.array(bayes) - branin.minimum
    regret_random = np.array(random) - branin.minimum
    assert np.all(regret_bayes < regret_random)               # paired: every seed
    assert np.median(regret_bayes) < 0.1 * np.median(regret_random)


def mixed_objective(params):
    """Known optimum: C = 1, depth = 4, kernel = "b" (value 0)."""
    penalty = {"a": 1.0, "b": 0.0, "c": 0.5}[params["kernel"]]
    return math.log10(params["C"]) ** 2 + 0.1 * (params["depth"] - 4) ** 2 + penalty


MIXED = {"C": Real(1e-3, 1e3, log=True), "depth": Integer(1, 10),
         "kernel": Categorical(["a", "b", "c"])}


def test_mixed_space_gives_valid_distinct_configurations_and_beats_random():
    result = minimize(mixed_objective, MIXED, "bayes", n_trials=20, seed=0)
    for params in result.params:
        assert 1e-3 <= params["C"] <= 1e3 and isinstance(params["C"], float)
        assert isinstance(params["depth"], int) and 1 <= params["depth"] <= 10
        assert params["kernel"] in ("a", "b", "c")
    keys = [(p["C"], p["depth"], p["kernel"]) for p in result.params]
    assert len(set(keys)) == len(keys)
    assert result.best_params["kernel"] == "b" and result.best_params["depth"] == 4
    random = [minimize(mixed_objective, MIXED, "random", n_trials=20, seed=s).best_value
              for s in range(1, 4)]
    bayes = [minimize(mixed_objective, MIXED, "bayes", n_trials=20, seed=s).best_value
             for s in range(1, 4)]
    assert np.median(bayes) < np.median(random)


def test_failed_trials_are_avoided_and_never_best():
    def objective(params):  # the left half of the square fails
        return math.nan if params["x1"] < 2.5 else branin(params)
    result = minimize(objective, branin.space, "bayes", n_trials=25, seed=0)
    assert 0 < result.n_failed < 12
    assert math.isfinite(result.best_value) and result.best_params["x1"] >= 2.5
    keys = [tuple(p.values()) for p in result.params]
    assert len(set(keys)) == len(keys)


def test_pending_points_are_kept_distinct():
    searcher = BayesSearcher(n_initial=5)
    searcher.bind(branin.space, 20, np.random.default_rng(0))
    for number in range(8):  # some finished trials to model
        trial = searcher.start()
        searcher.finish(trial, branin(trial.params))
    first = searcher.start()   # pending: asked, not yet told
    second = searcher.start()
    distance = math.dist(*(searcher.encoder.encode([first.params, second.params])))
    assert distance > 0.05  # not the same point, nor a hair away from it


def batch_objective(params):
    return branin(params)


def test_parallel_batches_propose_distinct_points():
    result = minimize(batch_objective, branin.space, BayesSearcher(n_initial=6), n_trials=12,
                      seed=0, n_jobs=2)
    X = result.searcher.encoder.encode(result.params)
    gaps = [np.abs(X[i] - X[i + 1]).max() for i in range(6, 12, 2)]  # within model batches
    assert min(gaps) > 1e-3
    assert result.best_value < result.values[:6].min()   # the model-based batches improved on the design


def test_exhausted_finite_space_stops_without_duplicates():
    space = {"kernel": Categorical(["a", "b", "c"]), "depth": Integer(1, 2)}
    result = minimize(lambda p: float(p["depth"]), space, "bayes", n_trials=10, seed=0)
    keys = [(p["kernel"], p["depth"]) for p in result.params]
    assert len(keys) == 6 and len(set(keys)) == 6


def test_same_seed_same_result():
    runs = [minimize(mixed_objective, MIXED, "bayes", n_trials=15, seed=7) for _ in range(2)]
    assert runs[0].params == runs[1].params
    np.testing.assert_array_equal(runs[0].values, runs[1].values)
    other = minimize(mixed_objective, MIXED, "bayes", n_trials=15, seed=8)
    assert other.params != runs[0].params


def test_options_change_the_search():
    ucb = minimize(branin, branin.space, BayesSearcher(acquisition="ucb", kappa=3.0,
                                                       n_initial=4), n_trials=12, seed=0)
    rbf = minimize(branin, branin.space, BayesSearcher(kernel="rbf", acquisition="ei"),
                   n_trials=12, seed=0)
    assert ucb.params[:4] != rbf.params[:4]   # n_initial differs: 4 designed points vs 5
    assert ucb.searcher.model.kernel == "matern52" and rbf.searcher.model.kernel == "rbf"


@pytest.mark.parametrize("options, error, name", [
    ({"acquisition": "thompson"}, ValueError, "acquisition"),
    ({"kernel": "linear"}, ValueError, "kernel"),
    ({"n_initial": 0}, ValueError, "n_initial"),
    ({"n_initial": 2.5}, TypeError, "n_initial"),
    ({"xi": -0.1}, ValueError, "xi"),
    ({"kappa": "big"}, TypeError, "kappa"),
    ({"n_candidates": 0}, ValueError, "n_candidates"),
    ({"n_restarts": -1}, ValueError, "n_restarts"),
])
def test_bad_options_raise(options, error, name):
    with pytest.raises(error, match=name):
        BayesSearcher(**options)


def test_bayes_copes_with_finite_values_near_the_float_limit():
    # 1e308 - (-1e308) overflows: the model's scale used to become inf and the fit crashed
    from helpers import minimize

    def huge(params):
        return 1.7e308 if params["x1"] > 2.5 else -1.7e308 * (params["x2"] / 15)

    result = minimize(huge, branin.space, "bayes", n_trials=10, seed=0)
    assert len(result.trials) == 10 and result.n_failed == 0
    assert result.best_value == min(result.values)
