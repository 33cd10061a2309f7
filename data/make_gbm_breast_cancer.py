"""Regenerate data/gbm_breast_cancer.npz: gradient boosting, a table of the suite of notebook 09.

A second real model evaluated once over a grid, like data/make_mlp_digits.py, so that search
methods can be compared over many seeds by looking the evaluations up (HPOBench's idea):

- model: scikit-learn's GradientBoostingClassifier (log-loss, trees grown one after another), so
  one fit with `n_estimators=81` gives every smaller number of trees: `staged_predict` scores the
  model after each tree, and a `monitor` records when each tree is done;
- data: the breast-cancer data bundled with scikit-learn (569 tumours, 30 features, 2 classes).
  A binary task fits one tree per round (the 10-class digits fit ten, too slow to tabulate here),
  and its errors still spread: about 3 % for a good configuration, 7 % or more for the worst
  tenth at 81 trees, 37 % (always "benign") for a small learning rate stopped after a few trees;
  a stratified 20 % is held out as a test set that no search sees;
- hyperparameters (4, a full grid of 7 x 4 x 3 x 3 = 252 configurations): learning_rate 0.01 ... 1
  (log), max_depth 1 ... 8 (log), subsample 0.5, 0.75, 1 (stochastic boosting), and
  min_samples_leaf 1, 5, 25 (log). The learning rate and the number of trees trade off (a small
  rate needs many trees), and depth and leaf size both limit a tree's size: interactions that a
  one-at-a-time search misses;
- fidelities: 3, 9, 27 and 81 trees (a factor of 3, as successive halving uses);
- kept: every fold's validation error count of a 3-fold stratified CV on the other 80 %, the
  seconds each fold took to grow that many trees plus to score the fold with them, and, at 81
  trees, the error on the held-out test set of the model trained on all of the 80 %.

Run it from the repository root with `python data/make_gbm_breast_cancer.py` (8 minutes of
wall time on a busy 2-core machine). Errors are reproducible bit for bit (every model is seeded:
the subsampling draws from `random_state`); seconds are this machine's and vary from run to run.
"""

import time
from itertools import product
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, train_test_split

from helpers.tabular import save_table  # the format TabularBenchmark reads

OUT = Path(__file__).resolve().parent / "gbm_breast_cancer.npz"
LEVELS = {  # name -> (kind, levels): the kind tells TabularBenchmark how to build the space
    "learning_rate": ("log-real", np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0])),
    "max_depth": ("log-integer", np.array([1, 2, 4, 8])),
    "subsample": ("real", np.array([0.5, 0.75, 1.0])),
    "min_samples_leaf": ("log-integer", np.array([1, 5, 25])),
}
TREES = np.array([3, 9, 27, 81])
N_FOLDS = 3


def data():
    """(X_dev, y_dev, X_test, y_test, folds): the split every configuration is evaluated on."""
    X, y = load_breast_cancer(return_X_y=True)
    X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                    random_state=0)
    folds = list(StratifiedKFold(N_FOLDS, shuffle=True, random_state=0).split(X_dev, y_dev))
    return X_dev, y_dev, X_test, y_test, folds


def train(params, X_train, y_train, X_val, y_val, seed):
    """Errors (counts) on (X_val, y_val) after each fidelity in TREES, and the seconds it took
    to grow that many trees and score the validation set with them."""
    lr, depth, subsample, leaf = params
    model = GradientBoostingClassifier(learning_rate=lr, n_estimators=int(TREES[-1]),
                                       max_depth=int(depth), subsample=subsample,
                                       min_samples_leaf=int(leaf), random_state=seed)
    grown = []  # the clock when each fidelity's last tree was done

    def monitor(i, _model, _locals):
        if i + 1 in TREES:
            grown.append(time.perf_counter())
        return False  # never stop early

    start = time.perf_counter()
    model.fit(X_train, y_train, monitor=monitor)
    errors, scoring = [], []
    scored = time.perf_counter()
    for n, predicted in enumerate(model.staged_predict(X_val), start=1):
        if n in TREES:
            errors.append(int((predicted != y_val).sum()))
            # staged_predict to n trees costs what one predict with n trees would
            scoring.append(time.perf_counter() - scored)
    seconds = [g - start + s for g, s in zip(grown, scoring)]
    return errors, seconds


def evaluate(params, X_dev, y_dev, X_test, y_test, folds):
    """One configuration: each fold's (errors, seconds), and the test error at full fidelity."""
    runs = [train(params, X_dev[t], y_dev[t], X_dev[v], y_dev[v], seed=k)
            for k, (t, v) in enumerate(folds)]
    return runs, train(params, X_dev, y_dev, X_test, y_test, seed=N_FOLDS)[0][-1]


def main():
    X_dev, y_dev, X_test, y_test, folds = data()
    grid = list(product(*(levels for _, levels in LEVELS.values())))
    val_errors = np.zeros((len(grid), len(TREES), N_FOLDS), dtype=np.uint16)
    seconds = np.zeros((len(grid), len(TREES), N_FOLDS), dtype=np.float32)
    test_errors = np.zeros(len(grid), dtype=np.uint16)
    started = time.perf_counter()
    # one configuration per process, two at a time (the seconds are each fold's own time)
    outcomes = Parallel(n_jobs=2, verbose=2)(
        delayed(evaluate)(p, X_dev, y_dev, X_test, y_test, folds) for p in grid)
    for i, (runs, test_error) in enumerate(outcomes):
        for k, (errs, secs) in enumerate(runs):
            val_errors[i, :, k], seconds[i, :, k] = errs, secs
        test_errors[i] = test_error
    save_table(OUT, LEVELS, "trees", TREES, val_errors, [len(v) for _, v in folds], seconds,
               test_errors, len(y_test))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
