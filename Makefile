# Orchard: `make run` starts everything on the embedded default; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The embedded default's key; settings read it when SECRET_KEY is unset.
SECRET_FILE := var/secret_key

.PHONY: install run test lint messages compile-messages bench loadtest clean

install: $(STAMP) $(SECRET_FILE)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Orchard needs $(PYTHON) on the PATH (see README)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

$(SECRET_FILE): | $(STAMP)
	mkdir -p var
	$(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > $(SECRET_FILE)
	chmod 600 $(SECRET_FILE)

compile-messages: install
	$(PY) -m babel.messages.frontend compile --domain django --directory locale --statistics

messages: install
	$(PY) manage.py makemessages --all --no-obsolete --ignore ".venv/*" --ignore "var/*" --ignore "tests/*"

run: install compile-messages $(SECRET_FILE)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --size small --if-empty
	# kam.embedded prints the address it really listens on (ORCHARD_HOST, ORCHARD_PORT) and the logins.
	exec $(PY) -m kam.embedded

test: install compile-messages
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install compile-messages
	DEBUG=0 SECRET_KEY=bench-only-key-0123456789-0123456789-0123456789-abcdef $(PY) manage.py bench

# Gunicorn on the bench database under 50 users for 5 minutes. Set DATABASE_URL to a PostgreSQL
# database to measure production's set-up (the run uses <name>_bench beside it).
loadtest: install compile-messages
	DEBUG=0 SECRET_KEY=bench-only-key-0123456789-0123456789-0123456789-abcdef $(PY) manage.py loadtest

clean:
	rm -rf var/cache var/broker var/static var/test-artifacts
