"""The course's plots: one style, and the few figures that several notebooks draw.

Notebooks call these instead of repeating Matplotlib plumbing; each returns its Axes so a
notebook can add the line or annotation that makes its own point.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.patches import Rectangle

__all__ = ["PALETTE", "set_style", "plot_best_so_far", "plot_final_values", "plot_heatmap",
           "plot_validation_curve", "plot_parallel_coordinates", "plot_populations",
           "plot_kfold", "plot_nested_cv"]

# Okabe & Ito (2008): eight colours that stay distinct under the common colour-vision
# deficiencies. Black is left out of the cycle; it is kept for optima and annotations.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442"]


def set_style():
    """The course look, through rcParams only (named styles such as 'seaborn' were renamed
    between Matplotlib versions and broke notebooks that used them)."""
    mpl.rcParams.update({
        "axes.prop_cycle": mpl.cycler(color=PALETTE),
        "image.cmap": "viridis",           # perceptually uniform, colour-blind safe
        # sized for a projector as much as a laptop: a 7.5 x 4.2 inch figure at 100 dpi is 750 x
        # 420 pixels, which leaves room for a heading and a line of code on a 1280 x 720 slide,
        # and 13-point text stays readable from the back of a lecture hall
        "figure.figsize": (7.5, 4.2),
        "figure.dpi": 100,
        "savefig.dpi": 120,
        "font.size": 13,
        "axes.titlesize": 14,
        "axes.labelsize": 13,
        "xtick.labelsize": 12,
        "ytick.labelsize": 12,
        "legend.fontsize": 11,
        "savefig.bbox": "tight",
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titleweight": "bold",
        "legend.frameon": False,
        "lines.linewidth": 2.0,
    })


def _axes(ax):
    return ax if ax is not None else plt.subplots()[1]


COST_LABELS = {"trials": "trials (objective evaluations)",
               "seconds": "seconds (objective + deciding)",
               "budget": "budget spent (summed fidelity)"}


def _runs_on_a_common_axis(runs, x):
    """Runs (Results or best-so-far arrays, of any lengths) -> (x values, (n_runs, n) array).

    Against trials, a shorter run keeps its last value. Against a cost, every run is read as a
    step function of its own cumulative cost on one shared grid of costs: the best value it
    had found by then (inf before its first full-budget trial)."""
    if x == "trials":
        curves = [np.asarray(r.best_so_far if hasattr(r, "best_so_far") else r, dtype=float)
                  for r in runs]
        n = max(len(c) for c in curves)
        padded = [np.concatenate([c, np.full(n - len(c), c[-1])]) for c in curves]
        return np.arange(1, n + 1), np.array(padded)
    if not all(hasattr(r, "cost") for r in runs):
        raise TypeError(f"x={x!r} needs Results (which know their cost), not arrays")
    costs = [r.cost(x) for r in runs]
    grid = np.linspace(min(c[0] for c in costs), max(c[-1] for c in costs), 200)
    values = []
    for r, c in zip(runs, costs):
        index = np.searchsorted(c, grid, side="right") - 1  # the last trial done by then
        curve = np.asarray(r.best_so_far, dtype=float)[np.maximum(index, 0)]
        values.append(np.where(index >= 0, curve, np.inf))
    return grid, np.array(values)


def plot_best_so_far(curves, ax=None, log_y=False, band=(25, 75), optimum=None, x="trials"):
    """Best value found so far, one line per method: the median over seeds, and a band from
    the `band` percentiles, so a reader sees both the typical run and how much runs differ.

    `curves` maps a label to a list of `Result`s or of best-so-far arrays (runs may differ in
    length). `x` is the axis: "trials", or a cost, "seconds" or "budget" (Results only), so a
    slow optimiser or a cheap low-fidelity trial is seen for what it costs.
    """
    if x not in COST_LABELS:
        raise ValueError(f"x must be one of {list(COST_LABELS)}, not {x!r}")
    ax = _axes(ax)
    for i, (label, runs) in enumerate(curves.items()):
        runs = list(runs)
        if not runs:
            raise ValueError(f"curves[{label!r}] holds no runs")
        xs, values = _runs_on_a_common_axis(runs, x)
        colour = PALETTE[i % len(PALETTE)]
        with np.errstate(invalid="ignore"):
            median = np.median(values, axis=0)
        shown = np.isfinite(median)
        ax.plot(xs[shown], median[shown], color=colour,
                label=f"{label} (median of {len(runs)})")
        if len(runs) > 1:
            with np.errstate(invalid="ignore"):  # inf before a run's first value
                low, high = np.percentile(values, band, axis=0)
            ok = np.isfinite(low) & np.isfinite(high)
            ax.fill_between(xs[ok], low[ok], high[ok], color=colour, alpha=0.2, linewidth=0)
    if optimum is not None:
        ax.axhline(optimum, color="black", linestyle="--", linewidth=1, label="optimum")
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(COST_LABELS[x])
    ax.set_ylabel("best value so far")
    if any(len(list(runs)) > 1 for runs in curves.values()):
        # one legend entry says what every band means: a patch of zero size, so it draws nothing
        # and moves no axis limit, but a notebook's later ax.legend() still lists it
        ax.add_patch(Rectangle((0, 0), 0, 0, color="grey", alpha=0.2,
                               label=f"band: {band[0]}th to {band[1]}th percentile over seeds"))
    ax.legend()
    return ax


def plot_final_values(samples, references=None, ylabel="best value found", ax=None,
                      log_y=False, seed=0):
    """Where each method ended, one dot per seed over a box plot, so that a comparison over
    seeds shows its whole spread and not only a mean.

    `samples` maps a method to its final values (one per seed); `references` maps a label to a
    single value drawn as a horizontal line (a deterministic method such as a fixed grid, or a
    default configuration). The dots' sideways jitter is seeded, so the figure is reproducible.
    """
    if ax is None:
        ax = plt.subplots(figsize=(4.5 + len(samples), 4.4))[1]
    jitter = np.random.default_rng(seed)
    for i, values in enumerate(samples.values()):
        values = np.asarray(values, dtype=float)
        ax.boxplot(values, positions=[i], widths=0.5, showfliers=False,
                   medianprops={"color": "black"})
        ax.scatter(i + jitter.uniform(-0.12, 0.12, len(values)), values, s=20,
                   color=PALETTE[i % len(PALETTE)], alpha=0.8, zorder=3)
    for (label, value), style in zip((references or {}).items(), ["--", "-.", ":", "-"]):
        ax.axhline(value, color="black", linestyle=style, linewidth=1.2, label=label)
    ax.set_xticks(range(len(samples)),
                  [f"{name}\n({len(values)} seeds)" for name, values in samples.items()])
    ax.set_xlim(-0.6, len(samples) - 0.4)
    if log_y:
        ax.set_yscale("log")
    ax.set_ylabel(ylabel)
    if references:
        ax.legend(loc="center left", bbox_to_anchor=(1, 0.5))
    ax.grid(axis="x", visible=False)
    return ax


HEATMAP_LEGEND = dict(loc="upper left", bbox_to_anchor=(1.3, 1), facecolor="0.35",
                      labelcolor="white", frameon=True)


def _edges(centres, log):
    """Cell edges around grid values, so each cell is centred on its value (in log if log)."""
    c = np.log10(centres) if log else np.asarray(centres, dtype=float)
    if len(c) == 1:
        e = np.array([c[0] - 0.5, c[0] + 0.5])
    else:
        mid = (c[1:] + c[:-1]) / 2
        e = np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])
    return 10 ** e if log else e


def plot_heatmap(values, x, y, xlabel, ylabel, ax=None, log_x=True, log_y=True,
                 colorbar_label="validation error", mark="min", cmap="viridis",
                 log_color=False):
    """A score surface over two hyperparameters: `values[i, j]` belongs to (x[j], y[i]).

    Scale hyperparameters (C, gamma, learning rates) belong on log axes, which is the default.
    `mark="min"` (or "max", or None) circles the best cell. `log_color=True` puts the colour
    scale on a log axis, so that differences among the good (small) errors stay visible next to
    a few very bad cells.
    """
    ax = _axes(ax)
    values = np.asarray(values, dtype=float)
    if values.shape != (len(y), len(x)):
        raise ValueError(f"values must have shape (len(y), len(x)) = ({len(y)}, {len(x)}), "
                         f"got {values.shape}")
    norm = LogNorm(np.nanmin(values[values > 0]), np.nanmax(values)) if log_color else None
    mesh = ax.pcolormesh(_edges(x, log_x), _edges(y, log_y), values, cmap=cmap, norm=norm,
                         shading="flat")
    ax.figure.colorbar(mesh, ax=ax, label=colorbar_label)
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    if mark:
        i, j = np.unravel_index((np.nanargmin if mark == "min" else np.nanargmax)(values),
                                values.shape)
        ax.plot(x[j], y[i], marker="o", markersize=12, markerfacecolor="none",
                markeredgecolor="white", markeredgewidth=2, linestyle="none",
                label=f"best: {xlabel}={x[j]:.3g}, {ylabel}={y[i]:.3g}")
        # outside the axes (right of the colour bar), so no cell of the surface is hidden; a
        # dark box, so the white marker shows
        ax.legend(**HEATMAP_LEGEND)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(False)
    return ax


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
        ax.plot(x, to_unit(result.space, t.params), color=colours(norm(rank)),
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
