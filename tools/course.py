"""The notebook machinery: the syllabus, the cells every notebook shares, student copies and
re-execution. Maintainer tooling, kept out of the `helpers` package that learners import.
Run it as `python tools/course.py COMMAND` (the Makefile has a target each):

    sync      regenerate every notebook's header, setup cell and footer, the README's syllabus
              table, and missing slideshow metadata and cell ids, from this file (or only
              those of the notebook paths given)
    check     exit 1 if a notebook or the README is out of sync (the tests call this)
    student   write copies without the cells tagged `solution` to build/student/ (handouts:
              no badges, links to each other, a Colab cell that fetches only helpers/ and data/)
    mywork    copy the notebooks missing from mywork/ (the learner's own folder, ignored by
              git) and say which lectures changed since their copy was made (`make lab`)
    execute   re-run notebooks in place from a clean kernel, one top-to-bottom run each, and
              print how long each took (all of them, or the paths given)
    guide     regenerate the minutes per section in the instructor's guide (decks/guide/), and
              check that the sections and exercises it names exist
    slides    build one reveal.js deck per notebook into build/slides/ (or the notebooks given),
              with reveal.js and KaTeX copied from decks/vendor/ beside them: the decks open
              offline. A deck leaves out solutions, the "Going further" part and the input of
              "extra code" cells (their figures stay)

The repository's address stands here, in `REPOSITORY`, and nowhere else by hand.
Notebooks are JSON; this module reads and writes them with `json` alone, so it needs nothing
beyond the standard library, except `execute` and `slides`, which need nbclient and nbconvert
(part of jupyter).
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

REPOSITORY = "https://github.com/hyperparameter-tuning-course/hyperparameter-tuning"
BRANCH = "main"
ROOT = Path(__file__).resolve().parent.parent  # tools/ sits in the repository folder
NOTEBOOK_DIR = ROOT / "notebooks"
README = ROOT / "README.md"
COLAB_FOLDER = "/content/" + REPOSITORY.rstrip("/").rsplit("/", 1)[-1]

# (file stem, title, the one-line promise, what it teaches for the README, minutes)
SYLLABUS = [
    ("01_parameters_vs_hyperparameters", "Parameters vs hyperparameters",
     "What a hyperparameter is, how to judge one honestly, and why tuning is an optimisation "
     "problem with a costly, noisy objective.",
     "fitted parameters vs hyperparameters; train/validation/test and cross-validation; "
     "validation curves; why tuning on the test set lies", 60),
    ("02_manual_search", "Manual search",
     "Trial and error done well: a protocol, an experiment log, and the one way it fails.",
     "a disciplined manual protocol, log scales, coarse-to-fine, an experiment log; "
     "one-factor-at-a-time vs interacting hyperparameters", 60),
    ("03_grid_search", "Grid search",
     "Try every combination: exhaustive, reproducible, and exponentially expensive.",
     "grid search from scratch and with GridSearchCV; the cost of levels; nested CV", 75),
    ("04_random_search", "Random search",
     "Sample instead of enumerate: why random beats grid when few hyperparameters matter.",
     "log-uniform sampling, RandomizedSearchCV, Bergstra & Bengio, the 1-(1-q)^n rule, Sobol",
     75),
    ("05_bayesian_optimization", "Bayesian optimisation",
     "Model the objective, then evaluate where the model expects the most.",
     "Gaussian processes from scratch, acquisition functions (PI, EI, UCB) from scratch and "
     "log-EI, the BO loop drawn step by step on our own GP, Thompson sampling, TPE in brief", 90),
    ("06_evolutionary_algorithms", "Evolutionary algorithms",
     "Let a population of configurations evolve.",
     "a genetic algorithm, (1+1)-ES and the 1/5 rule, CMA-ES from scratch; differential evolution "
     "and population-based training", 75),
    ("07_gradient_based_optimization", "Gradient-based optimisation",
     "Differentiate the validation loss with respect to the hyperparameters.",
     "hypergradients by implicit differentiation against Brent's method, one penalty per feature; "
     "unrolled differentiation, approximate hypergradients and DARTS in miniature", 90),
    ("08_multi_fidelity", "Multi-fidelity search",
     "Stop bad configurations early and spend the budget on good ones.",
     "fidelity and rank correlation, successive halving, Hyperband, HalvingRandomSearchCV; "
     "epochs as the fidelity, ASHA; a median stopping rule", 60),
    ("09_choosing_a_method", "Choosing a method",
     "Every method on ten problems, at three budgets, over seeds: a guide measured on test data.",
     "a benchmark suite (toy functions, noise, a mixed space, three real models as look-up "
     "tables); effect sizes on test data, a measured break-even, parallel workers, Dask, "
     "Optuna; a decision guide compared with Bischl et al. 2023", 75),
    ("10_neural_networks", "Neural networks",
     "Tune a network end to end: learning rate, batch size, depth and width, epochs.",
     "a network's learning rate and convergence (the range test, schedules), batch size with the "
     "rate, depth and width as a conditional space searched by TPE, epochs as the fidelity, "
     "the final evaluation over training seeds", 75),
]

HEADER_TAG, SETUP_TAG, FOOTER_TAG = "generated-header", "generated-setup", "generated-footer"
GENERATED_TAGS = frozenset({HEADER_TAG, SETUP_TAG, FOOTER_TAG})
SOLUTION_TAG = "solution"

# How the setup cell fetches the course on Colab: the whole repository for the course's own
# notebooks; for a handout (a student copy, `make student`) only helpers/ and data/ (a sparse,
# blob-less clone: the solved notebooks are never downloaded into the student's session).
FULL_CLONE = '''\
        commands = [["git", "clone", "--depth", "1", REPOSITORY, str(COLAB_FOLDER)]]'''
SPARSE_CLONE = '''\
        # only helpers/ and data/ (and the files at the top): a handout's solutions stay out
        commands = [["git", "clone", "--depth", "1", "--filter=blob:none", "--sparse",
                     REPOSITORY, str(COLAB_FOLDER)],
                    ["git", "-C", str(COLAB_FOLDER), "sparse-checkout", "set", "helpers", "data"]]'''


def setup_source(handout=False):
    """The setup cell: the course's notebooks get the full clone; a handout fetches only what it
    runs on (helpers/ and data/), so the solutions are not handed over with it."""
    clones = SPARSE_CLONE if handout else FULL_CLONE
    what = "the course's code and data" if handout else "the course"
    return f'''\
# Setup: the same cell in every notebook, generated by `make notebooks` (edit tools/course.py).
# On Colab it fetches {what} (or updates it); everywhere it finds the course folder,
# imports `helpers`, checks the library versions, sets the plot style and reads SEED, the one
# number every random draw in the notebook comes from.
import sys
from pathlib import Path

REPOSITORY, COLAB_FOLDER = "{REPOSITORY}", Path("{COLAB_FOLDER}")
if "google.colab" in sys.modules:
    import os
    import re
    import subprocess
    # no password prompt: a host that asks for one fails at once, and the message says why
    git = dict(capture_output=True, text=True, env={{**os.environ, "GIT_TERMINAL_PROMPT": "0"}})
    if not COLAB_FOLDER.exists():
{clones}
        for command in commands:
            fetched = subprocess.run(command, **git)
            if fetched.returncode == 0:
                continue
            error = fetched.stderr.strip()
            if re.search("could not read (Username|Password)|Authentication failed|"
                         "Repository not found", error, re.I):  # the host wants a login
                advice = (f"{{REPOSITORY}} asked for a user name: it does not exist at that "
                          "address or is private (the internet connection works). Check the "
                          "address, or ask whoever gave you this notebook to make it public.")
            elif re.search("resolve host|Failed to connect|timed out|unreachable|name resolution",
                           error, re.I):
                advice = ("Check the internet connection of this Colab session, then run this "
                          "cell again.")
            else:
                advice = "Check the address and the internet connection, then run this cell again."
            raise RuntimeError(f"Could not fetch the course from {{REPOSITORY}}:\\n{{error}}\\n"
                               f"{{advice}}")
    elif not (COLAB_FOLDER / "helpers" / "__init__.py").is_file():
        raise RuntimeError(f"{{COLAB_FOLDER}} exists but does not hold the course. Remove it "
                           f"with `!rm -rf {{COLAB_FOLDER}}` in a cell, then run this cell again.")
    else:  # bring an earlier session's copy up to date; offline, keep it as it is
        pulled = subprocess.run(["git", "-C", str(COLAB_FOLDER), "pull", "--ff-only", "-q"], **git)
        if pulled.returncode != 0:
            print(f"Note: could not update {{COLAB_FOLDER}} ({{pulled.stderr.strip()}}); "
                  "using the copy there.")
ROOT = next((folder for folder in [Path.cwd(), *Path.cwd().parents, COLAB_FOLDER]
             if (folder / "helpers" / "__init__.py").is_file()), None)
if ROOT is None:
    raise RuntimeError("Cannot find the course folder (the one holding helpers/): start "
                       "Jupyter inside the cloned repository, e.g. with `make lab`.")
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import helpers

versions = helpers.check_versions()  # fails fast, with the fix, if a library is too old
helpers.set_style()
# COURSE_SEED from the environment (0 when unset: the run stored in this notebook). Any other
# value redraws the data, splits and searches; the claims the notebook asserts still hold.
SEED = helpers.course_seed()
print("Ready:", ", ".join(f"{{name}} {{version}}" for name, version in versions.items()))
print(f"SEED = {{SEED}}" + (" (the stored run)" if SEED == 0 else " (from COURSE_SEED)"))'''


SETUP_SOURCE = setup_source()


def _github_path():
    return REPOSITORY.split("github.com/", 1)[1].rstrip("/")


def colab_url(stem):
    return (f"https://colab.research.google.com/github/{_github_path()}/blob/{BRANCH}/"
            f"notebooks/{stem}.ipynb")


def binder_url(stem):
    return (f"https://mybinder.org/v2/gh/{_github_path()}/{BRANCH}"
            f"?urlpath=lab/tree/notebooks/{stem}.ipynb")


def badges(stem):
    return (f"[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"({colab_url(stem)}) "
            f"[![Launch Binder](https://mybinder.org/badge_logo.svg)]({binder_url(stem)})")


def _written(stem):
    return (NOTEBOOK_DIR / f"{stem}.ipynb").is_file()


def navigation(index):
    """`< previous | contents | next >`, linking only to notebooks that exist."""
    parts = []
    if index > 0:
        stem, title = SYLLABUS[index - 1][:2]
        parts.append(f"[< {stem[:2]} {title}]({stem}.ipynb)" if _written(stem)
                     else f"< {stem[:2]} {title} (coming)")
    parts.append("[contents](../README.md)")
    if index + 1 < len(SYLLABUS):
        stem, title = SYLLABUS[index + 1][:2]
        parts.append(f"[{stem[:2]} {title} >]({stem}.ipynb)" if _written(stem)
                     else f"{stem[:2]} {title} > (coming soon)")
    return " | ".join(parts)


def header_source(index):
    stem, title, promise = SYLLABUS[index][:3]
    return (f"# {stem[:2]} · {title}\n\n*{promise}*\n\n{badges(stem)}\n\n{navigation(index)}")


def footer_source(index):
    return f"---\n\n{navigation(index)}"


def _cell(cell_type, source, tag, slide_type):
    cell = {"cell_type": cell_type, "id": tag,
            "metadata": {"slideshow": {"slide_type": slide_type}, "tags": [tag]},
            "source": source.splitlines(keepends=True)}
    if cell_type == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def _default_slide_type(cell):
    """Section headings start slides; everything else continues the current one."""
    first_line = _source(cell).lstrip().split("\n", 1)[0]
    if cell["cell_type"] == "markdown" and first_line.startswith("## "):
        return "slide"
    if cell["cell_type"] == "markdown" and first_line.startswith("### "):
        return "subslide"
    return "-"


def synced(nb, index):
    """The notebook with its generated cells rewritten (added if missing) and every cell given
    slideshow metadata; authored cells are otherwise left exactly as they are."""
    nb = copy.deepcopy(nb)
    wanted = {HEADER_TAG: _cell("markdown", header_source(index), HEADER_TAG, "slide"),
              SETUP_TAG: _cell("code", SETUP_SOURCE, SETUP_TAG, "skip"),
              FOOTER_TAG: _cell("markdown", footer_source(index), FOOTER_TAG, "-")}
    cells = nb["cells"]
    for tag, new in wanted.items():
        at = [i for i, c in enumerate(cells) if tag in _tags(c)]
        if at:
            old = cells[at[0]]
            old["source"] = new["source"]
            old.setdefault("metadata", {}).setdefault("slideshow", new["metadata"]["slideshow"])
        elif tag == FOOTER_TAG:
            cells.append(new)
        else:
            cells.insert(0 if tag == HEADER_TAG else 1, new)
    taken = {c["id"] for c in cells if "id" in c}
    for i, cell in enumerate(cells):
        cell.setdefault("metadata", {}).setdefault(
            "slideshow", {"slide_type": _default_slide_type(cell)})
        if "id" not in cell:  # nbformat 4.5 wants one; derived from the position, so stable
            cell["id"] = next(f"cell-{i}-{n}" for n in range(len(cells) + 1)
                              if f"cell-{i}-{n}" not in taken)
            taken.add(cell["id"])
    nb["nbformat"], nb["nbformat_minor"] = 4, max(nb.get("nbformat_minor", 5), 5)
    return nb


def readme_syllabus():
    """The README's syllabus table, between its `syllabus` markers."""
    rows = ["| # | notebook | what it teaches | minutes | run it |", "|---|---|---|---|---|"]
    for stem, title, _, teaches, minutes in SYLLABUS:
        if _written(stem):
            rows.append(f"| {stem[:2]} | [{title}](notebooks/{stem}.ipynb) | {teaches} | "
                        f"{minutes} | {badges(stem)} |")
        else:
            rows.append(f"| {stem[:2]} | {title} (coming) | {teaches} | {minutes} | |")
    clone = (f"```bash\ngit clone {REPOSITORY}.git\n"
             f"cd {REPOSITORY.rstrip('/').rsplit('/', 1)[-1]}\n```")
    return "\n".join(rows), clone


