"""Notebook 06's figures: the populations on Branin's contours and the regret curves of the
equal-budget comparisons draw what they say."""

import numpy as np
import pytest

from helpers import branin
from helpers.lecture_plots import plot_populations, plot_regret_curves


def test_populations_put_each_point_and_every_minimum_on_its_panel():
    first = np.array([[0.0, 5.0], [2.0, 10.0]])
    second = [dict(x1=1.0, x2=1.0)]
    axes = plot_populations(branin, [first, second], ["gen. 0", "gen. 9"], title="the claim")
    assert [ax.get_title() for ax in axes] == ["gen. 0", "gen. 9"]
    assert axes[0].figure._suptitle.get_text() == "the claim"
    points, minima = axes[0].collections[-2:]
    np.testing.assert_allclose(points.get_offsets(), first)
    np.testing.assert_allclose(axes[1].collections[-2].get_offsets(), [[1.0, 1.0]])
    np.testing.assert_allclose(np.sort(np.asarray(minima.get_offsets())[:, 0]),
                               [-np.pi, np.pi, 3 * np.pi])
    # six panels in a 3-column grid: the unused ones are hidden
    assert sum(ax.get_visible() for ax in axes[0].figure.axes) == 2


def test_regret_curves_draw_the_median_of_each_method_in_its_own_style():
    rng = np.random.default_rng(0)
    runs = {"A": np.minimum.accumulate(rng.random((5, 30)) + 0.1, axis=1),
            "B": np.minimum.accumulate(rng.random((5, 30)) + 1.0, axis=1)}
    ax = plot_regret_curves(runs, title="A ends lower")
    lines = ax.get_lines()
    assert len(lines) == 2 and ax.get_yscale() == "log"
    assert [line.get_linestyle() for line in lines] == ["-", "--"]
    np.testing.assert_allclose(lines[0].get_ydata(), np.median(runs["A"], axis=0))
    np.testing.assert_allclose(lines[1].get_xdata(), np.arange(1, 31))
    assert ax.get_title() == "A ends lower" and ax.get_xlabel() == "evaluations"
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[:2] == ["A (median of 5)", "B (median of 5)"]
    assert len(ax.collections) == 2   # one band per method


@pytest.mark.parametrize("curves, message", [
    ({}, "empty"),
    ({"zero": [np.array([1.0, 0.0])]}, "curves\\['zero'\\]"),
    ({"none": []}, "curves\\['none'\\]"),
])
def test_regret_curves_reject_what_a_log_axis_cannot_draw(curves, message):
    with pytest.raises(ValueError, match=message):
        plot_regret_curves(curves)


def test_populations_reject_a_title_per_panel_mismatch():
    with pytest.raises(ValueError, match="2 titles for 1 populations"):
        plot_populations(branin, [np.zeros((1, 2))], ["a", "b"])
