# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
OUTPUT ?= output
CONTENT ?=
PORT   ?= 8000
CONTENT_ARG := $(if $(CONTENT),--content $(CONTENT),)

.PHONY: install html publish serve test lint golden clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed

html: install
	$(BIN)/disclose build --output $(OUTPUT) $(CONTENT_ARG)

publish: install
	$(BIN)/disclose publish --output $(OUTPUT) $(CONTENT_ARG)

serve: html
	@echo "网站地址：http://127.0.0.1:$(PORT)/ （Ctrl+C 停止）"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory $(OUTPUT)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check plugins tests bench

golden: install
	$(BIN)/python -m tests.golden --regenerate

clean:
	rm -rf $(OUTPUT) .pytest_cache
