# Rumah Dagang — the two commands are `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# `make run-prod` runs from its own virtualenv: the runtime dependencies only, no dev extras.
PROD_VENV ?= .venv-prod
PROD_BIN := $(PROD_VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi:app

.PHONY: help setup setup-prod run run-prod test lint typecheck format translations translations-update seed bench clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-20s %s\n", $$1, $$2}'

$(BIN)/activate: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(BIN)/activate

setup: $(BIN)/activate translations ## Create the virtualenv, install pinned dependencies, compile translations

# Versions: ranges in pyproject.toml, the exact pins in constraints.txt (pip's -c).
$(PROD_BIN)/activate: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(PROD_VENV)
	$(PROD_BIN)/pip install --quiet --upgrade pip
	$(PROD_BIN)/pip install --quiet -c constraints.txt -e .
	touch $(PROD_BIN)/activate

setup-prod: $(PROD_BIN)/activate ## The production virtualenv (.venv-prod: pinned runtime dependencies, no dev extras)
	$(PROD_BIN)/pybabel compile --statistics -d trading_house/translations

translations: $(BIN)/activate ## Compile the Indonesian and English message catalogs
	$(BIN)/pybabel compile --statistics -d trading_house/translations

translations-update: $(BIN)/activate ## Extract strings and update the .po catalogs
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 -k lazy_ngettext:1,2 -o trading_house/translations/messages.pot .
	$(BIN)/pybabel update -N --ignore-obsolete -i trading_house/translations/messages.pot -d trading_house/translations

# Links in e-mails, the sitemap and the API point at the port `make run` serves on, unless
# PUBLIC_BASE_URL is set.
run: export PUBLIC_BASE_URL := $(or $(PUBLIC_BASE_URL),http://127.0.0.1:$(PORT))
run: setup ## Upgrade the database, load demo data on first run, serve on http://127.0.0.1:$(PORT)
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

run-prod: setup-prod ## Like production: gunicorn + RQ worker + scheduler on local PostgreSQL and Redis (DATABASE_URL, REDIS_URL)
	BIN=$(PROD_BIN) PORT=$(PORT) deploy/run-prod.sh

TEST_WORKERS ?= 2
test: setup ## Run the whole test suite (SQLite; PostgreSQL when TEST_DATABASE_URL is set)
	$(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --durations=10 $(PYTEST_ARGS)

lint: $(BIN)/activate ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/activate ## mypy on trading_house/ (zero errors is the rule)
	$(BIN)/mypy trading_house

format: $(BIN)/activate ## Format and fix imports
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

seed: setup ## Load demo data into the configured database
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo

BENCHMARKS = photo_pipeline search checkout catalog_page product_page listings middleware supervision
bench: setup ## Run every benchmark (each prints its ratios; a missed goal fails make at the end)
	@status=0; for name in $(BENCHMARKS); do \
	  echo "== bench/$$name.py"; $(BIN)/python bench/$$name.py || status=1; \
	done; exit $$status

clean: ## Remove the virtualenvs and caches
	rm -rf $(VENV) $(PROD_VENV) .pytest_cache .ruff_cache
