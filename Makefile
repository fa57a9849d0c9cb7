# The verbs a newcomer types. Each creates or reuses .venv/ and installs what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_OUT ?= build/demo

.PHONY: demo test lint bench serve lock clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint requirements.lock --editable '.[dev]'
	touch $(STAMP)

## demo: build the illustrative South Essex partnership and run the main job on it
demo: $(STAMP)
	$(VENV)/bin/partnerhomes demo run --out $(DEMO_OUT)

## test: lint checks, then every test
test: lint
	$(PY) -m pytest -q -n 2

## lint: ruff, mypy --strict and the import-linter dependency contracts
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

## bench: speed and memory figures as JSON
bench: $(STAMP)
	$(PY) benchmarks/run_all.py

## lock: refresh requirements.lock from the current environment (after changing pyproject.toml)
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v -i '^partnerhomes' > requirements.lock

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache
