"""Notebook 09's benchmark suite, run in full: every method on every problem of
`helpers.suite.PROBLEMS`, with 1 and 4 workers, over seeds 0..49, recorded at budgets of 10, 50
and 200 full-fidelity evaluations (`helpers.suite.run`). It writes

- `data/suite_results.csv.gz`: one row per (problem, method, workers, seed, budget), with the
  columns of `helpers.suite.COLUMNS` (what each means: `helpers/suite.py`'s docstring);
- `data/suite_results.json`: the library versions, the machine, the date, the command (and the
  command that reproduces exactly the seeds the file holds), the wall time, and the seeds
  behind each cell;

and prints the median regret at budget 50 with one worker, problem by method.

    .venv/bin/python benchmarks/suite.py                 # make suite: the shipped file
    .venv/bin/python benchmarks/suite.py --seeds 5 --model-seeds 5 --bayes-200-seeds 1 --out /tmp/s

Seeds. The cheap methods (random, sobol, grid, evolution, hyperband: milliseconds a search)
run seeds 0..N-1 (`--seeds`, 50). The model-based ones cost more: Optuna's TPE about half a
second a search of 200 trials, Bayesian optimisation about a second to 50 trials and 15 to 25
seconds to 200 (its GP refits grow with the trials). They run in steps, so that the file is
whole after each step and a run cut short still ships the seeds it finished:
1. the cheap methods, every seed;
2. TPE (to 200) and bayes (to 50: its checkpoints 10 and 50 are the same as a longer search's),
   blocks of 5 seeds at a time, up to `--model-seeds` (50);
3. bayes to 200, one seed at a time, up to `--bayes-200-seeds`.
`--stop-at HH:MM` (UTC) starts no step after that time. The file is rewritten after each step;
the JSON file's `reproduce` is the command that gives exactly its seeds.

Two processes run searches side by side (joblib); each search is serial and deterministic for
its seed, so a re-run on the same machine reproduces every value of the file; only the seconds
change.
"""

import argparse
import os
import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

# one BLAS thread per process: two processes share two cores, and the matrices are small
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402
from joblib import Parallel, delayed  # noqa: E402

from helpers import suite  # noqa: E402
from helpers.objectives import DATA_DIR  # noqa: E402

SECONDS = ("deciding_seconds", "evaluation_seconds", "wall_seconds")
CHEAP = ("random", "sobol", "grid", "evolution", "hyperband")
BLOCK = 5


def searches(problems, methods, seeds, budget):
    """(problem, method, budget, workers, seed) for each applicable combination."""
    return [(problem, method, budget, workers, seed)
            for problem in problems for method in methods if suite.applicable(problem, method)
            for workers in suite.WORKERS for seed in seeds]


def steps(args):
    """The run's steps, in order: (name, searches)."""
    cheap = [m for m in args.methods if m in CHEAP]
    plan = [("cheap methods, seeds 0-%d" % (args.seeds - 1),
             searches(args.problems, cheap, range(args.seeds), 200))]
    for low in range(0, args.model_seeds, BLOCK):
        seeds = range(low, min(low + BLOCK, args.model_seeds))
        jobs = (searches(args.problems, [m for m in args.methods if m == "bayes"], seeds, 50)
                + searches(args.problems, [m for m in args.methods if m == "optuna-tpe"], seeds,
                           200))
        plan.append((f"bayes to 50 and optuna-tpe, seeds {seeds[0]}-{seeds[-1]}", jobs))
    if "bayes" in args.methods:
        for seed in range(min(args.bayes_200_seeds, args.model_seeds)):
            plan.append((f"bayes to 200, seed {seed}",
                         searches(args.problems, ["bayes"], [seed], 200)))
    return plan


def one(problem, method, budget, workers, seed):
    return list(suite.run(problem, method, budget=budget, workers=workers, seed=seed).values())


def versions():
    from importlib import metadata

    names = ["numpy", "scipy", "scikit-learn", "pandas", "joblib", "optuna"]
    found = {"python": platform.python_version()}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def seed_counts(frame):
    """The seeds behind each (problem, method, workers, budget) cell: the count shared by most
    cells, and every exception."""
    counts = frame.groupby(["problem", "method", "workers", "budget"]).seed.nunique()
    usual = int(counts.mode()[0])
    other = counts[counts != usual]
    by_method = {}
    for (p, m, w, b), n in other.items():
        by_method.setdefault(f"{m} at budget {b}", set()).add(int(n))
    return {"usual": usual,
            "exceptions": {key: sorted(n) for key, n in by_method.items()},
            "cells": [{"problem": p, "method": m, "workers": int(w), "budget": int(b),
                       "seeds": int(n)} for (p, m, w, b), n in other.items()]}


