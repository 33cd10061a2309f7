"""Optuna's samplers on the course's objectives and spaces, run through `minimize` like every
other method, so a practitioner's library is compared with the course's from-scratch methods on
the same footing: the same failed-trial rule, deciding time, journal and Result.

Optuna is an extra (notebook 09 only): this module imports it when used, never on
`import helpers`.

    result = minimize(bench, bench.space, OptunaSearcher("tpe"), n_trials=40, seed=0)
    result = optuna_minimize(bench, bench.space, sampler="tpe", n_trials=40, seed=0)  # the same
    result = optuna_minimize(bench, bench.space, "tpe", 40, seed=0,
                             pruner="hyperband", fidelities=[1, 3, 9, 27])

`OptunaSearcher` drives a study with `study.ask()` / `study.tell()`; `suggest` turns a course
space into a trial's suggest_* calls. Pruning is the one thing that needs Optuna's own loop
(`study.optimize`): a trial reports its value after each fidelity (epochs, say) and stops when
the pruner says so, as a training loop would; `optuna_minimize(pruner=...)` runs that.
"""

from __future__ import annotations

import time

from .checks import check_int
from .result import Result
from .search import minimize
from .searcher import Searcher, as_value
from .space import Categorical, Integer, Real, _meets, check_space

__all__ = ["OptunaSearcher", "suggest", "study_objective", "result_from_study",
           "optuna_minimize"]

SAMPLERS = ("tpe", "cmaes", "random")
PRUNERS = ("hyperband", "median", None)


def _by_position(dim):
    """Whether Optuna stores a Categorical's choices by position: it stores only plain Python
    values (None, bool, int, float, str), so tuples, estimators and NumPy numbers go by index."""
    return not all(c is None or type(c) in (bool, int, float, str) for c in dim.categories)


def suggest(trial, space):
    """A params dict for `space`, drawn through an Optuna trial's suggest_* calls. A conditional
    dimension (`when=`) is asked for only when its condition holds for the values suggested so
    far: Optuna's define-by-run, the space read top to bottom."""
    params = {}
    for name, dim in check_space(space).items():
        if dim.when and not _meets(dim, params):
            continue
        if isinstance(dim, Real):
            params[name] = trial.suggest_float(name, dim.low, dim.high, log=dim.log)
        elif isinstance(dim, Integer):
            params[name] = trial.suggest_int(name, dim.low, dim.high, log=dim.log)
        elif isinstance(dim, Categorical):
            choices = list(dim.categories)
            params[name] = (choices[trial.suggest_categorical(name, list(range(len(choices))))]
                            if _by_position(dim) else trial.suggest_categorical(name, choices))
        else:
            raise TypeError(f"{name}: {dim!r} is not a dimension Optuna can sample")
    return params


class OptunaSearcher(Searcher):
    """One of Optuna's samplers as a course searcher: `ask` is `study.ask()` and `suggest`,
    `tell` is `study.tell()` (a failed trial told as Optuna's FAIL, so its sampler leaves it out
    as it does in `study.optimize`).

    Options: `sampler`, "tpe", "cmaes", "random" or an Optuna sampler instance; `seed`, the
    sampler's seed (None: an int drawn from the search's seed, so `minimize(seed=...)`
    reproduces the run either way; `optuna_minimize` passes its own seed, as Optuna would)."""

    def __init__(self, sampler="tpe", seed=None):
        super().__init__()
        if isinstance(sampler, str) and sampler not in SAMPLERS:
            raise ValueError(f"sampler must be one of {SAMPLERS} or an Optuna sampler, not "
                             f"{sampler!r}")
        self.sampler, self.seed = sampler, seed
        name = sampler if isinstance(sampler, str) else type(sampler).__name__
        self.name = f"optuna_{name}"  # the Result's method

    def setup(self):
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)  # not one line per trial
        seed = self.seed if self.seed is not None else int(self.rng.integers(2 ** 32))
        self.study = optuna.create_study(sampler=_sampler(self.sampler, seed))
        self._asked = {}  # our trial number -> Optuna's trial

    def ask(self):
        trial = self.study.ask()
        self._asked[self.next_number] = trial
        return suggest(trial, self.space)

    def tell(self, trial):
        import optuna

        asked = self._asked.pop(trial.number)
        if trial.failed:
            self.study.tell(asked, state=optuna.trial.TrialState.FAIL)
        else:
            self.study.tell(asked, trial.value)


