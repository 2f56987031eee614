"""The column check's fast path (a direct scope walk) decides exactly as the qualify-based reference check.

Every statement of the guard's suites and every query the compiler writes for the dev set, in each dialect, is
guarded twice — with the fast path and with the reference check alone — and must get the same verdict: the same
GuardedSQL, or a refusal with the same reason. Generated queries with colliding aliases, correlated references
and personal/free-text columns in every clause do the same; and the fast path must actually serve the
compiler's metric and record queries (otherwise the guard is no faster; themes queries, which expand `*` over
their populations, are left to the reference check)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache, partial
from pathlib import Path

import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlglot import exp

from assistant import guard
from assistant.contracts import detect_language
from assistant.errors import GuardRefusal
from assistant.evaluation import load_eval_set
from assistant.guard import clear_guard_cache, guard_sql
from assistant.guard_columns import ColumnPolicy, check_columns, column_policy
from assistant.guard_resolve import accepts
from assistant.pipeline import ranking_query
from assistant.planner import plan_question
from semantic_layer import DEMO_MODEL_PATH, compile_query, load_model
from tests.test_guard import HOSTILE, VALID
from tests.test_guard_columns import BAD, GOOD
from tests.test_guard_dialects import POSTGRES_HOSTILE, SPARK_HOSTILE
from tests.test_guard_limits import REFUSED

AS_OF = date(2026, 11, 22)
MODEL = load_model(DEMO_MODEL_PATH, as_of=AS_OF)
POLICY = column_policy(MODEL)
DIALECTS = ("duckdb", "postgres", "spark")
DEV_SET = Path(__file__).parent / "eval" / "dev_set.yml"

# Shapes the fast path must hand to the reference check or get exactly right.
TRICKY = [
    "SELECT region AS r FROM customers ORDER BY region",
    "SELECT count(*) AS email FROM customers ORDER BY email",
    "SELECT count(DISTINCT email) AS email FROM customers ORDER BY email",
    "SELECT count(*) AS n FROM customers ORDER BY max(email)",
    "SELECT region, count(*) AS n FROM customers GROUP BY region ORDER BY count(region)",
    "SELECT region AS email FROM customers ORDER BY count(email)",
    "SELECT region AS email FROM customers WHERE email IS NOT NULL",
    "SELECT region AS status FROM customers WHERE status = 'churned'",
    "SELECT customer_id AS region, region AS x FROM customers",
    "SELECT tier AS email, email AS tier FROM customers",
    "SELECT count(*) AS n FROM customers AS c JOIN orders AS o ON c.customer_id = o.customer_id WHERE status = 'x'",
    "SELECT customer_id FROM customers AS c JOIN orders AS o ON c.customer_id = o.customer_id",
    "SELECT c.region FROM customers AS c WHERE NOT EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.email)",
    "SELECT c.region FROM customers AS c WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = customer_id)",
    "SELECT c.region FROM customers AS c WHERE EXISTS (SELECT 1 FROM orders AS o WHERE o.customer_id = c.nope)",
    "SELECT region FROM customers AS c WHERE c.customer_id IN (SELECT customer_id FROM orders WHERE c.tier = 'A')",
    "SELECT s.region FROM (SELECT region FROM customers) AS s WHERE s.nope = 1",
    "SELECT nope FROM (SELECT region FROM customers) AS s",
    "SELECT s.x FROM (SELECT email AS x FROM customers) AS s",
    "SELECT x FROM (SELECT count(email) AS x FROM customers) AS s ORDER BY x",
    'SELECT "Region" FROM customers',
    'SELECT "region" FROM customers',
    "SELECT REGION FROM customers",
    "SELECT Customers.region FROM Customers",
    "SELECT region FROM customers AS a JOIN orders AS a ON true",
    "SELECT region FROM customers UNION SELECT region FROM customers ORDER BY region",
    "SELECT region FROM customers UNION SELECT channel FROM orders ORDER BY channel",
    "SELECT region AS r, r || 'x' AS y FROM customers",
    "SELECT region AS r FROM customers GROUP BY r HAVING count(r) > 1",
    "SELECT count(*) AS n FROM tickets WHERE description LIKE '%x%' ORDER BY n",
    "SELECT count(*) AS description FROM tickets ORDER BY description",
    "SELECT category AS description FROM tickets GROUP BY description",
    "SELECT t.category FROM tickets AS t ORDER BY t.description",
    "SELECT count(*) AS n FROM tickets JOIN surveys ON tickets.customer_id = surveys.customer_id "
    "WHERE comment IS NULL",
    "SELECT region, row_number() OVER (PARTITION BY region ORDER BY email) AS n FROM customers",
    "SELECT region, row_number() OVER (ORDER BY signup_date) AS n FROM customers ORDER BY n",
    "WITH a AS (SELECT region FROM customers), b AS (SELECT region FROM a) SELECT b.region FROM b",
    "WITH a AS (SELECT email FROM customers) SELECT count(*) AS n FROM a",
    "SELECT customers FROM customers",
    "SELECT customer_id FROM customers WHERE customers.customer_id = 'x'",
]  # fmt: skip


def _verdict(sql: str, *, dialect: str, policy: ColumnPolicy | None, fast: bool) -> tuple[str, object]:
    clear_guard_cache()
    original: Callable[..., None] = check_columns
    try:
        setattr(guard, "check_columns", partial(original, fast=fast))  # noqa: B010 - not a name guard exports
        guarded = guard_sql(sql, allowed_tables=MODEL.tables(), row_cap=100, dialect=dialect, columns=policy)
        return "accepted", guarded
    except GuardRefusal as refusal:
        return "refused", refusal.reason
    finally:
        setattr(guard, "check_columns", original)  # noqa: B010
        clear_guard_cache()


def _same(sql: str, dialect: str = "duckdb", policy: ColumnPolicy | None = POLICY) -> None:
    assert _verdict(sql, dialect=dialect, policy=policy, fast=True) == _verdict(
        sql, dialect=dialect, policy=policy, fast=False
    ), sql


SUITES = [sql for sql, _ in HOSTILE] + VALID + [sql for sql, _ in BAD] + GOOD + [sql for sql, _ in REFUSED] + TRICKY


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_suite_statement_gets_the_same_verdict(dialect: str) -> None:
    for sql in SUITES + POSTGRES_HOSTILE + SPARK_HOSTILE:
        _same(sql, dialect)
        _same(sql, dialect, POLICY.for_themes())


@cache
def _dev_set_compiled(dialect: str) -> list[tuple[str, bool]]:
    """(SQL, is themes) of every dev-set question the offline planner answers, compiled for `dialect`."""
    compiled = []
    for item in load_eval_set(DEV_SET).items:
        if item.history:
            continue
        plan = plan_question(item.question, [], MODEL, AS_OF, detect_language(item.question))
        if plan.status != "ok" or plan.query is None:
            continue
        query = ranking_query(plan.query) or plan.query
        compiled.append((compile_query(MODEL, query, as_of=AS_OF, dialect=dialect).sql, query.kind == "themes"))
    return compiled


@pytest.mark.parametrize("dialect", DIALECTS)
def test_the_compilers_queries_take_the_fast_path_with_the_same_verdict(dialect: str) -> None:
    queries = _dev_set_compiled(dialect)
    assert len(queries) > 100
    for sql, themes in queries:
        policy = POLICY.for_themes() if themes else POLICY
        _same(sql, dialect, policy)
        # Themes queries expand `*` over their populations' subqueries: those are left to the reference check.
        assert themes or accepts(_parsed(sql, dialect), policy, dialect), sql
    for verified in MODEL.verified_queries:
        sql = compile_query(MODEL, verified.query, as_of=AS_OF, dialect=dialect).sql
        _same(sql, dialect, POLICY.for_themes() if verified.query.kind == "themes" else POLICY)


def _parsed(sql: str, dialect: str) -> exp.Query:
    query = sqlglot.parse_one(sql, read=dialect)
    assert isinstance(query, exp.Query)
    return query


# --- generated queries: aliases that collide with columns, every clause, correlated references ---------------

COLUMNS = ["region", "tier", "status", "customer_id", "email", "phone", "name", "signup_date", "nope", "amount",
           "channel", "order_id"]  # fmt: skip
QUALIFIERS = ["", "", "c.", "o.", "s.", "x."]


def _column(data: st.DataObject) -> str:
    return data.draw(st.sampled_from(QUALIFIERS)) + data.draw(st.sampled_from(COLUMNS))


def _expression(data: st.DataObject) -> str:
    column = _column(data)
    wrapper = data.draw(
        st.sampled_from(["{}", "{}", "count({})", "count(DISTINCT {})", "max({})", "lower({})", "{} IS NULL",
                         "coalesce({}, 'x')", "(SELECT max(o2.amount) FROM orders AS o2 WHERE o2.customer_id = {})"])
    )  # fmt: skip
    return str(wrapper.format(column))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_queries_get_the_same_verdict(data: st.DataObject) -> None:
    projections = [
        f"{_expression(data)}{data.draw(st.sampled_from(['', ' AS region', ' AS email', ' AS n', ' AS amount']))}"
        for _ in range(data.draw(st.integers(1, 3)))
    ]
    source = data.draw(
        st.sampled_from([
            "customers AS c", "customers", "orders AS o", "customers AS c JOIN orders AS o ON c.customer_id = o.customer_id",
            "(SELECT region, count(*) AS n FROM customers GROUP BY region) AS s",
            "customers AS c CROSS JOIN (SELECT channel, sum(amount) AS amount FROM orders GROUP BY channel) AS s",
        ])
    )  # fmt: skip
    sql = f"SELECT {', '.join(projections)} FROM {source}"
    if data.draw(st.booleans()):
        sql += f" WHERE {_expression(data)} IS NOT NULL"
    if data.draw(st.booleans()):
        sql += f" GROUP BY {_column(data)}"
    if data.draw(st.booleans()):
        sql += f" ORDER BY {_expression(data)}"
    dialect = data.draw(st.sampled_from(DIALECTS))
    _same(sql, dialect, data.draw(st.sampled_from([POLICY, POLICY.for_themes()])))


def test_the_fast_path_never_refuses_on_its_own() -> None:
    """It only accepts or hands over: a query it cannot show acceptable still gets the reference check's reason."""
    assert accepts(_parsed("SELECT email FROM customers", "duckdb"), POLICY, "duckdb") is False
    with pytest.raises(GuardRefusal, match="personal data"):
        guard_sql("SELECT email FROM customers", allowed_tables=MODEL.tables(), row_cap=10, columns=POLICY)
