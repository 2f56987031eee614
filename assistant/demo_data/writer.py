"""Write the generated arrays into DuckDB: schema, labels, ids, assembled texts and the CRM tier.

Arrays reach DuckDB as registered data frames (codes as categoricals, NULLs as masked integers);
every string (ids, names, emails, texts) is assembled in SQL. Helpers live in TEMP macros and
tables, so the file holds exactly the warehouse tables.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import duckdb
import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.demo_data import domain, vocab
from assistant.demo_data.compose import TextSpec
from assistant.demo_data.orders import Orders
from assistant.demo_data.population import Customers
from assistant.demo_data.sampling import IntArray
from assistant.demo_data.sql import (
    CUSTOMERS_SQL,
    MACROS,
    ORDERS_SQL,
    PERSON_SQL,
    SCHEMA,
    SURVEYS_SQL,
    TEXTS_SQL,
    TICKETS_SQL,
    TIER_SQL,
    TOUCHES_SQL,
)
from assistant.demo_data.surveys import Surveys
from assistant.demo_data.texts import text_bank
from assistant.demo_data.tickets import Tickets
from assistant.demo_data.touches import Touches

TABLES = (
    "customers",
    "orders",
    "tickets",
    "surveys",
    "touches",
    "warehouse_info",
    "eval_ticket_themes",
    "eval_survey_themes",
)

Column: TypeAlias = "npt.NDArray[Any] | pd.Categorical[str] | pd.arrays.IntegerArray"


def _register(con: duckdb.DuckDBPyConnection, name: str, columns: Mapping[str, Column]) -> None:
    con.register(name, pd.DataFrame(dict(columns), copy=False))


def _labels(codes: IntArray, labels: Sequence[str]) -> pd.Categorical[str]:
    """Codes as a categorical (-1 becomes NULL), which DuckDB reads without copying strings."""
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(labels)))


def _nullable(values: IntArray) -> pd.arrays.IntegerArray:
    """Integers where -1 means NULL."""
    return pd.arrays.IntegerArray(values, values < 0)


def _strings(values: Sequence[str]) -> npt.NDArray[np.object_]:
    return np.array(values, dtype=object)


def _numbers(n: int) -> IntArray:
    """Ids 1..n in the (chronological) order of the rows."""
    return np.arange(1, n + 1, dtype=np.int64)


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """The warehouse tables, the helper macros, and the word lists the SQL joins against."""
    con.execute(SCHEMA)
    con.execute(MACROS)
    _register(
        con,
        "surnames",
        {
            "i": np.arange(len(vocab.SURNAMES)),
            "hanzi": _strings([s[0] for s in vocab.SURNAMES]),
            "pinyin": _strings([s[1] for s in vocab.SURNAMES]),
        },
    )
    _register(
        con,
        "given_names",
        {
            "i": np.arange(len(vocab.GIVEN_NAMES)),
            "hanzi": _strings([g[0] for g in vocab.GIVEN_NAMES]),
            "pinyin": _strings([g[1] for g in vocab.GIVEN_NAMES]),
        },
    )
    _register(con, "first_names", {"i": np.arange(len(vocab.FIRST_NAMES)), "name": _strings(vocab.FIRST_NAMES)})
    _register(con, "last_names", {"i": np.arange(len(vocab.LAST_NAMES)), "name": _strings(vocab.LAST_NAMES)})
    _register(
        con,
        "email_domains",
        {"i": np.arange(len(vocab.EMAIL_DOMAINS)), "domain": _strings([d[0] for d in vocab.EMAIL_DOMAINS])},
    )
    _bilingual(con, "city_names", [(c[1], c[2]) for c in vocab.CITIES])
    _bilingual(con, "couriers", list(vocab.COURIERS))
    _bilingual(con, "products", [p for category in vocab.PRODUCTS for p in category])
    bank = text_bank()
    _register(con, "bank", {"bank": bank.bank, "lang": bank.lang, "k": bank.k, "text": _strings(bank.text)})


def _bilingual(con: duckdb.DuckDBPyConnection, name: str, pairs: Sequence[tuple[str, str]]) -> None:
    """A (lang, i, name) table: lang 0 holds the English names, lang 1 the Chinese ones."""
    n = len(pairs)
    _register(
        con,
        name,
        {
            "lang": np.repeat([0, 1], n),
            "i": np.tile(np.arange(n), 2),
            "name": _strings([p[0] for p in pairs] + [p[1] for p in pairs]),
        },
    )


def write_orders(con: duckdb.DuckDBPyConnection, orders: Orders) -> None:
    """Orders in id (chronological) order."""
    by_number = np.argsort(orders.number, kind="stable")
    _register(
        con,
        "raw_orders",
        {
            "number": orders.number[by_number],
            "customer": orders.customer[by_number],
            "seconds": orders.seconds[by_number],
            "channel": _labels(orders.channel[by_number], domain.ORDER_CHANNELS),
            "category": _labels(orders.category[by_number], domain.ORDER_CATEGORIES),
            "status": _labels(orders.status[by_number], domain.ORDER_STATUSES),
            "amount_cents": orders.amount_cents[by_number],
            "discount_cents": orders.discount_cents[by_number],
        },
    )
    con.execute(ORDERS_SQL)
    con.unregister("raw_orders")


def write_customers(con: duckdb.DuckDBPyConnection, customers: Customers) -> None:
    """Customers, with the tier computed from the orders already written."""
    c = customers
    _register(
        con,
        "raw_customers",
        {
            "idx": np.arange(c.n, dtype=np.int64),
            "chinese_name": c.chinese_name,
            "surname": c.surname,
            "given": c.given,
            "first": c.first,
            "last": c.last,
            "email_style": c.email_style,
            "email_domain": c.email_domain,
            "email_number": c.email_number,
            "phone": c.phone,
            "region": _labels(c.region, domain.REGIONS),
            "city": c.city,
            "acquisition": _labels(c.acquisition, domain.ACQUISITION_CHANNELS),
            "is_member": c.is_member,
            "app_bound": c.app_bound,
            "signup_day": c.signup_day,
            "end_day": c.end_day,
            "status": _labels(c.churned.astype(np.int64), domain.CUSTOMER_STATUSES),
            "churn_day": _nullable(np.where(c.churned, c.end_day, -1)),
            "churn_reason": _labels(c.churn_reason, domain.CHURN_REASONS),
        },
    )
    con.execute(TIER_SQL)
    con.execute(PERSON_SQL)
    con.execute(CUSTOMERS_SQL)
    con.unregister("raw_customers")


def write_texts(con: duckdb.DuckDBPyConnection, specs: Sequence[TextSpec]) -> list[IntArray]:
    """Assemble every text of `specs` into the TEMP table text_out; returns each spec's text ids."""
    ids: list[IntArray] = []
    offset = 0
    for spec in specs:
        ids.append(np.arange(offset, offset + spec.n, dtype=np.int64))
        offset += spec.n

    def cat(get: Any) -> npt.NDArray[Any]:
        return np.concatenate([get(s) for s in specs])

    _register(
        con,
        "raw_texts",
        {
            "text_id": np.arange(offset, dtype=np.int64),
            "customer": cat(lambda s: s.customer),
            "lang": cat(lambda s: s.lang),
            "body_bank": cat(lambda s: s.body[0]),
            "body_k": cat(lambda s: s.body[1]),
            "secondary_bank": cat(lambda s: s.secondary[0]),
            "secondary_k": cat(lambda s: s.secondary[1]),
            "opener_bank": cat(lambda s: s.opener[0]),
            "opener_k": cat(lambda s: s.opener[1]),
            "closer_bank": cat(lambda s: s.closer[0]),
            "closer_k": cat(lambda s: s.closer[1]),
            "pii_bank": cat(lambda s: s.pii[0]),
            "pii_k": cat(lambda s: s.pii[1]),
            "hostile_bank": cat(lambda s: s.hostile[0]),
            "hostile_k": cat(lambda s: s.hostile[1]),
            "hostile_first": cat(lambda s: s.hostile_first),
            "typo1_kind": cat(lambda s: s.typo_kind[0]),
            "typo1_pos": cat(lambda s: s.typo_pos[0]),
            "typo2_kind": cat(lambda s: s.typo_kind[1]),
            "typo2_pos": cat(lambda s: s.typo_pos[1]),
            "product": cat(lambda s: s.slots.product),
            "gadget": cat(lambda s: s.slots.gadget),
            "garment": cat(lambda s: s.slots.garment),
            "liquid": cat(lambda s: s.slots.liquid),
            "order_number": cat(lambda s: s.slots.order_number),
            "days": cat(lambda s: s.slots.days),
            "hours": cat(lambda s: s.slots.hours),
            "amount_cents": cat(lambda s: s.slots.amount_cents),
            "fee_cents": cat(lambda s: s.slots.fee_cents),
            "count": cat(lambda s: s.slots.count),
            "pct": cat(lambda s: s.slots.pct),
            "coupon": cat(lambda s: s.slots.coupon),
            "courier": cat(lambda s: s.slots.courier),
            "city": cat(lambda s: s.slots.city),
        },
    )
    con.execute(TEXTS_SQL)
    con.unregister("raw_texts")
    return ids


