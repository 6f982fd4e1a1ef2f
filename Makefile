# Krami – the two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# Demo-only settings for `make run`: never use these in production.
RUN_ENV := DEBUG=true KRAMI_DEMO_ACCOUNTS_SKIP_2FA=true
SUDO := $(shell [ "$$(id -u)" = 0 ] && echo "" || (command -v sudo >/dev/null && sudo -n true 2>/dev/null && echo sudo -n) )
CAN_INSTALL := $(shell [ "$$(id -u)" = 0 ] || (command -v sudo >/dev/null && sudo -n true 2>/dev/null) && echo yes)

.PHONY: run serve test test-fast lint install install-dev system-deps migrate seed messages check-deploy bandit clean backup restore verify-backup scale-data bench bench-small bench-import loadtest

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  if [ "$(CAN_INSTALL)" = yes ]; then $(SUDO) apt-get install -y python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else echo "python3 -m venv failed: install python3-venv" >&2; exit 1; fi; }

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## make run: install, migrate the SQLite database, load the demo data, serve on http://127.0.0.1:8000
run: install
	$(RUN_ENV) $(PY) manage.py migrate --no-input -v0
	$(RUN_ENV) $(PY) manage.py seed_demo
	@echo "Serving Krami on http://127.0.0.1:8000 (Ctrl-C stops)"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## system-deps: Debian's chromium and its headless shell (browser tests), postgresql (CI database), gettext (translations) and
