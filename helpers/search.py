"""`minimize`: the one search loop that every method plugs into.

    result = minimize(objective, space, method="random", n_trials=50, seed=0)

The loop starts trials on the searcher (see `helpers.searcher`), evaluates them (a batch at a
time with `n_jobs`), and finishes them on the searcher, which keeps the books. Failed trials,
seeds, timing, journals and interruptions are handled here, once, for every method.
"""

from __future__ import annotations

import copy
import math
import os
import time
from typing import Callable

from .checks import check_bool, check_int, check_number
from .result import Result
from .searcher import as_value, make_searcher, stable_repr
from .space import check_space

__all__ = ["minimize", "last_result"]

# Never turned into failed trials, whatever `catch=` says: Ctrl-C must stop a search.
_NEVER_CAUGHT = (KeyboardInterrupt, SystemExit)

_last = None


def last_result() -> Result | None:
    """The Result of the latest `minimize` call, finished or not: the same object that an
    exception out of `minimize` carries as `exc.partial_result`. After Ctrl-C (or an exception
    at trial k) it holds every trial that finished, so an afternoon's work is not lost."""
    return _last


def _as_exception_types(catch):
    types = catch if isinstance(catch, tuple) else (catch,)
    for t in types:
        if not (isinstance(t, type) and issubclass(t, BaseException)):
            raise TypeError(f"catch must be an exception class or a tuple of them, not {catch!r}")
    return types


def _evaluate(objective, params, budget, catch):
    """Run one trial -> (value, seconds, error, info). A caught exception becomes a failed
    trial (nan) with its message kept."""
    start = time.perf_counter()
    error = None
    # a deep copy: an objective that edits its params (or a dict inside them) cannot edit the
    # space's choices or our record of the trial
    own = copy.deepcopy(params)
    try:
        raw = objective(own) if budget is None else objective(own, budget)
    except catch as exc:
        if isinstance(exc, _NEVER_CAUGHT):
            raise
        raw, error = math.nan, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    value, info = as_value(raw, params)
    if "seconds" in info:  # an objective standing in for a slower one says what it would cost
        seconds = check_number(f"info['seconds'] (reported by the objective for {params!r})",
                               info["seconds"], low=0)
    return value, seconds, error, info


def _open_journal(storage, searcher, space, seed, n_trials, n_jobs):
    if storage is None:
        return None
    if not isinstance(storage, (str, os.PathLike)) or not str(storage).strip():
        raise ValueError(f"storage must be the path of a journal file, such as "
                         f"'search.jsonl', not {storage!r}")
    if os.path.isdir(storage):
        raise ValueError(f"storage={str(storage)!r} is a directory; name a file inside it, "
                         f"such as {os.path.join(storage, 'search.jsonl')!r}")
    if seed is None:
        raise ValueError("storage needs a seed: a search without one cannot be replayed "
                         "to resume it")
    from .journal import Journal

    journal = Journal(storage, space, {
        "method": repr(searcher), "space": {n: stable_repr(d) for n, d in space.items()},
        "seed": seed, "n_trials": n_trials, "n_jobs": n_jobs})
    journal.open()
    return journal


class _Progress:
    """A tqdm bar showing the best value (a widget in Jupyter, text in a terminal), or nothing."""

    def __init__(self, n_trials, show):
        self.bar = None
        if show:
            from tqdm.auto import tqdm

            self.bar = tqdm(total=n_trials, unit="trial")

    def update(self, result):
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix(best=f"{result.best_value:.4g}")

    def close(self):
        if self.bar is not None:
            self.bar.close()


