"""The sandboxed warehouse: read-only, no external access even if the guard is bypassed, deadlines, caps."""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import assistant.engines.duckdb_file as warehouse_module
from assistant.engines import Engine, Limits, QueryResult
from assistant.engines.duckdb_file import DuckDBFile
from assistant.errors import GuardRefusal, QueryTimeout, WarehouseError
from assistant.guard import GuardedSQL, guard_sql

ALLOWED = ("customers", "orders")
CUSTOMERS = 300


def build_fixture_warehouse(path: Path) -> None:
    """A few hundred rows in the demo's shape, plus an evaluation table the guard must hide."""
    con = duckdb.connect(str(path))
    try:
        con.execute(
            f"""
            CREATE TABLE customers AS
            SELECT printf('C%07d', i) AS customer_id, 'Customer ' || i AS name,
                   ['North', 'South', 'East', 'West', 'Central'][i % 5 + 1] AS region,
                   ['A', 'B', 'C', 'D'][i % 4 + 1] AS tier,
                   CASE WHEN i % 7 = 0 THEN 'churned' ELSE 'active' END AS status,
                   DATE '2025-01-01' + CAST(i AS INTEGER) AS signup_date,
                   CASE WHEN i % 7 = 0 THEN DATE '2026-06-01' + CAST(i AS INTEGER) ELSE NULL END AS churn_date
            FROM range({CUSTOMERS}) t(i);
            CREATE TABLE orders AS
            SELECT printf('O%07d', i) AS order_id, printf('C%07d', i % {CUSTOMERS}) AS customer_id,
                   TIMESTAMP '2026-01-01 00:00:00' + i * INTERVAL 7 HOUR AS ordered_at,
                   ['app', 'web', 'store'][i % 3 + 1] AS channel,
                   CAST(10 + (i * 37) % 900 AS DECIMAL(12, 2)) AS amount,
                   CASE WHEN i % 10 = 0 THEN 'returned' ELSE 'completed' END AS status
            FROM range(600) t(i);
            CREATE TABLE eval_ticket_themes AS
            SELECT printf('T%07d', i) AS ticket_id, 'delivery_delay' AS theme FROM range(50) t(i);
            CREATE TABLE warehouse_info (key VARCHAR, value VARCHAR);
            INSERT INTO warehouse_info VALUES ('as_of', '2026-11-22'), ('seed', '7'), ('scale', 'fixture');
            """
        )
    finally:
        con.close()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fixture_warehouse") / "fixture.duckdb"
    build_fixture_warehouse(path)
    return path


@pytest.fixture(scope="module")
def warehouse(warehouse_path: Path) -> Iterator[Engine]:
    with DuckDBFile(warehouse_path, Limits(timeout_s=5.0)) as opened:
        yield opened


def _guarded(sql: str, row_cap: int = 1000) -> GuardedSQL:
    return guard_sql(sql, allowed_tables=ALLOWED, row_cap=row_cap)


def _unguarded(sql: str) -> GuardedSQL:
    """Bypass the guard on purpose: the engine's own sandbox must still hold."""
    return GuardedSQL(sql=sql, query_sql=sql, tables=frozenset(), row_cap=100)


def test_info_and_tables(warehouse: Engine) -> None:
    assert warehouse.info() == {"as_of": "2026-11-22", "seed": "7", "scale": "fixture"}
    assert warehouse.tables() == ["customers", "eval_ticket_themes", "orders", "warehouse_info"]


def test_info_is_empty_without_warehouse_info(tmp_path: Path) -> None:
    path = tmp_path / "bare.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE customers (customer_id VARCHAR)")
    con.close()
    with DuckDBFile(path) as bare:
        assert bare.info() == {}
        assert bare.tables() == ["customers"]