## xmlsec1 (SAML signatures, issue 20) when missing
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	[ -x /usr/bin/chromium-headless-shell ] || missing="$$missing chromium-headless-shell"; \
	ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing="$$missing postgresql"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	[ -x /usr/bin/xmlsec1 ] || missing="$$missing xmlsec1"; \
	if [ -n "$$missing" ]; then \
	  if [ "$(CAN_INSTALL)" = yes ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get install -y -q $$missing >/dev/null || { $(SUDO) apt-get update -q >/dev/null && $(SUDO) apt-get install -y -q $$missing >/dev/null; }; \
	  else echo "Missing Debian packages:$$missing (install them, or run as root)"; fi; \
	fi

## make test: the whole suite (SQLite by default; DATABASE_URL=postgres://... for PostgreSQL)
# TEST_WORKERS: parallel pytest processes (pytest-xdist), one per core of the 2-core CI machine.
# Coverage: SlipCover ([tool.slipcover] in pyproject.toml) writes .coverage.json, and
# .ci/coverage-floor prints the total and fails below the floor.
TEST_WORKERS ?= 2

test: install-dev system-deps
	@rm -f .coverage.json
	$(PY) -m slipcover -m pytest -n $(TEST_WORKERS) --durations=15
	@$(PY) .ci/coverage-floor .coverage.json

## make lint: ruff (ruff.toml): unused names, import order, inline imports without a reason
lint: install-dev
	$(VENV)/bin/ruff check .

## test-fast: the suite without browser tests
test-fast: install-dev
	$(PY) -m pytest -m "not browser"

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate

## make messages: collect the UI texts into locale/sv/LC_MESSAGES/django.po and compile django.mo
## (English is the source language, so only Swedish has a catalogue; commit both files)
messages: install-dev
	cd $(CURDIR) && DEBUG=true $(PY) manage.py makemessages -l sv --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=tests
	DEBUG=true $(PY) manage.py compilemessages -l sv --ignore=.venv

check-deploy: install
	SECRET_KEY=check-deploy-$$RANDOM$$RANDOM$$RANDOM$$RANDOM$$RANDOM-abcdefghijklmnopqrstuvwxyz \
	ALLOWED_HOSTS=krami.example.se DATABASE_URL=postgres://krami@localhost/krami \
	PERSONNUMMER_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	PERSONNUMMER_HASH_KEY=check-deploy-hash-key \
	$(PY) manage.py check --deploy --fail-level WARNING

bandit: install-dev
	$(VENV)/bin/bandit -q -r krami participants intake agreements reporting privacy scale -x '*/tests/*,*/migrations/*' --severity-level high

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache

## backup / restore (PostgreSQL; DATABASE_URL must point at it; docs/security.md, "Backups")
## make backup: FILE (default backups/krami-<time>.dump) and FILE.manifest.json, from one snapshot
backup: install
	$(PY) manage.py backup $(if $(FILE),--output $(FILE),)

## make restore FILE=...: check the file, then replace the database in one transaction (stop the app first)
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/krami-....dump" >&2; exit 2; }
	$(PY) manage.py restore $(FILE) --yes

## make verify-backup FILE=...: restore into a scratch database and compare with the manifest
verify-backup: install
	@test -n "$(FILE)" || { echo "usage: make verify-backup FILE=backups/krami-....dump" >&2; exit 2; }
	$(PY) manage.py restore $(FILE) --verify

## Scale and speed (issues 7 and 19, docs/benchmarks/README.md). PostgreSQL databases krami_scale_national,
## krami_scale_small and krami_scale_log on BENCH_PG (created when missing). SCALE=0.1 makes a tenth of the
## 60 units; SCALE=2 twice as many, in a database of its own (krami_scale_national_x2) that `make bench SCALE=2`
## compares with the national one on unit 1's pages (only unit 1's months are closed there).
BENCH_PG ?= postgres://postgres@127.0.0.1:54330
BENCH_RUN := $(PY) manage.py
BENCH_SETTINGS := --settings=krami.settings_bench
SCALE2_DB := krami_scale_national_x2
SCALE_DB := $(if $(filter 2,$(SCALE)),$(SCALE2_DB),krami_scale_national)

## make scale-data: the national database, 60 units x 10 years (~60 000 participants, ~1 M access-log rows)
scale-data: install
	DATABASE_URL=$(BENCH_PG)/$(SCALE_DB) $(BENCH_RUN) generate_scale_data $(BENCH_SETTINGS) --fresh \
	  --scale $(or $(SCALE),1) $(if $(filter 2,$(SCALE)),--close-units 1) \
	  --report docs/benchmarks/$(if $(filter 2,$(SCALE)),national-x2-data,national-data).json

## make bench: key pages on the small and the national database, the access log at 40 000 and 4 000 000 rows
## of a unit (and with SCALE=2 the national database against twice the units) -> docs/benchmarks/latest.md
bench: install
	DATABASE_URL=$(BENCH_PG)/krami_scale_national $(BENCH_RUN) bench $(BENCH_SETTINGS) \
	  $(if $(filter 2,$(SCALE)),--scale2-db $(SCALE2_DB)) $(BENCH_ARGS)

## make bench-import: a 5 000-row register import checked and applied twice, rolled back (docs/intake.md)
bench-import: install
	DATABASE_URL=$(BENCH_PG)/krami_scale_small $(BENCH_RUN) bench_import $(BENCH_SETTINGS) $(BENCH_ARGS)

## make bench-small: the small database only, a quick check (docs/benchmarks/small.md)
bench-small: install
	DATABASE_URL=$(BENCH_PG)/krami_scale_small $(BENCH_RUN) bench $(BENCH_SETTINGS) --skip-national --skip-log --name small --repeat 20

.venv-locust/.installed: requirements-locust.txt
	$(PYTHON) -m venv .venv-locust
	.venv-locust/bin/pip install -q --disable-pip-version-check -r requirements-locust.txt
	@touch $@

## make loadtest: locust (own virtualenv), 50 users for 5 minutes against gunicorn with 2 workers -> docs/benchmarks/loadtest.md
## make loadtest MODE=closed: a closed loop (4 users, no pauses): pages/s of the case-work mix against the framework
## floor on the same workers -> docs/benchmarks/loadtest-closed.md
loadtest: install .venv-locust/.installed
	MODE=$(or $(MODE),open) DATABASE_URL=$(BENCH_PG)/krami_scale_national scale/loadtest/run.sh