def summary(frame):
    """Median regret at budget 50 with one worker: problems down, methods across."""
    cell = frame[(frame.budget == 50) & (frame.workers == 1)]
    table = cell.pivot_table(index="problem", columns="method", values="regret",
                             aggfunc="median", sort=False)
    return table.reindex(index=[p for p in suite.PROBLEMS if p in table.index],
                         columns=[m for m in suite.METHODS if m in table.columns])


def frame_of(done):
    """The records of the finished searches as the file's table. A seed that bayes ran to 200
    has its 50-trial search too: its records at 10 and 50 must be the same (a check that the
    checkpoints read off a longer search are the shorter search's), and are kept once."""
    rows = {}
    for (problem, method, budget, workers, seed), records in done.items():
        for record in records:
            key = (problem, method, workers, seed, record["budget"])
            if key in rows:
                old = {k: v for k, v in rows[key].items() if k not in SECONDS}
                new = {k: v for k, v in record.items() if k not in SECONDS}
                if old != new:
                    raise RuntimeError(f"{key}: the {budget}-trial search's record differs "
                                       f"from a shorter search's: {old} != {new}")
            if key not in rows or budget == 200:
                rows[key] = record
    frame = pd.DataFrame(list(rows.values()), columns=list(suite.COLUMNS))
    order = {name: i for i, name in enumerate(suite.PROBLEMS)}
    methods = {name: i for i, name in enumerate(suite.METHODS)}
    frame = frame.sort_values(["problem", "method", "workers", "seed", "budget"],
                              key=lambda c: c.map(order) if c.name == "problem" else
                              c.map(methods) if c.name == "method" else c,
                              ignore_index=True)
    for column in SECONDS:  # microseconds are all a timing on a busy machine can say
        frame[column] = frame[column].round(6)
    return frame


def frame_of_parts(*frames):
    """Rows of several runs (different problems) as one table, in the file's order."""
    frame = pd.concat(frames, ignore_index=True)
    order = {name: i for i, name in enumerate(suite.PROBLEMS)}
    methods = {name: i for i, name in enumerate(suite.METHODS)}
    return frame.sort_values(["problem", "method", "workers", "seed", "budget"],
                             key=lambda c: c.map(order) if c.name == "problem" else
                             c.map(methods) if c.name == "method" else c,
                             ignore_index=True)


def table_hashes():
    """The SHA-256 of each table in data/ the run reads: a remade table shows here."""
    import hashlib

    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            for path in sorted(DATA_DIR.glob("*.npz"))}


