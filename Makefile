# The one task entry point. `make run` and `make test` are the README's quick start:
# each creates or reuses .venv and installs the pinned requirements first.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test check lint format typecheck bench bench-full browser-deps clean

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=python3" >&2; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/streamlit run app.py --server.headless true --browser.gatherUsageStats false

# Browser tests need Debian's chromium; install it when it is missing (root or sudo).
browser-deps:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium; }
	@test -x /usr/bin/chromium || { echo "error: /usr/bin/chromium is still missing" >&2; exit 1; }

test: $(STAMP) browser-deps
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: $(STAMP)
	$(VENV)/bin/mypy timeline

check: lint typecheck test

# Every benchmark at a size that runs in minutes; `make bench-full` runs the issue-sized ones
# (10k/100k articles and events, >= 10,000 fuzz examples per target: an hour or more on 2 cores).
bench: $(STAMP)
	$(PY) benchmarks/tempeval.py
	$(PY) benchmarks/dates.py
	$(PY) benchmarks/entities.py
	$(PY) benchmarks/events_eval.py
	$(PY) benchmarks/events.py --quick
	$(PY) benchmarks/ingest.py --quick
	$(PY) benchmarks/ui.py --sizes 1000,10000,100000 --no-browser
	$(PY) benchmarks/scale.py --quick
	$(PY) benchmarks/fuzz.py --examples 500

bench-full: $(STAMP)
	$(PY) benchmarks/events.py
	$(PY) benchmarks/ingest.py
	$(PY) benchmarks/ui.py
	$(PY) benchmarks/scale.py
	$(PY) benchmarks/fuzz.py --examples 10000

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
