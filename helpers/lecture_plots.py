"""Figures that one lecture draws to make its own point, apart from the shared style and the
figures that several notebooks draw (`helpers.plots`).

- 01: `plot_validation_curve`, `plot_kfold`, `plot_histograms`, `plot_regression_fits`
- 02: `plot_decision_boundaries`, `plot_scans`, `plot_ofat_path`
- 03: `plot_nested_cv`
- 04: `plot_parallel_coordinates`, `plot_projections`, `plot_cell_coverage`, `plot_regret_race`
- 05: `plot_prior_draws`, `plot_posterior`, `plot_acquisitions`, `plot_bo_rounds`,
  `plot_regret_panels`
- 06: `plot_populations`, `plot_regret_curves`
- 07: `plot_descent_path`, `plot_fits_to_precision`, `plot_median_curves`,
  `plot_validation_and_test`
- 08: `plot_learning_curves`, `plot_worker_timelines`
- 09: `plot_suite_curves`, `plot_decision_guide`, `plot_method_guide`
- 10: `plot_lr_curves`, `plot_lr_range_test`, `plot_batch_lr_surface`

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
           "plot_suite_curves", "plot_decision_guide", "plot_method_guide", "plot_lr_curves",
           "plot_lr_range_test", "plot_batch_lr_surface", "plot_learning_curves",
           "plot_worker_timelines", "plot_scans", "plot_ofat_path", "plot_regret_race",
           "plot_regret_curves", "plot_descent_path", "plot_fits_to_precision",
           "plot_median_curves", "plot_validation_and_test", "plot_prior_draws", "plot_posterior",
           "plot_acquisitions", "plot_bo_rounds", "plot_regret_panels"]


def plot_validation_curve(param_values, train_scores, val_scores, param_name, ax=None,
                          log_x=True, ylabel="error", lower_is_better=True, title=None,
                          ylim=None, legend_loc="best"):
    """Training and validation scores against one hyperparameter, mean +- one std over folds.

    `train_scores` and `val_scores` have shape (n_values, n_folds), as returned by
    `sklearn.model_selection.validation_curve`. The best validation value is marked. `title`,
    `ylim` (a (bottom, top) pair) and `legend_loc` set the axes' title, y-range and legend place.
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
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    ax.legend(loc=legend_loc)
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


def plot_populations(function, populations, titles, n_cols=3, levels=15, title=None):
    """Small multiples of a search's populations on a 2-D toy function's contours: one panel per
    population (an (n, 2) array in the function's own coordinates, or a list of params dicts),
    the contours of log(f - minimum + 0.1), the known minimisers as white stars, and `title`
    above all panels. Returns the axes, one per population, so a notebook can add to them."""
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
    for ax, points, panel_title in zip(axes.ravel(), populations, titles):
        if len(points) and isinstance(points[0], dict):
            points = [[p[name] for name in names] for p in points]
        points = np.asarray(points, dtype=float)
        ax.contourf(x1, x2, np.log(surface - function.minimum + 0.1), levels=levels,
                    cmap="viridis", alpha=0.75)
        ax.scatter(*points.T, s=24, color=PALETTE[1], edgecolor="black", linewidth=0.5,
                   zorder=3)
        ax.scatter(*minima.T, marker="*", s=120, color="white", edgecolor="black", zorder=4)
        ax.set_title(panel_title, fontsize=12)
        ax.grid(False)
    for ax in axes.ravel()[len(populations):]:
        ax.set_visible(False)
    fig.supxlabel(names[0])
    fig.supylabel(names[1])
    if title:
        fig.suptitle(title)
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


