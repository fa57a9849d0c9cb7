# The verbs a newcomer types. Each creates or reuses .venv/ and installs what it needs first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DEMO_OUT ?= build/demo
SERVE ?= 1
PORT ?= 8000
DEMO_WEB := $(DEMO_OUT)/web

.PHONY: demo test lint bench serve lock clean system-packages

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --constraint requirements.lock --editable '.[dev]'
	touch $(STAMP)

## demo: build the illustrative South Essex partnership and import its site lists (the
## command line), then load it into the web platform (SQLite) with four demo users, appraise
## some sites, plan its programme there (its summary also to $(DEMO_OUT)/plan), and serve it
## (SERVE=0 to skip serving). The programme is planned once, by the web platform.
demo: $(STAMP)
	$(VENV)/bin/partnerhomes demo run --out $(DEMO_OUT) --no-plan
	mkdir -p $(DEMO_WEB) && rm -f $(DEMO_WEB)/db.sqlite3*
	PARTNERHOMES_DATA_DIR=$(DEMO_WEB) $(PY) -m partnerhomes.web load_demo --out $(DEMO_OUT)/web-inputs --plan-out $(DEMO_OUT)/plan
ifeq ($(SERVE),1)
	PARTNERHOMES_DATA_DIR=$(DEMO_WEB) $(PY) -m partnerhomes.web serve --port $(PORT)
endif

## serve: serve the demo installation again (after make demo SERVE=0)
serve: $(STAMP)
	PARTNERHOMES_DATA_DIR=$(DEMO_WEB) $(PY) -m partnerhomes.web serve --port $(PORT)

## test: lint checks, then every test on SQLite (with the browser tests), then the web tests
## again on a throwaway PostgreSQL that the script starts and stops
test: lint system-packages
	$(PY) -m pytest -q -n 2
	scripts/test-postgres $(PY) -m pytest -q -n 2 -p no:cacheprovider tests/web -m "not e2e"

system-packages:
	scripts/install-system-packages

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
