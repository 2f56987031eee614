"""A small SaaS subscriptions database, the second example schema (not the demo): accounts, subscriptions,
invoices and in-app feedback. Deterministic per seed; a few hundred rows per table, built in well under a second.

Run: python examples/saas/build_saas.py [--out saas.duckdb] [--format duckdb|parquet] [--seed 11]

The DuckDB file declares the accounts primary key and the subscriptions -> accounts foreign key; invoices and
feedback declare nothing, so `chatbi init` has to find their keys and references from the data.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb

AS_OF = date(2026, 11, 22)
COUNTRIES = ["Germany", "France", "United States", "Japan", "Brazil", "India"]
INDUSTRIES = ["software", "retail", "healthcare", "education", "finance"]
PLANS = {"starter": Decimal("49.00"), "team": Decimal("199.00"), "business": Decimal("599.00")}
FIRST = ["Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Hugo", "Iris", "Jonas", "Kira", "Liam"]
LAST = ["Meyer", "Dubois", "Smith", "Tanaka", "Silva", "Patel", "Rossi", "Novak", "Berg", "Costa"]
FEEDBACK = [
    "The new dashboard is great but exporting reports to spreadsheets still takes far too many clicks.",
    "Billing charged us twice this month and support took three days to answer our ticket about it.",
    "We love the integrations, although single sign-on setup was confusing for our IT team at first.",
    "Performance has been slow in the afternoons; loading large projects often takes more than a minute.",
    "Please add more granular permissions so that contractors cannot see every project in the workspace.",
    "Onboarding was smooth and the documentation answered almost every question our team had so far.",
]

SCHEMA = """
CREATE TABLE accounts (account_id VARCHAR PRIMARY KEY, company VARCHAR NOT NULL, contact_name VARCHAR,
    contact_email VARCHAR, country VARCHAR, industry VARCHAR, created_at DATE);
CREATE TABLE subscriptions (subscription_id VARCHAR PRIMARY KEY, account_id VARCHAR REFERENCES accounts (account_id),
    plan VARCHAR, seats INTEGER, mrr DECIMAL(10,2), started_at DATE, cancelled_at DATE, status VARCHAR);
CREATE TABLE invoices (invoice_id VARCHAR, account_id VARCHAR, issued_at TIMESTAMP, amount DECIMAL(10,2),
    status VARCHAR);
CREATE TABLE feedback (feedback_id VARCHAR, account_id VARCHAR, submitted_at TIMESTAMP, rating INTEGER,
    comment VARCHAR);
"""


def rows(seed: int = 11) -> dict[str, list[tuple[object, ...]]]:
    rng = random.Random(seed)
    tables: dict[str, list[tuple[object, ...]]] = {"accounts": [], "subscriptions": [], "invoices": [], "feedback": []}
    for n in range(1, 241):
        account = f"A{n:04d}"
        created = AS_OF - timedelta(days=rng.randrange(20, 700))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        tables["accounts"].append(
            (account, f"{last} {rng.choice(['GmbH', 'Labs', 'Inc', 'Studio'])} {n}", f"{first} {last}",
             f"{first.lower()}.{last.lower()}{n}@example.com", rng.choice(COUNTRIES), rng.choice(INDUSTRIES), created)
        )  # fmt: skip
        plan = rng.choices(list(PLANS), weights=[5, 3, 1])[0]
        seats = rng.randrange(1, 40)
        started = created + timedelta(days=rng.randrange(0, 10))
        cancelled = started + timedelta(days=rng.randrange(30, 500)) if rng.random() < 0.3 else None
        if cancelled is not None and cancelled > AS_OF:
            cancelled = None
        status = "cancelled" if cancelled else "active"
        tables["subscriptions"].append((f"S{n:04d}", account, plan, seats, PLANS[plan], started, cancelled, status))
        month = date(started.year, started.month, 1)
        end = cancelled or AS_OF
        while month <= end:
            issued = datetime(month.year, month.month, min(started.day, 28), 9, 0)
            if issued.date() >= started and issued.date() <= end:
                amount = PLANS[plan] + Decimal(seats) * Decimal("5.00")
                state = rng.choices(["paid", "open", "void"], weights=[90, 7, 3])[0]
                tables["invoices"].append((f"I{len(tables['invoices']) + 1:05d}", account, issued, amount, state))
            month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        for _ in range(rng.randrange(0, 3)):
            when = datetime.combine(started, datetime.min.time()) + timedelta(hours=rng.randrange(24, 24 * 300))
            if when.date() <= AS_OF:
                text = rng.choice(FEEDBACK) if rng.random() < 0.8 else None
                tables["feedback"].append(
                    (f"F{len(tables['feedback']) + 1:04d}", account, when, rng.randrange(1, 6), text)
                )
    return tables


def build(path: Path, *, seed: int = 11, format: str = "duckdb") -> Path:
    """Write the example database to `path` (a .duckdb file, or a folder of Parquet files); return it."""
    path = Path(path)
    data = rows(seed)
    con = duckdb.connect(str(path) if format == "duckdb" else ":memory:")
    try:
        for statement in SCHEMA.split(";"):
            if statement.strip():
                con.execute(statement)
        for table, values in data.items():
            if values:
                marks = ", ".join("?" for _ in values[0])
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", values)  # table names are constants here
        if format == "parquet":
            path.mkdir(parents=True, exist_ok=True)
            for table in data:
                con.execute(f"COPY {table} TO '{path / (table + '.parquet')}' (FORMAT parquet)")
    finally:
        con.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("saas.duckdb"), help="output file or folder")
    parser.add_argument("--format", choices=["duckdb", "parquet"], default="duckdb")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} already exists; remove it first")
    build(args.out, seed=args.seed, format=args.format)
    print(f"Built {args.out}")


if __name__ == "__main__":
    main()