def plot_histograms(samples, bins=30, xlabel=None, ylabel=None, density=False, ax=None,
                    title=None):
    """Overlaid histograms of a few samples of one quantity, each with a dashed line at its mean
    and its mean in the legend: two distributions (a reported and a real error, one estimator
    and another) compared at a glance.

    `samples` maps a label to a 1-D array of values. `bins` is a number of equal bins over the
    pooled range, or the bin edges, shared by every sample. `density=True` scales each histogram
    to unit area, so samples of different sizes compare. Room is left above the bars for the
    legend, so it never covers them. `title` titles the axes. Returns the axes.
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
    if title:
        ax.set_title(title)
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


# --- notebook 09: the decision guide, drawn from the suite's measurements ---------------------

_GUIDE_GROUPS = ("tables", "numeric", "smooth", "noisy", "many", "mixed")


def plot_method_guide(part, evidence, groups, rho, on_tables, bo_limit, bo_batched, bo_200_seeds,
                      title=None, figsize=(13, 6.6)):
    """Notebook 09's decision guide in two figures, drawn with `plot_decision_guide`: `part` 1
    asks about a cheap fidelity, the evaluation time and the budget; `part` 2 chooses among the
    model-based methods by the kind of space. Every answer carries the measurement behind it.

    `evidence(method, problems, budget=50)` returns the text of a method's comparison with
    random search on those problems; `groups` maps "tables", "numeric", "smooth", "noisy",
    "many" and "mixed" to lists of problems; `rho` maps each table to the Spearman correlation
    of its lowest fidelity with the full one; `on_tables` has one row (method, problem, budget)
    per comparison a method won on a table; `bo_limit` is BO's largest break-even (seconds per
    evaluation) on the smooth toy functions; `bo_batched` holds the verdicts of BO with 4
    workers against 1, one per problem; `bo_200_seeds` is how many seeds BO ran to 200
    evaluations. Returns the Axes."""
    if part not in (1, 2):
        raise ValueError(f"part must be 1 or 2, got {part!r}")
    missing = [g for g in _GUIDE_GROUPS if g not in groups]
    if missing:
        raise ValueError(f"groups lacks {missing}")
    if part == 1:
        wins = ", ".join(f"{r.method} on {r.problem} at {r.budget}" for r in on_tables.itertuples())
        steps = [(f"A cheap fidelity that ranks\nconfigurations? (tables: Spearman\n"
                  f"{min(rho.values()):.2f} to {max(rho.values()):.2f}, lowest vs full)",
                  "Hyperband, or random search: on the tables' test errors, better than random "
                  f"search only\n{wins or 'none'}\nHyperband {evidence('hyperband', groups['tables'])}"
                  "\nwould decide: larger tables and test sets"),
                 ("One evaluation faster than\nthe break-even?",
                  "Random search, many more evaluations\nBO's break-even at 50 evaluations: "
                  f"below {bo_limit:.2g} s on each smooth toy function"),
                 ("200 evaluations or more,\nall numeric?",
                  f"Evolution (CMA-ES)\n{evidence('evolution', groups['numeric'], 200)}\nBO ran to "
                  f"200 evaluations on only {bo_200_seeds} of 50 seeds (its model fits grow): "
                  "more would decide")]
        otherwise = "By the space and the noise:\nthe next figure"
        title = title or "Choosing a method (1 of 2): every branch is a measurement above"
    else:
        hard = list(groups["noisy"]) + list(groups["many"])
        worse = sum(v == "worse" for v in bo_batched)
        steps = [("At most 6 dimensions,\nno noise?",
                  f"Bayesian optimisation or TPE\nBO {evidence('bayes', groups['smooth'])}\n"
                  f"TPE {evidence('optuna-tpe', groups['smooth'])}\nBO with 4 workers: worse than "
                  f"with 1 on {worse} of {len(bo_batched)} problems at 50 evaluations (Holm)"),
                 ("Noisy, or 10 or more\ndimensions?",
                  f"Evolution (CMA-ES) or TPE\nCMA-ES {evidence('evolution', hard)}\n"
                  f"TPE {evidence('optuna-tpe', hard)}")]
        otherwise = (f"Mixed space: BO or TPE\nBO {evidence('bayes', groups['mixed'])}\n"
                     f"TPE {evidence('optuna-tpe', groups['mixed'])}")
        title = title or "Choosing a method (2 of 2): model-based methods by the kind of space"
    return plot_decision_guide(steps, otherwise, title=title, figsize=figsize)


# --- notebook 10: the learning rate, the range test, batch size with rate ----------------------

def plot_lr_curves(curves, reference=float(np.log(10)), title=None, ax=None, ylim=(1e-3, 20)):
    """Training curves for several learning rates: `curves` maps a rate to its training loss
    after each epoch (epochs 1, 2, ...), drawn on a log scale in the course's palette. A
    diverged epoch (nan or inf) is drawn above the top of the axes, so a blown-up run leaves
    the figure instead of vanishing from it. `reference` draws a dotted line: uniform guessing
    over ten classes (ln 10) by default; None draws none. Returns the Axes."""
    if not curves:
        raise ValueError("curves must hold at least one rate")
    if ax is None:
        ax = plt.subplots(figsize=(8, 3.8))[1]
    for i, (rate, losses) in enumerate(curves.items()):
        if not rate > 0:
            raise ValueError(f"a learning rate must be positive, got {rate!r}")
        losses = np.nan_to_num(np.asarray(losses, dtype=float), nan=1e3, posinf=1e3)
        ax.plot(np.arange(1, len(losses) + 1), losses, marker="o", markersize=3,
                color=PALETTE[i % len(PALETTE)], label=f"rate {rate:g}")
    if reference is not None:
        ax.axhline(reference, color="black", linestyle=":", label="uniform guessing")
    ax.set(yscale="log", ylim=ylim, xlabel="epoch", ylabel="training loss (log scale)")
    ax.legend(ncol=2, fontsize="small")
    if title:
        ax.set_title(title, fontweight="bold")
    return ax


def plot_lr_range_test(rates, losses, smoothed, grid_rates, grid_losses, pick, title=None,
                       ax=None, ylim=(0.03, 30)):
    """The learning-rate range test beside a grid: each mini-batch's loss against the rate it
    was trained at (`rates`, `losses`), its smoothed curve (`smoothed`), the grid's validation
    losses (`grid_rates`, `grid_losses`) and the picked rate as a dotted vertical line. Both
    axes are logarithmic; a diverged loss (nan or inf) is drawn above the top. Returns the
    Axes."""
    rates, losses, smoothed = (np.asarray(a, dtype=float) for a in (rates, losses, smoothed))
    if not len(rates) == len(losses) == len(smoothed):
        raise ValueError(f"rates, losses and smoothed must have one value per mini-batch, got "
                         f"{len(rates)}, {len(losses)} and {len(smoothed)}")
    if len(grid_rates) != len(grid_losses):
        raise ValueError(f"grid_rates and grid_losses differ in length: {len(grid_rates)} and "
                         f"{len(grid_losses)}")
    if not pick > 0:
        raise ValueError(f"pick must be a positive learning rate, got {pick!r}")
    if ax is None:
        ax = plt.subplots(figsize=(8, 3.8))[1]
    clip = dict(nan=1e3, posinf=1e3)
    ax.plot(rates, np.nan_to_num(losses, **clip), color=PALETTE[0], alpha=0.35,
            label="range test: loss of each mini-batch")
    ax.plot(rates, np.nan_to_num(smoothed, **clip), color=PALETTE[0], label="range test, smoothed")
    ax.plot(grid_rates, np.nan_to_num(np.asarray(grid_losses, dtype=float), **clip), "s--",
            color=PALETTE[1], label="grid: validation loss after 10 epochs")
    ax.axvline(pick, color="black", linestyle=":", label=f"pick: a third of the lowest ({pick:.2f})")
    ax.set(xscale="log", yscale="log", ylim=ylim, xlabel="learning rate (log scale)",
           ylabel="loss (log scale)")
    ax.legend(fontsize="small", loc="upper left")
    if title:
        ax.set_title(title, fontweight="bold")
    return ax


def plot_batch_lr_surface(surface, rates, batches, title=None, ax=None,
                          colorbar_label="validation loss after 6 epochs (log)"):
    """A loss surface over learning rate (columns) and batch size (rows), `surface[i, j]` for
    `batches[i]` and `rates[j]`, with the best rate of each batch size (white dots) and the
    line the linear scaling rule draws from the smallest batch's best rate (dashed). Returns
    the Axes; its lines are the best rates ("best rate per batch size") and the rule's line."""
    from .plots import plot_heatmap

    surface = np.asarray(surface, dtype=float)
    rates, batches = np.asarray(rates, dtype=float), np.asarray(batches)
    if np.any(np.diff(batches) <= 0) or batches[0] <= 0:
        raise ValueError(f"batches must be positive and increasing, got {batches.tolist()}")
    ax = plot_heatmap(surface, rates, batches, "learning rate (log scale)",
                      "batch size (log scale)", ax=ax, colorbar_label=colorbar_label,
                      log_color=True, mark=None)
    best = rates[np.argmin(surface, axis=1)]
    ax.plot(best, batches, "o-", color="white", label="best rate per batch size")
    ax.plot(best[0] * batches / batches[0], batches, "--", color="white",
            label=f"linear scaling from batch {batches[0]}")
    ax.set_xlim(rates[0] / 1.5, rates[-1] * 1.5)
    ax.set_yticks(batches, [str(b) for b in batches])
    ax.minorticks_off()
    ax.legend(loc="lower left", fontsize="small")
    if title:
        ax.set_title(title, fontweight="bold")
    return ax


