"""Figures that one lecture draws to make its own point, apart from the shared style and the
figures that several notebooks draw (`helpers.plots`).

- 01: `plot_validation_curve`, `plot_kfold`, `plot_histograms`, `plot_regression_fits`
- 02: `plot_decision_boundaries`
- 03: `plot_nested_cv`
- 04: `plot_parallel_coordinates`, `plot_projections`, `plot_cell_coverage`
- 06: `plot_populations`
- 09: `plot_suite_curves`, `plot_decision_guide`

Each returns its Axes (or a dict of them), so a notebook can add what its claim needs.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from .plots import PALETTE, _axes

__all__ = ["plot_validation_curve", "plot_parallel_coordinates", "plot_populations",
           "plot_kfold", "plot_nested_cv", "plot_histograms", "plot_regression_fits",
           "plot_decision_boundaries", "plot_projections", "plot_cell_coverage",
           "plot_suite_curves", "plot_decision_guide"]


def plot_validation_curve(param_values, train_scores, val_scores, param_name, ax=None,
                          log_x=True, ylabel="error", lower_is_better=True):
    """Training and validation scores against one hyperparameter, mean +- one std over folds.

    `train_scores` and `val_scores` have shape (n_values, n_folds), as returned by
    `sklearn.model_selection.validation_curve`. The best validation value is marked.
    """
    ax = _axes(ax)
    x = np.asarray(param_values)
    for scores, label, colour in ((train_scores, "training", PALETTE[0]),
                                  (val_scores, "validation", PALETTE[1])):
        scores = np.asarray(scores, dtype=float)
        mean, std = scores.mean(axis=1), scores.std(axis=1)
        ax.plot(x, mean, marker="o", markersize=4, color=colour, label=label)
        ax.fill_between(x, mean - std, mean + std, color=colour, alpha=0.2, linewidth=0)
    val_mean = np.asarray(val_scores, dtype=float).mean(axis=1)
    if np.isnan(val_mean).all():
        raise ValueError("every validation score is nan: there is no best value to mark")
    # nanargmin: a failed fit's nan score is never the best
    best = np.nanargmin(val_mean) if lower_is_better else np.nanargmax(val_mean)
    ax.axvline(x[best], color="black", linestyle="--", linewidth=1,
               label=f"best validation: {param_name}={x[best]:.3g}")
    if log_x:
        ax.set_xscale("log")
    ax.set_xlabel(param_name)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def _axis_ticks(dim, n=4):
    """(positions in [0, 1], labels) along one hyperparameter's axis, on its own scale."""
    from .space import Categorical

    if isinstance(dim, Categorical):
        labels = [str(c) for c in dim.categories]
        return (np.arange(len(labels)) + 0.5) / len(labels), labels
    values = dim.grid(n)
    return dim.to_unit(values), [f"{v:.3g}" for v in values]


def plot_parallel_coordinates(result, ax=None, cmap="viridis", highlight=0.1):
    """Every trial as a line across the hyperparameters: where the good trials pass on each
    axis. Lines are coloured by rank (dark = best; a rank, because a few very bad trials would
    otherwise wash every good one into one colour), and the best `highlight` share is drawn
    thick and on top. Each axis is on its hyperparameter's own scale (log where the space is
    log; categories spread evenly). Failed trials are left out."""
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    from .space import to_unit

    if result.space is None:
        raise ValueError("plot_parallel_coordinates needs the result's space")
    trials = [t for t in result.trials if not t.failed]
    if not trials:
        raise ValueError("no successful trial to draw")
    trials.sort(key=lambda t: -t.value)  # worst first, so the best end up on top
    names = list(result.space)
    if ax is None:
        ax = plt.subplots(figsize=(2.2 * len(names) + 1.5, 4.5))[1]
    n = len(trials)
    share = 100 * np.arange(n - 1, -1, -1) / max(n - 1, 1)  # percent of trials better than it
    colours = plt.get_cmap(cmap)
    norm = Normalize(0, 100)
    n_highlight = max(1, int(round(highlight * n)))
    x = np.arange(len(names))
    for i, (t, rank) in enumerate(zip(trials, share)):
        best = i >= n - n_highlight
        # an inactive hyperparameter (a conditional space) has no point: the line breaks there
        y = np.where([name in t.params for name in names], to_unit(result.space, t.params),
                     np.nan)
        ax.plot(x, y, color=colours(norm(rank)),
                alpha=0.9 if best else 0.35, linewidth=2.4 if best else 0.9)
    for i, name in enumerate(names):
        ax.axvline(i, color="black", linewidth=1)
        for position, label in zip(*_axis_ticks(result.space[name])):
            ax.text(i + 0.04, position, label, fontsize=11, va="center", ha="left",
                    color="0.2")
    ax.set_xticks(x, names)
    ax.set_yticks([])
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlim(-0.2, len(names) - 0.6)
    ax.grid(False)
    ax.figure.colorbar(ScalarMappable(norm=norm, cmap=colours), ax=ax,
                       label="% of trials better (0 = the best)")
    return ax


