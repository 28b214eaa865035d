# Two entry points: `make run` opens the UI on your real database; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test lint typecheck pytest bench clean

run: $(VENV)/.run-stamp
	$(BIN)/pipeline

test: $(VENV)/.test-stamp lint typecheck pytest

lint: $(VENV)/.test-stamp
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: $(VENV)/.test-stamp
	$(BIN)/mypy src

# Two workers: the suite (2,825 tests) is ~570 CPU seconds, about 8 minutes on 2 cores this way
# (docs/performance.md, "Test suite").
pytest: $(VENV)/.test-stamp
	$(BIN)/pytest -q -n 2

bench: $(VENV)/.test-stamp
	$(BIN)/python benchmarks/quick_add.py
	$(BIN)/python benchmarks/import.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/tui.py

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "pipeline-tui needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-stamp: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e .
	@touch $@

$(VENV)/.test-stamp: $(VENV)/bin/python pyproject.toml constraints.txt
	$(PIP) install -c constraints.txt -e '.[test]'
	@touch $@ $(VENV)/.run-stamp

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
