# Kōshō — `make run` serves the site on SQLite with the founding data; `make test` runs the suite.
# Both create the virtualenv in .venv and install requirements.txt when it has changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test bench lint format clean

help:
	@echo "make run      set up, load the founding data and serve http://127.0.0.1:$${PORT:-8000}/ (SQLite)"
	@echo "make test     set up, lint, then run the test suite (PYTEST_ARGS=... passes arguments to pytest)"
	@echo "make bench    run the benchmarks and print their figures (DATABASE_URL picks the database)"
	@echo "make lint     ruff check, ruff format --check, makemigrations --check"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make clean    remove .venv, db.sqlite3 and staticfiles"

$(PY):
	$(PYTHON) -m venv --clear $(VENV)

# Reinstall only when requirements.txt is newer than the stamp (or the virtualenv was recreated).
$(STAMP): requirements.txt $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_founding_data
	$(MANAGE) create_demo_archivist
	$(MANAGE) runserver 127.0.0.1:$${PORT:-8000}

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) -m pytest -m benchmark -s -q tests/benchmarks

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal staticfiles
