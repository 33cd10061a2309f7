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


def _guide_facts():
    import pandas as pd
    groups = {"tables": ["t1", "t2"], "numeric": ["a", "b", "c"], "smooth": ["a", "b"],
              "noisy": ["c"], "many": ["d"], "mixed": ["m"]}
    return dict(groups=groups, rho={"t1": 0.5, "t2": 0.9},
                on_tables=pd.DataFrame({"method": ["tpe"], "problem": ["t2"], "budget": [50]}),
                bo_limit=0.0123, bo_batched=["worse", "not settled", "worse"], bo_200_seeds=5)


def _evidence(method, problems, budget=50):      # names what it was asked, so the test can see it
    return f"<{method} on {'+'.join(problems)} at {budget}>"


def test_method_guide_puts_each_measurement_on_its_branch():
    from helpers.lecture_plots import plot_method_guide
    first = {t.get_gid(): t.get_text() for t in plot_method_guide(1, _evidence, **_guide_facts()).texts}
    assert "Spearman\n0.50 to 0.90" in first["q0"]
    assert "\ntpe on t2 at 50\n" in first["a0"] and "Hyperband <hyperband on t1+t2 at 50>" in first["a0"]
    assert first["a1"].endswith("below 0.012 s on each smooth toy function")
    assert "<evolution on a+b+c at 200>" in first["a2"] and "only 5 of 50 seeds" in first["a2"]
    assert first["otherwise"] == "By the space and the noise:\nthe next figure"
    second = plot_method_guide(2, _evidence, **_guide_facts(), title="claim")
    texts = {t.get_gid(): t.get_text() for t in second.texts}
    assert "BO <bayes on a+b at 50>" in texts["a0"] and "worse than with 1 on 2 of 3" in texts["a0"]
    assert "CMA-ES <evolution on c+d at 50>" in texts["a1"] and "TPE <optuna-tpe on c+d at 50>" in texts["a1"]
    assert texts["otherwise"].startswith("Mixed space: BO or TPE\nBO <bayes on m at 50>")
    assert second.get_title() == "claim" and {p.get_gid() for p in second.patches} == {
        "yes0", "no0", "yes1", "no1"}


def test_method_guide_refuses_an_unknown_part_and_missing_groups():
    from helpers.lecture_plots import plot_method_guide
    with pytest.raises(ValueError, match="part must be 1 or 2, got 3"):
        plot_method_guide(3, _evidence, **_guide_facts())
    facts = _guide_facts()
    del facts["groups"]["mixed"]
    with pytest.raises(ValueError, match=r"groups lacks \['mixed'\]"):
        plot_method_guide(2, _evidence, **facts)
