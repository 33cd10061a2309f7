"""Notebook 04's figures: the Bergstra & Bengio projection picture and the cell-coverage
picture of quasi-random points draw what they say."""

import itertools

import numpy as np
import pytest

from helpers.lecture_plots import plot_cell_coverage, plot_projections


def important(x):
    return 1 - 0.9 * np.exp(-((x - 0.72) / 0.09) ** 2)


GRID = np.array(list(itertools.product([1 / 6, 1 / 2, 5 / 6], repeat=2)))
RANDOM = np.random.default_rng(0).random((9, 2))


def test_projections_count_the_distinct_values_of_the_important_hyperparameter():
    axes = plot_projections({"grid": GRID, "random": RANDOM}, important,
                            lambda y: 0.05 * np.sin(2 * np.pi * y), title="the claim")
    assert set(axes) == {"grid", "grid top", "grid side", "random", "random top", "random side"}
    assert axes["grid top"].get_title() == "grid: 3 distinct values"
    assert axes["random top"].get_title() == "random: 9 distinct values"
    assert axes["grid"].figure._suptitle.get_text() == "the claim"
    # the main panel shows every point, and the top strip marks each at its loss along x
    offsets = axes["grid"].collections[-1].get_offsets()
    np.testing.assert_allclose(np.asarray(offsets), GRID)
    top = np.asarray(axes["random top"].collections[-1].get_offsets())
    np.testing.assert_allclose(top[:, 1], important(RANDOM[:, 0]))


def test_projections_side_strip_is_on_the_top_strips_scale():
    axes = plot_projections({"random": RANDOM}, important)  # unimportant: zero
    low, high = axes["random side"].get_xlim()
    t = np.linspace(0, 1, 400)
    assert np.isclose(high - low, np.ptp(important(t)))
    assert np.isclose((low + high) / 2, 0.0)
    line = axes["random side"].get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), np.zeros(400))


@pytest.mark.parametrize("bad", [np.zeros((3, 3)), np.zeros((0, 2)), np.full((2, 2), 1.5)])
def test_projections_reject_points_that_are_not_in_the_unit_square(bad):
    with pytest.raises(ValueError, match="designs\\['bad'\\]"):
        plot_projections({"bad": bad}, important)
    with pytest.raises(ValueError, match="at least one"):
        plot_projections({}, important)


def test_cell_coverage_counts_and_shades_the_empty_cells():
    one_per_cell = (np.array(list(itertools.product(range(4), repeat=2))) + 0.5) / 4
    clumped = np.array([[0.1, 0.1], [0.12, 0.13], [0.9, 0.9], [1.0, 1.0]])  # 1.0: last cell
    full, sparse = plot_cell_coverage({"even": one_per_cell, "clumped": clumped}, k=4)
    assert full.get_title() == "even: 0 empty cells"
    assert sparse.get_title() == "clumped: 14 empty cells"
    assert len(full.patches) == 0 and len(sparse.patches) == 14
    shaded = {(round(p.get_x() * 4), round(p.get_y() * 4)) for p in sparse.patches}
    assert (0, 0) not in shaded and (3, 3) not in shaded and (1, 2) in shaded


@pytest.mark.parametrize("kwargs", [{"designs": {}}, {"designs": {"a": np.zeros((2, 2))}, "k": 0},
                                    {"designs": {"a": np.full((2, 2), -0.1)}}])
def test_cell_coverage_rejects_bad_input(kwargs):
    with pytest.raises(ValueError):
        plot_cell_coverage(**kwargs)


def test_regret_race_draws_the_searches_and_the_deterministic_grid():
    import matplotlib.pyplot as plt

    from helpers.lecture_plots import plot_regret_race

    rng = np.random.default_rng(0)
    random_runs = [np.minimum.accumulate(rng.uniform(0.1, 10, 20)) for _ in range(5)]
    grid = np.minimum.accumulate(np.repeat([50.0, 20.0, 8.0, 3.0], 5))
    ax = plot_regret_race({"random search": random_runs}, fixed={"standard grid": grid},
                          title="the claim")
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["random search (median of 5)", "standard grid (deterministic)"]
    median, drawn_grid = ax.get_lines()
    np.testing.assert_allclose(median.get_ydata(), np.median(random_runs, axis=0))
    np.testing.assert_array_equal(drawn_grid.get_xdata(), np.arange(1, 21))
    np.testing.assert_array_equal(drawn_grid.get_ydata(), grid)
    assert ax.get_yscale() == "log" and ax.get_title() == "the claim"
    assert ax.get_ylabel() == "regret (best so far - minimum)"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "standard grid (deterministic)" in legend and any("band" in t for t in legend)
    # the top of the axis is left to the legend: every curve sits in the lower part
    low, high = np.log10(ax.get_ylim())
    assert (np.log10(grid.max()) - low) / (high - low) < 0.75
    plt.close("all")


@pytest.mark.parametrize("fixed", [{"grid": np.array([1.0, 0.0])}, {"grid": np.array([])},
                                   {"grid": np.ones((2, 2))}])
def test_regret_race_rejects_regrets_a_log_axis_cannot_show(fixed):
    from helpers.lecture_plots import plot_regret_race

    with pytest.raises(ValueError, match="fixed\\['grid'\\]"):
        plot_regret_race({}, fixed=fixed)
    with pytest.raises(ValueError, match="nothing to draw"):
        plot_regret_race({}, fixed={})
