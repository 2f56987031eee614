"""Property tests: whatever the guard accepts reads only allowed tables, and no input crashes it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from assistant.engines import Engine, Limits
from assistant.engines.duckdb_file import DuckDBFile
from assistant.errors import GuardRefusal, WarehouseError
from assistant.guard import GuardedSQL, guard_sql

ALLOWED = ("customers", "orders")
# Every forbidden table exists in the fixture, so a leak would bind and show up in the plan.
FORBIDDEN_TABLES = ("eval_ticket_themes", "eval_survey_themes", "secret")

# Allowed pieces are drawn three times as often as forbidden ones, so a fair share of queries is accepted.
ALLOWED_REFS = st.sampled_from(["customers", "orders", "CUSTOMERS", '"orders"'])
FORBIDDEN_REFS = st.sampled_from(
    [
        "eval_ticket_themes",
        "eval_survey_themes",
        "secret",
        "cte_a",
        "cte_b",
        "information_schema.tables",
        "main.customers",
        "read_csv('x.csv')",
        "duckdb_tables()",
        "range(3)",
        "'/etc/passwd'",
    ]
)
TABLE_REFS = st.one_of(ALLOWED_REFS, ALLOWED_REFS, ALLOWED_REFS, FORBIDDEN_REFS)
ALLOWED_PROJECTIONS = st.sampled_from(
    [
        "*",
        "1 AS one",
        "count(*) AS n",
        "customer_id",
        "lower(customer_id) AS c",
        "coalesce(NULL, 1) AS c",
        "unnest(generate_series(1, 3)) AS g",
        "date_trunc('month', DATE '2026-01-05') AS m",
    ]
)
FORBIDDEN_PROJECTIONS = st.sampled_from(
    ["getvariable('x') AS v", "current_setting('threads') AS s", "read_text('x') AS t", "version() AS v"]
)
PROJECTIONS = st.one_of(ALLOWED_PROJECTIONS, ALLOWED_PROJECTIONS, ALLOWED_PROJECTIONS, FORBIDDEN_PROJECTIONS)
OWN_CTE_NAMES = st.sampled_from(["cte_a", "cte_b", "secret"])
CTE_NAMES = st.one_of(OWN_CTE_NAMES, OWN_CTE_NAMES, st.sampled_from(["customers", "orders", "eval_x"]))
ALIASES = st.sampled_from(["", " AS s", " AS secret", " AS customers", " AS cte_a"])


def _queries() -> st.SearchStrategy[str]:
    simple = st.builds(lambda p, t, a: f"SELECT {p} FROM {t}{a}", PROJECTIONS, TABLE_REFS, ALIASES)

    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.builds(lambda a, b: f"{a} UNION ALL {b}", inner, inner),
            st.builds(lambda n, body, q: f"WITH {n} AS ({body}) {q}", CTE_NAMES, inner, inner),
            st.builds(lambda n, body, q: f"SELECT * FROM (WITH {n} AS ({body}) {q}) AS d", CTE_NAMES, inner, inner),
            st.builds(lambda p, q, a: f"SELECT {p} FROM ({q}){a or ' AS s'}", PROJECTIONS, inner, ALIASES),
            st.builds(lambda p, t, q: f"SELECT {p} FROM {t} WHERE EXISTS ({q})", PROJECTIONS, TABLE_REFS, inner),
            st.builds(lambda t, u: f"SELECT * FROM {t} JOIN {u} ON true", TABLE_REFS, TABLE_REFS),
            st.builds(lambda q, t: f"SELECT (SELECT count(*) FROM ({q}) AS x) AS n FROM {t}", inner, TABLE_REFS),
        )

    return st.recursive(simple, extend, max_leaves=6)


def _build(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE TABLE customers AS SELECT printf('C%03d', range) AS customer_id FROM range(20)")
        con.execute("CREATE TABLE orders AS SELECT printf('C%03d', range % 20) AS customer_id FROM range(40)")
        for name in FORBIDDEN_TABLES:
            con.execute(f"CREATE TABLE {name} AS SELECT 'C001' AS customer_id, 'hidden' AS payload")
    finally:
        con.close()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    path = tmp_path_factory.mktemp("property_warehouse") / "props.duckdb"
    _build(path)
    with DuckDBFile(path, Limits(timeout_s=2.0)) as opened:
        yield opened


def _scanned_tables(plan: Any) -> set[str]:
    if isinstance(plan, list):
        return set().union(*(_scanned_tables(node) for node in plan))
    if not isinstance(plan, dict):
        return set()
    found = (
        {str(plan["extra_info"]["Table"]).rsplit(".", 1)[-1].strip('"')}
        if "Table" in plan.get("extra_info", {})
        else set()
    )
    return found.union(*(_scanned_tables(child) for child in plan.get("children", [])))


def _run_or_binder_error(sandbox: Engine, guarded: GuardedSQL) -> Any:
    """Random SQL may not bind (unknown columns, type errors); it must never hit the permission wall."""
    try:
        return sandbox.run(guarded)
    except WarehouseError as error:
        assert not isinstance(error.__cause__, duckdb.PermissionException), guarded.sql
        return None


def _plan(sandbox: Engine, sql: str) -> Any:
    explain = GuardedSQL(sql=f"EXPLAIN (FORMAT JSON) {sql}", query_sql="", tables=frozenset(), row_cap=10)
    result = _run_or_binder_error(sandbox, explain)
    return None if result is None else json.loads(result.frame["explain_value"].iloc[0])


def test_plan_oracle_sees_hidden_tables(sandbox: Engine) -> None:
    """The oracle below is only as good as this: a scan of a hidden table shows up in the plan."""
    plan = _plan(sandbox, "SELECT * FROM customers WHERE EXISTS (SELECT 1 FROM secret) UNION ALL FROM eval_x")
    assert plan is None  # eval_x does not exist: binder error, not a permission error
    plan = _plan(sandbox, "SELECT c.customer_id FROM customers c JOIN secret s USING (customer_id)")
    assert _scanned_tables(plan) == {"customers", "secret"}


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sql=_queries())
def test_accepted_queries_read_only_allowed_tables(sandbox: Engine, sql: str) -> None:
    try:
        guarded = guard_sql(sql, allowed_tables=ALLOWED, row_cap=20)
    except GuardRefusal:
        event("refused")
        return
    event("accepted")
    assert guarded.tables <= set(ALLOWED)

    # Re-parse what will run and check it without the guard's scope logic: every table is a plain
    # name that is either allowed or one of the query's own CTEs, and no CTE reuses an allowed name.
    # (A CTE may reuse the name of a hidden table such as `secret`; the engine's plan below is what
    # proves such a name never reaches the hidden table.)
    tree = sqlglot.parse_one(guarded.sql, read="duckdb")
    cte_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    assert cte_names.isdisjoint(ALLOWED)
    assert not any(name.startswith("eval_") for name in cte_names)
    for table in tree.find_all(exp.Table):
        assert isinstance(table.this, exp.Identifier) and not table.args.get("db"), guarded.sql
        assert table.name.lower() in {*ALLOWED, *cte_names}, guarded.sql

    # The engine's own plan names the tables it would scan.
    plan = _plan(sandbox, guarded.sql)
    if plan is not None:
        assert _scanned_tables(plan) <= set(ALLOWED), guarded.sql
    event("ran" if _run_or_binder_error(sandbox, guarded) is not None else "engine error (binder, types)")


SQL_TOKENS = st.sampled_from(
    [
        "SELECT", "FROM", "WHERE", "WITH", "AS", "UNION", "ALL", "JOIN", "ON", "(", ")", ",", ";", "*", "'x'",
        '"y"', "customers", "orders", "eval_ticket_themes", "main.", "read_csv(", "1", "--", "/*", "*/", "$1",
        "?", "INTO", "RECURSIVE", "EXISTS", "count(*)", "ATTACH", "COPY", "TO", "PRAGMA", "SET", "=", "::",
        "[", "]", "{", "}", "->", "LIMIT", "ORDER BY", "GROUP BY", "FILTER", "OVER", "\\", "\n", "é", "流失",
    ]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(sql=st.one_of(st.text(), st.lists(SQL_TOKENS, max_size=30).map(" ".join)))
def test_any_text_is_accepted_or_refused_cleanly(sql: str) -> None:
    try:
        guarded = guard_sql(sql, allowed_tables=ALLOWED, row_cap=10)
    except GuardRefusal as refusal:
        assert refusal.reason and "\n" not in refusal.reason
    else:
        assert guarded.tables <= set(ALLOWED)
