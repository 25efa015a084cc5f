# Dossier — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint bench bench-scale soak eval screenshots package clean help

help:
	@echo "make install-desktop - menu entry, icons and .dossier file association for this user"
	@echo "make run      - set everything up (first time) and open Dossier"
	@echo "make test     - run the whole test suite headless"
	@echo "make lint     - ruff and mypy"
	@echo "make bench    - performance benchmarks (prints ratios, writes bench-results.json)"
	@echo "make bench-scale - growth series 1k/10k/100k/1M mentions (bench-scale.json, docs/performance-scale.png)"
	@echo "make soak     - long reliability runs"
	@echo "make screenshots - regenerate docs/screenshots"
	@echo "make package  - build the stand-alone application with PyInstaller"
	@echo "make schema-fingerprint - regenerate db/schema_fingerprint.py after a migration"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) -m desktop.app

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider tests/ui/test_row_filter_walk.py
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.benchmarks

# Growth from 1k to 1M mentions (issue 21): projects cached in .bench-cache/ (git-ignored);
# the first run makes them (the 1M one in a minute or two), a full run takes a while.
bench-scale: $(STAMP)
	QT_QPA_PLATFORM=offscreen DOSSIER_BENCH_CACHE=$${DOSSIER_BENCH_CACHE:-$(CURDIR)/.bench-cache} \
		$(PY) -m tests.benchmarks.bench_scale

soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen DOSSIER_SOAK=1 $(PY) -m pytest -q -p no:cacheprovider tests/soak -s

eval: $(STAMP)
	$(PY) tests/benchmarks/eval_assist.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m desktop.ui.screenshots docs/screenshots
	QT_QPA_PLATFORM=offscreen DOSSIER_SHOTS_DIR=docs/screenshots $(PY) -m pytest -q -p no:cacheprovider tests/journey

package: $(STAMP)
	$(PY) -m pip install --quiet -c constraints.txt pyinstaller
	$(PY) -m PyInstaller --noconfirm --distpath dist --workpath build packaging/dossier.spec
	cp packaging/install-desktop.sh dist/dossier/
	QT_QPA_PLATFORM=offscreen dist/dossier/dossier --self-test

# Menu entry, icons and the *.dossier file type for this user (runs the built bundle
# when there is one, else the venv's `dossier`).
.PHONY: install-desktop
install-desktop: $(STAMP)
	sh packaging/install-desktop.sh

clean:
	rm -rf build dist .pytest_cache

# The schema allow-list each revision is checked against, generated from the migrations.
# Run after adding or changing a migration, and commit db/schema_fingerprint.py.
.PHONY: schema-fingerprint
schema-fingerprint: $(STAMP)
	$(PY) -m db.make_fingerprint
