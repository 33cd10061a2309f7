"""Watching and resuming a search: the journal on disk, callbacks, the progress bar."""

import json
import math

import numpy as np
import pytest

from helpers import METHODS, Categorical, Integer, Real, branin, last_result, minimize

MIXED = {"C": Real(1e-3, 1e3, log=True), "degree": Integer(1, 5),
         "layers": Categorical([(8,), (8, 8), None])}


def mixed_objective(params):
    """A bowl with a failing corner, so failed trials are journalled and replayed too."""
    if params["C"] > 300:
        return math.nan
    return (math.log10(params["C"]) ** 2 + (params["degree"] - 3) ** 2
            + (0 if params["layers"] == (8, 8) else 0.5))


class Crash(Exception):
    pass


def crashing_at(k):
    calls = {"n": 0}

    def objective(params):
        if calls["n"] == k:
            raise Crash(f"crashed at trial {k}")
        calls["n"] += 1
        return mixed_objective(params)
    return objective


def budgeted(objective):
    """The objective at a budget: a little worse the smaller the budget."""
    def with_budget(params, budget=None):
        return objective(params) + (0 if budget is None else 1 / budget)
    return with_budget


def configured(name):
    """A registered method as a learner would configure it (multi-fidelity ones need their
    full budget)."""
    if name in ("halving", "hyperband"):
        return METHODS[name](max_budget=9, min_budget=1)
    return name


# every method the course registers: the later notebooks' methods join as they land
RESUMABLE = sorted(set(METHODS) & {"grid", "random", "sobol", "bayes", "evolution", "halving",
                                   "hyperband"})


@pytest.mark.parametrize("name", RESUMABLE)
def test_an_interrupted_search_resumes_to_the_uninterrupted_result(name, tmp_path):
    method, n_trials = configured(name), 24
    budgets = name in ("halving", "hyperband")
    objective = budgeted(mixed_objective) if budgets else mixed_objective
    whole = minimize(objective, MIXED, method=method, n_trials=n_trials, seed=3)
    assert len(whole.trials) > 9

    path = tmp_path / "search.jsonl"
    crashing = budgeted(crashing_at(9)) if budgets else crashing_at(9)
    with pytest.raises(Crash):
        minimize(crashing, MIXED, method=method, n_trials=n_trials, seed=3, storage=path)
    assert len(path.read_text().splitlines()) == 1 + 9  # header + the 9 finished trials

    calls = []

    def counting(params, *budget):
        calls.append(params)
        return objective(params, *budget)

    resumed = minimize(counting, MIXED, method=method, n_trials=n_trials, seed=3, storage=path)
    assert len(calls) == len(whole.trials) - 9  # the first nine came from the file
    assert resumed.params == whole.params
    assert resumed.values.tobytes() == whole.values.tobytes()
    assert [t.budget for t in resumed.trials] == [t.budget for t in whole.trials]
    # and a third call replays everything, running nothing
    calls.clear()
    again = minimize(counting, MIXED, method=method, n_trials=n_trials, seed=3, storage=path)
    assert calls == [] and again.values.tobytes() == whole.values.tobytes()


def test_non_finite_values_and_categorical_objects_read_back_exactly(tmp_path):
    path = tmp_path / "j.jsonl"
    values = iter([math.nan, math.inf, -math.inf, 0.1 + 0.2, 1e-300])
    first = minimize(lambda p: next(values), MIXED, method="random", n_trials=5, seed=0,
                     storage=path)
    replay = minimize(lambda p: pytest.fail("nothing should run"), MIXED, method="random",
                      n_trials=5, seed=0, storage=path)
    assert replay.values.tobytes() == first.values.tobytes()
    assert [p["layers"] for p in replay.params] == [p["layers"] for p in first.params]
    assert any(type(p["layers"]) is tuple for p in replay.params)
    for line in path.read_text().splitlines():
        json.loads(line)  # standard JSON: no NaN or Infinity tokens
    assert "NaN" not in path.read_text() and "Infinity" not in path.read_text()


def test_a_file_from_another_search_is_refused(tmp_path):
    path = tmp_path / "j.jsonl"
    minimize(mixed_objective, MIXED, method="random", n_trials=4, seed=0, storage=path)
    for other in (dict(seed=1), dict(method="grid"), dict(n_trials=5),
                  dict(space={**MIXED, "C": Real(1e-2, 1e3, log=True)})):
        kwargs = dict(method="random", n_trials=4, seed=0, storage=path,
                      space=MIXED) | other
        with pytest.raises(ValueError, match="different search"):
            minimize(mixed_objective, **kwargs)
    (tmp_path / "notes.jsonl").write_text("my own notes\n")
    with pytest.raises(ValueError, match="not a search journal"):
        minimize(mixed_objective, MIXED, n_trials=2, seed=0, storage=tmp_path / "notes.jsonl")
    with pytest.raises(ValueError, match="needs a seed"):
        minimize(mixed_objective, MIXED, n_trials=2, storage=tmp_path / "new.jsonl")


