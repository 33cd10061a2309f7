"""Benchmark of `minimize(method="bayes")` (Gaussian-process BO, helpers/bayes.py).

The protocol of issue 7: Branin and Hartmann-6, 50 evaluations per run *including* the initial
design, 10 seeds; the median (and quartiles) of the final regret (best value found minus the
known minimum), and the searcher's deciding time per evaluation (ask + tell, as `minimize`
records it in `Trial.decide_seconds`, and as CPU time, which other jobs on a shared machine do
not inflate; the goal is checked on the CPU time), next to random search at the same budget. Then a mixed
space (a log-scaled real, an integer, a category) at 30 trials against random search.

    .venv/bin/python benchmarks/bayes.py

Goals (issue 7): median regret <= 4e-4 on Branin and <= 0.065 on Hartmann-6, deciding
<= 0.1 s per evaluation on 2 cores. Peers measured with the same protocol, quoted in the issue:
random 0.72 / 1.77; scikit-optimize's gp_minimize 4.0e-4 / 0.065 (0.14-0.5 s deciding);
Optuna's GP sampler 3.6e-5 / 0.0018 (0.08-0.2 s).
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from helpers import (branin, hartmann6, mixed_branin, regret, run_seeds,  # noqa: E402
                     summarize)
from helpers.bayes import BayesSearcher  # noqa: E402, F401 (registers "bayes")

SEEDS = range(10)
GOALS = {"branin": 4e-4, "hartmann6": 0.065}
PEERS = {"branin": {"random (issue)": 0.72, "scikit-optimize": 4.0e-4, "Optuna GP": 3.6e-5},
         "hartmann6": {"random (issue)": 1.77, "scikit-optimize": 0.065, "Optuna GP": 0.0018}}
GOAL_DECIDE_SECONDS = 0.1

# The mixed space (helpers.mixed_branin): Branin's x2 made an integer, a log-scaled real with
# its optimum at 3, and a category that adds 0, 1 or 3; notebook 09's suite runs it too.
mixed, MIXED_SPACE, MIXED_MINIMUM = mixed_branin, mixed_branin.space, mixed_branin.minimum


def run(objective, space, method, n_trials, minimum):
    """Final regret over the seeds; deciding seconds per evaluation, as wall-clock time
    (`Trial.decide_seconds`) and as CPU time of the whole run (the toy objectives cost
    microseconds, so it is nearly all deciding): on a machine shared with other jobs the wall
    clock counts their time too, the CPU time does not."""
    cpu = time.process_time()
    results = run_seeds(objective, space, method, n_trials, seeds=SEEDS)
    cpu = (time.process_time() - cpu) / (n_trials * len(SEEDS))
    final = regret(results, minimum)[:, -1]
    decide = np.mean([t.decide_seconds for r in results for t in r.trials])
    return summarize(final), decide, cpu


def main():
    print(f"{len(SEEDS)} seeds; regret = best value found - known minimum; deciding = the "
          f"searcher's seconds per evaluation\n")
    header = (f"{'problem':10s} {'trials':>6s} {'method':8s} {'median regret':>13s} "
              f"{'(q25 - q75)':>21s} {'decide wall s':>13s} {'cpu s':>7s} {'goal':>8s}")
    print(header)
    print("-" * len(header))
    rows, ok = [], True
    for problem, n_trials in ((branin, 50), (hartmann6, 50)):
        for method in ("random", "bayes"):
            s, decide, cpu = run(problem, problem.space, method, n_trials, problem.minimum)
            goal = GOALS[problem.name] if method == "bayes" else None
            met = goal is None or (s["median"] <= goal and cpu <= GOAL_DECIDE_SECONDS)
            ok &= met
            print(f"{problem.name:10s} {n_trials:6d} {method:8s} {s['median']:13.2e} "
                  f"({s['q25']:9.2e} - {s['q75']:9.2e}) {decide:13.3f} {cpu:7.3f} "
                  f"{'' if goal is None else ('met' if met else 'MISSED'):>8s}", flush=True)
            rows.append((problem.name, method, s["median"]))
        peers = ", ".join(f"{k} {v:.2g}" for k, v in PEERS[problem.name].items())
        print(f"{'':10s} {'':6s} peers (issue, same protocol): {peers}")
    finals = {}
    for method in ("random", "bayes"):
        s, decide, cpu = run(mixed, MIXED_SPACE, method, 30, MIXED_MINIMUM)
        finals[method] = s["median"]
        print(f"{'mixed':10s} {30:6d} {method:8s} {s['median']:13.2e} "
              f"({s['q25']:9.2e} - {s['q75']:9.2e}) {decide:13.3f} {cpu:7.3f}", flush=True)
    mixed_ok = finals["bayes"] < finals["random"]
    print(f"{'':10s} {'':6s} mixed space: bayes beats random at 30 trials: "
          f"{'yes' if mixed_ok else 'NO'}")
    ok &= mixed_ok
    print("\nall goals met" if ok else "\nSOME GOALS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