def write_tickets(con: duckdb.DuckDBPyConnection, tickets: Tickets, description: IntArray, subject: IntArray) -> None:
    """Tickets and their planted themes; `description`/`subject` are text ids from write_texts."""
    t = tickets
    _register(
        con,
        "raw_tickets",
        {
            "number": _numbers(t.n),
            "customer": t.customer,
            "created": t.created,
            "channel": _labels(t.channel, domain.TICKET_CHANNELS),
            "category": _labels(t.category, domain.TICKET_CATEGORIES),
            "is_complaint": t.is_complaint,
            "priority": _labels(t.priority, domain.PRIORITIES),
            "language": _labels(t.language, domain.LANGUAGES),
            "first_response": _nullable(t.first_response),
            "resolved": _nullable(t.resolved),
            "status": _labels(t.status, domain.TICKET_STATUSES),
            "theme": _labels(t.theme, domain.THEMES),
            "description_text": description,
            "subject_text": subject,
        },
    )
    con.execute(TICKETS_SQL)
    con.unregister("raw_tickets")


def write_surveys(con: duckdb.DuckDBPyConnection, surveys: Surveys, comments: IntArray) -> None:
    """Survey responses; `comments` are the text ids of the responses that have a comment, in order."""
    v = surveys
    comment_text = np.full(v.n, -1, dtype=np.int64)
    comment_text[v.has_comment] = comments
    _register(
        con,
        "raw_surveys",
        {
            "number": _numbers(v.n),
            "customer": v.customer,
            "responded": v.responded,
            "touchpoint": _labels(v.touchpoint, domain.TOUCHPOINTS),
            "nps": _nullable(v.nps),
            "csat": _nullable(v.csat),
            "comment_text": comment_text,
            "language": _labels(v.language, domain.LANGUAGES),
            "theme": _labels(v.theme, domain.THEMES),
        },
    )
    con.execute(SURVEYS_SQL)
    con.unregister("raw_surveys")


def write_touches(con: duckdb.DuckDBPyConnection, touches: Touches) -> None:
    """Marketing touches in chronological order."""
    m = touches
    _register(
        con,
        "raw_touches",
        {
            "number": _numbers(m.n),
            "customer": m.customer,
            "sent": m.sent,
            "channel": _labels(m.channel, domain.TOUCH_CHANNELS),
            "campaign": _labels(m.campaign, domain.CAMPAIGNS),
            "delivered": m.delivered,
            "opened": m.opened,
            "converted": m.converted,
        },
    )
    con.execute(TOUCHES_SQL)
    con.unregister("raw_touches")


def write_info(con: duckdb.DuckDBPyConnection, info: Mapping[str, str]) -> None:
    """Key/value facts about the build (as-of date, seed, scale, ...)."""
    con.executemany("INSERT INTO warehouse_info VALUES (?, ?)", [[k, v] for k, v in info.items()])


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per warehouse table."""
    return {name: len(con.table(name)) for name in TABLES}
