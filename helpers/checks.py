"""The input checks that the rest of `helpers` shares, so that every bad argument gets the same
kind of message: a TypeError for the wrong kind of value, a ValueError for a value out of range,
each naming the parameter and the value it got."""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["check_int", "check_number", "check_bool"]


def check_int(name: str, value, low: int | None = None) -> int:
    """`value` as an int (a bool is not one), at least `low` if given."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if low is not None and value < low:
        raise ValueError(f"{name} must be at least {low}, not {value!r}")
    return int(value)


def check_number(name: str, value, low: float | None = None, finite: bool = False) -> float:
    """`value` as a float (a bool is not a number), at least `low` if given, finite if asked."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if finite and not math.isfinite(value):
        raise ValueError(f"{name} must be finite, not {value!r}")
    if low is not None and not value >= low:
        raise ValueError(f"{name} must be at least {low}, not {value!r}")
    return float(value)


def check_bool(name: str, value) -> bool:
    """True or False, nothing else: `log="no"` or `progress="no"` is truthy, and accepting it
    would silently do the opposite of what was meant."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, not {value!r}")
    return bool(value)
