"""Comparing methods over seeds: one search is one draw from a random process, so a claim
about a method is a claim about the distribution of its results.

    results = run_seeds(branin, branin.space, "bayes", n_trials=50, seeds=range(10))
    curves = regret(results, branin.minimum)   # (n_seeds, n_trials): best so far - optimum
    summarize(curves[:, -1])                   # median and interquartile range at the end
    paired(bayes_final, random_final)          # better / tied / worse, with an interval

Every notebook draws its randomness from one number, `COURSE_SEED` (read by `course_seed()`;
unset means 0, the stored run), so a learner can re-run a whole notebook on other draws and see
that its claims still hold; `seed_block(n)` turns it into the seeds of an experiment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .checks import check_int, check_number
from .search import minimize

__all__ = ["run_seeds", "regret", "summarize", "course_seed", "seed_block", "paired", "Paired"]

# seed blocks of different COURSE_SEED values never overlap while an experiment uses fewer
# seeds than this
SEED_BLOCK_SIZE = 10_000


def course_seed():
    """The notebooks' master seed: the integer in the environment variable COURSE_SEED, or 0
    (the run stored in the notebooks) when it is unset or empty."""
    text = os.environ.get("COURSE_SEED", "").strip()
    if not text:
        return 0
    try:
        seed = int(text)
    except ValueError:
        raise ValueError(f"COURSE_SEED must be a whole number such as 0 or 7, not {text!r}") \
            from None
    if not 0 <= seed < 2**32 // SEED_BLOCK_SIZE:
        raise ValueError(f"COURSE_SEED must be between 0 and {2**32 // SEED_BLOCK_SIZE - 1}, "
                         f"not {seed}")
    return seed


def seed_block(n, seed=None):
    """`n` seeds for one experiment: range(seed * 10_000, seed * 10_000 + n), with `seed` the
    COURSE_SEED by default. COURSE_SEED=0 gives 0, 1, ..., n - 1; another COURSE_SEED gives
    seeds that no other value uses, so each re-run is a fresh sample of the experiment."""
    if check_int("n", n, 1) > SEED_BLOCK_SIZE:
        raise ValueError(f"n must be at most {SEED_BLOCK_SIZE}, not {n!r}")
    start = (course_seed() if seed is None else int(seed)) * SEED_BLOCK_SIZE
    return range(start, start + int(n))


def run_seeds(objective, space: dict, method, n_trials: int, seeds=range(10), n_workers: int = 1,
              **kwargs) -> list:
    """`minimize` once per seed (same objective, method and budget): a list of Results, in the
    order of `seeds`. Extra keyword arguments go to `minimize` (catch=, n_jobs=).

    `n_workers` runs that many seeds side by side in worker processes (joblib; -1: one per core).
    Each seed's search is the same as in a serial run, so the values are too; only the measured
    seconds change (workers share the machine). Inside `joblib.parallel_config(backend="dask")`
    the workers are a Dask cluster's."""
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must name at least one seed, got an empty list")
    if not isinstance(n_workers, (int, np.integer)) or isinstance(n_workers, bool) or \
            n_workers == 0 or n_workers < -1:
        raise ValueError(f"n_workers must be a positive int or -1, not {n_workers!r}")
    if n_workers == 1:
        return [minimize(objective, space, method=method, n_trials=n_trials, seed=s, **kwargs)
                for s in seeds]
    from joblib import Parallel, delayed

    # a configured searcher instance is copied into each worker, so seeds never share state
    return Parallel(n_jobs=n_workers)(
        delayed(minimize)(objective, space, method=method, n_trials=n_trials, seed=s, **kwargs)
        for s in seeds)


def regret(results, minimum: float = 0.0, n_trials: int | None = None) -> np.ndarray:
    """Best value so far minus `minimum` (a toy function's known optimum), one row per Result:
    an (n_results, n_trials) array. Runs shorter than the longest (a grid that ran out) keep
    their last value, as a search that stopped keeps its best."""
    curves = [np.asarray(r.best_so_far, dtype=float) - minimum for r in results]
    if not curves or not all(len(c) for c in curves):
        raise ValueError("regret needs results with at least one trial each")
    if n_trials is not None:
        check_int("n_trials", n_trials, 1)
    length = max(len(c) for c in curves) if n_trials is None else n_trials
    return np.array([np.concatenate([c, np.full(max(0, length - len(c)), c[-1])])[:length]
                     for c in curves])


