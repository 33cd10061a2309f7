"""Hypergradients: the derivative of a validation loss with respect to a regularisation
hyperparameter, through the trained model, by the implicit function theorem (notebook 07).

    loss, grad = ridge_hypergradient(alpha, X_train, y_train, X_val, y_val)
    loss, grad = logistic_hypergradient(C, X_train, y_train, X_val, y_val)
    result = hypergradient_search(lambda log_alpha: ridge_hypergradient(np.exp(log_alpha), ...),
                                  start=1.0, name="alpha")

`grad` is always d loss / d log(hyperparameter): scale hyperparameters live on a log axis, and a
gradient step on the log can never make them negative.

The idea, for a training solution w(h) that makes the training objective's gradient zero:
differentiating "gradient = 0" with respect to h gives  H dw/dh = -d(gradient)/dh,  with H the
Hessian of the training objective. One linear solve with H gives dw/dh, and the chain rule gives
d(validation loss)/dh. No unrolling of the optimiser, no finite differences.
"""

from __future__ import annotations

import numbers
import time

import numpy as np

from .checks import check_int
from .result import Result

__all__ = ["ridge_hypergradient", "logistic_hypergradient", "hypergradient_search",
           "fit_logistic"]


# --- input checks ------------------------------------------------------------------------

def _check_positive(name, value, n_features=None):
    """A positive finite number, or (when n_features is given) a positive vector of that
    length: one penalty per feature."""
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray, list, tuple)):
        raise TypeError(f"{name} must be a positive number, not {value!r}")
    array = np.asarray(value, dtype=float)
    if array.ndim > 1 or (array.ndim == 1 and n_features is None):
        raise ValueError(f"{name} must be a single number, got an array of shape {array.shape}")
    if array.ndim == 1 and array.shape != (n_features,):
        raise ValueError(f"{name} must be a number or one value per feature ({n_features}), "
                         f"got shape {array.shape}")
    if not (np.isfinite(array).all() and (array > 0).all()):
        raise ValueError(f"{name} must be > 0 and finite, got {value!r}")
    return array


def _check_data(X_train, y_train, X_val, y_val):
    arrays = {}
    for name, value, ndim in (("X_train", X_train, 2), ("y_train", y_train, 1),
                              ("X_val", X_val, 2), ("y_val", y_val, 1)):
        if hasattr(value, "toarray"):  # scipy.sparse: np.asarray would make a 0-d object array
            raise TypeError(f"{name} is a sparse matrix; the hypergradients use dense linear "
                            f"algebra: pass {name}.toarray()")
        array = np.asarray(value, dtype=float)
        if array.ndim != ndim:
            raise ValueError(f"{name} must be a {ndim}-D array, got shape {array.shape}")
        if array.shape[0] == 0:
            raise ValueError(f"{name} is empty")
        if not np.isfinite(array).all():
            raise ValueError(f"{name} contains nan or inf")
        arrays[name] = array
    if len(arrays["y_train"]) != len(arrays["X_train"]):
        raise ValueError(f"y_train has {len(arrays['y_train'])} values but X_train has "
                         f"{len(arrays['X_train'])} rows")
    if len(arrays["y_val"]) != len(arrays["X_val"]):
        raise ValueError(f"y_val has {len(arrays['y_val'])} values but X_val has "
                         f"{len(arrays['X_val'])} rows")
    if arrays["X_val"].shape[1] != arrays["X_train"].shape[1]:
        raise ValueError(f"X_val has {arrays['X_val'].shape[1]} columns but X_train has "
                         f"{arrays['X_train'].shape[1]}")
    return arrays["X_train"], arrays["y_train"], arrays["X_val"], arrays["y_val"]


# --- ridge regression --------------------------------------------------------------------

def ridge_hypergradient(alpha, X_train, y_train, X_val, y_val) -> tuple[float, float | np.ndarray]:
    """The validation mean squared error of `Ridge(alpha=alpha)` (with its intercept) fitted
    on the training data, and its derivative with respect to log(alpha).

    `alpha` may also be a vector with one penalty per feature (the penalty is then
    sum_j alpha_j w_j^2); `grad` then has one entry per feature, d loss / d log(alpha_j).
    """
    X_train, y_train, X_val, y_val = _check_data(X_train, y_train, X_val, y_val)
    alpha = _check_positive("alpha", alpha, n_features=X_train.shape[1])
    # The intercept is not penalised: centring the training data removes it, as Ridge does.
    x_mean, y_mean = X_train.mean(axis=0), y_train.mean()
    Xc, yc = X_train - x_mean, y_train - y_mean
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is reported just below
        A = Xc.T @ Xc + np.diag(np.broadcast_to(alpha, Xc.shape[1]))
    if not np.isfinite(A).all():
        raise ValueError(f"X_train's values (up to {np.abs(X_train).max():.3g}) are too large: "
                         f"X^T X overflows. Standardise the features first (StandardScaler)")
    w = np.linalg.solve(A, Xc.T @ yc)
    Z = X_val - x_mean                       # the intercept is y_mean - x_mean @ w
    residual = Z @ w + y_mean - y_val
    loss = np.mean(residual ** 2)
    dloss_dw = 2 * Z.T @ residual / len(y_val)
    # A w = Xc^T yc; d/d alpha_j: A dw + e_j w_j = 0, so dw/d log alpha_j = -alpha_j w_j A^-1 e_j
    v = np.linalg.solve(A, dloss_dw)          # A is symmetric: one solve serves every alpha_j
    grad = -alpha * w * v
    return float(loss), (float(grad.sum()) if alpha.ndim == 0 else grad)


