"""Bayesian optimisation from scratch: the pieces notebook 05 builds, in the order it builds them.

1. **Kernels** (`rbf`, `matern52`): how similar two configurations are, with one length scale per
   encoded feature (a long length scale means "this feature hardly matters").
2. **`GaussianProcess`**: a posterior over functions given the trials so far (by Cholesky), its
   log marginal likelihood, and the kernel's own hyperparameters fitted by maximising it.
3. **Acquisition functions** (`probability_of_improvement`, `expected_improvement`,
   `log_expected_improvement`, `lower_confidence_bound`): how much a point is worth evaluating.
4. **`BayesSearcher`**, registered as `minimize(..., method="bayes")`: an initial design, then one
   model fit and one acquisition maximisation per trial, on the `Encoder`'s unit cube.

Everything minimises: a lower objective value is better, and an acquisition is *maximised*.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import linalg, optimize, special
from scipy.spatial.distance import cdist
from threadpoolctl import threadpool_limits

from .checks import check_bool, check_int, check_number
from .encoding import Encoder
from .searcher import Searcher, register
from .space import Categorical, Integer, from_unit

__all__ = ["rbf", "matern52", "KERNELS", "GaussianProcess", "probability_of_improvement",
           "expected_improvement", "log_expected_improvement", "lower_confidence_bound",
           "ACQUISITIONS", "BayesSearcher"]

SQRT5 = math.sqrt(5.0)


# ---------------------------------------------------------------------------------------------
# 1. Kernels: k(x, x') with unit variance; the GP multiplies by its signal variance.
# ---------------------------------------------------------------------------------------------

def _scaled_sq_distance(X1, X2, length_scales):
    """r^2 = sum_j ((x_j - x'_j) / l_j)^2 for every pair of rows: shape (n1, n2)."""
    return cdist(X1 / length_scales, X2 / length_scales, "sqeuclidean")


def rbf(X1, X2, length_scales):
    """The squared-exponential kernel exp(-r^2 / 2): very smooth functions."""
    return np.exp(-0.5 * _scaled_sq_distance(X1, X2, length_scales))


def matern52(X1, X2, length_scales):
    """Matern 5/2, (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r): functions twice differentiable but
    rougher than the RBF's, the usual choice for hyperparameter response surfaces."""
    r = np.sqrt(_scaled_sq_distance(X1, X2, length_scales))
    return (1 + SQRT5 * r + 5 / 3 * r ** 2) * np.exp(-SQRT5 * r)


KERNELS = {"rbf": rbf, "matern52": matern52}


def _correlation_and_gradients(kernel, sq_diff, length_scales):
    """The kernel matrix of the training points and its derivatives with respect to each
    log(l_j), from sq_diff[a, b, j] = (x_aj - x_bj)^2. Both kernels depend on l_j only through
    D_j = sq_diff_j / l_j^2, with dD_j / dlog l_j = -2 D_j, so:
    rbf:      dk/dlog l_j = k D_j;
    matern52: dk/dlog l_j = 5/3 (1 + sqrt5 r) exp(-sqrt5 r) D_j  (r^2 = sum_j D_j)."""
    D = sq_diff / length_scales ** 2
    r = np.sqrt(D.sum(axis=-1))
    if kernel == "rbf":
        correlation = np.exp(-0.5 * r ** 2)
        gradients = correlation[..., None] * D
    else:
        decay = np.exp(-SQRT5 * r)
        correlation = (1 + SQRT5 * r + 5 / 3 * r ** 2) * decay
        gradients = (5 / 3 * (1 + SQRT5 * r) * decay)[..., None] * D
    if len(length_scales) == 1:  # one shared length scale: the sum over features
        gradients = gradients.sum(axis=-1, keepdims=True)
    return correlation, gradients


# ---------------------------------------------------------------------------------------------
# 2. Gaussian-process regression
# ---------------------------------------------------------------------------------------------

class GaussianProcess:
    """GP regression with a zero prior mean on standardised targets.

    The model: f ~ GP(0, signal_variance * k(x, x')), y = f(x) + noise with variance
    `noise_variance` (a tiny "nugget" for a deterministic objective). `length_scales` is a number
    (one scale shared by every feature) or an array with one scale per feature.

    - `fit(X, y)` conditions on data with the hyperparameters as they are;
      `fit(X, y, optimize=True, rng=rng)` first fits them by maximising the log marginal
      likelihood (L-BFGS-B on their logarithms, restarted from `n_restarts` random points).
    - `predict(X)` -> posterior mean and standard deviation of f (the noise-free function).
    - `normalize_y=True` models (y - mean) / std, as scikit-learn's `normalize_y` does, so the
      default hyperparameters and their bounds make sense whatever the objective's units.
    """

    # bounds on the hyperparameters, on the standardised y and the [0, 1] encoded inputs
    LENGTH_SCALE_BOUNDS = (1e-2, 1e2)
    SIGNAL_VARIANCE_BOUNDS = (1e-2, 1e2)
    NOISE_VARIANCE_BOUNDS = (1e-8, 1e-1)

    def __init__(self, kernel="matern52", length_scales=0.5, signal_variance=1.0,
                 noise_variance=1e-6, normalize_y=True):
        if kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {sorted(KERNELS)}, not {kernel!r}")
        self.kernel = kernel
        self.length_scales = np.atleast_1d(np.asarray(length_scales, dtype=float))
        self.signal_variance = float(signal_variance)
        self.noise_variance = float(noise_variance)
        for name, value in (("length_scales", self.length_scales.min()),
                            ("signal_variance", self.signal_variance),
                            ("noise_variance", self.noise_variance)):
            if not value > 0:
                raise ValueError(f"{name} must be positive, not {value!r}")
        self.normalize_y = normalize_y

    # -- the hyperparameters as one vector of logarithms (what L-BFGS-B moves) ----------------
    @property
    def theta(self):
        return np.log(np.r_[self.length_scales, self.signal_variance, self.noise_variance])

    @theta.setter
    def theta(self, theta):
        theta = np.asarray(theta, dtype=float)
        self.length_scales = np.exp(theta[:-2])
        self.signal_variance, self.noise_variance = np.exp(theta[-2:])

    def _log_bounds(self, n_length_scales):
        return np.log([self.LENGTH_SCALE_BOUNDS] * n_length_scales
                      + [self.SIGNAL_VARIANCE_BOUNDS, self.NOISE_VARIANCE_BOUNDS])

    def _covariance(self, X1, X2):
        return self.signal_variance * KERNELS[self.kernel](X1, X2, self.length_scales)

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, X, y, optimize=False, rng=None, n_restarts=2):
        X = np.atleast_2d(np.asarray(X, dtype=float))
        y = np.asarray(y, dtype=float).ravel()
        if len(X) != len(y) or len(y) == 0:
            raise ValueError(f"X and y must have the same, nonzero length, got {len(X)} and "
                             f"{len(y)}")
        if not np.all(np.isfinite(y)):
            raise ValueError("y must be finite: replace failed trials before fitting")
        self.X_train = X
        self.y_mean = y.mean() if self.normalize_y else 0.0
        self.y_std = (y.std() or 1.0) if self.normalize_y else 1.0
        self.y_train = (y - self.y_mean) / self.y_std
        self._sq_diff = (X[:, None, :] - X[None, :, :]) ** 2  # reused by every likelihood call
        if optimize:
            self._optimize_hyperparameters(rng, n_restarts)
        self._factorize()
        return self

    def _factorize(self):
        """The Cholesky factor L of K + noise I, and alpha = (K + noise I)^-1 y."""
        K = self._covariance(self.X_train, self.X_train)
        K[np.diag_indices_from(K)] += self.noise_variance
        self.L = np.linalg.cholesky(K)
        self.alpha = linalg.cho_solve((self.L, True), self.y_train, check_finite=False)

    def log_marginal_likelihood(self, theta=None, return_gradient=False):
        """log p(y | X, theta) = -1/2 y^T K^-1 y - 1/2 log|K| - n/2 log(2 pi), on the
        (standardised) training targets; `theta` defaults to the current hyperparameters.
        With `return_gradient`, also its gradient with respect to theta (the log-hyperparameters):
        1/2 tr((alpha alpha^T - K^-1) dK/dtheta_i)."""
        theta = self.theta if theta is None else np.asarray(theta, dtype=float)
        length_scales = np.exp(theta[:-2])
        signal, noise = np.exp(theta[-2:])
        y, n = self.y_train, len(self.y_train)
        correlation, d_correlation = _correlation_and_gradients(self.kernel, self._sq_diff,
                                                                length_scales)
        K = signal * correlation + noise * np.eye(n)
        try:
            L = np.linalg.cholesky(K)
        except np.linalg.LinAlgError:  # not positive definite at these hyperparameters
            return (-np.inf, np.zeros_like(theta)) if return_gradient else -np.inf
        alpha = linalg.cho_solve((L, True), y, check_finite=False)
        value = -0.5 * y @ alpha - np.log(np.diag(L)).sum() - 0.5 * n * math.log(2 * math.pi)
        if not return_gradient:
            return value
        inner = np.outer(alpha, alpha) - linalg.cho_solve((L, True), np.eye(n),
                                                          check_finite=False)
        gradient = 0.5 * np.r_[
            signal * np.einsum("ab,abj->j", inner, d_correlation),  # d/dlog l_j
            signal * np.sum(inner * correlation),                     # d/dlog signal variance
            noise * np.trace(inner)]                                  # d/dlog noise variance
        return value, gradient

    def _optimize_hyperparameters(self, rng, n_restarts):
        """Maximise the log marginal likelihood over log-hyperparameters with L-BFGS-B, from
        the current values (a warm start) and from `n_restarts` random points in the bounds:
        the likelihood often has several local optima (e.g. "smooth + noisy" vs "wiggly")."""
        bounds = self._log_bounds(len(self.length_scales))
        starts = [np.clip(self.theta, bounds[:, 0], bounds[:, 1])]
        if n_restarts:
            if not isinstance(rng, np.random.Generator):
                raise TypeError(f"rng must be a numpy Generator for random restarts, not {rng!r}")
            starts += list(rng.uniform(bounds[:, 0], bounds[:, 1],
                                       size=(n_restarts, len(bounds))))

        def negative(theta):
            value, gradient = self.log_marginal_likelihood(theta, return_gradient=True)
            if not np.isfinite(value):
                return 1e25, np.zeros_like(theta)
            return -value, -gradient

        best = None
        for start in starts:
            # a loose tolerance: the model needs sensible hyperparameters, not ten digits
            fit = optimize.minimize(negative, start, jac=True, method="L-BFGS-B", bounds=bounds,
                                    options={"ftol": 1e-6})
            if best is None or fit.fun < best.fun:
                best = fit
        self.theta = best.x

    # -- prediction --------------------------------------------------------------------------
    def predict(self, X, return_std=True):
        """Posterior mean (and standard deviation) of f at the rows of X, in y's units:
        mean = k*^T alpha, variance = k(x, x) - v^T v with v = L^-1 k*."""
        X = np.atleast_2d(np.asarray(X, dtype=float))
        K_star = self._covariance(self.X_train, X)
        mean = K_star.T @ self.alpha * self.y_std + self.y_mean
        if not return_std:
            return mean
        v = linalg.solve_triangular(self.L, K_star, lower=True, check_finite=False)
        variance = np.clip(self.signal_variance - np.sum(v ** 2, axis=0), 0, None)
        return mean, np.sqrt(variance) * self.y_std

    def sample_prior(self, X, n_samples, rng):
        """Functions drawn from the prior at the rows of X (shape (n_samples, len(X)))."""
        K = self._covariance(X, X) + 1e-10 * np.eye(len(X))
        return rng.multivariate_normal(np.zeros(len(X)), K, size=n_samples, method="cholesky")

    def condition_on(self, X_more, y_more):
        """The same GP with extra (fantasy) observations and unchanged hyperparameters: how the
        searcher makes the points it has asked for but not yet been told about look explored."""
        other = GaussianProcess(self.kernel, self.length_scales, self.signal_variance,
                                self.noise_variance, normalize_y=False)
        other.X_train = np.vstack([self.X_train, X_more])
        other.y_train = np.r_[self.y_train, (np.asarray(y_more) - self.y_mean) / self.y_std]
        other.y_mean, other.y_std = self.y_mean, self.y_std
        other._factorize()
        return other


# ---------------------------------------------------------------------------------------------
# 3. Acquisition functions, for minimisation: large where a point is worth evaluating.
#    mean, std: the posterior at candidate points; best: the lowest value observed so far.
# ---------------------------------------------------------------------------------------------

def _improvement_z(mean, std, best, xi):
    std = np.maximum(std, 1e-12)  # at an observed point std is 0; avoid dividing by it
    return (best - xi - mean) / std, std


def probability_of_improvement(mean, std, best, xi=0.0):
    """P(f(x) < best - xi): greedy, it prefers a sure tiny gain to a likely large one."""
    z, _ = _improvement_z(mean, std, best, xi)
    return special.ndtr(z)


def expected_improvement(mean, std, best, xi=0.0):
    """E[max(best - xi - f(x), 0)] = std * (z Phi(z) + phi(z)), z = (best - xi - mean) / std."""
    z, std = _improvement_z(mean, std, best, xi)
    return std * (z * special.ndtr(z) + np.exp(-0.5 * z ** 2) / math.sqrt(2 * math.pi))


def _log_h(z):
    """log(z Phi(z) + phi(z)) without underflow, following Ament et al. (2023):
    - z > -1: directly;
    - -1/sqrt(eps) < z <= -1: h = phi(z) (1 - |z| Phi(z)/phi(z)), with the ratio Phi(z)/phi(z)
      = sqrt(pi/2) erfcx(-z/sqrt2) (erfcx never underflows) and log(1 - e^a) done stably;
    - further out: h ~ phi(z) / z^2."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    log_phi = -0.5 * z ** 2 - 0.5 * math.log(2 * math.pi)
    near = z > -1
    zn = z[near]
    out[near] = np.log(zn * special.ndtr(zn) + np.exp(log_phi[near]))
    middle = ~near & (z > -1 / math.sqrt(np.finfo(float).eps))
    zm = z[middle]
    a = np.log(special.erfcx(-zm / math.sqrt(2)) * np.abs(zm)) + 0.5 * math.log(math.pi / 2)
    log1mexp = np.where(a > -math.log(2), np.log(-np.expm1(a)), np.log1p(-np.exp(a)))
    out[middle] = log_phi[middle] + log1mexp
    far = ~near & ~middle
    out[far] = log_phi[far] - 2 * np.log(np.abs(z[far]))
    return out


def log_expected_improvement(mean, std, best, xi=0.0):
    """log EI, finite even where EI itself underflows to 0 (far from the incumbent, late in a
    run): there plain EI is flat at zero and gives an optimiser nothing to climb."""
    z, std = _improvement_z(mean, std, best, xi)
    return np.log(std) + _log_h(z)


def lower_confidence_bound(mean, std, best=None, kappa=2.0):
    """-(mean - kappa std), i.e. the UCB rule for minimisation: optimism in the face of
    uncertainty; kappa trades exploring (large) against exploiting (small)."""
    return -(mean - kappa * std)


ACQUISITIONS = {"pi": probability_of_improvement, "ei": expected_improvement,
                "log_ei": log_expected_improvement, "ucb": lower_confidence_bound,
                "lcb": lower_confidence_bound}


# ---------------------------------------------------------------------------------------------
# 4. The searcher
# ---------------------------------------------------------------------------------------------

def warp_values(y):
    """log(1 + (y - min) / mean(y - min)): a monotone map (the best trial stays the best) that
    spreads out the values near the best and squashes the bad ones. Without it, a few terrible
    trials set the model's scale, and the differences among good configurations look like noise
    (measured: on a mixed space where one hyperparameter's effect spans 300 units and another's 3,
    the median regret after 30 trials fell from 3.1 to 0.4)."""
    gap = y - y.min()
    return np.log1p(gap / (gap.mean() or 1.0))


@register("bayes")
class BayesSearcher(Searcher):
    """Bayesian optimisation: a GP on the encoded unit cube and an acquisition maximised anew
    for each trial.

    Options:
    - `acquisition`: "log_ei" (default; expected improvement, computed safely), "ei", "pi" or
      "ucb" (= "lcb", with `kappa`); `xi` is EI's and PI's margin of improvement.
    - `n_initial`: space-filling trials (a Latin hypercube) before the model takes over; by
      default a fifth of the budget, between 5 and 10. Clipped to the budget.
    - `kernel`: "matern52" (default) or "rbf", with one length scale per encoded feature.
    - `n_candidates`: random configurations scored per trial (plus as many near the best
      trials); the best `n_polish` are polished by L-BFGS-B in their continuous coordinates.
    - `n_restarts`: random restarts when fitting the GP's hyperparameters.
    - `warp`: model `warp_values(y)` rather than y (default True), so that a few very bad trials
      do not flatten the differences among the good ones.

    Rules: failed trials enter the model through `self.observations()` (as the worst value seen,
    so their region is avoided); configurations asked for but not yet told (`self.pending`, in an
    `n_jobs` batch) are added to the model as if they had returned its mean there (the "kriging
    believer"), which makes them look explored, so the next proposal goes elsewhere; a proposal
    is never a configuration already evaluated or pending.
    """

    def __init__(self, acquisition="log_ei", n_initial=None, kernel="matern52", xi=0.0,
                 kappa=2.0, n_candidates=1000, n_polish=5, n_restarts=2, warp=True):
        super().__init__()
        if acquisition not in ACQUISITIONS:
            raise ValueError(f"acquisition must be one of {sorted(ACQUISITIONS)}, "
                             f"not {acquisition!r}")
        if kernel not in KERNELS:
            raise ValueError(f"kernel must be one of {sorted(KERNELS)}, not {kernel!r}")
        if n_initial is not None:
            check_int("n_initial", n_initial, 1)
        check_number("xi", xi, low=0)
        check_number("kappa", kappa, low=0)
        check_int("n_candidates", n_candidates, 1)
        check_int("n_polish", n_polish, 0)
        check_int("n_restarts", n_restarts, 0)
        check_bool("warp", warp)
        self.acquisition, self.n_initial, self.kernel = acquisition, n_initial, kernel
        self.xi, self.kappa = xi, kappa
        self.n_candidates, self.n_polish, self.n_restarts = n_candidates, n_polish, n_restarts
        self.warp = warp

    def setup(self):
        # Conditional spaces: the Encoder puts an inactive hyperparameter's column at a fixed
        # value (0.5; a category's block at zeros), and snapping does the same to candidates.
        # Every configuration that lacks a layer is then identical on that axis, so the kernel
        # compares them only on what they have, and the distance to those that have the layer
        # is one fixed amount, whose weight the length scale learns: the simplest choice that
        # states "absent" explicitly instead of inventing a value.
        self.encoder = Encoder(self.space)
        n_initial = self.n_initial or min(10, max(5, self.n_trials // 5))
        self.n_initial_ = min(n_initial, self.n_trials)
        self.initial_design = self._latin_hypercube(self.n_initial_)
        # the continuous columns (reals, integers) are polished; one-hot blocks are not
        self.polish_columns = np.zeros(self.encoder.n_features, dtype=bool)
        for name, dim in self.space.items():
            self.polish_columns[self.encoder.slices[name]] = not isinstance(dim, Categorical)
        self.all_real = self.polish_columns.all() and not any(
            isinstance(dim, Integer) for dim in self.space.values())
        self.model = None          # the last fitted GP, for drawing after a run
        self._theta = None         # its hyperparameters: the next fit starts from them

    def _latin_hypercube(self, n):
        """n configurations whose every coordinate falls once in each of n equal slices:
        evenly spread in every dimension, unlike n independent random points."""
        d = len(self.space)
        u = (np.array([self.rng.permutation(n) for _ in range(d)]).T
             + self.rng.random((n, d))) / n
        return [from_unit(self.space, row) for row in u]

    # -- ask ---------------------------------------------------------------------------------
    def ask(self):
        # The GP's matrices are small (a few hundred rows at most): multithreaded BLAS only
        # adds overhead there, up to ten times the run time on a busy two-core machine.
        with threadpool_limits(limits=1, user_api="blas"):
            return self._ask()

    def _ask(self):
        taken = self._taken()
        if self.next_number < self.n_initial_:
            params = self.initial_design[self.next_number]
            if self._is_new(self.encoder.encode([params]), taken)[0]:
                return params
        params_list, values = self.observations()
        if len(values) < 2:  # nothing to model yet (e.g. every trial so far failed)
            return self._random_new(taken)
        X = self.encoder.encode(params_list)
        y = np.asarray(values, dtype=float)
        largest = np.abs(y).max()
        if largest > 1e150:
            # values so large that their spread or their squares overflow (1e308 - -1e308 is
            # inf): rescaled, which leaves the order, and so the search, as it would be
            y = y / largest
        if self.warp:
            y = warp_values(y)
        gp = self._fit(X, y)
        best = np.min(y)
        if self.pending:  # kriging believer: pretend pending points returned the mean
            X_pending = self.encoder.encode([t.params for t in self.pending.values()])
            gp = gp.condition_on(X_pending, gp.predict(X_pending, return_std=False))
        x = self._maximize_acquisition(gp, best, X, taken)
        if x is None:
            return self._random_new(taken)
        return self.encoder.decode(x[None])[0]

    def _fit(self, X, y):
        gp = GaussianProcess(self.kernel, length_scales=np.full(X.shape[1], 0.5))
        n_restarts = self.n_restarts
        if self._theta is not None and len(self._theta) == len(gp.theta):
            # warm start: one more trial rarely moves the likelihood's optimum far, so random
            # restarts every other fit are enough (measured with benchmarks/bayes.py: 30 % less
            # deciding time; median regret 3e-6 instead of 2e-6 on Branin, 5e-3 instead of 3e-3
            # on Hartmann-6 and 1.6 instead of 0.4 on the mixed space, each within the spread
            # over its 10 seeds)
            gp.theta = self._theta
            if len(y) % 2:
                n_restarts = 0
        gp.fit(X, y, optimize=True, rng=self.rng, n_restarts=n_restarts)
        self._theta, self.model = gp.theta, gp
        return gp

    def acquisition_values(self, gp, X, best):
        """The acquisition at the rows of X (encoded), larger is better."""
        mean, std = gp.predict(X)
        if self.acquisition in ("ucb", "lcb"):
            return lower_confidence_bound(mean, std, kappa=self.kappa)
        return ACQUISITIONS[self.acquisition](mean, std, best, xi=self.xi)

    def _maximize_acquisition(self, gp, best, X_observed, taken):
        # 1. candidates: random configurations, and the best trials moved a little (the optimum
        #    is often near them, and random points rarely land close enough to refine it)
        # (snapping a uniform point of the cube draws a configuration as `sample` does: log
        # scales are linear in the cube, an integer's cell and a one-hot argmax are uniform)
        random = self._snap(self.rng.random((self.n_candidates, self.encoder.n_features)))
        order = np.argsort(gp.predict(X_observed, return_std=False))[:5]
        centres = X_observed[self.rng.choice(order, self.n_candidates)]
        scale = self.rng.choice([0.1, 0.01, 0.001], size=(self.n_candidates, 1))
        local = centres + scale * self.rng.standard_normal(centres.shape) * self.polish_columns
        candidates = np.vstack([random, self._snap(np.clip(local, 0, 1))])
        # 2. polish the best few in their continuous coordinates (one-hot blocks held fixed)
        scores = self.acquisition_values(gp, candidates, best)
        top = candidates[np.argsort(-scores)[:self.n_polish]]
        if len(top) and self.polish_columns.any():
            candidates = np.vstack([candidates, self._snap(self._polish(gp, top, best))])
            scores = self.acquisition_values(gp, candidates, best)
        # 3. the best one that is not already evaluated or pending
        new = self._is_new(candidates, taken)
        if not new.any():
            return None
        return candidates[new][np.argmax(scores[new])]

    def _snap(self, X):
        """The encoder's snap; skipped when every dimension is a Real, where every point of
        the cube already is a configuration (decoding thousands of candidates is not free)."""
        return X if self.all_real else self.encoder.snap(X)

    def _polish(self, gp, starts, best):
        """L-BFGS-B from each start, all at once: the sum of their acquisitions is maximised
        jointly (the starts do not interact, so this is the same as one run per start but costs
        one model evaluation per step). The gradient comes from finite differences."""
        columns = self.polish_columns
        k, d = len(starts), int(columns.sum())

        def fill(z):
            points = starts.copy()
            points[:, columns] = z.reshape(k, d)
            return points

        def negative_sum(z, step=1e-6):
            # each start and its d forward steps, scored in one batched call
            shifted = np.repeat(z.reshape(k, 1, d), d + 1, axis=1)   # (k, d + 1, d)
            shifted[:, 1:, :] += step * np.eye(d)
            points = np.repeat(starts, d + 1, axis=0)
            points[:, columns] = shifted.reshape(-1, d)
            values = self.acquisition_values(gp, points, best).reshape(k, d + 1)
            gradient = (values[:, 1:] - values[:, :1]) / step
            return -values[:, 0].sum(), -gradient.ravel()

        fit = optimize.minimize(negative_sum, starts[:, columns].ravel(), jac=True,
                                method="L-BFGS-B", bounds=[(0, 1)] * (k * d),
                                options={"maxiter": 50})
        return fill(fit.x)

    # -- never twice the same configuration ----------------------------------------------------
    def _taken(self):
        """Encoded configurations already evaluated (failed ones too) or pending."""
        params = [t.params for t in self.trials] + [t.params for t in self.pending.values()]
        if not params:
            return np.empty((0, self.encoder.n_features))
        return self.encoder.snap(self.encoder.encode(params))

    @staticmethod
    def _is_new(candidates, taken, tolerance=1e-9):
        if len(taken) == 0:
            return np.ones(len(candidates), dtype=bool)
        return cdist(candidates, taken, "chebyshev").min(axis=1) > tolerance

    def _random_new(self, taken):
        """A random configuration not yet taken; None once a finite space is used up."""
        for _ in range(100):
            x = self.encoder.sample(self.rng, 1)
            if self._is_new(x, taken)[0]:
                return self.encoder.decode(x)[0]
        return None