def summarize(values) -> dict:
    """Median and interquartile range of one number per seed: {"median", "q25", "q75", "n"}.
    An infinite value (a seed whose every trial failed) counts as the worst, as it should; only
    NaN is refused."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"summarize takes one value per seed (a 1-D array), got shape "
                         f"{values.shape}")
    if np.isnan(values).any():
        raise ValueError("summarize got NaN values: a seed's result is missing, not just bad")
    # np.percentile interpolates, and inf - inf is nan; the 'lower'/'higher' order statistics
    # around each quantile are exact values, so interpolate only where both are finite
    q25, median, q75 = (_quantile(values, q) for q in (25, 50, 75))
    return {"median": float(median), "q25": float(q25), "q75": float(q75), "n": len(values)}


def _quantile(values, q):
    low, high = np.percentile(values, q, method="lower"), np.percentile(values, q, method="higher")
    if low == high or not np.isfinite(high):
        return float(high if low == high else np.inf)
    return float(np.percentile(values, q))


@dataclass(frozen=True)
class Paired:
    """A paired comparison of method A with method B over the same seeds (lower is better).

    `better`, `tied` and `worse` count the seeds where A's value was lower than, equal to (within
    `tol`) or higher than B's. `median_difference` is the median of A - B; `interval` a
    distribution-free confidence interval for it (from order statistics, so exact for any
    distribution and any n). `win_rate` is the share of untied seeds that A wins and
    `win_rate_interval` its Clopper-Pearson interval; `p_value` is the two-sided sign test of
    "A and B win equally often". An interval that contains 0 is not evidence of no difference:
    its ends are the largest effects in either direction that the data still allow."""
    n: int
    better: int
    tied: int
    worse: int
    median_difference: float
    interval: tuple
    win_rate: float
    win_rate_interval: tuple
    p_value: float
    confidence: float

    def __str__(self):
        lo, hi = self.interval
        wl, wh = self.win_rate_interval
        return (f"A better in {self.better}, tied in {self.tied}, worse in {self.worse} of "
                f"{self.n} seeds; median A - B {self.median_difference:+.3g} "
                f"[{lo:+.3g}, {hi:+.3g}] ({self.confidence:.0%}); A wins {self.win_rate:.0%} "
                f"of untied seeds [{wl:.0%}, {wh:.0%}]; sign test p = {self.p_value:.2g}")


def paired(a, b, tol=0.0, confidence=0.95):
    """Compare A with B seed by seed: `a[i]` and `b[i]` are the two methods' results (lower is
    better) on seed i, at equal budget. Returns a `Paired` (print it for one line)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape or len(a) < 2:
        raise ValueError(f"paired needs two 1-D arrays of equal length >= 2 (one value per "
                         f"seed), got shapes {a.shape} and {b.shape}")
    if np.isnan(a).any() or np.isnan(b).any():
        raise ValueError("paired got NaN values: a seed's result is missing")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence!r}")
    check_number("tol", tol, 0)
    with np.errstate(invalid="ignore"):  # inf - inf: both failed, a tie
        d = np.where(a == b, 0.0, a - b)
    better, worse = int(np.sum(d < -tol)), int(np.sum(d > tol))
    n = len(d)
    untied = better + worse
    # order-statistic interval: P(d_(k) <= median <= d_(n+1-k)) >= confidence for the largest
    # such k, since the number of differences below the median is Binomial(n, 1/2)
    k = int(stats.binom.ppf((1 - confidence) / 2, n, 0.5))
    while k >= 1 and stats.binom.cdf(k - 1, n, 0.5) > (1 - confidence) / 2:
        k -= 1
    ordered = np.sort(d)
    interval = (float(ordered[k - 1]), float(ordered[n - k])) if k >= 1 else (-np.inf, np.inf)
    if untied:
        test = stats.binomtest(better, untied, 0.5)
        ci = test.proportion_ci(confidence_level=confidence)
        win_rate, win_ci, p = better / untied, (float(ci.low), float(ci.high)), float(test.pvalue)
    else:
        win_rate, win_ci, p = 0.5, (0.0, 1.0), 1.0
    return Paired(n=n, better=better, tied=n - untied, worse=worse,
                  median_difference=float(np.median(d)), interval=interval, win_rate=win_rate,
                  win_rate_interval=win_ci, p_value=p, confidence=confidence)
