"""Notebook 09's benchmark suite: every method on every problem, at several budgets and worker
counts, over many seeds, so that a guide to choosing a method rests on measurements.

    from helpers import suite
    suite.PROBLEMS["hartmann6"]            # a Problem: objective, space, minimum, test_value, ...
    suite.run("hartmann6", "bayes", budget=50, workers=4, seed=0)
    # -> {10: {record at 10 evaluations}, 50: {record at 50}}: one dict per budget checkpoint

`benchmarks/suite.py` (`make suite`) runs every (problem, method, workers, seed) with this `run`
and ships the records as `data/suite_results.csv.gz`; notebook 09 reads that file and re-runs a
slice of it live, so the file cannot drift from this code.

The problems span the axes the literature says decide the choice of method (Bischl et al.
2023): dimension (2 to 10), kind ("toy" functions with known minima, a "noisy" one, a "mixed"
space with an integer and a category, and "real model" look-up tables with a fidelity).

How a search is run and recorded (the rules a reader of the results file needs):
- **Budget** is counted in full-fidelity evaluations. A multi-fidelity method's trial at budget
  b costs b / max_budget of one (Hyperband's spend); every other trial costs 1.
- **Checkpoints** are the budgets of `BUDGETS` below the budget asked for, and that budget. For
  a method whose proposals do not depend on the budget it is given (random, sobol, evolution,
  optuna-tpe, and bayes beyond 50 trials), one search is run to the largest budget and each
  checkpoint reads the incumbent among the trials started within it: the same numbers a search
  stopped there would give. "grid" takes the finest full grid that fits the budget, and
  "bayes" sizes its initial design by the budget (5 trials at a budget of 10, 10 from 50 on),
  so those get a search of their own at each checkpoint where the size differs.
- **Hyperband** runs as in Li et al. (2018): its brackets, then again with fresh draws (a new
  iteration, seeded from (seed, iteration)), until the next trial would overspend the budget;
  the search stops there. So a smaller budget's search is exactly the start of a larger one's,
  and each checkpoint reads it. The incumbent is the best *full-fidelity* trial so far; before
  the first full-fidelity trial there is none, and the record says so with NaN values.
- **Workers**: with `workers=w`, trials are started in batches of w, as `minimize(...,
  n_jobs=w)` starts them (a batch is cut short when a multi-fidelity rung waits for its
  results), and the searcher learns once per batch, so a model-based method's proposals change
  with w while random search's do not. The look-ups themselves run one after another in this
  process (no worker processes are spawned for microsecond evaluations); `wall_seconds`
  simulates w real workers: each batch costs its slowest evaluation, plus the deciding time.
- **Times**: `deciding_seconds` is the searcher's own time (its ask and tell, setup included, as
  `Trial.decide_seconds` measures it); `evaluation_seconds` is the time the evaluations are
  charged: a table's real training seconds, or the measured time of a toy function (about 0).
- **Values**: `best_value` is the incumbent's objective value as the search saw it (noisy on the
  noisy problem); `regret` is its true value minus the problem's minimum (true = noiseless on the
  noisy problem, the table's validation error on a table); `test_value` is what the winner
  scores on held-out data (the table's test error; for a toy function its noiseless value).

A run is deterministic for a seed on one machine; only the seconds vary between runs.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .checks import check_int
from .halving import Hyperband
from .objectives import (DATA_DIR, NoisyFunction, branin, goldstein_price, hartmann3,
                         hartmann6, levy10, mixed_branin)
from .searcher import as_value, make_searcher

__all__ = ["Problem", "PROBLEMS", "METHODS", "BUDGETS", "WORKERS", "NOISE_SD", "COLUMNS",
           "applicable", "get_problem", "run"]

#: the budgets at which a search is recorded, in full-fidelity evaluations
BUDGETS = (10, 50, 200)
#: the worker counts the suite runs
WORKERS = (1, 4)
#: the standard deviation of the noisy problem's noise (Hartmann-6 spans about 3.3)
NOISE_SD = 0.2
#: the suite's methods; "hyperband" applies only to problems with a fidelity
METHODS = ("random", "sobol", "grid", "bayes", "evolution", "optuna-tpe", "hyperband")
#: the columns of one record (one row of data/suite_results.csv.gz)
COLUMNS = ("problem", "method", "workers", "seed", "budget", "best_value", "regret",
           "test_value", "evaluations", "spent", "deciding_seconds", "evaluation_seconds",
           "wall_seconds")


@dataclass(frozen=True, eq=False)
class Problem:
    """One problem of the suite. `objective(params[, budget])` returns a value or (value, info);
    `test_value(params)` scores a search's winner on held-out data; `true_value(params)` is the
    noiseless objective (regret is measured with it); `max_budget` / `min_budget` are the
    fidelity's range (None without a fidelity); `source` says where `minimum` comes from."""

    name: str
    objective: Callable
    space: dict
    minimum: float
    test_value: Callable
    true_value: Callable
    dimensions: int
    kind: str
    source: str
    max_budget: float | None = None
    min_budget: float | None = None

    @property
    def has_fidelity(self) -> bool:
        return self.max_budget is not None

    def objective_for(self, seed):
        """The objective one search with this seed evaluates: the noisy problem's gets its own
        noise stream from the seed (so a run reproduces); the others are the objective itself."""
        if isinstance(self.objective, NoisyFunction):
            return self.objective.with_seed(seed)
        return self.objective

    def __repr__(self):
        fidelity = f", fidelity {self.min_budget}..{self.max_budget}" if self.has_fidelity else ""
        return (f"<Problem {self.name}: {self.kind}, {self.dimensions} dimensions, minimum "
                f"{self.minimum:.6g}{fidelity}>")