def write(frame, out, meta):
    """The CSV and the JSON beside it, each written whole and then moved into place, so a run
    stopped mid-write leaves the previous step's files."""
    import json

    csv = out.with_name(out.name + ".csv.gz")
    json_path = out.with_name(out.name + ".json")
    tmp = csv.with_name(csv.name + ".tmp")
    # mtime 0: the same values make the same bytes (apart from the seconds)
    frame.to_csv(tmp, index=False, compression={"method": "gzip", "mtime": 0})
    os.replace(tmp, csv)
    tmp = json_path.with_name(json_path.name + ".tmp")
    tmp.write_text(json.dumps(meta, indent=1, default=float) + "\n")
    os.replace(tmp, json_path)
    return csv, json_path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=50,
                        help="seeds 0..N-1 for the cheap methods (default 50)")
    parser.add_argument("--model-seeds", type=int, default=50,
                        help="seeds for optuna-tpe and for bayes to 50 (default 50)")
    parser.add_argument("--bayes-200-seeds", type=int, default=5,
                        help="seeds for which bayes runs to budget 200 (default 5)")
    parser.add_argument("--stop-at", default=None,
                        help="HH:MM (UTC): start no step after this time")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--problems", nargs="*", default=list(suite.PROBLEMS))
    parser.add_argument("--methods", nargs="*", default=list(suite.METHODS))
    parser.add_argument("--out", default=str(DATA_DIR / "suite_results"),
                        help="path without extension (default data/suite_results)")
    parser.add_argument("--update", action="store_true",
                        help="keep the other problems' rows of an existing file (re-run only "
                             "--problems, e.g. after a table was remade)")
    args = parser.parse_args(argv)
    for problem in args.problems:
        suite.get_problem(problem)
    for method in args.methods:
        if method not in suite.METHODS:
            parser.error(f"unknown method {method!r}: choose from {list(suite.METHODS)}")
    args.model_seeds = min(args.model_seeds, args.seeds)
    stop = None
    if args.stop_at:
        hours, minutes = map(int, args.stop_at.split(":"))
        stop = datetime.now(timezone.utc).replace(hour=hours, minute=minutes, second=0)

    started = time.perf_counter()
    when = datetime.now(timezone.utc)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    plan = steps(args)
    kept, earlier = pd.DataFrame(columns=list(suite.COLUMNS)), []
    if args.update and out.with_name(out.name + ".csv.gz").exists():
        import json

        old = pd.read_csv(out.with_name(out.name + ".csv.gz"))
        kept = old[~old.problem.isin(args.problems)]
        meta_path = out.with_name(out.name + ".json")
        if meta_path.exists():
            old_meta = json.loads(meta_path.read_text())
            earlier = old_meta.get("runs") or [
                {k: old_meta.get(k) for k in ("command", "reproduce", "date", "wall_seconds",
                                              "tables")}
                | {"problems": sorted(set(kept.problem))}]
    tables = table_hashes()
    print(f"{sum(len(jobs) for _, jobs in plan)} searches on {len(args.problems)} problems in "
          f"{len(plan)} steps, {args.jobs} processes", flush=True)
    done, finished = {}, {"model": 0, "bayes_200": 0}
    with Parallel(n_jobs=args.jobs) as parallel:
        for i, (name, jobs) in enumerate(plan):
            if stop is not None and datetime.now(timezone.utc) >= stop:
                print(f"--stop-at {args.stop_at} reached: the file keeps the steps done", flush=True)
                break
            step_start = time.perf_counter()
            # the slowest first, so the two processes finish together
            jobs = sorted(jobs, key=lambda job: (job[1] == "bayes", job[2]), reverse=True)
            for job, records in zip(jobs, parallel(delayed(one)(*job) for job in jobs)):
                done[job] = records
            if name.startswith("bayes to 50"):
                finished["model"] = int(name.rsplit("-", 1)[1]) + 1
            elif name.startswith("bayes to 200"):
                finished["bayes_200"] += 1
            frame = frame_of(done)
            if len(kept):
                frame = frame_of_parts(kept, frame)
            reproduce = (f"python benchmarks/suite.py --seeds {args.seeds} --model-seeds "
                         f"{finished['model']} --bayes-200-seeds {finished['bayes_200']}")
            # the command that gives exactly this file's rows: with --update, this run's and the
            # earlier ones' (one command when they ran the same seeds on every problem)
            this = reproduce
            if set(args.methods) != set(suite.METHODS):
                this += " --methods " + " ".join(args.methods)
            whole = this
            if set(args.problems) != set(suite.PROBLEMS):
                this += " --problems " + " ".join(args.problems)
            if not len(kept):
                reproduce = this
            elif all(run.get("reproduce", "").split(" --problems")[0] == whole
                     for run in earlier):
                reproduce = whole
            else:
                reproduce = "; ".join([run.get("reproduce", "") for run in earlier] + [this])
            wall = time.perf_counter() - started
            meta = {
                "command": " ".join([Path(sys.executable).name] + sys.argv),
                "reproduce": reproduce,
                "complete": i == len(plan) - 1,
                "date": when.isoformat(timespec="seconds"),
                "wall_seconds": round(wall, 1),
                "tables": tables,
                "runs": earlier + [{
                    "command": " ".join([Path(sys.executable).name] + sys.argv),
                    "reproduce": this, "date": when.isoformat(timespec="seconds"),
                    "wall_seconds": round(wall, 1), "tables": tables,
                    "problems": list(args.problems)}],
                "versions": versions(),
                "machine": {"platform": platform.platform(), "processor": platform.processor(),
                            "machine": platform.machine(), "cpus": os.cpu_count(),
                            "processes": args.jobs},
                "problems": {n: {"dimensions": p.dimensions, "kind": p.kind,
                                 "minimum": p.minimum, "has_fidelity": p.has_fidelity,
                                 "max_budget": p.max_budget, "min_budget": p.min_budget,
                                 "source": p.source}
                             for n, p in suite.PROBLEMS.items()
                             if n in set(frame.problem)},  # kept rows' problems too
                "methods": [m for m in suite.METHODS if m in args.methods],
                "budgets": list(suite.BUDGETS), "workers": list(suite.WORKERS),
                "noise_sd": suite.NOISE_SD,
                "seeds": seed_counts(frame),
                "rows": len(frame),
            }
            csv, json_path = write(frame, out, meta)
            print(f"step {i + 1}/{len(plan)} ({name}): {len(jobs)} searches in "
                  f"{time.perf_counter() - step_start:.0f} s; {len(frame)} rows written "
                  f"({wall / 60:.1f} min so far)", flush=True)

    with pd.option_context("display.width", 160, "display.max_columns", 20,
                           "display.float_format", "{:.3g}".format):
        print("\nMedian regret at 50 evaluations, 1 worker (rows: problems; columns: methods):")
        print(summary(frame))
    print(f"\n{len(frame)} rows ({csv.stat().st_size / 1e6:.2f} MB) -> {csv}\n"
          f"versions, machine, seeds -> {json_path}\nwall time {wall / 60:.1f} min\n"
          f"reproduce: {reproduce}")


if __name__ == "__main__":
    main()
