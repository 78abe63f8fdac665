# Every target bootstraps what it needs: a machine with Python 3.11, make and
# git is enough. See README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py

.PHONY: run test lint format bench load install browser-deps messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

# Browser tests need Debian's chromium and axe-core from npm. Install what we
# can; the browser tests skip loudly where something is missing (and fail
# under CI=true).
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
				|| echo "!!! Could not install chromium: browser tests will be skipped."; \
		else \
			echo "!!! chromium is missing and cannot be installed here (needs root and apt-get): browser tests will be skipped."; \
		fi; \
	fi
	@if [ ! -f node_modules/axe-core/axe.min.js ]; then \
		if command -v npm >/dev/null 2>&1; then \
			npm ci --no-audit --no-fund --loglevel=error || echo "!!! Could not install axe-core: accessibility checks will be skipped."; \
		else \
			echo "!!! npm is missing: accessibility checks will be skipped."; \
		fi; \
	fi

test: $(STAMP) browser-deps
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks on `seed_demo --scale $(BENCH_SCALE)` (0: each builds a small tree).
BENCH_SCALE ?= 20
bench: $(STAMP)
	$(BIN)/pytest tests/benchmarks -m bench -q --bench-scale $(BENCH_SCALE) $(BENCH_ARGS)

# gunicorn (production settings) on PostgreSQL driven by locust for
# LOAD_SECONDS (default 60) on 127.0.0.1; needs PostgreSQL, uses Redis when it
# answers. See docs/operations.md, "Load test".
load: $(STAMP)
	$(BIN)/python -m tests.load.run

# Update the translation catalogues after changing interface strings, then
# translate the new entries in site/locale/{nl,fr}/LC_MESSAGES/django.po.
messages: $(STAMP)
	$(MANAGE) makemessages -l nl -l fr --add-location=file --ignore=".venv/*" --ignore="node_modules/*" --ignore="tests/*"
	$(MANAGE) compilemessages --ignore=".venv/*"
