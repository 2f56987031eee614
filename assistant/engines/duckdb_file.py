"""DuckDB engines: a read-only database file (the embedded default) and the sandbox both share.

The sandbox is locked after connecting, so no statement can loosen it; a watchdog interrupts a query at
its deadline and the connection stays usable afterwards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd

from assistant.engines.base import ColumnInfo, Engine, Limits, QueryResult, RowsResult, first_line
from assistant.engines.rows import array_types, json_rows, rows_from_arrays
from assistant.errors import WarehouseError
from assistant.guard import GuardedSQL

T = TypeVar("T")

# temp_directory="" turns off spilling to disk: a read-only warehouse must not create files next to the
# database; a query that needs more memory fails with an out-of-memory error instead.
SANDBOX_CONFIG: dict[str, str | bool] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "python_enable_replacements": False,
    "temp_directory": "",
}


class DuckDBEngine(Engine):
    """A sandboxed DuckDB connection; subclasses decide what it opens."""

    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, limits: Limits) -> None:
        super().__init__(limits)
        self._con = con
        self._lock = threading.Lock()
        self._closed = False
        self._running: set[duckdb.DuckDBPyConnection] = set()

    def _run(self, guarded: GuardedSQL) -> QueryResult:
        # The guard's statement carries its LIMIT row_cap + 1: one fetch reads at most that many rows and builds
        # one frame (each chunk, the last empty one included, is a pandas frame of its own).
        if guarded.capped and guarded.row_cap >= ARROW_MIN_CAP:  # a theme population: text columns through Arrow
            frame, elapsed_ms = self._execute(
                guarded, lambda cursor: _fetch_through_arrow(cursor, guarded.sql), execute=False
            )
        else:
            fetch = _fetch_df if guarded.capped else (lambda cursor: _fetch_at_most(cursor, guarded.row_cap + 1))
            frame, elapsed_ms = self._execute(guarded, fetch)
        truncated = len(frame) > guarded.row_cap
        if truncated:
            frame = frame.iloc[: guarded.row_cap]
        return QueryResult(frame=frame, truncated=truncated, elapsed_ms=elapsed_ms)

    def _run_rows(self, guarded: GuardedSQL) -> RowsResult:
        """The answer's rows from DuckDB's column arrays, without a frame, when the statement is the guard's capped
        one and every column type is one whose arrays give the frame's values (assistant/engines/rows.py)."""
        if not guarded.capped:
            return super()._run_rows(guarded)
        found, elapsed_ms = self._execute(guarded, _fetch_rows)
        columns, rows = found
        truncated = len(rows) > guarded.row_cap
        return RowsResult(columns, rows[: guarded.row_cap] if truncated else rows, truncated, elapsed_ms)

    def _execute(
        self, guarded: GuardedSQL, fetch: Callable[[duckdb.DuckDBPyConnection], T], *, execute: bool = True
    ) -> tuple[T, float]:
        """Run the statement on a cursor of its own under the deadline; `fetch` reads the result off the cursor
        (with `execute=False` it runs the statement itself)."""
        cursor = self._cursor()
        start = time.perf_counter()
        try:
            with self.watchdog.watch(cursor.interrupt, self.timeout_s) as deadline:
                try:
                    if execute:
                        cursor.execute(guarded.sql)
                    found = fetch(cursor)
                except duckdb.Error as error:
                    if deadline.fired:
                        raise self.timeout_error() from error
                    raise self._engine_error(error) from error
        finally:
            self._release(cursor)
        return found, (time.perf_counter() - start) * 1000

    def info(self) -> dict[str, str]:
        if "warehouse_info" not in self.tables():
            return {}
        rows = self._internal("SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM warehouse_info")
        return {str(key): str(value) for key, value in rows}

    def tables(self) -> list[str]:
        """Names of the tables and views in the main schema."""
        rows = self._internal(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary "
            "UNION SELECT view_name FROM duckdb_views() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary "
            "ORDER BY 1"
        )
        return [str(name) for (name,) in rows]

    def columns(self, table: str) -> list[ColumnInfo]:
        rows = self._internal(
            "SELECT column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
            "ORDER BY column_index",
            [table],
        )
        if not rows:
            raise WarehouseError(f"No table '{table}' in {self.describe()}.")
        return [ColumnInfo(str(name), str(kind)) for name, kind in rows]

    def cancel(self) -> None:
        with self._lock:
            running = list(self._running)
        for cursor in running:
            cursor.interrupt()

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._con.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        # Each query gets its own cursor so threads never share a client context (or an interrupt).
        with self._lock:
            if self._closed:
                raise WarehouseError("The warehouse is closed.")
            cursor = self._con.cursor()
            self._running.add(cursor)
            return cursor

    def _release(self, cursor: duckdb.DuckDBPyConnection) -> None:
        with self._lock:
            self._running.discard(cursor)
        cursor.close()

    def _internal(self, sql: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Run our own catalog queries; user text only ever goes in as a bound parameter."""
        cursor = self._cursor()
        try:
            return cursor.execute(sql, parameters).fetchall()
        except duckdb.Error as error:
            raise self._engine_error(error) from error
        finally:
            self._release(cursor)

    def _engine_error(self, error: duckdb.Error) -> WarehouseError:
        if isinstance(error, duckdb.OutOfMemoryException):
            return WarehouseError(
                f"The query needed more than the warehouse's {self.limits.memory_limit} memory limit; "
                "try a narrower question."
            )
        return WarehouseError(f"The query failed in the warehouse: {first_line(error)}")


class DuckDBFile(DuckDBEngine):
    """A DuckDB database file, opened read-only."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        limits = limits or Limits()
        self.path = Path(path)
        if not self.path.is_file():
            raise WarehouseError(f"No warehouse file at {self.path}.")
        try:
            con = duckdb.connect(str(self.path), read_only=True, config=sandbox_config(limits))
            lock_and_verify(con)
        except duckdb.Error as error:
            raise WarehouseError(_open_error_message(self.path, error)) from error
        super().__init__(con, limits)

    def describe(self) -> str:
        return str(self.path)


def sandbox_config(limits: Limits) -> dict[str, Any]:
    return {**SANDBOX_CONFIG, "threads": limits.threads, "memory_limit": limits.memory_limit}


def lock_and_verify(con: duckdb.DuckDBPyConnection, extra: dict[str, Any] | None = None) -> None:
    """Lock the configuration, then read the sandbox back rather than trust it.

    DuckDB shares one database instance per file within a process, so a second engine on the same
    file joins an instance that is already locked (setting the lock again would fail).
    """
    if con.execute("SELECT current_setting('lock_configuration')").fetchone() != (True,):
        con.execute("SET lock_configuration = true")
    for name, expected in {**SANDBOX_CONFIG, **(extra or {}), "lock_configuration": True}.items():
        row = con.execute("SELECT current_setting(?)", [name]).fetchone()
        if row != (expected,):
            con.close()
            raise WarehouseError(f"The warehouse sandbox is not in force: {name} is {row}, expected {expected}.")


def _fetch_df(cursor: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return cursor.fetch_df()


def _fetch_rows(cursor: duckdb.DuckDBPyConnection) -> tuple[list[str], list[list[Any]]]:
    """The result's column names and JSON-ready rows: from its column arrays when every type allows, else as
    `json_rows` of its frame (the names are DuckDB's, made unique as in the frame: a, a_1...)."""
    if array_types([str(column[1]) for column in cursor.description or ()]):
        arrays = cursor.fetchnumpy()
        return list(arrays), rows_from_arrays(arrays)
    frame = cursor.fetch_df()
    return [str(column) for column in frame.columns], json_rows(frame)


# Column types whose pandas column is the same built through Arrow as by fetch_df (pandas' str, float64, float32,
# datetime64[us]). Through Arrow, text columns (a theme question's 100,000s of texts) skip fetch_df's detour of
# one Python string per value converted back into pandas' Arrow-backed str column: about half the fetch time.
ARROW_TYPES = frozenset({"VARCHAR", "DOUBLE", "FLOAT", "TIMESTAMP"})
# Only statements capped at this many rows or more (a theme question's population, cap `max_texts`) try Arrow:
# finding the column types first costs a bind (~0.5 ms), more than a small result can save.
ARROW_MIN_CAP = 10_000


def _fetch_through_arrow(cursor: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    """The whole result of a capped statement as one frame: through Arrow when every column's type is in
    ARROW_TYPES and the column names are distinct, else by fetch_df (other types, e.g. integers with NULLs or
    DECIMAL, convert differently; fetch_df renames a repeated name "a" to "a_1")."""
    relation = cursor.sql(sql)
    names = relation.columns if relation is not None else []
    if (
        relation is None
        or not all(str(kind) in ARROW_TYPES for kind in relation.types)
        or len({name.lower() for name in names}) < len(names)
    ):
        return cursor.execute(sql).fetch_df()
    frame: pd.DataFrame = relation.to_arrow_table().to_pandas()
    if not len(frame):  # fetch_df leaves an empty text column as object
        text = [name for name, kind in zip(relation.columns, relation.types, strict=True) if str(kind) == "VARCHAR"]
        frame = frame.astype(dict.fromkeys(text, object))
    return frame


def _fetch_at_most(cursor: duckdb.DuckDBPyConnection, limit: int) -> pd.DataFrame:
    """Fetch chunks until `limit` rows are in hand, so an uncapped statement cannot flood memory."""
    frames = [cursor.fetch_df_chunk()]
    fetched = len(frames[0])
    while 0 < fetched < limit:
        chunk = cursor.fetch_df_chunk()
        if chunk.empty:
            break
        frames.append(chunk)
        fetched += len(chunk)
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return frame if fetched <= limit else frame.iloc[:limit]


def _open_error_message(path: Path, error: duckdb.Error) -> str:
    text = str(error)
    if "not a valid DuckDB database file" in text:
        return f"{path} is not a DuckDB database file."
    if "Conflicting lock" in text:
        return f"The warehouse {path} is locked by another process (is a build still running?)."
    if "different configuration" in text:
        return f"The warehouse {path} is already open in this process with different settings."
    return f"Could not open the warehouse {path}: {first_line(error)}"
