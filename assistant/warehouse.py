"""The sandboxed, read-only DuckDB warehouse: runs guarded SQL under a deadline and a row cap."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pandas as pd

from assistant.errors import QueryTimeout, WarehouseError
from assistant.guard import GuardedSQL

# Locked after connecting, so no statement can loosen it. temp_directory="" turns off spilling to disk:
# a read-only warehouse must not create files next to the database; a query that needs more memory
# fails with an out-of-memory error instead.
SANDBOX_CONFIG: dict[str, str | bool] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "python_enable_replacements": False,
    "temp_directory": "",
}

# After the deadline the watchdog keeps interrupting, in case the first interrupt came before the query started.
_REINTERRUPT_S = 0.1


@dataclass(frozen=True)
class QueryResult:
    """Rows of one query; `truncated` says more than `row_cap` rows existed (the frame holds `row_cap`)."""

    frame: pd.DataFrame
    truncated: bool
    elapsed_ms: float


class Warehouse:
    """A read-only DuckDB file behind a locked sandbox configuration; safe to share between threads."""

    def __init__(self, path: Path, *, threads: int = 2, memory_limit: str = "2GB", timeout_s: float = 10.0) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self._memory_limit = memory_limit
        if not self.path.is_file():
            raise WarehouseError(f"No warehouse file at {self.path}.")
        config: dict[str, Any] = {**SANDBOX_CONFIG, "threads": threads, "memory_limit": memory_limit}
        try:
            self._con = duckdb.connect(str(self.path), read_only=True, config=config)
            _lock_and_verify(self._con)
        except duckdb.Error as error:
            raise WarehouseError(_open_error_message(self.path, error)) from error
        self._lock = threading.Lock()
        self._closed = False

    def run(self, guarded: GuardedSQL) -> QueryResult:
        """Run SQL the guard accepted; at most `row_cap` rows come back."""
        if not isinstance(guarded, GuardedSQL):
            raise TypeError("Warehouse.run only accepts GuardedSQL from assistant.guard.guard_sql.")
        cursor = self._cursor()
        start = time.perf_counter()
        try:
            with _Watchdog(cursor, self.timeout_s) as watchdog:
                try:
                    cursor.execute(guarded.sql)
                    frame = _fetch_at_most(cursor, guarded.row_cap + 1)
                except duckdb.Error as error:
                    if watchdog.fired:
                        raise QueryTimeout(
                            f"The query ran longer than the {self.timeout_s:g} s limit and was stopped; "
                            "try a narrower question."
                        ) from error
                    raise self._engine_error(error) from error
        finally:
            cursor.close()
        elapsed_ms = (time.perf_counter() - start) * 1000
        truncated = len(frame) > guarded.row_cap
        if truncated:
            frame = frame.iloc[: guarded.row_cap]
        return QueryResult(frame=frame, truncated=truncated, elapsed_ms=elapsed_ms)

    def info(self) -> dict[str, str]:
        """The key/value rows of `warehouse_info`, or an empty dict when the table is absent."""
        if "warehouse_info" not in self.tables():
            return {}
        rows = self._internal("SELECT CAST(key AS VARCHAR), CAST(value AS VARCHAR) FROM warehouse_info")
        return {str(key): str(value) for key, value in rows}

    def tables(self) -> list[str]:
        """Names of the base tables in the warehouse's main schema."""
        rows = self._internal(
            "SELECT table_name FROM duckdb_tables() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND NOT temporary "
            "ORDER BY table_name"
        )
        return [str(name) for (name,) in rows]

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                self._con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        # Each query gets its own cursor so threads never share a client context (or an interrupt).
        with self._lock:
            if self._closed:
                raise WarehouseError("The warehouse is closed.")
            return self._con.cursor()

    def _internal(self, sql: str) -> list[tuple[Any, ...]]:
        """Run our own catalog queries; these never carry user text."""
        cursor = self._cursor()
        try:
            return cursor.execute(sql).fetchall()
        except duckdb.Error as error:
            raise self._engine_error(error) from error
        finally:
            cursor.close()

    def _engine_error(self, error: duckdb.Error) -> WarehouseError:
        if isinstance(error, duckdb.OutOfMemoryException):
            return WarehouseError(
                f"The query needed more than the warehouse's {self._memory_limit} memory limit; "
                "try a narrower question."
            )
        lines = str(error).strip().splitlines()
        return WarehouseError(f"The query failed in the warehouse: {lines[0] if lines else type(error).__name__}")


class _Watchdog:
    """Interrupts one cursor once its deadline passes, until the guarded block ends."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, timeout_s: float) -> None:
        self._cursor = cursor
        self._lock = threading.Lock()
        self._finished = False
        self._timer = self._arm(timeout_s)
        self.fired = False

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with self._lock:
            self._finished = True
            self._timer.cancel()

    def _arm(self, delay_s: float) -> threading.Timer:
        timer = threading.Timer(delay_s, self._fire)
        timer.daemon = True
        return timer

    def _fire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self.fired = True
            self._cursor.interrupt()
            self._timer = self._arm(_REINTERRUPT_S)
            self._timer.start()


def _lock_and_verify(con: duckdb.DuckDBPyConnection) -> None:
    """Lock the configuration, then read the sandbox back rather than trust it.

    DuckDB shares one database instance per file within a process, so a second Warehouse on the same
    file joins an instance that is already locked (setting the lock again would fail).
    """
    if con.execute("SELECT current_setting('lock_configuration')").fetchone() != (True,):
        con.execute("SET lock_configuration = true")
    for name, expected in {**SANDBOX_CONFIG, "lock_configuration": True}.items():
        row = con.execute("SELECT current_setting(?)", [name]).fetchone()
        if row != (expected,):
            con.close()
            raise WarehouseError(f"The warehouse sandbox is not in force: {name} is {row}, expected {expected}.")


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
    return frame.iloc[:limit]


def _open_error_message(path: Path, error: duckdb.Error) -> str:
    text = str(error)
    if "not a valid DuckDB database file" in text:
        return f"{path} is not a DuckDB database file."
    if "Conflicting lock" in text:
        return f"The warehouse {path} is locked by another process (is a build still running?)."
    if "different configuration" in text:
        return f"The warehouse {path} is already open in this process with different settings."
    lines = text.strip().splitlines()
    return f"Could not open the warehouse {path}: {lines[0] if lines else type(error).__name__}"