def _replace_block(text, name, body):
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    if start not in text or end not in text:
        raise ValueError(f"README.md lacks the markers {start} ... {end}")
    head, rest = text.split(start, 1)
    return f"{head}{start}\n{body}\n{end}{rest.split(end, 1)[1]}"


def synced_readme(text):
    table, clone = readme_syllabus()
    return _replace_block(_replace_block(text, "syllabus", table), "clone", clone)


def notebook_paths():
    """The course's notebooks that exist, in syllabus order."""
    return [NOTEBOOK_DIR / f"{stem}.ipynb" for stem, *_ in SYLLABUS if _written(stem)]


def read_notebook(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def write_notebook(nb, path):
    # the layout Jupyter itself writes, so saving from Jupyter makes no spurious diff
    Path(path).write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def out_of_sync():
    """The files whose generated parts differ from what `sync` would write."""
    stale = [p for i, (stem, *_) in enumerate(SYLLABUS)
             if (p := NOTEBOOK_DIR / f"{stem}.ipynb").is_file()
             and synced(read_notebook(p), i) != read_notebook(p)]
    text = README.read_text(encoding="utf-8")
    if synced_readme(text) != text:
        stale.append(README)
    return stale


def sync(paths=None):
    """Rewrite the generated parts of the notebooks given (all, and the README, if none)."""
    only = {Path(p).resolve() for p in paths} if paths else None
    for i, (stem, *_) in enumerate(SYLLABUS):
        path = NOTEBOOK_DIR / f"{stem}.ipynb"
        if path.is_file() and (only is None or path in only):
            nb = read_notebook(path)
            new = synced(nb, i)
            if new != nb:
                write_notebook(new, path)
                print(f"synced {path.relative_to(ROOT)}")
    if only is not None:
        return
    text = README.read_text(encoding="utf-8")
    if synced_readme(text) != text:
        README.write_text(synced_readme(text), encoding="utf-8")
        print("synced README.md")


HANDOUT_NOTE = ("*A handout: the exercises without their solutions. Run it in JupyterLab inside "
                "your clone of the course (in its `mywork/` folder), or upload it to Colab "
                "(File > Upload notebook), where its first cell fetches only the course's code "
                "and data.*")
HANDOUT_EXERCISES = "*In this handout the solutions are left out: write yours in the \"your turn\" cells.*"


def handout_header(index):
    """A handout's title cell: no Colab or Binder badge (they open the full notebook, solutions
    and all); its links lead to the other handouts beside it, and `contents` to the handouts'
    README (build/student/README.md)."""
    stem, title, promise = SYLLABUS[index][:3]
    return f"# {stem[:2]} · {title}\n\n*{promise}*\n\n{HANDOUT_NOTE}\n\n{navigation(index)}"


def _index_of(nb):
    """The syllabus position of a notebook, from its generated header (None if it has none)."""
    header = next((_source(c) for c in nb["cells"] if HEADER_TAG in _tags(c)), "")
    return next((i for i, (stem, *_) in enumerate(SYLLABUS) if header.startswith(f"# {stem[:2]} ")),
                None)


def student_copy(nb):
    """The notebook without its solution cells, outputs or saved widget state: what students
    get. (Widget state can hold the pictures a solution drew.) A course notebook's generated
    cells become a handout's: a header without badges, a setup cell that fetches only
    helpers/ and data/ on Colab, and a note under the exercises that the solutions are out."""
    index = _index_of(nb)
    nb = copy.deepcopy(nb)
    nb["metadata"].pop("widgets", None)
    nb["cells"] = [c for c in nb["cells"] if SOLUTION_TAG not in _tags(c)]
    for cell in nb["cells"]:
        cell["metadata"].pop("widgets", None)
        cell.pop("attachments", None)
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"].pop("execution", None)
        if index is not None and HEADER_TAG in _tags(cell):
            cell["source"] = handout_header(index).splitlines(keepends=True)
        elif index is not None and SETUP_TAG in _tags(cell):
            cell["source"] = setup_source(handout=True).splitlines(keepends=True)
        elif cell["cell_type"] == "markdown" and _source(cell).lstrip().startswith("## Exercises"):
            cell["source"] = (_source(cell).rstrip() + "\n\n" + HANDOUT_EXERCISES).splitlines(
                keepends=True)
    return nb


def handouts_readme():
    """build/student/README.md: what the `contents` link of a handout opens."""
    rows = [f"| {stem[:2]} | [{title}](notebooks/{stem}.ipynb) | {minutes} |"
            for stem, title, _, _, minutes in SYLLABUS if _written(stem)]
    return "\n".join([
        "# Hyperparameter Tuning: from scratch to practice (handouts)", "",
        "The course's notebooks without their solutions. Put them in the `mywork/` folder of "
        "your clone of the course and open them there with `make lab`, or upload one to Google "
        "Colab (File > Upload notebook): its first cell fetches only the course's code "
        "(`helpers/`) and data.", "",
        "| # | notebook | minutes |", "|---|---|---|", *rows, ""])


def write_student_copies(out_dir=ROOT / "build" / "student"):
    out_dir = Path(out_dir)
    (out_dir / "notebooks").mkdir(parents=True, exist_ok=True)
    for path in notebook_paths():
        write_notebook(student_copy(read_notebook(path)), out_dir / "notebooks" / path.name)
        print(f"wrote {out_dir / 'notebooks' / path.name}")
    (out_dir / "README.md").write_text(handouts_readme(), encoding="utf-8")


# ---- the learner's own copies: mywork/ ------------------------------------------------------
MYWORK = ROOT / "mywork"
COPIED_FROM = ".course-versions.json"  # in mywork/: the lecture each copy was made from


def lecture_version(nb):
    """A fingerprint of what a lecture says (its cells' sources): re-executing a notebook does
    not change it, editing one does."""
    import hashlib
    cells = [[c["cell_type"], _source(c)] for c in nb["cells"]]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()[:16]


def learner_copies(dest=MYWORK, repository=ROOT):
    """Copy every course notebook missing from dest (mywork/: ignored by git, so `git pull`
    never meets the learner's work), solutions included, for self-study; never overwrite a
    copy. Returns the lines to tell the learner: what was copied, and which lectures changed
    since their copy was made (with how to get the new version without losing theirs)."""
    import subprocess
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    record_file = dest / COPIED_FROM
    record = json.loads(record_file.read_text(encoding="utf-8")) if record_file.is_file() else {}
    copied, changed = [], []
    for path in notebook_paths():
        mine, now = dest / path.name, lecture_version(read_notebook(path))
        if not mine.exists():
            shutil.copyfile(path, mine)
            record[path.name] = now
            copied.append(path.name)
        elif path.name not in record:  # a copy made by hand: the same lecture, or unknown
            record[path.name] = now if lecture_version(read_notebook(mine)) == now else None
        elif record[path.name] not in (None, now):
            changed.append(path.name)
    record_file.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    folder = dest.relative_to(repository) if dest.is_relative_to(repository) else dest
    lines = []
    if copied:
        lines.append(f"==> Copied {len(copied)} notebook(s) into {folder}/, your own copies "
                     "(solutions included): work and save there; git ignores the folder, so "
                     "`git pull` never touches them.")
    for name in changed:
        stem = name.removesuffix(".ipynb")
        lines.append(f"==> A newer version of {name} came with an update (notebooks/{name}); "
                     f"your copy {folder}/{name} is kept as it is. To get the new one, keep "
                     f"yours under another name and run `make lab` again:\n"
                     f"        mv {folder}/{name} {folder}/{stem}-mine.ipynb && make lab")
    # the old habit: notebooks/ edited in place, which blocks the next `git pull`
    status = subprocess.run(["git", "-C", str(repository), "status", "--porcelain", "--",
                             "notebooks"], capture_output=True, text=True)
    for line in status.stdout.splitlines() if status.returncode == 0 else []:
        name = line[3:].strip()
        if line[:2].strip() == "M" and name.endswith(".ipynb"):
            lines.append(f"==> You changed {name} itself: `git pull` will refuse to update it. "
                         f"Keep your version in {folder}/ and restore the course's:\n"
                         f"        cp {name} {folder}/{Path(name).stem}-mine.ipynb && "
                         f"git restore {name}")
    return lines


def cell_seconds(cell):
    """How long a stored code cell took to run, from the timing nbclient records."""
    timing = cell.get("metadata", {}).get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return None
    from datetime import datetime
    parse = lambda s: datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(end) - parse(start)).total_seconds()


