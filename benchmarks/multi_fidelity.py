"""Benchmark of `SuccessiveHalving` and `Hyperband` (helpers/halving.py) against full-fidelity
random search, live: every trial is a real fit, and the compute is measured, not replayed.

An RBF SVC on the digits (X / 16), tuned over C in [1e-2, 1e3] and gamma in [1e-4, 1] (both
log-uniform); the budget is the number of training samples (`CVObjective` with
`resource="n_samples"`, one holdout split: 405 training digits, 450 validation digits). 450
fresh digits, never seen by a search, re-score each winner (refitted on the 405 training
digits). Per seed, paired (the schedulers rank the very candidates random search draws with
that seed):

- random search: 27 configurations at the full budget (405 samples);
- successive halving: the same 27 from 15 samples, factor 3 (HalvingRandomSearchCV's schedule:
  27 x 15, 9 x 45, 3 x 135, 1 x 405);
- Hyperband: min 15, max 405, factor 3 (4 brackets, 49 configurations, the first 27 the same).

It prints, over the seeds, the median and quartiles of the winners' fresh error and of each
scheduler's compute as a share of random search's, counted as summed budget and as wall-clock
seconds (objective plus deciding time, `Result.cost("seconds")`).

    .venv/bin/python benchmarks/multi_fidelity.py            # 10 seeds, about a minute
    .venv/bin/python benchmarks/multi_fidelity.py 30         # more seeds

Claim (issue 10, notebook 08): the schedulers reach random search's quality on fresh data for a
fraction of its compute.
"""

import sys
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import CVObjective, Real, load_dataset, minimize  # noqa: E402
from helpers.halving import Hyperband, SuccessiveHalving  # noqa: E402

FULL, MIN, N = 405, 15, 27
SPACE = {"C": Real(1e-2, 1e3, log=True), "gamma": Real(1e-4, 1.0, log=True)}


def data():
    X, y = load_dataset("digits")
    X = X / 16
    X_rest, X_fresh, y_rest, y_fresh = train_test_split(X, y, test_size=450, stratify=y,
                                                        random_state=0)
    train, val = train_test_split(np.arange(len(y_rest)), train_size=FULL, test_size=450,
                                  stratify=y_rest, random_state=0)
    return X_rest, y_rest, X_fresh, y_fresh, train, val


def main(n_seeds=10):
    X_rest, y_rest, X_fresh, y_fresh, train, val = data()
    objective = CVObjective(SVC(), X_rest, y_rest, cv=[(train, val)], resource="n_samples")

    def fresh_error(params):
        model = SVC(**params).fit(X_rest[train], y_rest[train])
        return 1 - model.score(X_fresh, y_fresh)

    methods = {
        "random search": ("random", N),
        "successive halving": (SuccessiveHalving(min_budget=MIN, max_budget=FULL), 40),
        "Hyperband": (Hyperband(min_budget=MIN, max_budget=FULL), 69),
    }
    fresh = {name: [] for name in methods}
    cost = {name: [] for name in methods}        # (summed budget, wall-clock seconds)
    for seed in range(n_seeds):
        for name, (method, n_trials) in methods.items():
            result = minimize(objective, SPACE, method=method, n_trials=n_trials, seed=seed)
            fresh[name].append(fresh_error(result.best_params))
            budget = sum(FULL if t.budget is None else t.budget for t in result.trials)
            cost[name].append((budget, result.cost("seconds")[-1]))
        print(f"seed {seed}: fresh error " + ", ".join(
            f"{name} {fresh[name][-1]:.3f}" for name in methods), flush=True)

    fresh = {name: np.array(v) for name, v in fresh.items()}
    cost = {name: np.array(v) for name, v in cost.items()}
    print(f"\n{n_seeds} seeds, median (25th-75th percentile)")
    for name in methods:
        q1, med, q3 = np.percentile(fresh[name], [25, 50, 75])
        line = f"{name:18s} fresh error {med:.3f} ({q1:.3f}-{q3:.3f})"
        if name != "random search":
            share = cost[name] / cost["random search"]
            for i, kind in enumerate(("budget", "seconds")):
                s1, sm, s3 = np.percentile(share[:, i], [25, 50, 75])
                line += f"; {kind} {sm:.0%} ({s1:.0%}-{s3:.0%})"
            line += (f"; as good or better than random search in "
                     f"{np.mean(fresh[name] <= fresh['random search']):.0%} of seeds")
        else:
            line += f"; {np.median(cost[name][:, 1]):.2f} s per search"
        print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
