# efus-catalogue: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.PHONY: run serve test install db db-stop lint format bench browser messages clean vendor

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "efus-catalogue needs Python 3.12 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

install: $(INSTALLED)

db: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py render_sections -v0
	$(BIN)/python manage.py write_dumps

run: db
	@echo
	@echo "  efus-catalogue: http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "  Accounts for the admin: $(BIN)/python manage.py create_staff_account NAME --role editor|publisher"
	@echo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with DEBUG off (gunicorn.conf.py). Needs SECRET_KEY; see README, "Deploying".
serve: export DEBUG = 0
serve: install
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY in the environment (see README, Deploying)."; exit 1; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn -c gunicorn.conf.py efus_catalogue.wsgi

# What the browser tests need beyond Python: Debian's Chromium and axe-core from npm.
# Missing either, those tests skip with a reason (CI sets CI_REQUIRE_BROWSER to fail instead).
browser: node_modules/axe-core/axe.min.js
	@sh scripts/ensure-chromium.sh || true

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm not found: the accessibility checks will be skipped."; \
	fi

# The overview's libraries (package.json's dependencies), copied with their licences into
# static/vendor/, which is committed: servers need no npm. Run after changing a version there;
# tests/test_vendor.py checks that the copies are those versions.
vendor: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/LICENSE.md static/vendor/chart.js/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp -r node_modules/leaflet/dist/images static/vendor/leaflet/
	cp node_modules/topojson-client/dist/topojson-client.min.js node_modules/topojson-client/LICENSE static/vendor/topojson-client/
	cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE static/vendor/world-atlas/
	@echo "world-atlas $$(node -p 'require("./node_modules/world-atlas/package.json").version')" > static/vendor/world-atlas/VERSION
	@# Source maps are not shipped: collectstatic's manifest refuses a reference to a missing file.
	sed -i '/^\/\/# sourceMappingURL=/d' static/vendor/leaflet/leaflet.js static/vendor/chart.js/chart.umd.min.js

# Lint and formatting, system checks, migrations in step with the models, then the suite with
# coverage of initiatives/: under the floor in pyproject.toml ([tool.coverage.report]) it fails.
# One pytest worker per core (pytest-xdist), each with its own test database.
test: install browser
	@sh scripts/ensure-wrk.sh || true
	@sh scripts/ensure-gettext.sh || true
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto --cov --cov-report=term-missing:skip-covered

# The interface's message catalogues: collect the strings of the code and templates into
# locale/<language>/LC_MESSAGES/django.po (translate the new ones there), then compile them.
# The compiled .mo files are committed, so a machine without GNU gettext still serves French.
messages: install
	@sh scripts/ensure-gettext.sh
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Benchmarks run in their own database, so the demo site keeps its demo content: efus_bench for
# the default 100,000 initiatives, efus_bench_<SIZE> for another size (make bench SIZE=300000).
# First the SQL table, then the production server driven over HTTP by wrk (see README).
SIZE ?= 100000
bench: export EMBEDDED_DATABASE_NAME = $(if $(filter 100000,$(SIZE)),efus_bench,efus_bench_$(SIZE))
bench: export DEBUG = 0
bench: export SECRET_KEY ?= bench-only-$(shell date +%s)
bench: install
	@sh scripts/ensure-wrk.sh
	@# Buffers for the catalogue to be measured in memory (restarts the embedded server once).
	$(BIN)/python -m efus_catalogue.database memory
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py generate_synthetic --count $(SIZE) --if-missing
	$(BIN)/python manage.py render_sections -v0
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py bench $(BENCH_ARGS)

db-stop:
	@$(BIN)/python -m efus_catalogue.database stop

clean: db-stop
	rm -rf $(VENV) .pgdata staticfiles test-results
