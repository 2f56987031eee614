"""Drafting and checking semantic models against a live database (`chatbi init`, `chatbi model check`)."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from assistant.engines import Limits, connect, parse_target
from assistant.errors import UserInputError
from assistant.modeling.introspect import EngineIntrospector, Introspector

__all__ = ["EngineIntrospector", "Introspector", "default_name", "open_introspector"]


def open_introspector(target: str, *, timeout_s: float = 60.0) -> Introspector:
    """The database a `--warehouse` value names (any engine of docs/connect.md). A DuckDB file reports its
    declared keys; the other engines are read through the engine interface, keys guessed from names."""
    from assistant.modeling.duckdb_catalog import DuckDBCatalog

    parsed = parse_target(target.strip())
    if parsed.kind == "duckdb":
        if not parsed.path.is_file():
            raise UserInputError(f"No warehouse file at {parsed.path}.")
        return DuckDBCatalog(parsed.path, timeout_s=timeout_s)
    return EngineIntrospector(connect(parsed, Limits(timeout_s=timeout_s)))


def default_name(target: str) -> str:
    """A model name from the warehouse: the file or folder name, or the database name of a URL."""
    parsed = parse_target(target.strip())
    last = parsed.path.stem if parsed.is_local else PurePosixPath(urlsplit(parsed.location).path).name
    return last or "model"