def minimize(objective: Callable, space: dict, method="random", n_trials: int = 50,
             seed: int | None = None, catch=(), n_jobs: int = 1, storage=None,
             callback: Callable | None = None, progress: bool = False) -> Result:
    """Minimise `objective(params) -> float` over `space`.

    - `method`: a registered name (see `helpers.METHODS`: "grid", "random", "sobol", ...), a
      `Searcher` class, or a configured instance such as `BayesSearcher(acquisition="ucb")`.
    - `n_trials`: the budget of evaluations (the grid uses the finest full grid that fits).
    - `seed`: the same int gives the same result, bit for bit; None draws fresh entropy.
    - A nan or infinite value is a failed trial: recorded, never the best; the search goes on.
      Exceptions propagate, unless their class is in `catch`: then the trial fails (nan).
      KeyboardInterrupt and SystemExit always stop the search; the exception carries the trials
      that finished as `exc.partial_result` (also `last_result()`).
    - A trial that the searcher gives a budget calls `objective(params, budget)`. The objective
      may return `(value, info_dict)`; the dict is kept in `trial.info`. An objective that stands
      in for a slower one (a table of real evaluations) may put the real evaluation's time in
      `info["seconds"]`: the trial is charged that, not the time the lookup took.
    - `n_jobs`: evaluate a batch of `n_jobs` started trials at once with joblib (-1: all cores).
      A model-based method then learns once per batch, so its results depend on n_jobs.
    - `storage`: a file (".jsonl") that every finished trial is appended to at once. Calling
      again with the same file and arguments resumes: stored trials are replayed to the
      searcher, not re-run, and the result equals an uninterrupted run's. Needs a seed. A file
      that is not this search's journal is refused untouched; a second writer is refused.
    - `callback(result, trial)`: called after each finished trial; returning a true value stops
      the search (a target reached, say). `progress=True` draws a progress bar with the best value.
    """
    global _last
    if not callable(objective):
        raise TypeError(f"objective must be callable, not {objective!r}")
    check_space(space)
    searcher = make_searcher(method)
    check_int("n_trials", n_trials, 1)
    if seed is not None:
        check_int("seed", seed, 0)
    catch = _as_exception_types(catch)
    if check_int("n_jobs", n_jobs) == 0:
        raise ValueError("n_jobs must be a nonzero int (-1 for all cores), not 0")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable (result, trial) -> bool, not {callback!r}")
    check_bool("progress", progress)
    run = _runner(objective, catch, n_jobs)
    searcher.bind(space, n_trials, seed)
    # the searcher's own list of finished trials: the result grows as the search does
    result = Result(method=searcher.name or type(searcher).__name__, seed=seed,
                    trials=searcher.trials, searcher=searcher, space=space,
                    max_budget=searcher.max_budget)
    journal = _open_journal(storage, searcher, space, seed, n_trials, n_jobs)
    _last = result
    bar = _Progress(n_trials, progress)
    try:
        while len(searcher.trials) < n_trials:
            batch = []  # one trial unless n_jobs > 1; started trials are pending, seen by ask
            while len(batch) < min(run.batch_size, n_trials - len(searcher.trials)):
                trial = searcher.start()
                if trial is None:
                    break
                batch.append(trial)
            if not batch:
                break  # the searcher has nothing left to propose (a grid smaller than the budget)
            stored = journal.replay(batch) if journal is not None else {}
            outcomes = stored | run([t for t in batch if t.number not in stored])
            for trial in batch:  # finish in trial order, whatever order they ran in
                value, trial.seconds, trial.error, info = outcomes[trial.number]
                searcher.finish(trial, (value, info))
                if journal is not None and trial.number not in stored:
                    journal.append(trial)
                bar.update(result)
            # each trial's callback is called, then the search stops if any said so
            if callback is not None and any([bool(callback(result, t)) for t in batch]):
                break
    except BaseException as exc:
        exc.partial_result = result  # the trials that finished (also last_result())
        raise
    finally:
        bar.close()
        if journal is not None:
            journal.close()
    return result


def _runner(objective, catch, n_jobs):
    """A function that evaluates a list of trials -> {number: (value, seconds, error, info)}:
    one after another, or a batch at a time in joblib's workers."""
    def serial(trials):
        return {t.number: _evaluate(objective, t.params, t.budget, catch) for t in trials}

    serial.batch_size = 1
    if n_jobs == 1:
        return serial
    from joblib import Parallel, delayed, effective_n_jobs

    parallel = Parallel(n_jobs=n_jobs)

    def batched(trials):
        if len(trials) <= 1:
            return serial(trials)
        outcomes = parallel(delayed(_evaluate)(objective, t.params, t.budget, catch)
                            for t in trials)
        return dict(zip([t.number for t in trials], outcomes))

    batched.batch_size = effective_n_jobs(n_jobs)
    return batched
