"""A search's journal on disk: every finished trial appended to a JSON-lines file the moment it
finishes, so a crashed kernel or a closed laptop loses nothing, and a search can resume.

    result = minimize(objective, space, method="bayes", n_trials=200, seed=0,
                      storage="search.jsonl")   # run it again after a crash: it resumes

The first line describes the search (space, method, seed, budget); a file written by other
arguments is refused, never mixed. Each further line is one trial. Values are stored so they read
back exactly: floats through their shortest exact decimal form (what `repr` prints), nan and
infinities as the strings "nan", "inf" and "-inf", and a Categorical choice as its index among
the categories (the choice itself may be an estimator or a tuple, which JSON cannot hold).
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path

from .space import Categorical, Integer

__all__ = ["Journal"]

FORMAT = 1


def _number(x):
    """A float for JSON: finite floats as they are, the others as strings that read back."""
    x = float(x)
    return x if math.isfinite(x) else repr(x)  # 'nan', 'inf', '-inf'


class Journal:
    """Reads and appends the trials of one search. `minimize(storage=path)` uses it."""

    def __init__(self, path, space, header):
        self.path = Path(path)
        self.space = space
        self.header = {"format": FORMAT, **header}
        self.trials = {}  # number -> the stored record, for replay

    # --- params <-> JSON -------------------------------------------------------------------

    def _encode_params(self, params):
        out = {}
        for name, dim in self.space.items():
            value = params[name]
            if isinstance(dim, Categorical):
                out[name] = dim.index(value)
            elif isinstance(dim, Integer):
                out[name] = int(value)
            else:
                out[name] = float(value)
        return out

    def _decode_params(self, stored):
        return {name: dim.categories[stored[name]] if isinstance(dim, Categorical)
                else stored[name] for name, dim in self.space.items()}

    # --- the file ---------------------------------------------------------------------------

    def open(self):
        """Read what an earlier run wrote (if anything) and check it is this same search.
        Returns the number of stored trials."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("w") as f:
                f.write(json.dumps(self.header) + "\n")
            return 0
        raw = self.path.read_bytes()
        lines = raw.split(b"\n")
        complete, last = lines[:-1], lines[-1]
        if last.strip():
            # a line without its newline: the run stopped while writing it (a power cut, a
            # killed kernel). Its trial is re-run; the fragment is cut off before appending.
            warnings.warn(f"{self.path}: the last line was cut off mid-write and is ignored; "
                          f"that trial will run again", RuntimeWarning, stacklevel=4)
            with self.path.open("r+b") as f:
                f.truncate(len(raw) - len(last))
        try:
            header = json.loads(complete[0])
        except (IndexError, json.JSONDecodeError):
            raise ValueError(f"{self.path} is not a search journal (its first line is not the "
                             f"header that minimize writes); use another file") from None
        if header != self.header:
            differ = sorted(k for k in set(header) | set(self.header)
                            if header.get(k) != self.header.get(k))
            raise ValueError(
                f"{self.path} was written by a different search ({', '.join(differ)} differ: "
                f"the file has {[header.get(k) for k in differ]}, this call "
                f"{[self.header.get(k) for k in differ]}). Resume with the same arguments, or "
                f"pass another storage file")
        for line in complete[1:]:
            if line.strip():
                record = json.loads(line)
                self.trials[record["number"]] = record
        return len(self.trials)

    def stored(self, number):
        """The stored outcome of trial `number` as (params, value, seconds, error, info), or
        None if it has not finished before."""
        record = self.trials.get(number)
        if record is None:
            return None
        return (self._decode_params(record["params"]), float(record["value"]),
                record["seconds"], record["error"], record["info"])

    def matches(self, number, params):
        return self.trials[number]["params"] == self._encode_params(params)

    def append(self, trial):
        record = {"number": trial.number, "params": self._encode_params(trial.params),
                  "value": _number(trial.value), "budget": trial.budget,
                  "seconds": trial.seconds, "decide_seconds": trial.decide_seconds,
                  "error": trial.error, "info": trial.info}
        try:
            line = json.dumps(record, allow_nan=False)
        except (TypeError, ValueError):
            # extra information that JSON cannot hold is dropped from the file, not the search
            record["info"] = {k: v for k, v in trial.info.items() if _jsonable(v)}
            line = json.dumps(record, allow_nan=False)
        with self.path.open("a") as f:
            f.write(line + "\n")
            f.flush()
            os.fsync(f.fileno())


def _jsonable(value):
    try:
        json.dumps(value, allow_nan=False)
        return True
    except (TypeError, ValueError):
        return False

