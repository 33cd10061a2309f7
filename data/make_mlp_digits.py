"""Regenerate data/mlp_digits.npz, the course's tabular benchmark (notebook 09).

A real model evaluated once, over a grid, so that every search method can be run over many
seeds in milliseconds per evaluation (the idea of HPOBench and YAHPO Gym's tabular benchmarks):

- model: scikit-learn's MLPClassifier, one hidden layer, Adam, trained epoch by epoch with
  `partial_fit` (so one training run gives every fidelity);
- data: the digits bundled with scikit-learn (1,797 8x8 images, 10 classes), pixels scaled to
  [0, 1]; a stratified 20 % is held out as a test set that no search sees;
- hyperparameters (4, a full grid of 6 x 5 x 4 x 3 = 360 configurations):
  learning_rate_init 1e-4 ... 3e-2, alpha (L2 penalty) 1e-6 ... 1, hidden units 16 ... 128,
  batch_size 64, 128, 256;
- fidelities: after 1, 3, 9 and 27 epochs (a factor of 3, as successive halving uses);
- kept: every fold's validation error count of a 3-fold stratified CV on the other 80 %, the
  seconds each fold took to train up to each fidelity and be scored, and, at 27 epochs, the
  error on the held-out test set of the model trained on all of the 80 %.

Run it from the repository root with `python data/make_mlp_digits.py` (10 to 30 minutes on
a 2-core laptop). Errors are reproducible bit for bit (every model is seeded);
seconds are this machine's and vary from run to run.
"""

import time
from itertools import product
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neural_network import MLPClassifier

OUT = Path(__file__).resolve().parent / "mlp_digits.npz"
LEARNING_RATES = np.array([1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2])
ALPHAS = np.array([1e-6, 1e-4, 1e-2, 1e-1, 1.0])
WIDTHS = np.array([16, 32, 64, 128])
BATCH_SIZES = np.array([64, 128, 256])
EPOCHS = np.array([1, 3, 9, 27])
N_FOLDS = 3


def train(params, X_train, y_train, X_val, y_val, seed):
    """Errors (counts) on (X_val, y_val) and cumulative seconds after each fidelity in EPOCHS."""
    lr, alpha, width, batch = params
    model = MLPClassifier((int(width),), learning_rate_init=lr, alpha=alpha,
                          batch_size=int(batch), random_state=seed)
    errors, seconds, spent = [], [], 0.0
    for epoch in range(1, EPOCHS[-1] + 1):
        start = time.perf_counter()
        model.partial_fit(X_train, y_train, classes=np.arange(10))
        if epoch in EPOCHS:
            wrong = int((model.predict(X_val) != y_val).sum())
            errors.append(wrong)
        spent += time.perf_counter() - start
        if epoch in EPOCHS:
            seconds.append(spent)
    return errors, seconds


def main():
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    X_dev, X_test, y_dev, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                    random_state=0)
    folds = list(StratifiedKFold(N_FOLDS, shuffle=True, random_state=0).split(X_dev, y_dev))
    grid = list(product(LEARNING_RATES, ALPHAS, WIDTHS, BATCH_SIZES))
    shape = (len(LEARNING_RATES), len(ALPHAS), len(WIDTHS), len(BATCH_SIZES))
    val_errors = np.zeros((len(grid), len(EPOCHS), N_FOLDS), dtype=np.uint16)
    seconds = np.zeros((len(grid), len(EPOCHS), N_FOLDS), dtype=np.float32)
    test_errors = np.zeros(len(grid), dtype=np.uint16)
    started = time.perf_counter()

    def evaluate(params):
        runs = [train(params, X_dev[t], y_dev[t], X_dev[v], y_dev[v], seed=k)
                for k, (t, v) in enumerate(folds)]
        return runs, train(params, X_dev, y_dev, X_test, y_test, seed=N_FOLDS)[0][-1]

    # one configuration per process, two at a time (the seconds are each fold's own time)
    outcomes = Parallel(n_jobs=2, verbose=5)(delayed(evaluate)(p) for p in grid)
    for i, (runs, test_error) in enumerate(outcomes):
        for k, (errs, secs) in enumerate(runs):
            val_errors[i, :, k], seconds[i, :, k] = errs, secs
        test_errors[i] = test_error
    np.savez_compressed(
        OUT, learning_rate_init=LEARNING_RATES, alpha=ALPHAS, hidden_units=WIDTHS,
        batch_size=BATCH_SIZES, epochs=EPOCHS,
        val_errors=val_errors.reshape(*shape, len(EPOCHS), N_FOLDS),
        val_sizes=np.array([len(v) for _, v in folds]),
        seconds=seconds.reshape(*shape, len(EPOCHS), N_FOLDS),
        test_errors=test_errors.reshape(shape), test_size=np.array(len(y_test)))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB) in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
