# The two commands of README.md: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
SEEDS := duban/demo/seeds

.PHONY: setup system run test lint bench

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(BIN)/.installed

system:
	./scripts/system-packages.sh

run: setup system
	$(BIN)/duban parse $(SEEDS)/2025_xiakewan_key_work.txt
	@echo
	$(BIN)/duban parse $(SEEDS)/2022_tech_buildings_plan.txt

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: setup system lint
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/ingest.py
