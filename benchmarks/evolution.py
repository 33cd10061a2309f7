"""Benchmark of `minimize(method="evolution")` (CMA-ES with restarts, helpers/evolution.py).

    .venv/bin/python benchmarks/evolution.py            # all four parts, about 15 minutes
    .venv/bin/python benchmarks/evolution.py long       # one part: hartmann6, out-of-sample, tree, long

1. hartmann6: Hartmann-6, 200 evaluations per run, 20 seeds: the median (and quartiles) of the
   final regret (best value found minus the known minimum) and the deciding time per evaluation,
   next to random search and SciPy's differential evolution (its default strategy best1bin, no
   polishing, popsize 15 and 3) cut at the same 200 evaluations. (Our cut-off protocol gives
   SciPy higher regret than the issue's 0.071, whose protocol we could not reproduce exactly.)
   Goal (issue 8): median regret <= 0.04 with under 10 ms of deciding per evaluation. Peers
   measured with the issue's protocol: random 1.14, pycma 0.24, SciPy's differential_evolution
   0.071, Optuna's CMA-ES sampler 0.042 (Optuna's TPE 0.031).
2. out-of-sample: the searcher's two settings (popsize 6, mirrored sampling) were chosen on
   Hartmann-6. Here they meet functions they were not chosen on, 200 evaluations, 20 seeds:
   a rotated, shifted Rosenbrock in 6-D on [-3, 3]^6, and Hartmann-6 on the box [0.1, 1.5]^6
   (its centre, where the searcher starts, is no longer a good point). "wins" counts the paired
   seeds where the default searcher ends with a lower regret than the row's method.
3. tree: a real model, a decision tree on the wine data (4 hyperparameters: 2 integers, a real,
   a category), 5-fold CV error, 20 paired seeds (seed s: the search's folds and the method's
   seed), "bayes" (notebook 05) against "evolution" and "random" at equal budgets of 30 and 60
   trials. Each winner is re-scored on fresh folds (the mean of three other 5-fold splits), so
   the numbers are not the optimistic CV error that chose it. Sign tests on the paired seeds.
4. long (issue 24): the default searcher against Optuna's CmaEsSampler at 200 and 1000
   evaluations, interleaved seed by seed on seeds 100-119 (apart from every seed the settings
   were chosen on). Hartmann-6, Ackley-10 and Levy-10 are the issue's; Rosenbrock-4 was looked at
   while choosing the long-budget settings; the rotated Rosenbrock and Hartmann-6 on a shifted
   box were never tuned on. Needs the benchmark extra (Optuna).
"""

import sys
from pathlib import Path

import numpy as np
from scipy.stats import binomtest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import helpers.bayes  # noqa: E402, F401 (registers "bayes")
from helpers import (Categorical, CVObjective, EvolutionSearcher, Integer, Real,  # noqa: E402
                     ToyFunction, hartmann6, load_dataset, minimize, regret, run_seeds,
                     summarize)
from helpers.scipy_bridge import scipy_differential_evolution  # noqa: E402

N_TRIALS, SEEDS = 200, range(20)
GOAL_REGRET, GOAL_MS = 0.04, 10.0


def scipy_de(function, seed, popsize):
    """SciPy's differential_evolution (best1bin, no polish) cut at N_TRIALS evaluations, as a
    Result, and the seconds SciPy spent outside the objective (its deciding time)."""
    result = scipy_differential_evolution(function, function.space, N_TRIALS, seed=seed,
                                          popsize=popsize)
    return result, result.scipy_seconds


def print_table(rows, reference=None):
    """rows: (name, final regrets per seed, ms deciding or None); wins against `reference`."""
    print(f"{'method':44s} {'median':>8s} {'q25':>8s} {'q75':>8s} {'ms/eval':>8s} {'wins':>6s}")
    for name, final, ms in rows:
        s = summarize(final)
        wins = "" if reference is None or final is reference else \
            f"{int(np.sum(reference < final))}/{len(final)}"
        ms = "" if ms is None else f"{ms:.3f}"
        print(f"{name:44s} {s['median']:8.4f} {s['q25']:8.4f} {s['q75']:8.4f} {ms:>8s} "
              f"{wins:>6s}")


