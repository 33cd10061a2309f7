"""The course's plots: one style, and the few figures that several notebooks draw (the
comparison of methods by best value so far and by final value, and the heatmap of a grid).
Figures that a single lecture draws live in `helpers.lecture_plots`.

Notebooks call these instead of repeating Matplotlib plumbing; each returns its Axes so a
notebook can add the line or annotation that makes its own point.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.patches import Rectangle
from matplotlib.transforms import ScaledTranslation

__all__ = ["PALETTE", "set_style", "plot_best_so_far", "plot_final_values", "plot_heatmap",
           "HEATMAP_LEGEND"]

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
        if any(len(r.trials if hasattr(r, "trials") else r) == 0 for r in runs):
            raise ValueError(f"curves[{label!r}] holds a run without a single trial: there is "
                             f"no best value to draw; leave that run out")
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


# the heatmap's legend: a dark box (so white markers show), centred below the x-axis label, so
# it hides no cell and leaves the width to the surface (`_heatmap_legend` places it)
HEATMAP_LEGEND = dict(loc="upper center", ncol=2, facecolor="0.35", labelcolor="white",
                      frameon=True)


def _heatmap_legend(ax, **options):
    """The legend of a heatmap, centred a fixed distance (in points) below the axes, clear of
    the tick labels and the x-axis label whatever the figure's size."""
    below = ScaledTranslation(0, -40 / 72, ax.figure.dpi_scale_trans)
    return ax.legend(**{**HEATMAP_LEGEND, "bbox_to_anchor": (0.5, 0),
                        "bbox_transform": ax.transAxes + below, **options})


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
    a few very bad cells. The colour bar is slim and close to the surface, and the legend sits
    centred below the axes, so the surface takes the figure's width and no cell is hidden (a
    figure that adds its own markers redraws the legend there with `_heatmap_legend(ax)`).
    """
    ax = _axes(ax)
    values = np.asarray(values, dtype=float)
    if values.shape != (len(y), len(x)):
        raise ValueError(f"values must have shape (len(y), len(x)) = ({len(y)}, {len(x)}), "
                         f"got {values.shape}")
    norm = LogNorm(np.nanmin(values[values > 0]), np.nanmax(values)) if log_color else None
    mesh = ax.pcolormesh(_edges(x, log_x), _edges(y, log_y), values, cmap=cmap, norm=norm,
                         shading="flat")
    # a slim colour bar close to the surface: the cells get the width
    ax.figure.colorbar(mesh, ax=ax, label=colorbar_label, fraction=0.05, pad=0.025, aspect=25)
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
        _heatmap_legend(ax)  # below the axes: no cell hidden, no width lost
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(False)
    return ax