# --- L2-regularised logistic regression --------------------------------------------------

def _log_loss_terms(z, t):
    """-[t log p + (1 - t) log(1 - p)] with p = sigmoid(z), computed without overflow."""
    return np.logaddexp(0.0, z) - t * z


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))    # stable for large |z|


def fit_logistic(C: float, X, t, max_iter: int = 100) -> tuple[np.ndarray, np.ndarray]:
    """Newton's method on C * sum(log-loss) + ||w||^2 / 2 (intercept unpenalised), the
    objective of scikit-learn's `LogisticRegression(C=C)`. `t` holds 0/1 targets. Returns
    theta = (w, b) and the Hessian at the solution (the hypergradient needs it)."""
    X1 = np.hstack([X, np.ones((len(X), 1))])
    penalised = np.r_[np.ones(X.shape[1]), 0.0]

    def objective(theta):
        return C * _log_loss_terms(X1 @ theta, t).sum() + 0.5 * np.sum(penalised * theta ** 2)

    theta = np.zeros(X1.shape[1])
    value = objective(theta)
    for _ in range(max_iter):
        p = _sigmoid(X1 @ theta)
        gradient = C * X1.T @ (p - t) + penalised * theta
        hessian = C * (X1.T * (p * (1 - p))) @ X1 + np.diag(penalised)
        step = np.linalg.solve(hessian, gradient)
        # Newton's decrement: once it is below the objective's rounding error, the line search
        # can no longer see progress; near the optimum the full Newton step is then exact to
        # rounding (quadratic convergence), so take it and stop.
        if gradient @ step <= 1e-10 * max(1.0, abs(value)):
            theta = theta - step
            break
        size = 1.0                           # backtrack if a full step overshoots (large C)
        trial = objective(theta - step)
        while trial > value and size > 1e-10:
            size /= 2
            trial = objective(theta - size * step)
        theta, value = theta - size * step, trial
    else:
        raise RuntimeError(f"Newton's method did not converge in {max_iter} iterations "
                           f"(C={C}); is the training set separable?")
    p = _sigmoid(X1 @ theta)
    hessian = C * (X1.T * (p * (1 - p))) @ X1 + np.diag(penalised)
    return theta, hessian


def logistic_hypergradient(C: float, X_train, y_train, X_val, y_val) -> tuple[float, float]:
    """The validation log-loss of `LogisticRegression(C=C)` (L2 penalty, unpenalised
    intercept, solved to convergence) fitted on two-class training data, and its derivative
    with respect to log(C).

    The log-loss is computed exactly, without clipping; scikit-learn's `log_loss` clips
    probabilities at machine epsilon, which differs only for predictions within ~1e-16 of 0 or
    1 (a confidently wrong validation point at a very large C)."""
    for name, labels in (("y_train", y_train), ("y_val", y_val)):
        if np.ndim(labels) != 1:
            raise ValueError(f"{name} must be a 1-D array of labels, got shape "
                             f"{np.shape(labels)}")
    # the labels may be strings: check the shapes with stand-in zeros of the same length
    X_train, _, X_val, _ = _check_data(X_train, np.zeros(len(y_train)), X_val,
                                       np.zeros(len(y_val)))
    C = float(_check_positive("C", C))
    classes = np.unique(y_train)
    if len(classes) != 2:
        raise ValueError(f"y_train must hold exactly two classes, got {len(classes)}: "
                         f"{classes[:10]}")
    if not np.isin(y_val, classes).all():
        raise ValueError(f"y_val has labels not seen in y_train (classes {classes})")
    t_train = (np.asarray(y_train) == classes[1]).astype(float)   # classes[1] is "positive",
    t_val = (np.asarray(y_val) == classes[1]).astype(float)       # as in scikit-learn
    theta, hessian = fit_logistic(C, X_train, t_train)
    X1_val = np.hstack([X_val, np.ones((len(X_val), 1))])
    z_val = X1_val @ theta
    loss = np.mean(_log_loss_terms(z_val, t_val))
    dloss_dtheta = X1_val.T @ (_sigmoid(z_val) - t_val) / len(t_val)
    # Optimality: C X1^T (p - t) + R theta = 0, with R = diag(1, ..., 1, 0). Differentiating
    # in C and using the optimality condition gives d theta / d log C = H^-1 R theta.
    penalised_theta = np.r_[theta[:-1], 0.0]
    dtheta = np.linalg.solve(hessian, penalised_theta)
    return float(loss), float(dloss_dtheta @ dtheta)


