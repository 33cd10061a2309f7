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
    assert None not in seconds, (
        f"{path.name} has no cell timings: saved from Jupyter? Learners work in mywork/ (`make "
        f"lab` puts copies there): keep yours there and `git restore notebooks/{path.name}`. "
        "Maintainers: execute with `make execute`, which records cell timings")
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


def _run_setup_cell_as_colab(monkeypatch, tmp_path, repository, folder, source=None):
    """Run the generated setup cell as Colab would: google.colab imported, our folder and URL."""
    import sys
    import types

    source = (source or course.SETUP_SOURCE).replace(course.REPOSITORY, str(repository)).replace(
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


# ---- handouts (`make student`) ----------------------------------------------------------------

def test_handouts_lead_to_handouts_and_keep_the_solutions_out(tmp_path):
    course.write_student_copies(tmp_path)
    folder = tmp_path / "notebooks"
    assert (tmp_path / "README.md").is_file()  # what a handout's `contents` link opens
    for path in NOTEBOOKS:
        handout = course.read_notebook(folder / path.name)
        text = json.dumps(handout)
        # no badge: Colab and Binder would open the full notebook on the main branch
        assert "colab.research.google.com" not in text and "mybinder.org" not in text
        header = course._source(handout["cells"][0])
        assert course.HANDOUT_NOTE in header
        for cell in [c for c in handout["cells"] if c["cell_type"] == "markdown"]:
            for link in re.findall(r"\]\(([^)#]+)[^)]*\)", course._source(cell)):
                if not link.startswith("http"):
                    assert (folder / link).resolve().is_file(), f"{path.name}: {link} leads nowhere"
        setup = next(c for c in handout["cells"] if course.SETUP_TAG in course._tags(c))
        assert '"--sparse"' in course._source(setup) and '"helpers", "data"' in course._source(setup)
        # no sentence under the exercises promises a solution the handout does not have
        exercises = markdown(handout).split("## Exercises", 1)[1].split("## References", 1)[0]
        for sentence in re.split(r"(?<=[.!?])\s+", exercises):
            if "solution" in sentence.lower():
                assert "full notebook" in sentence or "left out" in sentence, sentence


def test_the_handout_setup_cell_fetches_only_helpers_and_data(monkeypatch, tmp_path, capsys):
    import subprocess
    if subprocess.run(["git", "-C", str(course.ROOT), "rev-parse"], capture_output=True).returncode:
        pytest.skip("not a git checkout")
    folder = tmp_path / "course"
    # a file:// address, so git honours --filter as with a real host (local clones ignore it)
    _run_setup_cell_as_colab(monkeypatch, tmp_path, course.ROOT.as_uri(), folder,
                             source=course.setup_source(handout=True))
    assert (folder / "helpers" / "__init__.py").is_file() and (folder / "data").is_dir()
    assert not (folder / "notebooks").exists() and not list(folder.rglob("*.ipynb"))
    assert "Ready:" in capsys.readouterr().out


# ---- Colab: what the setup cell says when the clone fails --------------------------------------

@pytest.mark.parametrize("stderr, says, not_says", [
    ("Cloning into '/content/hyperparameter-tuning'...\nfatal: could not read Username for "
     "'https://github.com': terminal prompts disabled", "does not exist at that address or is "
     "private (the internet connection works)", "Check the internet connection"),
    ("fatal: Authentication failed for 'https://github.com/x/y.git/'", "is private", "internet"
     " connection of"),
    ("fatal: unable to access 'https://github.com/x/y.git/': Could not resolve host: github.com",
     "Check the internet connection of this Colab session", "private"),
    ("fatal: unable to access 'https://github.com/x/y/': Failed to connect to github.com port "
     "443 after 130 ms: Network is unreachable", "Check the internet connection of", "private"),
    ("fatal: something else went wrong", "Check the address and the internet connection",
     "private"),
])
def test_colab_clone_failure_messages(monkeypatch, tmp_path, stderr, says, not_says):
    """The clone's failure, faked (no network): a host that asks for credentials (a missing or
    private repository) is told apart from no connection."""
    import subprocess
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, 128, "", stderr)

    monkeypatch.setattr(subprocess, "run", fake_run)
    for handout in (False, True):
        with pytest.raises(RuntimeError) as error:
            _run_setup_cell_as_colab(monkeypatch, tmp_path, course.REPOSITORY, tmp_path / "c",
                                     source=course.setup_source(handout=handout))
        message = str(error.value)
        assert message.startswith("Could not fetch the course") and stderr in message
        assert says in message and not_says not in message
    # git is told never to wait for a password nobody can type
    assert all(kwargs["env"]["GIT_TERMINAL_PROMPT"] == "0" for _, kwargs in calls)


# ---- the learner's own copies: mywork/ (`make lab`) --------------------------------------------

def test_learner_copies_are_made_once_and_never_overwritten(tmp_path, monkeypatch):
    mywork = tmp_path / "mywork"
    lines = course.learner_copies(mywork)
    assert sorted(p.name for p in mywork.glob("*.ipynb")) == [p.name for p in NOTEBOOKS]
    assert any("Copied" in line for line in lines)
    first = mywork / NOTEBOOKS[0].name
    nb = course.read_notebook(first)
    nb["cells"][-2]["source"] = ["my own notes\n"]  # the learner's work, saved
    course.write_notebook(nb, first)
    assert not any("newer" in line for line in course.learner_copies(mywork))
    assert course._source(course.read_notebook(first)["cells"][-2]) == "my own notes\n"
    # a pull brings a new version of lecture 01: the learner is told, and keeps their copy
    record = json.loads((mywork / course.COPIED_FROM).read_text())
    record[first.name] = "an older lecture"
    (mywork / course.COPIED_FROM).write_text(json.dumps(record))
    lines = course.learner_copies(mywork)
    assert [line for line in lines if "newer version" in line and first.name in line]
    assert course._source(course.read_notebook(first)["cells"][-2]) == "my own notes\n"
    # the advice works: the copy renamed, the next run copies the new version
    first.rename(mywork / "mine.ipynb")
    course.learner_copies(mywork)
    assert course.read_notebook(first) == course.read_notebook(NOTEBOOKS[0])
    assert not any("newer" in line for line in course.learner_copies(mywork))


def test_learner_copies_find_helpers_and_link_to_each_other():
    """mywork/ sits in the repository folder, so the setup cell (looking in the folders above
    the notebook) finds helpers/, and the links of a copy lead to the other copies."""
    assert "*Path.cwd().parents" in course.SETUP_SOURCE
    assert course.MYWORK.parent == course.ROOT
    for index, path in enumerate(NOTEBOOKS):
        for link in re.findall(r"\]\(([^)#]+\.ipynb)\)", course.navigation(index)):
            assert (course.NOTEBOOK_DIR / link).is_file()  # copied beside it in mywork/ too


def test_no_tracked_file_is_ignored():
    """A file both tracked and matched by .gitignore (decks/deck.css once was) changes under
    git's nose: edits show, a fresh copy would not be added."""
    import subprocess
    listed = subprocess.run(["git", "-C", str(course.ROOT), "ls-files", "-ci", "--exclude-standard"],
                            capture_output=True, text=True)
    if listed.returncode:
        pytest.skip("not a git checkout")
    assert listed.stdout.split() == []
