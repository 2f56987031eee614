"""The tables of a data folder: each `*.parquet` / `*.csv` file, and each sub-folder of `*.parquet` parts,
named by its stem. Shared by the DuckDB folder engine and Spark's local mode."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import WarehouseError

_TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DATA_SUFFIXES = (".parquet", ".csv")


def discover_tables(root: Path) -> dict[str, list[Path]]:
    """Table name -> the real paths of its files, for the files and parquet sub-folders directly in `root`.

    A file whose real path is outside `root` (a symlink pointing elsewhere) is skipped, as are names that
    are not plain identifiers; two sources with one stem are an error rather than a silent pick.
    """
    tables: dict[str, list[Path]] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        real = entry.resolve()
        if not real.is_relative_to(root):
            continue
        if entry.is_dir():
            files = [p.resolve() for p in sorted(entry.rglob("*.parquet")) if p.resolve().is_relative_to(real)]
            name = entry.name
        elif entry.suffix.lower() in DATA_SUFFIXES and entry.is_file():
            files, name = [real], entry.stem
        else:
            continue
        if not files or not _TABLE_NAME.match(name):
            continue
        if name.lower() in (known.lower() for known in tables):
            raise WarehouseError(f"Two data sources in {root} would both be table '{name}'; rename one.")
        tables[name] = files
    return tables