def plot_learning_curves(budgets, curves, labels=None, xlabel="budget (log scale)",
                         ylabel="validation error (log scale)", title=None, ax=None):
    """Notebook 08: one learning curve per configuration, `curves[i, j]` its error at
    `budgets[j]`, on log axes with the budgets as ticks. `labels` (one per curve) makes a
    legend. Returns the Axes (its lines are the curves, in order)."""
    budgets, curves = np.asarray(budgets), np.asarray(curves, dtype=float)
    if curves.ndim != 2 or curves.shape[1] != len(budgets) or len(budgets) < 2:
        raise ValueError(f"curves must have one column per budget ({len(budgets)}, at least "
                         f"2), got shape {curves.shape}")
    if np.any(budgets <= 0) or np.any(curves <= 0):
        raise ValueError(f"budgets and errors must be positive on log axes, got budgets "
                         f"{budgets.tolist()} and a smallest error of {curves.min()}")
    if labels is not None and len(labels) != len(curves):
        raise ValueError(f"labels must name the {len(curves)} curves, got {len(labels)}")
    ax = ax if ax is not None else plt.subplots(figsize=(8, 3.6))[1]
    for i, curve in enumerate(curves):
        ax.plot(budgets, curve, marker="o", color=PALETTE[i % len(PALETTE)],
                label=None if labels is None else labels[i])
    ax.set(xscale="log", yscale="log", xlabel=xlabel, ylabel=ylabel)
    ax.set_xticks(budgets, [f"{b:g}" for b in budgets])
    ticks = [t for t in (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1)
             if curves.min() / 1.5 <= t <= curves.max() * 1.5]
    ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    if labels is not None:
        ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    return ax


