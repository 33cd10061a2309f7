"""Notebook 09's figures: the suite's curves draw each method's medians at each budget; the
decision guide draws a ladder of questions whose labels never touch an arrow."""

import numpy as np
import pytest


def _suite_frame():
    import pandas as pd
    rows = [{"problem": p, "method": m, "seed": s, "budget": b, "regret": r * (s + 1) / b,
             "wall_seconds": b * (2.0 if m == "slow" else 0.1)}
            for p in ("one", "two") for m, r in (("fast", 1.0), ("slow", 0.5))
            for s in range(3) for b in (10, 50)]
    rows += [{"problem": "two", "method": "exact", "seed": s, "budget": b, "regret": 0.0,
              "wall_seconds": 1.0 * b} for s in range(3) for b in (10, 50)]
    return pd.DataFrame(rows)


def test_suite_curves_draw_each_methods_medians_at_each_budget_in_its_own_colour():
    from helpers.lecture_plots import plot_suite_curves
    panels = plot_suite_curves(_suite_frame(), n_cols=2, title="claim")
    assert list(panels) == ["one", "two"]
    lines = {line.get_label(): line for line in panels["two"].get_lines()}
    assert set(lines) == {"fast", "slow", "exact"}
    # medians over the seeds (1, 2, 3 times r / b) against the median seconds, per budget
    np.testing.assert_allclose(lines["slow"].get_xydata(), [[20.0, 0.1], [100.0, 0.02]])
    np.testing.assert_allclose(lines["exact"].get_ydata(), [0.0, 0.0])   # a zero regret stays
    assert panels["one"].get_xscale() == "log" and panels["one"].get_yscale() == "symlog"
    colour = {p: {l.get_label(): l.get_color() for l in ax.get_lines()} for p, ax in panels.items()}
    assert colour["one"]["slow"] == colour["two"]["slow"] != colour["two"]["fast"]
    assert panels["one"].figure.get_suptitle() == "claim"


def test_suite_curves_refuse_missing_columns_and_unknown_problems():
    from helpers.lecture_plots import plot_suite_curves
    with pytest.raises(ValueError, match="lacks the columns"):
        plot_suite_curves(_suite_frame().drop(columns="wall_seconds"))
    with pytest.raises(ValueError, match="no rows for the problem 'three'"):
        plot_suite_curves(_suite_frame(), problems=["one", "three"])


def test_decision_guide_draws_a_ladder_whose_labels_never_touch_an_arrow():
    from helpers.lecture_plots import plot_decision_guide
    steps = [("Cheap fidelity?", "Hyperband\n31 better, 5 tied, 14 worse of 50"),
             ("Slow evaluations?", "Bayesian optimisation\nmedian -0.1 [-0.2, 0]")]
    ax = plot_decision_guide(steps, "Random search", title="guide")
    texts = {t.get_gid(): t for t in ax.texts}
    assert {g: texts[g].get_text() for g in ("q0", "a1", "otherwise")} == {
        "q0": "Cheap fidelity?", "a1": steps[1][1], "otherwise": "Random search"}
    arrows = {p.get_gid(): p for p in ax.patches}
    assert set(arrows) == {"yes0", "no0", "yes1", "no1"} and ax.get_title() == "guide"
    (tail, head) = arrows["yes0"]._posA_posB
    assert tail[1] == head[1] and head[0] > tail[0]          # "yes" runs right, level
    (tail, head) = arrows["no1"]._posA_posB
    assert tail[0] == head[0] and head[1] < tail[1]          # "no" runs down
    renderer = ax.figure.canvas.get_renderer()
    for gid, arrow in arrows.items():
        label = texts[f"{gid}-label"]
        assert label.get_text() == gid.rstrip("0123456789")
        box = label.get_window_extent(renderer)
        for other in arrows.values():                       # no label overlaps any arrow
            assert not box.overlaps(other.get_window_extent(renderer)), (gid, other.get_gid())


def test_decision_guide_needs_a_question():
    from helpers.lecture_plots import plot_decision_guide
    with pytest.raises(ValueError, match="at least one"):
        plot_decision_guide([], "Random search")
