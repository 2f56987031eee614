"""Drafting and checking semantic models against a live database (`chatbi init`, `chatbi model check`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from assistant.errors import UserInputError
from assistant.modeling.introspect import EngineIntrospector, Introspector

__all__ = ["EngineIntrospector", "Introspector", "open_introspector", "redacted"]


def redacted(target: str) -> str:
    """A warehouse URL without its password, for the draft's header and messages."""
    parts = urlsplit(target)
    if parts.password is None:
        return target
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)).geturl()


def open_introspector(target: str, *, timeout_s: float = 60.0) -> Introspector:
    """The database a `--warehouse` value names: a DuckDB file path or `duckdb:///ABS/PATH`."""
    from assistant.warehouse_catalog import DuckDBCatalog

    text = target.strip()
    if text.startswith("duckdb://"):
        text = unquote(urlsplit(text).path)
    elif "://" in text:
        raise UserInputError(f"Unsupported warehouse {target!r}: give a DuckDB file path or duckdb:///ABS/PATH.")
    path = Path(text).expanduser()
    if not path.is_file():
        raise UserInputError(f"No warehouse file at {path}.")
    return DuckDBCatalog(path, timeout_s=timeout_s)
