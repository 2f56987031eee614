"""The DuckDB side of `chatbi init`'s seam (assistant/modeling/introspect.py): a read-only DuckDB file's
catalog with its declared keys, and guarded SELECTs under the warehouse sandbox and a deadline."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import duckdb
from sqlglot import exp

from assistant.engines.duckdb_file import SANDBOX_CONFIG
from assistant.errors import QueryTimeout, WarehouseError
from assistant.guard import guard_sql
from assistant.modeling.introspect import PROFILE_ROW_CAP, Column, ForeignKey, Table, is_reserved


class DuckDBCatalog:
    """An `Introspector` over a DuckDB file, opened read-only in the warehouse sandbox."""

    dialect = "duckdb"

    def __init__(self, path: Path, *, timeout_s: float = 60.0, threads: int = 2, memory_limit: str = "2GB") -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        if not self.path.is_file():
            raise WarehouseError(f"No warehouse file at {self.path}.")
        config: dict[str, Any] = {**SANDBOX_CONFIG, "threads": threads, "memory_limit": memory_limit}
        try:
            self._con = duckdb.connect(str(self.path), read_only=True, config=config)
        except duckdb.Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise WarehouseError(f"Could not open the warehouse {self.path}: {first}") from error
        self._tables: list[str] = []

    def catalog(self) -> list[Table]:
        columns = self._con.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal "
            "ORDER BY table_name, column_index"
        ).fetchall()
        constraints = self._con.execute(
            "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
            "referenced_column_names FROM duckdb_constraints() "
            "WHERE database_name = current_database() AND schema_name = 'main' "
            "AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')"
        ).fetchall()
        by_table: dict[str, list[Column]] = {}
        for table, name, data_type in columns:
            if not is_reserved(str(table)):
                by_table.setdefault(str(table), []).append(Column(str(name), str(data_type)))
        keys: dict[str, tuple[str, ...]] = {}
        foreign: dict[str, list[ForeignKey]] = {}
        for table, kind, names, remote_table, remote_names in constraints:
            if kind == "PRIMARY KEY":
                keys[str(table)] = tuple(map(str, names))
            elif remote_table:
                fk = ForeignKey(tuple(map(str, names)), str(remote_table), tuple(map(str, remote_names or ())))
                foreign.setdefault(str(table), []).append(fk)
        self._tables = sorted(by_table)
        return [
            Table(name, tuple(cols), keys.get(name, ()), tuple(foreign.get(name, ())))
            for name, cols in sorted(by_table.items())
        ]

    def select(self, query: exp.Query) -> list[tuple[Any, ...]]:
        if not self._tables:
            self.catalog()
        guarded = guard_sql(
            query.sql(dialect=self.dialect), allowed_tables=self._tables, row_cap=PROFILE_ROW_CAP, dialect=self.dialect
        )
        cursor = self._con.cursor()
        fired = threading.Event()

        def interrupt() -> None:
            fired.set()
            cursor.interrupt()

        timer = threading.Timer(self.timeout_s, interrupt)
        timer.daemon = True
        timer.start()
        try:
            return cursor.execute(guarded.sql).fetchall()
        except duckdb.Error as error:
            if fired.is_set():
                raise QueryTimeout(f"A query ran longer than {self.timeout_s:g} s and was stopped.") from error
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise WarehouseError(f"The query failed in the warehouse: {first}") from error
        finally:
            timer.cancel()
            cursor.close()

    def close(self) -> None:
        self._con.close()