def _toy(function, kind="toy", source="", objective=None, true_value=None):
    true_value = true_value or function
    return Problem(name=getattr(objective, "name", function.name),
                   objective=objective or function, space=function.space,
                   minimum=function.minimum, test_value=true_value, true_value=true_value,
                   dimensions=len(function.space), kind=kind, source=source)


def _load_table(name):
    from .tabular import TabularBenchmark

    try:
        return TabularBenchmark(name)
    except (FileNotFoundError, OSError, TypeError):
        if name == "mlp_digits":  # the class before tables were named: its one table
            return TabularBenchmark()
        raise


def _table(name):
    bench = _load_table(name)
    return Problem(name=name, objective=bench, space=bench.space, minimum=float(bench.minimum),
                   test_value=bench.test_error, true_value=lambda params: bench(params)[0],
                   dimensions=len(bench.space), kind="real model",
                   source="the table's lowest mean CV error at the full fidelity",
                   max_budget=np.asarray(bench.max_budget).item(),
                   min_budget=np.asarray(bench.fidelities[0]).item())


def _problems():
    sb = "Surjanovic & Bingham's virtual library (sfu.ca/~ssurjano)"
    problems = [
        _toy(branin, source=f"Dixon & Szego 1978; {sb}"),
        _toy(goldstein_price, source=f"Goldstein & Price 1971; {sb}"),
        _toy(hartmann3, source=f"{sb} (-3.86278), polished by L-BFGS-B"),
        _toy(hartmann6, source=f"{sb} (-3.32237)"),
        _toy(levy10, source=f"{sb} (0 at (1, ..., 1))"),
        _toy(hartmann6, kind="noisy", objective=NoisyFunction(hartmann6, NOISE_SD),
             source=f"Hartmann-6's noiseless minimum ({sb})"),
        _toy(mixed_branin, kind="mixed",
             source="Branin's minimum over x1 at each integer x2 (bounded 1-D minimisation)"),
    ]
    # the real models: the MLP table, then any gradient-boosting and SVM tables in data/
    names = ["mlp_digits"] + [path.stem for prefix in ("gbm", "svm")
                              for path in sorted(DATA_DIR.glob(f"{prefix}_*.npz"))]
    problems += [_table(name) for name in names]
    return {problem.name: problem for problem in problems}


#: name -> Problem, in the order the results file lists them
PROBLEMS = _problems()


def get_problem(problem) -> Problem:
    """A Problem from itself or its name, with a clear error for an unknown name."""
    if isinstance(problem, Problem):
        return problem
    if problem not in PROBLEMS:
        raise ValueError(f"unknown problem {problem!r}: choose one of {list(PROBLEMS)}")
    return PROBLEMS[problem]


def applicable(problem, method) -> bool:
    """Whether the suite runs `method` on `problem`: every method everywhere, except Hyperband,
    which needs a fidelity."""
    return method != "hyperband" or get_problem(problem).has_fidelity


def _searcher(problem, method):
    if method == "optuna-tpe":
        from .optuna_bridge import OptunaSearcher

        return OptunaSearcher("tpe")
    if method == "hyperband":
        return Hyperband(max_budget=problem.max_budget, min_budget=problem.min_budget, factor=3)
    return make_searcher(method)


def _evaluate(objective, trial):
    """Evaluate one started trial as `minimize` does -> (value, info), trial.seconds set: the
    objective's own report of its cost (a table's training time) or the measured time."""
    start = time.perf_counter()
    params = dict(trial.params)
    raw = objective(params) if trial.budget is None else objective(params, trial.budget)
    seconds = time.perf_counter() - start
    value, info = as_value(raw, trial.params)
    trial.seconds = float(info.get("seconds", seconds))
    return value, info