def test_a_half_written_last_line_is_ignored_with_a_warning(tmp_path):
    path = tmp_path / "j.jsonl"
    whole = minimize(mixed_objective, MIXED, method="random", n_trials=6, seed=2, storage=path)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:4]) + lines[4][:25])  # trial 3 cut off mid-write
    calls = []
    with pytest.warns(RuntimeWarning, match="cut off"):
        resumed = minimize(lambda p: calls.append(p) or mixed_objective(p), MIXED,
                           method="random", n_trials=6, seed=2, storage=path)
    assert len(calls) == 3 and resumed.values.tobytes() == whole.values.tobytes()
    assert [json.loads(x)["number"] for x in path.read_text().splitlines()[1:]] == list(range(6))


def test_callback_sees_every_trial_and_can_stop_the_search():
    seen = []

    def stop_near_optimum(result, trial):
        seen.append(trial.number)
        return result.best_value - branin.minimum < 0.5

    result = minimize(branin, branin.space, method="random", n_trials=500, seed=0,
                      callback=stop_near_optimum)
    assert seen == list(range(len(result.trials)))
    assert result.best_value - branin.minimum < 0.5 and len(result.trials) < 500
    # it stopped at the first trial that reached the target
    assert np.sum(result.values - branin.minimum < 0.5) == 1
    with pytest.raises(TypeError, match="callback"):
        minimize(branin, branin.space, n_trials=2, callback="print")


def test_progress_bar_counts_the_trials(capsys):
    result = minimize(branin, branin.space, method="random", n_trials=7, seed=0, progress=True)
    err = capsys.readouterr().err
    assert "7/7" in err and f"best={result.best_value:.4g}" in err
    minimize(branin, branin.space, method="random", n_trials=3, seed=0)
    assert capsys.readouterr().err == ""  # off by default: stored notebook outputs stay clean
    assert last_result().seed == 0


# --- reading a search: importance and parallel coordinates ---------------------------------

def test_importance_finds_the_hyperparameter_that_matters():
    from helpers import importance

    space = {"lr": Real(1e-4, 1e0, log=True), "noise_a": Real(0, 1), "noise_b": Integer(1, 9),
             "kind": Categorical(["a", "b", "c"])}

    def objective(params):  # only the learning rate matters, in log scale
        return (math.log10(params["lr"]) + 2) ** 2

    result = minimize(objective, space, method="random", n_trials=80, seed=0)
    frame = importance(result, n_repeats=5, seed=0)
    assert frame.index[0] == "lr" and frame.attrs["r2"] > 0.8
    assert frame.loc["lr", "importance"] > 0.5
    for other in ("noise_a", "noise_b", "kind"):  # within noise of zero
        assert abs(frame.loc[other, "importance"]) < 0.05
        assert frame.loc[other, "importance"] < frame.loc["lr", "importance"] - 5 * frame.loc[
            "lr", "std"] / np.sqrt(25)
    # it is reproducible and says when it cannot answer
    again = importance(result, n_repeats=5, seed=0)
    assert frame.equals(again)
    with pytest.raises(ValueError, match="at least 10"):
        importance(minimize(objective, space, n_trials=5, seed=0))


def test_parallel_coordinates_draws_every_successful_trial_best_on_top():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers import plot_parallel_coordinates

    result = minimize(mixed_objective, MIXED, method="random", n_trials=30, seed=1)
    ax = plot_parallel_coordinates(result)
    lines = [line for line in ax.lines if len(line.get_xdata()) == len(MIXED)]
    assert len(lines) == 30 - result.n_failed
    best = np.array(list(result.best_params.values()), dtype=object)
    from helpers import to_unit

    np.testing.assert_allclose(lines[-1].get_ydata(), to_unit(MIXED, result.best_params))
    assert [t.get_text() for t in ax.get_xticklabels()] == list(MIXED)
    assert "(8, 8)" in [t.get_text() for t in ax.texts] and best is not None
    plt.close("all")


# --- issue 19: the journal never harms a file it refuses, and one search writes it ----------

def test_a_file_that_is_not_a_journal_is_refused_untouched(tmp_path):
    # a json.dump file has no final newline: its one line once looked like a half-written trial
    # and was cut off before the file was refused
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"accuracy": [0.91, 0.93]}))
    before = path.read_bytes()
    with pytest.raises(ValueError, match="not a search journal"):
        minimize(mixed_objective, MIXED, "random", n_trials=3, seed=0, storage=path)
    assert path.read_bytes() == before
    # a longer file of other lines, also without a final newline
    path.write_text("name,value\na,1\nb,2")
    before = path.read_bytes()
    with pytest.raises(ValueError, match="not a search journal"):
        minimize(mixed_objective, MIXED, "random", n_trials=3, seed=0, storage=path)
    assert path.read_bytes() == before


