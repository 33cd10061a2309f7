"""A search's journal on disk: every finished trial appended to a JSON-lines file the moment it
finishes, so a crashed kernel or a closed laptop loses nothing, and a search can resume.

    result = minimize(objective, space, method="bayes", n_trials=200, seed=0,
                      storage="search.jsonl")   # run it again after a crash: it resumes

The first line describes the search (space, method with its options, seed, budget); a file
written by other arguments, or that is no journal at all, is refused before anything is written
to it. While a search writes a journal it holds a lock on it, so a second process (or a second
search in this one) given the same file is refused rather than interleaving its trials.

Each further line is one trial; a conditional space's inactive hyperparameters are not in it
(the space's repr in the header keeps each `when=`). Values are stored so they read back
exactly: floats through their shortest exact decimal form (what `repr` prints), nan and
infinities as the strings "nan", "inf" and "-inf", and a Categorical choice as its index among
the categories (the choice itself may be an estimator or a tuple, which JSON cannot hold). A
trial's `info` keeps NumPy numbers and arrays, tuples and non-finite floats as themselves,
through tagged JSON objects; anything else there is refused with a message (storing it would
need pickle, which runs code on load).
"""

from __future__ import annotations

import json
import math
import os
import warnings
from pathlib import Path

import numpy as np

from .space import Categorical, Integer

__all__ = ["Journal"]

FORMAT = 1


def _number(x):
    """A float for JSON: finite floats as they are, the others as strings that read back."""
    x = float(x)
    return x if math.isfinite(x) else repr(x)  # 'nan', 'inf', '-inf'


# --- info values <-> JSON, exactly -----------------------------------------------------------

_TAG = "__type__"


def _encode_info(value, where):
    """A trial's info value -> JSON-able data that `_decode_info` turns back into an equal
    value of the same type."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {_TAG: "float", "value": repr(value)}
    if isinstance(value, np.generic) and value.dtype.kind in "biuf":
        return {_TAG: "numpy", "dtype": value.dtype.str, "value": _encode_info(value.item(),
                                                                               where)}
    if isinstance(value, np.ndarray) and value.dtype.kind in "biufU":
        flat = [_encode_info(v, where) for v in value.ravel().tolist()]
        return {_TAG: "ndarray", "dtype": value.dtype.str, "shape": list(value.shape),
                "data": flat}
    if isinstance(value, (list, tuple)):
        items = [_encode_info(v, where) for v in value]
        return items if isinstance(value, list) else {_TAG: "tuple", "items": items}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value) and _TAG not in value:
        return {k: _encode_info(v, where) for k, v in value.items()}
    raise TypeError(f"{where} holds {value!r} ({type(value).__name__}), which a journal cannot "
                    f"store exactly; return numbers, strings, NumPy numbers or arrays, lists, "
                    f"tuples or dicts of them in the objective's info, or run without storage")


def _decode_info(data):
    if isinstance(data, list):
        return [_decode_info(v) for v in data]
    if not isinstance(data, dict):
        return data
    tag = data.get(_TAG)
    if tag is None:
        return {k: _decode_info(v) for k, v in data.items()}
    if tag == "float":
        return float(data["value"])
    if tag == "numpy":
        return np.dtype(data["dtype"]).type(_decode_info(data["value"]))
    if tag == "ndarray":
        return np.array([_decode_info(v) for v in data["data"]],
                        dtype=np.dtype(data["dtype"])).reshape(data["shape"])
    if tag == "tuple":
        return tuple(_decode_info(v) for v in data["items"])
    raise ValueError(f"unknown tag {tag!r}")


# --- one writer at a time --------------------------------------------------------------------

def _lock(f, path):
    """An exclusive lock on the open file, or a ValueError if someone else holds it. The
    lock goes with the file: closing it (or the process dying) releases it."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        def take():
            f.seek(0)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        def take():
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        take()
    except OSError:
        f.close()
        raise ValueError(f"{path} is being written by another search (another process, or "
                         f"another minimize call in this one): wait for it to finish, or pass "
                         f"another storage file") from None


