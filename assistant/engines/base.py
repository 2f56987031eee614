"""What every engine offers: guarded queries under a deadline and a row cap, its catalog, its dialect.

The pipeline, the compiler and the guard talk to an `Engine` only; the engine modules are the only ones
that import a database driver.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
from pandas.api.types import is_scalar

from assistant.engines.rows import json_rows
from assistant.engines.watchdog import Watchdog
from assistant.errors import QueryTimeout, WarehouseError
from assistant.guard import GuardedSQL


@dataclass(frozen=True)
class QueryResult:
    """Rows of one query; `truncated` says more than `row_cap` rows existed (the frame holds `row_cap`)."""

    frame: pd.DataFrame
    truncated: bool
    elapsed_ms: float


@dataclass(frozen=True)
class RowsResult:
    """Rows of one query as an answer shows them (JSON-ready values: see assistant/engines/rows.py), without a
    frame; `truncated` says more than `row_cap` rows existed (`rows` holds `row_cap`)."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    elapsed_ms: float


@dataclass(frozen=True)
class ColumnInfo:
    """One column of a table as the engine reports it (`type` in the engine's own spelling)."""

    name: str
    type: str


@dataclass(frozen=True)
class Limits:
    """The bounds every query runs under."""

    timeout_s: float = 10.0
    memory_limit: str = "2GB"
    threads: int = 2


class Engine(ABC):
    """A read-only database behind the guard. Safe to share between threads; `close()` when done."""

    dialect: str
    """The sqlglot dialect the compiler renders for and the guard parses with."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.watchdog = Watchdog(f"chatbi-watchdog-{type(self).__name__}")
        """Cancels this engine's queries at their deadline (`with self.watchdog.watch(cancel, timeout_s)`)."""

    @property
    def timeout_s(self) -> float:
        return self.limits.timeout_s

    def run(self, guarded: GuardedSQL) -> QueryResult:
        """Run SQL the guard accepted for this engine's dialect; at most `row_cap` rows come back."""
        self._accept(guarded, "run")
        return self._run(guarded)

    def run_rows(self, guarded: GuardedSQL) -> RowsResult:
        """`run`, with the rows as an answer shows them instead of a frame: the same values as `json_rows` of
        `run(guarded).frame`, which an engine may read without building the frame (DuckDB does)."""
        self._accept(guarded, "run_rows")
        return self._run_rows(guarded)

    def _accept(self, guarded: GuardedSQL, method: str) -> None:
        if not isinstance(guarded, GuardedSQL):
            raise TypeError(f"Engine.{method} only accepts GuardedSQL from assistant.guard.guard_sql.")
        if guarded.dialect != self.dialect:
            raise WarehouseError(
                f"The SQL was checked for {guarded.dialect}, but this warehouse speaks {self.dialect}."
            )

    @abstractmethod
    def _run(self, guarded: GuardedSQL) -> QueryResult: ...

    def _run_rows(self, guarded: GuardedSQL) -> RowsResult:
        result = self._run(guarded)
        columns = [str(column) for column in result.frame.columns]
        return RowsResult(columns, json_rows(result.frame), result.truncated, result.elapsed_ms)

    @abstractmethod
    def tables(self) -> list[str]:
        """Names of the tables (and views) the engine can read, as the model would name them."""

    @abstractmethod
    def columns(self, table: str) -> list[ColumnInfo]:
        """The columns of one of `tables()`, in order; WarehouseError for an unknown table."""

    @abstractmethod
    def info(self) -> dict[str, str]:
        """The key/value rows of `warehouse_info` (as_of, seed, scale...), or {} when the table is absent."""

    @abstractmethod
    def cancel(self) -> None:
        """Stop every query running now; each raises QueryTimeout or WarehouseError in its caller."""

    @abstractmethod
    def close(self) -> None: ...

    def describe(self) -> str:
        """Where the data is, for messages (never with a password)."""
        return type(self).__name__

    def timeout_error(self) -> QueryTimeout:
        return QueryTimeout(
            f"The query ran longer than the {self.timeout_s:g} s limit and was stopped; try a narrower question."
        )

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def redact_url(url: str) -> str:
    """`url` with its password replaced by ***, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)).geturl()


def first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


_OBJECT = np.dtype(object)


def frame_from_rows(rows: Sequence[Sequence[Any]], names: list[str]) -> pd.DataFrame:
    """Rows from a database driver as a frame; all-Decimal columns become floats, as DuckDB returns DECIMAL.

    Which columns hold only Decimals (missing values aside) is decided on the driver's values, not with pandas
    operations per column (~0.1 ms each, most of this function's time for a small result)."""
    records = [tuple(row) for row in rows]
    frame = pd.DataFrame.from_records(records, columns=names)
    objects = [dtype == _OBJECT for dtype in frame.dtypes]
    for index in range(frame.shape[1]):  # by position: a query may name two columns alike
        if objects[index] and _all_decimal(record[index] for record in records):
            frame.isetitem(index, frame.iloc[:, index].astype(float).to_numpy())
    return frame


def _all_decimal(values: Iterable[Any]) -> bool:
    """Whether every value pandas would not count as missing (None, NaN, Decimal NaN, NaT...) is a Decimal, and
    there is at least one: what `all(isinstance(v, Decimal) for v in column.dropna())` on a non-empty result gave."""
    found = False
    for value in values:
        if isinstance(value, Decimal):
            found = found or not value.is_nan()  # pandas counts Decimal('NaN') as missing
        elif value is not None and not (is_scalar(value) and pd.isna(value)):
            return False
    return found
