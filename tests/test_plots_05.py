"""Notebook 05's figures: prior draws, a GP posterior (with Thompson draws), the acquisition
functions, the BO loop round by round and the regret panels draw what they say."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.lecture_plots import (plot_acquisitions, plot_bo_rounds, plot_posterior,
                                   plot_prior_draws, plot_regret_panels)

X_GRID = np.linspace(0, 1, 50)
MEAN = np.sin(6 * X_GRID)
STD = 0.1 + X_GRID
X_OBS, Y_OBS = np.array([0.2, 0.6]), np.array([0.9, -0.4])


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_prior_draws_one_panel_per_length_scale():
    draws = {0.1: np.zeros((50, 3)), 0.3: np.ones((50, 2))}
    axes = plot_prior_draws(X_GRID, draws, title="the claim")
    assert [ax.get_title() for ax in axes] == ["length scale 0.1", "length scale 0.3"]
    assert [len(ax.get_lines()) for ax in axes] == [3, 2]
    np.testing.assert_array_equal(axes[1].get_lines()[0].get_ydata(), np.ones(50))
    assert axes[0].figure._suptitle.get_text() == "the claim"


@pytest.mark.parametrize("draws", [{}, {0.1: np.zeros((49, 3))}])
def test_prior_draws_reject_bad_input(draws):
    with pytest.raises(ValueError, match="draws|49"):
        plot_prior_draws(X_GRID, draws)


def test_posterior_draws_mean_band_evaluations_and_sample_minimisers():
    truth = np.cos(X_GRID)
    samples = np.stack([X_GRID, (X_GRID - 0.7) ** 2], axis=1)   # minima at x = 0 and x = 0.7
    ax = plot_posterior(X_GRID, MEAN, STD, X_OBS, Y_OBS, truth=truth, samples=samples,
                        title="a posterior", ylim=(-3, 3))
    lines = ax.get_lines()
    assert len(lines) == 4   # truth, mean, two samples
    np.testing.assert_allclose(lines[0].get_ydata(), truth)
    np.testing.assert_allclose(lines[1].get_ydata(), MEAN)
    band = ax.collections[0].get_paths()[0].vertices
    assert np.isclose(band[:, 1].max(), (MEAN + 2 * STD).max())
    crosses, dots = (np.asarray(c.get_offsets()) for c in ax.collections[1:3])
    nearest = X_GRID[np.argmin(np.abs(X_GRID - 0.7))]
    np.testing.assert_allclose(crosses, [[0.0, 0.0], [nearest, (nearest - 0.7) ** 2]])
    np.testing.assert_allclose(dots, np.c_[X_OBS, Y_OBS])
    assert ax.get_title() == "a posterior" and ax.get_ylim() == (-3, 3)
    assert ax.get_legend() is not None


def test_posterior_rejects_bad_input():
    with pytest.raises(ValueError, match="mean has"):
        plot_posterior(X_GRID, MEAN[:-1], STD, X_OBS, Y_OBS)
    with pytest.raises(ValueError, match="std must be >= 0, got a minimum of -1"):
        plot_posterior(X_GRID, MEAN, STD - 1.1, X_OBS, Y_OBS)
    with pytest.raises(ValueError, match="same length, got 2 and 1"):
        plot_posterior(X_GRID, MEAN, STD, X_OBS, Y_OBS[:1])


def test_acquisitions_scaled_and_marked_at_their_maximisers():
    scores = {"PI": -(X_GRID - 0.3) ** 2, "EI": 5 + 10 * X_GRID}
    top, bottom = plot_acquisitions(X_GRID, MEAN, STD, X_OBS, Y_OBS, scores, title="t")
    assert top.get_title() == "t"
    curves = [l for l in bottom.get_lines() if l.get_linestyle() == "-"]
    marks = [l for l in bottom.get_lines() if l.get_linestyle() == ":"]
    assert [l.get_label() for l in curves] == ["PI", "EI"]
    for line in curves:
        assert np.isclose(min(line.get_ydata()), 0) and np.isclose(max(line.get_ydata()), 1)
    nearest = X_GRID[np.argmin(np.abs(X_GRID - 0.3))]
    assert [l.get_xdata()[0] for l in marks] == pytest.approx([nearest, 1.0])
    with pytest.raises(ValueError, match="at least one"):
        plot_acquisitions(X_GRID, MEAN, STD, X_OBS, Y_OBS, {})
    with pytest.raises(ValueError, match=r"scores\['EI'\] has"):
        plot_acquisitions(X_GRID, MEAN, STD, X_OBS, Y_OBS, {"EI": np.zeros(3)})


def _round(n, x_next, length_scale=None):
    r = dict(X=np.linspace(0.1, 0.9, n), y=np.arange(n, dtype=float), mean=MEAN, std=STD,
             acquisition=np.exp(-((X_GRID - x_next) / 0.1) ** 2), x_next=x_next)
    if length_scale is not None:
        r["length_scale"] = length_scale
    return r


def test_bo_rounds_one_pair_of_panels_per_round():
    rounds = [_round(3, 0.4, 0.01), _round(4, 0.75, 0.2), _round(5, 0.8)]
    axes = plot_bo_rounds(X_GRID, rounds, n_cols=2, title="the loop")
    assert axes.shape == (4, 2)
    assert axes[0, 0].get_title() == "round 1: 3 points, ℓ = 0.01"
    assert axes[0, 1].get_title() == "round 2: 4 points, ℓ = 0.2"
    assert axes[2, 0].get_title() == "round 3: 5 points"
    assert not axes[2, 1].get_visible() and not axes[3, 1].get_visible()
    # the dotted line where the next evaluation goes, in both panels of round 2
    for ax in (axes[0, 1], axes[1, 1]):
        assert ax.get_lines()[-1].get_xdata()[0] == 0.75
    np.testing.assert_allclose(axes[1, 0].get_lines()[0].get_ydata(), rounds[0]["acquisition"])
    assert len(axes[0, 0].collections[-1].get_offsets()) == 3   # the three evaluations


def test_bo_rounds_reject_bad_input():
    with pytest.raises(ValueError, match="at least one round"):
        plot_bo_rounds(X_GRID, [])
    with pytest.raises(ValueError, match="n_cols must be at least 1, got 0"):
        plot_bo_rounds(X_GRID, [_round(3, 0.5)], n_cols=0)


def test_regret_panels_draw_the_reference_line():
    rng = np.random.default_rng(0)
    random = np.minimum.accumulate(rng.random((5, 10)), axis=1)
    curves = {"a": {"random": random, "bayes": random / 10}, "b": {"random": random * 2}}
    axes = plot_regret_panels(curves, title="claim")
    assert [ax.get_title() for ax in axes] == ["a", "b"]
    assert axes[0].get_yscale() == "log"
    reference = [l for l in axes[0].get_lines() if l.get_linestyle() == ":"]
    assert len(reference) == 1
    assert reference[0].get_ydata()[0] == pytest.approx(np.median(random[:, -1]))
    assert axes[0].figure._suptitle.get_text() == "claim"
    with pytest.raises(ValueError, match="has no 'random' runs"):
        plot_regret_panels({"a": {"bayes": random}})
    with pytest.raises(ValueError, match="at least one problem"):
        plot_regret_panels({})
