# The two commands: `make run` (demo city on http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
DEMO_PASSWORD ?= zhongzhou-demo

.PHONY: run test e2e bench lint install install-dev messages font clean

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
	$(PY) manage.py makemigrations --check --dry-run

# Unit and integration tests; DATABASE_URL=postgres://… runs the same suite on PostgreSQL.
test: lint
	$(VENV)/bin/pytest -m "not e2e" --create-db

# Browser journeys in Debian's Chromium (apt-get install chromium).
e2e: install-dev
	$(VENV)/bin/pytest -m e2e --create-db

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
