"""Benchmark of `minimize(method="evolution")` (CMA-ES with restarts, helpers/evolution.py).

Hartmann-6, 200 evaluations per run, 20 seeds: the median (and quartiles) of the final regret
(best value found minus the known minimum) and the searcher's deciding time per evaluation, next
to random search and SciPy's differential evolution (its default strategy best1bin, no
polishing, popsize 15 and 3) cut at the same 200 evaluations. (Our cut-off protocol gives SciPy
higher regret than the issue's 0.071, whose protocol we could not reproduce exactly.)

    .venv/bin/python benchmarks/evolution.py

Goal (issue 8): median regret <= 0.04 with under 10 ms of deciding per evaluation. Peers measured
with the same protocol, quoted in the issue: random 1.14, pycma 0.24, SciPy's
differential_evolution 0.071, Optuna's CMA-ES sampler 0.042 (Optuna's TPE 0.031).
"""

import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import differential_evolution

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import Result, hartmann6, regret, run_seeds, summarize  # noqa: E402
from helpers.evolution import EvolutionSearcher  # noqa: E402, F401 (registers "evolution")

N_TRIALS, SEEDS = 200, range(20)
GOAL_REGRET, GOAL_MS = 0.04, 10.0


class Budget(Exception):
    """Raised inside the objective once the budget is spent: SciPy has no evaluation cap."""


def scipy_de(seed, popsize):
    """scipy.optimize.differential_evolution (its default strategy best1bin, no polishing),
    stopped after exactly N_TRIALS evaluations, recorded as a Result; and the seconds SciPy
    spent outside the objective (its deciding time)."""
    names = list(hartmann6.space)
    params, values, seconds = [], [], []

    def objective(x):
        if len(values) == N_TRIALS:
            raise Budget
        start = time.perf_counter()
        params.append(dict(zip(names, map(float, x))))
        values.append(hartmann6(params[-1]))
        seconds.append(time.perf_counter() - start)
        return values[-1]

    start = time.perf_counter()
    try:
        differential_evolution(objective, [(0.0, 1.0)] * 6, popsize=popsize, maxiter=10_000,
                               tol=0, polish=False, seed=seed)
    except Budget:
        pass
    deciding = time.perf_counter() - start - sum(seconds)
    result = Result.from_evaluations(params, values, method=f"scipy DE popsize {popsize}",
                                     space=hartmann6.space, seconds=seconds, seed=seed)
    return result, deciding


def main():
    rows = []
    for method in ("random", "evolution"):
        results = run_seeds(hartmann6, hartmann6.space, method, N_TRIALS, seeds=SEEDS)
        final = regret(results, hartmann6.minimum)[:, -1]
        ms = 1000 * np.mean([r.decide_seconds for r in results]) / N_TRIALS
        rows.append((method, summarize(final), ms))
    for popsize in (15, 3):   # SciPy's default, and the best of 3, 5, 15 on this budget
        de = [scipy_de(seed, popsize) for seed in SEEDS]
        final = regret([r for r, _ in de], hartmann6.minimum)[:, -1]
        ms = 1000 * np.mean([d for _, d in de]) / N_TRIALS
        rows.append((f"scipy differential_evolution, popsize {popsize}", summarize(final), ms))

    print(f"Hartmann-6, {N_TRIALS} evaluations, {len(SEEDS)} seeds: final regret")
    print(f"{'method':44s} {'median':>8s} {'q25':>8s} {'q75':>8s} {'ms deciding/eval':>17s}")
    for name, s, ms in rows:
        print(f"{name:44s} {s['median']:8.4f} {s['q25']:8.4f} {s['q75']:8.4f} {ms:17.3f}")
    evolution = rows[1]  # ("evolution", summary, ms)
    ok = evolution[1]["median"] <= GOAL_REGRET and evolution[2] < GOAL_MS
    print(f"goal (median regret <= {GOAL_REGRET}, < {GOAL_MS} ms deciding per evaluation): "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
