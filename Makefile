# One runner for the README, CI and developers. `make help` lists the targets.
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
ADDRESS ?= 127.0.0.1
N      ?= 2
export PYTHONDONTWRITEBYTECODE := 1

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint validate browser bench loadtest capacity serve-replicas clean i18n

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/\$$(PORT)/$(PORT)/g; s/\$$(ADDRESS)/$(ADDRESS)/g' \
		| awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

$(VENV)/.run-installed: requirements.txt
	@sh scripts/ensure-venv.sh $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt
	@sh scripts/ensure-venv.sh $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $(VENV)/.run-installed $@

run: $(VENV)/.run-installed ## serve the dashboard on http://$(ADDRESS):$(PORT) (loopback only; see README to serve a LAN)
	$(PY) -m streamlit run dashboard/app.py --server.address $(ADDRESS) --server.port $(PORT)

validate: $(VENV)/.run-installed ## check the data directory (DASHBOARD_DATA_DIR or data/)
	$(PY) -m dashboard.validate

lint: $(VENV)/.dev-installed ## ruff: lint rules (line length 140 included) and formatting
	$(PY) -m ruff check dashboard tests bench scripts
	$(PY) -m ruff format --check dashboard tests bench scripts

LOCALES := dashboard/i18n/locale
i18n: $(VENV)/.dev-installed ## extract interface strings, update the az/ru catalogues, compile them; and the data's translation files
	$(PY) -m babel.messages.frontend extract -F dashboard/i18n/babel.cfg --no-location --sort-output \
		--project=dashboard -o $(LOCALES)/messages.pot dashboard
	for lang in az ru; do \
		if [ -f $(LOCALES)/$$lang/LC_MESSAGES/messages.po ]; then \
			$(PY) -m babel.messages.frontend update -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang --no-fuzzy-matching; \
		else $(PY) -m babel.messages.frontend init -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang; fi; \
	done
	$(PY) -m babel.messages.frontend compile -d $(LOCALES) --statistics
	$(PY) -m dashboard.translations

browser: ## make sure Chromium is there for the browser tests
	@sh scripts/ensure-chromium.sh

test: lint browser ## lint and run every test, browser tests included
	$(PY) -m pytest

test-fast: lint ## every test that needs no browser
	$(PY) -m pytest -m "not browser"

bench: $(VENV)/.dev-installed browser ## benchmark against a bare Streamlit baseline (writes bench/results.json)
	$(PY) -m bench.run

loadtest: $(VENV)/.dev-installed browser ## bounded loopback load test: 20 browser sessions x 10 filter changes
	$(PY) -m bench.loadtest

capacity: $(VENV)/.dev-installed ## protocol-level capacity of one server process, 1/10/50 readers (writes bench/capacity-results.json)
	$(PY) -m bench.capacity --sessions 1 10 50 --seconds 60 --json bench/capacity-results.json

serve-replicas: $(VENV)/.run-installed ## N=2 server processes behind HAProxy on http://$(ADDRESS):$(PORT) (Ctrl-C stops all)
	@sh scripts/ensure-haproxy.sh
	$(PY) -m scripts.serve_replicas $(N) --port $(PORT) --address $(ADDRESS)

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts
