"""The course's plots draw what they say, and the setup cell's version check fails clearly."""

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import (PALETTE, branin, check_versions, minimize, plot_best_so_far,
                     plot_final_values, plot_heatmap, plot_validation_curve, set_style)
from helpers.versions import MINIMUM_VERSIONS


def test_palette_is_okabe_ito_and_style_uses_it():
    assert PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]
    set_style()
    cycle = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert cycle == PALETTE and matplotlib.rcParams["axes.spines.top"] is False


def test_best_so_far_draws_the_median_over_seeds():
    runs = np.array([[5, 3, 3, 1], [4, 4, 2, 2], [6, 2, 2, 0]], dtype=float)
    ax = plot_best_so_far({"random": runs}, optimum=0)
    line = ax.get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3, 4])
    np.testing.assert_array_equal(line.get_ydata(), [5, 3, 2, 1])
    assert "median of 3" in line.get_label() and len(ax.collections) == 1


def test_best_so_far_accepts_results():
    results = [minimize(branin, branin.space, n_trials=10, seed=s) for s in range(4)]
    ax = plot_best_so_far({"random": results}, log_y=True)
    expected = np.median([r.best_so_far for r in results], axis=0)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), expected)
    assert ax.get_yscale() == "log"


def test_heatmap_marks_the_best_cell_on_log_axes():
    x, y = np.logspace(-2, 2, 5), np.logspace(-3, 0, 4)
    values = np.ones((4, 5))
    values[1, 3] = 0.1
    ax = plot_heatmap(values, x, y, "C", "gamma")
    assert ax.get_xscale() == ax.get_yscale() == "log"
    marker = ax.get_lines()[0]
    assert marker.get_xdata()[0] == x[3] and marker.get_ydata()[0] == y[1]
    with pytest.raises(ValueError, match="shape"):
        plot_heatmap(values.T, x, y, "C", "gamma")


def test_heatmap_uses_the_width_its_legend_below_and_its_colour_bar_slim():
    x, y = np.logspace(-2, 2, 5), np.logspace(-3, 0, 4)
    values = np.arange(20.0).reshape(4, 5) + 1
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    plot_heatmap(values, x, y, "C", "gamma", ax=ax, colorbar_label="error")
    fig.canvas.draw()
    surface, legend = ax.get_window_extent(), ax.get_legend().get_window_extent()
    (colour_bar,) = [a for a in fig.axes if a is not ax]
    bar = colour_bar.get_window_extent()
    assert legend.y1 < surface.y0                       # below the axes: no cell hidden
    assert ax.xaxis.label.get_window_extent().y0 > legend.y1  # and below the x label
    assert surface.x0 < legend.x0 and legend.x1 < surface.x1  # within the surface's width
    assert bar.width < 0.05 * fig.bbox.width            # a slim colour bar
    assert surface.width > 0.7 * fig.bbox.width         # the surface takes the width
    plt.close(fig)


def test_validation_curve_marks_the_best_validation_value():
    x = np.array([0.01, 0.1, 1, 10])
    train = np.array([[0.3, 0.3], [0.2, 0.2], [0.1, 0.1], [0.0, 0.0]])
    val = np.array([[0.4, 0.4], [0.2, 0.3], [0.3, 0.3], [0.5, 0.4]])
    ax = plot_validation_curve(x, train, val, "C")
    best_line = ax.get_lines()[-1]
    assert best_line.get_xdata()[0] == 0.1 and "C=0.1" in best_line.get_label()


def test_check_versions_passes_here_and_reports_versions():
    found = check_versions()
    assert set(found) == set(MINIMUM_VERSIONS)


def test_check_versions_names_the_package_and_the_fix():
    with pytest.raises(RuntimeError, match=r"numpy .* is too old.*pip install -U 'numpy>=99"):
        check_versions({"numpy": "99.0"})
    with pytest.raises(RuntimeError, match="not-a-real-package is not installed"):
        check_versions({"not-a-real-package": "1.0"})
    with pytest.raises(RuntimeError, match=r"Python 3.10 or newer.*3\.9\.1"):
        check_versions({}, python=(3, 9, 1))


def test_version_comparison_is_numeric():
    from helpers.versions import _as_tuple
    assert _as_tuple("1.10.0") > _as_tuple("1.9.3")
    assert _as_tuple("2.0.0rc1") == (2, 0, 0) and _as_tuple("1.26.4") >= _as_tuple("1.24")


def test_heatmap_log_colour_scale_spreads_small_errors():
    x, y = np.logspace(-2, 2, 3), np.logspace(-3, 0, 2)
    values = np.array([[0.01, 0.02, 0.4], [0.011, 0.5, 0.3]])
    ax = plot_heatmap(values, x, y, "C", "gamma", log_color=True)
    norm = ax.collections[0].norm
    assert isinstance(norm, matplotlib.colors.LogNorm)
    assert norm.vmin == 0.01 and norm.vmax == 0.5
    assert norm(0.02) > 0.15  # linear colour would put 0.02 at 0.02 of the scale


def test_final_values_draws_every_seed_and_the_references():
    samples = {"random": [0.5, 0.2, 0.9, 0.4], "sobol": [0.3, 0.35]}
    ax = plot_final_values(samples, {"grid: 1.0": 1.0}, log_y=True)
    dots = [c for c in ax.collections if len(c.get_offsets())]
    assert [len(d.get_offsets()) for d in dots] == [4, 2]
    np.testing.assert_allclose(np.sort(dots[0].get_offsets()[:, 1]), [0.2, 0.4, 0.5, 0.9])
    assert abs(dots[0].get_offsets()[:, 0]).max() <= 0.12  # jitter stays around its method
    assert [t.get_text() for t in ax.get_xticklabels()] == ["random\n(4 seeds)",
                                                           "sobol\n(2 seeds)"]
    assert ax.get_lines()[-1].get_ydata()[0] == 1.0 and ax.get_yscale() == "log"
    again = plot_final_values(samples)
    np.testing.assert_array_equal(again.collections[0].get_offsets(), dots[0].get_offsets())


