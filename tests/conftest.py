"""Shared fixtures: one small demo warehouse per test session, built with a fixed seed and as-of."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from assistant.engines import Engine

SPARK = pytest.mark.xdist_group("spark")

AS_OF = date(2026, 11, 22)
SEED = 7


def write_model(path: Path, text: str) -> Path:
    """A model file at `path` (an edited copy of the demo model), with the demo model's labelled-examples
    file beside it, as a user copying the model would copy both."""
    from semantic_layer import DEMO_MODEL_PATH

    path.write_text(text, encoding="utf-8")
    examples = DEMO_MODEL_PATH.with_name("complaint_examples.csv")
    (path.parent / examples.name).write_bytes(examples.read_bytes())
    return path


@pytest.fixture(scope="session")
def demo_warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo warehouse (seed 7, as-of 2026-11-22), built once per session and never written again."""
    from assistant.demo_data import build_demo_warehouse

    path = tmp_path_factory.mktemp("warehouse") / "demo.duckdb"
    build_demo_warehouse(path, scale="small", seed=SEED, as_of=AS_OF)
    return path


@pytest.fixture(scope="session")
def embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One text-embedding cache for the session: each text is embedded once however many tests theme it."""
    return tmp_path_factory.mktemp("embeddings")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedding_cache: Path) -> Path:
    """No test reads or writes the user's data folder, environment settings or LLM keys."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.setenv("CHATBI_EMBEDDING_CACHE", str(embedding_cache))
    for name in ("CHATBI_WAREHOUSE", "CHATBI_SEMANTIC_MODEL", "CHATBI_AS_OF", "CHATBI_DEMO_WAREHOUSE",
                 "CHATBI_AUDIT_LOG", "CHATBI_LLM", "OPENAI_API_KEY", "OPENAI_BASE_URL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "data-home"


@pytest.fixture(scope="session")
def demo_warehouse(demo_warehouse_path: Path) -> Iterator[Engine]:
    """The sandboxed, read-only warehouse over the session's demo file (DuckDB shares one instance per
    file and process, so every in-process reader goes through this same configuration)."""
    from assistant.engines.duckdb_file import DuckDBFile

    with DuckDBFile(demo_warehouse_path) as warehouse:
        yield warehouse


def require_services() -> bool:
    """On CI (CI=true) a missing service fails its tests; elsewhere they are skipped with what to install."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _service_url(
    name: str, variable: str, start: Callable[[], AbstractContextManager[str]], unavailable: type[Exception]
) -> Iterator[str]:
    """The URL of a service for this test run: the one named by `variable`, else one `start` runs here. On CI a
    service that cannot start fails its tests; elsewhere they are skipped with the reason."""
    given = os.environ.get(variable)
    if given:
        yield given
        return
    try:
        with start() as url:
            yield url
    except unavailable as exc:
        if require_services():
            pytest.fail(f"{name} is required on CI: {exc}")
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A PostgreSQL server for this test run: the one `make test` started (CHATBI_TEST_POSTGRES_URL), else a
    temporary one started here."""
    from tests.pg_server import PostgresUnavailable, temporary_server

    yield from _service_url("PostgreSQL", "CHATBI_TEST_POSTGRES_URL", temporary_server, PostgresUnavailable)


@pytest.fixture(scope="session")
def demo_postgres_url(postgres_admin_url: str, demo_warehouse_path: Path, worker_id: str) -> str:
    """The session's demo data in a database of its own (one per xdist worker), read through the
    least-privilege role of docs/connect.md."""
    from assistant.demo_data.export import export_postgres
    from semantic_layer import load_model
    from tests.pg_server import create_database, grant_reader

    url = create_database(postgres_admin_url, f"chatbi_test_{worker_id}")
    export_postgres(demo_warehouse_path, url)
    return grant_reader(url, [*load_model(as_of=AS_OF).tables(), "warehouse_info"])


@pytest.fixture(scope="session")
def demo_parquet_dir(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's demo data as a folder of Parquet files."""
    from assistant.demo_data.export import export_parquet

    folder = tmp_path_factory.mktemp("parquet")
    export_parquet(demo_warehouse_path, folder)
    return folder


@pytest.fixture(scope="session")
def demo_spark(demo_parquet_dir: Path) -> Iterator[Engine]:
    """The one local Spark (local[2]) of this test run over the demo Parquet folder. Tests that use it carry
    `xdist_group("spark")` so that one worker runs them all (`make test` passes --dist loadgroup)."""
    import shutil

    from assistant.engines import Limits, connect

    problem = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        problem = "pyspark is not installed (pip install 'chat-analytics-assistant[spark]')"
    if problem is None and shutil.which("java") is None:
        problem = "no Java runtime for Spark (apt-get install openjdk-17-jre-headless)"
    if problem is not None:
        if require_services():
            pytest.fail(f"Spark is required on CI: {problem}")
        pytest.skip(problem)
    with connect(f"spark-local://{demo_parquet_dir}", Limits(timeout_s=120.0)) as engine:
        yield engine


@pytest.fixture(scope="session")
def spark_connect_url() -> Iterator[str]:
    """A Spark Connect server for this test run (`CHATBI_TEST_SPARK_CONNECT_URL`, else one started here)."""
    from tests.spark_connect_server import SparkConnectUnavailable, temporary_server

    yield from _service_url("Spark Connect", "CHATBI_TEST_SPARK_CONNECT_URL", temporary_server, SparkConnectUnavailable)


@pytest.fixture(scope="session")
def demo_spark_connect(spark_connect_url: str, demo_parquet_dir: Path) -> Iterator[Engine]:
    """The demo Parquet folder on the Spark Connect server, one view per file (`sc://...?path=DIR`)."""
    import importlib.util

    from assistant.engines import Limits, connect

    missing = [name for name in ("grpc", "pyarrow", "google.rpc") if importlib.util.find_spec(name) is None]
    if missing:
        problem = f"the Spark Connect client needs {', '.join(missing)} (pip install 'chat-analytics-assistant[spark]')"
        if require_services():
            pytest.fail(problem)
        pytest.skip(problem)
    with connect(f"{spark_connect_url}?path={demo_parquet_dir}", Limits(timeout_s=120.0)) as engine:
        yield engine
