"""Comparing methods over seeds: one search is one draw from a random process, so a claim
about a method is a claim about the distribution of its results.

    results = run_seeds(branin, branin.space, "bayes", n_trials=50, seeds=range(10))
    curves = regret(results, branin.minimum)   # (n_seeds, n_trials): best so far - optimum
    summarize(curves[:, -1])                   # median and interquartile range at the end
"""

from __future__ import annotations

import numpy as np

from .search import minimize

__all__ = ["run_seeds", "regret", "summarize"]


def run_seeds(objective, space, method, n_trials, seeds=range(10), n_workers=1, **kwargs):
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


def regret(results, minimum=0.0, n_trials=None):
    """Best value so far minus `minimum` (a toy function's known optimum), one row per Result:
    an (n_results, n_trials) array. Runs shorter than the longest (a grid that ran out) keep
    their last value, as a search that stopped keeps its best."""
    curves = [np.asarray(r.best_so_far, dtype=float) - minimum for r in results]
    if not curves or not all(len(c) for c in curves):
        raise ValueError("regret needs results with at least one trial each")
    length = n_trials or max(len(c) for c in curves)
    return np.array([np.concatenate([c, np.full(max(0, length - len(c)), c[-1])])[:length]
                     for c in curves])


def summarize(values):
    """Median and interquartile range of one number per seed: {"median", "q25", "q75", "n"}."""
    values = np.asarray(values, dtype=float)
    if values.ndim != 1 or len(values) == 0:
        raise ValueError(f"summarize takes one value per seed (a 1-D array), got shape "
                         f"{values.shape}")
    q25, median, q75 = np.percentile(values, [25, 50, 75])
    return {"median": float(median), "q25": float(q25), "q75": float(q75), "n": len(values)}
