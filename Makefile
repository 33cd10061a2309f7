# The course's commands. Each target installs what it needs into .venv first (once, and again
# when pyproject.toml changes), so on a fresh clone `make lab` and `make test` just work.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: lab test notebooks execute student clean

# Open the course in JupyterLab at notebook 01. (Jupyter refuses to run as root unless told:
# in a container, root is usual, so tell it there.)
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
lab: $(INSTALLED)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/01_parameters_vs_hyperparameters.ipynb

# Run the whole test suite: the helpers' unit tests and every notebook (nbval).
test: $(INSTALLED)
	$(BIN)/python -m pytest

# Regenerate every notebook's header, setup cell and footer, and the README's syllabus.
notebooks: $(INSTALLED)
	$(BIN)/python course.py sync

# Re-execute every notebook in place from a clean kernel (or NB="notebooks/03_grid_search.ipynb").
execute: notebooks
	$(BIN)/python course.py execute $(NB)

# Student copies without the solution cells, in build/student/notebooks/.
student: $(INSTALLED)
	$(BIN)/python course.py student

$(INSTALLED): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("The course needs Python 3.10 or newer; this is " + sys.version.split()[0]) if sys.version_info < (3, 10) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[course]"
	touch $(INSTALLED)

clean:
	rm -rf $(VENV) build
