# The course's commands. Each target installs what it needs into .venv first (once, and again
# when pyproject.toml changes), so on a fresh clone `make lab` and `make test` just work.
PYTHON ?= python3
# VENV and CONSTRAINTS can be set to test other versions of the libraries: CI runs
# `make test VENV=.venv-colab CONSTRAINTS=.ci/colab-versions.txt` for Colab's versions.
VENV ?= .venv
CONSTRAINTS ?=
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: help lab test robust notebooks execute student slides guide benchmark clean
.DEFAULT_GOAL := help

# `make` alone lists the targets: the lines that start with `##` below each one's name.
help:
	@echo "The course's commands (each installs what it needs into $(VENV)/ the first time):"
	@sed -n 's/^\([a-z]*\):.*## \(.*\)/\1\t\2/p' $(MAKEFILE_LIST) | \
		awk -F '\t' '{ printf "  make %-10s %s\n", $$1, $$2 }'

# Open the course in JupyterLab, in the learner's own copies: mywork/ gets a copy of every
# notebook it lacks (solutions included; an existing copy is never overwritten) and the note of
# any lecture that changed since its copy was made. git ignores mywork/, so `git pull` never
# meets the learner's work, and `make test` tests only notebooks/. default_url makes every
# address Jupyter prints open notebook 01 too, so on a machine without a browser (Docker, WSL,
# SSH) the printed link works. (Jupyter refuses to run as root unless told: in a container root
# is usual, so tell it.) LAB_FLAGS adds options (the learner-path test: --no-browser --port=...).
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
MYWORK := mywork
FIRST_NOTEBOOK := $(MYWORK)/01_parameters_vs_hyperparameters.ipynb
LAB_FLAGS ?=
lab: $(INSTALLED) ## open the course in JupyterLab, in your own copies in mywork/
	@$(BIN)/python tools/course.py mywork
	@echo "Starting JupyterLab at $(FIRST_NOTEBOOK). No browser opens? Copy the address that"
	@echo "ends in ?token=... from the lines below into one. Stop it with Ctrl-C."
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/$(FIRST_NOTEBOOK) $(LAB_FLAGS)

# Run the whole test suite: the helpers' unit tests and every notebook (nbval), on two cores
# (pytest-xdist; --dist loadfile keeps each notebook's cells together in one worker). -rs prints
# the reason of every skipped test (the browser test of the decks without chromium, say).
test: $(INSTALLED) ## run the test suite: helpers' unit tests and every notebook (about 3 min)
	$(BIN)/python -m pytest -n 2 --dist loadfile -rs

# Every notebook again under other values of COURSE_SEED, so other data, splits and searches:
# fails on an error or a failed assert (a claim that was seed luck), or where a cell whose stored
# output nbval compares (tag nbval-check-output) prints something else, since such a cell would
# print something else on another CPU too. SEEDS="3 11" picks the seeds; by default two are
# drawn at random and printed, so each run tries seeds nobody chose.
SEEDS ?= $(shell $(PYTHON) -c "import random; print(*random.sample(range(1, 100000), 2))")
robust: $(INSTALLED) ## run every notebook under two other random seeds
	@seeds="$(SEEDS)"; for seed in $$seeds; do \
		echo "==> make robust: every notebook with COURSE_SEED=$$seed"; \
		COURSE_SEED=$$seed $(BIN)/python -m pytest -n 2 --dist loadfile notebooks || \
			{ echo "==> failed with COURSE_SEED=$$seed (again: make robust SEEDS=$$seed)"; exit 1; }; \
	done

# Regenerate every notebook's header, setup cell and footer, and the README's syllabus.
notebooks: $(INSTALLED) ## (maintainers) regenerate the generated cells and guide timings
	$(BIN)/python tools/course.py sync

# Re-execute every notebook in place from a clean kernel (or NB="notebooks/03_grid_search.ipynb").
execute: notebooks ## (maintainers) re-execute the notebooks in place (or NB=notebooks/03_...)
	$(BIN)/python tools/course.py execute $(NB)

# The performance tables of the course's own methods (not part of `make test`: benchmarks print
# numbers, they do not pass or fail). Several minutes; each script says what it measures.
benchmark: $(INSTALLED) ## the performance tables of the course's methods (several minutes)
	$(BIN)/python benchmarks/bayes.py
	$(BIN)/python benchmarks/evolution.py
	$(BIN)/python benchmarks/multi_fidelity.py
	$(BIN)/python benchmarks/tpe.py

# Notebook 09's benchmark suite: every method on every problem, budgets 10/50/200, 1 and 4
# workers, 50 seeds (bayes at 200: fewer, see the script), on 2 processes; writes
# data/suite_results.csv.gz and data/suite_results.json. About an hour on a busy 2-core machine.
.PHONY: suite
suite: $(INSTALLED) ## notebook 09's benchmark suite, into data/suite_results.csv.gz (about an hour)
	$(BIN)/python benchmarks/suite.py

# Student copies without the solution cells, in build/student/notebooks/.
student: $(INSTALLED) ## handouts without solutions, in build/student/
	$(BIN)/python tools/course.py student

# Lecture decks: one reveal.js slide show per notebook, build/slides/NN_name.html, without the
# solutions, the "Going further" part or the code of "extra code" cells. reveal.js and KaTeX are
# copied beside them from decks/vendor/, so the folder opens offline (in a lecture hall too).
slides: $(INSTALLED) ## the lecture decks, in build/slides/ (open index.html)
	$(BIN)/python tools/course.py slides

# The instructor's guide, decks/guide/: regenerates each page's minutes per section from its
# notebook and checks that the sections and exercises a page names still exist.
guide: $(INSTALLED) ## the instructor's guide (decks/guide/): timings from the notebooks
	$(BIN)/python tools/course.py guide

# The first run sets up .venv and says so; pip's own lines show the progress. compat mode puts
# the repository folder on the venv's path (helpers imports from anywhere) without
# setuptools' warning about folders named like the package, which read like an error.
$(INSTALLED): pyproject.toml $(CONSTRAINTS)
	@$(PYTHON) -c 'import sys; sys.exit("The course needs Python 3.10 or newer; this is " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	@echo "==> Setting up the course in $(VENV)/: the first time only, 2 to 4 minutes (it downloads"
	@echo "    NumPy, SciPy, scikit-learn, Matplotlib, pandas, Jupyter, pytest, nbval, and Optuna and"
	@echo "    Dask for notebook 09: about 1 GB on disk)."
	$(PYTHON) -m venv $(VENV)
	@echo "==> 1/2 Updating pip"
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "==> 2/2 Installing the course's packages (one line per package)"
	$(BIN)/python -m pip install --progress-bar off -e ".[course,practice,decks]" --config-settings editable_mode=compat $(if $(CONSTRAINTS),-c $(CONSTRAINTS))
	@touch $(INSTALLED)
	@echo "==> Set up. Next time this step is skipped."

clean: ## remove .venv and build/ (mywork/ is yours: never removed)
	rm -rf $(VENV) .venv-colab build
