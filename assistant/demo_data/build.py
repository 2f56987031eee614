"""Build the demo warehouse: validate, generate each table, write atomically, report."""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Literal, get_args

import duckdb
import numpy as np

from assistant.demo_data import writer
from assistant.demo_data.orders import generate_orders
from assistant.demo_data.population import generate_customers
from assistant.demo_data.surveys import generate_surveys
from assistant.demo_data.tickets import generate_tickets
from assistant.demo_data.touches import generate_touches
from assistant.errors import DemoBuildError

Scale = Literal["small", "large"]

GENERATOR_VERSION = "1.0"
CUSTOMERS_PER_SCALE: dict[str, int] = {"small": 20_000, "large": 1_000_000}
MIN_CUSTOMERS = 100
MAX_CUSTOMERS = 9_999_999  # customer ids have seven digits
MEMORY_LIMIT = "3GB"  # DuckDB spills to disk beyond this; the numpy arrays come on top


@dataclass(frozen=True)
class BuildReport:
    """What was built, where, and how long it took."""

    path: Path
    scale: str
    seed: int
    as_of: date
    seconds: float
    row_counts: dict[str, int]


def build_demo_warehouse(
    path: Path,
    *,
    scale: Literal["small", "large"] = "small",
    seed: int = 7,
    as_of: date,
    customers: int | None = None,
) -> BuildReport:
    """Write the demo warehouse for (`scale`, `seed`, `as_of`) to `path`, replacing it atomically.

    The same arguments always give the same table contents. `customers` overrides the scale's
    customer count (at least 100), for quick builds in tests; `warehouse_info.scale` still names
    the scale. Raises DemoBuildError for bad arguments or when the file cannot be written; a failed
    build leaves any existing file at `path` untouched.
    """
    started = time.perf_counter()
    n = _validate(scale, seed, as_of, customers)
    target = _prepare_target(Path(path))
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        con = duckdb.connect(str(temporary))
        try:
            con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
            _generate_into(con, n=n, scale=scale, seed=seed, as_of=as_of)
            counts = writer.row_counts(con)
        finally:
            con.close()
        _discard(Path(f"{target}.wal"))  # a stale log would be replayed onto the new file
        os.replace(temporary, target)
    except (OSError, duckdb.Error) as exc:
        raise DemoBuildError(f"Could not build the demo warehouse at {target}: {exc}") from exc
    finally:
        for leftover in (temporary, Path(f"{temporary}.wal")):
            _discard(leftover)
    return BuildReport(
        path=target,
        scale=scale,
        seed=seed,
        as_of=as_of,
        seconds=time.perf_counter() - started,
        row_counts=counts,
    )


def _generate_into(con: duckdb.DuckDBPyConnection, *, n: int, scale: str, seed: int, as_of: date) -> None:
    # One independent stream per stage, so changing one generator does not reshuffle the others.
    rng_customers, rng_orders, rng_tickets, rng_surveys, rng_touches = (
        np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(5)
    )
    as_of_day = (as_of - date(1970, 1, 1)).days
    writer.create_schema(con)
    people = generate_customers(rng_customers, n, as_of_day)
    orders = generate_orders(rng_orders, people)
    writer.write_orders(con, orders)
    writer.write_customers(con, people)
    tickets = generate_tickets(rng_tickets, people, orders)
    surveys = generate_surveys(rng_surveys, people, orders)
    del orders
    description, subject, comment = writer.write_texts(con, [tickets.description, tickets.subject, surveys.comment])
    writer.write_tickets(con, tickets, description, subject)
    writer.write_surveys(con, surveys, comment)
    del tickets, surveys
    writer.write_touches(con, generate_touches(rng_touches, people))
    writer.write_info(
        con,
        {
            "as_of": as_of.isoformat(),
            "seed": str(seed),
            "scale": scale,
            "customers": str(n),
            "currency": "CNY",
            "generator_version": GENERATOR_VERSION,
        },
    )


def _validate(scale: str, seed: int, as_of: date, customers: int | None) -> int:
    """The customer count to build, or DemoBuildError naming the bad argument."""
    if scale not in CUSTOMERS_PER_SCALE:
        choices = ", ".join(get_args(Scale))
        raise DemoBuildError(f"Unknown scale {scale!r}. Choose one of: {choices}.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise DemoBuildError(f"The seed must be a non-negative integer, got {seed!r}.")
    if isinstance(as_of, datetime) or not isinstance(as_of, date):
        raise DemoBuildError(f"as_of must be a date (YYYY-MM-DD), got {as_of!r}.")
    if customers is None:
        return CUSTOMERS_PER_SCALE[scale]
    if isinstance(customers, bool) or not isinstance(customers, int) or not MIN_CUSTOMERS <= customers <= MAX_CUSTOMERS:
        raise DemoBuildError(
            f"customers must be an integer from {MIN_CUSTOMERS} to {MAX_CUSTOMERS}, got {customers!r}."
        )
    return customers


def _prepare_target(path: Path) -> Path:
    """The absolute target path, its directory created; DemoBuildError if it cannot be written."""
    target = path.expanduser().absolute()
    if target.is_dir():
        raise DemoBuildError(f"Cannot write the demo warehouse to {target}: it is a directory.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoBuildError(f"Cannot create the directory for the demo warehouse {target}: {exc}") from exc
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise DemoBuildError(f"Cannot write the demo warehouse to {target}: the directory is not writable.")
    return target


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)
