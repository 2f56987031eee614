"""PostgreSQL through psycopg 3: read-only transactions, a server-side statement timeout, a cancel request
at the deadline, and rows streamed from a server-side cursor up to the cap.

Grant the role it logs in with SELECT on the model's tables only (docs/connect.md); the guard keeps the
queries to those tables, and the read-only transaction keeps even a guard bug from writing.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
from psycopg import sql as pgsql

from assistant.engines.base import (
    ColumnInfo,
    Engine,
    Limits,
    QueryResult,
    RowsResult,
    first_line,
    frame_from_rows,
    redact_url,
)
from assistant.engines.rows import json_rows, rows_from_driver
from assistant.errors import UserInputError, WarehouseError
from assistant.guard import GuardedSQL

CONNECT_TIMEOUT_S = 10
CANCEL_TIMEOUT_S = 2.0  # a cancel request is a connection of its own; do not wait on it for long
PAGE_ROWS = 10_000  # rows per FETCH from the server-side cursor
_CURSOR_NAME = "chatbi_result"
# libpq 17+ returns rows in chunks (the psycopg[binary] wheels ship it); older ones always use the server cursor.
_CHUNKED = psycopg.capabilities.has_stream_chunked()


class PostgresEngine(Engine):
    """A PostgreSQL database; `?schema=S` in the URL puts S first on the search path."""

    dialect = "postgres"

    def __init__(self, url: str, limits: Limits | None = None) -> None:
        super().__init__(limits or Limits())
        self._conninfo, self.schema = split_schema(url)
        self._where = redact_url(url)
        self._lock = threading.Lock()
        self._idle: list[psycopg.Connection[Any]] = []
        self._busy: set[psycopg.Connection[Any]] = set()
        self._closed = False
        self._release(self._acquire())  # fail now, with a clear message, if the server is unreachable

    def describe(self) -> str:
        return self._where

    def _run(self, guarded: GuardedSQL) -> QueryResult:
        rows, names, elapsed_ms = self._fetch(guarded)
        frame = frame_from_rows(rows[: guarded.row_cap], names)
        return QueryResult(frame=frame, truncated=len(rows) > guarded.row_cap, elapsed_ms=elapsed_ms)

    def _run_rows(self, guarded: GuardedSQL) -> RowsResult:
        """The answer's rows from the driver's values, without a frame where they give the frame's JSON values
        (assistant/engines/rows.py: `rows_from_driver`); else read back from the frame as before."""
        rows, names, elapsed_ms = self._fetch(guarded)
        kept = rows[: guarded.row_cap]
        answer_rows = rows_from_driver(kept, len(names))
        if answer_rows is None:
            answer_rows = json_rows(frame_from_rows(kept, names))
        return RowsResult(names, answer_rows, len(rows) > guarded.row_cap, elapsed_ms)

    def _fetch(self, guarded: GuardedSQL) -> tuple[list[Any], list[str], float]:
        """Up to `row_cap + 1` rows of the statement in a read-only transaction under the deadline; the column
        names; the time taken (ms)."""
        con = self._acquire()
        start = time.perf_counter()
        try:
            with self.watchdog.watch(lambda: con.cancel_safe(timeout=CANCEL_TIMEOUT_S), self.timeout_s) as deadline:
                try:
                    if guarded.capped and guarded.row_cap + 1 <= PAGE_ROWS and _CHUNKED:
                        rows, names = _fetch_one_page(con, guarded.sql)
                    else:
                        with con.cursor(name=_CURSOR_NAME) as cursor:
                            cursor.execute(guarded.sql.encode())
                            rows = _fetch_pages(cursor, guarded.row_cap + 1)
                            names = [column.name for column in cursor.description or []]
                except psycopg.errors.QueryCanceled as error:
                    raise self.timeout_error() from error
                except psycopg.Error as error:
                    if deadline.fired:
                        raise self.timeout_error() from error
                    raise self._engine_error(error) from error
                finally:
                    _end_transaction(con)
        finally:
            self._release(con)
        return rows, names, (time.perf_counter() - start) * 1000

    def tables(self) -> list[str]:
        rows = self._internal(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type IN ('BASE TABLE', 'VIEW', 'FOREIGN') ORDER BY table_name"
        )
        return [str(name) for (name,) in rows]

    def columns(self, table: str) -> list[ColumnInfo]:
        schema, _, name = table.rpartition(".")
        rows = self._internal(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = COALESCE(NULLIF(%s, ''), current_schema()) AND table_name = %s "
            "ORDER BY ordinal_position",
            [schema, name],
        )
        if not rows:
            raise WarehouseError(f"No table '{table}' in {self.describe()}.")
        return [ColumnInfo(str(column), str(kind)) for column, kind in rows]

    def info(self) -> dict[str, str]:
        if "warehouse_info" not in self.tables():
            return {}
        rows = self._internal("SELECT CAST(key AS text), CAST(value AS text) FROM warehouse_info")
        return {str(key): str(value) for key, value in rows}

    def cancel(self) -> None:
        with self._lock:
            busy = list(self._busy)
        for con in busy:
            con.cancel_safe(timeout=CANCEL_TIMEOUT_S)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections = [*self._idle, *self._busy]
            self._idle.clear()
        for con in connections:
            con.close()

    def _internal(self, query: str, parameters: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """Our own catalog queries; values go in as bound parameters."""
        con = self._acquire()
        try:
            return con.execute(query.encode(), parameters).fetchall()
        except psycopg.Error as error:
            raise self._engine_error(error) from error
        finally:
            _end_transaction(con)
            self._release(con)

    def _acquire(self) -> psycopg.Connection[Any]:
        with self._lock:
            if self._closed:
                raise WarehouseError("The warehouse is closed.")
            con = self._idle.pop() if self._idle else None
        if con is None or con.closed:
            con = self._open()
        with self._lock:
            self._busy.add(con)
        return con

    def _release(self, con: psycopg.Connection[Any]) -> None:
        with self._lock:
            self._busy.discard(con)
            if self._closed or con.closed or con.broken:
                keep = False
            else:
                keep = True
                self._idle.append(con)
        if not keep:
            con.close()

    def _open(self) -> psycopg.Connection[Any]:
        try:
            con = psycopg.connect(self._conninfo, connect_timeout=CONNECT_TIMEOUT_S, application_name="chatbi")
        except psycopg.Error as error:
            raise WarehouseError(f"Could not connect to {self._where}: {first_line(error)}") from error
        try:
            con.read_only = True
            timeout = f"{max(1, round(self.timeout_s * 1000))}ms"
            settings = {
                "default_transaction_read_only": "on",
                "statement_timeout": timeout,
                "lock_timeout": timeout,
                "idle_in_transaction_session_timeout": f"{max(1, round(self.timeout_s * 2000))}ms",
            }
            if self.schema:
                settings["search_path"] = pgsql.Identifier(self.schema).as_string(con)
            for name, value in settings.items():
                con.execute("SELECT set_config(%s, %s, false)", [name, value])
            con.commit()
        except psycopg.Error as error:
            con.close()
            raise WarehouseError(f"Could not prepare the session on {self._where}: {first_line(error)}") from error
        return con

    def _engine_error(self, error: psycopg.Error) -> WarehouseError:
        if isinstance(error, psycopg.errors.InsufficientPrivilege):
            return WarehouseError(f"The database role may not read this: {first_line(error)}")
        return WarehouseError(f"The query failed in the warehouse: {first_line(error)}")


def split_schema(url: str) -> tuple[str, str | None]:
    """The libpq URL without our `schema` parameter, and that schema."""
    parts = urlsplit(url)
    params = parse_qsl(parts.query, keep_blank_values=True)
    schemas = [value for key, value in params if key == "schema"]
    if len(schemas) > 1 or (schemas and not schemas[0]):
        raise UserInputError("Give at most one non-empty ?schema= in a postgresql:// warehouse URL.")
    rest = urlencode([(key, value) for key, value in params if key != "schema"])
    return parts._replace(query=rest).geturl(), (schemas[0] if schemas else None)


def _end_transaction(con: psycopg.Connection[Any]) -> None:
    try:
        con.rollback()
    except psycopg.Error:
        con.close()


def _fetch_one_page(con: psycopg.Connection[Any], sql: str) -> tuple[list[Any], list[str]]:
    """All rows of a statement whose own LIMIT keeps it within one page (the guard's row cap), in one round trip.

    A server-side cursor costs three more (DECLARE, describe, FETCH instead of the query; CLOSE): ~0.1 ms each on a
    quiet machine, more under load. `stream` sends the statement with the extended protocol, as DECLARE does (one
    statement only; the simple protocol a plain `execute` uses would run several), inside the same read-only
    transaction, and receives the rows in chunks of PAGE_ROWS (libpq 17+ chunked mode, see _CHUNKED)."""
    with con.cursor() as cursor:
        rows = list(cursor.stream(sql.encode(), size=PAGE_ROWS))
        return rows, [column.name for column in cursor.description or []]


def _fetch_pages(cursor: psycopg.ServerCursor[Any], limit: int) -> list[Any]:
    """Up to `limit` rows, a page per round trip, so a theme question's many texts stream in. A short page is
    the last one (FETCH returns fewer rows than asked only at the end), so no round trip asks for nothing."""
    rows: list[Any] = []
    while len(rows) < limit:
        size = min(PAGE_ROWS, limit - len(rows))
        page = cursor.fetchmany(size)
        rows.extend(page)
        if len(page) < size:
            break
    return rows