def plot_populations(function, populations, titles, n_cols=3, levels=15):
    """Small multiples of a search's populations on a 2-D toy function's contours: one panel per
    population (an (n, 2) array in the function's own coordinates, or a list of params dicts),
    the contours of log(f - minimum + 0.1), the known minimisers as white stars. Returns the
    axes, one per population, so a notebook can add to them."""
    if len(function.space) != 2:
        raise ValueError(f"plot_populations draws 2-D functions, not {function.name} "
                         f"({len(function.space)} dimensions)")
    if len(titles) != len(populations):
        raise ValueError(f"one title per population: {len(titles)} titles for "
                         f"{len(populations)} populations")
    names = list(function.space)
    (low1, high1), (low2, high2) = [(d.low, d.high) for d in function.space.values()]
    x1, x2 = np.meshgrid(np.linspace(low1, high1, 120), np.linspace(low2, high2, 120))
    surface = function.evaluate(np.column_stack([x1.ravel(), x2.ravel()])).reshape(x1.shape)
    minima = np.array([[m[name] for name in names] for m in function.minimizers])
    n_rows = -(-len(populations) // n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(3.4 * n_cols, 2.5 * n_rows + 0.6),
                             sharex=True, sharey=True, squeeze=False)
    for ax, points, title in zip(axes.ravel(), populations, titles):
        if len(points) and isinstance(points[0], dict):
            points = [[p[name] for name in names] for p in points]
        points = np.asarray(points, dtype=float)
        ax.contourf(x1, x2, np.log(surface - function.minimum + 0.1), levels=levels,
                    cmap="viridis", alpha=0.75)
        ax.scatter(*points.T, s=24, color=PALETTE[1], edgecolor="black", linewidth=0.5,
                   zorder=3)
        ax.scatter(*minima.T, marker="*", s=120, color="white", edgecolor="black", zorder=4)
        ax.set_title(title, fontsize=12)
        ax.grid(False)
    for ax in axes.ravel()[len(populations):]:
        ax.set_visible(False)
    fig.supxlabel(names[0])
    fig.supylabel(names[1])
    return axes.ravel()[:len(populations)]


def _fold_row(ax, y, n_splits, held_out, colours, height=0.7, left=0.0, width=1.0, text=True):
    """One row of `n_splits` equal blocks; block `held_out` in the validation colour."""
    step = width / n_splits
    for k in range(n_splits):
        colour = colours[1] if k == held_out else colours[0]
        ax.add_patch(Rectangle((left + k * step, y - height / 2), step, height,
                               facecolor=colour, edgecolor="white", linewidth=2))
        if text and n_splits <= 6:
            ax.text(left + (k + 0.5) * step, y, "validate" if k == held_out else "train",
                    ha="center", va="center", color="white", fontsize=11)


