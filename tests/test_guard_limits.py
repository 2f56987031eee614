"""The guard's bounds on values a query can build (generate_series, unnest, string and list builders)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.errors import GuardRefusal
from assistant.guard import guard_sql
from assistant.guard_limits import MAX_SERIES
from semantic_layer import DEMO_MODEL_PATH, SemanticQuery, compile_query, load_model

TABLES = ("customers", "orders", "tickets", "surveys", "touches")

REFUSED = [
    ("SELECT length(generate_series(1, 100000000)) AS n", "at most"),
    ("SELECT length(range(1000000000)) AS n", "at most"),
    ("SELECT length(range(0, 2000000, 1)) AS n", "at most"),
    ("SELECT length(generate_series(TIMESTAMP '1970-01-01', TIMESTAMP '2030-01-01', INTERVAL 1 SECOND)) AS n",
     "at most"),
    ("SELECT length(generate_series(DATE '0001-01-01', DATE '9999-01-01', INTERVAL 1 HOUR)) AS n", "at most"),
    ("SELECT length(generate_series(1, (SELECT max(amount) FROM orders))) AS n", "at least one day"),
    ("SELECT length(generate_series((SELECT min(ordered_at) FROM orders), CURRENT_DATE, INTERVAL 1 MINUTE)) AS n",
     "at least one day"),
    ("SELECT generate_series(1, 10) AS s FROM orders", "without FROM"),
    ("SELECT sum(length(generate_series(1, CAST(amount AS BIGINT)))) AS n FROM orders", "without FROM"),
    ("SELECT count(*) AS n FROM (SELECT unnest(generate_series(1, 1000000000)) AS x) AS s", "at most"),
    ("SELECT unnest(split_part(subject, ' ', 1)) AS x FROM tickets", "unnest"),
    ("SELECT max(length(replace(replace(subject, ' ', subject), ' ', subject))) AS n FROM tickets", "Nested replace"),
    ("SELECT max(length(concat(" + ", ".join(["subject"] * 200) + "))) AS n FROM tickets", "KB"),
    ("SELECT max(length(" + " || ".join(["subject"] * 100) + ")) AS n FROM tickets", "KB"),
    ("SELECT length([" + ", ".join(["subject"] * 1500) + "]) AS n FROM tickets", "items"),
    ("SELECT count(*) AS n FROM tickets WHERE length(replace(subject, ' ', '" + "x" * 300 + "')) > 1", "KB"),
    ("SELECT length(repeat('x', 2000000000)) AS n", "repeat"),
    ("SELECT length(lpad('x', 2000000000, 'y')) AS n", "not allowed"),
]  # fmt: skip

ACCEPTED = [
    "SELECT unnest(generate_series(DATE '2026-01-01', DATE '2026-12-01', INTERVAL 1 MONTH)) AS m",
    f"SELECT length(generate_series(1, {MAX_SERIES})) AS n",
    "SELECT unnest(generate_series((SELECT min(signup_date) FROM customers), CURRENT_DATE, INTERVAL 1 DAY)) AS d",
    "SELECT unnest([1, 2, 3]) AS x",
    # one list, computed once: the series select has no FROM even though the outer query has one
    "SELECT (SELECT max(x) FROM (SELECT unnest(generate_series(1, 5)) AS x) AS s) AS m FROM orders",
    "SELECT [1, 2] AS l",
    "SELECT concat(subject, ' / ', channel) AS s FROM tickets",
    "SELECT replace(subject, ' ', '_') AS s FROM tickets",
]


@pytest.mark.parametrize(("sql", "reason"), REFUSED)
def test_value_bombs_are_refused(sql: str, reason: str | None) -> None:
    with pytest.raises(GuardRefusal) as caught:
        guard_sql(sql, allowed_tables=TABLES, row_cap=10)
    assert reason is None or reason.lower() in caught.value.reason.lower(), caught.value.reason


@pytest.mark.parametrize("sql", ACCEPTED)
def test_bounded_builders_pass(sql: str) -> None:
    assert guard_sql(sql, allowed_tables=TABLES, row_cap=10).sql


@pytest.mark.parametrize("grain", ["day", "week", "month", "quarter", "year"])
@pytest.mark.parametrize("period", [True, False])
def test_the_compilers_time_spines_pass(grain: str, period: bool) -> None:
    model = load_model(DEMO_MODEL_PATH, as_of=date(2026, 12, 4))
    window = {"start": "2026-01-01", "end": "2026-11-30"} if period else None
    query = SemanticQuery.model_validate(
        {
            "metrics": ["churn_rate"],
            "dimensions": [{"name": "customer.churn_date", "grain": grain}],
            "time_range": window,
        }
    )
    assert guard_sql(
        compile_query(model, query, as_of=date(2026, 12, 4)).sql, allowed_tables=model.tables(), row_cap=10
    ).sql
