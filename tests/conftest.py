"""Shared fixtures: one small demo warehouse per test session, built with a fixed seed and as-of."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from assistant.engines import Engine

AS_OF = date(2026, 11, 22)
SEED = 7


@pytest.fixture(scope="session")
def demo_warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo warehouse (seed 7, as-of 2026-11-22), built once per session and never written again."""
    from assistant.demo_data import build_demo_warehouse

    path = tmp_path_factory.mktemp("warehouse") / "demo.duckdb"
    build_demo_warehouse(path, scale="small", seed=SEED, as_of=AS_OF)
    return path


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's data folder, environment settings or LLM keys."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
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
