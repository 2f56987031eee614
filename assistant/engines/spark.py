"""Spark SQL through PySpark: local mode over a folder of Parquet/CSV files (`spark-local:///DIR`), or a
cluster through Spark Connect (`sc://HOST:PORT[?path=DIR]`).

Each query runs in a job group of its own (a tag on Spark Connect), cancelled at the deadline; rows are pulled page by page up to
the cap. Spark has no sandbox like DuckDB's: the guard is what keeps queries to the model's tables (and
`spark.sql.runSQLOnFiles=false` turns off `parquet.`path`` reads in local mode); on a cluster, give the
Spark Connect user read access to the model's tables only.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from assistant.engines.base import ColumnInfo, Engine, Limits, QueryResult, first_line, frame_from_rows
from assistant.engines.folder import discover_tables
from assistant.errors import UserInputError, WarehouseError
from assistant.guard import GuardedSQL

_PAGE_ROWS = 10_000
_SESSION_LOCK = threading.Lock()
_MEMORY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]i?B?)?\s*$", re.IGNORECASE)


class SparkEngine(Engine):
    """Spark SQL over temporary views (local mode) or the server's catalog (Spark Connect)."""

    dialect = "spark"

    def __init__(self, session: Any, where: str, limits: Limits, *, remote: bool = False) -> None:
        super().__init__(limits)
        self._spark = session
        self._remote = remote
        self._where = where
        self._lock = threading.Lock()
        self._running: set[str] = set()
        self._views: list[str] = []
        self._closed = False

    @classmethod
    def local(cls, folder: Path, limits: Limits | None = None) -> SparkEngine:
        """local[threads] over the data files of `folder`, each a temporary view of a session of our own."""
        limits = limits or Limits()
        folder = Path(folder)
        if not folder.is_dir():
            raise WarehouseError(f"No data folder at {folder}.")
        sources = discover_tables(folder.resolve())
        if not sources:
            raise WarehouseError(f"{folder} holds no *.parquet or *.csv files.")
        engine = cls(_local_session(limits).newSession(), f"spark-local://{folder}", limits)
        engine._register(sources)
        return engine

    @classmethod
    def connect(cls, url: str, limits: Limits | None = None) -> SparkEngine:
        """A Spark Connect server; `?path=DIR` (a directory the server can read) adds one view per Parquet
        file or folder of parts in it, named by its stem, next to the server's own tables."""
        limits = limits or Limits()
        parts = urlsplit(url)
        params = dict(parse_qsl(parts.query))
        path = params.pop("path", None)
        if params:
            raise UserInputError(
                "An sc:// warehouse URL takes only ?path=DIR; give Spark Connect's own options as ;key=value "
                "(sc://HOST:PORT/;token=...)."
            )
        remote = parts._replace(query="").geturl()
        try:
            from pyspark.sql import SparkSession

            # A session of our own (not getOrCreate's shared default): its temporary views and tags are ours alone.
            session = SparkSession.builder.remote(remote).create()
        except Exception as error:  # pyspark raises several unrelated types for a bad or unreachable server
            raise WarehouseError(f"Could not connect to Spark at {parts.netloc}: {first_line(error)}") from error
        engine = cls(session, f"sc://{parts.netloc}", limits, remote=True)
        if path:
            engine._register_remote(path)
        return engine

    def describe(self) -> str:
        return self._where

    def _run(self, guarded: GuardedSQL) -> QueryResult:
        group = f"chatbi-{uuid.uuid4().hex}"
        start = time.perf_counter()
        with self._lock:
            self._running.add(group)
        self._enter_group(group)
        try:
            with self.watchdog.watch(lambda: self._cancel_group(group), self.timeout_s) as deadline:
                try:
                    frame = self._spark.sql(guarded.sql)
                    names = list(frame.columns)
                    rows = list(itertools.islice(_pages(frame), guarded.row_cap + 1))
                except Exception as error:  # py4j, Spark analysis and Connect errors share no base class
                    if deadline.fired:
                        raise self.timeout_error() from error
                    raise WarehouseError(f"The query failed in the warehouse: {_spark_message(error)}") from error
        finally:
            self._leave_group(group)
            with self._lock:
                self._running.discard(group)
        truncated = len(rows) > guarded.row_cap
        result = frame_from_rows(rows[: guarded.row_cap], names)
        return QueryResult(frame=result, truncated=truncated, elapsed_ms=(time.perf_counter() - start) * 1000)

    def tables(self) -> list[str]:
        return sorted(table.name for table in self._spark.catalog.listTables())

    def columns(self, table: str) -> list[ColumnInfo]:
        if table not in self.tables():
            raise WarehouseError(f"No table '{table}' in {self.describe()}.")
        return [ColumnInfo(field.name, field.dataType.simpleString()) for field in self._spark.table(table).schema]

    def info(self) -> dict[str, str]:
        if "warehouse_info" not in self.tables():
            return {}
        rows = self._spark.sql("SELECT CAST(key AS STRING), CAST(value AS STRING) FROM warehouse_info").collect()
        return {str(row[0]): str(row[1]) for row in rows}

    def cancel(self) -> None:
        with self._lock:
            running = list(self._running)
        for group in running:
            self._cancel_group(group)

    def _enter_group(self, group: str) -> None:
        """Jobs started by this thread from now on belong to `group` (job groups are per thread)."""
        if self._remote:
            self._spark.addTag(group)
        else:
            self._spark.sparkContext.setJobGroup(group, "chatbi query", interruptOnCancel=True)

    def _cancel_group(self, group: str) -> None:
        if self._remote:
            self._spark.interruptTag(group)
        else:
            self._spark.sparkContext.cancelJobGroup(group)

    def _leave_group(self, group: str) -> None:
        if self._remote:
            self._spark.removeTag(group)
        else:
            self._spark.sparkContext.setLocalProperty("spark.jobGroup.id", None)

    def close(self) -> None:
        if self._remote:
            if not self._closed:
                self._closed = True
                self._views.clear()
                self._spark.stop()  # releases the server-side session (ours alone) and its views
            return
        for view in self._views:
            self._spark.catalog.dropTempView(view)
        self._views.clear()

    def _register(self, sources: dict[str, list[Path]]) -> None:
        for name, files in sources.items():
            paths = [str(path) for path in files]
            if files[0].suffix.lower() == ".csv":
                frame = self._spark.read.csv(paths, header=True, inferSchema=True)
            else:
                frame = self._spark.read.parquet(*paths)
            frame.createOrReplaceTempView(name)
            self._views.append(name)

    def _register_remote(self, path: str) -> None:
        listing = self._spark.read.format("binaryFile").option("recursiveFileLookup", "false").load(path)
        names: dict[str, str] = {}
        for row in listing.select("path").collect():
            location = str(row[0]).rstrip("/")
            stem = location.rsplit("/", 1)[-1].removesuffix(".parquet")
            if location.endswith(".parquet") and re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", stem):
                names[stem] = location
        if not names:
            raise WarehouseError(f"No *.parquet files in {path} on the Spark server.")
        for name, location in sorted(names.items()):
            self._spark.read.parquet(location).createOrReplaceTempView(name)
            self._views.append(name)


def _pages(frame: Any) -> Any:
    """Rows in pages, so a large result is never collected at once."""
    return frame.toLocalIterator(prefetchPartitions=False)


def _local_session(limits: Limits) -> Any:
    """The process's one local Spark (a JVM per process); each engine works in a new session of it."""
    with _SESSION_LOCK:
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master(f"local[{limits.threads}]")
            .appName("chatbi")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", _spark_memory(limits.memory_limit))
            .config("spark.sql.shuffle.partitions", str(max(2, 2 * limits.threads)))
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.runSQLOnFiles", "false")
            .config("spark.sql.adaptive.enabled", "true")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        return session


def _spark_memory(limit: str) -> str:
    """DuckDB's spelling ("2GB") as Spark's ("2048m")."""
    match = _MEMORY.match(limit)
    if not match:
        return "1g"
    units = {"k": 1 / 1024, "m": 1, "g": 1024, "t": 1024 * 1024}
    unit = (match.group(2) or "m")[0].lower()
    return f"{max(256, int(float(match.group(1)) * units[unit]))}m"


def _spark_message(error: Exception) -> str:
    text = getattr(error, "getMessage", lambda: None)() or str(error)
    return first_line(Exception(text.split("\n\nJVM stacktrace")[0]))
