"""The Tree-structured Parzen Estimator (Bergstra et al. 2011) from scratch, as `method="tpe"`.

Notebook 05's "Going further" writes the idea in a dozen lines on one dimension; this is that
idea, complete:

1. The first `n_initial` trials are random.
2. Then the finished trials are split by value: the best `n_good(n)` are "good", the rest (with
   failed and pending trials) "bad".
3. Two densities on the unit cube of the space (log scales where log=True): l(x) from the good
   trials, g(x) from the bad ones. Each is a mixture with one kernel per trial plus a broad
   prior kernel; a trial's kernel is a product over the dimensions of one-dimensional kernels:
   a Gaussian truncated to [0, 1] for a Real, that Gaussian's mass on the integer's own cell for
   an Integer, a smoothed choice for a Categorical.
4. `n_candidates` configurations are drawn from l, and the one with the largest
   log l(x) - log g(x) is proposed: where good trials are dense and bad ones sparse, which is
   where expected improvement is largest under this model.

The choices, each Optuna's default (Optuna 5's `TPESampler()`), so that the two can be compared
point by point (`benchmarks/tpe.py`):
- `n_good(n) = min(ceil(0.1 n), 25)`: l follows the best tenth, but never more than 25 trials,
  so that it stays concentrated late in a long run.
- Kernels over all dimensions at once (a mixture of products, Optuna's "multivariate" TPE,
  its default for one objective since version 4), not a product of one mixture per dimension
  (the 2011 paper's): a candidate then comes from one good trial's neighbourhood in every
  dimension together, which keeps what made that trial good. Measured with a product of
  mixtures instead: median regret 0.072 against 0.036 on Hartmann-6 at 200 trials (this
  version ahead in 21 of 30 seeds, sign test p = 0.04), 0.23 against 0.17 on Branin at 50
  (31 of 50, p = 0.09).
- Bandwidths by the neighbour rule: a kernel is as wide as the larger gap to its neighbours on
  that axis (the interval's ends count as neighbours), clipped to [1 / min(100, n + 2), 1]
  (Optuna's "magic clip": never so narrow that l becomes a set of spikes). The prior kernel sits
  at 0.5 with width 1 and weight 1, so l and g are never zero anywhere.
- Older trials weigh less once a set holds more than 25 (a ramp from 1/n to 1): g follows
  where the search is now.
- A category's kernel: its own choice with weight 1 plus the prior weight spread evenly.

Conditional spaces natively: a trial that lacks a hyperparameter contributes the prior on that
axis (it says nothing there), each bandwidth comes from the trials where that dimension was
active, and a candidate's score sums only over the dimensions active in it.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import log_ndtr, logsumexp, ndtr, ndtri

from .checks import check_int, check_number
from .searcher import Searcher, register
from .space import Categorical, Integer, _active_masks, _rows, is_conditional, sample

__all__ = ["TPESearcher", "n_good", "truncated_log_mass"]


def n_good(n: int) -> int:
    """How many of n finished trials are "good": min(ceil(0.1 n), 25), Optuna's rule."""
    return min(math.ceil(0.1 * n), 25)


def _weights(n):
    """Trial weights, oldest first: equal up to 25, then a ramp from 1/n for the oldest."""
    if n < 25:
        return np.ones(n)
    return np.concatenate([np.linspace(1.0 / n, 1.0, n - 25), np.ones(25)])


def truncated_log_mass(a, b, mu, sigma):
    """log of the mass that N(mu, sigma^2) puts on [a, b], computed without underflow far in a
    tail (where 1 - 1 rounds to 0 and the log of a difference of CDFs would be -inf)."""
    a, b = (a - mu) / sigma, (b - mu) / sigma
    flip = a > 0  # work in the lower tail, where log_ndtr is exact: P[a, b] = P[-b, -a]
    a, b = np.where(flip, -b, a), np.where(flip, -a, b)
    upper, lower = log_ndtr(b), log_ndtr(a)
    with np.errstate(divide="ignore"):
        return upper + np.log1p(-np.exp(lower - upper))