def execute(paths=None, timeout=600):
    """Run each notebook from a fresh kernel, top to bottom, and store it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    # the stored run is COURSE_SEED's default; a value left in the shell must not become it
    if os.environ.pop("COURSE_SEED", ""):
        print("Note: COURSE_SEED is ignored here: stored notebooks are the default run (0).")
    for path in [Path(p).resolve() for p in paths] if paths else notebook_paths():
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        total = time.perf_counter() - start
        nbformat.write(nb, path)
        slowest = max((cell_seconds(c) or 0 for c in nb.cells if c.cell_type == "code"),
                      default=0)
        print(f"{path.name}: {total:.1f} s in all, slowest cell {slowest:.1f} s")


# ---- lecture decks --------------------------------------------------------------------------
DECK_DIR = ROOT / "build" / "slides"
DECK_SOURCES = ROOT / "decks"  # the template, the deck's CSS and the vendored reveal.js / KaTeX
DECK_WIDTH, DECK_HEIGHT = 1280, 720  # every slide must fit this screen (tests/test_decks.py)
EXTRA_CODE_TAG = "extra-code"
GOING_FURTHER = "## Going further"


def _is_extra_code(cell):
    """Plotting and other plumbing: tagged `extra-code`, or marked by a first line that starts
    with `# extra code` (the course's convention, as in handson-ml3)."""
    return cell["cell_type"] == "code" and (
        EXTRA_CODE_TAG in _tags(cell) or _source(cell).lstrip().lower().startswith("# extra code"))


def deck_notebook(nb):
    """What a lecture shows: the notebook without its solution cells and its "Going further"
    sections (from a `## Going further` heading to the next `## ` heading), with the cells of
    extra code tagged so that the deck shows their output but not their input. Slide metadata
    is the notebook's own."""
    nb = copy.deepcopy(nb)
    nb["metadata"].pop("widgets", None)  # widget state needs scripts from a CDN; outputs fall back
    cells, going_further = [], False
    for cell in nb["cells"]:
        first_line = _source(cell).lstrip().split("\n", 1)[0]
        if cell["cell_type"] == "markdown" and first_line.startswith("## "):
            going_further = first_line.startswith(GOING_FURTHER)
        if going_further or SOLUTION_TAG in _tags(cell):
            continue
        if _is_extra_code(cell) and EXTRA_CODE_TAG not in _tags(cell):
            cell["metadata"]["tags"] = [*_tags(cell), EXTRA_CODE_TAG]
        cells.append(cell)
    nb["cells"] = cells
    return nb


_OFF_MACHINE = re.compile(r"^\s*(https?:)?//", re.I)


def off_machine_urls(page):
    """The URLs a deck would fetch from another machine when opened: the `src` of any element,
    the `href` of <link> elements, and `url(...)` / `@import` in its styles. (Links a person
    clicks, <a href>, are fine.)"""
    found = re.findall(r"""<[^>]*?\ssrc\s*=\s*["']?([^"'\s>]+)""", page, re.I)
    found += re.findall(r"""<link\b[^>]*?\shref\s*=\s*["']?([^"'\s>]+)""", page, re.I)
    found += re.findall(r"""url\(\s*["']?([^"')\s]+)""", page, re.I)
    found += re.findall(r"""@import\s+["']([^"']+)""", page, re.I)
    return sorted({url for url in found if _OFF_MACHINE.match(url)})


def _offline_images(page):
    """Badges and other pictures from the web become their alt text (a deck fetches nothing)."""
    def alt_text(match):
        alt = re.search(r"""\salt\s*=\s*["']([^"']*)["']""", match.group(0))
        return f'<span class="offline-image">{alt.group(1) if alt else ""}</span>'
    return re.sub(r"""<img\b[^>]*?\ssrc\s*=\s*["']?(?:https?:)?//[^>]*>""", alt_text, page,
                  flags=re.I)


def _deck_link(href):
    """Where a link of a notebook leads in a deck (decks sit in build/slides/, not beside the
    notebooks): another notebook -> its deck, the README's contents -> the decks' index, any
    other file of the repository -> that file on the repository's site; anchors and web
    addresses as they are."""
    if href.startswith("#") or re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
        return href
    path, _, fragment = href.partition("#")
    stems = {stem for stem, *_ in SYLLABUS}
    if path.endswith(".ipynb") and Path(path).stem in stems and "/" not in path:
        return f"{Path(path).stem}.html" + (f"#{fragment}" if fragment else "")
    if path == "../README.md":
        return "index.html"
    target = os.path.normpath(f"notebooks/{path}")
    return f"{REPOSITORY}/blob/{BRANCH}/{target}" + (f"#{fragment}" if fragment else "")


def deck_links(page):
    """Every <a href> of a deck made to lead somewhere from build/slides/ (see _deck_link)."""
    return re.sub(r"""(<a\b[^>]*?\shref\s*=\s*")([^"]*)(")""",
                  lambda m: m.group(1) + _deck_link(m.group(2)) + m.group(3),
                  page, flags=re.I)


def deck_html(nb):
    """One notebook (a JSON dict) as a reveal.js deck (an HTML string)."""
    import nbformat
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = SlidesExporter(extra_template_basedirs=[str(DECK_SOURCES / "templates")],
                              template_name="course_deck", reveal_url_prefix="assets/reveal.js",
                              reveal_theme="white", reveal_transition="none",
                              reveal_width=str(DECK_WIDTH), reveal_height=str(DECK_HEIGHT))
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={EXTRA_CODE_TAG}, enabled=True), enabled=True)
    node = nbformat.reads(json.dumps(deck_notebook(nb)), as_version=4)
    page, _ = exporter.from_notebook_node(node)
    page = deck_links(_offline_images(page))
    if off_machine_urls(page):
        raise RuntimeError(f"the deck would load {off_machine_urls(page)} from the web")
    return page


