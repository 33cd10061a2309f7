"""The unit-cube encoding that model-based methods work on (Bayesian optimisation, evolution).

A surrogate model or a mutation needs configurations as rows of numbers. `Encoder` turns a space
into columns in [0, 1]:

- a `Real`: one column, linear in log(x) when `log=True` (so 1e-3 -> 1e-2 is as far as 1 -> 10);
- an `Integer`: one column, each integer at the centre of its own cell (on the log scale if log);
- a `Categorical`: one column per choice, one-hot. The positional encoding of `space.to_unit`
  would put "rbf" between "linear" and "poly", an order a model would take seriously; one-hot
  says only "this choice or not".

`decode` maps any row of numbers back to a valid configuration (a Real from its coordinate, an
Integer from the cell the coordinate falls in, a Categorical from its largest column), and
`snap` = encode(decode(x)) is the valid point that a continuous proposal stands for.

Conditional spaces (`when=`): a configuration that lacks a hyperparameter gets a fixed value in
its columns, `INACTIVE` (0.5) for a Real or an Integer and all zeros ("none of the choices") for a
Categorical; never a random one, which a model would read as a measurement. `decode` ignores the
columns of the dimensions a row's own parents switch off and leaves those names out.

    enc = Encoder(space)
    X = enc.encode(list_of_params)      # (n, enc.n_features)
    params = enc.decode(X)              # list of dicts
"""

from __future__ import annotations

import numpy as np

from .space import (INACTIVE, Categorical, _active_masks, _active_names, _rows, check_space,
                    is_conditional, sample)

__all__ = ["Encoder"]


class Encoder:
    """Vectorised encode/decode between configurations and the unit cube (see the module)."""

    def __init__(self, space):
        self.space = check_space(space)
        self.slices = {}   # name -> the columns that hyperparameter occupies
        self.columns = []  # a readable name per column: "C", "kernel=rbf"
        for name, dim in space.items():
            start = len(self.columns)
            if isinstance(dim, Categorical):
                self.columns += [f"{name}={c!r}" if not isinstance(c, str) else f"{name}={c}"
                                 for c in dim.categories]
            else:
                self.columns.append(name)
            self.slices[name] = slice(start, len(self.columns))
        self.n_features = len(self.columns)
        self.conditional = is_conditional(space)

    def encode(self, params_list):
        """Configurations (a list of dicts) -> an (n, n_features) array in [0, 1]."""
        if isinstance(params_list, dict):
            raise TypeError("encode takes a list of configurations; wrap one dict in a list")
        if self.conditional:
            return self._encode_conditional(params_list)
        X = np.zeros((len(params_list), self.n_features))
        for name, dim in self.space.items():
            try:
                values = [p[name] for p in params_list]
            except KeyError:
                raise ValueError(f"a configuration lacks {name!r}") from None
            columns = self.slices[name]
            if isinstance(dim, Categorical):
                X[np.arange(len(values)), columns.start + np.array(
                    [dim.index(v) for v in values], dtype=int).reshape(-1)] = 1.0
            else:
                X[:, columns.start] = dim.to_unit(values)
        return X

    def _encode_conditional(self, params_list):
        X = np.zeros((len(params_list), self.n_features))
        for i, params in enumerate(params_list):
            names = _active_names(self.space, params)
            if set(names) != set(params):
                raise ValueError(f"the configuration {params!r} should hold exactly its active "
                                 f"hyperparameters {names}")
            for name, dim in self.space.items():
                columns = self.slices[name]
                if name not in params:  # inactive: the fixed value (one-hot: no choice)
                    if not isinstance(dim, Categorical):
                        X[i, columns.start] = INACTIVE
                elif isinstance(dim, Categorical):
                    X[i, columns.start + dim.index(params[name])] = 1.0
                else:
                    X[i, columns.start] = dim.to_unit([params[name]])[0]
        return X

    def decode(self, X):
        """Rows of numbers -> valid configurations (a list of dicts). Coordinates outside [0, 1]
        are clipped; a Categorical takes its largest column (ties: the first choice)."""
        X = self._check(X)
        decoded = []
        for name, dim in self.space.items():
            block = X[:, self.slices[name]]
            if isinstance(dim, Categorical):
                decoded.append(dim._choices(np.argmax(block, axis=1)))
            else:
                # just below 1: from_unit(1.0) is the top edge of the last cell, fine for a Real
                # but one past the last integer before clipping
                decoded.append(dim.from_unit(np.clip(block[:, 0], 0.0, 1.0)))
        return _rows(self.space, decoded)  # each row without its inactive hyperparameters

    def snap(self, X):
        """The encoding of the valid configuration each row stands for: encode(decode(X)),
        computed column by column without building a dict per row (Bayesian optimisation snaps
        thousands of candidates per trial); the numbers are the same, bit for bit."""
        X = self._check(X)
        snapped = np.zeros_like(X)
        values = {}  # the decoded values, for the conditions
        for name, dim in self.space.items():
            columns = self.slices[name]
            if isinstance(dim, Categorical):
                index = np.argmax(X[:, columns], axis=1)
                snapped[np.arange(len(X)), columns.start + index] = 1.0
                values[name] = dim._choices(index)
            else:
                values[name] = dim.from_unit(np.clip(X[:, columns.start], 0.0, 1.0))
                snapped[:, columns.start] = dim.to_unit(values[name])
        if self.conditional and len(X):
            for name, mask in _active_masks(self.space, values).items():
                columns = self.slices[name]
                snapped[~mask, columns] = (0.0 if isinstance(self.space[name], Categorical)
                                           else INACTIVE)
        return snapped

    def sample(self, rng, n):
        """`n` random configurations (drawn as `helpers.sample` draws them), encoded."""
        return self.encode(sample(self.space, rng, size=n))

    def _check(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.n_features:
            raise ValueError(f"X must have {self.n_features} columns ({', '.join(self.columns)}),"
                             f" got an array of shape {X.shape}")
        return X

    def __repr__(self):
        return f"Encoder({self.n_features} columns: {', '.join(self.columns)})"
