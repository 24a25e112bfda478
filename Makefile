# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
OUTPUT ?= output
CONTENT ?=
PORT   ?= 8000
CONTENT_ARG := $(if $(CONTENT),--content $(CONTENT),)
# The trust anchor (administrator public key) of the sample site: a DEMO key (演示). A real site
# passes its own through the DISCLOSE_TRUST variable of the protected deploy job instead.
DEMO_TRUST := content/_review/demo-keys/演示-信任锚.pub
TRUST_ARG := $(if $(DISCLOSE_TRUST),,--trust $(DEMO_TRUST))

.PHONY: install html publish serve desk test lint golden clean

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	touch $@

install: $(VENV)/.installed

html: install
	$(BIN)/disclose build --output $(OUTPUT) $(CONTENT_ARG) $(TRUST_ARG)

publish: install
	$(BIN)/disclose publish --output $(OUTPUT) $(CONTENT_ARG) $(TRUST_ARG) $(if $(STRICT),--strict,)

# Staff preview of the working copy (unapproved documents included, each with its state) in
# preview/, a folder `make publish` never reads from.
serve: install
	$(BIN)/disclose build --preview --output preview $(CONTENT_ARG)
	$(BIN)/python -m disclose.site.preview_server --port $(PORT) preview

# The review desk (审核台) for the person whose key is KEY (e.g. KEY=~/.ssh/id_ed25519; without
# KEY: ssh-agent or git's user.signingkey; PERSON=id names the person), on 127.0.0.1 only; it prints the URL.
desk: install
	$(BIN)/disclose desk $(TRUST_ARG) $(if $(KEY),--key $(KEY),) $(if $(PERSON),--as $(PERSON),) --port $(or $(DESK_PORT),8765)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check plugins tests bench

golden: install
	$(BIN)/python -m tests.golden --regenerate

clean:
	rm -rf $(OUTPUT) preview .pytest_cache
