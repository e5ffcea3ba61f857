# Guru's two commands are `make run` and `make test`; the rest are helpers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Database for the second test pass; pytest-django creates test_guru beside it.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/guru

.PHONY: run test lint format bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.deps-dev: requirements-dev.txt $(VENV)/.deps
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## run: set up .venv, migrate SQLite, load the demo content and serve on 127.0.0.1:8000
run: $(VENV)/.deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --url http://$(HOST):$(PORT)/
	GURU_BASE_URL=$${GURU_BASE_URL:-http://$(HOST):$(PORT)} \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

## test: lint, then the whole suite on SQLite and (when reachable; always in CI) PostgreSQL
test: lint
	@# No database is needed to compare models with migrations; a fresh clone has none.
	DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run --settings=guru.settings.test
	$(BIN)/pytest -n auto --dist loadfile
	@if $(BIN)/python -m guru.devtools.postgres_ready "$(TEST_DATABASE_URL)"; then \
		echo "== same suite on PostgreSQL =="; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -n auto --dist loadfile; \
	elif [ -n "$$CI" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_DATABASE_URL); CI requires it." >&2; exit 1; \
	else \
		echo "WARNING: PostgreSQL not reachable; the PostgreSQL pass was skipped (CI runs it)."; \
	fi

lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.deps-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: Doris's benchmark (see docs/benchmarks.md)
bench: $(VENV)/.deps-dev
	$(BIN)/python -m doris.bench

## lock: re-pin requirements*.txt from pyproject.toml (no index URLs are recorded)
lock: $(VENV)/.deps-dev
	$(BIN)/uv pip compile --quiet --python-version 3.11 pyproject.toml -o requirements.txt
	$(BIN)/uv pip compile --quiet --python-version 3.11 pyproject.toml --extra dev \
		-c requirements.txt -o requirements-dev.txt

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
