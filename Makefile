# The two commands of the README's quick start. Each creates .venv when it is missing and
# (re)installs only when pyproject.toml changed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check -q

.PHONY: demo test bench clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "postcheck needs Python 3.11 or newer (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(PY) pyproject.toml
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -e '.[dev]'
	@touch $@

# Lints the sample content repo. Exit code 1 (posts that need changes) is the expected result
# of a demo full of bad examples; 2 (a usage or config error) is a real failure. It ends with
# the demo repo's incident summary (fixtures/demo/incidents.yaml) and its proof-point register.
demo: $(VENV)/.installed
	@$(VENV)/bin/postcheck check --offline fixtures/demo; status=$$?; test $$status -le 1
	@echo; echo "What 'postcheck fix' would change (postcheck fix --diff fixtures/demo; writes nothing):"
	@$(VENV)/bin/postcheck fix --diff fixtures/demo; status=$$?; test $$status -le 1
	@echo
	@cd fixtures/demo && $(abspath $(VENV))/bin/postcheck incidents
	@echo; echo "The register of approved claims (postcheck proof-points; exit 1: an expired one is in use):"
	@cd fixtures/demo && $(abspath $(VENV))/bin/postcheck proof-points; status=$$?; test $$status -le 1

test: $(VENV)/.installed-dev
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache build dist
