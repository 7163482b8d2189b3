# One command sets up and runs the demo, one sets up and runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench bench-deps bench-tabular bench-detect bench-image bench-ts bench-ts-budget bench-ts-hidden bench-ts-regression bench-ts-all bench-ts-ensemble bench-ts-critic-kde bench-ts-critic-refit bench-ts-combine bench-translate bench-grid bench-report clean

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

# Every benchmark is a spec in benchmarks/specs/ run by benchmarks/grid.py (resumable store runs/grid.sqlite);
# raw rows go to benchmarks/results/grid_<experiment>_*.csv, sections of BENCHMARKS.md and runs/report/ are
# regenerated from the store. `make bench-report` rebuilds them from the committed CSVs without running anything.
bench-tabular: bench-deps
	$(PY) benchmarks/grid.py --specs $(wildcard benchmarks/specs/tabular_*.yaml)

bench-detect: bench-deps
	$(PY) benchmarks/grid.py --specs $(wildcard benchmarks/specs/detection_*.yaml)

bench-image: bench-deps
	$(PY) benchmarks/grid.py --specs $(wildcard benchmarks/specs/image_*.yaml)

bench-ts: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab.yaml

# diagnostic: the LSTM GAN with Orion's TadGAN training budget (about 1 h per seed on 2 cores with -j 2)
bench-ts-budget: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_orion_budget.yaml -j 2

# diagnostic: the LSTM GAN and the LSTM autoencoder with hidden 100 at our budget (about 45 min on 2 cores with -j 2)
bench-ts-hidden: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_hidden.yaml -j 2

# diagnostic: the LSTM GAN with AER's bidirectional regression head, and its ablation (about 2 h on 2 cores with
# -j 2: 4.2 h of cells, bench-overview's estimate)
bench-ts-regression: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_regression.yaml -j 2

# protocol check: the main table's methods and options on the 24 NAB tuning series (in-sample), joined with the 29,
# and the cross-fitted rows (options chosen on the 29: benchmarks/timeseries_crossfit.py); about 1 h with -j 2
bench-ts-all: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_tuning_series.yaml -j 2

# the LSTM GAN as a seed ensemble (detect_series(n_members=3), 10 epochs per member, 10 runs on the 29 reported
# series, about 25 min with -j 2), then the diagnostic that picked it (9 seeds x 2 budgets, single GANs and 3-seed
# ensembles, about 20 min; member scores cached in benchmarks/.cache, counts in benchmarks/results/timeseries_ensemble.csv)
bench-ts-ensemble: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_ensemble.yaml -j 2
	nice -n 5 $(PY) benchmarks/timeseries_ensemble.py -j 2

# diagnostic: the LSTM GAN with Orion's per-point critic score (KDE mode; 5 seeds on the 29 series, about 8 min -j 2)
bench-ts-critic-kde: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_critic_kde.yaml -j 2

# diagnostic: critic-only epochs after training (tuning series, then the 29 reported series; timing alone last)
bench-ts-critic-refit: bench-deps
	nice -n 5 $(PY) benchmarks/timeseries_critic_refit.py -j 2
	nice -n 5 $(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_critic_refit.yaml -j 2
	nice -n 5 $(PY) benchmarks/timeseries_speed.py --critic-refit
	$(PY) benchmarks/grid.py --specs benchmarks/specs/timeseries_nab_critic_refit.yaml --report-only

# diagnostic: the LSTM GAN's fitted models scored with error x critic, either part alone or their mean (24 tuning
# series x 3 seeds choose, 29 reported series x 10 seeds check; about 25 min with -j 2), then the same GANs with the
# critic's feature residual as its score (critic_score="features"), then GANs whose critic is trained on
# reconstructions (critic_fake="reconstruction"); about 40 min each with -j 2
bench-ts-combine: bench-deps
	nice -n 5 $(PY) benchmarks/timeseries_combine.py -j 2
	nice -n 5 $(PY) benchmarks/timeseries_combine.py -j 2 --critic-score features
	nice -n 5 $(PY) benchmarks/timeseries_combine.py -j 2 --critic-fake reconstruction

bench-translate: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/translation_paired.yaml benchmarks/specs/translation_unpaired.yaml

bench-grid: bench-deps
	$(PY) benchmarks/grid.py --specs benchmarks/specs/tabular.yaml benchmarks/specs/detection.yaml benchmarks/specs/image.yaml benchmarks/specs/timeseries.yaml

bench: bench-deps
	$(PY) benchmarks/grid.py

bench-report: bench-deps
	$(PY) benchmarks/grid.py --report-only
	$(PY) benchmarks/timeseries_ensemble.py --report-only > /dev/null
	$(PY) benchmarks/timeseries_combine.py --report-only > /dev/null

clean:
	rm -rf $(VENV) runs .pytest_cache
