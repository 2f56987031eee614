"""The demo warehouse: schema, value domains, consistency invariants, planted skew, texts, builds."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.demo_data import BuildReport, build_demo_warehouse, texts_en, texts_zh, vocab, writer
from assistant.demo_data.domain import THEMES
from assistant.demo_data.texts import text_bank
from assistant.errors import DemoBuildError

AS_OF = date(2026, 11, 22)
AS_OF_SQL = "DATE '2026-11-22'"

SCHEMA: dict[str, list[tuple[str, str]]] = {
    "customers": [
        ("customer_id", "VARCHAR"), ("name", "VARCHAR"), ("email", "VARCHAR"), ("phone", "VARCHAR"),
        ("region", "VARCHAR"), ("city", "VARCHAR"), ("acquisition_channel", "VARCHAR"), ("tier", "VARCHAR"),
        ("is_member", "BOOLEAN"), ("app_bound", "BOOLEAN"), ("signup_date", "DATE"), ("status", "VARCHAR"),
        ("churn_date", "DATE"), ("churn_reason", "VARCHAR"),
    ],
    "orders": [
        ("order_id", "VARCHAR"), ("customer_id", "VARCHAR"), ("ordered_at", "TIMESTAMP"),
        ("channel", "VARCHAR"), ("category", "VARCHAR"), ("amount", "DECIMAL(12,2)"),
        ("discount", "DECIMAL(12,2)"), ("status", "VARCHAR"),
    ],
    "tickets": [
        ("ticket_id", "VARCHAR"), ("customer_id", "VARCHAR"), ("created_at", "TIMESTAMP"),
        ("channel", "VARCHAR"), ("category", "VARCHAR"), ("is_complaint", "BOOLEAN"), ("priority", "VARCHAR"),
        ("subject", "VARCHAR"), ("description", "VARCHAR"), ("language", "VARCHAR"),
        ("first_response_at", "TIMESTAMP"), ("resolved_at", "TIMESTAMP"), ("status", "VARCHAR"),
    ],
    "surveys": [
        ("response_id", "VARCHAR"), ("customer_id", "VARCHAR"), ("responded_at", "TIMESTAMP"),
        ("touchpoint", "VARCHAR"), ("nps_score", "INTEGER"), ("csat_score", "INTEGER"),
        ("comment", "VARCHAR"), ("language", "VARCHAR"),
    ],
    "touches": [
        ("touch_id", "VARCHAR"), ("customer_id", "VARCHAR"), ("sent_at", "TIMESTAMP"), ("channel", "VARCHAR"),
        ("campaign", "VARCHAR"), ("delivered", "BOOLEAN"), ("opened", "BOOLEAN"), ("converted", "BOOLEAN"),
    ],
    "warehouse_info": [("key", "VARCHAR"), ("value", "VARCHAR")],
    "eval_ticket_themes": [("ticket_id", "VARCHAR"), ("theme", "VARCHAR")],
    "eval_survey_themes": [("response_id", "VARCHAR"), ("theme", "VARCHAR")],
}  # fmt: skip

DOMAINS: list[tuple[str, str, set[str]]] = [
    ("customers", "region", {"North", "South", "East", "West", "Central"}),
    ("customers", "acquisition_channel", {"app", "web", "store", "partner"}),
    ("customers", "tier", {"A", "B", "C", "D"}),
    ("customers", "status", {"active", "churned"}),
    ("customers", "churn_reason", {"price", "product_quality", "delivery", "service", "competitor", "other"}),
    ("orders", "channel", {"app", "web", "store"}),
    ("orders", "category", {"electronics", "apparel", "home", "beauty", "grocery"}),
    ("orders", "status", {"completed", "returned", "cancelled"}),
    ("tickets", "channel", {"phone", "chat", "email", "app"}),
    ("tickets", "category", {"delivery", "product", "service", "billing", "app", "other"}),
    ("tickets", "priority", {"low", "medium", "high"}),
    ("tickets", "language", {"en", "zh"}),
    ("tickets", "status", {"open", "resolved", "closed"}),
    ("surveys", "touchpoint", {"purchase", "delivery", "after_sales", "app"}),
    ("surveys", "language", {"en", "zh"}),
    ("touches", "channel", {"sms", "app_push", "email"}),
    ("touches", "campaign", {"winback", "promotion", "care"}),
    ("eval_ticket_themes", "theme", set(THEMES)),
    ("eval_survey_themes", "theme", set(THEMES)),
]

CHURN_THEMES = ("slow_support_response", "unhelpful_support", "refund_return_hassle", "price_too_high")
# The window an event must fall in: after signing up, before churning (or before the as-of day).
WINDOW_END = f"coalesce(c.churn_date, {AS_OF_SQL})"


@pytest.fixture(scope="module")
def con(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Plain DuckDB over a copy: a process may not open one file with two configurations, and a test of the
    same worker may already hold the session's file through the sandboxed engine."""
    copy = tmp_path_factory.mktemp("demo_data") / "demo.duckdb"
    shutil.copy(demo_warehouse_path, copy)
    connection = duckdb.connect(str(copy), read_only=True)
    yield connection
    connection.close()


