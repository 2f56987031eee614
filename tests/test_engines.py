"""Engines behind one interface: URL forms, the Parquet/CSV folder sandbox, and PostgreSQL's limits."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from assistant.engines import Engine, Limits, connect, parse_target
from assistant.errors import GuardRefusal, QueryTimeout, UserInputError, WarehouseError
from assistant.guard import GuardedSQL, guard_sql
from tests.conftest import SPARK

DEMO_TABLES = ["customers", "orders", "tickets", "surveys", "touches"]


def _raw(sql: str, dialect: str = "duckdb", row_cap: int = 100) -> GuardedSQL:
    """SQL that never went through the guard: what the engine alone must withstand."""
    return GuardedSQL(sql=sql, query_sql=sql, tables=frozenset(), row_cap=row_cap, dialect=dialect)


# ---- URL forms ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "location", "dialect"),
    [
        ("/data/demo.duckdb", "duckdb", "/data/demo.duckdb", "duckdb"),
        ("duckdb:///data/demo.duckdb", "duckdb", "/data/demo.duckdb", "duckdb"),
        ("files:///data/lake", "files", "/data/lake", "duckdb"),
        ("postgresql://u:secret@db:5432/shop?schema=analytics", "postgresql",
         "postgresql://u:secret@db:5432/shop?schema=analytics", "postgres"),
        ("postgres://u@db/shop", "postgresql", "postgres://u@db/shop", "postgres"),
    ],
)  # fmt: skip
def test_warehouse_forms_name_their_engine(value: str, kind: str, location: str, dialect: str) -> None:
    target = parse_target(value)
    assert (target.kind, target.location, target.dialect) == (kind, location, dialect)


def test_a_directory_is_a_files_warehouse(tmp_path: Path) -> None:
    assert parse_target(str(tmp_path)).kind == "files"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("mysql://u@h/db", "Unknown warehouse scheme 'mysql://'"),
        ("files://relative/dir", "needs an absolute path"),
        ("postgresql:///db", "needs a host"),
        ("", "empty"),
    ],
)
def test_bad_warehouse_forms_say_what_is_accepted(value: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        parse_target(value)


def test_passwords_never_appear_in_messages() -> None:
    target = parse_target("postgresql://reader:s3cret@127.0.0.1:1/shop")
    assert "s3cret" not in target.redacted() and "reader:***@" in target.redacted()
    with pytest.raises(WarehouseError) as caught:
        connect(target)
    assert "s3cret" not in str(caught.value) and "127.0.0.1" in str(caught.value)


# ---- a folder of Parquet/CSV files -------------------------------------------------------------------------


@pytest.fixture
def lake(tmp_path: Path) -> Path:
    folder = tmp_path / "lake"
    (folder / "events").mkdir(parents=True)
    con = duckdb.connect()
    con.execute("CREATE TABLE c AS SELECT range AS id, 'r' || (range % 3) AS region FROM range(10)")
    con.table("c").write_parquet(str(folder / "customers.parquet"))
    con.table("c").write_csv(str(folder / "regions.csv"))
    for part in range(2):
        con.sql(f"SELECT {part} AS part, range AS n FROM range(5)").write_parquet(
            str(folder / "events" / f"p{part}.parquet")
        )
    (folder / "notes.txt").write_text("not data")
    outside = tmp_path / "secret.csv"
    outside.write_text("password\nhunter2\n")
    (folder / "leak.csv").symlink_to(outside)
    (folder / "passwd.csv").symlink_to("/etc/passwd")
    return folder


def test_each_file_and_parquet_folder_is_a_table(lake: Path) -> None:
    with connect(f"files://{lake}") as engine:
        assert engine.tables() == ["customers", "events", "regions"]
        assert [c.name for c in engine.columns("customers")] == ["id", "region"]
        assert (
            engine.run(guard_sql("SELECT count(*) AS n FROM events", allowed_tables=["events"], row_cap=5)).frame.n[0]
            == 10
        )
        assert engine.info() == {}


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_csv('{lake}/passwd.csv')",
        "SELECT * FROM read_csv('{lake}/leak.csv')",
        "SELECT * FROM read_text('{lake}/notes.txt')",
        "SELECT * FROM '{lake}/../secret.csv'",
        "SELECT * FROM glob('{lake}/*')",
        "COPY customers TO '{lake}/out.csv'",
        "SET enable_external_access = true",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH '{lake}/x.duckdb'",
    ],
)
def test_folder_engine_reads_nothing_but_its_tables_even_without_the_guard(lake: Path, sql: str) -> None:
    with connect(lake) as engine:
        with pytest.raises(WarehouseError):
            engine.run(_raw(sql.format(lake=lake)))
        assert engine.run(_raw("SELECT count(*) FROM customers")).frame.iloc[0, 0] == 10
    assert not (lake / "out.csv").exists() and not (lake / "x.duckdb").exists()


def test_folder_engine_through_the_guard_refuses_file_reads(lake: Path) -> None:
    with pytest.raises(GuardRefusal, match="Table function 'read_csv'"):
        guard_sql("SELECT * FROM read_csv('/etc/passwd')", allowed_tables=["customers"], row_cap=5)


def test_empty_or_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match=r"no \*.parquet or \*.csv"):
        connect(f"files://{tmp_path}")
    with pytest.raises(WarehouseError, match="No data folder"):
        connect(f"files://{tmp_path}/missing")


def test_two_sources_with_one_name_are_an_error(tmp_path: Path) -> None:
    duckdb.sql("SELECT 1 AS a").write_csv(str(tmp_path / "t.csv"))
    duckdb.sql("SELECT 1 AS a").write_parquet(str(tmp_path / "t.parquet"))
    with pytest.raises(WarehouseError, match="would both be table 't'"):
        connect(tmp_path)


# ---- PostgreSQL --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres(demo_postgres_url: str) -> Iterator[Engine]:
    with connect(demo_postgres_url, Limits(timeout_s=2.0)) as engine:
        yield engine


def test_postgres_reports_dialect_catalog_and_info(postgres: Engine) -> None:
    assert postgres.dialect == "postgres"
    assert set(DEMO_TABLES) <= set(postgres.tables())
    assert "eval_ticket_themes" not in postgres.tables()  # the reader role sees only what it was granted
    assert ("ordered_at", "timestamp without time zone") in {(c.name, c.type) for c in postgres.columns("orders")}
    assert postgres.info()["as_of"] == "2026-11-22"


def test_postgres_row_cap_sets_truncated(postgres: Engine) -> None:
    result = postgres.run(guard_sql("SELECT customer_id FROM customers", allowed_tables=DEMO_TABLES, row_cap=7,
                                    dialect="postgres"))  # fmt: skip
    assert len(result.frame) == 7 and result.truncated


@pytest.mark.parametrize(("rows", "row_cap", "kept", "truncated"), [(8, 100, 8, False), (9, 100, 9, False),
                                                                    (12, 8, 8, True), (8, 8, 8, False)])  # fmt: skip
def test_postgres_pages_bring_every_row_up_to_the_cap(
    postgres: Engine, monkeypatch: pytest.MonkeyPatch, rows: int, row_cap: int, kept: int, truncated: bool
) -> None:
    import assistant.engines.postgres as postgres_module

    monkeypatch.setattr(postgres_module, "PAGE_ROWS", 4)  # pages end exactly at, and short of, the row count
    sql = f"SELECT customer_id FROM customers ORDER BY customer_id LIMIT {rows}"
    result = postgres.run(guard_sql(sql, allowed_tables=DEMO_TABLES, row_cap=row_cap, dialect="postgres"))
    expected = postgres.run(guard_sql(sql, allowed_tables=DEMO_TABLES, row_cap=1000, dialect="postgres"))
    assert (len(result.frame), result.truncated) == (kept, truncated)
    assert list(result.frame.customer_id) == list(expected.frame.customer_id)[:kept]


def test_postgres_query_past_the_deadline_is_cancelled_and_the_engine_recovers(postgres: Engine) -> None:
    slow = guard_sql("SELECT count(*) AS n FROM orders a CROSS JOIN orders b", allowed_tables=DEMO_TABLES,
                     row_cap=1, dialect="postgres")  # fmt: skip
    started = time.perf_counter()
    with pytest.raises(QueryTimeout, match="2 s limit"):
        postgres.run(slow)
    assert time.perf_counter() - started < 6
    ok = guard_sql("SELECT count(*) AS n FROM customers", allowed_tables=DEMO_TABLES, row_cap=1, dialect="postgres")
    assert postgres.run(ok).frame.n[0] == 20_000


def test_postgres_cancel_stops_a_running_query(demo_postgres_url: str) -> None:
    import threading

    with connect(demo_postgres_url, Limits(timeout_s=60)) as engine:
        threading.Timer(0.5, engine.cancel).start()
        started = time.perf_counter()
        with pytest.raises(QueryTimeout):
            engine.run(_raw("SELECT count(*) FROM orders a CROSS JOIN orders b", "postgres"))
        assert time.perf_counter() - started < 10


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM customers",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT * FROM pg_ls_dir('.')",
        "SELECT lo_import('/etc/passwd')",
        "SELECT * FROM eval_ticket_themes",
        "COPY customers TO STDOUT",
        "CREATE TABLE x (a int)",
    ],
)
def test_postgres_session_refuses_writes_and_files_even_without_the_guard(postgres: Engine, sql: str) -> None:
    """Defence in depth: the read-only transaction and the least-privilege role hold if the guard did not."""
    with pytest.raises(WarehouseError):
        postgres.run(_raw(sql, "postgres"))
    assert postgres.run(_raw("SELECT 1 AS one", "postgres")).frame.one[0] == 1


def test_engine_runs_only_sql_checked_for_its_dialect(postgres: Engine) -> None:
    with pytest.raises(WarehouseError, match="checked for duckdb"):
        postgres.run(guard_sql("SELECT 1", allowed_tables=DEMO_TABLES, row_cap=1))


def test_schema_parameter_sets_the_search_path(postgres_admin_url: str, demo_warehouse_path: Path) -> None:
    from assistant.demo_data.export import export_postgres
    from tests.pg_server import create_database

    url = create_database(postgres_admin_url, f"chatbi_schema_{os.getpid()}")
    export_postgres(demo_warehouse_path, url.replace("?", "?schema=analytics&", 1))
    with connect(url.replace("?", "?schema=analytics&", 1)) as engine:
        assert "customers" in engine.tables()
        guarded = guard_sql("SELECT count(*) AS n FROM analytics.customers", allowed_tables=["analytics.customers"],
                            row_cap=1, dialect="postgres")  # fmt: skip
        assert engine.run(guarded).frame.n[0] == 20_000


# ---- Spark local -------------------------------------------------------------------------------------------


@SPARK
def test_spark_reports_dialect_catalog_and_info(demo_spark: Engine) -> None:
    assert demo_spark.dialect == "spark"
    assert set(DEMO_TABLES) <= set(demo_spark.tables())
    assert ("amount", "decimal(12,2)") in {(c.name, c.type) for c in demo_spark.columns("orders")}
    assert demo_spark.info()["as_of"] == "2026-11-22"


@SPARK
def test_spark_row_cap_sets_truncated(demo_spark: Engine) -> None:
    guarded = guard_sql("SELECT customer_id FROM customers", allowed_tables=DEMO_TABLES, row_cap=7, dialect="spark")
    result = demo_spark.run(guarded)
    assert len(result.frame) == 7 and result.truncated


@SPARK
def test_spark_query_past_the_deadline_is_cancelled_and_the_session_recovers(
    demo_spark: Engine, demo_parquet_dir: Path
) -> None:
    slow = guard_sql("SELECT count(*) AS n FROM orders a CROSS JOIN orders b CROSS JOIN orders c",
                     allowed_tables=DEMO_TABLES, row_cap=1, dialect="spark")  # fmt: skip
    with connect(f"spark-local://{demo_parquet_dir}", Limits(timeout_s=3.0)) as short:
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match="3 s limit"):
            short.run(slow)
        assert time.perf_counter() - started < 30
    ok = guard_sql("SELECT count(*) AS n FROM customers", allowed_tables=DEMO_TABLES, row_cap=1, dialect="spark")
    assert demo_spark.run(ok).frame.n[0] == 20_000


@SPARK
@pytest.mark.parametrize("sql", ["SELECT * FROM parquet.`/etc`", "SELECT * FROM csv.`/etc/passwd`"])
def test_spark_local_cannot_read_paths_even_without_the_guard(demo_spark: Engine, sql: str) -> None:
    with pytest.raises(WarehouseError):
        demo_spark.run(_raw(sql, "spark"))


def test_driver_rows_with_two_columns_named_alike_become_a_frame() -> None:
    from decimal import Decimal

    from assistant.engines.base import frame_from_rows

    frame = frame_from_rows([(Decimal("1.50"), "a", Decimal("2"))], ["n", "name", "n"])
    assert list(frame.columns) == ["n", "name", "n"]
    assert frame.iloc[0].tolist() == [1.5, "a", 2.0]
