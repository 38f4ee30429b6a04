# The two commands: `make run` (the whole shop with demo data) and `make test` (every test).

PYTHON := $(shell command -v python3.11 || command -v python3)
VENV := .venv
INSTALLED := $(VENV)/.installed
CATALOGS := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/*.po))
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test lint format bench

run: $(INSTALLED) $(CATALOGS)
	$(VENV)/bin/python -m shop.stack

test: $(INSTALLED) $(CATALOGS) /usr/bin/chromium lint
	$(VENV)/bin/pytest

# The storefront benchmark (README, "Benchmark"); options through ARGS, e.g. ARGS=--max.
bench: $(INSTALLED) $(CATALOGS)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(VENV)/bin/python -m bench.run $(ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(INSTALLED)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Reinstalled only when pyproject.toml changes.
$(INSTALLED): pyproject.toml
	@test -n "$(PYTHON)" || { echo "hanout needs Python 3.11 or newer (python3.11 or python3)"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "hanout needs Python 3.11 or newer, found " + sys.version.split()[0])'
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

%.mo: %.po $(INSTALLED)
	$(VENV)/bin/pybabel -q compile -i $< -o $@

# Playwright drives Debian's Chromium: its own browser downloads are not reachable.
/usr/bin/chromium:
	$(SUDO) apt-get update
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
