"""Notebook 02's plot: `plot_decision_boundaries` draws, for each setting of two
hyperparameters, the boundary the fitted model really has, in the features it says."""

import matplotlib
import numpy as np
import pytest
from matplotlib.contour import ContourSet
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from helpers import PALETTE
from helpers.lecture_plots import plot_decision_boundaries


def data(n=300, informative=0, threshold=0.3, seed=0):
    X = np.random.default_rng(seed).normal(size=(n, 3))
    return X, (X[:, informative] > threshold).astype(int)


def framed(axes):
    return [[ax.spines["left"].get_linewidth() == 3
             and matplotlib.colors.to_hex(ax.spines["left"].get_edgecolor()) == PALETTE[3].lower()
             for ax in row] for row in axes]


def contours(ax, filled):
    return [c for c in ax.collections if isinstance(c, ContourSet) and c.filled == filled]


def boundary_points(ax):
    (lines,) = contours(ax, filled=False)
    return np.vstack([seg for level in lines.allsegs for seg in level])


def test_one_panel_per_setting_titled_by_its_score_and_the_best_of_each_row_framed():
    X, y = data()
    scores = np.array([[0.3, 0.1, 0.2], [0.05, 0.4, 0.5]])
    fig, axes = plot_decision_boundaries(DecisionTreeClassifier(random_state=0), X, y,
                                         "max_depth", [1, 3], "min_samples_leaf", [1, 5, 20],
                                         scores=scores)
    assert axes.shape == (2, 3) and len(fig.axes) == 6
    assert [ax.get_title() for ax in axes.ravel()] == ["0.300", "0.100", "0.200",
                                                       "0.050", "0.400", "0.500"]
    assert framed(axes) == [[False, True, False], [True, False, False]]   # each row's minimum
    assert axes[0, 1].title.get_fontweight() == "bold"
    assert axes[0, 0].title.get_fontweight() == "normal"
    assert axes[0, 0].get_ylabel() == "max_depth = 1" and axes[1, 0].get_ylabel() == "max_depth = 3"
    assert [ax.get_xlabel() for ax in axes[-1]] == [f"min_samples_leaf = {v}" for v in (1, 5, 20)]

    _, axes = plot_decision_boundaries(DecisionTreeClassifier(), X, y, "max_depth", [1, 3],
                                       "min_samples_leaf", [1, 5, 20], scores=scores, best="max")
    assert framed(axes) == [[True, False, False], [False, False, True]]   # each row's maximum


def test_a_single_panel_is_titled_by_its_label_and_score_and_not_framed():
    X, y = data()
    _, axes = plot_decision_boundaries(SVC(), X, y, "gamma", [0.1], "C", [1.0], scores=[[0.117]],
                                       score_label="CV error", panel_size=3.5)
    assert axes.shape == (1, 1) and axes[0, 0].get_title() == "CV error 0.117"
    assert framed(axes) == [[False]]       # one setting per row: nothing to single out
    assert axes[0, 0].figure.get_size_inches()[0] > 3.5


def test_the_boundary_is_where_the_fitted_model_puts_it_in_the_features_drawn():
    X, y = data(informative=0, threshold=0.3)
    stump = DecisionTreeClassifier(max_depth=1).fit(X, y)
    cut = stump.tree_.threshold[0]
    assert stump.tree_.feature[0] == 0 and abs(cut - 0.3) < 0.2
    # feature 0 on the x axis: a vertical boundary at the stump's threshold
    _, axes = plot_decision_boundaries(DecisionTreeClassifier(), X, y, "max_depth", [1],
                                       "min_samples_leaf", [1], features=(0, 1), resolution=200)
    points = boundary_points(axes[0, 0])
    step = np.ptp(X[:, 0]) * 1.1 / 199
    assert np.all(np.abs(points[:, 0] - cut) <= step)
    assert np.ptp(points[:, 1]) > 0.9 * np.ptp(X[:, 1])              # across the whole plane
    # the same model drawn with feature 0 on the y axis: a horizontal boundary
    _, axes = plot_decision_boundaries(DecisionTreeClassifier(), X, y, "max_depth", [1],
                                       "min_samples_leaf", [1], features=(2, 0), resolution=200)
    points = boundary_points(axes[0, 0])
    assert np.all(np.abs(points[:, 1] - cut) <= step)


def test_features_not_drawn_are_held_at_their_mean():
    # the class depends on feature 2 only: 1 above 3, where 80 % of the points lie (at 5),
    # 0 below (at 1). Feature 2's mean, 4.2, is in class 1 (its zero would be in class 0), so
    # the plane of features 0 and 1 is all class 1, with no boundary
    X, _ = data()
    X[:, 2] = np.where(np.arange(len(X)) % 5 == 0, 1.0, 5.0) + 0.1 * X[:, 2]
    y = (X[:, 2] > 3).astype(int)
    assert 4 < X[:, 2].mean() < 4.4
    _, axes = plot_decision_boundaries(DecisionTreeClassifier(), X, y, "max_depth", [1],
                                       "min_samples_leaf", [1])
    ax = axes[0, 0]
    assert contours(ax, filled=False) == []
    (regions,) = contours(ax, filled=True)
    area = [sum(len(seg) for seg in level) for level in regions.allsegs]  # vertices per class
    assert area[0] == 0 and area[1] > 0                                 # all of it class 1


def test_the_estimator_passed_in_is_left_unfitted_and_unchanged():
    X, y = data()
    model = SVC()
    plot_decision_boundaries(model, X, y, "gamma", [0.1, 1.0], "C", [1.0, 10.0])
    assert model.get_params()["C"] == 1.0 and model.get_params()["gamma"] == "scale"
    assert not hasattr(model, "support_")