def plot_kfold(n_splits=5, ax=None):
    """The picture of k-fold cross-validation: the training data cut into k folds; each round
    fits on k - 1 of them and scores on the one left out; the k scores are averaged. A test set,
    set aside before any of it, is drawn apart."""
    if not isinstance(n_splits, (int, np.integer)) or n_splits < 2:
        raise ValueError(f"n_splits must be an integer >= 2, got {n_splits!r}")
    if ax is None:
        ax = plt.subplots(figsize=(8.5, 0.55 * n_splits + 1.4))[1]
    colours = (PALETTE[0], PALETTE[1])
    for i in range(n_splits):
        y = n_splits - i
        _fold_row(ax, y, n_splits, i, colours, width=0.8)
        ax.text(-0.02, y, f"round {i + 1}", ha="right", va="center")
        ax.text(0.82, y, f"score {i + 1}", ha="left", va="center")
    ax.add_patch(Rectangle((0.97, 0.65), 0.16, n_splits - 0.3, facecolor="0.45",
                           edgecolor="white"))
    ax.text(1.05, (n_splits + 1) / 2, "test set:\nnot used\nfor tuning", ha="center",
            va="center", color="white", fontsize=11)
    ax.text(0.4, 0.2, f"CV score = mean of the {n_splits} scores", ha="center", va="center",
            fontweight="bold")
    ax.set_xlim(-0.15, 1.14)
    ax.set_ylim(-0.2, n_splits + 0.6)
    ax.set_axis_off()
    ax.set_title(f"{n_splits}-fold cross-validation: every training point is validated once")
    return ax


def plot_nested_cv(n_outer=5, n_inner=3, ax=None):
    """The picture of nested cross-validation: an outer loop whose held-out fold scores the whole
    tuning procedure, and, inside each outer training part, an inner k-fold that does the tuning.
    The outer fold is never seen by the inner search: that is why its score is not optimistic."""
    for name, value in (("n_outer", n_outer), ("n_inner", n_inner)):
        if not isinstance(value, (int, np.integer)) or value < 2:
            raise ValueError(f"{name} must be an integer >= 2, got {value!r}")
    if ax is None:
        ax = plt.subplots(figsize=(9, 0.55 * (n_outer + n_inner) + 1.6))[1]
    outer, inner = (PALETTE[0], PALETTE[3]), ("#8FB8DE", PALETTE[1])
    for i in range(n_outer):  # the outer rounds, on top
        _fold_row(ax, n_outer + n_inner + 1 - i, n_outer, i, outer, text=False)
        ax.text(-0.02, n_outer + n_inner + 1 - i, f"outer {i + 1}", ha="right", va="center")
    ax.text(1.02, n_outer + n_inner + 1 - (n_outer - 1) / 2,
            "held-out fold (red)\nscores the tuned\nmodel: averaged,\nthis is the estimate",
            ha="left", va="center", fontsize=11)
    step = 1 / n_outer  # zoom into outer round 1's training part: the inner search lives there
    for j in range(n_inner):
        _fold_row(ax, n_inner - j, n_inner, j, inner, left=step, width=1 - step, text=False)
        ax.text(-0.02, n_inner - j, f"inner {j + 1}", ha="right", va="center")
    ax.add_patch(Rectangle((0, 0.65), step, n_inner - 0.3, facecolor="none", edgecolor="0.5",
                           linestyle="--"))
    ax.text(step / 2, (n_inner + 1) / 2, "never\nseen", ha="center", va="center",
            color="0.3", fontsize=11)
    ax.text(1.02, (n_inner + 1) / 2, "inner CV on outer\nround 1's training part\n"
            "chooses the\nhyperparameters", ha="left", va="center", fontsize=11)
    ax.annotate("", xy=(0.6, n_inner + 0.45), xytext=(0.6, n_outer + n_inner + 1 - n_outer + 0.6),
                arrowprops={"arrowstyle": "->", "color": "0.3"})
    ax.set_xlim(-0.2, 1.35)
    ax.set_ylim(0.2, n_outer + n_inner + 1.6)
    ax.set_axis_off()
    ax.set_title("Nested cross-validation: tune inside, judge outside")
    return ax


