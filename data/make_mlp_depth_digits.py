"""Regenerate data/mlp_depth_digits.npz, the conditional look-up table of notebook 10.

The depth and the widths of a network as a conditional space: `n_layers` (1, 2 or 3) decides
which of `width_1`, `width_2`, `width_3` exist. Every distinct network is trained once per table
entry, so that searches over this space can be compared over many seeds in microseconds:

- model: scikit-learn's MLPClassifier (Adam, L2 penalty alpha = 1e-4 and the other defaults,
  mini-batches of 64), trained epoch by epoch with `partial_fit` (one run gives every fidelity);
- data: the digits bundled with scikit-learn (1,797 8x8 images, 10 classes), pixels scaled to
  [0, 1]; a stratified 20 % is held out as a test set that no search sees (its indices are
  stored, so notebook 10 retrains on exactly the development data);
- hyperparameters: n_layers 1, 2, 3; each active layer's width 16, 32, 64 or 128 (log scale);
  learning_rate_init 3e-4, 1e-3, 3e-3, 1e-2, 3e-2: (4 + 16 + 64) architectures x 5 rates =
  420 distinct networks;
- fidelities: after 1, 3, 9 and 27 epochs (a factor of 3, as successive halving uses);
- kept: every fold's validation error count of a 3-fold stratified CV on the other 80 %, the
  seconds each fold took to train up to each fidelity and be scored, and, at 27 epochs, the
  error on the held-out test set of the network trained on all of the 80 %.

The table is stored as the full grid n_layers x width_1 x width_2 x width_3 x learning rate
(960 cells, the format `helpers.TabularBenchmark` reads) with `conditions` saying which width
exists when; a cell whose inactive widths are not the first level repeats the cell of the same
network with those widths at the first level (`TabularBenchmark` ignores inactive widths, and
counts only the 420 distinct networks).

Run it from the repository root with `python data/make_mlp_depth_digits.py` (19 minutes of wall
time on a 2-core machine shared with other jobs). Errors are reproducible bit for bit with the
same scikit-learn (every network is seeded); seconds are this machine's and vary from run to
run. `data()`, `evaluate()` and `save()` are the pieces `main()` runs, so a test can re-train a
few networks and compare them with the stored counts, as for the other tables.
"""

import sys
import time
from itertools import product
from pathlib import Path

import numpy as np
from joblib import Parallel, delayed
from sklearn.datasets import load_digits
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neural_network import MLPClassifier

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers.tabular import save_table  # noqa: E402

OUT = ROOT / "data" / "mlp_depth_digits.npz"
N_LAYERS = np.array([1, 2, 3])
WIDTHS = np.array([16, 32, 64, 128])
LEARNING_RATES = np.array([3e-4, 1e-3, 3e-3, 1e-2, 3e-2])
EPOCHS = np.array([1, 3, 9, 27])
BATCH_SIZE = 64
N_FOLDS = 3
CONDITIONS = {"width_2": {"n_layers": [2, 3]}, "width_3": {"n_layers": [3]}}


def data():
    """(X_dev, y_dev, X_test, y_test, folds, test): the split every network is evaluated on, and
    the held-out test rows of the digits."""
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    dev, test = train_test_split(np.arange(len(y)), test_size=0.2, stratify=y, random_state=0)
    dev, test = np.sort(dev), np.sort(test)
    X_dev, y_dev = X[dev], y[dev]
    folds = list(StratifiedKFold(N_FOLDS, shuffle=True, random_state=0).split(X_dev, y_dev))
    return X_dev, y_dev, X[test], y[test], folds, test


def train(layers, lr, X_train, y_train, X_val, y_val, seed):
    """Errors (counts) on (X_val, y_val) and cumulative seconds after each fidelity in EPOCHS."""
    model = MLPClassifier(layers, learning_rate_init=lr, batch_size=BATCH_SIZE,
                          random_state=seed)
    errors, seconds, spent = [], [], 0.0
    for epoch in range(1, EPOCHS[-1] + 1):
        start = time.perf_counter()
        model.partial_fit(X_train, y_train, classes=np.arange(10))
        if epoch in EPOCHS:
            errors.append(int((model.predict(X_val) != y_val).sum()))
        spent += time.perf_counter() - start
        if epoch in EPOCHS:
            seconds.append(spent)
    return errors, seconds


def evaluate(layers, lr, X_dev, y_dev, X_test, y_test, folds):
    """One network: per fold (errors, seconds) by fidelity, and the test error at 27 epochs of
    the network trained on all the development data."""
    runs = [train(layers, lr, X_dev[t], y_dev[t], X_dev[v], y_dev[v], seed=k)
            for k, (t, v) in enumerate(folds)]
    return runs, train(layers, lr, X_dev, y_dev, X_test, y_test, seed=N_FOLDS)[0][-1]


def networks():
    """Every distinct network: (widths of its layers, learning rate)."""
    return [(layers, lr) for n in N_LAYERS for layers in product(WIDTHS.tolist(), repeat=n)
            for lr in LEARNING_RATES.tolist()]


def main():
    X_dev, y_dev, X_test, y_test, folds, test = data()
    distinct = networks()
    started = time.perf_counter()
    # longest first, one network per process, two at a time (the seconds are each fold's own)
    order = sorted(range(len(distinct)), key=lambda i: -sum(a * b for a, b in
                   zip((64,) + distinct[i][0], distinct[i][0] + (10,))))
    outcomes = Parallel(n_jobs=2, verbose=5)(
        delayed(evaluate)(*distinct[i], X_dev, y_dev, X_test, y_test, folds) for i in order)
    done = {distinct[i]: outcome for i, outcome in zip(order, outcomes)}
    print(f"trained {len(distinct)} networks in {time.perf_counter() - started:.0f} s")
    save(done, folds, test, len(y_test))
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e3:.0f} kB) from {len(distinct)} networks in "
          f"{time.perf_counter() - started:.0f} s")


def save(done, folds, test, test_size):
    """The full grid n_layers x width_1 x width_2 x width_3 x rate, from the distinct networks
    (`done`: (layers, rate) -> evaluate's outcome); inactive widths repeat the same network."""
    grid = list(product(N_LAYERS.tolist(), WIDTHS.tolist(), WIDTHS.tolist(), WIDTHS.tolist(),
                        LEARNING_RATES.tolist()))
    val_errors = np.zeros((len(grid), len(EPOCHS), N_FOLDS), dtype=np.uint16)
    seconds = np.zeros((len(grid), len(EPOCHS), N_FOLDS), dtype=np.float32)
    test_errors = np.zeros(len(grid), dtype=np.uint16)
    for i, (n, w1, w2, w3, lr) in enumerate(grid):
        runs, test_error = done[((w1, w2, w3)[:n], lr)]
        for k, (errs, secs) in enumerate(runs):
            val_errors[i, :, k], seconds[i, :, k] = errs, secs
        test_errors[i] = test_error
    levels = {"n_layers": ("integer", N_LAYERS), "width_1": ("log-integer", WIDTHS),
              "width_2": ("log-integer", WIDTHS), "width_3": ("log-integer", WIDTHS),
              "learning_rate_init": ("log-real", LEARNING_RATES)}
    save_table(OUT, levels, "epochs", EPOCHS, val_errors, [len(v) for _, v in folds], seconds,
               test_errors, test_size, conditions=CONDITIONS, test_indices=test)


if __name__ == "__main__":
    main()
