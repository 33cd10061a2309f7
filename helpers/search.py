"""`minimize`: the one search loop that every method plugs into.

    result = minimize(objective, space, method="random", n_trials=50, seed=0)

The loop asks the searcher (see `helpers.searcher`) for configurations, evaluates them (a batch
at a time with `n_jobs`), records every trial with its cost, and tells the searcher. Failed
trials, seeds, timing and interruptions are handled here, once, for every method.
"""

from __future__ import annotations

import copy
import math
import numbers
import time

import numpy as np

from .result import Result
from .searcher import Trial, make_searcher
from .space import check_space

__all__ = ["minimize", "last_result"]

# Never turned into failed trials, whatever `catch=` says: Ctrl-C must stop a search.
_NEVER_CAUGHT = (KeyboardInterrupt, SystemExit)

_last = None


def last_result():
    """The Result of the latest `minimize` call, finished or not. After Ctrl-C (or an exception
    at trial k) it still holds every trial that finished, so an afternoon's work is not lost."""
    return _last


def _check_int(name, value, low):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < low:
        raise ValueError(f"{name} must be at least {low}, not {value!r}")


def _as_exception_types(catch):
    types = catch if isinstance(catch, tuple) else (catch,)
    for t in types:
        if not (isinstance(t, type) and issubclass(t, BaseException)):
            raise TypeError(f"catch must be an exception class or a tuple of them, not {catch!r}")
    return types


def _as_value(raw, params):
    """The objective's return -> (float value, info dict), with a clear error for anything else."""
    info = {}
    if isinstance(raw, tuple) and len(raw) == 2 and isinstance(raw[1], dict):
        raw, info = raw
    if isinstance(raw, bool) or not isinstance(raw, numbers.Real):
        raise TypeError(f"the objective must return a number (or a (number, dict) pair), but "
                        f"returned {raw!r} for params {params!r}")
    try:
        return float(raw), dict(info)
    except OverflowError:
        raise ValueError(f"the objective returned {raw!r} for params {params!r}, an int too "
                         f"large for a float; return a float (inf marks a failed trial)") from None


def _reported_seconds(value, params):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise ValueError(f"the objective reported info['seconds'] = {value!r} for params "
                         f"{params!r}; it must be a number of seconds >= 0")
    return float(value)


def _evaluate(objective, params, budget, catch, gather_history=False):
    """Run one trial. A caught exception becomes a failed trial (nan) with its message kept.

    With `gather_history` (a worker process), the entries the objective appended to its
    `history` list are returned, so the parent's copy can count them too.
    """
    history = getattr(objective, "history", None) if gather_history else None
    before = len(history) if isinstance(history, list) else None
    start = time.perf_counter()
    error, info = None, {}
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
    value, info = _as_value(raw, params)
    if "seconds" in info:  # an objective standing in for a slower one says what it would cost
        seconds = _reported_seconds(info["seconds"], params)
    new_history = history[before:] if before is not None else None
    return value, seconds, error, info, new_history


def _check_proposal(proposal, space, searcher):
    if isinstance(proposal, tuple) and len(proposal) == 2:
        params, budget = proposal
    else:
        params, budget = proposal, None
    if not isinstance(params, dict):
        raise TypeError(f"{type(searcher).__name__}.ask() must return a params dict, a "
                        f"(params, budget) pair or None, not {proposal!r}")
    if set(params) != set(space):
        raise ValueError(f"{type(searcher).__name__}.ask() proposed {sorted(params)}, but the "
                         f"space has {sorted(space)}")
    return params, budget


def _progress_bar(n_trials):
    """A tqdm bar: a widget in Jupyter, text in a terminal (tqdm.auto picks)."""
    from tqdm.auto import tqdm

    return tqdm(total=n_trials, unit="trial")


