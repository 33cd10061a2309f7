"""Notebook 09's figures: the rank plot ranks within each seed and sorts the methods by it; the
flowchart draws every box and every labelled branch it is given."""

import numpy as np
import pytest

from helpers.lecture_plots import mean_ranks, plot_flowchart, plot_ranks


def test_mean_ranks_rank_within_each_seed_then_average():
    ranks = mean_ranks({"p": {"a": [1.0, 5.0], "b": [2.0, 3.0], "c": [2.0, 1.0]}})
    # seed 0: a=1, b and c tie at 2.5; seed 1: c=1, b=2, a=3
    assert ranks == {"p": {"a": 2.0, "b": 2.25, "c": 1.75}}


def test_a_single_value_joins_every_seeds_ranking():
    ranks = mean_ranks({"p": {"grid": 2.5, "random": [1.0, 2.0, 3.0, 4.0]}})
    assert ranks["p"] == {"grid": 1.5, "random": 1.5}


def test_unpaired_lengths_are_refused():
    with pytest.raises(ValueError, match="one per seed"):
        mean_ranks({"p": {"a": [1.0, 2.0, 3.0], "b": [1.0, 2.0]}})
    with pytest.raises(ValueError, match="no methods"):
        mean_ranks({"p": {}})


def test_plot_ranks_sorts_methods_by_average_rank_and_marks_each_problem():
    finals = {"one": {"slow": [3.0, 3.0], "fast": [1.0, 1.0], "mid": [2.0, 2.0]},
              "two": {"slow": [9.0, 9.0], "fast": [1.0, 1.0]}}
    ax, ranks = plot_ranks(finals, title="claim")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["fast", "mid", "slow"]
    assert ranks["two"] == {"slow": 2.0, "fast": 1.0}
    one, two = ax.collections
    np.testing.assert_allclose(one.get_offsets(), [[1, 0], [2, 1], [3, 2]])
    np.testing.assert_allclose(two.get_offsets(), [[1, 0], [2, 2]])   # "mid" did not run there
    assert ax.get_title() == "claim" and ax.get_ylim()[0] > ax.get_ylim()[1]  # best on top
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["one (3 methods)",
                                                                  "two (2 methods)"]


def test_flowchart_draws_every_box_and_labelled_branch():
    boxes = {"q": (0.5, 0.8, "Question?", "question"), "a": (0.2, 0.2, "Answer A", "answer"),
             "b": (0.8, 0.2, "Answer B", "answer")}
    ax = plot_flowchart(boxes, [("q", "a", "yes: 0.12"), ("q", "b", "no")], title="guide")
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts == {"q": "Question?", "a": "Answer A", "b": "Answer B", "q->a": "yes: 0.12",
                     "q->b": "no"}
    assert len(ax.patches) == 2 and ax.get_title() == "guide"
    # a label sits beside the middle of its arrow, which runs from the bottom edge of the
    # question to the top edge of the answer: left of the middle for an arrow turning left
    label = next(t for t in ax.texts if t.get_gid() == "q->a")
    x, y = label.get_position()
    assert label.get_ha() == "right" and x == pytest.approx(0.35) and 0.4 < y < 0.6
    arrow = ax.patches[0]
    (tail_x, tail_y), (head_x, head_y) = arrow._posA_posB
    assert tail_x == 0.5 and 0.7 < tail_y < 0.78 and head_x == 0.2 and 0.22 < head_y < 0.3


def test_flowchart_refuses_unknown_boxes_and_kinds():
    with pytest.raises(ValueError, match="no box named 'z'"):
        plot_flowchart({"q": (0.5, 0.5, "Q", "question")}, [("q", "z", "yes")])
    with pytest.raises(ValueError, match="kind must be"):
        plot_flowchart({"q": (0.5, 0.5, "Q", "maybe")}, [])