def test_run_returns_a_frame(warehouse: Engine) -> None:
    result = warehouse.run(_guarded("SELECT region, count(*) AS n FROM customers GROUP BY region ORDER BY region"))
    assert isinstance(result, QueryResult)
    assert list(result.frame.columns) == ["region", "n"]
    assert result.frame["n"].sum() == CUSTOMERS
    assert not result.truncated
    assert result.elapsed_ms > 0


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT date_trunc('month', ordered_at) AS month, sum(amount) AS revenue FROM orders GROUP BY 1",
        "SELECT epoch(max(ordered_at)) - epoch(min(ordered_at)) AS span_s FROM orders",
        "SELECT date_diff('day', signup_date, churn_date) AS days FROM customers WHERE status = 'churned'",
        "SELECT count(*) FILTER (WHERE status = 'churned') / count(*) AS churn_rate FROM customers",
        "SELECT unnest(generate_series(DATE '2026-01-01', DATE '2026-12-01', INTERVAL 1 MONTH)) AS month",
        "SELECT customer_id, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at DESC) AS rn "
        "FROM orders QUALIFY rn = 1",
        "SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)",
        "SELECT customer_id FROM customers UNION ALL SELECT customer_id FROM orders",
        "WITH big AS (SELECT * FROM orders WHERE amount > 500) SELECT tier, count(*) FROM big "
        "JOIN customers USING (customer_id) GROUP BY tier",
        'SELECT * FROM "CUSTOMERS" JOIN orders USING (customer_id)',
        "SELECT date_part('month', signup_date) AS m, median(amount), quantile_cont(amount, 0.9) "
        "FROM customers JOIN orders USING (customer_id) GROUP BY ALL",
    ],
)
def test_guard_output_runs_on_duckdb(warehouse: Engine, sql: str) -> None:
    """The re-rendered SQL means the same thing to DuckDB 2.0 as the original."""
    assert len(warehouse.run(_guarded(sql)).frame) > 0


def test_truncation_flag(warehouse: Engine) -> None:
    capped = warehouse.run(_guarded("SELECT * FROM orders ORDER BY order_id", row_cap=25))
    assert capped.truncated
    assert len(capped.frame) == 25
    assert capped.frame["order_id"].iloc[-1] == "O0000024"
    exact = warehouse.run(_guarded("SELECT * FROM orders LIMIT 25", row_cap=25))
    assert not exact.truncated and len(exact.frame) == 25
    empty = warehouse.run(_guarded("SELECT * FROM orders WHERE false", row_cap=25))
    assert not empty.truncated and empty.frame.empty and "order_id" in empty.frame.columns


def test_uncapped_sql_is_still_fetched_only_to_the_cap(warehouse: Engine) -> None:
    result = warehouse.run(GuardedSQL(sql="SELECT * FROM range(100000)", query_sql="", tables=frozenset(), row_cap=10))
    assert result.truncated and len(result.frame) == 10


def test_run_accepts_only_guarded_sql(warehouse: Engine) -> None:
    with pytest.raises(TypeError, match="GuardedSQL"):
        warehouse.run("SELECT 1")  # type: ignore[arg-type]


def test_writes_fail_in_the_engine(warehouse: Engine) -> None:
    for sql in (
        "CREATE TABLE x AS SELECT 1",
        "INSERT INTO customers (customer_id) VALUES ('x')",
        "DROP TABLE orders",
    ):
        with pytest.raises(WarehouseError, match="read-only"):
            warehouse.run(_unguarded(sql))


