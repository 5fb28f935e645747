# The two set-up commands (see README.md). Each installs what it needs on first use.
#   make site   build the example site into public/  (make serve: the live preview)
#   make test   run the linter and the whole test suite (with the real HTML checker,
#               feed parser, JSON-LD extractor and, where it can, a real Chromium)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := node_modules/.installed

.PHONY: site serve check test lint browser clean

site: $(STAMP)
	$(BIN)/python build.py

serve: $(STAMP)
	$(BIN)/python build.py serve

check: $(STAMP)
	$(BIN)/python build.py check

test: $(STAMP) $(TOOLS) browser
	$(BIN)/ruff check factsite tests build.py
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Test tools from the npm registry: vnu-jar (run on this machine's Java), playwright-core
# (drives Debian's Chromium; it never downloads a browser of its own) and axe-core.
$(TOOLS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(TOOLS)

# Debian's Chromium for the browser tests, when we may install it (CI runs as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -q && apt-get install -y -q chromium chromium-driver; \
	  else \
	    echo "No chromium: browser tests will be skipped. Install it with:"; \
	    echo "  sudo apt-get install chromium chromium-driver"; \
	  fi; }

clean:
	rm -rf public .cache
