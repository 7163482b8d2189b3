# One command sets up and runs the demo, one sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-deps bench-tabular bench-detect bench-image bench-ts bench-translate bench-grid clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e ".[test]" torch==2.13.0
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/smallgan demo

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks

$(VENV)/.bench-installed: $(STAMP)
	$(PIP) install -q -e ".[test,bench]" torch==2.13.0
	touch $@

bench-deps: $(VENV)/.bench-installed

bench-tabular: bench-deps
	$(PY) benchmarks/tabular_augmentation.py

bench-detect: bench-deps
	$(PY) benchmarks/detection.py

bench-image: bench-deps
	$(PY) benchmarks/image_augmentation.py
	$(PY) benchmarks/image_imbalanced.py

bench-ts: bench-deps
	$(PY) benchmarks/timeseries.py

bench-translate: bench-deps
	$(PY) benchmarks/translation.py

bench-grid: bench-deps
	$(PY) benchmarks/grid.py

bench: bench-tabular bench-detect bench-image bench-ts bench-translate bench-grid

clean:
	rm -rf $(VENV) runs .pytest_cache
