"""One guard policy, per-dialect function lists: PostgreSQL's and Spark's escape hatches are refused, the
analytics SQL the compiler writes for them passes, and tables declared as `schema.table` are accepted."""

from __future__ import annotations

import pytest

from assistant.errors import GuardRefusal
from assistant.guard import guard_sql
from tests.test_guard import HOSTILE

ALLOWED = ("customers", "orders", "tickets", "surveys", "touches")

POSTGRES_HOSTILE = [
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT pg_read_binary_file('/etc/passwd')",
    "SELECT * FROM pg_ls_dir('.')",
    "SELECT pg_ls_dir('.')",
    "SELECT pg_stat_file('postgresql.conf')",
    "SELECT lo_import('/etc/passwd')",
    "SELECT lo_export(16384, '/tmp/x')",
    "SELECT lo_get(16384)",
    "SELECT * FROM dblink('host=evil', 'SELECT 1') AS t(a int)",
    "SELECT dblink_exec('host=evil', 'DROP TABLE x')",
    "COPY customers TO STDOUT",
    "COPY customers FROM PROGRAM 'id'",
    "COPY (SELECT * FROM customers) TO '/tmp/x.csv'",
    "SELECT pg_sleep(100)",
    "SELECT count(*) FROM customers WHERE pg_sleep(1) IS NULL",
    "SELECT current_setting('data_directory')",
    "SELECT set_config('statement_timeout', '0', false)",
    "SET statement_timeout = 0",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    "RESET ALL",
    "SHOW ALL",
    "SELECT * FROM pg_catalog.pg_user",
    "SELECT * FROM pg_shadow",
    "SELECT * FROM pg_roles",
    "SELECT * FROM information_schema.tables",
    "SELECT * FROM information_schema.columns WHERE table_name = 'customers'",
    "SELECT * FROM public.eval_ticket_themes",
    "SELECT * FROM eval_ticket_themes",
    "SELECT * FROM generate_series(1, 1000000000)",
    "SELECT generate_series(1, 1000000000)",
    "SELECT * FROM ONLY customers",
    "SELECT * FROM customers TABLESAMPLE SYSTEM (1)",
    "SELECT * FROM customers FOR UPDATE",
    "SELECT * FROM customers FOR SHARE",
    "SELECT query_to_xml('SELECT * FROM eval_ticket_themes', true, true, '')",
    "SELECT txid_current()",
    "SELECT pg_terminate_backend(1)",
    "SELECT pg_cancel_backend(1)",
    "SELECT pg_advisory_lock(1)",
    "SELECT version()",
    "SELECT current_user",
    "SELECT inet_server_addr()",
    "SELECT * INTO new_table FROM customers",
    "CREATE TABLE x AS SELECT * FROM customers",
    "CREATE FUNCTION f() RETURNS int AS 'SELECT 1' LANGUAGE sql",
    "DO $$ BEGIN PERFORM 1; END $$",
    "LISTEN x",
    "NOTIFY x",
    "PREPARE p AS SELECT 1",
    "EXECUTE p",
    "DEALLOCATE ALL",
    "LOCK TABLE customers",
    "VACUUM customers",
    "CALL p()",
    "ALTER SYSTEM SET fsync = off",
    "GRANT SELECT ON customers TO PUBLIC",
    "BEGIN; DELETE FROM customers; COMMIT",
    "WITH d AS (DELETE FROM customers RETURNING *) SELECT * FROM d",
    "SELECT * FROM customers; SELECT pg_sleep(10)",
    "SELECT * FROM customers WHERE customer_id = $1",
]

SPARK_HOSTILE = [
    "SELECT reflect('java.lang.Runtime', 'getRuntime')",
    "SELECT java_method('java.lang.System', 'getenv', 'HOME')",
    "SELECT input_file_name() FROM customers",
    "SELECT * FROM read_files('/etc')",
    "SELECT * FROM parquet.`/etc/secrets`",
    "SELECT * FROM csv.`/etc/passwd`",
    "SELECT * FROM text.`/etc/passwd`",
    "SELECT * FROM json.`file:///etc/passwd`",
    "SELECT * FROM range(100000000000)",
    "SELECT explode(sequence(1, 100000000))",
    "SELECT * FROM customers TABLESAMPLE (10 PERCENT)",
    "SELECT assert_true(false)",
    "SELECT raise_error('x')",
    "SET spark.sql.ansi.enabled = false",
    "ADD JAR '/tmp/evil.jar'",
    "CREATE TEMPORARY FUNCTION f AS 'evil.Udf'",
    "CACHE TABLE customers",
    "REFRESH TABLE customers",
    "INSERT OVERWRITE DIRECTORY '/tmp/x' SELECT * FROM customers",
    "SHOW TABLES",
    "DESCRIBE customers",
    "SELECT * FROM global_temp.customers",
    "SELECT * FROM spark_catalog.default.eval_ticket_themes",
    "SELECT * FROM customers; DROP TABLE customers",
]


