"""Notebook 07's figures: a 1-D search drawn on its curve, precision against fits, median
best-so-far curves, and validation against test error by validation-set size draw what they
say."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.lecture_plots import (plot_descent_path, plot_fits_to_precision,
                                   plot_median_curves, plot_validation_and_test)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def parabola(h):
    return (np.log10(h) - 1.0) ** 2


def test_descent_path_draws_the_curve_and_the_points_in_order():
    tried, values = np.array([0.0, 1.5, 0.8, 1.0]), np.array([1.0, 0.25, 0.04, 0.0])
    ax = plot_descent_path(parabola, tried, values, span=(-2, 3), n_points=51, title="claim")
    curve, path = ax.get_lines()
    np.testing.assert_allclose(curve.get_xdata(), np.linspace(-2, 3, 51))
    np.testing.assert_allclose(curve.get_ydata(), (np.linspace(-2, 3, 51) - 1) ** 2)
    np.testing.assert_array_equal(path.get_xdata(), tried)     # in the order tried
    np.testing.assert_array_equal(path.get_ydata(), values)
    assert ax.get_title() == "claim" and ax.get_xlabel() == "log10(alpha)"


@pytest.mark.parametrize("kwargs, match", [
    ({"log10_tried": [0.0, 1.0], "values": [1.0]}, "shapes"),
    ({"log10_tried": [], "values": []}, "length >= 1"),
    ({"span": (3, -2)}, "span=\\(3, -2\\)"),
])
def test_descent_path_rejects_bad_input(kwargs, match):
    args = {"log10_tried": [0.0], "values": [1.0], **kwargs}
    with pytest.raises(ValueError, match=match):
        plot_descent_path(parabola, **args)
    with pytest.raises(TypeError, match="callable"):
        plot_descent_path(3.0, [0.0], [1.0])


def test_fits_to_precision_draws_the_best_point_so_far_and_the_grid():
    # the best point so far: 0 (error 1), 2 (error 1), 1.05 (0.05), 1.001 (0.001, at the floor)
    runs = {"descent": ([0.0, 2.0, 1.05, 1.001], [1.0, 1.0, 0.1, 0.0]),
            "Brent": ([3.0, 1.0], [4.0, 0.0])}
    ax = plot_fits_to_precision(runs, optimum=1.0, target=0.01, width=6.0, title="Diabetes")
    descent, brent, grid, target = ax.get_lines()
    np.testing.assert_allclose(descent.get_ydata(), [1.0, 1.0, 0.05, 1e-3])
    np.testing.assert_allclose(brent.get_ydata(), [2.0, 1e-3])      # 0 error drawn at the floor
    assert descent.get_linestyle() == "-" and brent.get_linestyle() == ":"
    # a grid over 6 decades reaches 0.01 at k = 301 points: half its spacing, 3 / (k - 1)
    assert grid.get_xdata()[-1] == 301 and np.isclose(grid.get_ydata()[-1], 0.01)
    assert np.allclose(target.get_ydata(), 0.01)
    assert ax.get_title() == "Diabetes: fits until the best point is within 0.01 decades"
    assert [t.get_text() for t in ax.get_legend().get_texts()][:2] == ["descent", "Brent"]


def test_fits_to_precision_rejects_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        plot_fits_to_precision({}, 0.0)
    with pytest.raises(ValueError, match="target must be > 0, got 0"):
        plot_fits_to_precision({"a": ([0.0], [1.0])}, 0.0, target=0)
    with pytest.raises(ValueError, match="runs\\['a'\\]"):
        plot_fits_to_precision({"a": ([0.0, 1.0], [1.0])}, 0.0)


def test_median_curves_extend_short_runs_and_draw_the_median():
    runs = [np.array([3.0, 2.0, 1.0]), np.array([5.0, 1.0]), np.array([4.0, 3.0, 2.0])]
    ax = plot_median_curves({"descent": runs, "Powell": [np.array([2.0])]}, log_y=True,
                            title="claim", styles={"Powell": {"linestyle": ":"}})
    descent, powell = ax.get_lines()
    np.testing.assert_allclose(descent.get_ydata(), [4.0, 2.0, 1.0])   # [5, 1] extended by 1
    np.testing.assert_allclose(powell.get_xdata(), [1.0])
    assert powell.get_linestyle() == ":" and descent.get_label() == "descent"
    assert ax.get_xscale() == "log" and ax.get_yscale() == "log" and ax.get_title() == "claim"
    assert len(ax.collections) == 2                                    # the two IQR bands


@pytest.mark.parametrize("curves", [{}, {"a": []}, {"a": [np.array([])]},
                                    {"a": [np.zeros((2, 2))]}])
def test_median_curves_reject_bad_input(curves):
    with pytest.raises(ValueError):
        plot_median_curves(curves)


def test_validation_and_test_draws_medians_per_size():
    rng = np.random.default_rng(0)
    by_size = {n: np.column_stack([np.full(5, 1.0 / n), 1 + rng.random(5), np.full(5, 2.0)])
               for n in (40, 10, 20)}                                  # sizes in any order
    ax = plot_validation_and_test(by_size, {"one": (0, 1), "many": (0, 2)}, title="claim",
                                  ylabel="MSE")
    one_test, one_val, many_test, many_val, floor = ax.get_lines()
    np.testing.assert_array_equal(one_val.get_xdata(), [10, 20, 40])
    np.testing.assert_allclose(one_val.get_ydata(), [0.1, 0.05, 0.025])
    np.testing.assert_allclose(one_test.get_ydata(),
                               [np.median(by_size[n][:, 1]) for n in (10, 20, 40)])
    np.testing.assert_allclose(many_test.get_ydata(), 2.0)
    assert np.allclose(floor.get_ydata(), 1.0)
    assert one_test.get_label() == "one: test (median, IQR)" and ax.get_title() == "claim"
    assert ax.get_ylabel() == "MSE" and ax.get_xscale() == "log"


def test_validation_and_test_rejects_bad_input():
    good = {10: np.zeros((3, 2))}
    with pytest.raises(ValueError, match="at least one"):
        plot_validation_and_test({}, {"a": (0, 1)})
    with pytest.raises(ValueError, match="no such column"):
        plot_validation_and_test(good, {"a": (0, 5)})
    with pytest.raises(ValueError, match="positive"):
        plot_validation_and_test({0: np.zeros((3, 2))}, {"a": (0, 1)})
    with pytest.raises(ValueError, match="2-D"):
        plot_validation_and_test({10: np.zeros(3)}, {"a": (0, 1)})
