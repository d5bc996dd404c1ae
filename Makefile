# The two commands: `make run` (demo city on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
DEMO_PASSWORD ?= zhongzhou-demo
DJANGO_TARGET := 5.2
# Our own Python, tracked or new, without the migrations Django writes; only files that exist.
PY_SOURCES = $(wildcard $(shell git ls-files --cached --others --exclude-standard '*.py' ':!:*/migrations/*'))

.PHONY: run test suite test-database test-fast e2e bench lint install install-dev messages font clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py seed_demo --password $(DEMO_PASSWORD)
	@echo "Open http://$(HOST_PORT)/ and log in with one of the accounts above."
	$(PY) manage.py runserver $(HOST_PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/django-upgrade --target-version $(DJANGO_TARGET) --check $(PY_SOURCES)
	$(VENV)/bin/djlint templates --lint
	$(PY) manage.py makemigrations --check --dry-run

# The tests run in one process per core (pytest-xdist); those that share the seeded demo
# city go to one of them (tests/scheduling.py). Each process copies a test database that
# is migrated once, and again only when the migrations change (tests/databases.py).
PYTEST := $(VENV)/bin/pytest -n auto
# The share of our code's lines and branches the suite runs (pyproject.toml's
# [tool.coverage]): today's figure. Raise it as tests are added; never lower it.
COVERAGE_FLOOR := 96
# Measuring coverage doubles the suite's time: `make suite COVERAGE=` runs it without, as
# CI does on PostgreSQL, having measured it on SQLite.
COVERAGE := --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# Unit and integration tests; DATABASE_URL=postgres://… runs the same suite on PostgreSQL.
# The lint and the test database's migrations take a core each, side by side.
test: install-dev
	@$(MAKE) --no-print-directory -j2 lint test-database
	@$(MAKE) --no-print-directory suite

# The unit and integration tests without the lint.
suite: install-dev
	$(PYTEST) -m "not e2e" $(COVERAGE)

# Migrate the template that the tests' databases are copied from, if it is out of date.
test-database: install-dev
	$(PY) manage.py shell --no-imports --command "from tests import databases; databases.prepare()"

# The tests of what changed since main, or on main since the last commit (tests/touched.py).
test-fast: install-dev
	@paths="$$($(PY) -m tests.touched)"; \
	if [ -z "$$paths" ]; then echo "No tests cover what changed."; \
	else echo "Testing $$paths"; $(PYTEST) $$paths; fi

# Browser journeys in Debian's Chromium (apt-get install chromium).
e2e: install-dev
	$(VENV)/bin/pytest -m e2e

# Re-extract and compile the translations (needs gettext).
messages: install-dev
	$(PY) manage.py makemessages --locale zh_Hans --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'tests/*' --ignore 'bench/*' --no-obsolete
	$(PY) manage.py compilemessages --locale zh_Hans --ignore '.venv/*'

# Rebuild the PDF font from Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk): the
# Simplified Chinese face, cut to the characters static/fonts/charset.py lists.
NOTO_CJK ?= /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
font: install-dev
	$(PY) static/fonts/charset.py > $(VENV)/font-charset.txt
	$(VENV)/bin/pyftsubset $(NOTO_CJK) --font-number=2 --text-file=$(VENV)/font-charset.txt \
		--layout-features='*' --name-IDs='*' --output-file=static/fonts/NotoSansSC-Subset.otf

clean:
	rm -rf $(VENV) staticfiles

# Time the validation and writing of a 2,000-row import sheet, and issuing a campaign to
# 1,670 addressees, and every form page that picks people or units against its 300 ms
# target (a throwaway SQLite database, or DATABASE_URL's inside a rolled-back
# transaction).
bench: install
	$(PY) bench/bench_import.py
	$(PY) bench/bench_issue.py
	$(PY) bench/bench_forms.py
