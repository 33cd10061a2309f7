"""Regenerate data/svm_digits.npz: a support vector machine, a table of the suite of notebook 09.

A third real model evaluated once over a grid, like data/make_mlp_digits.py, here with the other
kind of fidelity: how much of the training data the model sees, as in HPOBench's SVM benchmark
(after Klein et al. 2017, "Fast Bayesian optimization of machine learning hyperparameters on large
datasets"):

- model: scikit-learn's SVC with an RBF kernel behind a StandardScaler (a pipeline, so the
  scaling is learnt on the training part only);
- data: the digits bundled with scikit-learn (1,797 8x8 images, 10 classes); a stratified 20 % is
  held out as a test set that no search sees;
- hyperparameters (2, a full grid of 16 x 16 = 256 configurations): C and gamma each from 2**-10
  to 2**10 on a log scale (HPOBench's ranges), 4/3 of a doubling apart: the classic C x gamma
  plane, a valley of good configurations at small gamma and large C, and a plateau at chance
  where gamma is too large (every training point its own island);
- fidelities: 1/9, 1/3 and all of each training fold (a stratified subsample), stored as budgets
  1, 3 and 9 *ninths of the training data*, so that the multi-fidelity searchers' integer budgets
  (min_budget=1, max_budget=9, factor 3) land on them;
- kept: every fold's validation error count of a 3-fold stratified CV on the other 80 % (always
  scored on the whole validation fold), the seconds each fit and scoring took, and the error on the
  held-out test set of the model trained on all of the 80 %.

Run it from the repository root with `python data/make_svm_digits.py` (7.5 minutes of wall
time on a busy 2-core machine). Errors are reproducible bit for bit (SVC is deterministic and the
subsamples are seeded); seconds are this machine's and vary from run to run.
"""

import time
from itertools import product
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from helpers.tabular import save_table  # the format TabularBenchmark reads

OUT = Path(__file__).resolve().parent / "svm_digits.npz"
LEVELS = {  # name -> (kind, levels): the kind tells TabularBenchmark how to build the space
    "C": ("log-real", 2.0 ** np.linspace(-10, 10, 16)),
    "gamma": ("log-real", 2.0 ** np.linspace(-10, 10, 16)),
}
NINTHS = np.array([1, 3, 9])  # the share of each training fold used, in ninths
N_FOLDS = 3


def data():
    """(X_dev, y_dev, X_test, y_test, folds): the split every configuration is evaluated on."""
    X, y = load_digits(return_X_y=True)
    X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                    random_state=0)
    folds = list(StratifiedKFold(N_FOLDS, shuffle=True, random_state=0).split(X_dev, y_dev))
    return X_dev, y_dev, X_test, y_test, folds


def subsample(train, y, ninths, seed):
    """A stratified `ninths/9` of the indices `train` (all of them at 9): the same subsample for
    every configuration, so configurations are compared on the same data."""
    if ninths == 9:
        return train
    part, _ = train_test_split(train, train_size=ninths / 9, stratify=y[train], random_state=seed)
    return part


def train(params, X_train, y_train, X_val, y_val):
    """Error count on (X_val, y_val) and the seconds to fit on (X_train, y_train) and score."""
    C, gamma = params
    start = time.perf_counter()
    model = make_pipeline(StandardScaler(), SVC(C=C, gamma=gamma)).fit(X_train, y_train)
    wrong = int((model.predict(X_val) != y_val).sum())
    return wrong, time.perf_counter() - start


def evaluate(params, X_dev, y_dev, X_test, y_test, folds):
    """One configuration: (errors, seconds), each (fidelity, fold), and the full test error."""
    runs = [[train(params, X_dev[part], y_dev[part], X_dev[v], y_dev[v])
             for k, (t, v) in enumerate(folds)
             for part in [subsample(t, y_dev, n, seed=k)]]
            for n in NINTHS]
    errors = np.array([[wrong for wrong, _ in row] for row in runs])
    seconds = np.array([[spent for _, spent in row] for row in runs])
    return errors, seconds, train(params, X_dev, y_dev, X_test, y_test)[0]


def main():
    X_dev, y_dev, X_test, y_test, folds = data()
    grid = list(product(*(levels for _, levels in LEVELS.values())))
    started = time.perf_counter()
    # one configuration per process, two at a time (the seconds are each fit's own time)
    outcomes = Parallel(n_jobs=2, verbose=2)(
        delayed(evaluate)(p, X_dev, y_dev, X_test, y_test, folds) for p in grid)
    val_errors = np.array([errors for errors, _, _ in outcomes], dtype=np.uint16)
    seconds = np.array([secs for _, secs, _ in outcomes], dtype=np.float32)
    test_errors = np.array([test for _, _, test in outcomes], dtype=np.uint16)
    save_table(OUT, LEVELS, "ninths of the training data", NINTHS, val_errors,
               [len(v) for _, v in folds], seconds, test_errors, len(y_test))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