def plot_projections(designs, important, unimportant=None, title=None, levels=15):
    """Bergstra & Bengio's picture of why a grid wastes trials when few hyperparameters matter.

    `designs` maps a name to an (n, 2) array of points in the unit square [0, 1]^2 (a grid, a
    random sample, ...). Each design gets a panel: its points over the contours of the loss
    `important(x) + unimportant(y)`, a strip on top with the loss along x alone and the design's
    x values marked on it, and a strip on the right with the loss along y alone. The top strip's
    title counts the distinct x values the design tries, which is what decides how close it can
    get to the minimum along the x that matters. `important` and `unimportant` take and return
    NumPy arrays (`unimportant` defaults to zero). Returns a dict of axes: `name` for each main
    panel, `name + " top"` and `name + " side"` for its strips.
    """
    if not designs:
        raise ValueError("designs must name at least one point set")
    points_by_name = {}
    for name, points in designs.items():
        points = np.asarray(points, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
            raise ValueError(f"designs[{name!r}] must be an (n, 2) array, got shape "
                             f"{points.shape}")
        if points.min() < 0 or points.max() > 1:
            raise ValueError(f"designs[{name!r}] has points outside the unit square")
        points_by_name[name] = points
    if unimportant is None:
        def unimportant(y):
            return np.zeros_like(np.asarray(y, dtype=float))
    names = list(points_by_name)
    mosaic = [sum(([f"{n} top", "."] for n in names), []),
              sum(([n, f"{n} side"] for n in names), [])]
    fig, axes = plt.subplot_mosaic(mosaic, figsize=(5 * len(names), 5.2),
                                   width_ratios=[4, 1] * len(names), height_ratios=[1, 3.2])
    t = np.linspace(0, 1, 400)
    xx, yy = np.meshgrid(t, t)
    for i, name in enumerate(names):
        points, colour = points_by_name[name], PALETTE[(0, 3, 2, 4)[i % 4]]
        ax, top, side = axes[name], axes[f"{name} top"], axes[f"{name} side"]
        ax.contourf(xx, yy, important(xx) + unimportant(yy), levels=levels, cmap="viridis",
                    alpha=0.7)
        ax.scatter(*points.T, s=70, color=colour, edgecolor="white", zorder=3)
        ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="important hyperparameter")
        if i == 0:  # one label for the row; later panels drop theirs, clear of the strip beside
            ax.set_ylabel("unimportant hyperparameter")
        else:
            ax.tick_params(labelleft=False)
        ax.grid(False)
        top.plot(t, important(t), color="black", linewidth=1)
        top.scatter(points[:, 0], important(points[:, 0]), s=50, color=colour, zorder=3)
        top.set(xlim=(0, 1), xticks=[], yticks=[], ylabel="loss",
                title=f"{name}: {len(np.unique(points[:, 0]))} distinct values")
        side.plot(unimportant(t), t, color="black", linewidth=1)
        side.scatter(unimportant(points[:, 1]), points[:, 1], s=50, color=colour, zorder=3)
        # the side strip on the top strip's loss scale, so a flat loss looks flat
        span = max(np.ptp(important(t)), np.ptp(unimportant(t)))
        centre = (np.max(unimportant(t)) + np.min(unimportant(t))) / 2
        side.set(ylim=(0, 1), xlim=(centre - span / 2, centre + span / 2), xticks=[], yticks=[],
                 xlabel="loss")
    if title:
        fig.suptitle(title, fontweight="bold")
    return axes