def study_objective(objective, space, fidelities=None):
    """The function `study.optimize` calls. It records each trial's cost as user attributes:
    "seconds" (the objective's own report in `info["seconds"]`, else the time measured) and,
    with `fidelities`, "budget", the fidelity the trial reached before it was pruned or done."""
    import optuna

    def run(params, budget):
        start = time.perf_counter()
        raw = objective(params) if budget is None else objective(params, budget)
        value, info = as_value(raw, params)  # read as minimize reads it
        return value, float(info.get("seconds", time.perf_counter() - start))

    def optuna_objective(trial):
        params = suggest(trial, space)
        if fidelities is None:
            value, seconds = run(params, None)
            trial.set_user_attr("seconds", seconds)
            return value
        for budget in fidelities:
            # a trial that goes on trains on from where it was (epochs of one run), so the
            # cost of reaching `budget` is the objective's report at `budget`, not a sum
            value, seconds = run(params, budget)
            trial.set_user_attr("seconds", seconds)
            trial.set_user_attr("budget", budget)
            trial.report(value, step=budget)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return value

    return optuna_objective


def result_from_study(study, space, method="optuna", seed=None):
    """A `Result` from a finished study's trials, in the order they were created. A pruned
    trial counts at the budget it reached, with its last reported value, so it is never taken
    for the best full-budget trial."""
    import optuna

    params, values, seconds, budgets = [], [], [], []
    for t in study.trials:
        if t.state == optuna.trial.TrialState.PRUNED:
            value = t.intermediate_values[max(t.intermediate_values)]
        elif t.state == optuna.trial.TrialState.COMPLETE:
            value = t.value
        else:
            continue  # running or failed elsewhere: nothing measured
        full = {name: t.params[name] for name in space if name in t.params}  # active only
        for name, dim in space.items():  # choices stored by position come back as themselves
            if isinstance(dim, Categorical) and _by_position(dim) and name in full:
                full[name] = dim.categories[full[name]]
        params.append(full)
        values.append(value)
        seconds.append(t.user_attrs.get("seconds", 0.0))
        budgets.append(t.user_attrs.get("budget"))
    return Result.from_evaluations(params, values, method=method, space=space, seconds=seconds,
                                   budgets=budgets if any(b is not None for b in budgets)
                                   else None, seed=seed)


def _sampler(sampler, seed):
    import optuna

    if sampler == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if sampler == "cmaes":
        # CMA-ES handles reals and integers; a categorical falls back to random sampling, which
        # Optuna would warn about at every trial
        return optuna.samplers.CmaEsSampler(seed=seed, warn_independent_sampling=False)
    if sampler == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    if isinstance(sampler, optuna.samplers.BaseSampler):
        return sampler
    raise ValueError(f"sampler must be one of {SAMPLERS} or an Optuna sampler, not {sampler!r}")


def _pruner(pruner, fidelities):
    import optuna

    if pruner is None:
        return optuna.pruners.NopPruner()
    if fidelities is None:
        raise ValueError("a pruner needs fidelities: the budgets at which a trial reports")
    if pruner == "hyperband":
        return optuna.pruners.HyperbandPruner(min_resource=fidelities[0],
                                              max_resource=fidelities[-1], reduction_factor=3)
    if pruner == "median":
        return optuna.pruners.MedianPruner(n_startup_trials=5)
    if isinstance(pruner, optuna.pruners.BasePruner):
        return pruner
    raise ValueError(f"pruner must be one of {PRUNERS} or an Optuna pruner, not {pruner!r}")


def optuna_minimize(objective, space, sampler="tpe", n_trials: int = 50, seed: int | None = None,
                    pruner=None, fidelities=None) -> Result:
    """Minimise `objective` over `space` with one of Optuna's samplers: a `Result`, like
    `minimize`'s. `sampler`: "tpe", "cmaes", "random" or an Optuna sampler.

    Without a pruner this is `minimize(objective, space, OptunaSearcher(sampler, seed), ...)`,
    the course's loop. With `pruner` ("hyperband", "median" or an Optuna pruner) and
    `fidelities`, the increasing budgets at which each trial reports (`objective(params,
    budget)`), it runs Optuna's own loop, which pruning needs; a failed trial is then left out,
    as Optuna leaves it out."""
    if pruner is None and fidelities is None:
        return minimize(objective, space, OptunaSearcher(sampler, seed=seed), n_trials,
                        seed=seed)
    import optuna

    check_int("n_trials", n_trials, 1)
    if fidelities is not None:
        fidelities = list(fidelities)
        if not fidelities or fidelities != sorted(fidelities):
            raise ValueError(f"fidelities must be increasing budgets, not {fidelities!r}")
    space = check_space(space)
    optuna.logging.set_verbosity(optuna.logging.WARNING)  # not one line per trial
    name = sampler if isinstance(sampler, str) else type(sampler).__name__
    # named after the seed: Optuna's HyperbandPruner assigns trials to brackets by a hash of
    # the study's name, and an unnamed study gets a random one, so a seed would not reproduce
    study = optuna.create_study(study_name=f"{name}-{seed}", sampler=_sampler(sampler, seed),
                                pruner=_pruner(pruner, fidelities))
    study.optimize(study_objective(objective, space, fidelities), n_trials=n_trials)
    result = result_from_study(study, space, method=f"optuna_{name}", seed=seed)
    if fidelities is not None:
        result.max_budget = fidelities[-1]
    return result
