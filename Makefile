# The two set-up commands (see README.md). Each creates .venv/ on first use.
#   make site   build the example site into public/   (make serve: live preview, later)
#   make test   run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site check test lint clean

site: $(STAMP)
	$(BIN)/python build.py

check: $(STAMP)
	$(BIN)/python build.py check

test: $(STAMP)
	$(BIN)/ruff check factsite tests build.py
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf public .cache
