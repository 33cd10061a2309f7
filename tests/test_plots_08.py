"""Notebook 08's figures: learning curves over budgets, and the timelines of simulated workers
(synchronous successive halving against ASHA) draw what they say."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.lecture_plots import plot_learning_curves, plot_worker_timelines

BUDGETS = [1, 3, 9, 27]
CURVES = np.array([[0.5, 0.2, 0.1, 0.05], [0.4, 0.3, 0.2, 0.15], [0.9, 0.9, 0.8, 0.7]])


def test_learning_curves_draw_one_line_per_configuration_on_log_axes():
    ax = plot_learning_curves(BUDGETS, CURVES, ["a", "b", "c"], xlabel="epochs", title="claim")
    lines = ax.get_lines()
    assert len(lines) == 3
    np.testing.assert_array_equal(lines[1].get_xdata(), BUDGETS)
    np.testing.assert_allclose(lines[2].get_ydata(), CURVES[2])
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "3", "9", "27"]
    assert ax.get_title() == "claim" and ax.get_xlabel() == "epochs"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    # the y ticks cover the errors drawn and nothing far outside them
    ticks = ax.get_yticks()
    assert min(ticks) >= 0.05 / 1.5 and max(ticks) <= 0.9 * 1.5


def test_learning_curves_without_labels_have_no_legend_and_accept_an_axes():
    fig, ax = plt.subplots()
    assert plot_learning_curves(BUDGETS, CURVES[:1], ax=ax) is ax
    assert ax.get_legend() is None and len(ax.get_lines()) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"budgets": [1, 3], "curves": CURVES}, "shape \\(3, 4\\)"),
    ({"budgets": [1], "curves": CURVES[:, :1]}, "at least"),
    ({"budgets": BUDGETS, "curves": CURVES - 0.5}, "smallest error of -0.4"),
    ({"budgets": [0, 3, 9, 27], "curves": CURVES}, "budgets \\[0, 3, 9, 27\\]"),
    ({"budgets": BUDGETS, "curves": CURVES, "labels": ["a"]}, "got 1"),
])
def test_learning_curves_reject_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot_learning_curves(**kwargs)


JOBS = [(0, 0.0, 2.0, 0), (1, 0.0, 1.0, 0), (1, 1.0, 4.0, 1), (0, 2.0, 3.0, 0)]


def test_worker_timelines_draw_each_job_coloured_by_rung_and_count_the_idle_time():
    axes = plot_worker_timelines({"sync": (JOBS, 4.0), "async": (JOBS[:2], 2.0)}, 2, [1, 3],
                                 title="the claim")
    assert len(axes) == 2
    bars = axes[0].collections
    assert len(bars) == 4                    # one bar per job
    # busy 2 + 1 + 3 + 1 = 7 of 2 workers x 4 = 8: idle 1/8, printed rounded
    assert axes[0].get_title(loc="left") == "sync: workers idle 12% of the time"
    assert axes[1].get_title(loc="left") == "async: workers idle 25% of the time"
    assert axes[1].get_xlim() == (0.0, 2.0)
    # the job on rung 1 has the second colour, the others the first
    colours = [tuple(np.round(b.get_facecolor()[0], 3)) for b in bars]
    assert colours[2] != colours[0] and colours[0] == colours[1] == colours[3]
    legend = axes[0].figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["1 epoch", "3 epochs"]
    assert axes[0].figure._suptitle.get_text() == "the claim"


def test_worker_timelines_cut_jobs_at_until():
    axes = plot_worker_timelines({"cut": (JOBS, 1.5)}, 2, [1, 3], unit="ninths")
    assert len(axes[0].collections) == 3     # the job starting at 2.0 is past the cut
    # the first job (0 to 2) is drawn to 1.5 only
    xs = axes[0].collections[0].get_paths()[0].vertices[:, 0]
    assert xs.min() == 0.0 and xs.max() == pytest.approx(1.5)


@pytest.mark.parametrize("runs, message", [
    ({}, "at least one"),
    ({"bad": ([(2, 0.0, 1.0, 0)], 1.0)}, "runs\\['bad'\\]"),
    ({"bad": ([(0, 1.0, 0.5, 0)], 1.0)}, "start <= end"),
    ({"bad": ([(0, 0.0, 1.0, 5)], 1.0)}, "rung below 2"),
    ({"bad": ([(0, 0.0, 1.0, 0)], 0.0)}, "until > 0"),
])
def test_worker_timelines_reject_bad_input(runs, message):
    with pytest.raises(ValueError, match=message):
        plot_worker_timelines(runs, 2, [1, 3])