def plot_cell_coverage(designs, k=8, title=None):
    """How evenly point sets fill the unit square: each design (a name -> an (n, 2) array of
    points in [0, 1]^2) in its own panel, over a k x k partition of the square whose empty cells
    are shaded grey; each panel's title counts them. Low-discrepancy designs (Sobol points)
    leave fewer empty cells than independent random points. Returns the axes, one per design.
    """
    if not designs:
        raise ValueError("designs must name at least one point set")
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    fig, axes = plt.subplots(1, len(designs), figsize=(4.6 * len(designs), 4.8), squeeze=False)
    for i, (ax, (name, points)) in enumerate(zip(axes[0], designs.items())):
        points = np.asarray(points, dtype=float)
        if points.ndim != 2 or points.shape[1] != 2:
            raise ValueError(f"designs[{name!r}] must be an (n, 2) array, got shape "
                             f"{points.shape}")
        if len(points) and (points.min() < 0 or points.max() > 1):
            raise ValueError(f"designs[{name!r}] has points outside the unit square")
        filled = {tuple(c) for c in np.minimum(np.floor(points * k), k - 1).astype(int)}
        for a in range(k):
            for b in range(k):
                if (a, b) not in filled:
                    ax.add_patch(Rectangle((a / k, b / k), 1 / k, 1 / k, color="0.85",
                                           zorder=0))
        ax.scatter(*points.T, s=22, color=PALETTE[(0, 3, 2, 4)[i % 4]],
                   zorder=3)
        ax.set(xlim=(0, 1), ylim=(0, 1), aspect="equal", xticks=np.linspace(0, 1, k + 1),
               yticks=np.linspace(0, 1, k + 1), xticklabels=[], yticklabels=[],
               title=f"{name}: {k * k - len(filled)} empty cells")
        ax.grid(True, color="0.5", alpha=0.5)
        ax.spines[["top", "right"]].set_visible(True)
    if title:
        fig.suptitle(title, fontweight="bold")
    return list(axes[0])


def plot_histograms(samples, bins=30, xlabel=None, ylabel=None, density=False, ax=None):
    """Overlaid histograms of a few samples of one quantity, each with a dashed line at its mean
    and its mean in the legend: two distributions (a reported and a real error, one estimator
    and another) compared at a glance.

    `samples` maps a label to a 1-D array of values. `bins` is a number of equal bins over the
    pooled range, or the bin edges, shared by every sample. `density=True` scales each histogram
    to unit area, so samples of different sizes compare. Room is left above the bars for the
    legend, so it never covers them. Returns the axes.
    """
    if not samples:
        raise ValueError("samples must map at least one label to values")
    arrays = {}
    for label, values in samples.items():
        values = np.asarray(values, dtype=float).ravel()
        if values.size == 0 or not np.all(np.isfinite(values)):
            raise ValueError(f"samples[{label!r}] must hold finite values, at least one")
        arrays[label] = values
    edges = np.histogram_bin_edges(np.concatenate(list(arrays.values())), bins=bins)
    ax = _axes(ax)
    tallest = 0.0
    for i, (label, values) in enumerate(arrays.items()):
        heights = ax.hist(values, bins=edges, density=density, alpha=0.55,
                          color=PALETTE[i % len(PALETTE)],
                          label=f"{label} (mean {values.mean():.3g})")[0]
        tallest = max(tallest, heights.max())
    for i, values in enumerate(arrays.values()):  # mean lines stop below the legend
        ax.vlines(values.mean(), 0, 1.08 * tallest, color=PALETTE[i % len(PALETTE)],
                  linestyle="--", linewidth=2)
    ax.set_ylim(0, tallest * (1.2 + 0.12 * len(arrays)))
    ax.set_xlabel(xlabel or "")
    ax.set_ylabel(ylabel or ("density" if density else "count"))
    ax.legend(loc="upper right")
    return ax