def test_three_classes_get_three_colours_and_their_points():
    X = np.random.default_rng(1).normal(size=(300, 2))
    y = np.digitize(X[:, 0], [-0.5, 0.5])            # classes 0, 1, 2 in bands along feature 0
    _, axes = plot_decision_boundaries(DecisionTreeClassifier(), X, y, "max_depth", [2],
                                       "min_samples_leaf", [1], n_shown=300)
    ax = axes[0, 0]
    dots = [c for c in ax.collections if not isinstance(c, ContourSet)]
    assert len(dots) == 3 and sum(len(d.get_offsets()) for d in dots) == 300
    assert [matplotlib.colors.to_hex(d.get_facecolor()[0]) for d in dots] == [
        c.lower() for c in PALETTE[:3]]
    (lines,) = contours(ax, filled=False)
    assert len(lines.allsegs) == 2                    # two boundaries between three classes
    assert all(sum(len(seg) for seg in level) > 0 for level in lines.allsegs)


def test_bad_arguments_are_refused_with_their_value():
    X, y = data()
    with pytest.raises(ValueError, match=r"scores must have shape .*\(2, 2\), got \(2, 3\)"):
        plot_decision_boundaries(SVC(), X, y, "gamma", [0.1, 1], "C", [1, 10],
                                 scores=np.zeros((2, 3)))
    with pytest.raises(ValueError, match="best must be 'min', 'max' or None, got 'lowest'"):
        plot_decision_boundaries(SVC(), X, y, "gamma", [0.1], "C", [1], scores=[[0.1]],
                                 best="lowest")


# --- plot_scans and plot_ofat_path (notebook 02's log-scale and OFAT figures) ---

from helpers.lecture_plots import plot_ofat_path, plot_scans  # noqa: E402


def test_scans_draw_every_point_the_first_as_a_line_the_others_as_open_markers():
    log_C, linear_C = np.geomspace(1e-3, 1e3, 4), np.linspace(1e-3, 1e3, 3)
    ax = plot_scans({"log": (log_C, [0.3, 0.1, 0.2, 0.2]), "linear": (linear_C, [0.3, 0.2, 0.2])},
                    xlabel="C", title="Two scans")
    first, second = ax.get_lines()
    np.testing.assert_allclose(first.get_xdata(), log_C)
    np.testing.assert_allclose(second.get_ydata(), [0.3, 0.2, 0.2])
    assert first.get_linestyle() == "-" and second.get_linestyle() == "None"
    assert second.get_markerfacecolor() == "none"
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "C" and ax.get_title() == "Two scans"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["log", "linear"]


def test_scans_refuse_bad_input_with_the_value():
    with pytest.raises(ValueError, match="at least one"):
        plot_scans({}, xlabel="C")
    with pytest.raises(ValueError, match=r"'a' needs as many errors as values, got \(3,\) and \(2,\)"):
        plot_scans({"a": ([1, 2, 3], [0.1, 0.2])}, xlabel="C")
    with pytest.raises(ValueError, match="values <= 0 on a log axis: 0.0"):
        plot_scans({"a": ([0.0, 1.0], [0.1, 0.2])}, xlabel="C")


def _table(xs, ys):
    return {(x, y): 0.1 + abs(np.log10(x) + np.log10(y)) for x in xs for y in ys}


def test_ofat_path_marks_the_grid_the_evaluated_points_the_start_and_the_stop():
    xs, ys = [0.1, 1.0, 10.0], [0.01, 0.1, 1.0]
    values = _table(xs, ys)
    values[10.0, 0.01] = 0.01                                  # the best cell
    evaluated = [{"C": C, "gamma": 1.0} for C in xs] + [{"C": 0.1, "gamma": g} for g in ys[:2]]
    ax = plot_ofat_path(values, {"C": xs, "gamma": ys}, evaluated, {"C": 1.0, "gamma": 1.0},
                        {"C": 0.1, "gamma": 0.1}, title="OFAT")
    mesh = ax.collections[0]
    np.testing.assert_allclose(np.asarray(mesh.get_array()).reshape(3, 3),
                               [[values[x, y] for x in xs] for y in ys])  # rows: gamma
    best, dots, start, stop = ax.get_lines()
    assert (best.get_xdata()[0], best.get_ydata()[0]) == (10.0, 0.01)
    assert list(dots.get_xdata()) == [0.1, 1.0, 10.0, 0.1, 0.1]
    assert list(dots.get_ydata()) == [1.0, 1.0, 1.0, 0.01, 0.1]
    assert (start.get_xdata()[0], start.get_ydata()[0], start.get_marker()) == (1.0, 1.0, "s")
    assert (stop.get_xdata()[0], stop.get_ydata()[0], stop.get_marker()) == (0.1, 0.1, "X")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["best: C=10, gamma=0.01", "evaluated by OFAT (5)", "OFAT starts",
                      "OFAT stops"]
    assert ax.get_title() == "OFAT" and ax.get_xscale() == ax.get_yscale() == "log"


def test_ofat_path_refuses_a_point_off_the_grid_or_a_missing_cell():
    xs, ys = [0.1, 1.0], [0.01, 0.1]
    values = _table(xs, ys)
    on = {"C": 0.1, "gamma": 0.1}
    with pytest.raises(ValueError, match=r"not on the grid's levels: \{'C': 3.0, 'gamma': 0.1\}"):
        plot_ofat_path(values, {"C": xs, "gamma": ys}, [{"C": 3.0, "gamma": 0.1}], on, on)
    del values[1.0, 0.1]
    with pytest.raises(ValueError, match=r"no error for \(1.0, 0.1\)"):
        plot_ofat_path(values, {"C": xs, "gamma": ys}, [], on, on)
    with pytest.raises(ValueError, match="two hyperparameters"):
        plot_ofat_path(values, {"C": xs}, [], on, on)
