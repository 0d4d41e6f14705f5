# The two commands of README.md: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/duban

.PHONY: setup system test-system run test test-sqlite test-postgres lint bench

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	./scripts/system-packages.sh  # python-ldap builds against Debian's OpenLDAP headers
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

system:
	./scripts/system-packages.sh

test-system:
	./scripts/system-packages.sh --with-test-tools
	cd tests/accounts/oidc && npm ci --no-audit --no-fund --loglevel=error  # the real OIDC provider of the login tests

# Set everything up, load the demo (both seed documents, one account per role), serve on :8000.
# DUBAN_DEMO_NO_TOTP: the demo's 督办员 and administrators need no phone; `duban check` flags it.
run: setup system
	DUBAN_DEMO_NO_TOTP=true $(BIN)/duban demo
	DUBAN_DEMO_NO_TOTP=true $(BIN)/duban serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The whole suite on SQLite, then everything that touches the database again on PostgreSQL.
test: setup test-system lint test-sqlite test-postgres

test-sqlite:
	./scripts/ensure-redis.sh
	$(BIN)/pytest

test-postgres:
	./scripts/ensure-postgres.sh
	./scripts/ensure-redis.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -m "not browser" \
		--ignore=tests/core --ignore=tests/ingest --ignore=tests/exports --ignore=tests/test_cli.py \
		--ignore=tests/reporting/test_concurrency.py  # it runs both databases itself

bench: setup
	$(BIN)/python bench/ingest.py