def plot_worker_timelines(runs, n_workers, rungs, unit="epochs", title=None):
    """Notebook 08: what simulated workers did, one panel per run (`runs` maps a panel name to
    `(jobs, until)`, jobs as `(worker, start, end, rung)`), one row per worker, one bar per job
    coloured by its rung (`rungs`: each rung's budget, in `unit`), the time axis cut at
    `until`. Each panel's title gives the share of worker-time spent idle before `until`.
    Returns the list of Axes."""
    rung_labels = [f"{budget:g} {unit.rstrip('s') if budget == 1 else unit}" for budget in rungs]
    if not runs:
        raise ValueError("runs must hold at least one run, got none")
    for name, (jobs, until) in runs.items():
        bad = [job for job in jobs if not (0 <= job[0] < n_workers and job[1] <= job[2]
                                           and 0 <= job[3] < len(rung_labels))]
        if bad or not until > 0:
            raise ValueError(f"runs[{name!r}]: jobs need a worker below {n_workers}, start <= "
                             f"end and a rung below {len(rung_labels)}, until > 0; got "
                             f"{bad[:1] or until}")
    fig, axes = plt.subplots(len(runs), 1, figsize=(10, 1.0 + 0.42 * n_workers * len(runs)),
                             sharex=True, squeeze=False)
    for ax, (name, (jobs, until)) in zip(axes[:, 0], runs.items()):
        busy = sum(min(end, until) - start for _, start, end, _ in jobs if start < until)
        for worker, start, end, rung in jobs:
            if start < until:
                ax.broken_barh([(start, min(end, until) - start)], (worker - 0.4, 0.8),
                               facecolor=PALETTE[rung % len(PALETTE)], edgecolor="white",
                               linewidth=0.5)
        ax.set_yticks(range(n_workers), [f"worker {w + 1}" for w in range(n_workers)])
        ax.set_ylim(n_workers - 0.5, -0.5)
        ax.set_xlim(0, until)
        ax.set_title(f"{name}: workers idle {1 - busy / (n_workers * until):.0%} of the time",
                     loc="left", fontsize="medium")
        ax.grid(False)
    axes[-1, 0].set_xlabel("time (seconds of training, from the table)")
    handles = [Rectangle((0, 0), 1, 1, color=PALETTE[k % len(PALETTE)])
               for k in range(len(rung_labels))]
    fig.legend(handles, rung_labels, loc="lower center", ncol=len(rung_labels),
               fontsize="small", frameon=False)
    if title:
        fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return list(axes[:, 0])


# --- notebook 02: scans of one hyperparameter, and one-factor-at-a-time on the joint grid ---

def plot_scans(scans, xlabel, ylabel="5-fold CV error", title=None, ax=None, log_x=True):
    """Several scans of one hyperparameter on one (log) axis: `scans` maps a label to
    `(values, errors)`. The first scan is drawn as a line with dots, the others as large open
    markers, so that points the scans share stay visible. Returns the Axes."""
    if not scans:
        raise ValueError(f"scans must name at least one scan, got {scans!r}")
    ax = _axes(ax)
    markers = "sD^v"
    for k, (label, (values, errors)) in enumerate(scans.items()):
        values, errors = np.asarray(values, dtype=float), np.asarray(errors, dtype=float)
        if values.shape != errors.shape or values.ndim != 1 or len(values) == 0:
            raise ValueError(f"scan {label!r} needs as many errors as values, got "
                             f"{values.shape} and {errors.shape}")
        if log_x and np.any(values <= 0):
            raise ValueError(f"scan {label!r} has values <= 0 on a log axis: {values.min()}")
        if k == 0:
            ax.plot(values, errors, "o-", color=PALETTE[0], label=label)
        else:
            ax.plot(values, errors, markers[(k - 1) % len(markers)], color=PALETTE[3],
                    markersize=9, markerfacecolor="none", markeredgewidth=2, label=label)
    if log_x:
        ax.set_xscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title:
        ax.set_title(title)
    ax.legend()
    return ax


def plot_ofat_path(values, levels, evaluated, start, stop, title=None, ax=None,
                   colorbar_label="CV error (log scale)"):
    """One-factor-at-a-time on the joint grid: the heatmap of every combination (log colours,
    `helpers.plots.plot_heatmap`, its best cell circled), the points OFAT evaluated (white
    dots), where it started (square) and where it stopped (cross).

    `levels` maps the two hyperparameters' names to their levels, the first along x;
    `values[(x, y)]` is the error of that combination; `evaluated`, `start` and `stop` are
    configurations as dicts of the two names. Returns the Axes."""
    from .plots import _heatmap_legend, plot_heatmap

    if len(levels) != 2:
        raise ValueError(f"levels must name two hyperparameters, got {list(levels)}")
    (x_name, xs), (y_name, ys) = levels.items()
    missing = [(x, y) for y in ys for x in xs if (x, y) not in values]
    if missing:
        raise ValueError(f"values has no error for {missing[0]} ({x_name}, {y_name})")
    points = [*evaluated, start, stop]
    off = [p for p in points if p[x_name] not in xs or p[y_name] not in ys]
    if off:
        raise ValueError(f"a point is not on the grid's levels: {off[0]}")
    if ax is None:
        ax = plt.subplots(figsize=(7.5, 5.6))[1]
    grid = np.array([[values[x, y] for x in xs] for y in ys])
    plot_heatmap(grid, np.asarray(xs), np.asarray(ys), x_name, y_name, ax=ax, log_color=True,
                 colorbar_label=colorbar_label)
    ax.plot([p[x_name] for p in evaluated], [p[y_name] for p in evaluated], "o", color="white",
            markersize=5, linestyle="none", label=f"evaluated by OFAT ({len(evaluated)})")
    ax.plot(start[x_name], start[y_name], "s", color=PALETTE[3], markersize=11,
            label="OFAT starts")
    ax.plot(stop[x_name], stop[y_name], "X", color=PALETTE[3], markersize=14,
            label="OFAT stops")
    _heatmap_legend(ax)
    if title:
        ax.set_title(title)
    return ax


