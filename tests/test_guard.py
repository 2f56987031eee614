"""The SQL guard: hostile statements are refused with a reason that names the problem; analytics pass."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from assistant.errors import GuardRefusal
from assistant.guard import (
    ALLOWED_ANONYMOUS_FUNCTIONS,
    ALLOWED_FUNCTIONS,
    CAPPED_ALIAS,
    DIALECT_FUNCTIONS,
    GuardedSQL,
    guard_sql,
)

ALLOWED = ("customers", "orders", "tickets", "surveys", "touches")
NOT_A_QUERY = "Only read-only queries"
ONE_STATEMENT = "Exactly one statement"
UNPARSABLE = "could not be parsed"


def _refusal(sql: str, allowed: tuple[str, ...] = ALLOWED) -> str:
    with pytest.raises(GuardRefusal) as caught:
        guard_sql(sql, allowed_tables=allowed, row_cap=100)
    return caught.value.reason


def _guard(sql: str) -> GuardedSQL:
    return guard_sql(sql, allowed_tables=ALLOWED, row_cap=100)


HOSTILE = [
    # more than one statement, including one hidden behind a comment
    ("SELECT 1; DROP TABLE customers", ONE_STATEMENT),
    ("SELECT * FROM customers; SELECT * FROM orders", ONE_STATEMENT),
    ("SELECT 1 -- harmless\n; DELETE FROM customers", ONE_STATEMENT),
    ("SELECT 1 /* ok */; ATTACH 'evil.db'", ONE_STATEMENT),
    # DDL and DML
    ("DROP TABLE customers", "DROP"),
    ("CREATE TABLE x AS SELECT * FROM customers", "CREATE"),
    ("CREATE TEMP TABLE t AS SELECT 1", "CREATE"),
    ("CREATE VIEW v AS SELECT 1", "CREATE"),
    ("CREATE MACRO m(a) AS a", "CREATE"),
    ("ALTER TABLE customers ADD COLUMN x INT", "ALTER"),
    ("INSERT INTO customers SELECT * FROM customers", "INSERT"),
    ("UPDATE customers SET tier = 'A'", "UPDATE"),
    ("DELETE FROM customers", "DELETE"),
    ("MERGE INTO customers USING orders ON true WHEN MATCHED THEN DELETE", "MERGE"),
    ("TRUNCATE customers", "TRUNCATE"),
    ("WITH x AS (DELETE FROM customers RETURNING *) SELECT * FROM x", "DELETE is not allowed"),
    # engine and session statements
    ("ATTACH 'evil.db' AS evil", "ATTACH"),
    ("DETACH demo", "DETACH"),
    ("COPY customers TO 'out.csv'", "COPY"),
    ("COPY customers FROM 'in.csv'", "COPY"),
    ("COPY (SELECT * FROM customers) TO '/tmp/out.parquet' (FORMAT parquet)", "COPY"),
    ("EXPORT DATABASE 'dump'", UNPARSABLE),
    ("IMPORT DATABASE 'dump'", UNPARSABLE),
    ("INSTALL httpfs", "INSTALL"),
    ("LOAD httpfs", "LOAD"),
    ("PRAGMA table_info('customers')", "PRAGMA"),
    ("SET memory_limit = '100GB'", "SET"),
    ("SET VARIABLE x = 1", "SET"),
    ("RESET memory_limit", "RESET"),
    ("CALL pragma_version()", "CALL"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("VACUUM", "VACUUM"),
    ("ANALYZE", "ANALYZE"),
    ("USE other", "USE"),
    ("BEGIN TRANSACTION", "TRANSACTION"),
    ("COMMIT", "COMMIT"),
    ("DESCRIBE customers", "DESCRIBE"),
    ("SUMMARIZE customers", "SUMMARIZE"),
    ("SHOW TABLES", "SHOW"),
    ("EXPLAIN SELECT 1", "EXPLAIN"),
    ("PIVOT customers ON region USING count(*)", "PIVOT"),
    ("VALUES (1)", "VALUES"),
    # table functions and file paths, in every spelling
    ("SELECT * FROM read_csv('/etc/passwd')", "Table function 'read_csv'"),
    ("SELECT * FROM read_csv_auto('x.csv') AS t", "Table function 'read_csv_auto'"),
    ("SELECT * FROM read_parquet('x.parquet')", "Table function 'read_parquet'"),
    ("SELECT * FROM read_json('x.json')", "Table function 'read_json'"),
    ("SELECT * FROM read_text('/etc/passwd')", "Table function 'read_text'"),
    ("SELECT * FROM read_blob('/etc/passwd')", "Table function 'read_blob'"),
    ("SELECT * FROM glob('/*')", "Table function 'glob'"),
    ("SELECT * FROM parquet_scan('x.parquet')", "Table function 'parquet_scan'"),
    ("SELECT * FROM sqlite_scan('x.db', 't')", "Table function 'sqlite_scan'"),
    ("SELECT * FROM range(10)", "Table function 'generate_series'"),
    ("SELECT * FROM generate_series(1, 10)", "Table function 'generate_series'"),
    ("SELECT * FROM query('SELECT * FROM eval_ticket_themes')", "Table function 'query'"),
    ("SELECT * FROM query_table('eval_ticket_themes')", "Table function 'query_table'"),
    ("SELECT * FROM customers JOIN glob('*') g ON true", "Table function 'glob'"),
    ("SELECT * FROM customers WHERE EXISTS (SELECT * FROM read_csv_auto('x'))", "read_csv_auto"),
    ("SELECT 1 UNION ALL SELECT * FROM query_table('customers')", "query_table"),
    ("SELECT read_text('/etc/passwd')", "Function 'read_text'"),
    ("SELECT * FROM 'file.csv'", "Table 'file.csv' is not available"),
    ('SELECT * FROM "/etc/passwd"', "Table '/etc/passwd' is not available"),
    ("SELECT * FROM 's3://bucket/x.parquet'", "s3://bucket/x.parquet"),
    ("SELECT * FROM 'https://example.com/x.csv'", "https://example.com/x.csv"),
    # catalogs, system functions and tables
    ("SELECT * FROM duckdb_tables()", "Table function 'duckdb_tables'"),
    ("SELECT * FROM duckdb_settings()", "Table function 'duckdb_settings'"),
    ("SELECT * FROM duckdb_tables", "Table 'duckdb_tables' is not available"),
    ("SELECT * FROM pragma_table_info('customers')", "Table function 'pragma_table_info'"),
    ("SELECT * FROM information_schema.tables", "Table 'information_schema.tables' is not available"),
    ("SELECT * FROM pg_catalog.pg_class", "Table 'pg_catalog.pg_class' is not available"),
    ("SELECT * FROM sqlite_master", "Table 'sqlite_master' is not available"),
    ("SELECT * FROM main.customers", "Table 'main.customers' is not available (write 'customers')"),
    ("SELECT * FROM demo.main.customers", "Table 'demo.main.customers' is not available (write 'customers')"),
    # evaluation tables, wherever they hide
    ("SELECT * FROM eval_ticket_themes", "Table 'eval_ticket_themes' is not available"),
    ('SELECT * FROM "EVAL_SURVEY_THEMES"', "Table 'EVAL_SURVEY_THEMES' is not available"),
    ("SELECT * FROM (SELECT * FROM eval_survey_themes) AS s", "eval_survey_themes"),
    ("WITH t AS (SELECT * FROM eval_ticket_themes) SELECT * FROM t", "eval_ticket_themes"),
    ("SELECT * FROM customers WHERE EXISTS (SELECT 1 FROM eval_ticket_themes)", "eval_ticket_themes"),
    ("SELECT ticket_id FROM tickets UNION SELECT ticket_id FROM eval_ticket_themes", "eval_ticket_themes"),
    (
        "SELECT * FROM tickets WHERE ticket_id IN (SELECT ticket_id FROM eval_ticket_themes)",
        "eval_ticket_themes",
    ),
    ("SELECT (SELECT count(*) FROM eval_survey_themes)", "eval_survey_themes"),
    ("SELECT * FROM tickets t JOIN eval_ticket_themes e USING (ticket_id)", "eval_ticket_themes"),
    # CTE names that shadow tables or look like system names, and CTE-scope escapes
    ("WITH customers AS (SELECT 1 AS x) SELECT * FROM customers", "CTE name 'customers' would shadow"),
    ('WITH "Orders" AS (SELECT 1 AS x) SELECT * FROM orders', "CTE name 'orders' would shadow"),
    ("WITH eval_x AS (SELECT 1) SELECT * FROM eval_x", "CTE name 'eval_x' is reserved"),
    ("WITH duckdb_x AS (SELECT 1) SELECT * FROM duckdb_x", "CTE name 'duckdb_x' is reserved"),
    ("WITH information_schema AS (SELECT 1) SELECT 1", "CTE name 'information_schema' is reserved"),
    ("SELECT * FROM (WITH secret AS (SELECT 1) SELECT * FROM secret) s JOIN secret ON true", "'secret'"),
    ("(WITH secret AS (SELECT 1 AS v) SELECT * FROM secret) UNION ALL SELECT * FROM secret", "'secret'"),
    ("WITH x AS (SELECT 1 AS v) SELECT * FROM x AS secret, secret", "Table 'secret' is not available"),
    ("WITH secret AS (SELECT * FROM secret) SELECT * FROM secret", "Table 'secret' is not available"),
    ("WITH a AS (SELECT 1), a AS (SELECT 2) SELECT * FROM a", "'a' is defined more than once"),
    ("WITH a AS (SELECT 1) WITH a AS (SELECT 2) SELECT * FROM a", "'a' is defined more than once"),
    # functions off the allow-list
    ("SELECT getvariable('x')", "Function 'getvariable'"),
    ("SELECT current_setting('memory_limit')", "Function 'current_setting'"),
    ("SELECT version()", "version"),
    ("SELECT nextval('seq')", "Function 'nextval'"),
    ("SELECT setseed(0.5)", "Function 'setseed'"),
    ("SELECT list_transform([1], x -> x + 1)", "Function 'transform'"),
    ("SELECT columns('.*') FROM customers", "Function 'columns'"),
    ("SELECT 'abc'.upper()", "Function 'upper'"),
    ("SELECT * FROM customers WHERE generate_series(1, 2) = [1, 2]", "only be used in the SELECT list"),
    # other query shapes the guard does not trust
    ("SELECT * INTO x FROM customers", "SELECT ... INTO"),
    ("WITH RECURSIVE t AS (SELECT 1) SELECT * FROM t", "WITH RECURSIVE"),
    ("SELECT * FROM customers WHERE customer_id = $1", "PLACEHOLDER"),
    ("SELECT * FROM customers WHERE customer_id = ?", "PLACEHOLDER"),
    ("SELECT $name", "PLACEHOLDER"),
    ("SELECT * FROM (VALUES (1)) v(x)", "found VALUES"),
    ("SELECT * FROM customers c, unnest([1, 2]) u", "found UNNEST"),
    ("SELECT * FROM customers, LATERAL (SELECT 1)", "found LATERAL"),
    ("SELECT * FROM customers PIVOT (count(*) FOR region IN ('North'))", "PIVOT"),
    ("SELECT * FROM customers AT (VERSION => 1)", "unsupported syntax"),
    ("SELECT * FROM (DESCRIBE customers)", "DESCRIBE"),
    ("SELECT * FROM customers FOR UPDATE", "FOR UPDATE"),
    # malformed, empty, binary and oversized input
    ("SELEC 1", UNPARSABLE),
    ("SELECT * FROM", UNPARSABLE),
    ("SELECT 'abc", UNPARSABLE),
    ("SELECT (1", UNPARSABLE),
    (")))", UNPARSABLE),
    (";", "no statement"),
    ("", "empty"),
    ("   \n\t  ", "empty"),
    ("SELECT 1\x00", "control or binary character (U+0000)"),
    ("\x00\x01\x02", "control or binary character"),
    ("SELECT 1 \x1b[2J", "control or binary character (U+001B)"),
    ("SELECT 1 FROM customers WHERE x = '" + "a" * 200_000 + "'", "the limit is 100,000"),
    ("SELECT " + "(" * 5000 + "1" + ")" * 5000, "nested too deeply"),
    ("SELECT * FROM " + "(SELECT * FROM " * 2000 + "customers" + ")" * 2000, "nested too deeply"),
]


@pytest.mark.parametrize(("sql", "expected"), HOSTILE, ids=[f"{i:03d}-{s[:40]}" for i, (s, _) in enumerate(HOSTILE)])
def test_hostile_statement_is_refused_with_a_reason(sql: str, expected: str) -> None:
    reason = _refusal(sql)
    assert expected in reason
    assert "\n" not in reason and reason.endswith(".")


VALID = [
    "SELECT * FROM customers",
    "SELECT * FROM CUSTOMERS",
    'SELECT * FROM "customers"',
    "FROM orders",
    "SELECT region, count(*) AS customers FROM customers GROUP BY region ORDER BY customers DESC",
    "SELECT c.region, sum(o.amount) AS revenue FROM customers AS c JOIN orders AS o "
    "ON o.customer_id = c.customer_id WHERE o.status = 'completed' GROUP BY c.region",
    "SELECT * FROM customers c LEFT JOIN orders o USING (customer_id) WHERE o.order_id IS NULL",
    "SELECT date_trunc('month', ordered_at) AS month, count(*) AS orders FROM orders GROUP BY 1 ORDER BY 1",
    "SELECT epoch(max(ordered_at)) - epoch(min(ordered_at)) AS span_s FROM orders",
    "SELECT date_diff('day', signup_date, churn_date) AS days FROM customers WHERE status = 'churned'",
    "SELECT count(*) FILTER (WHERE status = 'churned') / count(*) AS churn_rate FROM customers",
    "SELECT tier, CASE WHEN tier IN ('A', 'B') THEN 'high' ELSE 'low' END AS band FROM customers",
    "WITH recent AS (SELECT * FROM orders WHERE ordered_at >= DATE '2026-08-23') "
    "SELECT customer_id, count(*) AS n FROM recent GROUP BY customer_id HAVING count(*) >= 2",
    "WITH a AS (SELECT customer_id FROM customers), b AS (SELECT customer_id FROM a) SELECT count(*) FROM b",
    "SELECT * FROM customers c WHERE EXISTS "
    "(SELECT 1 FROM tickets t WHERE t.customer_id = c.customer_id AND t.is_complaint)",
    "SELECT * FROM customers WHERE customer_id IN (SELECT customer_id FROM orders WHERE amount > 1000)",
    "SELECT customer_id, amount, row_number() OVER (PARTITION BY customer_id ORDER BY ordered_at DESC) AS rn "
    "FROM orders QUALIFY rn = 1",
    "SELECT customer_id, lag(amount) OVER (ORDER BY ordered_at) AS prev, "
    "rank() OVER (ORDER BY amount DESC) AS r, dense_rank() OVER (ORDER BY amount) AS d FROM orders",
    "SELECT unnest(generate_series(DATE '2026-01-01', DATE '2026-12-01', INTERVAL 1 MONTH)) AS month",
    "SELECT unnest(generate_series(1, 10)) AS n",
    "SELECT customer_id FROM customers UNION ALL SELECT customer_id FROM orders",
    "SELECT customer_id FROM customers EXCEPT SELECT customer_id FROM orders",
    "SELECT customer_id FROM customers INTERSECT SELECT customer_id FROM orders",
    "SELECT greatest(amount, discount), least(amount, discount), round(avg(amount), 2) FROM orders GROUP BY ALL",
    "SELECT coalesce(churn_reason, 'none'), nullif(tier, 'D'), CAST(signup_date AS VARCHAR) FROM customers",
    "SELECT lower(region) || '-' || upper(city), length(name), substring(name, 1, 3), "
    "strpos(email, '@'), trim(phone), concat(region, city) FROM customers",
    "SELECT extract(year FROM signup_date) AS y, date_part('month', signup_date) AS m FROM customers",
    "SELECT median(amount), quantile_cont(amount, 0.9), stddev(amount), count(DISTINCT customer_id) FROM orders",
    "SELECT count_if(is_complaint), avg(EXTRACT(epoch FROM first_response_at - created_at) / 3600) FROM tickets",
    "SELECT 100 * (count(*) FILTER (WHERE nps_score >= 9) - count(*) FILTER (WHERE nps_score <= 6)) "
    "/ count(nps_score) AS nps FROM surveys",
    "SELECT * FROM customers WHERE signup_date >= current_date - INTERVAL 90 DAY",
    "SELECT * FROM orders ORDER BY amount DESC LIMIT 10 OFFSET 5",
    "SELECT * FROM (SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id) AS t WHERE total > 100",
    "SELECT * FROM (customers JOIN orders USING (customer_id))",
    "SELECT 1 /* a comment ; DROP TABLE customers */",
    "SELECT 1;",
]


@pytest.mark.parametrize("sql", VALID)
def test_valid_analytical_query_is_accepted(sql: str) -> None:
    guarded = _guard(sql)
    assert guarded.tables <= set(ALLOWED)
    assert guarded.row_cap == 100
    assert sqlglot.parse_one(guarded.sql, read="duckdb").args["limit"].expression.to_py() == 101


def test_tables_lists_the_base_tables_lower_case() -> None:
    guarded = _guard('WITH recent AS (SELECT * FROM ORDERS) SELECT * FROM recent JOIN "Customers" USING (customer_id)')
    assert guarded.tables == frozenset({"orders", "customers"})


def test_row_cap_wraps_the_query_even_when_it_has_its_own_limit() -> None:
    guarded = guard_sql("SELECT * FROM orders LIMIT 1000000", allowed_tables=ALLOWED, row_cap=50)
    outer = sqlglot.parse_one(guarded.sql, read="duckdb")
    assert isinstance(outer, exp.Select)
    assert outer.args["limit"].expression.to_py() == 51
    source = outer.args["from_"].this
    assert isinstance(source, exp.Subquery) and source.alias == CAPPED_ALIAS
    assert source.this.args["limit"].expression.to_py() == 1000000


def test_sql_is_re_rendered_from_the_ast() -> None:
    guarded = _guard("select   REGION ,COUNT( * ) n from customers -- tail comment\ngroup by region")
    assert guarded.query_sql == "SELECT\n  REGION,\n  COUNT(*) AS n\nFROM customers\nGROUP BY\n  region"
    assert guarded.sql == f"SELECT * FROM (\n{guarded.query_sql}\n) AS _capped LIMIT 101"


def test_comments_are_not_carried_into_the_sql_that_runs() -> None:
    guarded = _guard("SELECT 1 -- */ ; DROP TABLE customers")
    assert "DROP" not in guarded.sql and "--" not in guarded.sql and "/*" not in guarded.sql


def test_reserved_tables_stay_hidden_even_when_allowed() -> None:
    for name in (
        "eval_ticket_themes",
        "duckdb_settings",
        "information_schema",
        "sqlite_master",
        "pg_catalog",
    ):
        reason = _refusal(f"SELECT * FROM {name}", allowed=(*ALLOWED, name))
        assert f"'{name}' is not available" in reason


def test_refusal_lists_the_allowed_tables() -> None:
    assert _refusal("SELECT * FROM warehouse_info") == (
        "Table 'warehouse_info' is not available; allowed tables: customers, orders, surveys, tickets, touches."
    )


@pytest.mark.parametrize(
    ("sql", "expected_class"),
    [
        ("SELECT date_trunc('month', ordered_at) FROM orders", exp.TimestampTrunc),
        ("SELECT epoch(ordered_at) FROM orders", exp.TimeToUnix),
        ("SELECT date_diff('day', signup_date, churn_date) FROM customers", exp.DateDiff),
        ("SELECT unnest([1, 2])", exp.Explode),
        ("SELECT generate_series(1, 3)", exp.GenerateSeries),
        ("SELECT greatest(1, 2)", exp.Greatest),
        ("SELECT count(*) FILTER (WHERE amount > 1) FROM orders", exp.Count),
        ("SELECT count_if(amount > 1) FROM orders", exp.CountIf),
        ("SELECT quantile_cont(amount, 0.5) FROM orders", exp.PercentileCont),
        ("SELECT strpos(name, 'a') FROM customers", exp.StrPosition),
    ],
)
def test_allowed_functions_parse_as_expected_classes(sql: str, expected_class: type[exp.Expr]) -> None:
    """Pins how sqlglot reads DuckDB's spellings, so an upgrade that changes it fails here, not in use."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    assert tree.find(expected_class) is not None
    assert expected_class in ALLOWED_FUNCTIONS | DIALECT_FUNCTIONS["duckdb"]
    _guard(sql)


def test_allowed_anonymous_function_names_are_lower_case() -> None:
    assert all(name == name.lower() for names in ALLOWED_ANONYMOUS_FUNCTIONS.values() for name in names)


def test_row_cap_must_be_positive() -> None:
    with pytest.raises(ValueError, match="row_cap"):
        guard_sql("SELECT 1", allowed_tables=ALLOWED, row_cap=0)


def test_max_chars_is_configurable() -> None:
    with pytest.raises(GuardRefusal, match="limit is 10"):
        guard_sql("SELECT * FROM customers", allowed_tables=ALLOWED, row_cap=10, max_chars=10)


@pytest.mark.parametrize("sql", ["->", "SELECT ->", "::", "SELECT 1 ->> "])
def test_parser_failures_of_any_kind_are_refusals(sql: str) -> None:
    # The compiled parser (sqlglotc) raises TypeError on some garbage where pure sqlglot raises ParseError.
    with pytest.raises(GuardRefusal):
        guard_sql(sql, allowed_tables=ALLOWED, row_cap=10)