def test_a_second_writer_is_refused_while_the_first_runs(tmp_path):
    path = tmp_path / "search.jsonl"
    refused = []

    def objective(params):
        if not refused:  # the first search's first trial: a second one tries the same file
            with pytest.raises(ValueError, match="being written by another search") as error:
                minimize(mixed_objective, MIXED, "random", n_trials=3, seed=0, storage=path)
            refused.append(error)
        return mixed_objective(params)

    first = minimize(objective, MIXED, "random", n_trials=3, seed=0, storage=path)
    assert refused and len(first.trials) == 3
    lines = path.read_text().splitlines()
    assert len(lines) == 1 + 3 and [json.loads(line)["number"] for line in lines[1:]] == [0, 1, 2]
    # once the first has finished, the file is free again: the same search resumes from it
    again = minimize(mixed_objective, MIXED, "random", n_trials=3, seed=0, storage=path)
    assert again.params == first.params


def test_a_second_process_is_refused(tmp_path):
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "search.jsonl"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from helpers import Real, minimize
        def slow(params):
            print("running", flush=True)
            time.sleep(30)
            return params["x"]
        minimize(slow, {{"x": Real(0, 1)}}, "random", n_trials=2, seed=0, storage={str(path)!r})
        """)], stdout=subprocess.PIPE, text=True, cwd=str(__import__("pathlib").Path(
        __file__).resolve().parent.parent))
    try:
        assert holder.stdout.readline().strip() == "running"
        with pytest.raises(ValueError, match="being written by another search"):
            minimize(lambda p: p["x"], {"x": Real(0, 1)}, "random", n_trials=2, seed=0,
                     storage=path)
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("line, words", [
    ('{"number": 0, "params": {"C": 1.0', "line 2"),                      # garbled JSON
    ('{"params": {"C": 1.0, "degree": 2, "layers": 0}, "value": 1.0}', "line 2"),  # no number
    ('{"number": 0, "params": {"C": 1.0, "degree": 2, "layers": 7}, "value": 1.0, '
     '"seconds": 0.1, "error": null, "info": {}}', "line 2"),              # no such category
])
def test_a_damaged_journal_line_is_named_with_what_to_do(tmp_path, line, words):
    path = tmp_path / "search.jsonl"
    minimize(mixed_objective, MIXED, "random", n_trials=2, seed=0, storage=path)
    header = path.read_text().splitlines()[0]
    path.write_text(header + "\n" + line + "\n")
    with pytest.raises(ValueError, match=f"{words}.*damaged.*delete that line"):
        minimize(mixed_objective, MIXED, "random", n_trials=2, seed=0, storage=path)


def test_numpy_info_reads_back_as_it_was(tmp_path):
    def objective(params):
        value = mixed_objective(params)
        return value, {"count": np.int64(3), "losses": np.array([0.25, 0.5]),
                       "shape": (2, 3), "scale": np.float32(1.5), "worst": math.inf}

    path = tmp_path / "search.jsonl"
    whole = minimize(objective, MIXED, "random", n_trials=4, seed=0, storage=path)
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:3]))  # as if stopped after two trials
    resumed = minimize(objective, MIXED, "random", n_trials=4, seed=0, storage=path)
    for a, b in zip(whole.trials, resumed.trials):
        assert a.info.keys() == b.info.keys()
        for key in a.info:
            assert type(a.info[key]) is type(b.info[key]), key
            np.testing.assert_array_equal(a.info[key], b.info[key])
        assert b.info["losses"].dtype == np.float64 and b.info["scale"].dtype == np.float32


def test_info_a_journal_cannot_hold_is_refused_by_name(tmp_path):
    with pytest.raises(TypeError, match="trial 0's info.*cannot store"):
        minimize(lambda p: (1.0, {"model": object()}), MIXED, "random", n_trials=2, seed=0,
                 storage=tmp_path / "search.jsonl")


def test_the_same_search_with_function_choices_resumes_in_another_process(tmp_path):
    # a Categorical of functions used to write memory addresses into the header, so the very
    # same search, run again in a new kernel, was refused as "a different search"
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "search.jsonl"
    script = textwrap.dedent(f"""
        import numpy as np
        from helpers import Categorical, Real, minimize
        def relu(x): return max(x, 0.0)
        space = {{"activation": Categorical([relu, np.abs, lambda x: x]), "x": Real(-1, 1)}}
        r = minimize(lambda p: float(p["activation"](p["x"])), space, "random", n_trials=4,
                     seed=0, storage={str(path)!r})
        print(len(r.trials))
        """)
    root = str(__import__("pathlib").Path(__file__).resolve().parent.parent)
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              cwd=root)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "4"
    assert " at 0x" not in path.read_text().splitlines()[0]


def test_a_callback_returning_a_numpy_true_or_one_stops_the_search():
    for stop in (np.True_, 1):
        result = minimize(mixed_objective, MIXED, "random", n_trials=10, seed=0,
                          callback=lambda result, trial: stop if trial.number == 2 else None)
        assert len(result.trials) == 3


def test_storage_must_name_a_file(tmp_path):
    for storage in ("", tmp_path):
        with pytest.raises(ValueError, match="storage"):
            minimize(mixed_objective, MIXED, "random", n_trials=2, seed=0, storage=storage)


def test_progress_takes_true_or_false_only(capsys):
    with pytest.raises(TypeError, match="progress must be True or False, not 'no'"):
        minimize(mixed_objective, MIXED, "random", n_trials=2, seed=0, progress="no")
    assert capsys.readouterr().err == ""  # no bar was drawn
