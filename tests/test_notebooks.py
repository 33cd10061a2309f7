"""The notebooks as stored: in sync with their generated parts, one clean top-to-bottom run
within the time bars, the course's anatomy, and student copies without solutions.
(nbval, run by the same `pytest`, executes them; these tests read what is committed.)"""

import json
import re

import pytest

import course  # the maintainers' notebook machinery, tools/course.py

NOTEBOOKS = course.notebook_paths()
IDS = [p.stem for p in NOTEBOOKS]


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code" and course._source(c).strip()]


def markdown(nb):
    return "\n".join(course._source(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def test_the_first_two_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS][:2] == [s for s, *_ in course.SYLLABUS[:2]]


def test_every_notebook_file_is_in_the_syllabus():
    known = {f"{stem}.ipynb" for stem, *_ in course.SYLLABUS}
    assert {p.name for p in course.NOTEBOOK_DIR.glob("*.ipynb")} <= known


def test_notebooks_and_readme_are_in_sync_with_the_generator():
    assert course.out_of_sync() == [], "run `make notebooks` and commit the result"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_from_one_clean_top_to_bottom_run(path):
    nb = course.read_notebook(path)
    cells = code_cells(nb)
    assert [c["execution_count"] for c in cells] == list(range(1, len(cells) + 1))
    for cell in cells:
        assert not [o for o in cell["outputs"] if o["output_type"] == "error"]
        text = "".join("".join(o.get("text", "")) for o in cell["outputs"]
                       if o.get("name") == "stderr")
        assert "Warning" not in text, f"a stored warning: {text[:300]}"
    setup = next(c for c in cells if course.SETUP_TAG in course._tags(c))
    printed = "".join("".join(o.get("text", "")) for o in setup["outputs"])
    assert "SEED = 0 (the stored run)" in printed, "store the run with COURSE_SEED unset"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_stored_run_is_within_the_time_bars(path):
    seconds = [course.cell_seconds(c) for c in code_cells(course.read_notebook(path))]
    assert None not in seconds, "execute with `make execute`, which records cell timings"
    assert max(seconds) <= 15, f"slowest cell took {max(seconds):.1f} s (bar: 15 s)"
    assert sum(seconds) <= 45, f"the notebook took {sum(seconds):.1f} s (bar: 45 s)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_anatomy(path):
    nb = course.read_notebook(path)
    text = markdown(nb)
    for heading in ("What you will learn", "Exercise", "References"):
        assert heading in text, f"no '{heading}' section"
    assert re.search(r"(Key takeaways|In this notebook we have seen)", text)
    tagged = lambda tag: [c for c in nb["cells"] if tag in course._tags(c)]  # noqa: E731
    assert len(tagged("solution")) >= 3, "at least three exercises with solutions"
    assert tagged("nbval-check-output"), "tag the cells that print the key numbers"
    assert any("assert " in course._source(c) for c in code_cells(nb)), "claims are asserted"
    for cell in nb["cells"]:
        assert cell["metadata"].get("slideshow", {}).get("slide_type"), "slideshow metadata"
        if cell["cell_type"] == "markdown":  # one section per cell, so each starts a slide
            assert "\n## " not in course._source(cell), "split this cell at its '## ' heading"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_notebook_follows_the_course_rules(path):
    nb = course.read_notebook(path)
    for cell in code_cells(nb):
        source = course._source(cell)
        assert "np.random.seed(" not in source, "seed a Generator, never the global state"
        # every draw comes from SEED (COURSE_SEED), so `make robust` re-draws all of it
        literal = re.search(r"\b(random_state|seed|default_rng)\s*[=(]\s*\d", source)
        assert not literal, f"derive seeds from SEED, not a literal: {literal.group()!r}"
        assert not re.search(r"\bseeds\s*=\s*range\(", source), "seeds = seed_block(n)"
        assert "MPLBACKEND" not in source
        assert not re.search(r"fetch_\w+\(|urlopen|requests\.get|urlretrieve", source), \
            "notebooks run offline"
        if any("image/png" in o.get("data", {}) for o in cell["outputs"]):
            code_lines = [line for line in source.splitlines()
                          if line.strip() and not line.lstrip().startswith("#")]
            assert code_lines[-1].strip() == "plt.show()", "plot cells end with plt.show()"


def test_generated_cells_are_added_once_and_authored_cells_kept():
    authored = {"cell_type": "markdown", "id": "mine", "metadata": {}, "source": ["## Idea\n"]}
    nb = {"cells": [authored], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    once = course.synced(nb, 2)
    assert [course._tags(c)[0] if course._tags(c) else "mine" for c in once["cells"]] == [
        course.HEADER_TAG, course.SETUP_TAG, "mine", course.FOOTER_TAG]
    assert course.synced(once, 2) == once
    assert once["cells"][2]["metadata"]["slideshow"] == {"slide_type": "slide"}
    assert "03 · Grid search" in course._source(once["cells"][0])
    assert course.REPOSITORY in course._source(once["cells"][1])


def test_navigation_links_previous_contents_and_next():
    nav = course.navigation(1)
    assert nav.startswith("[< 01 Parameters vs hyperparameters]"
                          "(01_parameters_vs_hyperparameters.ipynb)")
    assert "[contents](../README.md)" in nav and "03 Grid search" in nav
    assert course.navigation(0).startswith("[contents]")


def test_student_copies_drop_solutions_and_outputs(tmp_path):
    course.write_student_copies(tmp_path)
    for path in NOTEBOOKS:
        original = course.read_notebook(path)
        student = course.read_notebook(tmp_path / "notebooks" / path.name)
        solutions = [c for c in original["cells"] if course.SOLUTION_TAG in course._tags(c)]
        assert len(student["cells"]) == len(original["cells"]) - len(solutions)
        assert not any(course.SOLUTION_TAG in course._tags(c) for c in student["cells"])
        assert all(c["outputs"] == [] and c["execution_count"] is None
                   for c in student["cells"] if c["cell_type"] == "code")
        # nothing a solution drew survives in the file: no widget state (it can hold a
        # solution's pictures) and no attachment (answers written as prose after the code are
        # caught by the next test)
        assert "widgets" not in student["metadata"]
        assert '"attachments"' not in json.dumps(student)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_answers_after_a_solution_are_tagged_too(path):
    """An answer written in prose after an exercise's solution code is part of the solution:
    from a `solution` cell to the next heading, every cell must carry the tag, or it ships in
    the student copy."""
    in_solution = False
    for cell in course.read_notebook(path)["cells"]:
        source = course._source(cell).lstrip()
        if cell["cell_type"] == "markdown" and source.startswith("#"):
            in_solution = False
        elif course.SOLUTION_TAG in course._tags(cell):
            in_solution = True
        elif in_solution and course.GENERATED_TAGS.isdisjoint(course._tags(cell)):
            pytest.fail(f"untagged cell after a solution: {source[:80]!r}")


def test_a_notebook_converts_to_slides():
    from nbconvert import SlidesExporter
    body, _ = SlidesExporter().from_filename(str(NOTEBOOKS[0]))
    assert body.count("<section") >= 5 and "reveal" in body


def _run_setup_cell_as_colab(monkeypatch, tmp_path, repository, folder):
    """Run the generated setup cell as Colab would: google.colab imported, our folder and URL."""
    import sys
    import types

    source = course.SETUP_SOURCE.replace(course.REPOSITORY, str(repository)).replace(
        course.COLAB_FOLDER, str(folder))
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(sys, "path", list(sys.path))  # the cell adds the clone; undo it after
    monkeypatch.chdir(tmp_path)  # outside the course, as on Colab: only the clone holds it
    namespace = {}
    exec(compile(source, "setup-cell", "exec"), namespace)
    return namespace


def test_colab_setup_cell_clones_updates_and_explains_failures(monkeypatch, tmp_path, capsys):
    import subprocess

    folder = tmp_path / "course"
    with pytest.raises(RuntimeError, match="Could not fetch the course"):
        _run_setup_cell_as_colab(monkeypatch, tmp_path, tmp_path / "no-such-repo", folder)
    folder.mkdir()
    with pytest.raises(RuntimeError, match="does not hold the course.*rm -rf"):
        _run_setup_cell_as_colab(monkeypatch, tmp_path, course.ROOT, folder)
    folder.rmdir()
    # a real clone of this repository (committed state), then a second run that updates it
    if subprocess.run(["git", "-C", str(course.ROOT), "rev-parse"], capture_output=True).returncode:
        pytest.skip("not a git checkout")
    namespace = _run_setup_cell_as_colab(monkeypatch, tmp_path, course.ROOT, folder)
    assert namespace["ROOT"] == folder and (folder / "helpers" / "__init__.py").is_file()
    assert "Ready:" in capsys.readouterr().out
    _run_setup_cell_as_colab(monkeypatch, tmp_path, course.ROOT, folder)
    assert "could not update" not in capsys.readouterr().out
