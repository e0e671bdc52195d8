# EduBureau: `make run` serves the demo city, `make test` runs the whole test suite.
# Both create .venv with the pinned dependencies from pyproject.toml on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "需要 Python 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_city --seed 1 --if-empty
	@echo "EduBureau 已启动,请在浏览器中打开 http://$(HOST):$(PORT)/ (按 Ctrl+C 停止)"
	@# The background worker (imports) runs beside the web server and stops with it.
	$(PY) manage.py db_worker --interval 0.5 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	bench/run

clean:
	rm -rf $(VENV) data staticfiles .pytest_cache
