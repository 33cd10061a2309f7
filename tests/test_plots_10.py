"""Notebook 10's figures: the training curves per learning rate, the range test beside a grid,
and the batch size x learning rate surface with the best rates and the linear scaling rule."""

import matplotlib
import numpy as np
import pytest

from helpers.lecture_plots import plot_batch_lr_surface, plot_lr_curves, plot_lr_range_test


def test_lr_curves_draw_one_line_per_rate_and_keep_a_diverged_run_on_the_figure():
    curves = {0.01: [2.0, 1.5, 1.2], 10.0: [9.0, np.nan, np.inf]}
    ax = plot_lr_curves(curves, title="the claim")
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"rate 0.01", "rate 10", "uniform guessing"}
    np.testing.assert_array_equal(lines["rate 0.01"].get_xdata(), [1, 2, 3])
    np.testing.assert_allclose(lines["rate 10"].get_ydata(), [9.0, 1e3, 1e3])   # above the top
    assert lines["rate 10"].get_ydata()[1] > ax.get_ylim()[1]
    np.testing.assert_allclose(lines["uniform guessing"].get_ydata(), [np.log(10)] * 2)
    assert ax.get_yscale() == "log" and ax.get_title() == "the claim"
    assert lines["rate 0.01"].get_color() != lines["rate 10"].get_color()
    assert len(plot_lr_curves(curves, reference=None).get_lines()) == 2


def test_lr_curves_refuse_no_rates_and_a_rate_that_is_not_positive():
    with pytest.raises(ValueError, match="at least one"):
        plot_lr_curves({})
    with pytest.raises(ValueError, match="positive, got -0.1"):
        plot_lr_curves({-0.1: [1.0, 0.5]})


def test_range_test_draws_the_sweep_the_grid_and_the_pick():
    rates = np.geomspace(1e-3, 100, 6)
    losses = np.array([2.3, 2.2, 1.5, 0.9, np.nan, 50.0])
    ax = plot_lr_range_test(rates, losses, losses, [0.01, 0.1, 1.0], [2.0, 0.5, 0.2], 0.26,
                            title="claim")
    lines = ax.get_lines()
    assert [l.get_label() for l in lines] == [
        "range test: loss of each mini-batch", "range test, smoothed",
        "grid: validation loss after 10 epochs", "pick: a third of the lowest (0.26)"]
    np.testing.assert_allclose(lines[0].get_xdata(), rates)
    assert lines[0].get_ydata()[4] == 1e3                        # a diverged batch: above the top
    np.testing.assert_allclose(lines[2].get_xydata(), [[0.01, 2.0], [0.1, 0.5], [1.0, 0.2]])
    np.testing.assert_allclose(lines[3].get_xdata(), [0.26, 0.26])   # the vertical pick line
    assert ax.get_xscale() == ax.get_yscale() == "log" and ax.get_title() == "claim"


@pytest.mark.parametrize("bad, match", [
    (dict(losses=[1.0, 2.0]), "one value per mini-batch, got 3, 2 and 3"),
    (dict(grid_losses=[1.0]), "differ in length: 2 and 1"),
    (dict(pick=0.0), "positive learning rate, got 0.0")])
def test_range_test_refuses_mismatched_input(bad, match):
    args = dict(rates=[0.1, 1.0, 10.0], losses=[2.0, 1.0, 9.0], smoothed=[2.0, 1.5, 4.0],
                grid_rates=[0.1, 1.0], grid_losses=[1.0, 0.5], pick=0.3)
    with pytest.raises(ValueError, match=match):
        plot_lr_range_test(**{**args, **bad})


def test_batch_surface_marks_the_best_rate_per_batch_and_the_linear_scaling_line():
    rates, batches = np.array([0.1, 0.3, 1.0, 3.0]), [8, 64, 512]
    surface = np.array([[0.5, 0.3, 0.2, 2.0],      # batch 8: best at 1.0
                        [0.6, 0.4, 0.25, 2.0],     # batch 64: best at 1.0
                        [0.9, 0.7, 0.8, 2.0]])     # batch 512: best at 0.3
    ax = plot_batch_lr_surface(surface, rates, batches, title="claim")
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(lines) == {"best rate per batch size", "linear scaling from batch 8"}
    np.testing.assert_allclose(lines["best rate per batch size"].get_xydata(),
                               [[1.0, 8], [1.0, 64], [0.3, 512]])
    np.testing.assert_allclose(lines["linear scaling from batch 8"].get_xdata(), [1.0, 8.0, 64.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["8", "64", "512"]
    assert ax.get_xscale() == "log" and ax.get_title() == "claim"
    assert isinstance(ax.collections[0], matplotlib.collections.QuadMesh)


def test_batch_surface_refuses_batches_out_of_order_and_a_wrong_shape():
    with pytest.raises(ValueError, match=r"increasing, got \[64, 8\]"):
        plot_batch_lr_surface(np.ones((2, 2)), [0.1, 1.0], [64, 8])
    with pytest.raises(ValueError, match="shape"):
        plot_batch_lr_surface(np.ones((2, 3)), [0.1, 1.0], [8, 64])