def _cell(dim, k):
    """The unit-interval cell [a, b) of the integers k of an Integer dimension (its `from_unit`
    cells: equal ones, or of width log((k + 1) / k) on a log scale)."""
    k = np.asarray(k, dtype=float)
    if dim.log:
        low, span = math.log(dim.low), math.log(dim.high + 1) - math.log(dim.low)
        return (np.log(k) - low) / span, (np.log(k + 1) - low) / span
    return (k - dim.low) / (dim.high + 1 - dim.low), (k + 1 - dim.low) / (dim.high + 1 - dim.low)


@register("tpe")
class TPESearcher(Searcher):
    """TPE (see the module). Options: `n_initial` random trials first (10); `n_candidates`
    drawn from l per trial (24); `prior_weight` of the broad prior kernel (1.0).

    Failed trials count as bad (their configurations are where not to look). With `n_jobs`, the
    trials asked for but not yet told count as bad too (the "constant liar", Optuna's default):
    l does not know them, but g does, so the next proposal of a batch moves away from them.
    """

    def __init__(self, n_initial=10, n_candidates=24, prior_weight=1.0):
        super().__init__()
        check_int("n_initial", n_initial, 1)
        check_int("n_candidates", n_candidates, 1)
        if check_number("prior_weight", prior_weight) <= 0:
            raise ValueError(f"prior_weight must be positive, not {prior_weight!r}")
        self.n_initial, self.n_candidates = n_initial, n_candidates
        self.prior_weight = float(prior_weight)

    def setup(self):
        self.names, self.dims = list(self.space), list(self.space.values())
        self.conditional = is_conditional(self.space)
        # each told trial on the unit cube (a category as its index, nan where inactive), and
        # its value: kept as trials are told, so a proposal never re-encodes the history
        self._X, self._values = [], []

    def _encode(self, params):
        return np.array([math.nan if name not in params
                         else dim.index(params[name]) if isinstance(dim, Categorical)
                         else float(dim.to_unit([params[name]])[0])
                         for name, dim in self.space.items()])

    def tell(self, trial):
        self._X.append(self._encode(trial.params))
        self._values.append(trial.value)

    def split(self):
        """(good rows, bad rows) of the unit-cube encoding, each oldest first: the best n_good(n)
        finished trials, and the rest with the failed and pending ones."""
        values = np.array(self._values, dtype=float)
        ok = np.flatnonzero(np.isfinite(values))
        # a stable sort: of equal values the older trial is the better one
        good = np.sort(ok[np.argsort(values[ok], kind="stable")[:n_good(len(values))]])
        X = np.array(self._X).reshape(len(values), len(self.dims))
        bad = np.delete(X, good, axis=0)
        if self.pending:  # the constant liar
            bad = np.vstack([bad] + [self._encode(t.params) for t in self.pending.values()])
        return X[good], bad

    def ask(self):
        if self.next_number < self.n_initial:
            return sample(self.space, self.rng)
        good, bad = self.split()
        l, g = self._kernels(good), self._kernels(bad)
        columns, unit = self._draw(l)
        active = (_active_masks(self.space, dict(zip(self.space, columns))) if self.conditional
                  else None)
        score = self._log_density(l, unit, active) - self._log_density(g, unit, active)
        best = int(np.argmax(score))
        return _rows(self.space, [column[best:best + 1] for column in columns])[0]

    # --- the two densities ----------------------------------------------------------------

    def _kernels(self, X):
        """One kernel per row of X, plus the prior kernel: their weights, and per dimension
        (centre, width) arrays, or a category's probabilities per kernel."""
        n = len(X)
        weights = np.append(_weights(n), self.prior_weight)
        per_dim = []
        for j, dim in enumerate(self.dims):
            x = X[:, j]
            on = ~np.isnan(x)  # the trials where this dimension was active
            if isinstance(dim, Categorical):
                k = len(dim.categories)
                smoothing = self.prior_weight / (on.sum() + 1)
                probabilities = np.full((n + 1, k), 1.0 / k)  # inactive trials and the prior
                rows = np.full((on.sum(), k), smoothing)
                rows[np.arange(on.sum()), x[on].astype(int)] += 1.0
                probabilities[:n][on] = rows / rows.sum(axis=1, keepdims=True)
                per_dim.append(probabilities)
                continue
            centres = np.where(on, x, 0.5)
            widths = np.ones(n)
            widths[on] = self._bandwidths(x[on])
            per_dim.append((np.append(centres, 0.5), np.append(widths, 1.0)))
        return weights / weights.sum(), per_dim

    @staticmethod
    def _bandwidths(x):
        """The neighbour rule: the larger gap to the next centre on either side (0 and 1 count as
        neighbours; at the two outermost centres only the inner gap), then the magic clip."""
        if len(x) == 0:
            return x
        order = np.argsort(x)
        padded = np.concatenate([[0.0], x[order], [1.0]])
        gaps = np.maximum(padded[1:-1] - padded[:-2], padded[2:] - padded[1:-1])
        if len(padded) >= 4:  # the ends are not neighbours of the outermost centres
            gaps[0], gaps[-1] = padded[2] - padded[1], padded[-2] - padded[-3]
        widths = np.empty_like(x)
        widths[order] = gaps
        return np.clip(widths, 1.0 / min(100.0, len(x) + 2), 1.0)

    def _draw(self, kernels):
        """`n_candidates` configurations from a density: each picks one kernel, then draws every
        dimension from that kernel's factor. Returns the values per dimension and their
        unit-cube coordinates (a category as its index)."""
        weights, per_dim = kernels
        m = self.n_candidates
        chosen = self.rng.choice(len(weights), size=m, p=weights)
        columns, unit = [], []
        for dim, factor in zip(self.dims, per_dim):
            if isinstance(dim, Categorical):
                cumulative = np.cumsum(factor[chosen], axis=1)
                u = self.rng.random((m, 1)) * cumulative[:, -1:]
                index = np.minimum((u > cumulative).sum(axis=1), len(dim.categories) - 1)
                columns.append(dim._choices(index))
                unit.append(index)
                continue
            mu, sigma = factor[0][chosen], factor[1][chosen]
            # inverse-CDF sampling of N(mu, sigma^2) truncated to [0, 1]
            low, high = ndtr(-mu / sigma), ndtr((1 - mu) / sigma)
            u = np.clip(low + self.rng.random(m) * (high - low), 1e-300, 1 - 1e-16)
            x = np.clip(mu + sigma * ndtri(u), 0.0, 1.0)
            columns.append(dim.from_unit(x))
            unit.append(x)
        return columns, unit

    def _log_density(self, kernels, unit, active):
        """log of the mixture at the candidates: the log-sum over kernels of each kernel's
        log weight plus its log factors, summed over the dimensions active in the candidate."""
        weights, per_dim = kernels
        total = np.tile(np.log(weights), (len(unit[0]), 1))  # (candidates, kernels)
        for j, (dim, factor) in enumerate(zip(self.dims, per_dim)):
            x = unit[j]
            if isinstance(dim, Categorical):
                log_factor = np.log(factor[:, x].T)
            else:
                mu, sigma = factor[0][None, :], factor[1][None, :]
                normaliser = truncated_log_mass(0.0, 1.0, mu, sigma)
                if isinstance(dim, Integer):  # the mass on the candidate's own cell
                    a, b = _cell(dim, dim.from_unit(x))
                    log_factor = truncated_log_mass(a[:, None], b[:, None], mu, sigma)
                else:
                    z = (x[:, None] - mu) / sigma
                    log_factor = -0.5 * z ** 2 - np.log(sigma) - 0.5 * math.log(2 * math.pi)
                log_factor = log_factor - normaliser
            if active is not None:  # an inactive dimension does not enter the score
                log_factor = np.where(active[self.names[j]][:, None], log_factor, 0.0)
            total += log_factor
        return logsumexp(total, axis=1)
