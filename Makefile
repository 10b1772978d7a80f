# Two commands do everything on a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint format messages bench-psychometrics bench-equating bench-dif bench-assembly bench-credentials clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Hallmark needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

# `make run PORT=9000` serves the demo on another port; its links and credentials follow it.
PORT ?= 8000

run: $(VENV)/.installed
	$(BIN)/hallmark demo --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy -p hallmark

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
# loadgroup hands tests out one by one, except those marked with an xdist_group, which share
# state of their own and run on one worker together (see tests/conftest.py).
TEST_WORKERS ?= auto

test: lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The Spanish catalogs (docs/operations.md, "Languages"): every app with a locale/ directory
# gets its new and changed messages in locale/es/LC_MESSAGES/django.po, then the compiled .mo.
# Needs GNU gettext (msgfmt, xgettext); translate the new entries, then run it again.
messages: $(VENV)/.installed
	@for locale in src/hallmark/*/locale; do \
	  app=$$(dirname $$locale); echo "$$app"; \
	  (cd $$app && PYTHONPATH=$(CURDIR)/src $(CURDIR)/$(BIN)/hallmark makemessages -l es \
	    --no-obsolete --add-location file --ignore 'migrations/*' --verbosity 0 \
	    && PYTHONPATH=$(CURDIR)/src $(CURDIR)/$(BIN)/hallmark compilemessages -l es --verbosity 0) \
	    || exit 1; \
	done

# Benchmarks run in their own environment, with the peer packages they compare against.
.venv-bench/.installed: pyproject.toml benchmarks/requirements-peers.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet -e . -r benchmarks/requirements-peers.txt
	touch $@

bench-psychometrics: .venv-bench/.installed
	.venv-bench/bin/python benchmarks/psychometrics.py

bench-equating: .venv-bench/.installed
	.venv-bench/bin/python benchmarks/equating.py

bench-dif: .venv-bench/.installed
	.venv-bench/bin/python benchmarks/dif.py

bench-assembly: $(VENV)/.installed
	$(BIN)/python benchmarks/assembly.py

bench-credentials: $(VENV)/.installed
	$(BIN)/python benchmarks/credentials.py

clean:
	rm -rf $(VENV) .venv-bench .pytest_cache .ruff_cache .mypy_cache