# --- the outer loop: gradient descent on log(hyperparameter) -----------------------------

def hypergradient_search(value_and_grad, start, n_steps: int = 30, name: str = "alpha",
                         max_move: float = 3.0, tol: float = 1e-4, bounds=None) -> Result:
    """Gradient descent on log(hyperparameter), with a step size that adapts, recorded as a
    `Result` (method "hypergradient") so it compares with the other searches.

    - `value_and_grad(log_h) -> (loss, d loss / d log_h)`, `log_h` a float or a vector.
    - `start`: the hyperparameter's first value (a number, or a vector of them).
    - `n_steps`: the budget of evaluations (each one a training fit plus a linear solve);
      rejected steps count too.
    - The first step moves log_h by 1, so the step size needs no tuning to the loss's scale;
      an accepted step makes the next one 1.5 times longer (doubling overshoots and
      oscillates), a rejected one halves it. No move is longer than `max_move` (in log units,
      3 is 1.3 decades), so a bold step cannot overflow exp(log_h). The search stops early when
      the move falls below `tol` (log units).
    - `bounds=(low, high)`: the space searched, in the hyperparameter's own units (for a vector,
      the same bounds for every coordinate). Each step is clipped to [log low, log high], so a
      descent that would walk off the space (toward alpha -> 0, say) stops at its edge instead;
      `start` must lie inside. None (the default): no bounds.
    The params of a vector run are named "alpha_0", "alpha_1", ...
    """
    if not callable(value_and_grad):
        raise TypeError(f"value_and_grad must be callable, not {value_and_grad!r}")
    start = _check_positive("start", start, n_features=np.size(start))
    check_int("n_steps", n_steps, 1)
    for option, value in (("max_move", max_move), ("tol", tol)):
        if not isinstance(value, numbers.Real) or not value > 0:
            raise ValueError(f"{option} must be a positive number, not {value!r}")
    if bounds is None:
        log_low, log_high = -np.inf, np.inf
    else:
        if np.ndim(bounds) != 1 or np.size(bounds) != 2:
            raise ValueError(f"bounds must be a pair (low, high), not {bounds!r}")
        low, high = (float(_check_positive("bounds", b)) for b in bounds)
        if not low < high:
            raise ValueError(f"bounds must have low < high, got {bounds!r}")
        if np.any(start < low) or np.any(start > high):
            raise ValueError(f"start {start} lies outside bounds {bounds!r}")
        log_low, log_high = np.log(low), np.log(high)

    keys = [name] if start.ndim == 0 else [f"{name}_{j}" for j in range(start.size)]

    def named(log_h):
        return dict(zip(keys, np.exp(np.atleast_1d(log_h)).tolist()))

    def evaluate(log_h):
        began = time.perf_counter()
        value, grad = value_and_grad(log_h)
        params.append(named(log_h))
        values.append(float(value))
        seconds.append(time.perf_counter() - began)
        return float(value), np.asarray(grad, dtype=float)

    params, values, seconds = [], [], []
    x = np.log(start)
    value, grad = evaluate(x)
    if not (np.isfinite(value) and np.all(np.isfinite(grad))):
        raise ValueError(f"value_and_grad returned a non-finite loss or gradient at the start, "
                         f"{params[0]}: start somewhere the model can be fitted")
    step = 1.0 / max(float(np.linalg.norm(grad)), 1e-300)
    while len(values) < n_steps:
        norm = float(np.linalg.norm(grad))
        step = min(step, max_move / max(norm, 1e-300))   # no move longer than max_move
        if step * norm < tol:
            break                            # converged: the moves have become negligible
        candidate = np.clip(x - step * grad, log_low, log_high)
        move = float(np.linalg.norm(candidate - x))
        if move < tol:
            break                            # pressed against a bound: nowhere left to go
        step = min(step, move / norm)        # a clipped step counts as the move it made, so a
                                             # rejection halves it (never the same point again)
        new_value, new_grad = evaluate(candidate)
        if new_value < value and np.all(np.isfinite(new_grad)):   # accept, be bolder
            x, value, grad = candidate, new_value, new_grad
            step *= 1.5
        else:                                # overshot: stay, and try half the step
            step /= 2.0
    return Result.from_evaluations(params, values, method="hypergradient", seconds=seconds)