def plot_regression_fits(models, X, y, titles=None, truth=None, title=None, n_points=400):
    """Fitted regression models of one feature, side by side over the same data (one panel per
    model, a shared y axis): the points, each model's prediction curve and, if `truth` (a
    function of x) is given, the true curve dashed. Under- and overfitting show at a glance.

    `models` are fitted estimators whose `predict` takes an (n, 1) array; `X` is that data as
    (n, 1) or (n,). `titles` name the panels, `title` the figure. The y axis is cut a little beyond the data, so a curve that swings off
    shows as leaving the panel instead of squashing the others. Returns the list of axes.
    """
    models = list(models)
    if not models:
        raise ValueError("models must hold at least one fitted estimator")
    x = np.asarray(X, dtype=float)
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ValueError(f"X must have one feature, shape (n,) or (n, 1), got {np.shape(X)}")
    y = np.asarray(y, dtype=float)
    if y.shape != x.shape:
        raise ValueError(f"y must have one value per row of X: {y.shape} vs {x.shape}")
    if titles is not None and len(titles) != len(models):
        raise ValueError(f"titles must name each of the {len(models)} models")
    grid = np.linspace(x.min(), x.max(), n_points)
    pad = 0.25 * (y.max() - y.min())
    fig, axes = plt.subplots(1, len(models), figsize=(min(4.2 * len(models), 12.5), 4.2),
                             sharey=True, squeeze=False, layout="constrained")
    axes = list(axes[0])
    for i, (ax, model) in enumerate(zip(axes, models)):
        ax.scatter(x, y, color=PALETTE[0], s=16, alpha=0.6, label="data")
        if truth is not None:
            ax.plot(grid, truth(grid), color="black", linestyle="--", linewidth=1.2,
                    label="true curve")
        ax.plot(grid, model.predict(grid[:, None]), color=PALETTE[3], label="fitted")
        ax.set(xlabel="x", ylim=(y.min() - pad, y.max() + pad))
        if titles is not None:
            ax.set_title(titles[i], fontweight="normal")
    axes[0].set_ylabel("y")
    axes[0].legend(loc="lower right")
    if title:
        fig.suptitle(title, fontweight="bold")
    return axes


def plot_decision_boundaries(estimator, X, y, row_param, row_values, col_param, col_values,
                             scores=None, best="min", score_label=None, features=(0, 1),
                             n_shown=200, resolution=100, panel_size=1.5, seed=0):
    """Small multiples of the decision boundary a classifier learns: one panel per setting of
    two hyperparameters, `row_param` varying down the rows and `col_param` across the columns.

    Each panel fits a clone of `estimator` with the panel's two hyperparameters set, on all of
    (X, y), and colours the class it predicts over the plane of the two `features`, every other
    feature held at its mean. That plane is a slice: a model can also use, and overfit, features
    the picture does not show, so judge a setting by its validation score, not by the picture.
    A seeded subset of `n_shown` points is drawn on top. `scores` (shape (len(row_values),
    len(col_values))), if given, titles each panel (after `score_label`, if given), and where a
    row has several panels its best one (`best`: "min", "max" or None) gets a bold title and a
    thick frame: the best `col_param` at that row's `row_param`. Returns the figure and the
    (n_rows, n_cols) array of axes.
    """
    from matplotlib.colors import ListedColormap
    from sklearn.base import clone

    X, y = np.asarray(X, dtype=float), np.asarray(y)
    n_rows, n_cols = len(row_values), len(col_values)
    if scores is not None:
        scores = np.asarray(scores, dtype=float)
        if scores.shape != (n_rows, n_cols):
            raise ValueError(f"scores must have shape (len(row_values), len(col_values)) = "
                             f"({n_rows}, {n_cols}), got {scores.shape}")
    if best not in ("min", "max", None):
        raise ValueError(f"best must be 'min', 'max' or None, got {best!r}")
    f0, f1 = features
    lows, highs = X[:, [f0, f1]].min(axis=0), X[:, [f0, f1]].max(axis=0)
    pad = 0.05 * (highs - lows)
    u, v = np.meshgrid(np.linspace(lows[0] - pad[0], highs[0] + pad[0], resolution),
                       np.linspace(lows[1] - pad[1], highs[1] + pad[1], resolution))
    plane = np.tile(X.mean(axis=0), (u.size, 1))
    plane[:, f0], plane[:, f1] = u.ravel(), v.ravel()
    classes = np.unique(y)
    colours = [PALETTE[k % len(PALETTE)] for k in range(len(classes))]
    shown = np.random.default_rng(seed).permutation(len(X))[:n_shown]
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, sharex=True, sharey=True,
                             layout="constrained",
                             figsize=(panel_size * n_cols + 0.7, (panel_size + 0.3) * n_rows + 0.5))
    label = (lambda value: f"{value:g}" if isinstance(value, (float, np.floating)) else str(value))
    for i, row_value in enumerate(row_values):
        for j, col_value in enumerate(col_values):
            ax = axes[i, j]
            model = clone(estimator).set_params(**{row_param: row_value, col_param: col_value})
            predicted = model.fit(X, y).predict(plane).reshape(u.shape)
            index = np.searchsorted(classes, predicted)          # class -> 0, 1, ...
            ax.contourf(u, v, index, levels=np.arange(len(classes) + 1) - 0.5,
                        cmap=ListedColormap(colours), alpha=0.25)
            if len(np.unique(index)) > 1:
                ax.contour(u, v, index, levels=np.arange(len(classes) - 1) + 0.5,
                           colors="black", linewidths=1.5)
            for k, colour in enumerate(colours):
                keep = shown[y[shown] == classes[k]]
                ax.scatter(X[keep, f0], X[keep, f1], s=6, color=colour)
            if scores is not None:
                ax.set_title(f"{score_label + ' ' if score_label else ''}{scores[i, j]:.3f}",
                             fontsize=12, fontweight="normal", pad=3)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            ax.set_aspect("equal")
        axes[i, 0].set_ylabel(f"{row_param} = {label(row_value)}")
        if scores is not None and best is not None and n_cols > 1:
            top = axes[i, (np.argmin if best == "min" else np.argmax)(scores[i])]
            top.title.set_fontweight("bold")
            for spine in top.spines.values():
                spine.set(visible=True, color=PALETTE[3], linewidth=3)
    for j, col_value in enumerate(col_values):
        axes[-1, j].set_xlabel(f"{col_param} = {label(col_value)}")
    return fig, axes