def plot_regret_race(curves, fixed=None, ax=None, title=None,
                     ylabel="regret (best so far - minimum)"):
    """Notebook 04's race at equal budget: the best-so-far regret of searches run over seeds
    (median and quartile band per method, as `helpers.plot_best_so_far` draws them) beside
    searches that have no spread over seeds, such as a grid (`fixed`: label -> one best-so-far
    array, drawn as a single line marked "deterministic"). The y axis is logarithmic, with room
    above the curves for the legend. Returns the Axes."""
    from .plots import plot_best_so_far

    fixed = dict(fixed or {})
    if not curves and not fixed:
        raise ValueError("curves and fixed are both empty: there is nothing to draw")
    for label, curve in fixed.items():
        curve = np.asarray(curve, dtype=float)
        if curve.ndim != 1 or curve.size == 0 or np.any(curve <= 0):
            raise ValueError(f"fixed[{label!r}] must be a non-empty 1-D array of regrets > 0 "
                             f"(a log axis), got {curve!r}")
    ax = plot_best_so_far(curves, ax=ax, log_y=True) if curves else _axes(ax)
    for i, (label, curve) in enumerate(fixed.items()):
        colour = PALETTE[(len(curves) + i) % len(PALETTE)]  # after the searches' colours
        ax.plot(np.arange(1, len(curve) + 1), curve, color=colour,
                label=f"{label} (deterministic)")
    ax.set_yscale("log")
    low, high = ax.get_ylim()
    ax.set_ylim(low, high * (high / low) ** 0.45)  # the top third is left to the legend
    ax.legend(loc="upper right")
    ax.set_xlabel("trials (objective evaluations)")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


_LINE_STYLES = ["-", "--", "-.", ":"]


def plot_regret_curves(curves, title=None, ylabel="regret (best so far - minimum)",
                       band=(25, 75), ax=None):
    """Notebook 06's comparisons at equal budget: best-so-far regret against evaluations, one
    line per method on a log axis, the median over seeds with a band between the `band`
    percentiles (as `helpers.plot_best_so_far` draws them), each method also in its own line
    style so the lines stay apart in grey print. `curves` maps a label to a list of best-so-far
    arrays (or an (n_seeds, n) array, or Results), every value > 0. Returns the Axes (a wide
    one when `ax` is None), legend at the lower left."""
    from .plots import plot_best_so_far

    if not curves:
        raise ValueError("curves is empty: there is nothing to draw")
    for label, runs in curves.items():
        values = [np.asarray(r.best_so_far if hasattr(r, "best_so_far") else r, dtype=float)
                  for r in runs]
        if not values or any(v.size == 0 or np.any(v <= 0) for v in values):
            raise ValueError(f"curves[{label!r}] must hold runs of values > 0 (a log axis), "
                             f"got {runs!r}")
    ax = ax if ax is not None else plt.subplots(figsize=(11.5, 4.5))[1]
    plot_best_so_far({label: list(runs) for label, runs in curves.items()}, ax=ax, log_y=True,
                     band=band)
    for line, style in zip(ax.get_lines(), _LINE_STYLES * len(curves)):
        line.set_linestyle(style)
    ax.set(xlabel="evaluations", ylabel=ylabel)
    if title:
        ax.set_title(title)
    ax.legend(loc="lower left")
    return ax


# --- notebook 07: hypergradient descent against derivative-free searches --------------------

def plot_descent_path(loss_of, log10_tried, values, span=(-3.0, 3.0), n_points=121, ax=None,
                      title=None, xlabel="log10(alpha)", ylabel="validation loss"):
    """A 1-D search drawn on the curve it searches: `loss_of(h)` evaluated at `n_points` values of
    log10 h evenly spread over `span` (grey), and the points the search tried, `log10_tried` with
    their `values`, joined in the order they were tried. Returns the Axes (lines[0]: the curve,
    lines[1]: the search)."""
    if not callable(loss_of):
        raise TypeError(f"loss_of must be callable, not {loss_of!r}")
    log10_tried, values = np.asarray(log10_tried, float), np.asarray(values, float)
    if log10_tried.ndim != 1 or log10_tried.shape != values.shape or len(values) == 0:
        raise ValueError(f"log10_tried and values must be 1-D, of one length >= 1, got shapes "
                         f"{log10_tried.shape} and {values.shape}")
    if len(span) != 2 or not span[0] < span[1] or n_points < 2:
        raise ValueError(f"span must be (low, high) with low < high and n_points >= 2, got "
                         f"span={span!r}, n_points={n_points!r}")
    grid = np.linspace(span[0], span[1], n_points)
    ax = ax if ax is not None else plt.subplots(figsize=(8, 3.8))[1]
    ax.plot(grid, [loss_of(10 ** t) for t in grid], color="0.6", label="the loss curve")
    ax.plot(log10_tried, values, "o-", color=PALETTE[3], markersize=4, linewidth=1,
            label="the fits, in order")
    ax.set(xlabel=xlabel, ylabel=ylabel,
           title=title or "The search's fits, in order, on the curve it searches")
    return ax


