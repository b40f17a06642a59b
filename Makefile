# Two entry points: `make run` builds the atlas from the sample data and serves it;
# `make test` runs every test. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA ?= $(if $(STEMATLAS_DATA),$(STEMATLAS_DATA),../shared/data)
DB ?= atlas.duckdb
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test run build serve test lint clean vendor bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Builds from the sample pack when it is there; otherwise says so and builds the
# labeled synthetic demo, so the command works on any machine.
build: install
	$(BIN)/stematlas build --data "$(DATA)" --db "$(DB)" --demo-if-missing

run: build
	$(BIN)/stematlas serve --db "$(DB)" --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest -q

# Page weight and time to first content in headless Chromium (figures, not a test).
bench: install-test build
	$(BIN)/python tools/bench_pages.py --db "$(DB)"

# Needs npm; the vendored files are committed, so installs never need the network.
vendor:
	$(PYTHON) tools/vendor.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache build *.egg-info src/*.egg-info