def test_validation_curve_never_marks_a_nan_as_best():
    train = np.array([[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]])
    val = np.array([[np.nan, np.nan], [0.25, 0.35], [0.4, 0.5]])
    ax = plot_validation_curve([0.1, 1.0, 10.0], train, val, "C")
    assert ax.get_legend().get_texts()[-1].get_text() == "best validation: C=1"
    with pytest.raises(ValueError, match="nan"):
        plot_validation_curve([1.0], [[0.1]], [[np.nan]], "C")


def test_best_so_far_takes_runs_of_different_lengths_and_a_cost_axis():
    from helpers import Result

    long = Result.from_evaluations([{"x": 0}] * 4, [5.0, 3.0, 4.0, 1.0], seconds=[1, 1, 1, 1])
    short = Result.from_evaluations([{"x": 0}] * 2, [2.0, 6.0], seconds=[3, 3])
    ax = plot_best_so_far({"runs": [long, short]})
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [3.5, 2.5, 2.5, 1.5])  # median of 2
    ax = plot_best_so_far({"runs": [long, short]}, x="seconds")
    x, y = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    # the median is drawn from 3 s on, when both runs have a value (the short run's first
    # trial ends at 3 s); the grid of costs spans both runs, from 1 s to 6 s
    assert ax.get_xlabel().startswith("seconds") and x[0] >= 3 > x[0] - 0.03 and x[-1] == 6
    # at 4 seconds: the long run has found 1, the short one 2
    assert y[np.searchsorted(x, 4.0)] == pytest.approx(1.5)
    with pytest.raises(TypeError, match="Results"):
        plot_best_so_far({"arrays": [np.ones(3)]}, x="budget")
    with pytest.raises(ValueError, match="x must be"):
        plot_best_so_far({"runs": [long]}, x="minutes")


def test_style_is_legible_on_a_projector():
    set_style()
    assert matplotlib.rcParams["font.size"] >= 12 and matplotlib.rcParams["figure.dpi"] >= 100
    width, height = np.array(matplotlib.rcParams["figure.figsize"]) * matplotlib.rcParams["figure.dpi"]
    assert width <= 1280 and height <= 0.65 * 720  # a figure leaves room on a 1280x720 slide


@pytest.mark.parametrize("k", [3, 5])
def test_kfold_diagram_validates_each_fold_exactly_once(k):
    from helpers import plot_kfold

    ax = plot_kfold(k)
    validate = PALETTE[1]
    held_out = [p for p in ax.patches
                if matplotlib.colors.to_hex(p.get_facecolor()) == validate.lower()]
    assert len(held_out) == k  # one validation block per round...
    assert sorted(round(p.get_x(), 6) for p in held_out) == sorted(
        round(i * 0.8 / k, 6) for i in range(k))  # ...each at a different fold
    assert f"{k}-fold" in ax.get_title()


def test_nested_cv_diagram_has_outer_and_inner_rounds():
    from helpers import plot_nested_cv

    ax = plot_nested_cv(4, 3)
    labels = [t.get_text() for t in ax.texts]
    rounds = [s for s in labels if re.fullmatch(r"(outer|inner) \d+", s)]
    assert rounds == [f"outer {i}" for i in range(1, 5)] + [f"inner {i}" for i in range(1, 4)]


@pytest.mark.parametrize("bad", [1, 2.5, "5"])
def test_cv_diagrams_reject_bad_fold_counts(bad):
    from helpers import plot_kfold, plot_nested_cv

    with pytest.raises(ValueError, match="n_splits"):
        plot_kfold(bad)
    with pytest.raises(ValueError, match="n_inner"):
        plot_nested_cv(5, bad)


def test_practice_bounds_are_pyprojects():
    from pathlib import Path

    from helpers.versions import PRACTICE_VERSIONS

    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    block = text.split("practice = [", 1)[1].split("]", 1)[0]
    assert dict(re.findall(r'"([a-z]+)>=([0-9.]+)"', block)) == PRACTICE_VERSIONS


def test_require_practice_installs_on_colab_and_explains_elsewhere(monkeypatch):
    import sys
    from importlib import metadata

    from helpers import versions

    real = metadata.version
    monkeypatch.setattr(versions.metadata, "version",
                        lambda name: "3.9" if name == "optuna" else real(name))
    with pytest.raises(ModuleNotFoundError, match=r"optuna>=4.0.*make lab"):
        versions.require_practice()
    calls = []
    monkeypatch.setitem(sys.modules, "google.colab", object())
    assert versions.require_practice(run=lambda cmd, check: calls.append(cmd)) == ["optuna>=4.0"]
    assert calls[0][-3:] == ["install", "--quiet", "optuna>=4.0"]
    monkeypatch.setattr(versions.metadata, "version", real)
    assert versions.require_practice(run=lambda *a, **k: 1 / 0) == []  # all there: no pip


def test_best_so_far_of_a_run_without_trials_is_a_clear_error():
    from helpers import Result, plot_best_so_far

    with pytest.raises(ValueError, match="without a single trial"):
        plot_best_so_far({"empty": [Result(method="random")]})
