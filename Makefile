# kg — two commands on a fresh machine (Python 3.11+, pip, make):
#   make serve   set up, load the seed articles into the embedded store, serve the SPARQL endpoint
#   make test    set up, run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve load test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install kg with its test tools

load: $(STAMP)  ## load the seed articles into the store
	$(BIN)/kg load

serve: load  ## load the seed articles, then serve http://$(HOST):$(PORT)/
	$(BIN)/kg serve --host $(HOST) --port $(PORT)

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check kg tests
	$(BIN)/ruff format --check kg tests
	$(BIN)/mypy

ARTICLES ?= $(wildcard ../shared/articles-dev) seeds

bench: $(STAMP)  ## benchmarks (not part of the test suite): loading, the endpoint at 200k, 1M and 5M quads
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/load.py $(ARTICLES)
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .kg-store .pytest_cache
