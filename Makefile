# Kōshō — `make run` serves the site on SQLite with the founding data; `make test` runs the suite.
# Both create the virtualenv in .venv: `make run` installs the runtime set (requirements.txt),
# `make test` the development set (requirements-dev.txt), each again only when its file changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev
MANAGE := $(PY) manage.py
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install run test bench lint format clean

help:
	@echo "make run      set up, load the founding data and serve http://127.0.0.1:$${PORT:-8000}/ (SQLite)"
	@echo "make test     set up, lint, then run the test suite (PYTEST_ARGS=... passes arguments to pytest)"
	@echo "make bench    run the benchmarks and print their figures (scale ones need a PostgreSQL DATABASE_URL)"
	@echo "make lint     ruff check, ruff format --check, the import contract, makemigrations --check"
	@echo "make format   ruff format and ruff check --fix"
	@echo "make clean    remove .venv, db.sqlite3 and staticfiles"

$(PY):
	$(PYTHON) -m venv --clear $(VENV)

# Reinstall only when a requirements file is newer than its stamp (or the virtualenv was recreated).
$(STAMP): requirements.txt $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements-dev.txt requirements.txt $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	@touch $(STAMP) $@

install: $(DEV_STAMP)

# Debug pages and static files served from the checkout: for a laptop, never for a server.
run: export DJANGO_DEBUG ?= 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) load_founding_data
	$(MANAGE) create_demo_archivist
	$(MANAGE) runserver 127.0.0.1:$${PORT:-8000}

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(MANAGE) makemigrations --check --dry-run

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Micro-benchmarks on the test database, then the catalogue at scale (PostgreSQL only:
# KOSHO_BENCH_SIZES=10000,100000 by default; see docs/performance.md).
bench: $(DEV_STAMP)
	$(PY) -m pytest -m benchmark -s -q tests/benchmarks
	$(PY) -m tests.benchmarks

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal staticfiles