def _decades_from(log10_points, values, optimum):
    """After each fit: how far (decades) the best point so far lies from `optimum`."""
    log10_points, values = np.asarray(log10_points, float), np.asarray(values, float)
    best = log10_points[[np.argmin(values[:k + 1]) for k in range(len(values))]]
    return np.abs(best - optimum)


def plot_fits_to_precision(runs, optimum, target=0.01, width=6.0, ax=None, title=None,
                           floor=1e-3):
    """How precision grows with the fits of 1-D searches on a log axis. `runs` maps a label to
    (log10_points, values): the points a search evaluated, in order, and their losses;
    `optimum` is log10 of the true optimum. Each run is drawn as the distance of its best point
    so far from the optimum (in decades; below `floor`, drawn at `floor`), the first solid, the
    next dotted, dash-dotted. A dashed grey line is the worst case of a grid of k points over
    `width` decades (half its spacing), a black one the `target`. Returns the Axes."""
    if not runs:
        raise ValueError("runs must hold at least one label -> (log10_points, values) entry")
    for name, value in (("target", target), ("width", width), ("floor", floor)):
        if not value > 0:
            raise ValueError(f"{name} must be > 0, got {value!r}")
    ax = ax if ax is not None else plt.subplots(figsize=(9, 4))[1]
    for i, (label, (points, values)) in enumerate(runs.items()):
        if np.shape(points) != np.shape(values) or np.ndim(values) != 1 or len(values) == 0:
            raise ValueError(f"runs[{label!r}]: points and values must be 1-D, of one length "
                             f">= 1, got shapes {np.shape(points)} and {np.shape(values)}")
        error = _decades_from(points, values, optimum)
        ax.plot(np.arange(1, len(error) + 1), np.maximum(error, floor), ("-", ":", "-.")[i % 3],
                marker="o", markersize=4, color=PALETTE[(0, 3, 2, 1)[i % 4]], label=label)
    k = np.arange(2, int(np.ceil(width / (2 * target))) + 2)
    ax.plot(k, width / (2 * (k - 1)), "--", color="0.4",
            label=f"a grid of k points over {width:g} decades (worst case)")
    ax.axhline(target, color="black", linewidth=1, label=f"the target: {target:g} decades")
    title = f"{title}: fits" if title else "Fits"
    ax.set(xscale="log", yscale="log", xlabel="fits",
           ylabel="decades from the optimum\n(best point so far)",
           title=f"{title} until the best point is within {target:g} decades")
    ax.legend(fontsize=9, loc="lower left")
    return ax


def plot_median_curves(curves, ax=None, title=None, xlabel="fits", ylabel="value",
                       styles=None, log_x=True, log_y=False):
    """One line per entry of `curves` (label -> a list of 1-D runs, each a value per step;
    shorter runs are extended with their last value, as a best-so-far curve stays put): the
    median over the runs, in a band from the 25th to the 75th percentile. `styles` maps a label
    to a dict of line options (colour, linestyle). Returns the Axes; its lines are the medians,
    in the order of `curves`."""
    if not curves:
        raise ValueError("curves must hold at least one label -> runs entry")
    ax = ax if ax is not None else plt.subplots(figsize=(8.8, 3.5))[1]
    for i, (label, runs) in enumerate(curves.items()):
        if len(runs) == 0 or any(np.ndim(run) != 1 or len(run) == 0 for run in runs):
            raise ValueError(f"curves[{label!r}] must be a non-empty list of non-empty 1-D runs")
        n = max(len(run) for run in runs)
        table = np.array([np.r_[run, np.full(n - len(run), run[-1])] for run in runs], float)
        low, median, high = np.quantile(table, [0.25, 0.5, 0.75], axis=0)
        style = {"color": PALETTE[i % len(PALETTE)], **(styles or {}).get(label, {})}
        steps = np.arange(1, n + 1)
        ax.fill_between(steps, low, high, color=style["color"], alpha=0.2, linewidth=0)
        ax.plot(steps, median, label=label, **style)
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title or "Median over the runs (band: IQR)")
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return ax


