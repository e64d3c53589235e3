# Một Cửa Desk — make run / make test / make lint / make bench / make dist / make test-dist
# Installs come from requirements.lock (generated from pyproject.toml: `make lock`).
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: check-tk run test test-fast bench lint lock dist test-dist clean venv

$(STAMP): requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.lock
	touch $(STAMP)

venv: $(STAMP)

# Opens the desktop app on the per-user SQLite database (created with the bundled catalog).
# The interpreter is checked before the virtualenv is made from it: one line, exit 1.
TK_CHECK = -c "import sys, tkinter; sys.exit(sys.version_info < (3, 11))" 2>/dev/null || { \
	  echo "make run cần Python 3.11+ có Tk (Debian/Ubuntu: sudo apt-get install python3-tk)."; exit 1; }

check-tk:
	@$(PY) $(TK_CHECK)

run: check-tk $(STAMP)
	@$(BIN)/python $(TK_CHECK)
	$(BIN)/python main.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -x -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --size $(or $(SIZE),2000)    # make bench SIZE=1000000: the full run

# ruff (rules in pyproject.toml) and mypy on app/ and printing/.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Re-resolve requirements.lock from pyproject.toml (all platforms: pywin32 keeps its marker).
# Keeps the current pins; `make lock UPGRADE=--upgrade` (or --upgrade-package NAME) moves them.
LOCKTOOLS := /tmp/motcua-locktools
lock:
	test -x $(LOCKTOOLS)/bin/uv || ($(PY) -m venv $(LOCKTOOLS) && $(LOCKTOOLS)/bin/pip install -q uv==0.13.8)
	$(LOCKTOOLS)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
		--extra dev --extra build $(UPGRADE) -o requirements.lock

# Linux one-folder PyInstaller build (installer/motcua.spec) → dist/MotCuaDesk/.
dist: $(STAMP)
	$(BIN)/python installer/build.py --no-setup

# The frozen program's --version and self-test, under Xvfb (as CI would run it).
test-dist: dist
	xvfb-run -a dist/MotCuaDesk/MotCuaDesk-cli --version
	MOTCUA_DB=$${MOTCUA_DB:-sqlite:///$$(mktemp -d)/selftest.sqlite3} \
		xvfb-run -a dist/MotCuaDesk/MotCuaDesk-cli self-test

clean:
	rm -rf $(VENV) .pytest_cache build dist