@pytest.mark.parametrize("sql", POSTGRES_HOSTILE)
def test_postgres_escape_hatches_are_refused(sql: str) -> None:
    with pytest.raises(GuardRefusal):
        guard_sql(sql, allowed_tables=ALLOWED, row_cap=10, dialect="postgres")


@pytest.mark.parametrize("sql", SPARK_HOSTILE)
def test_spark_escape_hatches_are_refused(sql: str) -> None:
    with pytest.raises(GuardRefusal):
        guard_sql(sql, allowed_tables=ALLOWED, row_cap=10, dialect="spark")


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
@pytest.mark.parametrize(("sql", "expected"), HOSTILE, ids=[f"{i:03d}" for i in range(len(HOSTILE))])
def test_the_duckdb_hostile_suite_is_refused_in_every_dialect(sql: str, expected: str, dialect: str) -> None:
    with pytest.raises(GuardRefusal):
        guard_sql(sql, allowed_tables=ALLOWED, row_cap=10, dialect=dialect)


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        ("SELECT pg_read_file('/etc/passwd')", "Function 'pg_read_file' reaches outside the data"),
        ("SELECT current_setting('data_directory')", "Function 'current_setting' reaches outside the data"),
        ("SELECT * FROM pg_catalog.pg_user", "Table 'pg_catalog.pg_user' is not available"),
    ],
)
def test_postgres_refusals_name_the_problem(sql: str, reason: str) -> None:
    with pytest.raises(GuardRefusal) as caught:
        guard_sql(sql, allowed_tables=ALLOWED, row_cap=10, dialect="postgres")
    assert reason in caught.value.reason


@pytest.mark.parametrize("dialect", ["duckdb", "postgres", "spark"])
def test_declared_schema_qualified_tables_are_accepted(dialect: str) -> None:
    allowed = ["analytics.customers", "orders"]
    guarded = guard_sql(
        "SELECT c.region, count(*) AS n FROM analytics.customers AS c JOIN orders AS o ON o.customer_id = c.customer_id"
        " GROUP BY c.region",
        allowed_tables=allowed,
        row_cap=10,
        dialect=dialect,
    )
    assert guarded.tables == frozenset({"analytics.customers", "orders"})
    for other in ("SELECT * FROM customers", "SELECT * FROM other.customers", "SELECT * FROM x.analytics.customers"):
        with pytest.raises(GuardRefusal, match="is not available"):
            guard_sql(other, allowed_tables=allowed, row_cap=10, dialect=dialect)


def test_unknown_dialect_is_refused() -> None:
    with pytest.raises(GuardRefusal, match="No SQL policy for the dialect 'mysql'"):
        guard_sql("SELECT 1", allowed_tables=ALLOWED, row_cap=10, dialect="mysql")


@pytest.mark.parametrize("dialect", ["postgres", "spark"])
def test_analytics_pass_in_every_dialect(dialect: str) -> None:
    sql = (
        "SELECT date_trunc('month', ordered_at) AS month, count(*) AS n, sum(amount) AS revenue "
        "FROM orders WHERE ordered_at >= CAST('2026-01-01' AS DATE) GROUP BY 1 ORDER BY 1"
    )
    assert guard_sql(sql, allowed_tables=ALLOWED, row_cap=10, dialect=dialect).dialect == dialect


def test_spark_datediff_in_seconds_survives_the_guard_unchanged() -> None:
    sql = "SELECT AVG(DATEDIFF(SECOND, t.created_at, t.resolved_at) / 3600.0) AS h FROM tickets AS t"
    guarded = guard_sql(sql, allowed_tables=ALLOWED, row_cap=10, dialect="spark")
    assert "DATEDIFF(SECOND, t.created_at, t.resolved_at)" in guarded.sql
