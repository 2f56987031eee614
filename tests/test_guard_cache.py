"""The guard's kept verdicts: a repeated query gets the same verdict without being re-checked, and only when
every input matches (SQL, dialect, tables, row cap, column policy); refusals are never kept."""

from __future__ import annotations

import pytest

from assistant import guard
from assistant.errors import GuardRefusal
from assistant.guard import clear_guard_cache, guard_sql
from assistant.guard_columns import column_policy
from semantic_layer import load_model
from tests.conftest import AS_OF

TABLES = ["customers", "orders"]
SQL = "SELECT region, count(*) AS n FROM customers GROUP BY region"


def test_a_repeated_query_reuses_the_verdict_and_other_inputs_do_not(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_guard_cache()
    first = guard_sql(SQL, allowed_tables=TABLES, row_cap=10)
    calls: list[str] = []
    original = guard._guard

    def counting(sql: str, **kwargs: object) -> object:
        calls.append(sql)
        return original(sql, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(guard, "_guard", counting)
    assert guard_sql(SQL, allowed_tables=list(reversed(TABLES)), row_cap=10) is first
    assert calls == []
    assert guard_sql(SQL, allowed_tables=TABLES, row_cap=11).sql.endswith("LIMIT 12")
    assert guard_sql(SQL, allowed_tables=TABLES, row_cap=10, dialect="postgres").dialect == "postgres"
    assert guard_sql(SQL, allowed_tables=[*TABLES, "tickets"], row_cap=10).tables == {"customers"}
    assert len(calls) == 3


def test_a_kept_verdict_never_crosses_a_stricter_policy() -> None:
    clear_guard_cache()
    policy = column_policy(load_model(as_of=AS_OF))
    pii = "SELECT email FROM customers"
    guard_sql(pii, allowed_tables=TABLES, row_cap=10)  # no column policy: accepted and kept
    with pytest.raises(GuardRefusal, match="personal data"):
        guard_sql(pii, allowed_tables=TABLES, row_cap=10, columns=policy)
    with pytest.raises(GuardRefusal, match="not available"):
        guard_sql(pii, allowed_tables=["orders"], row_cap=10)


def test_refusals_are_checked_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_guard_cache()
    calls: list[str] = []
    original = guard._guard

    def counting(sql: str, **kwargs: object) -> object:
        calls.append(sql)
        return original(sql, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(guard, "_guard", counting)
    for _ in range(2):
        with pytest.raises(GuardRefusal):
            guard_sql("DELETE FROM customers", allowed_tables=TABLES, row_cap=10)
    assert len(calls) == 2


def test_the_cache_is_bounded() -> None:
    clear_guard_cache()
    for n in range(guard._VERDICTS.size + 50):
        guard_sql(f"SELECT {n} AS n FROM customers", allowed_tables=TABLES, row_cap=10)
    assert len(guard._VERDICTS._entries) == guard._VERDICTS.size
