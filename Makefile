# The two commands of the quick start are `make demo` and `make test`; both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: install demo test check bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,postgresql,spark]'
	touch $(STAMP)

# Answers the headline question in the terminal (building the demo warehouse on first use), then serves the
# chat at http://127.0.0.1:7860 (CHATBI_HOST / CHATBI_PORT) until Ctrl+C.
demo: install
	@echo "== What did churned customers complain about in the last three months?"
	@$(BIN)/chatbi ask "What did churned customers complain about in the last three months?"
	@echo
	$(BIN)/chatbi serve

# Installs what the tests need from the system when run as root (else names it), then runs the suite with one
# throwaway PostgreSQL server for the whole run (tests/pg_server.py).
test: install
	scripts/provision-test-deps
	$(BIN)/python -m tests.pg_server run -- $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/bench_compile_guard.py
	$(BIN)/python benchmarks/bench_ask.py
	$(BIN)/python benchmarks/bench_themes.py
	$(BIN)/python benchmarks/bench_display.py
	$(BIN)/python benchmarks/bench_demo_build.py --scale small
	$(BIN)/python benchmarks/bench_load.py --clients 8 --questions 50
	$(BIN)/python benchmarks/bench_llm.py
	$(BIN)/python benchmarks/bench_engines.py
	$(BIN)/python benchmarks/bench_init.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
