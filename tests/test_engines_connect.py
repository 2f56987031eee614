"""Spark Connect (`sc://HOST:PORT?path=DIR`) against a real server started for the run (tests/spark_connect_server.py):
catalog, row cap, cancel at the deadline, metric parity on a representative subset, a whole answer and a
themes answer. The server is one JVM for the session; these tests share the `spark` xdist group."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from assistant.engines import Engine, Limits, connect
from assistant.errors import QueryTimeout
from assistant.guard import guard_sql
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from tests.conftest import AS_OF, SPARK
from tests.reference_metrics import Tables, close, expected
from tests.test_metric_execution import METRICS, VARIANTS, Runner, run

DEMO_TABLES = ["customers", "orders", "tickets", "surveys", "touches"]
# The variant with every option (segment, period and a dimension) for each metric: a representative subset that keeps
# the Connect server's share of `make test` small; the full matrix runs on Spark local.
CONNECT_VARIANTS = ["high_value_first_half_by_region"]

pytestmark = SPARK


@pytest.fixture(scope="module")
def tables(demo_warehouse: Engine) -> Tables:
    return Tables.load(demo_warehouse, AS_OF)


@pytest.fixture(scope="module")
def model() -> Any:
    from semantic_layer import load_model

    return load_model(as_of=AS_OF)


def test_connect_reports_dialect_catalog_and_info(demo_spark_connect: Engine) -> None:
    assert demo_spark_connect.dialect == "spark"
    assert demo_spark_connect.describe().startswith("sc://")
    assert set(DEMO_TABLES) <= set(demo_spark_connect.tables())
    assert ("amount", "decimal(12,2)") in {(c.name, c.type) for c in demo_spark_connect.columns("orders")}
    assert demo_spark_connect.info()["as_of"] == "2026-11-22"


def test_connect_row_cap_sets_truncated(demo_spark_connect: Engine) -> None:
    guarded = guard_sql("SELECT customer_id FROM customers", allowed_tables=DEMO_TABLES, row_cap=7, dialect="spark")
    result = demo_spark_connect.run(guarded)
    assert len(result.frame) == 7 and result.truncated


@pytest.mark.parametrize("variant", CONNECT_VARIANTS)
@pytest.mark.parametrize("metric", METRICS)
def test_connect_metric_matches_independent_computation(
    metric: str, variant: str, model: Any, demo_spark_connect: Engine, tables: Tables
) -> None:
    options = VARIANTS[variant]
    rows = run(model, Runner(demo_spark_connect, model.tables()), metric, **options)
    wanted = expected(tables, metric, **options)
    if isinstance(wanted, dict):
        actual = {str(key): value for key, value in rows}
        for key, value in wanted.items():
            assert close(actual.get(key), value) or (key not in actual and (value == 0 or value != value)), key
        assert set(actual) <= set(wanted)
    else:
        ((value,),) = rows
        assert close(value, wanted), (value, wanted)


def test_connect_query_past_the_deadline_is_interrupted_and_the_session_recovers(
    spark_connect_url: str, demo_parquet_dir: Path, demo_spark_connect: Engine
) -> None:
    slow = guard_sql("SELECT count(*) AS n FROM orders a CROSS JOIN orders b CROSS JOIN orders c",
                     allowed_tables=DEMO_TABLES, row_cap=1, dialect="spark")  # fmt: skip
    with connect(f"{spark_connect_url}?path={demo_parquet_dir}", Limits(timeout_s=3.0)) as short:
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match="3 s limit"):
            short.run(slow)
        assert time.perf_counter() - started < 30
    ok = guard_sql("SELECT count(*) AS n FROM customers", allowed_tables=DEMO_TABLES, row_cap=1, dialect="spark")
    assert demo_spark_connect.run(ok).frame.n[0] == 20_000


def _runtime(warehouse: str, tmp_path: Path) -> Runtime:
    settings = load_settings(warehouse=warehouse, as_of=AS_OF, audit_log=tmp_path / "audit.jsonl", llm="offline",
                             query_timeout_s=120.0)  # fmt: skip
    return Runtime(settings)


@pytest.mark.parametrize(
    "question", ["churn rate by month", "top complaint themes last month"], ids=["metric", "themes"]
)
def test_connect_answers_like_duckdb(
    question: str, tmp_path: Path, demo_warehouse_path: Path, demo_parquet_dir: Path, spark_connect_url: str,
    demo_spark_connect: Engine,
) -> None:  # fmt: skip
    duck = final_answer(run_question(_runtime(str(demo_warehouse_path), tmp_path), question))
    remote = _runtime(f"{spark_connect_url}?path={demo_parquet_dir}", tmp_path)
    answer = final_answer(run_question(remote, question))
    assert duck.status == "answered" and answer.status == "answered", answer.message
    assert answer.columns == duck.columns
    assert len(answer.rows) == len(duck.rows) > 0
    for got, want in zip(answer.rows, duck.rows, strict=True):
        # Month starts: DuckDB's frame holds timestamps ('2021-12-01T00:00:00'), Spark's dates ('2021-12-01').
        assert str(got[0])[:10] == str(want[0])[:10]
        assert all(close(a, b) for a, b in zip(got[1:], want[1:], strict=True)), (got, want)
