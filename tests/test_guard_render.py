"""The guard renders the validated tree once: the SQL shown is that render, byte for byte what a render of a copy
gives, and the SQL that runs is that render under the row cap — the same statement (as a sqlglot tree) that
wrapping the tree with sqlglot's builders and rendering it again gives, in every dialect (Spark, whose generator
rewrites the wrapped statement, keeps the tree-built cap)."""

from __future__ import annotations

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from assistant.errors import GuardRefusal
from assistant.guard import CAPPED_ALIAS, GuardedSQL, capped_sql, clear_guard_cache, guard_sql
from tests.test_guard import HOSTILE, VALID
from tests.test_guard_columns import GOOD
from tests.test_guard_resolve import DIALECTS, MODEL, POLICY, _dev_set_compiled


def _reference(sql: str, dialect: str, row_cap: int) -> tuple[str, exp.Expr]:
    """What the guard rendered before: the query re-rendered from a copy, and the tree-built cap around it."""
    query = sqlglot.parse_one(sql, read=dialect)
    shown = query.sql(dialect=dialect, pretty=True, comments=False)
    capped = exp.Select(expressions=[exp.Star()]).from_(query.subquery(CAPPED_ALIAS)).limit(row_cap + 1)
    return shown, sqlglot.parse_one(capped.sql(dialect=dialect, comments=False), read=dialect)


def _accepted(sql: str, dialect: str, row_cap: int = 100, themes: bool = False) -> GuardedSQL | None:
    clear_guard_cache()
    policy = POLICY.for_themes() if themes else POLICY
    try:
        return guard_sql(sql, allowed_tables=MODEL.tables(), row_cap=row_cap, dialect=dialect, columns=policy)
    except GuardRefusal:
        return None


def _same_as_reference(sql: str, dialect: str, row_cap: int = 100, themes: bool = False) -> bool:
    guarded = _accepted(sql, dialect, row_cap, themes)
    if guarded is None:
        return False
    shown, capped = _reference(sql, dialect, row_cap)
    assert guarded.query_sql == shown, sql
    assert sqlglot.parse_one(guarded.sql, read=dialect) == capped, (sql, guarded.sql)
    return True


@pytest.mark.parametrize("dialect", DIALECTS)
def test_one_render_gives_the_statements_two_renders_gave(dialect: str) -> None:
    accepted = 0
    for sql in [s for s, _ in HOSTILE] + VALID + GOOD:
        accepted += _same_as_reference(sql, dialect)
    for sql, themes in _dev_set_compiled(dialect):
        assert _same_as_reference(sql, dialect, themes=themes), sql
        accepted += 1
    assert accepted > 150


@settings(max_examples=60, deadline=None)
@given(row_cap=st.integers(1, 10**9), index=st.integers(0, 10_000))
def test_the_cap_is_the_row_cap_plus_one_for_any_cap(row_cap: int, index: int) -> None:
    queries = _dev_set_compiled("duckdb")
    sql, themes = queries[index % len(queries)]
    assert _same_as_reference(sql, "duckdb", row_cap, themes)
    assert capped_sql("SELECT 1", row_cap).endswith(f") AS {CAPPED_ALIAS} LIMIT {row_cap + 1}")