def one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    row = con.execute(sql).fetchone()
    assert row is not None
    return row[0]


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


# --- schema ---------------------------------------------------------------------------------------


def test_tables_and_columns_match_the_design(con: duckdb.DuckDBPyConnection) -> None:
    tables = {r[0] for r in rows(con, "SELECT table_name FROM information_schema.tables")}
    assert tables == set(SCHEMA)
    for table, columns in SCHEMA.items():
        described = rows(
            con,
            "SELECT column_name, data_type FROM information_schema.columns "
            f"WHERE table_name = '{table}' ORDER BY ordinal_position",
        )
        assert described == columns, table


def test_file_holds_no_helper_objects(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM duckdb_views() WHERE NOT internal") == 0
    assert one(con, "SELECT count(*) FROM duckdb_functions() WHERE NOT internal AND schema_name = 'main'") == 0


def test_warehouse_info(con: duckdb.DuckDBPyConnection) -> None:
    info = dict(rows(con, "SELECT key, value FROM warehouse_info"))
    assert info["as_of"] == "2026-11-22"
    assert info["seed"] == "7"
    assert info["scale"] == "small"
    assert info["currency"] == "CNY"
    assert info["generator_version"]


def test_row_counts_fit_the_small_scale(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM customers") == 20_000
    assert 200_000 <= one(con, "SELECT count(*) FROM orders") <= 300_000
    assert one(con, "SELECT count(*) FROM tickets") > 10_000
    assert one(con, "SELECT count(*) FROM surveys") > 10_000
    assert one(con, "SELECT count(*) FROM touches") > 20_000


@pytest.mark.parametrize(
    ("table", "column", "pattern"),
    [
        ("customers", "customer_id", r"^C\d{7}$"),
        ("orders", "order_id", r"^O\d{8}$"),
        ("tickets", "ticket_id", r"^T\d{8}$"),
        ("surveys", "response_id", r"^S\d{8}$"),
        ("touches", "touch_id", r"^M\d{8}$"),
    ],
)
def test_ids_are_formatted_and_unique(con: duckdb.DuckDBPyConnection, table: str, column: str, pattern: str) -> None:
    total, distinct, bad = rows(
        con,
        f"SELECT count(*), count(DISTINCT {column}), "
        f"count(*) FILTER (WHERE NOT regexp_matches({column}, '{pattern}')) FROM {table}",
    )[0]
    assert distinct == total
    assert bad == 0


@pytest.mark.parametrize("table", ["orders", "tickets", "surveys", "touches"])
def test_every_row_belongs_to_a_customer(con: duckdb.DuckDBPyConnection, table: str) -> None:
    orphans = f"SELECT count(*) FROM {table} t ANTI JOIN customers c ON c.customer_id = t.customer_id"
    assert one(con, orphans) == 0


@pytest.mark.parametrize(("table", "column", "allowed"), DOMAINS)
def test_value_domains(con: duckdb.DuckDBPyConnection, table: str, column: str, allowed: set[str]) -> None:
    values = {r[0] for r in rows(con, f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")}
    assert values == allowed


# --- customers ------------------------------------------------------------------------------------


def test_cities_are_plausible_per_region(con: duckdb.DuckDBPyConnection) -> None:
    assert (
        one(
            con,
            "SELECT count(*) FROM (SELECT city FROM customers GROUP BY city HAVING count(DISTINCT region) > 1)",
        )
        == 0
    )
    per_region = dict(rows(con, "SELECT region, count(DISTINCT city) FROM customers GROUP BY region"))
    assert min(per_region.values()) >= 4
    assert one(con, "SELECT region FROM customers WHERE city = 'Shanghai' LIMIT 1") == "East"
    assert one(con, "SELECT region FROM customers WHERE city = 'Chengdu' LIMIT 1") == "West"


def test_names_emails_and_phones_look_like_personal_data(con: duckdb.DuckDBPyConnection) -> None:
    hanzi = one(
        con,
        "SELECT avg(CASE WHEN regexp_matches(name, '^[\\x{4e00}-\\x{9fff}]{2,4}$') THEN 1 ELSE 0 END) FROM customers",
    )
    english = one(
        con,
        "SELECT avg(CASE WHEN regexp_matches(name, '^[A-Z][a-z]+ [A-Z][a-z]+$') THEN 1 ELSE 0 END) FROM customers",
    )
    assert 0.35 <= hanzi <= 0.65
    assert hanzi + english == pytest.approx(1.0)
    assert (
        one(
            con,
            "SELECT count(*) FROM customers WHERE NOT regexp_matches(email, '^[a-z0-9._]+@[a-z0-9]+\\.com$')",
        )
        == 0
    )
    assert one(con, "SELECT count(*) FROM customers WHERE NOT regexp_matches(phone, '^1[3-9][0-9]{9}$')") == 0
    assert one(con, "SELECT count(DISTINCT phone) FROM customers") > 19_900


def test_signups_span_five_years_before_as_of(con: duckdb.DuckDBPyConnection) -> None:
    first, last = rows(con, "SELECT min(signup_date), max(signup_date) FROM customers")[0]
    assert last < AS_OF
    assert (AS_OF - first).days <= 5 * 365 + 2
    assert (last - first).days > 4.5 * 365


def test_churn_fields_are_set_exactly_when_churned(con: duckdb.DuckDBPyConnection) -> None:
    inconsistent = """
        SELECT count(*) FROM customers
        WHERE (status = 'churned') <> (churn_date IS NOT NULL)
           OR (status = 'churned') <> (churn_reason IS NOT NULL)
    """
    assert one(con, inconsistent) == 0
    assert one(con, f"SELECT count(*) FROM customers WHERE churn_date <= signup_date OR churn_date > {AS_OF_SQL}") == 0
    assert 0.25 <= one(con, "SELECT avg(CASE WHEN status = 'churned' THEN 1 ELSE 0 END) FROM customers") <= 0.30
    recent = one(con, f"SELECT count(*) FROM customers WHERE churn_date > {AS_OF_SQL} - INTERVAL 3 MONTH")
    assert recent >= 400


TIER_CHECK = f"""
    WITH spend AS (
        SELECT c.customer_id, c.tier, coalesce(sum(o.amount) FILTER (
            WHERE o.status = 'completed' AND o.ordered_at >= {WINDOW_END} - INTERVAL 12 MONTH
                AND o.ordered_at < {WINDOW_END}), 0) AS spend
        FROM customers c LEFT JOIN orders o ON o.customer_id = c.customer_id
        GROUP BY c.customer_id, c.tier)
    SELECT count(*) FILTER (WHERE tier <> CASE WHEN spend >= 100000 THEN 'A' WHEN spend >= 30000 THEN 'B'
        WHEN spend >= 10000 THEN 'C' ELSE 'D' END), count(*) FROM spend
"""


def test_tier_follows_the_crm_rule_exactly(con: duckdb.DuckDBPyConnection) -> None:
    wrong, total = rows(con, TIER_CHECK)[0]
    assert total == 20_000
    assert wrong == 0


def test_tier_split_is_plausible(con: duckdb.DuckDBPyConnection) -> None:
    share = dict(rows(con, "SELECT tier, count(*) / 20000 FROM customers GROUP BY tier"))
    assert 0.03 <= share["A"] <= 0.08
    assert 0.10 <= share["B"] <= 0.20
    assert 0.20 <= share["C"] <= 0.30
    assert 0.42 <= share["D"] <= 0.67


def test_membership_and_app_binding_follow_spend_and_channel(con: duckdb.DuckDBPyConnection) -> None:
    member_rate = dict(
        rows(con, "SELECT tier, avg(CASE WHEN is_member THEN 1 ELSE 0 END) FROM customers GROUP BY tier")
    )
    assert member_rate["A"] > member_rate["D"] + 0.2
    bound = dict(
        rows(
            con,
            "SELECT acquisition_channel, avg(CASE WHEN app_bound THEN 1 ELSE 0 END) FROM customers GROUP BY 1",
        )
    )
    assert bound["app"] > 0.85
    assert bound["store"] < 0.5


def test_churn_reason_matches_the_dominant_complaint(con: duckdb.DuckDBPyConnection) -> None:
    top = dict(
        rows(
            con,
            """
            SELECT churn_reason, arg_max(theme, n) FROM (
                SELECT c.churn_reason, e.theme, count(*) AS n
                FROM customers c JOIN tickets t USING (customer_id)
                JOIN eval_ticket_themes e USING (ticket_id)
                WHERE c.status = 'churned' GROUP BY ALL)
            GROUP BY churn_reason
            """,
        )
    )
    assert top["price"] == "price_too_high"
    assert top["service"] in {"slow_support_response", "unhelpful_support", "refund_return_hassle"}
    assert top["delivery"] == "delivery_delay"
    assert top["product_quality"] == "damaged_or_defective"


# --- orders ---------------------------------------------------------------------------------------


def test_orders_fall_inside_the_active_window(con: duckdb.DuckDBPyConnection) -> None:
    outside = f"""
        SELECT count(*) FROM orders o JOIN customers c USING (customer_id)
        WHERE o.ordered_at <= c.signup_date OR o.ordered_at >= {WINDOW_END}
    """
    assert one(con, outside) == 0


def test_amounts_and_discounts_are_plausible(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM orders WHERE amount <= 0 OR discount < 0 OR discount > amount") == 0
    assert 0.2 <= one(con, "SELECT avg(CASE WHEN discount > 0 THEN 1 ELSE 0 END) FROM orders") <= 0.6
    medians = dict(rows(con, "SELECT category, median(amount) FROM orders GROUP BY category"))
    assert medians["electronics"] > medians["home"] > medians["apparel"] > medians["grocery"]
    assert medians["beauty"] > medians["grocery"]
    assert medians["electronics"] >= 3000
    assert medians["grocery"] < 1000


def test_order_status_mix(con: duckdb.DuckDBPyConnection) -> None:
    share = dict(rows(con, "SELECT status, count(*) / (SELECT count(*) FROM orders) FROM orders GROUP BY status"))
    assert 0.85 <= share["completed"] <= 0.90
    assert share["returned"] > 0.02
    assert share["cancelled"] > 0.02


def test_order_counts_vary_between_customers(con: duckdb.DuckDBPyConnection) -> None:
    one_time, repeat, most = rows(
        con,
        """
        SELECT avg(CASE WHEN n = 1 THEN 1 ELSE 0 END), avg(CASE WHEN n >= 5 THEN 1 ELSE 0 END), max(n)
        FROM (SELECT c.customer_id, count(o.order_id) AS n
              FROM customers c LEFT JOIN orders o USING (customer_id) GROUP BY c.customer_id)
        """,
    )[0]
    assert one_time >= 0.05
    assert repeat >= 0.4
    assert most >= 50


def test_churned_customers_order_less_before_leaving(con: duckdb.DuckDBPyConnection) -> None:
    last_quarter, year_before = rows(
        con,
        """
        SELECT count(*) FILTER (WHERE o.ordered_at >= c.churn_date - INTERVAL 90 DAY),
               count(*) FILTER (WHERE o.ordered_at >= c.churn_date - INTERVAL 455 DAY
                                  AND o.ordered_at < c.churn_date - INTERVAL 365 DAY)
        FROM orders o JOIN customers c USING (customer_id)
        WHERE c.status = 'churned' AND c.churn_date - c.signup_date > 500
        """,
    )[0]
    assert last_quarter < 0.8 * year_before


# --- tickets --------------------------------------------------------------------------------------


def test_tickets_fall_inside_the_active_window(con: duckdb.DuckDBPyConnection) -> None:
    outside = f"""
        SELECT count(*) FROM tickets t JOIN customers c USING (customer_id)
        WHERE t.created_at <= c.signup_date OR t.created_at >= {WINDOW_END}
    """
    assert one(con, outside) == 0


def test_ticket_timestamps_are_ordered(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM tickets WHERE first_response_at <= created_at") == 0
    assert one(con, "SELECT count(*) FROM tickets WHERE resolved_at < first_response_at") == 0
    assert one(con, "SELECT count(*) FROM tickets WHERE resolved_at <= created_at") == 0
    assert one(con, "SELECT count(*) FROM tickets WHERE (resolved_at IS NULL) <> (status = 'open')") == 0
    latest = "SELECT max(greatest(created_at, first_response_at, resolved_at)) FROM tickets"
    assert one(con, latest).date() < AS_OF
    unanswered = one(con, "SELECT avg(CASE WHEN first_response_at IS NULL THEN 1 ELSE 0 END) FROM tickets")
    assert 0.03 <= unanswered <= 0.08


def test_complaints_and_languages(con: duckdb.DuckDBPyConnection) -> None:
    assert 0.55 <= one(con, "SELECT avg(CASE WHEN is_complaint THEN 1 ELSE 0 END) FROM tickets") <= 0.70
    assert 0.4 <= one(con, "SELECT avg(CASE WHEN language = 'zh' THEN 1 ELSE 0 END) FROM tickets") <= 0.6
    mixed = """
        SELECT count(*) FROM (
            SELECT customer_id FROM (SELECT customer_id, language FROM tickets
                                     UNION ALL SELECT customer_id, language FROM surveys)
            GROUP BY customer_id HAVING count(DISTINCT language) > 1)
    """
    assert one(con, mixed) == 0


def test_ticket_category_follows_the_theme_with_some_noise(con: duckdb.DuckDBPyConnection) -> None:
    matching = one(
        con,
        """
        SELECT avg(CASE WHEN t.category = CASE e.theme
            WHEN 'delivery_delay' THEN 'delivery' WHEN 'damaged_or_defective' THEN 'product'
            WHEN 'slow_support_response' THEN 'service' WHEN 'unhelpful_support' THEN 'service'
            WHEN 'refund_return_hassle' THEN 'billing' WHEN 'app_website_problems' THEN 'app'
            WHEN 'payment_failure' THEN 'billing' WHEN 'billing_error' THEN 'billing' ELSE 'other' END
            THEN 1 ELSE 0 END)
        FROM tickets t JOIN eval_ticket_themes e USING (ticket_id)
        """,
    )
    assert 0.85 <= matching <= 0.95


def test_customers_who_churn_wait_longer_for_answers(con: duckdb.DuckDBPyConnection) -> None:
    stats = {
        status: (within_3h, hours)
        for status, within_3h, hours in rows(
            con,
            """
            SELECT c.status,
                avg(CASE WHEN t.first_response_at <= t.created_at + INTERVAL 3 HOUR THEN 1 ELSE 0 END),
                avg(epoch(t.first_response_at - t.created_at) / 3600)
            FROM tickets t JOIN customers c USING (customer_id) GROUP BY c.status
            """,
        )
    }
    assert stats["active"][0] > stats["churned"][0] + 0.05
    assert stats["churned"][1] > 1.5 * stats["active"][1]
    fastest, slowest = rows(
        con,
        "SELECT min(epoch(first_response_at - created_at)), max(epoch(first_response_at - created_at)) FROM tickets",
    )[0]
    assert fastest < 120
    assert slowest > 3 * 86_400


def test_eval_themes_cover_exactly_the_complaints(con: duckdb.DuckDBPyConnection) -> None:
    complaints = {r[0] for r in rows(con, "SELECT ticket_id FROM tickets WHERE is_complaint")}
    labelled = [r[0] for r in rows(con, "SELECT ticket_id FROM eval_ticket_themes")]
    assert len(labelled) == len(set(labelled))
    assert set(labelled) == complaints


def theme_shares(con: duckdb.DuckDBPyConnection, where: str) -> dict[str, float]:
    return dict(
        rows(
            con,
            f"""
            SELECT e.theme, count(*) / sum(count(*)) OVER ()
            FROM eval_ticket_themes e JOIN tickets t USING (ticket_id) JOIN customers c USING (customer_id)
            WHERE {where} GROUP BY e.theme
            """,
        )
    )


def test_churned_customers_complain_about_support_refunds_and_price(con: duckdb.DuckDBPyConnection) -> None:
    churned = theme_shares(con, "c.status = 'churned'")
    assert sum(churned[t] for t in CHURN_THEMES) >= 0.60
    recent = theme_shares(con, f"c.churn_date > {AS_OF_SQL} - INTERVAL 3 MONTH")
    assert max(recent, key=lambda t: recent[t]) in CHURN_THEMES
    assert sum(recent[t] for t in CHURN_THEMES) >= 0.55


def test_active_customers_complain_about_delivery_and_the_app(con: duckdb.DuckDBPyConnection) -> None:
    active = theme_shares(con, "c.status = 'active'")
    assert active["delivery_delay"] + active["app_website_problems"] >= 0.45
    assert max(active, key=lambda t: active[t]) == "delivery_delay"


def test_churned_customers_complain_more_before_leaving(con: duckdb.DuckDBPyConnection) -> None:
    rates = dict(
        rows(
            con,
            f"""
            WITH exposure AS (
                SELECT status, sum(({WINDOW_END} - signup_date) / 365.25) AS years
                FROM customers c GROUP BY status),
            complaints AS (
                SELECT c.status, count(*) AS n
                FROM tickets t JOIN customers c USING (customer_id) WHERE t.is_complaint GROUP BY c.status)
            SELECT status, n / years FROM exposure JOIN complaints USING (status)
            """,
        )
    )
    assert rates["churned"] > 1.5 * rates["active"]
    before_churn = one(
        con,
        """
        SELECT avg(CASE WHEN t.created_at >= c.churn_date - INTERVAL 90 DAY THEN 1 ELSE 0 END)
        FROM tickets t JOIN customers c USING (customer_id)
        WHERE t.is_complaint AND c.status = 'churned' AND c.churn_date - c.signup_date > 730
        """,
    )
    assert before_churn > 0.3  # 90 days are far less than 30% of a two-year stay


# --- texts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", [texts_en, texts_zh])
def test_every_theme_has_enough_templates(module: Any) -> None:
    for theme in THEMES:
        assert len(set(module.COMPLAINTS[theme])) >= 8, theme
        assert len(module.SUBJECTS[theme]) >= 4
        assert len(module.SURVEY_NEGATIVE[theme]) >= 4


def test_texts_are_filled_and_varied(con: duckdb.DuckDBPyConnection) -> None:
    leftovers = "SELECT count(*) FROM tickets WHERE regexp_matches(description || subject, '\\{[a-z_]+\\}')"
    assert one(con, leftovers) == 0
    assert one(con, "SELECT count(*) FROM surveys WHERE regexp_matches(comment, '\\{[a-z_]+\\}')") == 0
    distinct, total, shortest, longest = rows(
        con,
        "SELECT count(DISTINCT description), count(*), min(length(description)), max(length(description)) "
        "FROM tickets WHERE is_complaint",
    )[0]
    assert distinct / total > 0.6
    assert shortest < 30
    assert longest > 200


def test_text_language_matches_the_language_column(con: duckdb.DuckDBPyConnection) -> None:
    cjk = "regexp_matches(description, '[\\x{4e00}-\\x{9fff}]')"
    zh_without, en_with = rows(
        con,
        f"SELECT count(*) FILTER (WHERE language = 'zh' AND NOT {cjk}), "
        f"count(*) FILTER (WHERE language = 'en' AND {cjk} AND description NOT LIKE '%忽略%') FROM tickets",
    )[0]
    assert zh_without == 0
    assert en_with == 0


def test_some_texts_carry_personal_data(con: duckdb.DuckDBPyConnection) -> None:
    share = one(
        con,
        "SELECT avg(CASE WHEN regexp_matches(description, '[a-z0-9._]+@[a-z0-9]+\\.com|1[3-9][0-9]{9}') "
        "THEN 1 ELSE 0 END) FROM tickets",
    )
    assert 0.01 <= share <= 0.08
    # The contact details quoted are the customer's own.
    mismatched = """
        SELECT count(*) FROM tickets t JOIN customers c USING (customer_id)
        WHERE regexp_matches(t.description, '1[3-9][0-9]{9}')
          AND regexp_extract(t.description, '1[3-9][0-9]{9}') <> c.phone
    """
    assert one(con, mismatched) == 0


def test_a_few_texts_are_hostile_but_keep_their_theme(con: duckdb.DuckDBPyConnection) -> None:
    hostile = """
        (description LIKE '%<script>%' OR description LIKE '%onerror=%' OR description LIKE '%evil.example%'
         OR description LIKE '%Ignore previous instructions%' OR description LIKE '%忽略之前的所有指令%'
         OR description LIKE '%DROP TABLE%' OR description LIKE '%developer mode%')
    """
    count = one(con, f"SELECT count(*) FROM tickets WHERE {hostile}")
    assert 10 <= count <= 0.01 * one(con, "SELECT count(*) FROM tickets")
    unlabelled = f"""
        SELECT count(*) FROM tickets t LEFT JOIN eval_ticket_themes e USING (ticket_id)
        WHERE t.is_complaint AND {hostile} AND e.theme IS NULL
    """
    assert one(con, unlabelled) == 0


WORD = re.compile(r"(?<![a-z0-9])[a-z]+(?![a-z0-9])")  # skips ids and sizes such as O00012345, 65W


def test_some_english_texts_have_typos(con: duckdb.DuckDBPyConnection) -> None:
    vocabulary: set[str] = set()
    for text in text_bank().text:
        vocabulary.update(WORD.findall(text.lower()))
    vocabulary.update(
        word for (value,) in rows(con, "SELECT DISTINCT name FROM customers") for word in WORD.findall(value.lower())
    )
    vocabulary.update(WORD.findall(" ".join(_slot_words()).lower()))
    descriptions = [
        r[0] for r in rows(con, "SELECT description FROM tickets WHERE language = 'en' AND description NOT LIKE '%@%'")
    ]
    misspelled = sum(1 for d in descriptions if set(WORD.findall(d.lower())) - vocabulary)
    assert 0.04 <= misspelled / len(descriptions) <= 0.16


def _slot_words() -> list[str]:
    return [c[1] for c in vocab.CITIES] + [c[0] for c in vocab.COURIERS] + [p[0] for cat in vocab.PRODUCTS for p in cat]


def test_some_complaints_mention_a_second_theme(con: duckdb.DuckDBPyConnection) -> None:
    prefixes = {s.split("{")[0] for theme in THEMES for s in texts_zh.SECONDARY[theme] if len(s.split("{")[0]) >= 4}
    condition = " OR ".join(f"contains(description, '{p}')" for p in sorted(prefixes))
    share = one(
        con,
        f"SELECT avg(CASE WHEN {condition} THEN 1 ELSE 0 END) FROM tickets WHERE is_complaint AND language = 'zh'",
    )
    assert 0.08 <= share <= 0.20


# --- surveys and touches --------------------------------------------------------------------------


def test_surveys_are_consistent(con: duckdb.DuckDBPyConnection) -> None:
    outside = f"""
        SELECT count(*) FROM surveys s JOIN customers c USING (customer_id)
        WHERE s.responded_at <= c.signup_date OR s.responded_at >= {WINDOW_END}
    """
    assert one(con, outside) == 0
    bad_scores = "SELECT count(*) FROM surveys WHERE nps_score NOT BETWEEN 0 AND 10 OR csat_score NOT BETWEEN 1 AND 10"
    assert one(con, bad_scores) == 0
    assert 0.10 <= one(con, "SELECT avg(CASE WHEN nps_score IS NULL THEN 1 ELSE 0 END) FROM surveys") <= 0.20
    assert 0.5 <= one(con, "SELECT avg(CASE WHEN comment IS NULL THEN 1 ELSE 0 END) FROM surveys") <= 0.95
    nps = dict(
        rows(
            con,
            "SELECT c.status, avg(nps_score) FROM surveys JOIN customers c USING (customer_id) GROUP BY 1",
        )
    )
    assert nps["churned"] < nps["active"] - 1


def test_survey_themes_label_negative_comments_only(con: duckdb.DuckDBPyConnection) -> None:
    unlabelled = """
        SELECT count(*) FROM eval_survey_themes e JOIN surveys s USING (response_id)
        WHERE s.comment IS NULL OR NOT (coalesce(s.nps_score, 10) <= 6 OR coalesce(s.csat_score, 10) <= 5)
    """
    assert one(con, unlabelled) == 0
    labelled = one(con, "SELECT count(*) FROM eval_survey_themes")
    commented = one(con, "SELECT count(*) FROM surveys WHERE comment IS NOT NULL")
    assert 0.2 * commented < labelled < commented
    assert one(con, "SELECT count(*) - count(DISTINCT response_id) FROM eval_survey_themes") == 0


def test_touches_are_consistent(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "SELECT count(*) FROM touches WHERE (opened OR converted) AND NOT delivered") == 0
    assert one(con, f"SELECT count(*) FROM touches WHERE sent_at >= {AS_OF_SQL}") == 0
    pushes_without_app = """
        SELECT count(*) FROM touches t JOIN customers c USING (customer_id)
        WHERE t.channel = 'app_push' AND NOT c.app_bound
    """
    assert one(con, pushes_without_app) == 0
    after_churn = one(
        con,
        """
        SELECT avg(CASE WHEN c.status = 'churned' AND t.sent_at >= c.churn_date THEN 1 ELSE 0 END)
        FROM touches t JOIN customers c USING (customer_id) WHERE t.campaign = 'winback'
        """,
    )
    assert after_churn >= 0.7
    rates = rows(con, "SELECT avg(delivered::INT), avg(opened::INT), avg(converted::INT) FROM touches")[0]
    assert rates[0] > 0.8 and 0.05 < rates[1] < 0.4 and 0 < rates[2] < 0.1


# --- building -------------------------------------------------------------------------------------


def table_contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        return {table: connection.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in SCHEMA}


def test_same_seed_gives_the_same_file_contents(tmp_path: Path) -> None:
    first = build_demo_warehouse(tmp_path / "a" / "one.duckdb", seed=11, as_of=AS_OF, customers=400)
    second = build_demo_warehouse(tmp_path / "b" / "two.duckdb", seed=11, as_of=AS_OF, customers=400)
    other = build_demo_warehouse(tmp_path / "c" / "three.duckdb", seed=12, as_of=AS_OF, customers=400)
    assert isinstance(first, BuildReport)
    assert first.row_counts == second.row_counts
    assert first.row_counts["customers"] == 400
    assert table_contents(first.path) == table_contents(second.path)
    assert table_contents(first.path)["orders"] != table_contents(other.path)["orders"]


def test_report_describes_the_build(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "demo.duckdb"
    report = build_demo_warehouse(path, seed=3, as_of=date(2025, 1, 31), customers=200)
    assert report.path == path.absolute()
    assert (report.scale, report.seed, report.as_of) == ("small", 3, date(2025, 1, 31))
    assert report.seconds > 0
    with duckdb.connect(str(path), read_only=True) as connection:
        for table, count in report.row_counts.items():
            assert connection.execute(f"SELECT count(*) FROM {table}").fetchone() == (count,)
        assert connection.execute("SELECT value FROM warehouse_info WHERE key = 'as_of'").fetchone() == ("2025-01-31",)
    assert sorted(p.name for p in path.parent.iterdir()) == ["demo.duckdb"]


def test_rebuild_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "demo.duckdb"
    build_demo_warehouse(path, seed=1, as_of=AS_OF, customers=150)
    build_demo_warehouse(path, seed=2, as_of=AS_OF, customers=250)
    with duckdb.connect(str(path), read_only=True) as connection:
        assert connection.execute("SELECT count(*) FROM customers").fetchone() == (250,)


def test_failed_build_leaves_the_existing_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"previous warehouse")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "write_touches", disk_full)
    with pytest.raises(DemoBuildError, match="No space left"):
        build_demo_warehouse(path, as_of=AS_OF, customers=150)
    assert path.read_bytes() == b"previous warehouse"
    assert [p.name for p in tmp_path.iterdir()] == ["demo.duckdb"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale": "huge"}, "Unknown scale 'huge'. Choose one of: small, large"),
        ({"seed": -1}, "non-negative integer"),
        ({"seed": 1.5}, "non-negative integer"),
        ({"as_of": "2026-11-22"}, "as_of must be a date"),
        ({"customers": 5}, "customers must be an integer"),
    ],
)
def test_bad_arguments_raise_demo_build_error(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    arguments: dict[str, Any] = {"as_of": AS_OF, **kwargs}
    with pytest.raises(DemoBuildError, match=re.escape(message)):
        build_demo_warehouse(tmp_path / "demo.duckdb", **arguments)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_paths_raise_demo_build_error(tmp_path: Path) -> None:
    with pytest.raises(DemoBuildError, match="is a directory"):
        build_demo_warehouse(tmp_path, as_of=AS_OF, customers=150)
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(DemoBuildError, match="Cannot create the directory"):
        build_demo_warehouse(blocker / "demo.duckdb", as_of=AS_OF, customers=150)