@pytest.mark.parametrize(
    ("sql", "cause"),
    [
        ("SELECT * FROM read_csv('/etc/passwd')", duckdb.PermissionException),
        ("SELECT * FROM read_text('/etc/hostname')", duckdb.PermissionException),
        ("SELECT * FROM glob('/*')", duckdb.PermissionException),
        ("ATTACH '{dir}/attached.duckdb' AS evil", duckdb.PermissionException),
        ("COPY customers TO '{dir}/leak.csv'", duckdb.PermissionException),
        (
            "COPY (SELECT * FROM customers) TO '{dir}/leak.parquet' (FORMAT parquet)",
            duckdb.PermissionException,
        ),
        ("EXPORT DATABASE '{dir}/export'", duckdb.PermissionException),
        ("INSTALL httpfs", duckdb.PermissionException),
        ("LOAD httpfs", duckdb.PermissionException),
        ("SET memory_limit = '100GB'", duckdb.InvalidInputException),
        ("SET enable_external_access = true", duckdb.InvalidInputException),
        ("RESET lock_configuration", duckdb.InvalidInputException),
        ("SET lock_configuration = false", duckdb.InvalidInputException),
    ],
)
def test_sandbox_holds_when_the_guard_is_bypassed(
    warehouse: Engine, warehouse_path: Path, sql: str, cause: type[duckdb.Error]
) -> None:
    directory = warehouse_path.parent
    before = set(directory.iterdir())
    with pytest.raises(WarehouseError) as caught:
        warehouse.run(_unguarded(sql.format(dir=directory)))
    assert isinstance(caught.value.__cause__, cause)
    assert set(directory.iterdir()) == before


def test_replacement_scans_are_off(warehouse: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    secret_frame = pd.DataFrame({"x": [1, 2, 3]})
    # Control: an unsandboxed connection finds a DataFrame by its variable name in the calling frame.
    assert len(duckdb.connect().execute("SELECT * FROM secret_frame").fetchall()) == 3
    # The sandboxed execute() runs in Engine.run, whose frame sees the module's globals.
    monkeypatch.setattr(warehouse_module, "secret_frame", secret_frame, raising=False)
    with pytest.raises(WarehouseError, match="secret_frame does not exist"):
        warehouse.run(_unguarded("SELECT * FROM secret_frame"))


RUNAWAY = (
    "WITH a AS (SELECT unnest(generate_series(1, 100000)) AS x), "
    "b AS (SELECT unnest(generate_series(1, 100000)) AS y) "
    "SELECT count(*) FROM a, b WHERE (x * y) % 7 = 3"
)


def test_timeout_interrupts_and_the_connection_stays_usable(warehouse_path: Path) -> None:
    with DuckDBFile(warehouse_path, Limits(timeout_s=0.5)) as short:
        started = time.perf_counter()
        with pytest.raises(QueryTimeout, match=r"longer than the 0\.5 s limit"):
            short.run(_guarded(RUNAWAY))
        assert time.perf_counter() - started < 1.5
        after = short.run(_guarded("SELECT count(*) AS n FROM customers"))
        assert after.frame["n"].iloc[0] == CUSTOMERS


def test_a_timeout_only_stops_its_own_query(warehouse_path: Path) -> None:
    outcome: list[BaseException] = []

    def runaway(short: Engine) -> None:
        try:
            short.run(_guarded(RUNAWAY))
        except QueryTimeout as timeout:
            outcome.append(timeout)

    with DuckDBFile(warehouse_path, Limits(timeout_s=0.5)) as short:
        thread = threading.Thread(target=runaway, args=(short,))
        thread.start()
        deadline = time.perf_counter() + 1.0
        quick_runs = 0
        while time.perf_counter() < deadline:
            assert _orders_above(short, 0) == 600
            quick_runs += 1
        thread.join()
    assert len(outcome) == 1 and quick_runs > 10


def test_one_watchdog_thread_serves_every_query_and_survives_timeouts(warehouse_path: Path) -> None:
    with DuckDBFile(warehouse_path, Limits(timeout_s=0.5)) as short:
        short.watchdog = type(short.watchdog)(name="chatbi-watchdog-under-test")
        for _ in range(30):
            assert _orders_above(short, 0) == 600
        for _ in range(2):  # the same thread stops a second runaway after the first
            with pytest.raises(QueryTimeout):
                short.run(_guarded(RUNAWAY))
        names = [thread.name for thread in threading.enumerate()]
        assert names.count("chatbi-watchdog-under-test") == 1


def _orders_above(warehouse: Engine, amount: int) -> int:
    result = warehouse.run(_guarded(f"SELECT count(*) AS n FROM orders WHERE amount > {amount}"))
    return int(result.frame["n"].iloc[0])


def test_concurrent_runs_from_four_threads(warehouse: Engine) -> None:
    expected = {worker: _orders_above(warehouse, worker * 100) for worker in range(4)}
    assert len(set(expected.values())) == 4
    start = threading.Barrier(4)
    results: dict[int, list[int]] = {}
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        start.wait()
        try:
            results[worker] = [_orders_above(warehouse, worker * 100) for _ in range(10)]
        except BaseException as error:  # a thread's exception would otherwise be lost
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results == {worker: [count] * 10 for worker, count in expected.items()}


def test_engine_errors_carry_the_first_line_and_the_cause(warehouse: Engine) -> None:
    with pytest.raises(WarehouseError) as caught:
        warehouse.run(_guarded("SELECT no_such_column FROM customers"))
    assert "no_such_column" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value.__cause__, duckdb.BinderException)


