"""Optuna on the course's objectives and spaces, with its studies read back as `Result`s, so that
a practitioner's library is compared with the course's from-scratch methods on the same footing.

Optuna is an extra (notebook 09 only): this module imports it when called, never on
`import helpers`.

    result = optuna_minimize(bench, bench.space, sampler="tpe", n_trials=40, seed=0)
    result = optuna_minimize(bench, bench.space, "tpe", 40, seed=0,
                             pruner="hyperband", fidelities=[1, 3, 9, 27])

Optuna asks its questions inside the objective (`trial.suggest_float(...)`, "define by run");
`suggest` turns a course space into those calls. With `fidelities`, a trial reports its value
after each fidelity (epochs, say) and stops when the pruner says so, as a training loop would.
"""

from __future__ import annotations

import numbers
import time

from .result import Result
from .space import Categorical, Integer, Real, check_space

__all__ = ["suggest", "study_objective", "result_from_study", "optuna_minimize"]

SAMPLERS = ("tpe", "cmaes", "random")
PRUNERS = ("hyperband", "median", None)


def suggest(trial, space):
    """A params dict for `space`, drawn through an Optuna trial's suggest_* calls."""
    params = {}
    for name, dim in check_space(space).items():
        if isinstance(dim, Real):
            params[name] = trial.suggest_float(name, dim.low, dim.high, log=dim.log)
        elif isinstance(dim, Integer):
            params[name] = trial.suggest_int(name, dim.low, dim.high, log=dim.log)
        elif isinstance(dim, Categorical):
            choices = list(dim.categories)
            plain = all(c is None or isinstance(c, (bool, int, float, str)) for c in choices)
            # Optuna stores only plain values; other choices (tuples, estimators) by position
            params[name] = (trial.suggest_categorical(name, choices) if plain else
                            choices[trial.suggest_categorical(name, list(range(len(choices))))])
        else:
            raise TypeError(f"{name}: {dim!r} is not a dimension Optuna can sample")
    return params


def study_objective(objective, space, fidelities=None):
    """The function `study.optimize` calls. It records each trial's cost as user attributes:
    "seconds" (the objective's own report in `info["seconds"]`, else the time measured) and,
    with `fidelities`, "budget", the fidelity the trial reached before it was pruned or done."""
    import optuna

    def run(params, budget):
        start = time.perf_counter()
        raw = objective(params) if budget is None else objective(params, budget)
        value, info = raw if isinstance(raw, tuple) else (raw, {})
        return float(value), float(info.get("seconds", time.perf_counter() - start))

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
        full = {name: t.params[name] for name in space}
        for name, dim in space.items():  # choices stored by position come back as themselves
            if isinstance(dim, Categorical) and full[name] not in dim.categories:
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


def optuna_minimize(objective, space, sampler="tpe", n_trials=50, seed=None, pruner=None,
                    fidelities=None):
    """Minimise `objective` over `space` with an Optuna study kept in memory: a `Result`, like
    `minimize`'s. `sampler`: "tpe", "cmaes", "random" or an Optuna sampler; `pruner`:
    "hyperband", "median" or an Optuna pruner, with `fidelities`, the increasing budgets at
    which each trial reports (`objective(params, budget)`)."""
    import optuna

    if not isinstance(n_trials, numbers.Integral) or n_trials < 1:
        raise ValueError(f"n_trials must be a positive int, not {n_trials!r}")
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
    return result_from_study(study, space, method=f"optuna_{name}", seed=seed)