def _search(problem, method, n_trials, workers, seed, spend_limit=None):
    """One search -> (trials, batch of each trial, spend of each trial), in the order started.

    Trials are started in batches of `workers` and finished together, as `minimize(n_jobs=...)`
    runs them. With `spend_limit` (Hyperband) the search repeats the method's schedule with new
    draws until the next trial would pass the limit (in full-fidelity evaluations)."""
    objective = problem.objective_for(seed)
    iteration = 0
    searcher = _searcher(problem, method)
    n_bind = searcher.n_trials_needed() if method == "hyperband" else n_trials
    searcher.bind(problem.space, n_bind, seed)
    trials, batches, spends = [], [], []
    spent, done = 0.0, False
    while not done and (spend_limit is not None or len(trials) < n_trials):
        batch = []
        room = workers if spend_limit is not None else min(workers, n_trials - len(trials))
        while len(batch) < room:
            trial = searcher.start()
            if trial is None:
                break
            cost = 1.0 if trial.budget is None else trial.budget / problem.max_budget
            if spend_limit is not None and spent + cost > spend_limit + 1e-9:
                done = True  # this trial does not fit the budget: the search ends here
                break
            spent += cost
            batch.append(trial)
            spends.append(cost)
        for trial in batch:
            searcher.finish(trial, _evaluate(objective, trial))
        trials += batch
        batches += [len(set(batches))] * len(batch)
        if not batch and not done:
            if method != "hyperband":
                break  # the searcher has nothing left to propose (a grid smaller than the budget)
            # Hyperband's brackets are all done: its next iteration, with fresh draws
            iteration += 1
            searcher = _searcher(problem, method).bind(
                problem.space, n_bind, np.random.default_rng([seed, iteration]))
    return trials, batches, spends


def _record(problem, method, workers, seed, budget, trials, batches, spends):
    """The record of a search stopped after `trials` (the first ones it started)."""
    full = [t for t in trials if not t.failed and
            (t.budget is None or t.budget >= problem.max_budget)]
    best = min(full, key=lambda t: t.value) if full else None  # first of equals on ties
    deciding = float(sum(t.decide_seconds for t in trials))
    slowest = {}
    for t, b in zip(trials, batches):
        slowest[b] = max(slowest.get(b, 0.0), t.seconds)
    return {
        "problem": problem.name, "method": method, "workers": workers, "seed": seed,
        "budget": budget,
        "best_value": best.value if best else math.nan,
        "regret": float(problem.true_value(best.params) - problem.minimum) if best else math.nan,
        "test_value": float(problem.test_value(best.params)) if best else math.nan,
        "evaluations": len(trials),
        "spent": float(sum(spends)),
        "deciding_seconds": deciding,
        "evaluation_seconds": float(sum(t.seconds for t in trials)),
        "wall_seconds": float(sum(slowest.values())) + deciding,
    }


def _budget_dependent(method, problem, budget, largest):
    """Whether a search of `budget` trials differs from the start of one of `largest` trials."""
    if method == "grid":
        return budget != largest
    if method == "bayes":
        sizes = [make_searcher("bayes").bind(problem.space, n, 0).n_initial_
                 for n in (budget, largest)]
        return sizes[0] != sizes[1]
    return False


def run(problem, method, budget=200, workers=1, seed=0) -> dict:
    """One search of `method` on `problem` with `workers` parallel workers and `seed`, recorded
    at each checkpoint up to `budget` (full-fidelity evaluations): {checkpoint: record}, each
    record a dict with the keys of `COLUMNS` (see the module docstring for what they mean)."""
    problem = get_problem(problem)
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {list(METHODS)}")
    if not applicable(problem, method):
        raise ValueError(f"method {method!r} needs a problem with a fidelity; {problem.name!r} "
                         f"has none (problems with one: "
                         f"{[p.name for p in PROBLEMS.values() if p.has_fidelity]})")
    budget = check_int("budget", budget, 1)
    workers = check_int("workers", workers, 1)
    seed = check_int("seed", seed, 0)
    checkpoints = [b for b in BUDGETS if b < budget] + [budget]

    records = {}
    if method == "hyperband":
        trials, batches, spends = _search(problem, method, None, workers, seed,
                                          spend_limit=budget)
        cumulative = np.cumsum(spends)
        for b in checkpoints:
            n = int(np.searchsorted(cumulative, b + 1e-9, side="right"))
            records[b] = _record(problem, method, workers, seed, b, trials[:n], batches[:n],
                                 spends[:n])
        return records
    longest = _search(problem, method, budget, workers, seed)
    for b in checkpoints:
        trials, batches, spends = (_search(problem, method, b, workers, seed)
                                   if _budget_dependent(method, problem, b, budget) else longest)
        records[b] = _record(problem, method, workers, seed, b, trials[:b], batches[:b],
                             spends[:b])
    return records
