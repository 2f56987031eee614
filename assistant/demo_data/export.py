"""Copy a built demo warehouse to the other engine forms: a Parquet folder, or a PostgreSQL database.

Both read the DuckDB file the build wrote, so every form holds the same rows. PostgreSQL gets each table
through `COPY ... FROM STDIN` (psycopg 3) from CSV that DuckDB writes; no DuckDB extension is needed.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb

from assistant.demo_data.build import BuildReport, build_demo_warehouse
from assistant.engines.base import first_line
from assistant.errors import DemoBuildError

# DuckDB type -> PostgreSQL type, for the types the demo tables use (anything else is an error, not a guess).
_PG_TYPES = {
    "VARCHAR": "text",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "FLOAT": "real",
    "DOUBLE": "double precision",
}
_DECIMAL = re.compile(r"^DECIMAL\((\d+),(\d+)\)$")


def export_parquet(source: Path, folder: Path) -> dict[str, int]:
    """Write every table of the DuckDB file `source` as `folder/<table>.parquet`, replacing the folder's
    files of the same names; return rows per table."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".export-", dir=folder))
        with _open_source(source) as con:
            counts = _counts(con)
            for table in counts:
                target = staging / f"{table}.parquet"
                con.table(_source_table(table)).write_parquet(str(target))
        for table in counts:
            os.replace(staging / f"{table}.parquet", folder / f"{table}.parquet")
        shutil.rmtree(staging, ignore_errors=True)
    except (OSError, duckdb.Error) as error:
        raise DemoBuildError(f"Could not write the Parquet folder {folder}: {error}") from error
    return counts


def export_postgres(source: Path, url: str) -> dict[str, int]:
    """Create (or replace) every table of the DuckDB file `source` in the PostgreSQL database at `url`
    (in `?schema=S` when given, created if missing); return rows per table."""
    import psycopg
    from psycopg import sql as pgsql

    from assistant.engines.postgres import split_schema

    conninfo, schema = split_schema(url)
    scratch = Path(tempfile.mkdtemp(prefix="chatbi-export-"))
    try:
        with _open_source(source) as con, psycopg.connect(conninfo) as pg:
            counts = _counts(con)
            if schema:
                pg.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(pgsql.Identifier(schema)))
            for table in counts:
                name = pgsql.Identifier(schema, table) if schema else pgsql.Identifier(table)
                relation = con.table(_source_table(table))
                ddl = pgsql.SQL(", ").join(
                    pgsql.SQL("{} {}").format(pgsql.Identifier(column), pgsql.SQL(_pg_type(table, column, kind)))
                    for column, kind in zip(relation.columns, relation.types, strict=True)
                )
                pg.execute(pgsql.SQL("DROP TABLE IF EXISTS {}").format(name))
                pg.execute(pgsql.SQL("CREATE TABLE {} ({})").format(name, ddl))
                csv = scratch / f"{uuid.uuid4().hex}.csv"
                relation.write_csv(str(csv), header=False)
                copy = pgsql.SQL("COPY {} FROM STDIN (FORMAT csv)").format(name)
                with pg.cursor() as cursor, cursor.copy(copy) as stream, csv.open("rb") as data:
                    while chunk := data.read(1 << 20):
                        stream.write(chunk)
                csv.unlink()
                pg.execute(pgsql.SQL("ANALYZE {}").format(name))
    except (OSError, duckdb.Error, psycopg.Error) as error:
        raise DemoBuildError(f"Could not write the demo data to PostgreSQL: {first_line(error)}") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return counts


def _open_source(source: Path) -> duckdb.DuckDBPyConnection:
    """A scratch in-memory DuckDB with `source` attached read-only as `src` (attaching works even while the
    file is open elsewhere in this process under the warehouse's sandbox configuration)."""
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
    return con


def _source_table(name: str) -> str:
    return f"src.main.{_ident(name)}"


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' ORDER BY 1").fetchall()
    return {str(name): len(con.table(_source_table(str(name)))) for (name,) in rows}


def _pg_type(table: str, column: str, kind: Any) -> str:
    text = str(kind).upper().replace(" ", "")
    decimal = _DECIMAL.match(text)
    if decimal:
        return f"numeric({int(decimal.group(1))},{int(decimal.group(2))})"
    if text not in _PG_TYPES:
        raise DemoBuildError(f"No PostgreSQL type for {table}.{column} ({kind}).")
    return _PG_TYPES[text]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def build_demo_elsewhere(
    fmt: Literal["parquet", "postgresql"], location: str, *, scale: Literal["small", "large"], seed: int, as_of: date
) -> BuildReport:
    """Build the demo warehouse in a scratch DuckDB file, then copy it to a Parquet folder or PostgreSQL.

    The report's row counts are those of the copy; its `path` is the scratch file (deleted afterwards).
    """
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="chatbi-demo-"))
    try:
        report = build_demo_warehouse(scratch / "demo.duckdb", scale=scale, seed=seed, as_of=as_of)
        if fmt == "parquet":
            counts = export_parquet(report.path, Path(location).expanduser())
        else:
            counts = export_postgres(report.path, location)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return dataclasses.replace(report, row_counts=counts, seconds=time.perf_counter() - started)
