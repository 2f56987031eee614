"""The guard's fixed cost on a query seen for the first time ("cold"), piece by piece.

For each dev-set metric question (tests/eval/dev_set.yml, no history) the offline planner's query is compiled for
--dialect, and the guard's stages are timed on its SQL with the kept verdicts forgotten: parse, the statement
checks (sources, nodes, functions, set-returning functions, value bounds, CTE names), the table check, the column
check, the render(s), the whole `guard_sql`, and the whole `guard_tree` (the compiler's tree handed over: the
hand-off shape check instead of the parse; the tree copied untimed). Two column checks and two ways of rendering are timed side by
side, interleaved per query so both see the same machine load:

- column check: the scope walk (guard_resolve, used now) and the qualify-based reference check (used for every
  query before; still used for what the walk cannot show acceptable);
- render: one render of the validated tree without a copy, the row cap added around it (now), and the earlier
  two renders (the query from a deep copy, then the tree-built cap).

Each figure is the median over questions of the median of --runs runs. Run:
.venv/bin/python benchmarks/bench_guard_cold.py [--runs 7] [--dialect duckdb|postgres|spark]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlglot import exp  # noqa: E402
from sqlglot.optimizer.scope import traverse_scope  # noqa: E402

from assistant import guard  # noqa: E402
from assistant.contracts import detect_language  # noqa: E402
from assistant.evaluation import load_eval_set  # noqa: E402
from assistant.guard_columns import check_columns, column_policy  # noqa: E402
from assistant.guard_handoff import is_parse_shaped  # noqa: E402
from assistant.guard_limits import check_limits  # noqa: E402
from assistant.pipeline import ranking_query  # noqa: E402
from assistant.planner import plan_question  # noqa: E402
from semantic_layer import CompiledQuery, compile_query, load_model  # noqa: E402

AS_OF = date(2026, 11, 22)
DEV_SET = ROOT / "tests" / "eval" / "dev_set.yml"


def compiled_queries(dialect: str) -> list[tuple[str, bool]]:
    return [(compiled.sql, themes) for compiled, themes in compiled_trees(dialect)]


def compiled_trees(dialect: str) -> list[tuple[CompiledQuery, bool]]:
    model = load_model(as_of=AS_OF)
    found = []
    for item in load_eval_set(DEV_SET).items:
        if item.history or item.expect == "abstain" or item.is_themes:
            continue
        plan = plan_question(item.question, [], model, AS_OF, detect_language(item.question))
        if plan.status == "ok" and plan.query is not None:
            query = ranking_query(plan.query) or plan.query
            found.append((compile_query(model, query, as_of=AS_OF, dialect=dialect), query.kind == "themes"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dialect", choices=sorted(guard.DIALECTS), default="duckdb")
    args = parser.parse_args()
    dialect = args.dialect
    model = load_model(as_of=AS_OF)
    policy = column_policy(model)
    allowed = frozenset(name.lower() for name in model.tables())
    trees = compiled_trees(dialect)
    queries = [(compiled.sql, themes) for compiled, themes in trees]
    stages: dict[str, list[list[float]]] = {}

    def timed(name: str, index: int, action: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = action()
        stages.setdefault(name, [[] for _ in queries])[index].append((time.perf_counter() - start) * 1000)
        return result

    checks: tuple[Callable[[Sequence[exp.Expr]], None], ...] = (
        guard._check_sources, guard._check_nodes, guard._check_functions(dialect), guard._check_set_returning,
        check_limits, guard._check_cte_names(allowed),
    )  # fmt: skip
    for _ in range(args.runs):
        for index, (sql, themes) in enumerate(queries):
            rules = policy.for_themes() if themes else policy
            guard.clear_guard_cache()
            timed("guard_sql (whole, cold)", index, lambda sql=sql, rules=rules: guard.guard_sql(  # type: ignore[misc]
                sql, allowed_tables=model.tables(), row_cap=1000, dialect=dialect, columns=rules))  # fmt: skip
            guard.clear_guard_cache()
            tree = trees[index][0].expression.copy()
            timed("guard_tree (whole, cold; hand-off)", index, lambda t=tree, sql=sql, rules=rules: guard.guard_tree(  # type: ignore[misc]
                t, sql, allowed_tables=model.tables(), row_cap=1000, dialect=dialect, columns=rules))  # fmt: skip
            tree = trees[index][0].expression.copy()
            timed("hand-off shape check", index, lambda t=tree: is_parse_shaped(t, dialect))  # type: ignore[misc]
            query = timed("parse", index, lambda sql=sql: guard._parse_single_query(sql, dialect))  # type: ignore[misc]
            nodes = timed("walk (once, for the checks)", index, lambda query=query: list(query.walk()))  # type: ignore[misc]
            timed("statement checks", index, lambda n=nodes: [check(n) for check in checks])  # type: ignore[misc]
            scopes = timed("scope analysis", index, lambda query=query: traverse_scope(query))  # type: ignore[misc]
            timed("table check", index, lambda n=nodes, s=scopes: guard._check_tables(n, allowed, s))  # type: ignore[misc]
            timed("column check: scope walk", index, lambda q=query, r=rules, s=scopes: check_columns(  # type: ignore[misc]
                q, r, dialect, scopes=s))  # fmt: skip
            timed("column check: qualify (before)", index, lambda q=query, r=rules: check_columns(  # type: ignore[misc]
                q, r, dialect, fast=False))  # fmt: skip
            timed("render: two, with a copy (before)", index, lambda q=query: _two_renders(q, dialect))  # type: ignore[misc]
            timed("render: once, no copy", index, lambda q=query: guard.capped_sql(  # type: ignore[misc]
                guard._render(q, dialect, pretty=True, copy=False), 1000))  # fmt: skip
    print(
        f"Cold guard, {len(queries)} dev-set metric questions compiled for {dialect}, median of {args.runs} runs (ms)"
    )
    for name, per_query in stages.items():
        medians = [statistics.median(runs) for runs in per_query]
        print(f"  {name:36} {statistics.median(medians):7.3f}   (mean {statistics.mean(medians):.3f})")


def _two_renders(query: exp.Query, dialect: str) -> str:
    shown = guard._render(query, dialect, pretty=True)
    capped = exp.Select(expressions=[exp.Star()]).from_(query.subquery(guard.CAPPED_ALIAS), copy=False)
    capped = capped.limit(exp.Literal.number(1001), copy=False)
    return shown + guard._render(capped, dialect, pretty=False, copy=False)


if __name__ == "__main__":
    main()