def build_decks(paths=None, out_dir=DECK_DIR):
    """Write `<stem>.html` for each notebook (all, or the paths given) into out_dir, with the
    assets beside them in out_dir/assets/. Returns the decks written."""
    out_dir = Path(out_dir)
    assets = out_dir / "assets"
    if assets.exists():
        shutil.rmtree(assets)
    shutil.copytree(DECK_SOURCES / "vendor", assets)
    shutil.copy2(DECK_SOURCES / "deck.css", assets / "deck.css")
    written = []
    for path in [Path(p).resolve() for p in paths] if paths else notebook_paths():
        target = out_dir / f"{path.stem}.html"
        target.write_text(deck_html(read_notebook(path)), encoding="utf-8")
        written.append(target)
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    (out_dir / "index.html").write_text(decks_index(out_dir), encoding="utf-8")
    return written


def decks_index(out_dir=DECK_DIR):
    """build/slides/index.html: the decks in that folder, in syllabus order (what a title
    slide's `contents` link opens)."""
    items = "\n".join(
        f'  <li><a href="{stem}.html">{stem[:2]} · {html.escape(title)}</a> ({minutes} min)</li>'
        for stem, title, _, _, minutes in SYLLABUS if (Path(out_dir) / f"{stem}.html").is_file())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Hyperparameter Tuning: the decks</title>
