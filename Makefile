# Servicekonto — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Where people open the app: links in mails (password resets) point here, so it follows HOST and PORT
# (`PORT=5101 make run` mails links to port 5101); set it yourself behind a proxy or another name.
PUBLIC_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),localhost,$(HOST)):$(PORT)
# Test workers; the suite is sized for 2 cores.
WORKERS ?= 2

.PHONY: run test install install-dev translations system-packages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## Install and compile the catalogues: the production install step (production refuses stale catalogues).
install: $(VENV)/.installed
	$(BIN)/python -m ledger.translations compile
install-dev: $(VENV)/.installed-dev

## Compile the Swedish and English message catalogues (.po -> .mo).
translations: install
	$(BIN)/pybabel compile --statistics -d translations

## Debian packages the suite uses (Chromium, pdftotext, fonts); installs what is missing when it can.
system-packages:
	@.ci/install-system-packages

## Create the venv, install, migrate, load demo data, then serve on http://$(HOST):$(PORT) with one jobs worker
## beside the server (its queue an SQLite file under instance/; mail as .eml files in instance/mail/).
## Both get PUBLIC_URL, so mailed links point at this server. Stopping the server (Ctrl-C) stops the worker too.
run: install translations
	SERVICEKONTO_ENV=development $(BIN)/flask db upgrade
	SERVICEKONTO_ENV=development $(BIN)/flask demo
	@SERVICEKONTO_ENV=development PUBLIC_URL=$(PUBLIC_URL) $(BIN)/flask jobs worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	SERVICEKONTO_ENV=development PUBLIC_URL=$(PUBLIC_URL) $(BIN)/flask run --host $(HOST) --port $(PORT)

## The whole suite; set TEST_DATABASE_URL to run the database tests on PostgreSQL as well.
test: install-dev translations system-packages
	$(BIN)/pytest -n $(WORKERS)

## Every benchmark (bench/README.md) at a size that finishes in under 10 minutes on 2 cores; one table.
BENCH_POSTGRESQL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
bench: install-dev translations system-packages
	$(BIN)/python -m bench.run_all --postgresql "$(BENCH_POSTGRESQL)"

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