def plot_validation_and_test(by_size, methods, ax=None, title=None, floor=1.0,
                             xlabel="validation points", ylabel="error"):
    """Test and validation error against the size of the validation set, for several tuning
    methods. `by_size` maps a validation-set size to an array (seeds, columns); `methods` maps a
    method's name to its (validation column, test column). Test: median and interquartile band
    (solid); validation: median (dashed). `floor` (a horizontal line) is the best possible test
    error, None for none. Returns the Axes; its lines are, per method, the test and the
    validation medians, then the floor."""
    if not by_size or not methods:
        raise ValueError("by_size and methods must each hold at least one entry")
    sizes = np.array(sorted(by_size))
    if not np.all(sizes > 0):
        raise ValueError(f"the sizes (keys of by_size) must be positive, got {sizes.tolist()}")
    tables = [np.asarray(by_size[n], float) for n in sizes]
    if any(t.ndim != 2 for t in tables):
        raise ValueError("each by_size value must be a 2-D array (seeds, columns)")
    ax = ax if ax is not None else plt.subplots(figsize=(8.8, 4.5))[1]
    for i, (name, (val, test)) in enumerate(methods.items()):
        if not all(max(val, test) < t.shape[1] for t in tables):
            raise ValueError(f"methods[{name!r}] = {(val, test)!r}: no such column")
        colour = PALETTE[(0, 3, 2, 1)[i % 4]]
        low, median, high = np.array([np.quantile(t[:, test], [0.25, 0.5, 0.75]) for t in tables]).T
        ax.fill_between(sizes, low, high, color=colour, alpha=0.2, linewidth=0)
        ax.plot(sizes, median, "-o", color=colour, label=f"{name}: test (median, IQR)")
        ax.plot(sizes, [np.median(t[:, val]) for t in tables], "--o", color=colour,
                label=f"{name}: validation (median)")
    if floor is not None:
        ax.axhline(floor, color="black", linewidth=1, label="the best possible test error")
    ax.set(xscale="log", xlabel=xlabel, ylabel=ylabel,
           title=title or "Test and validation error against the validation set's size")
    ax.set_xticks(sizes, [str(n) for n in sizes])
    ax.minorticks_off()
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2)
    return ax


# -- 05 Bayesian optimisation --------------------------------------------------------------------

def _grid_and_curves(x, **curves):
    """x as a 1-D grid, and each named curve as a float array of its length (ValueError if not)."""
    x = np.asarray(x, dtype=float).ravel()
    if len(x) < 2:
        raise ValueError(f"x must hold a grid of at least two points, got {len(x)}")
    out = []
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        if values.ndim == 0 or values.shape[0] != len(x):
            raise ValueError(f"{name} has {values.shape[:1] or 'no'} values along x, "
                             f"x has {len(x)}")
        out.append(values)
    return x, out


def plot_prior_draws(x, draws, title=None):
    """Functions drawn from a GP prior, one panel per length scale (notebook 05).

    `x`: the 1-D grid; `draws` maps a length scale to an array of shape (len(x), n_draws).
    Returns the array of Axes, one per length scale, each titled with its length scale."""
    if not draws:
        raise ValueError("draws must map at least one length scale to its draws")
    checked = {scale: _grid_and_curves(x, **{f"draws[{scale!r}]": d})[1][0]
               for scale, d in draws.items()}
    x = np.asarray(x, dtype=float).ravel()
    fig, axes = plt.subplots(1, len(draws), figsize=(3.7 * len(draws), 3.4), sharey=True,
                             layout="constrained", squeeze=False)
    for ax, (scale, values) in zip(axes[0], checked.items()):
        ax.plot(x, values)
        ax.set(title=f"length scale {scale:g}", xlabel="x")
    axes[0, 0].set_ylabel("f(x), drawn from the prior")
    fig.suptitle(title or "Prior draws: the length scale sets how fast f may change",
                 fontweight="bold")
    return axes[0]


def plot_posterior(x, mean, std, X, y, truth=None, samples=None, ax=None, title=None,
                   ylim=None, legend=True):
    """A GP posterior on a 1-D grid (notebook 05): the mean, a band of two standard deviations
    either side, the evaluations (X, y) as dots, `truth` (the objective on x) dashed, and
    `samples` (posterior draws, one per column) as thin lines, each minimiser marked by a cross.

    Returns the Axes. Its lines are, in order: truth (if given), the mean, then the samples."""
    x, (mean, std) = _grid_and_curves(x, mean=mean, std=std)
    X, y = np.asarray(X, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    if len(X) != len(y):
        raise ValueError(f"X and y must have the same length, got {len(X)} and {len(y)}")
    if np.any(std < 0):
        raise ValueError(f"std must be >= 0, got a minimum of {float(std.min())!r}")
    ax = _axes(ax)
    if truth is not None:
        truth = _grid_and_curves(x, truth=truth)[1][0]
        ax.plot(x, truth, color="black", linestyle="--", linewidth=1,
                label="objective (unknown to the model)")
    ax.plot(x, mean, color=PALETTE[0], label="posterior mean")
    ax.fill_between(x, mean - 2 * std, mean + 2 * std, color=PALETTE[0], alpha=0.2,
                    linewidth=0, label="mean +- 2 std")
    if samples is not None:
        samples = _grid_and_curves(x, samples=samples)[1][0].reshape(len(x), -1)
        ax.plot(x, samples, color=PALETTE[2], linewidth=0.8, alpha=0.8)
        lowest = np.argmin(samples, axis=0)
        ax.scatter(x[lowest], samples[lowest, np.arange(samples.shape[1])], marker="x",
                   color=PALETTE[2], zorder=4, label="posterior draws, their minimisers")
    ax.scatter(X, y, color=PALETTE[3], zorder=3, label="evaluations")
    ax.set(xlabel="x", ylabel="f(x)")
    if ylim is not None:
        ax.set_ylim(ylim)
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="upper left", fontsize=9)
    return ax


