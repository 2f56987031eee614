"""`chatbi` on every engine form: the demo written to Parquet and PostgreSQL, and the same answers from each."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlglot

from tests.conftest import SPARK
from tests.test_cli import QUERY, run


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "query.json"
    path.write_text(json.dumps(QUERY), encoding="utf-8")
    return path


def _answer(capsys: Any, warehouse: str, *args: str, ok: bool = True) -> dict[str, Any]:
    code, out, err = run(capsys, *args, "--json", "--warehouse", warehouse)
    assert (code == 0) == ok, err
    answer: dict[str, Any] = json.loads(out)
    return answer


def test_same_answer_from_duckdb_parquet_and_postgres(
    capsys: Any, query_file: Path, demo_warehouse_path: Path, demo_parquet_dir: Path, demo_postgres_url: str
) -> None:
    answers = [
        _answer(capsys, location, "ask", "--query", str(query_file))
        for location in (str(demo_warehouse_path), f"files://{demo_parquet_dir}", demo_postgres_url)
    ]
    assert all(a["status"] == "answered" for a in answers)
    assert answers[0]["rows"] and answers[0]["rows"] == answers[1]["rows"] == answers[2]["rows"]
    assert "2026-11-22" in " ".join(answers[2]["assumptions"])  # as_of read from the engine's warehouse_info


def test_questions_and_sql_on_postgres(capsys: Any, demo_postgres_url: str) -> None:
    answer = _answer(
        capsys, demo_postgres_url, "ask", "What was the churn rate by month this year?", "--llm", "offline"
    )
    assert answer["status"] == "answered" and len(answer["rows"]) == 11
    themes = _answer(capsys, demo_postgres_url, "ask", "What did churned customers complain about in the last three months?",
                     "--llm", "offline")  # fmt: skip
    assert themes["status"] == "answered" and themes["themes"]
    refused = _answer(capsys, demo_postgres_url, "sql", "SELECT pg_read_file('/etc/passwd')", ok=False)
    assert refused["status"] == "refused" and "pg_read_file" in refused["message"]


def test_explain_on_postgres_renders_postgres_sql_without_connecting(capsys: Any, query_file: Path) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    answer = _answer(capsys, url, "explain", "--query", str(query_file), "--as-of", "2026-11-22")
    assert answer["status"] == "answered"  # port 1 accepts no connection: nothing was opened
    sqlglot.parse_one(answer["sql"], read="postgres")


def test_demo_build_writes_parquet_and_postgres(capsys: Any, tmp_path: Path, postgres_admin_url: str) -> None:
    from tests.pg_server import create_database

    folder = tmp_path / "lake"
    code, out, err = run(capsys, "demo", "build", "--format", "parquet", "--path", str(folder), "--as-of", "2026-11-22")
    assert code == 0, err
    assert {p.name for p in folder.glob("*.parquet")} >= {
        "customers.parquet",
        "orders.parquet",
        "warehouse_info.parquet",
    }
    url = create_database(postgres_admin_url, f"chatbi_cli_{tmp_path.name[-20:].lower()}")
    code, out, err = run(capsys, "demo", "build", "--format", "postgresql", "--path", url, "--as-of", "2026-11-22")
    assert code == 0, err
    assert "customers 20,000" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "postgresql"], "needs --path"),
        (["--format", "postgresql", "--path", "/tmp/x"], "does not match"),
        (["--format", "parquet", "--path", "postgresql://u@h/db"], "does not match"),
    ],
)
def test_demo_build_format_errors_are_one_line(capsys: Any, args: list[str], message: str) -> None:
    code, _, err = run(capsys, "demo", "build", *args)
    assert code != 0 and message in err and "Traceback" not in err


def test_missing_folder_or_unknown_scheme_is_a_clear_error(capsys: Any, tmp_path: Path) -> None:
    code, _, err = run(capsys, "sql", "SELECT 1", "--warehouse", f"files://{tmp_path}/missing")
    assert code != 0 and "No data folder" in err
    code, _, err = run(capsys, "sql", "SELECT 1", "--warehouse", "mysql://u@h/db")
    assert code != 0 and "Unknown warehouse scheme" in err


@SPARK
def test_same_answer_from_spark_local(
    capsys: Any,
    query_file: Path,
    demo_warehouse_path: Path,
    demo_parquet_dir: Path,
    demo_spark: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CHATBI_QUERY_TIMEOUT_S", "120")  # local Spark on a busy 2-core machine is slow
    duck = _answer(capsys, str(demo_warehouse_path), "ask", "--query", str(query_file))
    spark = _answer(capsys, f"spark-local://{demo_parquet_dir}", "ask", "--query", str(query_file))
    assert spark["status"] == "answered" and spark["rows"] == duck["rows"]
    assert "SELECT" in spark["sql"]