HUNGRY = "SELECT string_agg(a.order_id || b.order_id, ',') FROM orders AS a, orders AS b"


def test_out_of_memory_gets_its_own_message(warehouse_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "small.duckdb"
    path.write_bytes(warehouse_path.read_bytes())
    with DuckDBFile(path, Limits(memory_limit="20MB", threads=1)) as small:
        with pytest.raises(WarehouseError, match="20MB memory limit") as caught:
            small.run(_guarded(HUNGRY))
        assert isinstance(caught.value.__cause__, duckdb.OutOfMemoryException)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.duckdb"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="No warehouse file"):
        DuckDBFile(tmp_path / "missing.duckdb")
    assert list(tmp_path.iterdir()) == []


def test_directory_is_not_a_warehouse(tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="No warehouse file"):
        DuckDBFile(tmp_path)


@pytest.mark.parametrize("content", [b"", b"PAR1 this is not a database" * 200])
def test_non_duckdb_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "not.duckdb"
    path.write_bytes(content)
    with pytest.raises(WarehouseError, match="not a DuckDB database file"):
        DuckDBFile(path)


def test_file_locked_by_a_writer(warehouse_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    path.write_bytes(warehouse_path.read_bytes())
    holder = "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    writer = subprocess.Popen(
        [sys.executable, "-c", holder, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseError, match="locked by another process"):
            DuckDBFile(path)
    finally:
        writer.communicate(input="", timeout=10)


def test_closed_warehouse_refuses_to_run(warehouse_path: Path) -> None:
    opened = DuckDBFile(warehouse_path)
    opened.close()
    opened.close()
    with pytest.raises(WarehouseError, match="closed"):
        opened.run(_guarded("SELECT 1"))


HOSTILE_SAMPLE = [
    "DROP TABLE customers",
    "SELECT 1; DROP TABLE customers",
    "DELETE FROM orders",
    "CREATE TABLE leak AS SELECT * FROM customers",
    "COPY customers TO 'leak.csv'",
    "ATTACH 'other.duckdb' AS other",
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM eval_ticket_themes",
    "CHECKPOINT",
    "SELECT * INTO leak FROM customers",
]


def test_refused_statements_leave_the_file_untouched(warehouse_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "untouched.duckdb"
    path.write_bytes(warehouse_path.read_bytes())
    digest = _sha256(path)
    with DuckDBFile(path) as opened:
        for sql in HOSTILE_SAMPLE:
            try:
                opened.run(_guarded(sql))
            except (GuardRefusal, WarehouseError):
                pass
            else:
                pytest.fail(f"not refused: {sql}")
            with contextlib.suppress(WarehouseError):
                opened.run(_unguarded(sql))
        opened.run(_guarded("SELECT count(*) FROM customers"))
    assert _sha256(path) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["untouched.duckdb"]