def plot_acquisitions(x, mean, std, X, y, scores, truth=None, title=None, ylim=None):
    """The posterior above, acquisition functions below (notebook 05): each score scaled to
    [0, 1], a dotted line at its maximiser, where it would evaluate next.

    `scores` maps a name to its values on x. Returns (top, bottom) Axes."""
    if not scores:
        raise ValueError("scores must hold at least one acquisition function")
    x, values = _grid_and_curves(x, **{f"scores[{name!r}]": s for name, s in scores.items()})
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 5.5), sharex=True,
                                      height_ratios=[2, 1.3], layout="constrained")
    plot_posterior(x, mean, std, X, y, truth=truth, ax=top, ylim=ylim)
    top.set(xlabel="", title=title or "Where each acquisition function would evaluate next")
    for i, (name, s) in enumerate(zip(scores, values)):
        colour, span = PALETTE[1 + i % (len(PALETTE) - 1)], np.ptp(s)
        bottom.plot(x, (s - s.min()) / (span if span > 0 else 1), color=colour, label=name)
        bottom.axvline(x[np.argmax(s)], color=colour, linestyle=":")
    bottom.set(xlabel="x", ylabel="acquisition (scaled)")
    bottom.legend(loc="upper left", fontsize=9)
    return top, bottom


def plot_bo_rounds(x, rounds, truth=None, n_cols=4, title=None, ylim=None):
    """The BO loop drawn round by round (notebook 05), as in krasserm's notebook: per round the
    surrogate above and the acquisition below, a dotted line where the next evaluation goes.

    `rounds`: a list of dicts with keys "X", "y" (the evaluations so far), "mean", "std",
    "acquisition" (on x), "x_next", and optionally "length_scale" (shown in the panel title).
    Returns the 2-D array of Axes (two rows per row of rounds)."""
    if not rounds:
        raise ValueError("rounds must hold at least one round")
    if n_cols < 1:
        raise ValueError(f"n_cols must be at least 1, got {n_cols!r}")
    n_rows = -(-len(rounds) // n_cols)
    fig, axes = plt.subplots(2 * n_rows, n_cols, figsize=(3 * n_cols, 3 * n_rows), sharex=True,
                             squeeze=False, gridspec_kw={"height_ratios": [2, 1] * n_rows,
                                                         "hspace": 0.5})
    for i, r in enumerate(rounds):
        top, bottom = axes[2 * (i // n_cols), i % n_cols], axes[2 * (i // n_cols) + 1, i % n_cols]
        plot_posterior(x, r["mean"], r["std"], r["X"], r["y"], truth=truth, ax=top, ylim=ylim,
                       legend=False)
        scale = f", ℓ = {r['length_scale']:.2g}" if "length_scale" in r else ""
        top.set_title(f"round {i + 1}: {len(r['y'])} points{scale}", fontsize=10)
        top.set(xlabel="", ylabel="")
        acquisition = _grid_and_curves(x, acquisition=r["acquisition"])[1][0]
        bottom.plot(np.ravel(x), acquisition, color=PALETTE[2])
        bottom.fill_between(np.ravel(x), acquisition, color=PALETTE[2], alpha=0.3, linewidth=0)
        for ax in (top, bottom):
            ax.axvline(r["x_next"], color=PALETTE[3], linestyle=":")
        bottom.set(yticks=[], ylabel="EI" if i % n_cols == 0 else "",
                   xlabel="x" if i >= len(rounds) - n_cols else "")
    for j in range(len(rounds), n_rows * n_cols):  # empty slots of the last row
        axes[2 * (j // n_cols), j % n_cols].set_visible(False)
        axes[2 * (j // n_cols) + 1, j % n_cols].set_visible(False)
    fig.legend(*axes[0, 0].get_legend_handles_labels(), loc="upper center", ncol=4,
               bbox_to_anchor=(0.5, 0.03))
    fig.suptitle(title or "The BO loop, round by round", fontweight="bold")
    return axes


def plot_regret_panels(curves, reference="random", title=None):
    """Best-so-far regret over seeds, one panel per problem (notebook 05): median and quartiles
    per method on a log scale, and a dotted line at `reference`'s median at the end of its budget.

    `curves` maps a problem's name to {method: array (seeds, trials)}. Returns the Axes."""
    from .plots import plot_best_so_far

    if not curves:
        raise ValueError("curves must hold at least one problem")
    for problem, runs in curves.items():
        if reference not in runs:
            raise ValueError(f"curves[{problem!r}] has no {reference!r} runs to draw the "
                             f"reference line from; it has {sorted(runs)}")
    fig, axes = plt.subplots(1, len(curves), figsize=(6 * len(curves), 4.2), squeeze=False,
                             layout="constrained")
    fig.get_layout_engine().set(h_pad=0.1)   # room between the claim and the panel titles
    for ax, (problem, runs) in zip(axes[0], curves.items()):
        plot_best_so_far(runs, ax=ax, log_y=True)
        ax.axhline(np.median(np.asarray(runs[reference])[:, -1]), color="grey", linestyle=":",
                   linewidth=1, label=f"{reference}: median at the end")
        ax.set(ylabel="regret (best so far - minimum)", title=problem)
    if title:
        fig.suptitle(title, fontweight="bold")
    return axes[0]
