# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_ENV := DJANGO_SETTINGS_MODULE=tests.settings
DEV_ENV := DJANGO_DEBUG=1

.PHONY: run test test-cluster prod-check messages screenshots bench bench-smoke clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## run: set up and serve the site with its seed data at http://127.0.0.1:8000/
run: $(STAMP)
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_seed
	$(DEV_ENV) $(PY) manage.py create_local_officer
	@ls var/opendata/*/manifest.json >/dev/null 2>&1 || $(DEV_ENV) $(PY) manage.py export_open_data
	$(DEV_ENV) $(PY) manage.py runserver 127.0.0.1:8000

## test: lint, import layers, security scan, checks, static files and the whole test suite (DATABASE_URL picks the database;
## PYTEST_ARGS goes to pytest, e.g. CI's second database deselects the `once` tests)
PYTEST_ARGS ?=
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/bandit --quiet --recursive registry pudong_registry --exclude registry/migrations
	$(TEST_ENV) $(PY) manage.py check
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

## test-cluster: two gunicorn servers on a private PostgreSQL and Redis (needs the
## PostgreSQL server binaries and redis-server; CI runs it)
test-cluster: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest -m cluster

## prod-check: start the app as production does (gunicorn, DEBUG off, PostgreSQL and
## Redis from DATABASE_URL and REDIS_URL) and check it: deploy checks, health,
## security headers, compressed hashed static files, admin sign-in behind a proxy
prod-check: $(STAMP)
	$(PY) deploy/prod_check.py

## messages: refresh the Chinese catalogue after changing texts (needs GNU gettext)
messages: $(STAMP)
	$(DEV_ENV) $(PY) manage.py makemessages --locale zh_Hans --no-obsolete --ignore '$(VENV)/*' --ignore 'staticfiles/*'
	$(DEV_ENV) $(PY) manage.py compile_translations

## screenshots: desktop and phone screenshots of the main pages into docs/screenshots/
screenshots: $(STAMP)
	$(TEST_ENV) $(PY) -m pytest -m screenshots tests/browser/test_public_site.py tests/browser/test_imports.py

## bench: the benchmark at 100,000 organizations (SQLite; also PostgreSQL when DATABASE_URL names a scratch database); writes docs/benchmarks/latest.md
bench: $(STAMP) wrk
	$(PY) bench/run.py

## bench-smoke: the benchmark at 10,000 organizations; fails on errors, timeouts or query counts that grow
bench-smoke: $(STAMP) wrk
	$(PY) bench/run.py --smoke

.PHONY: wrk
wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk; }

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
