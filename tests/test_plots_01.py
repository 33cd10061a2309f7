"""The plots appended for notebook 01 draw what they say: plot_histograms (overlaid samples,
their means marked) and plot_regression_fits (fitted one-feature models side by side)."""

import matplotlib
import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from helpers.lecture_plots import plot_histograms, plot_regression_fits
from helpers.plots import PALETTE


def test_histograms_count_every_value_in_shared_bins_and_mark_the_means():
    a, b = np.array([0.0, 0.0, 1.0, 3.0]), np.array([2.0, 2.0, 4.0])
    ax = plot_histograms({"reported": a, "real": b}, bins=[0, 1, 2, 3, 4, 5])
    first = [p for p in ax.patches if matplotlib.colors.same_color(p.get_facecolor()[:3],
                                                                   PALETTE[0])]
    second = [p for p in ax.patches if matplotlib.colors.same_color(p.get_facecolor()[:3],
                                                                    PALETTE[1])]
    assert [p.get_height() for p in first] == [2, 1, 0, 1, 0]    # bins [0,1) [1,2) ... [4,5]
    assert [p.get_height() for p in second] == [0, 0, 2, 0, 1]
    assert [p.get_x() for p in first] == [p.get_x() for p in second] == [0, 1, 2, 3, 4]
    segments = [c.get_segments()[0] for c in ax.collections]   # the dashed mean lines
    assert [seg[0][0] for seg in segments] == pytest.approx([1.0, 8 / 3])
    assert all(seg[1][1] < 0.85 * ax.get_ylim()[1] for seg in segments)  # below the legend
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["reported (mean 1)", "real (mean 2.67)"]
    assert ax.get_ylim()[1] > 2 * 1.3   # room above the tallest bar for the legend
    assert ax.get_ylabel() == "count"


def test_histograms_with_density_have_unit_area_whatever_the_sample_size():
    rng = np.random.default_rng(0)
    ax = plot_histograms({"many": rng.normal(size=500), "few": rng.normal(1, 2, size=20)},
                         bins=12, density=True, xlabel="value")
    for colour in PALETTE[:2]:
        bars = [p for p in ax.patches if matplotlib.colors.same_color(p.get_facecolor()[:3],
                                                                      colour)]
        assert len(bars) == 12
        assert sum(p.get_height() * p.get_width() for p in bars) == pytest.approx(1.0)
    assert ax.get_ylabel() == "density" and ax.get_xlabel() == "value"


@pytest.mark.parametrize("samples", [{}, {"empty": []}, {"nan": [1.0, np.nan]}])
def test_histograms_reject_empty_or_non_finite_samples(samples):
    with pytest.raises(ValueError, match="samples"):
        plot_histograms(samples)


def _polynomial(degree, x, y):
    return make_pipeline(PolynomialFeatures(degree), LinearRegression()).fit(x[:, None], y)


def test_regression_fits_draw_each_models_predictions_over_the_data():
    x = np.linspace(-1, 1, 21)
    y = x ** 2
    models = [_polynomial(1, x, y), _polynomial(2, x, y)]
    axes = plot_regression_fits(models, x[:, None], y, titles=["line", "parabola"],
                                truth=np.square, n_points=50)
    assert len(axes) == 2 and [ax.get_title() for ax in axes] == ["line", "parabola"]
    for ax, model in zip(axes, models):
        truth_line, fitted = ax.get_lines()
        grid = fitted.get_xdata()
        assert grid[0] == -1 and grid[-1] == 1 and len(grid) == 50
        np.testing.assert_allclose(fitted.get_ydata(), model.predict(grid[:, None]))
        np.testing.assert_allclose(truth_line.get_ydata(), grid ** 2)
        assert len(ax.collections[0].get_offsets()) == 21     # every data point drawn
    np.testing.assert_allclose(axes[1].get_lines()[1].get_ydata(),
                               axes[1].get_lines()[0].get_ydata(), atol=1e-8)  # exact fit
    assert axes[0].get_ylim() == axes[1].get_ylim() == pytest.approx((-0.25, 1.25))


def test_regression_fits_accept_one_dimensional_x_and_no_truth():
    x = np.arange(5.0)
    axes = plot_regression_fits([_polynomial(1, x, 2 * x)], x, 2 * x, title="A line")
    assert len(axes) == 1 and len(axes[0].get_lines()) == 1 and axes[0].get_title() == ""
    assert axes[0].figure.get_suptitle() == "A line"


def test_regression_fits_reject_bad_input():
    x = np.arange(5.0)
    model = _polynomial(1, x, x)
    with pytest.raises(ValueError, match="at least one"):
        plot_regression_fits([], x, x)
    with pytest.raises(ValueError, match="one feature"):
        plot_regression_fits([model], np.ones((5, 2)), x)
    with pytest.raises(ValueError, match="one value per row"):
        plot_regression_fits([model], x, x[:4])
    with pytest.raises(ValueError, match="titles"):
        plot_regression_fits([model], x, x, titles=["a", "b"])


def test_validation_curve_and_histograms_take_a_title_a_range_and_a_legend_place():
    from helpers.lecture_plots import plot_validation_curve
    x = np.array([1, 2, 3])
    scores = np.array([[0.3, 0.3], [0.1, 0.2], [0.2, 0.2]])
    ax = plot_validation_curve(x, scores, scores, "degree", log_x=False, ylim=(0, 1.5),
                               legend_loc="upper left", title="A curve")
    assert ax.get_title() == "A curve" and ax.get_ylim() == (0, 1.5)
    assert ax.get_legend()._loc == 2                             # "upper left"
    ax = plot_histograms({"a": [1.0, 2.0]}, bins=2, title="Two values")
    assert ax.get_title() == "Two values"
