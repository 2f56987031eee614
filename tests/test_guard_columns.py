"""The guard's column policy: personal data and free text never leave through SQL; the compiler's SQL passes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from assistant.errors import GuardRefusal
from assistant.guard import GuardedSQL, guard_sql
from assistant.guard_columns import ColumnPolicy, column_policy
from semantic_layer import DEMO_MODEL_PATH, SemanticModel, SemanticQuery, compile_query, load_model
from semantic_layer.errors import QueryError

AS_OF = date(2026, 12, 4)
MODEL = load_model(DEMO_MODEL_PATH, as_of=AS_OF)
POLICY = column_policy(MODEL)


def _guard(sql: str, policy: ColumnPolicy = POLICY) -> GuardedSQL:
    return guard_sql(sql, allowed_tables=MODEL.tables(), row_cap=100, columns=policy)


# Every example of issue 9 §2 and the ways around a name-only check.
BAD = [
    ("SELECT c FROM customers AS c", "whole-row"),
    ("SELECT arg_max(c, c.signup_date) AS x FROM customers AS c", "whole-row"),
    ("SELECT mode(c) AS x FROM customers AS c", "whole-row"),
    ("SELECT customers FROM customers", "whole-row"),
    ("SELECT count(c) AS n FROM customers AS c", "whole-row"),
    ("SELECT t FROM (SELECT region FROM customers) AS t", "whole-row"),
    ("SELECT (c).email FROM customers AS c", "Field access"),
    ("SELECT c['email'] FROM customers AS c", "whole-row"),
    ("SELECT c.email.x FROM customers AS c", "Field access"),
    ("SELECT to_json(c) FROM customers AS c", "to_json"),
    ("SELECT row(c.*) FROM customers AS c", "row"),
    ("SELECT struct_extract(c, 'email') FROM customers AS c", "struct_extract"),
    ("SELECT #3 FROM customers", "Positional"),
    ("SELECT a, b, x FROM customers AS t(a, b, x)", "renames columns"),
    ("WITH t(a, b, x) AS (SELECT customer_id, name, email FROM customers) SELECT x FROM t", "renames columns"),
    ("SELECT x FROM (SELECT email FROM customers) AS t(x)", "renames columns"),
    ("SELECT * FROM customers", "'*' over the table 'customers'"),
    ("SELECT c.* FROM customers AS c", "'*' over the table"),
    ("SELECT * FROM orders", "'*' over the table 'orders'"),
    ("SELECT * EXCLUDE (email) FROM customers", "EXCLUDE"),
    ("SELECT * REPLACE (region AS r) FROM (SELECT region FROM customers) AS s", "REPLACE"),
    ("SELECT count(c.*) AS n FROM customers AS c", "COUNT(*)"),
    ("SELECT email FROM customers", "personal data"),
    ("SELECT EMAIL AS e FROM customers", "personal data"),
    ("SELECT customer_id, phone FROM customers WHERE status = 'churned'", "personal data"),
    ("SELECT lower(name) AS n FROM customers", "personal data"),
    ("SELECT min(email) AS e FROM customers", "personal data"),
    ("SELECT max(phone) AS p FROM customers", "personal data"),
    ("SELECT any_value(email) AS e FROM customers", "personal data"),
    ("SELECT arg_max(email, signup_date) AS e FROM customers", "personal data"),
    ("SELECT string_agg(email, ',') AS e FROM customers", "personal data"),
    ("SELECT count(*) AS n FROM customers WHERE email LIKE '%gmail%'", "personal data"),
    ("SELECT count(*) AS n FROM customers WHERE customer_id = 'C1' AND phone LIKE '138%'", "personal data"),
    ("SELECT region FROM customers ORDER BY email", "personal data"),
    ("SELECT region, count(*) AS n FROM customers GROUP BY region, email", "personal data"),
    ("SELECT count(DISTINCT lower(email)) AS n FROM customers", "personal data"),
    ("SELECT region FROM customers UNION ALL SELECT email FROM customers", "personal data"),
    ("SELECT x FROM (SELECT email AS x FROM customers) AS s", "personal data"),
    ("WITH s AS (SELECT phone FROM customers) SELECT count(DISTINCT phone) AS n FROM s", "personal data"),
    ("SELECT (SELECT max(email) FROM customers) AS e", "personal data"),
    ("SELECT o.order_id FROM orders AS o JOIN customers AS c ON c.customer_id = o.customer_id AND c.email = 'x'",
     "personal data"),
    ("SELECT customer_id AS x, x || email AS y FROM customers", "personal data"),
    ("SELECT tickets.description FROM tickets", "free text"),
    ("SELECT description FROM tickets WHERE is_complaint", "free text"),
    ("SELECT string_agg(description, ' | ') AS d FROM tickets", "free text"),
    ("SELECT min(comment) AS c FROM surveys", "free text"),
    ("SELECT left(description, 20) AS d FROM tickets", "free text"),
    ("SELECT length(description) AS n FROM tickets ORDER BY description", "free text"),
    ("SELECT count(*) AS n FROM tickets GROUP BY description", "free text"),
    ("SELECT sum(CASE WHEN description LIKE '%x%' THEN 1 ELSE 0 END) AS n FROM tickets", "free text"),
    ("SELECT secret FROM customers", "could not be resolved"),
    ("SELECT password_hash FROM customers", "could not be resolved"),
]  # fmt: skip

GOOD = [
    "SELECT count(*) AS n FROM customers",
    "SELECT region, count(*) AS n FROM customers GROUP BY region ORDER BY n DESC",
    "SELECT count(DISTINCT email) AS with_email, count(phone) AS with_phone FROM customers",
    "SELECT approx_count_distinct(email) AS n FROM customers",
    "SELECT count(*) AS n FROM tickets WHERE description ILIKE '%refund%'",
    "SELECT count(*) FILTER (WHERE description ILIKE '%refund%') AS n, count_if(comment IS NULL) AS m FROM tickets, surveys",
    "SELECT category, count(description) AS n FROM tickets GROUP BY category HAVING max(length(description)) > 10",
    "SELECT c.customer_id, c.region FROM customers AS c WHERE EXISTS "
    "(SELECT 1 FROM orders AS o WHERE o.customer_id = c.customer_id AND o.status = 'completed')",
    "SELECT * FROM (SELECT region, count(*) AS n FROM customers GROUP BY region) AS s",
    "SELECT 'x' AS label, s.* FROM (SELECT channel FROM orders) AS s",
    "WITH r AS (SELECT channel, sum(amount) AS revenue FROM orders GROUP BY channel) SELECT * FROM r",
    "SELECT status FROM customers AS status",
    "SELECT region AS r FROM customers GROUP BY r ORDER BY r",
    "SELECT region FROM customers ORDER BY 1",
    "SELECT customer_id FROM customers JOIN orders USING (customer_id) LIMIT 5",
    "SELECT [1, 2] AS l",
]  # fmt: skip


@pytest.mark.parametrize(("sql", "reason"), BAD)
def test_personal_data_and_row_access_are_refused(sql: str, reason: str) -> None:
    with pytest.raises(GuardRefusal) as caught:
        _guard(sql)
    assert reason.lower() in caught.value.reason.lower(), caught.value.reason


@pytest.mark.parametrize("sql", GOOD)
def test_analytics_pass(sql: str) -> None:
    assert _guard(sql).sql


def test_the_policy_comes_from_the_model() -> None:
    assert POLICY.personal == {
        (entity.table, dim.expr or name)
        for entity in MODEL.entities.values()
        for name, dim in entity.dimensions.items()
        if dim.pii
    }
    assert POLICY.free_text == {(MODEL.entities[f.entity].table, f.expr) for f in MODEL.text_fields.values()}
    customer_table = next(e.table for e in MODEL.entities.values() if "customer_id" in e.dimensions)
    assert "customer_id" in POLICY.schema[customer_table]  # listed by records questions: not personal data
    assert all(column != "customer_id" for _, column in POLICY.personal)


def test_a_model_without_pii_marks_exposes_the_column() -> None:
    data = MODEL.model_dump()
    for entity in data["entities"].values():
        for dim in entity["dimensions"].values():
            dim["pii"] = False
    relaxed = SemanticModel.model_validate(data)
    sql = "SELECT email FROM customers"
    assert guard_sql(sql, allowed_tables=relaxed.tables(), row_cap=5, columns=column_policy(relaxed)).sql


def test_themes_queries_may_output_free_text_but_never_personal_data() -> None:
    themes = POLICY.for_themes()
    assert _guard("SELECT ticket_id AS id, description AS text FROM tickets", themes).sql
    with pytest.raises(GuardRefusal):
        _guard("SELECT ticket_id AS id, email AS text FROM customers, tickets", themes)


def test_every_verified_query_passes() -> None:
    for verified in MODEL.verified_queries:
        compiled = compile_query(MODEL, verified.query, as_of=AS_OF)
        policy = POLICY.for_themes() if verified.query.kind == "themes" else POLICY
        assert _guard(compiled.sql, policy).sql


# --- properties -------------------------------------------------------------------------------------------

PERSONAL = sorted(POLICY.personal)
WRAPPERS = [
    "{c}", "lower({c})", "upper({c})", "trim({c})", "concat('x', {c})", "{c} || ''", "coalesce({c}, 'n')",
    "min({c})", "max({c})", "any_value({c})", "string_agg({c}, ',')", "mode({c})", "substring({c}, 1, 3)",
    "CASE WHEN true THEN {c} END", "CAST({c} AS VARCHAR)", "first_value({c}) OVER ()", "left({c}, 4)",
    "replace({c}, '@', ' at ')", "greatest({c}, '')",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    column=st.sampled_from(PERSONAL),
    wrapper=st.sampled_from(WRAPPERS),
    alias=st.sampled_from(["", "t", "c", "x"]),
    out=st.sampled_from(["", " AS v", " AS region", " AS customer_id"]),
    nest=st.booleans(),
    extra=st.sampled_from(["", "region, ", "count(*) OVER () AS n, "]),
)
def test_any_projection_of_personal_data_is_refused(
    column: tuple[str, str], wrapper: str, alias: str, out: str, nest: bool, extra: str
) -> None:
    table, name = column
    qualified = f"{alias}.{name}" if alias else name
    source = f"{table} AS {alias}" if alias else table
    sql = f"SELECT {extra}{wrapper.format(c=qualified)}{out} FROM {source}"
    if nest:
        sql = f"SELECT * FROM ({sql}) AS inner_query"
    with pytest.raises(GuardRefusal):
        _guard(sql)


def _queries() -> st.SearchStrategy[SemanticQuery]:
    metrics = sorted(name for name, metric in MODEL.metrics.items() if not metric.hidden)
    dimensions = sorted(
        f"{entity_name}.{name}"
        for entity_name, entity in MODEL.entities.items()
        for name, dim in entity.dimensions.items()
        if not dim.pii
    )
    segments = sorted(MODEL.segments)
    return st.builds(
        lambda kind, ms, ds, grain, segs, limit, text, previous: SemanticQuery.model_validate(
            {
                "kind": kind,
                "metrics": ms if kind == "metrics" else [],
                "dimensions": [
                    {"name": d, **({"grain": grain} if MODEL.dimension(d)[1].type == "time" else {})} for d in ds
                ],
                "segments": segs,
                "time_range": {"start": "2026-06-01", "end": "2026-11-30", "label": "x"} if previous else None,
                "compare": {"previous_period": True} if previous and kind != "records" else None,
                "limit": limit,
                "text_field": text if kind == "themes" else None,
            }
        ),
        kind=st.sampled_from(["metrics", "metrics", "records", "themes"]),
        ms=st.lists(st.sampled_from(metrics), min_size=1, max_size=3, unique=True),
        ds=st.lists(st.sampled_from(dimensions), max_size=2, unique=True),
        grain=st.sampled_from(["day", "week", "month", "quarter"]),
        segs=st.lists(st.sampled_from(segments), max_size=1),
        limit=st.one_of(st.none(), st.integers(1, 50)),
        text=st.sampled_from(sorted(MODEL.text_fields)),
        previous=st.booleans(),
    )


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_any_query_the_compiler_produces_passes(data: st.DataObject) -> None:
    try:
        query = data.draw(_queries())
        compiled = compile_query(MODEL, query, as_of=AS_OF)
    except (QueryError, ValueError):
        assume(False)
        return
    policy = POLICY.for_themes() if query.kind == "themes" else POLICY
    assert _guard(compiled.sql, policy).sql