def minimize(objective, space, method="random", n_trials=50, seed=None, catch=(), n_jobs=1,
             storage=None, callback=None, progress=False):
    """Minimise `objective(params) -> float` over `space`.

    - `method`: a registered name (see `helpers.METHODS`: "grid", "random", "sobol", ...), a
      `Searcher` class, or a configured instance such as `BayesSearcher(acquisition="ucb")`.
    - `n_trials`: the budget of evaluations (the grid uses the finest full grid that fits).
    - `seed`: the same int gives the same result, bit for bit; None draws fresh entropy.
    - A nan or infinite value is a failed trial: recorded, never the best; the search goes on.
      Exceptions propagate, unless their class is in `catch`: then the trial fails (nan).
      KeyboardInterrupt and SystemExit always stop the search; `last_result()` keeps the
      trials that finished.
    - A trial that the searcher gives a budget calls `objective(params, budget)`. The objective
      may return `(value, info_dict)`; the dict is kept in `trial.info`. An objective that stands
      in for a slower one (a table of real evaluations) may put the real evaluation's time in
      `info["seconds"]`: the trial is charged that, not the time the lookup took.
    - `n_jobs`: evaluate a batch of `n_jobs` asked configurations at once with joblib (-1: all
      cores). A model-based method then learns once per batch, so its results depend on n_jobs.
    - `storage`: a file (".jsonl") that every finished trial is appended to at once. Calling
      again with the same file and arguments resumes: stored trials are replayed to the
      searcher, not re-run, and the result equals an uninterrupted run's. Needs a seed.
    - `callback(result, trial)`: called after each finished trial; returning True stops the
      search (a target reached, say). `progress=True` draws a progress bar with the best value.
    """
    global _last
    if not callable(objective):
        raise TypeError(f"objective must be callable, not {objective!r}")
    check_space(space)
    searcher = make_searcher(method)
    _check_int("n_trials", n_trials, 1)
    if seed is not None:
        _check_int("seed", seed, 0)
    catch = _as_exception_types(catch)
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral) or n_jobs == 0:
        raise ValueError(f"n_jobs must be a nonzero int (-1 for all cores), not {n_jobs!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be callable (result, trial) -> bool, not {callback!r}")
    journal = None
    if storage is not None:
        if seed is None:
            raise ValueError("storage needs a seed: a search without one cannot be replayed "
                             "to resume it")
        from .journal import Journal

        journal = Journal(storage, space, {
            "method": repr(searcher), "space": {n: repr(d) for n, d in space.items()},
            "seed": seed, "n_trials": n_trials, "n_jobs": n_jobs})
        journal.open()

    rng = np.random.default_rng(seed)
    start = time.perf_counter()
    searcher.bind(space, n_trials, rng)
    setup_seconds = time.perf_counter() - start
    result = _last = Result(method=searcher.name or type(searcher).__name__, seed=seed,
                            searcher=searcher, space=space)

    batch_size = 1
    if n_jobs != 1:
        from joblib import Parallel, delayed, effective_n_jobs
        batch_size = effective_n_jobs(n_jobs)
        parallel = Parallel(n_jobs=n_jobs)
    bar = _progress_bar(n_trials) if progress else None

    try:
        while len(result.trials) < n_trials:
            # ask for a batch (one trial unless n_jobs > 1); pending trials are visible to ask
            batch = []
            for _ in range(min(batch_size, n_trials - len(result.trials))):
                start = time.perf_counter()
                proposal = searcher.ask()
                asked = time.perf_counter() - start
                if proposal is None:
                    break
                params, budget = _check_proposal(proposal, space, searcher)
                number = len(result.trials) + len(batch)
                trial = Trial(number, params, budget=budget,
                              decide_seconds=asked + setup_seconds)
                setup_seconds = 0.0  # the searcher's setup is charged to its first trial
                searcher.pending[number] = trial
                batch.append(trial)
            if not batch:
                break  # the searcher has nothing left to propose (a grid smaller than the budget)

            # evaluate: trials stored by an earlier run are replayed, the others are run
            replayed = {}
            if journal is not None:
                for trial in batch:
                    if journal.stored(trial.number) is not None:
                        if not journal.matches(trial.number, trial.params):
                            raise ValueError(
                                f"{storage}: trial {trial.number} was {journal.stored(trial.number)[0]}"
                                f" in the file but the searcher now proposes {trial.params}; the "
                                f"file comes from a different search (or the method is not "
                                f"deterministic for a seed)")
                        params, value, seconds, error, info = journal.stored(trial.number)
                        replayed[trial.number] = (value, seconds, error, info, None)
            to_run = [t for t in batch if t.number not in replayed]
            if batch_size == 1 or len(to_run) <= 1:
                outcomes = [_evaluate(objective, t.params, t.budget, catch) for t in to_run]
            else:
                outcomes = parallel(delayed(_evaluate)(objective, t.params, t.budget, catch, True)
                                    for t in to_run)
            outcomes = dict(zip([t.number for t in to_run], outcomes)) | replayed

            # record and tell, in trial order
            for trial in batch:
                value, seconds, error, info, new_history = outcomes[trial.number]
                trial.value, trial.seconds, trial.error, trial.info = value, seconds, error, info
                if new_history:
                    objective.history.extend(new_history)
                del searcher.pending[trial.number]
                searcher.trials.append(trial)
                result.trials.append(trial)
                start = time.perf_counter()
                searcher.tell(trial)
                trial.decide_seconds += time.perf_counter() - start
                if journal is not None and trial.number not in replayed:
                    journal.append(trial)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(best=f"{result.best_value:.4g}")
            if callback is not None:
                stops = [callback(result, t) is True for t in batch]  # each trial, then decide
                if any(stops):
                    break
    except BaseException as exc:
        # keep what finished: the caller can read it from the exception or from last_result()
        exc.partial_result = result
        raise
    finally:
        if bar is not None:
            bar.close()
    return result