def hartmann6_part():
    rows = []
    for method in ("random", "evolution"):
        results = run_seeds(hartmann6, hartmann6.space, method, N_TRIALS, seeds=SEEDS)
        ms = 1000 * np.mean([r.decide_seconds for r in results]) / N_TRIALS
        rows.append((method, regret(results, hartmann6.minimum)[:, -1], ms))
    for popsize in (15, 3):   # SciPy's default, and the best of 3, 5, 15 on this budget
        de = [scipy_de(hartmann6, seed, popsize) for seed in SEEDS]
        ms = 1000 * np.mean([d for _, d in de]) / N_TRIALS
        rows.append((f"scipy differential_evolution, popsize {popsize}",
                     regret([r for r, _ in de], hartmann6.minimum)[:, -1], ms))
    print(f"1. Hartmann-6, {N_TRIALS} evaluations, {len(SEEDS)} seeds: final regret "
          f"(wins: seeds where evolution is better)")
    print_table(rows, reference=rows[1][1])
    ok = np.median(rows[1][1]) <= GOAL_REGRET and rows[1][2] < GOAL_MS
    print(f"goal (median regret <= {GOAL_REGRET}, < {GOAL_MS} ms deciding per evaluation): "
          f"{'met' if ok else 'NOT met'}\n")
    return ok


def rotated_rosenbrock(d=6, seed=0):
    """Rosenbrock turned by a random rotation about its minimum, moved to a random point of
    [-2, 2]^d; searched on [-3, 3]^d. Minimum 0."""
    rng = np.random.default_rng(seed)
    rotation, _ = np.linalg.qr(rng.standard_normal((d, d)))
    shift = rng.uniform(-2, 2, d)

    def function(X):
        Z = (X - shift) @ rotation.T + 1.0   # the minimum of Rosenbrock is at (1, ..., 1)
        return np.sum(100 * (Z[:, 1:] - Z[:, :-1] ** 2) ** 2 + (1 - Z[:, :-1]) ** 2, axis=1)

    names = [f"x{i}" for i in range(1, d + 1)]
    return ToyFunction("rotated Rosenbrock", {n: Real(-3.0, 3.0) for n in names}, function,
                       minimum=0.0, minimizers=[dict(zip(names, shift))])


# Hartmann-6 on a box whose centre (0.8, ..., 0.8) is a poor point; its minimum lies inside.
hartmann6_shifted_box = ToyFunction(
    "Hartmann-6 on [0.1, 1.5]^6", {name: Real(0.1, 1.5) for name in hartmann6.space},
    hartmann6._function, hartmann6.minimum, hartmann6.minimizers)


def out_of_sample_part():
    print(f"2. Out of sample (settings chosen on Hartmann-6 on [0, 1]^6), {N_TRIALS} evaluations, "
          f"{len(SEEDS)} seeds: final regret (wins: seeds where the default evolution is better)")
    for function in (rotated_rosenbrock(), hartmann6_shifted_box):
        print(function.name)
        rows = []
        for name, method in (("evolution (default: popsize 6, mirrored)", "evolution"),
                             ("evolution, popsize 12", EvolutionSearcher(popsize=12)),
                             ("evolution, popsize 6, not mirrored",
                              EvolutionSearcher(mirrored=False)),
                             ("random", "random")):
            results = run_seeds(function, function.space, method, N_TRIALS, seeds=SEEDS)
            rows.append((name, regret(results, function.minimum)[:, -1], None))
        de = [scipy_de(function, seed, 3)[0] for seed in SEEDS]
        rows.append(("scipy differential_evolution, popsize 3",
                     regret(de, function.minimum)[:, -1], None))
        print_table(rows, reference=rows[0][1])
    print()


TREE_SPACE = {"max_depth": Integer(1, 12), "min_samples_leaf": Integer(1, 40, log=True),
              "max_features": Real(0.1, 1.0), "criterion": Categorical(["gini", "entropy"])}