<style>body {{ font: 22px/1.5 sans-serif; margin: 40px 60px; }}</style></head>
<body>
<h1>Hyperparameter Tuning: from scratch to practice</h1>
<p>One deck per lecture. Arrow keys move through a deck; Esc shows all its slides.</p>
<ol>
{items}
</ol>
</body></html>
"""


# ---- the instructor's guide: decks/guide/NN_name.md ---------------------------------------
# One page per lecture. The questions for the room, the homework and the cuts are written by
# hand; the table of sections and minutes is generated from the notebook (`make guide`, also run
# by `make notebooks`), and tests/test_decks.py fails when a page is out of date or names a
# section or exercise the notebook no longer has.
GUIDE_DIR = DECK_SOURCES / "guide"
GUIDE_RESERVE = 10  # minutes of each lecture kept for the questions to the room and the homework
# A section's share of the lecture: its words of prose, plus each line of code shown as
# WORDS_PER_CODE_LINE words (a line is read out and explained) and each figure as
# WORDS_PER_FIGURE (about a minute of talk at 130 words a minute, for reading it with the room)
WORDS_PER_CODE_LINE, WORDS_PER_FIGURE = 20, 130
LECTURE_ENDS = ("## Going further", "## Exercises", "## References")


def lecture_sections(nb):
    """The lecture's sections (its `## ` headings before Going further, the exercises and the
    references), each as (title, words, code lines shown, figures)."""
    sections = []
    for cell in deck_notebook(nb)["cells"]:
        source = _source(cell)
        first_line = source.lstrip().split("\n", 1)[0]
        if cell["cell_type"] == "markdown" and first_line.startswith("## "):
            if first_line.startswith(LECTURE_ENDS):
                break
            sections.append([first_line[3:].strip(), 0, 0, 0])
        if not sections or not GENERATED_TAGS.isdisjoint(_tags(cell)):
            continue
        if cell["cell_type"] == "markdown":
            sections[-1][1] += len(re.sub(r"\$[^$]*\$|<[^>]+>", " ", source).split())
        else:
            if not _is_extra_code(cell):
                sections[-1][2] += sum(1 for line in source.splitlines() if line.strip())
            sections[-1][3] += sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
    return [tuple(s) for s in sections]


def section_minutes(nb, minutes):
    """Each lecture section's minutes: the lecture's syllabus minutes less GUIDE_RESERVE, shared
    in proportion to words + WORDS_PER_CODE_LINE x code lines + WORDS_PER_FIGURE x figures, in
    whole minutes (at least one each) that add up exactly (largest remainders round up)."""
    sections = lecture_sections(nb)
    weights = [w + WORDS_PER_CODE_LINE * c + WORDS_PER_FIGURE * f for _, w, c, f in sections]
    total = minutes - GUIDE_RESERVE
    shares = [max(1.0, total * w / sum(weights)) for w in weights]
    whole = [int(x) for x in shares]
    for i in sorted(range(len(shares)), key=lambda i: whole[i] - shares[i])[:total - sum(whole)]:
        whole[i] += 1
    while sum(whole) > total:  # the minimum of one minute overshot: take from the longest
        whole[whole.index(max(whole))] -= 1
    return [(title, m, w, c, f) for (title, w, c, f), m in zip(sections, whole)]


def guide_timings(index):
    stem, _, _, _, minutes = SYLLABUS[index]
    rows = ["| section | minutes | words | code lines | figures |", "|---|--:|--:|--:|--:|"]
    rows += [f"| {title} | {m} | {w} | {c} | {f} |"
             for title, m, w, c, f in section_minutes(read_notebook(NOTEBOOK_DIR / f"{stem}.ipynb"),
                                                      minutes)]
    rows += [f"| questions for the room, setting the homework | {GUIDE_RESERVE} | | | |",
             f"| **the lecture (syllabus)** | **{minutes}** | | | |"]
    return ("Generated from the notebook by `make guide`: the lecture's "
            f"{minutes} minutes, less {GUIDE_RESERVE}\nfor the questions and the homework, "
            "shared among the sections in proportion to their words of\nprose, counting "
            f"{WORDS_PER_CODE_LINE} words for each line of code shown and {WORDS_PER_FIGURE} "
            "for each figure.\n\n" + "\n".join(rows))


def guide_path(index):
    return GUIDE_DIR / f"{SYLLABUS[index][0]}.md"


def synced_guide(index):
    return _replace_block(guide_path(index).read_text(encoding="utf-8"), "timings",
                          guide_timings(index))


def guide_out_of_sync():
    return [guide_path(i) for i, (stem, *_) in enumerate(SYLLABUS)
            if _written(stem) and guide_path(i).is_file()
            and synced_guide(i) != guide_path(i).read_text(encoding="utf-8")]


def sync_guide():
    for path in guide_out_of_sync():
        index = [guide_path(i) for i in range(len(SYLLABUS))].index(path)
        path.write_text(synced_guide(index), encoding="utf-8")
        print(f"synced {path.relative_to(ROOT)}")


def guide_problems(index):
    """What a guide page names that its notebook lacks: a [section] that is no `## ` heading,
    an "Exercise N" that is no exercise heading; and the authored parts it must have."""
    stem = SYLLABUS[index][0]
    page = guide_path(index).read_text(encoding="utf-8")
    nb = read_notebook(NOTEBOOK_DIR / f"{stem}.ipynb")
    headings = {line[3:].strip() for c in nb["cells"] if c["cell_type"] == "markdown"
                for line in _source(c).splitlines() if line.startswith("## ")}
    exercises = set(re.findall(r"^### Exercise (\d+)", "\n".join(
        _source(c) for c in nb["cells"] if c["cell_type"] == "markdown"), re.M))
    authored = page.split("<!-- timings:end -->", 1)[-1]
    problems = [f"{stem}: no section '{name}' in the notebook"
                for name in re.findall(r"\[([^\]]+)\](?!\()", authored) if name not in headings]
    problems += [f"{stem}: no Exercise {n} in the notebook"
                 for n in re.findall(r"\bExercise (\d+)", authored) if n not in exercises]
    for part in ("## Questions for the room", "## Homework", "## When time runs short"):
        if part not in authored:
            problems.append(f"{stem}: no '{part}' part")
    questions = re.findall(r"^- \[[^\]]+\] \*\*Ask:\*\*(?:(?!\n- ).)+?\*Catches:\*", authored,
                           re.M | re.S)
    if not 2 <= len(questions) <= 4:
        problems.append(f"{stem}: {len(questions)} questions for the room (want 2 or 3, each "
                        "'- [section] **Ask:** ... *Catches:* ...')")
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "sync":
        sync(rest or None)
        if not rest:
            sync_guide()
    elif command == "check":
        stale = out_of_sync()
        for path in stale:
            print(f"out of sync: {path.relative_to(ROOT)} (run `make notebooks`)")
        return 1 if stale else 0
    elif command == "student":
        write_student_copies(*rest[:1])
    elif command == "mywork":
        for line in learner_copies(*[Path(p).resolve() for p in rest[:1]]):
            print(line)
    elif command == "execute":
        execute(rest or None)
    elif command == "slides":
        build_decks(rest or None)
    elif command == "guide":
        sync_guide()
        problems = [p for i, (stem, *_) in enumerate(SYLLABUS) if _written(stem)
                    for p in (guide_problems(i) if guide_path(i).is_file()
                              else [f"{stem}: no {guide_path(i).relative_to(ROOT)}"])]
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
