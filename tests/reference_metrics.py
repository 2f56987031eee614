"""Independent pandas implementations of every metric in DESIGN.md §6, written from the definitions
(not from the YAML), to check what the compiler's SQL returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from assistant.engines import Engine
from assistant.guard import guard_sql

Frame = pd.DataFrame
Range = tuple[date, date] | None


@dataclass(frozen=True)
class Tables:
    customers: Frame
    orders: Frame
    tickets: Frame
    surveys: Frame
    touches: Frame
    as_of: date

    @staticmethod
    def load(warehouse: Engine, as_of: date) -> Tables:
        frames = {
            name: read_table(warehouse, name) for name in ("customers", "orders", "tickets", "surveys", "touches")
        }
        for frame in frames.values():
            for column in frame.columns:
                if (
                    frame[column].dtype == object
                    and frame[column].map(lambda v: v.__class__.__name__ == "Decimal").any()
                ):
                    frame[column] = frame[column].astype(float)
        for column in ("signup_date", "churn_date"):
            frames["customers"][column] = pd.to_datetime(frames["customers"][column])
        return Tables(**frames, as_of=as_of)


def read_table(warehouse: Engine, table: str) -> Frame:
    guarded = guard_sql(f"SELECT * FROM {table}", allowed_tables=[table], row_cap=50_000_000)
    return warehouse.run(guarded).frame


def in_range(column: pd.Series, period: Range) -> pd.Series:
    if period is None:
        return pd.Series(True, index=column.index)
    start, end = pd.Timestamp(period[0]), pd.Timestamp(period[1] + timedelta(days=1))
    return (column >= start) & (column < end)


def segment_customers(t: Tables, segment: str | None) -> pd.Series:
    """Boolean mask over customers."""
    c = t.customers
    if segment is None:
        return pd.Series(True, index=c.index)
    if segment == "churned_customers":
        return c.status == "churned"
    if segment == "active_customers":
        return c.status == "active"
    if segment == "high_value_customers":
        return c.tier == "A"
    if segment == "members":
        return c.is_member.astype(bool)
    if segment == "silent_customers":
        o = t.orders
        window = (t.as_of - timedelta(days=89), t.as_of)
        recent = o[(o.status == "completed") & in_range(o.ordered_at, window)].customer_id.unique()
        return (c.status == "active") & ~c.customer_id.isin(recent)
    raise KeyError(segment)


def hours(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.total_seconds() / 3600.0


def ratio(numerator: float, denominator: float) -> float:
    return float(numerator) / denominator if denominator else float("nan")


@dataclass(frozen=True)
class Reference:
    entity: str  # customers | orders | tickets | surveys | touches
    time: str | None  # the column a time range filters; None: a snapshot
    compute: Callable[[Frame], float]


def _repurchase(o: Frame) -> float:
    per_customer = o[o.status == "completed"].groupby("customer_id").size()
    return ratio((per_customer >= 2).sum(), (per_customer >= 1).sum())


def _nps(s: Frame) -> float:
    scored = s[s.nps_score.notna()]
    return ratio(100 * ((scored.nps_score >= 9).sum() - (scored.nps_score <= 6).sum()), len(scored))


def _within_3h(k: Frame) -> float:
    answered = k.first_response_at.notna() & (hours(k.first_response_at, k.created_at) <= 3)
    return ratio(answered.sum(), len(k))


REFERENCES: dict[str, Reference] = {
    "customers": Reference("customers", "signup_date", len),
    "new_customers": Reference("customers", "signup_date", len),
    "active_customers": Reference("customers", None, lambda c: (c.status == "active").sum()),
    "churned_customers": Reference("customers", "churn_date", lambda c: (c.status == "churned").sum()),
    "orders": Reference("orders", "ordered_at", len),
    "completed_orders": Reference("orders", "ordered_at", lambda o: (o.status == "completed").sum()),
    "returned_orders": Reference("orders", "ordered_at", lambda o: (o.status == "returned").sum()),
    "revenue": Reference("orders", "ordered_at", lambda o: o.amount[o.status == "completed"].sum()),
    "discounts": Reference("orders", "ordered_at", lambda o: o.discount[o.status == "completed"].sum()),
    "average_order_value": Reference(
        "orders",
        "ordered_at",
        lambda o: ratio(o.amount[o.status == "completed"].sum(), (o.status == "completed").sum()),
    ),
    "return_rate": Reference(
        "orders",
        "ordered_at",
        lambda o: ratio((o.status == "returned").sum(), o.status.isin(["completed", "returned"]).sum()),
    ),
    "buying_customers": Reference("orders", "ordered_at", lambda o: o.customer_id[o.status == "completed"].nunique()),
    "repeat_buyers": Reference(
        "orders", "ordered_at", lambda o: (o[o.status == "completed"].groupby("customer_id").size() >= 2).sum()
    ),
    "repurchase_rate": Reference("orders", "ordered_at", _repurchase),
    "customer_lifetime_value": Reference(
        "orders",
        "ordered_at",
        lambda o: ratio(o.amount[o.status == "completed"].sum(), o.customer_id[o.status == "completed"].nunique()),
    ),
    "tickets": Reference("tickets", "created_at", len),
    "complaints": Reference("tickets", "created_at", lambda k: k.is_complaint.sum()),
    "complaining_customers": Reference(
        "tickets", "created_at", lambda k: k.customer_id[k.is_complaint.astype(bool)].nunique()
    ),
    "open_tickets": Reference("tickets", "created_at", lambda k: (k.status == "open").sum()),
    "avg_first_response_hours": Reference(
        "tickets", "created_at", lambda k: hours(k.first_response_at, k.created_at).mean()
    ),
    "responded_within_3h_rate": Reference("tickets", "created_at", _within_3h),
    "avg_resolution_hours": Reference("tickets", "created_at", lambda k: hours(k.resolved_at, k.created_at).mean()),
    "survey_responses": Reference("surveys", "responded_at", len),
    "promoters": Reference("surveys", "responded_at", lambda s: (s.nps_score >= 9).sum()),
    "detractors": Reference("surveys", "responded_at", lambda s: (s.nps_score <= 6).sum()),
    "nps": Reference("surveys", "responded_at", _nps),
    "avg_csat": Reference("surveys", "responded_at", lambda s: s.csat_score.mean()),
    "low_csat_responses": Reference("surveys", "responded_at", lambda s: (s.csat_score <= 5).sum()),
    "touches_sent": Reference("touches", "sent_at", len),
    "delivered_touches": Reference("touches", "sent_at", lambda m: m.delivered.sum()),
    "converted_touches": Reference("touches", "sent_at", lambda m: m.converted.sum()),
    "delivery_rate": Reference("touches", "sent_at", lambda m: ratio(m.delivered.sum(), len(m))),
    "conversion_rate": Reference("touches", "sent_at", lambda m: ratio(m.converted.sum(), m.delivered.sum())),
}
SPECIAL = {"churn_rate", "silent_customers"}


def expected(
    t: Tables, metric: str, *, by: str | None = None, period: Range = None, segment: str | None = None
) -> float | dict[str, float]:
    """The metric overall (float) or per value of the customer column `by` (dict)."""
    members = segment_customers(t, segment)
    customers = t.customers[members]
    if metric == "churn_rate":
        return _per(customers, by, lambda c: _churn_rate(c, period))
    if metric == "silent_customers":
        silent = segment_customers(t, "silent_customers") & members
        return _per(t.customers[silent], by, len)
    ref = REFERENCES[metric]
    rows = customers if ref.entity == "customers" else getattr(t, ref.entity)
    if ref.entity != "customers":
        rows = rows.merge(customers[["customer_id", "region"]], on="customer_id", how="inner")
    if ref.time is not None:
        rows = rows[in_range(rows[ref.time], period)]
    return _per(rows, by, ref.compute)


def _churn_rate(c: Frame, period: Range) -> float:
    if period is None:
        return ratio((c.status == "churned").sum(), len(c))
    start = pd.Timestamp(period[0])
    churned = ((c.status == "churned") & in_range(c.churn_date, period)).sum()
    at_start = ((c.signup_date < start) & (c.churn_date.isna() | (c.churn_date >= start))).sum()
    return ratio(churned, at_start)


def _per(rows: Frame, by: str | None, compute: Callable[[Frame], float]) -> float | dict[str, float]:
    if by is None:
        return float(compute(rows))
    return {str(key): float(compute(group)) for key, group in rows.groupby(by)}


def close(actual: object, wanted: float) -> bool:
    if actual is None or (isinstance(actual, float) and np.isnan(actual)):
        return bool(np.isnan(wanted))
    return bool(np.isclose(float(actual), wanted, rtol=1e-6, atol=1e-6))  # type: ignore[arg-type]