def tree_part(budgets=(30, 60), methods=("bayes", "evolution", "random")):
    from sklearn.tree import DecisionTreeClassifier
    X, y = load_dataset("wine")
    tree = DecisionTreeClassifier(random_state=0)
    fresh = [CVObjective(tree, X, y, seed=1000 + k) for k in range(3)]
    rescore = lambda params: np.mean([f(params) for f in fresh])  # noqa: E731
    scores = {(m, b): [] for m in methods for b in budgets}
    ms = {m: [] for m in methods}
    for seed in SEEDS:
        objective = CVObjective(tree, X, y, seed=seed)
        for method in methods:
            result = minimize(objective, TREE_SPACE, method=method, n_trials=max(budgets),
                              seed=seed)
            ms[method].append(1000 * result.decide_seconds / len(result.trials))
            for b in budgets:
                first = np.asarray(result.values[:b], dtype=float)
                scores[method, b].append(rescore(result.params[int(np.nanargmin(first))]))
    default = rescore({})
    print(f"3. Decision tree on wine, {len(SEEDS)} paired seeds: fresh-fold error of the winner "
          f"(default tree: {default:.4f})")
    print(f"{'method':12s} {'trials':>6s} {'median':>8s} {'q25':>8s} {'q75':>8s} "
          f"{'ms/trial':>9s} {'beats default':>14s}")
    for (method, b), values in scores.items():
        s = summarize(values)
        print(f"{method:12s} {b:6d} {s['median']:8.4f} {s['q25']:8.4f} {s['q75']:8.4f} "
              f"{np.median(ms[method]):9.1f} {int(np.sum(np.array(values) < default)):>8d}/"
              f"{len(values)}")
    print("paired seeds (evolution better / worse / tied; two-sided sign test on the untied):")
    for other in [m for m in methods if m != "evolution"]:
        for b in budgets:
            e, o = np.array(scores["evolution", b]), np.array(scores[other, b])
            better, worse = int(np.sum(e < o - 1e-12)), int(np.sum(e > o + 1e-12))
            p = binomtest(better, better + worse).pvalue if better + worse else 1.0
            print(f"  evolution vs {other:7s} at {b:3d} trials: {better:2d} / {worse:2d} / "
                  f"{len(e) - better - worse:2d}, p = {p:.2f}")
    print()


LONG_SEEDS, LONG_BUDGETS = range(100, 120), (200, 1000)


def long_part():
    from helpers import ackley10, levy10, paired, rosenbrock4
    from helpers.optuna_bridge import OptunaSearcher
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    problems = [hartmann6, ackley10, levy10, rosenbrock4, rotated_rosenbrock(),
                hartmann6_shifted_box]
    print(f"4. Long budgets: evolution (A) against Optuna's CmaEsSampler (B), {len(LONG_SEEDS)} "
          "paired seeds, final regret; b/t/w = A better / tied / worse; ms = deciding per trial")
    print(f"{'problem':28s} {'n':>5s} {'med A':>9s} {'med B':>9s} {'q25 A':>9s} {'q25 B':>9s} "
          f"{'q75 A':>9s} {'q75 B':>9s} {'b/t/w':>9s} {'p':>7s} {'ms A':>6s} {'ms B':>6s}")
    for function in problems:
        for budget in LONG_BUDGETS:
            final, ms = {"A": [], "B": []}, {"A": [], "B": []}
            for seed in LONG_SEEDS:   # interleaved: both meet the same load
                for key, method in (("A", "evolution"), ("B", OptunaSearcher("cmaes", seed=seed))):
                    result = minimize(function, function.space, method, budget, seed=seed)
                    final[key].append(result.best_value - function.minimum)
                    ms[key].append(1000 * result.decide_seconds / budget)
            a, b = np.array(final["A"]), np.array(final["B"])
            cmp = paired(a, b)
            qa, qb = np.percentile(a, [25, 50, 75]), np.percentile(b, [25, 50, 75])
            print(f"{function.name:28s} {budget:5d} {qa[1]:9.3g} {qb[1]:9.3g} {qa[0]:9.3g} "
                  f"{qb[0]:9.3g} {qa[2]:9.3g} {qb[2]:9.3g} "
                  f"{f'{cmp.better}/{cmp.tied}/{cmp.worse}':>9s} {cmp.p_value:7.2g} "
                  f"{np.mean(ms['A']):6.2f} {np.mean(ms['B']):6.2f}", flush=True)
    print()


def main(parts):
    ok = True
    if "long" in parts:
        long_part()
    if "hartmann6" in parts:
        ok = hartmann6_part()
    if "out-of-sample" in parts:
        out_of_sample_part()
    if "tree" in parts:
        tree_part()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["hartmann6", "out-of-sample", "tree", "long"]))
