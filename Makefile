# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
DEMO_PASSWORD ?= demo-ecosysteme

.PHONY: install run test bench lint format messages messages-check lock worker beat clean

$(STAMP): requirements-dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP) ## Create the virtual environment from the lock file.

run: install ## Set everything up and serve the platform with demo data on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) compiletranslations
	$(MANAGE) seed_demo --demo-password $(DEMO_PASSWORD)
	$(MANAGE) runserver 127.0.0.1:8000

test: install ## The whole test suite (SQLite by default; PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set).
	$(MANAGE) compiletranslations
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install ## Benchmarks; figures go to bench/results.json.
	$(MANAGE) compiletranslations
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install ## Extract the interface strings into locale/fr (then translate them).
	$(MANAGE) makemessages --locale fr --no-location --no-obsolete --ignore ".venv/*" --ignore "tests/*" --ignore "bench/*"

messages-check: messages ## Fail on any untranslated or fuzzy French entry.
	$(MANAGE) checktranslations --language fr

lock: install ## Re-resolve the lock files after changing pyproject.toml.
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip compile pyproject.toml --python $(BIN)/python --generate-hashes --quiet -o requirements.lock
	UV_PYTHON_DOWNLOADS=never $(BIN)/uv pip compile pyproject.toml --extra dev --python $(BIN)/python --generate-hashes --quiet -o requirements-dev.lock

worker: install ## A Celery worker (needs REDIS_URL).
	$(BIN)/celery -A ecosystem worker --loglevel=info --concurrency=2

beat: install ## The Celery beat scheduler (needs REDIS_URL); run exactly one.
	$(BIN)/celery -A ecosystem beat --loglevel=info

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
