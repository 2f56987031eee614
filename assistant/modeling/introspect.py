"""What `chatbi init` and the live model check need from a database, and nothing more.

Two operations make the seam (`Introspector`):
- `catalog()`: the tables with their columns and types, plus declared primary and foreign keys where the
  engine knows them (empty tuples otherwise);
- `select(query)`: run one read-only SELECT, built here as a sqlglot AST, and return its rows.
`dialect` names the sqlglot dialect the SELECT is rendered in.

`EngineIntrospector` adapts anything with `tables()`, `columns(table)`, `run(GuardedSQL)` and `dialect`
(the engines of assistant/engines/) by sending every SELECT through the guard; the DuckDB file adapter with
declared keys lives in assistant/modeling/duckdb_catalog.py (only warehouse modules import duckdb).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import pandas as pd
from sqlglot import exp

from assistant.guard import RESERVED_NAMES, RESERVED_PREFIXES, GuardedSQL, guard_sql

Kind = Literal["time", "boolean", "integer", "decimal", "float", "string", "other"]

PROFILE_ROW_CAP = 100_000  # no profiling query returns more rows than this


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as the engine spells it, e.g. DECIMAL(12,2), TIMESTAMP, character varying

    @property
    def kind(self) -> Kind:
        return type_kind(self.type)


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    remote_columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


class Introspector(Protocol):
    dialect: str

    def catalog(self) -> list[Table]:
        """Every table the model may use, with declared keys where known."""
        ...

    def select(self, query: exp.Query) -> list[tuple[Any, ...]]:
        """Run one read-only SELECT; raise a ChatBIError subclass with a user message on failure."""
        ...


def type_kind(engine_type: str) -> Kind:
    """A coarse kind for an engine type name (DuckDB, PostgreSQL and Spark spellings)."""
    name = engine_type.strip().upper()
    if name.endswith("]") or name.startswith(("STRUCT", "MAP", "LIST", "ARRAY", "UNION", "JSON")):
        return "other"  # nested values: neither dimensions nor measures
    if name.startswith(("TIMESTAMP", "DATE", "DATETIME")):
        return "time"
    if name.startswith("BOOL"):
        return "boolean"
    if name.startswith(("DECIMAL", "NUMERIC", "MONEY")):
        return "decimal"
    if name.startswith(("DOUBLE", "FLOAT", "REAL")):
        return "float"
    if name.startswith(("INT", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "UINTEGER", "UBIGINT", "USMALLINT",
                        "UTINYINT", "LONG", "SHORT", "BYTE", "SERIAL")):  # fmt: skip
        return "integer"
    if name.startswith(("VARCHAR", "CHAR", "TEXT", "STRING", "CHARACTER", "BPCHAR", "UUID", "CITEXT")):
        return "string"
    return "other"


def is_reserved(table: str) -> bool:
    """Tables the guard never exposes (evaluation answers, engine catalogs) are never drafted."""
    name = table.lower()
    return name in RESERVED_NAMES or name.startswith(RESERVED_PREFIXES)


class _ColumnLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def type(self) -> str: ...


class _QueryResultLike(Protocol):
    @property
    def frame(self) -> pd.DataFrame: ...


class CatalogEngine(Protocol):
    """The part of an engine (assistant/engines/base.py) `EngineIntrospector` uses."""

    @property
    def dialect(self) -> str: ...
    def tables(self) -> list[str]: ...
    def columns(self, table: str) -> Sequence[_ColumnLike]: ...
    def run(self, guarded: GuardedSQL) -> _QueryResultLike: ...


class EngineIntrospector:
    """Catalog and guarded SELECTs over an engine that does not report declared keys."""

    def __init__(self, engine: CatalogEngine) -> None:
        self._engine = engine
        self.dialect = engine.dialect
        self._tables: list[str] | None = None

    def catalog(self) -> list[Table]:
        names = [name for name in self._engine.tables() if not is_reserved(name)]
        self._tables = names
        return [Table(name, tuple(Column(c.name, c.type) for c in self._engine.columns(name))) for name in names]

    def select(self, query: exp.Query) -> list[tuple[Any, ...]]:
        tables = self._tables if self._tables is not None else self._engine.tables()
        guarded = guard_sql(
            query.sql(dialect=self.dialect), allowed_tables=tables, row_cap=PROFILE_ROW_CAP, dialect=self.dialect
        )
        frame = self._engine.run(guarded).frame
        return [tuple(None if _missing(v) else v for v in row) for row in frame.itertuples(index=False)]


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