# ---- comparing methods: ranks across problems, and a decision guide drawn as a flowchart ----

def plot_suite_curves(frame, problems=None, x="wall_seconds", y="regret", n_cols=3,
                      band=(25, 75), title=None, panel_size=(4.2, 3.0)):
    """One panel per problem of a benchmark suite's results: for each method, the median of `y`
    (regret: lower is better) against the median of `x` (seconds, or evaluations) at each
    budget checkpoint, over the seeds, with a band from the `band` percentiles of `y`.

    `frame` is a pandas DataFrame with one row per (problem, method, seed, budget) and the
    columns problem, method, budget, `x` and `y` (rows of one worker count: filter it first).
    Both axes are logarithmic; `y` is drawn on a symmetric-log scale, so a regret of exactly 0
    (a table's optimum found) stays on the figure. A method keeps its colour in every panel.
    Returns {problem: Axes}."""
    missing = {"problem", "method", "budget", x, y} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks the columns {sorted(missing)}")
    problems = list(dict.fromkeys(frame["problem"])) if problems is None else list(problems)
    if not problems:
        raise ValueError("no problems to draw")
    methods = list(dict.fromkeys(frame["method"]))
    colours = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(methods)}
    n_rows = -(-len(problems) // n_cols)
    fig, axes = plt.subplots(n_rows, n_cols, squeeze=False, layout="constrained",
                             figsize=(panel_size[0] * n_cols, panel_size[1] * n_rows + 0.8))
    panels = {}
    for ax, problem in zip(axes.flat, problems):
        rows = frame[frame["problem"] == problem]
        if rows.empty:
            raise ValueError(f"no rows for the problem {problem!r}")
        positive = rows[y][rows[y] > 0]
        for method, runs in rows.groupby("method", sort=False):
            at = runs.groupby("budget")
            xs, med = at[x].median().to_numpy(), at[y].median().to_numpy()
            low, high = (at[y].quantile(q / 100).to_numpy() for q in band)
            ax.plot(xs, med, marker="o", markersize=4, color=colours[method], label=method)
            ax.fill_between(xs, low, high, color=colours[method], alpha=0.15, linewidth=0)
        ax.set_xscale("log")
        ax.set_yscale("symlog", linthresh=float(positive.quantile(0.05)) if len(positive) else 1)
        ax.set_ylim(bottom=0)                      # a regret is never negative
        for axis in (ax.xaxis, ax.yaxis):  # plain numbers: no mathtext to typeset per tick
            axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            axis.set_minor_formatter(NullFormatter())
        ax.set_title(problem, fontsize=11)
        panels[problem] = ax
    for ax in list(axes.flat)[len(problems):]:
        ax.set_axis_off()
    for ax in axes[-1, :]:
        ax.set_xlabel(x.replace("_", " "))
    for ax in axes[:, 0]:
        ax.set_ylabel(y.replace("_", " "))
    handles = [plt.Line2D([], [], color=colours[m], marker="o", label=m) for m in methods]
    fig.legend(handles=handles, loc="outside lower center", ncol=min(len(methods), 7),
               fontsize=10)
    if title:
        fig.suptitle(title, fontweight="bold")
    return panels


def plot_decision_guide(steps, otherwise, ax=None, title=None, figsize=(13, 7.5)):
    """A decision guide as a ladder of questions: `steps` is a list of (question, answer) pairs,
    asked top to bottom; "yes" leads right to the answer, "no" down to the next question, and
    after the last question, "no" leads to `otherwise` (an answer). Answers may run to several
    lines (the recommendation, then the measurement behind it). The labels "yes" and "no" sit
    beside their arrows, never on them: above a rightward arrow, right of a downward one.
    Returns the Axes; each box is a Text with gid "q<i>" / "a<i>" / "otherwise", each arrow a
    FancyArrowPatch with gid "yes<i>" / "no<i>", each label a Text with the same gid + "-label".
    """
    from matplotlib.patches import FancyArrowPatch

    if not steps:
        raise ValueError("steps must hold at least one (question, answer) pair")
    if ax is None:
        ax = plt.subplots(figsize=figsize)[1]
    ax.set_axis_off()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    question = dict(boxstyle="round,pad=0.45", facecolor="#F2F2F2", edgecolor="0.3")
    answer = dict(boxstyle="square,pad=0.45", facecolor=PALETTE[5], alpha=0.3,
                  edgecolor=PALETTE[0])
    n = len(steps)
    ys = np.linspace(0.86, 0.08, n + 1)           # one row per question, the last for `otherwise`
    x_question, x_answer = 0.17, 0.42             # question centres; answers start at x_answer
    texts = []
    for i, (q, a) in enumerate(steps):
        texts.append(ax.text(x_question, ys[i], q, ha="center", va="center", fontsize=10.5,
                             bbox=question, gid=f"q{i}", zorder=3))
        texts.append(ax.text(x_answer, ys[i], a, ha="left", va="center", fontsize=10,
                             bbox=answer, gid=f"a{i}", zorder=3, linespacing=1.3))
    texts.append(ax.text(x_question, ys[n], otherwise, ha="center", va="center", fontsize=10,
                         bbox=answer, gid="otherwise", zorder=3, linespacing=1.3))
    renderer = ax.figure.canvas.get_renderer()
    to_data = ax.transData.inverted()

    def edges(text):                              # (left, bottom, right, top) in axes units
        text.update_bbox_position_size(renderer)
        (left, bottom), (right, top) = to_data.transform(
            text.get_bbox_patch().get_window_extent(renderer).get_points())
        return left, bottom, right, top

    def arrow(tail, head, gid, label, side):
        ax.add_patch(FancyArrowPatch(tail, head, arrowstyle="-|>", mutation_scale=14,
                                     color="0.35", linewidth=1.4, zorder=1, shrinkA=0,
                                     shrinkB=0, gid=gid))
        mid = ((tail[0] + head[0]) / 2, (tail[1] + head[1]) / 2)
        where = ({"xy": (mid[0], mid[1] + 0.012), "ha": "center", "va": "bottom"} if side == "above"
                 else {"xy": (mid[0] + 0.008, mid[1]), "ha": "left", "va": "center"})
        ax.text(*where.pop("xy"), label, fontsize=10, color="0.15", gid=f"{gid}-label", **where)

    for i in range(n):
        q_left, q_bottom, q_right, q_top = edges(texts[2 * i])
        a_left = edges(texts[2 * i + 1])[0]
        arrow((q_right, ys[i]), (a_left, ys[i]), f"yes{i}", "yes", "above")
        below = texts[2 * i + 2]
        arrow((x_question, q_bottom), (x_question, edges(below)[3]), f"no{i}", "no", "right")
    if title:
        ax.set_title(title, fontweight="bold")
    return ax
