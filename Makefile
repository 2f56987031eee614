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
	@for question in "What did churned customers complain about in the last three months?" \
		"最近三个月流失的客户主要反映了哪些问题?" "Which region has the highest churn rate this year?"; do \
		echo "== $$question"; \
		$(BIN)/chatbi ask "$$question" || exit 1; \
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
	$(BIN)/python benchmarks/bench_ask.py
	$(BIN)/python benchmarks/bench_themes.py
	$(BIN)/python benchmarks/bench_demo_build.py --scale small

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
