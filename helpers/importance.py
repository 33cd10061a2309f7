"""Which hyperparameters matter? An answer read from a search's own trials.

A random forest learns `value ~ hyperparameters` from the trials; shuffling one hyperparameter's
column on trials the forest has not seen, and measuring how much worse its predictions get, says
how much the forest relies on it (permutation importance, Breiman 2001). Every number comes with
its spread over folds and shuffles.

Its limits, plainly:
- it explains the *forest*, not the objective: read it only if the forest predicts held-out
  trials well (the `r2` it reports; near 0 means the importances mean nothing);
- it is about the *region searched*: a hyperparameter held in a narrow range looks unimportant;
- trials from a model-based search crowd around the optimum, where everything looks flat;
  random or Sobol trials give the fairest picture;
- two hyperparameters that only matter together share the credit, and a shuffle can create
  configurations the search never tried;
- in a conditional space, a hyperparameter's inactive trials sit at -1 on its axis, a value no
  real one has, so a tree can tell "absent" from any setting; its importance then mixes "does
  it exist" with "what value it takes".
"""

from __future__ import annotations

import numpy as np

from .space import to_unit

__all__ = ["importance"]


def importance(result, n_repeats: int = 10, n_splits: int = 5, seed: int = 0):
    """Permutation importance of each hyperparameter for a search's objective values.

    Uses the successful full-budget trials of `result`. Returns a pandas DataFrame, one row per
    hyperparameter, most important first: `importance` is the mean increase in the held-out
    squared error when that hyperparameter is shuffled, as a share of the values' variance
    (1.0: shuffling it destroys everything the forest knows), and `std` its spread over
    `n_splits` folds times `n_repeats` shuffles. `frame.attrs["r2"]` is the forest's held-out R².
    """
    import pandas as pd
    from sklearn.ensemble import RandomForestRegressor
    from sklearn.metrics import r2_score
    from sklearn.model_selection import KFold

    if result.space is None:
        raise ValueError("importance needs the result's space (Result(space=...) or "
                         "Result.from_evaluations(..., space=...))")
    full = result._full()
    trials = [t for t, ok in zip(result.trials, full) if ok and not t.failed]
    if len(trials) < 2 * n_splits:
        raise ValueError(f"importance needs at least {2 * n_splits} successful trials, "
                         f"got {len(trials)}")
    names = list(result.space)
    X = np.array([to_unit(result.space, t.params) for t in trials])
    for j, name in enumerate(names):  # inactive (conditional spaces): apart from every value
        X[[name not in t.params for t in trials], j] = -1.0
    y = np.array([t.value for t in trials])
    largest = np.abs(y).max()
    if largest > 1e100:
        # values so large that their squared errors overflow (1e200 squared is inf): the
        # importances are shares of the variance, which rescaling leaves as they are
        y = y / largest
    variance = y.var()
    if variance == 0:
        raise ValueError("every trial has the same value: nothing to explain")

    scores, predicted = [], np.empty_like(y)
    folds = KFold(n_splits, shuffle=True, random_state=seed).split(X)
    for fold, (train, test) in enumerate(folds):
        forest = RandomForestRegressor(n_estimators=100, min_samples_leaf=2,
                                       random_state=seed + fold).fit(X[train], y[train])
        predicted[test] = forest.predict(X[test])
        baseline = np.mean((predicted[test] - y[test]) ** 2)
        # every shuffled copy of the held-out trials (one per hyperparameter and repeat) in
        # one block, so the forest predicts once: the same numbers as scikit-learn's
        # permutation_importance with squared error, many times faster
        rng = np.random.default_rng([seed, fold])
        copies = np.repeat(X[test][None, None], len(names), axis=0).repeat(n_repeats, axis=1)
        for j in range(len(names)):
            for r in range(n_repeats):
                copies[j, r, :, j] = rng.permutation(copies[j, r, :, j])
        shuffled = forest.predict(copies.reshape(-1, len(names))).reshape(
            len(names), n_repeats, len(test))
        increase = np.mean((shuffled - y[test]) ** 2, axis=2) - baseline
        scores.append(increase / variance)  # (n_features, n_repeats)
    scores = np.concatenate(scores, axis=1)
    frame = pd.DataFrame({"hyperparameter": names, "importance": scores.mean(axis=1),
                          "std": scores.std(axis=1)})
    frame = frame.sort_values("importance", ascending=False, kind="stable")
    frame = frame.set_index("hyperparameter")
    frame.attrs["r2"] = float(r2_score(y, predicted))
    frame.attrs["n_trials"] = len(trials)
    return frame
