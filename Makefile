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
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: install
	@for query in examples/queries/*.json; do \
		echo "== $$query"; \
		$(BIN)/chatbi ask --query $$query || exit 1; \
		echo; \
	done

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS)

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install
	$(BIN)/python benchmarks/bench_compile_guard.py
	$(BIN)/python benchmarks/bench_demo_build.py --scale small

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
