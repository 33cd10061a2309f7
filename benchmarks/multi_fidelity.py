"""Benchmark of `SuccessiveHalving` and `Hyperband` (helpers/halving.py) against full-fidelity
random search, live: every trial is a real fit, and the compute is measured, not replayed.

An RBF SVC on the digits (X / 16), tuned over C in [1e-2, 1e3] and gamma in [1e-4, 1] (both
log-uniform); the budget is the number of training samples (`CVObjective` with
`resource="n_samples"`, one holdout split: 405 training digits, 450 validation digits). 450
fresh digits, never seen by a search, re-score each winner (refitted on the 405 training
digits). Each seed draws its own split of the digits (train / validation / fresh) and its own
candidates, and the methods are paired within a seed (the schedulers rank the very candidates
random search draws with that seed):

- random search: 27 configurations at the full budget (405 samples);
- successive halving: the same 27 from 15 samples, factor 3 (HalvingRandomSearchCV's schedule:
  27 x 15, 9 x 45, 3 x 135, 1 x 405), a summed budget of 1,620 = 4 full-budget trials;
- Hyperband: min 15, max 405, factor 3 (4 brackets, 49 configurations, the first 27 the same),
  a summed budget of 6,345, about 16 full-budget trials;
- equal-budget random search: the first 4 and the first 16 trials of random search's run (what
  the same budget buys at full fidelity), so "multi-fidelity" is told apart from "spending less".

It prints, over the seeds, each method's fresh error (median, quartiles), the paired difference
with 27-trial random search and with equal-budget random search, in digits out of 450 (mean
with a 95 % t-interval, and the share of seeds as good or better), and each scheduler's compute
as a share of random search's, counted as summed budget and as wall-clock seconds (objective
plus deciding time, `Result.cost("seconds")`, so the per-trial overhead of the loop and of
`CVObjective` is paid, as it is in real use). Timings are single-shot per seed: expect a few
points of noise, more on a busy machine.

    .venv/bin/python benchmarks/multi_fidelity.py            # 10 seeds, about a minute
    .venv/bin/python benchmarks/multi_fidelity.py 30         # more seeds

Claim (issue 10, notebook 08): the schedulers reach about random search's quality on fresh data
for a fraction of its budget; in seconds, successive halving takes about half of random
search's, Hyperband about the same (many small fits, each with a fixed cost).
"""

import sys
from pathlib import Path

import numpy as np
from scipy import stats
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import CVObjective, Real, load_dataset, minimize  # noqa: E402
from helpers.halving import Hyperband, SuccessiveHalving  # noqa: E402

FULL, MIN, N = 405, 15, 27
SPACE = {"C": Real(1e-2, 1e3, log=True), "gamma": Real(1e-4, 1.0, log=True)}
N_FRESH = 450


def data(seed=0):
    """This seed's split: the rest (train + validation indices into it) and the fresh digits."""
    X, y = load_dataset("digits")
    X = X / 16
    X_rest, X_fresh, y_rest, y_fresh = train_test_split(X, y, test_size=N_FRESH, stratify=y,
                                                        random_state=seed)
    train, val = train_test_split(np.arange(len(y_rest)), train_size=FULL, test_size=450,
                                  stratify=y_rest, random_state=seed)
    return X_rest, y_rest, X_fresh, y_fresh, train, val


def paired(a, b):
    """Mean of a - b in digits (out of N_FRESH), its 95 % t-interval, share of seeds a <= b."""
    d = (np.asarray(a) - np.asarray(b)) * N_FRESH
    low, high = stats.ttest_1samp(d, 0).confidence_interval(0.95)
    return (f"{d.mean():+.1f} digits (95% CI {low:+.1f} to {high:+.1f}), "
            f"<= in {np.mean(d <= 0):.0%}")


def main(n_seeds=10):
    methods = {
        "random search": ("random", N),
        "successive halving": (SuccessiveHalving(min_budget=MIN, max_budget=FULL), 40),
        "Hyperband": (Hyperband(min_budget=MIN, max_budget=FULL), 69),
    }
    names = ["random search", "random search, 4 trials", "random search, 16 trials",
             "successive halving", "Hyperband"]
    fresh = {name: [] for name in names}
    cost = {name: [] for name in methods}        # (summed budget, wall-clock seconds)
    for seed in range(n_seeds):
        X_rest, y_rest, X_fresh, y_fresh, train, val = data(seed)
        objective = CVObjective(SVC(), X_rest, y_rest, cv=[(train, val)], resource="n_samples")

        def fresh_error(params):
            model = SVC(**params).fit(X_rest[train], y_rest[train])
            return 1 - model.score(X_fresh, y_fresh)

        for name, (method, n_trials) in methods.items():
            result = minimize(objective, SPACE, method=method, n_trials=n_trials, seed=seed)
            fresh[name].append(fresh_error(result.best_params))
            budget = sum(FULL if t.budget is None else t.budget for t in result.trials)
            cost[name].append((budget, result.cost("seconds")[-1]))
            if name == "random search":   # its first k trials: random search with budget k
                for k in (4, 16):
                    best = min(result.trials[:k], key=lambda t: t.value)
                    fresh[f"random search, {k} trials"].append(fresh_error(best.params))
        print(f"seed {seed}: fresh error " + ", ".join(
            f"{name} {fresh[name][-1]:.3f}" for name in names), flush=True)

    fresh = {name: np.array(v) for name, v in fresh.items()}
    cost = {name: np.array(v) for name, v in cost.items()}
    print(f"\n{n_seeds} seeds (each its own split and candidates), median (25th-75th percentile)")
    for name in names:
        q1, med, q3 = np.percentile(fresh[name], [25, 50, 75])
        worst = (fresh[name] - fresh["random search"]).max() * N_FRESH
        line = f"{name:25s} fresh error {med:.3f} ({q1:.3f}-{q3:.3f})"
        if name != "random search":
            line += f"; worst seed {worst:+.0f} digits vs random search"
        print(line)
    print("\npaired differences in fresh error (negative: the first is better)")
    for a, b in (("successive halving", "random search"), ("Hyperband", "random search"),
                 ("random search, 4 trials", "random search"),
                 ("random search, 16 trials", "random search"),
                 ("successive halving", "random search, 4 trials"),
                 ("Hyperband", "random search, 16 trials")):
        print(f"{a} - {b}: {paired(fresh[a], fresh[b])}")
    print(f"\ncompute as a share of random search's ({np.median(cost['random search'][:, 1]):.2f}"
          " s per search, median)")
    for name in ("successive halving", "Hyperband"):
        share = cost[name] / cost["random search"]
        line = f"{name:18s}"
        for i, kind in enumerate(("budget", "seconds")):
            s1, sm, s3 = np.percentile(share[:, i], [25, 50, 75])
            line += f" {kind} {sm:.0%} ({s1:.0%}-{s3:.0%});"
        print(line)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
