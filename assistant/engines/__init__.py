"""Engines behind one interface: `connect(target, limits)` opens what a warehouse setting names.

| target | engine |
|---|---|
| `PATH.duckdb` (any file), `duckdb:///ABS/PATH` | DuckDB file, read-only (the embedded default) |
| a directory, `files:///ABS/DIR` | one table per Parquet/CSV file, DuckDB in memory |
| `postgresql://USER:PASS@HOST:PORT/DB[?schema=S]` | PostgreSQL via psycopg 3 |

Driver modules are imported only when their engine is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from assistant.engines.base import ColumnInfo, Engine, Limits, QueryResult, redact_url
from assistant.errors import UserInputError

__all__ = ["ColumnInfo", "Engine", "Limits", "QueryResult", "Target", "connect", "parse_target"]

Kind = Literal["duckdb", "files", "postgresql"]
_SCHEMES: dict[str, Kind] = {
    "duckdb": "duckdb",
    "files": "files",
    "file": "files",
    "postgresql": "postgresql",
    "postgres": "postgresql",
}
_DIALECTS: dict[Kind, str] = {"duckdb": "duckdb", "files": "duckdb", "postgresql": "postgres"}
FORMS = "a DuckDB file, a folder of Parquet/CSV files, files:///DIR, duckdb:///PATH or postgresql://..."


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
        return self.kind in ("duckdb", "files")

    def exists(self) -> bool:
        """Whether a local target is there (a server is assumed to be, until connecting says otherwise)."""
        if self.kind == "duckdb":
            return self.path.is_file()
        if self.kind == "files":
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
    parts = urlsplit(text)
    if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
        raise UserInputError(f"A {scheme}:// warehouse needs an absolute path: {scheme}:///ABS/PATH.")
    return Target(kind, parts.path)


def connect(target: str | Path | Target, limits: Limits | None = None) -> Engine:
    """Open the engine a warehouse setting names, read-only, under `limits`."""
    parsed = target if isinstance(target, Target) else parse_target(target)
    limits = limits or Limits()
    if parsed.kind == "duckdb":
        from assistant.engines.duckdb_file import DuckDBFile

        return DuckDBFile(parsed.path, limits)
    if parsed.kind == "files":
        from assistant.engines.files import DuckDBFolder

        return DuckDBFolder(parsed.path, limits)
    from assistant.engines.postgres import PostgresEngine

    return PostgresEngine(parsed.location, limits)
