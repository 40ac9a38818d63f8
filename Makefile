# `make run` and `make test` set everything up on a fresh machine (offline but for PyPI).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# On machines without the local CPU wheel of torch, point pip at PyTorch's CPU index:
#   make run PIP_EXTRA="--extra-index-url https://download.pytorch.org/whl/cpu"
PIP_EXTRA ?=

.PHONY: setup run test check lint bench train-reader clean

$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q $(PIP_EXTRA) -r requirements.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

run: setup
	$(BIN)/newsbot reindex
	$(BIN)/newsbot repl

test: setup
	$(BIN)/ruff check bot index tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

check: test

bench: setup
	$(BIN)/python benchmarks/run.py

# Rebuilds bot/reader/reader.safetensors (+ .sha256) from XQuAD-el (../shared) with the same seed;
# about an hour on one CPU core (bot/reader/DATA_CARD.md).
train-reader: setup
	nice -n 10 $(BIN)/python -m bot.reader.train
	$(BIN)/python benchmarks/reader.py

clean:
	rm -rf $(VENV) .newsbot
