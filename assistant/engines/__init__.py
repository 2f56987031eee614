"""Engines behind one interface: `connect(target, limits)` opens what a warehouse setting names.

| target | engine |
|---|---|
| `PATH.duckdb` (any file), `duckdb:///ABS/PATH` | DuckDB file, read-only (the embedded default) |
| a directory, `files:///ABS/DIR` | one table per Parquet/CSV file, DuckDB in memory |
| `postgresql://USER:PASS@HOST:PORT/DB[?schema=S]` | PostgreSQL via psycopg 3 |
| `spark-local:///ABS/DIR` | Spark SQL, local mode over a folder of Parquet/CSV files |
| `sc://HOST:PORT[?path=DIR]` | Spark SQL on a cluster through Spark Connect |

Driver modules are imported only when their engine is opened.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from assistant.engines.base import ColumnInfo, Engine, Limits, QueryResult, RowsResult, redact_url
from assistant.errors import UserInputError

__all__ = ["ColumnInfo", "Engine", "Limits", "QueryResult", "RowsResult", "Target", "connect", "parse_target"]

Kind = Literal["duckdb", "files", "postgresql", "spark-local", "spark-connect"]
_SCHEMES: dict[str, Kind] = {
    "duckdb": "duckdb",
    "files": "files",
    "file": "files",
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "spark-local": "spark-local",
    "sc": "spark-connect",
}
_DIALECTS: dict[Kind, str] = {
    "duckdb": "duckdb",
    "files": "duckdb",
    "postgresql": "postgres",
    "spark-local": "spark",
    "spark-connect": "spark",
}
# The Python package each optional engine needs, and the extra that installs it.
_DRIVERS: dict[Kind, tuple[str, str]] = {
    "postgresql": ("psycopg", "postgresql"),
    "spark-local": ("pyspark", "spark"),
    "spark-connect": ("pyspark", "spark"),
}
FORMS = (
    "a DuckDB file, a folder of Parquet/CSV files, files:///DIR, duckdb:///PATH, postgresql://..., "
    "spark-local:///DIR or sc://HOST:PORT"
)


@dataclass(frozen=True)
class Target:
    """A parsed warehouse setting: which engine, and the path or URL it opens."""

    kind: Kind
    location: str  # a filesystem path (duckdb, files) or the full URL (postgresql)

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def dialect(self) -> str:
        """The sqlglot dialect of the engine, known without connecting (so `explain` touches no data)."""
        return _DIALECTS[self.kind]

    @property
    def is_local(self) -> bool:
        return self.kind in ("duckdb", "files", "spark-local")

    def exists(self) -> bool:
        """Whether a local target is there (a server is assumed to be, until connecting says otherwise)."""
        if self.kind == "duckdb":
            return self.path.is_file()
        if self.kind in ("files", "spark-local"):
            return self.path.is_dir()
        return True

    def redacted(self) -> str:
        """The location without a password, for messages and logs."""
        return self.location if self.is_local else redact_url(self.location)


def parse_target(value: str | Path) -> Target:
    """The engine a warehouse setting names; UserInputError for an unknown scheme or a relative URL path."""
    text = str(value).strip()
    if not text:
        raise UserInputError(f"The warehouse setting is empty; give {FORMS}.")
    scheme, sep, _ = text.partition("://")
    if not sep:
        path = Path(text).expanduser()
        return Target("files" if path.is_dir() else "duckdb", str(path))
    kind = _SCHEMES.get(scheme.lower())
    if kind is None:
        raise UserInputError(f"Unknown warehouse scheme '{scheme}://'; give {FORMS}.")
    if kind == "postgresql":
        parts = urlsplit(text)
        if not parts.hostname and "host=" not in parts.query:
            raise UserInputError("A postgresql:// warehouse URL needs a host (postgresql://USER@HOST:PORT/DB).")
        return Target(kind, text)
    if kind == "spark-connect":
        if not urlsplit(text).hostname:
            raise UserInputError("An sc:// warehouse URL needs a host: sc://HOST:PORT[?path=DIR].")
        return Target(kind, text)
    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        raise UserInputError(f"A {scheme}:// warehouse needs an absolute path: {scheme}:///ABS/PATH.")
    return Target(kind, parts.path)


def connect(target: str | Path | Target, limits: Limits | None = None) -> Engine:
    """Open the engine a warehouse setting names, read-only, under `limits`."""
    parsed = target if isinstance(target, Target) else parse_target(target)
    limits = limits or Limits()
    driver = _DRIVERS.get(parsed.kind)
    if driver is not None and importlib.util.find_spec(driver[0]) is None:
        raise UserInputError(
            f"The {parsed.kind} warehouse needs the {driver[0]} package: "
            f"pip install 'chat-analytics-assistant[{driver[1]}]'."
        )
    if parsed.kind == "duckdb":
        from assistant.engines.duckdb_file import DuckDBFile

        return DuckDBFile(parsed.path, limits)
    if parsed.kind == "files":
        from assistant.engines.files import DuckDBFolder

        return DuckDBFolder(parsed.path, limits)
    if parsed.kind == "postgresql":
        from assistant.engines.postgres import PostgresEngine

        return PostgresEngine(parsed.location, limits)
    from assistant.engines.spark import SparkEngine

    if parsed.kind == "spark-local":
        return SparkEngine.local(parsed.path, limits)
    return SparkEngine.connect(parsed.location, limits)