class Journal:
    """Reads and appends the trials of one search. `minimize(storage=path)` uses it:
    `open()`, then `replay(batch)` and `append(trial)` per trial, then `close()`."""

    def __init__(self, path, space, header):
        self.path = Path(path)
        self.space = space
        self.header = {"format": FORMAT, **header}
        self.trials = {}  # number -> (encoded params, (value, seconds, error, info)), to replay
        self._file = None

    # --- params <-> JSON -------------------------------------------------------------------

    def _encode_params(self, params):
        out = {}
        for name, dim in self.space.items():
            if name not in params:  # inactive in a conditional space: not stored
                continue
            value = params[name]
            if isinstance(dim, Categorical):
                out[name] = dim.index(value)
            elif isinstance(dim, Integer):
                out[name] = int(value)
            else:
                out[name] = float(value)
        return out

    def _read_record(self, line):
        """One trial line -> (number, encoded params, outcome); KeyError, IndexError,
        TypeError or ValueError if the line is not one."""
        record = json.loads(line)
        number, params = record["number"], record["params"]
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise ValueError(f"the trial number {number!r} is not a count")
        # every name the space has, or with conditions at least those that always exist (replay
        # then checks them against what the searcher proposes)
        if not set(params) <= set(self.space) or not {
                name for name, dim in self.space.items() if not dim.when} <= set(params):
            raise KeyError(f"params name {sorted(params)}, the space {sorted(self.space)}")
        for name, dim in self.space.items():
            if isinstance(dim, Categorical) and name in params:
                dim.categories[params[name]]  # an index that exists (IndexError otherwise)
        seconds = float(record["seconds"])
        error = record["error"]
        if error is not None and not isinstance(error, str):
            raise TypeError(f"error must be text, not {error!r}")
        info = _decode_info(record["info"])
        if not isinstance(info, dict):
            raise TypeError(f"info must be an object, not {info!r}")
        return number, params, (float(record["value"]), seconds, error, info)

    # --- the file ---------------------------------------------------------------------------

    def open(self):
        """Lock the file, read what an earlier run wrote (if anything) and check it is this
        same search; only then write to it. Returns the number of stored trials."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # append mode creates a missing file and writes nothing to an existing one
        f = self._file = open(self.path, "a+b")
        _lock(f, self.path)
        try:
            f.seek(0)
            raw = f.read()
            if not raw:
                self._write(json.dumps(self.header))
                return 0
            lines = raw.split(b"\n")
            complete, last = lines[:-1], lines[-1]
            self._check_header(complete[0] if complete else last)
            if not complete:  # this search's header, cut off before its newline: start over
                f.truncate(0)
                self._write(json.dumps(self.header))
                return 0
            for i, line in enumerate(complete[1:], start=2):
                if line.strip():
                    try:
                        number, params, outcome = self._read_record(line)
                    except (KeyError, IndexError, TypeError, ValueError) as error:
                        raise ValueError(
                            f"{self.path}, line {i}, is not a trial this search can read "
                            f"({type(error).__name__}: {error}). The file is damaged: delete that "
                            f"line (its trial will run again) or pass another storage file"
                        ) from None
                    self.trials[number] = (params, outcome)
            if last.strip():
                # a line without its newline: the run stopped while writing it (a power cut,
                # a killed kernel). Its trial is re-run; the fragment is cut off.
                warnings.warn(f"{self.path}: the last line was cut off mid-write and is "
                              f"ignored; that trial will run again", RuntimeWarning, stacklevel=4)
                f.truncate(len(raw) - len(last))
            return len(self.trials)
        except BaseException:
            self.close()
            raise

    def _check_header(self, line):
        try:
            header = json.loads(line)
            if not isinstance(header, dict) or "format" not in header:
                raise ValueError
        except ValueError:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise ValueError(f"{self.path} is not a search journal (its first line is not the "
                             f"header that minimize writes); it is left as it is: pass another "
                             f"storage file") from None
        if header != self.header:
            differ = sorted(k for k in set(header) | set(self.header)
                            if header.get(k) != self.header.get(k))
            raise ValueError(
                f"{self.path} was written by a different search ({', '.join(differ)} differ: "
                f"the file has {[header.get(k) for k in differ]}, this call "
                f"{[self.header.get(k) for k in differ]}). Resume with the same arguments, or "
                f"pass another storage file")

    def replay(self, batch):
        """{number: (value, seconds, error, info)} for the trials of `batch` that an earlier
        run finished, after checking the searcher proposes what it proposed then."""
        stored = {}
        for trial in batch:
            if trial.number in self.trials:
                params, outcome = self.trials[trial.number]
                if params != self._encode_params(trial.params):
                    raise ValueError(
                        f"{self.path}: trial {trial.number} was {params} in the file but the "
                        f"searcher now proposes {self._encode_params(trial.params)}; the file "
                        f"comes from a different search (or the method is not deterministic "
                        f"for a seed)")
                value, seconds, error, info = outcome
                stored[trial.number] = (value, seconds, error, dict(info))
        return stored

    def append(self, trial):
        record = {"number": trial.number, "params": self._encode_params(trial.params),
                  "value": _number(trial.value),
                  "budget": _encode_info(trial.budget, f"trial {trial.number}'s budget"),
                  "seconds": trial.seconds, "decide_seconds": trial.decide_seconds,
                  "error": trial.error,
                  "info": _encode_info(trial.info, f"trial {trial.number}'s info")}
        self._write(json.dumps(record, allow_nan=False))

    def _write(self, line):
        self._file.write(line.encode() + b"\n")
        self._file.flush()
        os.fsync(self._file.fileno())

    def close(self):
        if self._file is not None:
            self._file.close()  # releases the lock
            self._file = None
