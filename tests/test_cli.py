"""The `chatbi` command as a user runs it: JSON contracts of DESIGN.md §3, flags and env vars of §9,
one-line errors, an audit record per request, and no heavy imports on the offline path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.cli import main

ANSWER_KEYS = {"question", "language", "status", "plan", "assumptions", "sql", "columns", "rows", "row_count",
               "truncated", "themes", "summary", "chart", "message", "timings_ms"}  # fmt: skip
TIMING_KEYS = {"plan", "compile", "guard", "execute", "themes", "summarize", "total"}
PLAN_KEYS = {
    "status",
    "query",
    "assumptions",
    "clarification",
    "suggestions",
    "planner",
    "interpretation",
    "unrecognized",
}  # DESIGN §10
QUERY = {"metrics": ["complaints", "complaining_customers"], "dimensions": [{"name": "customer.region"}],
         "segments": ["churned_customers"], "time_range": {"start": "2026-08-23", "end": "2026-11-22", "label": "last 3 months"},
         "order_by": [{"field": "complaints", "direction": "desc"}]}  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def query_file(tmp_path: Path) -> Path:
    path = tmp_path / "query.json"
    path.write_text(json.dumps(QUERY), encoding="utf-8")
    return path


def test_ask_query_json_follows_the_answer_contract(capsys: Any, query_file: Path, demo_warehouse_path: Path) -> None:
    code, out, _ = run(capsys, "ask", "--query", str(query_file), "--json", "--warehouse", str(demo_warehouse_path))
    answer = json.loads(out)
    assert code == 0
    assert set(answer) == ANSWER_KEYS and set(answer["timings_ms"]) == TIMING_KEYS and set(answer["plan"]) == PLAN_KEYS
    assert answer["status"] == "answered" and answer["plan"]["planner"] == "direct"
    assert answer["columns"] == ["region", "complaints", "complaining_customers"]
    assert answer["row_count"] == len(answer["rows"]) == 5 and answer["truncated"] is False
    counts = [row[1] for row in answer["rows"]]
    assert counts == sorted(counts, reverse=True) and all(isinstance(c, int) for c in counts)
    assert "Time range: 2026-08-23 to 2026-11-22 (last 3 months)" in answer["assumptions"][0]
    assert answer["sql"].startswith("SELECT") and "customers.status = 'churned'" in answer["sql"]
    assert answer["timings_ms"]["total"] >= answer["timings_ms"]["execute"] > 0


def test_explain_compiles_without_touching_data(capsys: Any, query_file: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "explain", "--query", str(query_file), "--json", "--as-of", "2026-11-22")
    answer = json.loads(out)
    assert code == 0 and answer["rows"] == [] and answer["sql"] and "not run" in answer["message"]
    assert answer["timings_ms"]["execute"] == 0
    assert not list((tmp_path / "data-home").glob("**/*.duckdb")), "explain must not build or open a warehouse"


def test_human_output_shows_table_and_assumptions(capsys: Any, query_file: Path, demo_warehouse_path: Path) -> None:
    code, out, _ = run(capsys, "ask", "--query", str(query_file), "--warehouse", str(demo_warehouse_path))
    assert code == 0
    lines = out.splitlines()
    assert "had the highest complaints" in lines[0]  # the summary leads
    assert ["region", "complaints", "complaining_customers"] in [line.split() for line in lines]
    assert "Assumptions:" in out and "(5 rows)" in out


def test_sql_command_runs_and_refuses(capsys: Any, demo_warehouse_path: Path) -> None:
    code, out, _ = run(
        capsys,
        "sql",
        "SELECT tier, COUNT(*) AS n FROM customers GROUP BY tier ORDER BY tier",
        "--json",
        "--warehouse",
        str(demo_warehouse_path),
    )
    answer = json.loads(out)
    assert code == 0 and answer["status"] == "answered" and [row[0] for row in answer["rows"]] == ["A", "B", "C", "D"]
    code, out, _ = run(
        capsys, "sql", "SELECT * FROM eval_ticket_themes", "--json", "--warehouse", str(demo_warehouse_path)
    )
    answer = json.loads(out)
    assert code == 1 and answer["status"] == "refused" and "eval_ticket_themes" in answer["message"]
    assert answer["rows"] == []


def test_row_cap_truncates(capsys: Any, demo_warehouse_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATBI_ROW_CAP", "7")
    code, out, _ = run(
        capsys, "sql", "SELECT customer_id FROM customers", "--json", "--warehouse", str(demo_warehouse_path)
    )
    answer = json.loads(out)
    assert code == 0 and answer["row_count"] == 7 and answer["truncated"] is True


def test_environment_variables_are_honoured(
    capsys: Any, query_file: Path, demo_warehouse_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATBI_WAREHOUSE", str(demo_warehouse_path))
    monkeypatch.setenv("CHATBI_AS_OF", "2026-06-30")
    query = {"metrics": ["silent_customers"]}
    query_file.write_text(json.dumps(query), encoding="utf-8")
    code, out, _ = run(capsys, "ask", "--query", str(query_file), "--json")
    june = json.loads(out)
    code2, out2, _ = run(capsys, "ask", "--query", str(query_file), "--json", "--as-of", "2026-11-22")
    november = json.loads(out2)
    assert code == code2 == 0
    assert june["rows"] != november["rows"], "silent customers depend on as-of (90 days up to it)"
    assert june["assumptions"][-1] == "Data as of 2026-06-30."


def test_every_request_is_audited(
    capsys: Any, query_file: Path, demo_warehouse_path: Path, isolated_home: Path
) -> None:
    run(capsys, "ask", "--query", str(query_file), "--json", "--warehouse", str(demo_warehouse_path))
    run(capsys, "sql", "DROP TABLE customers", "--warehouse", str(demo_warehouse_path))
    lines = (isolated_home / "chatbi" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    first, second = (json.loads(line) for line in lines)
    assert (
        first["kind"] == "ask" and first["guard"] == "accepted" and first["row_count"] == 5 and first["plan"]["query"]
    )
    assert second["kind"] == "sql" and second["guard"].startswith("refused") and second["error"]
    assert {"id", "user", "question", "sql", "timings_ms"} <= set(first)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask"], "Give either a question or --query FILE.json"),
        (["ask", "--query", "/nonexistent/q.json"], "No query file at /nonexistent/q.json"),
        (["ask", "--query", "{bad}"], "No query file at"),
        (["ask", "--query", "QUERY", "--warehouse", "/nonexistent.duckdb"], "No warehouse file at /nonexistent.duckdb"),
        (["ask", "--query", "QUERY", "--as-of", "2026-02-30"], "Invalid setting as_of"),
        (["explain", "--query", "QUERY", "--model", "/nonexistent.yml"], "No semantic model file at /nonexistent.yml"),
        (["ask", "  ", "--as-of", "2026-11-22"], "The question is empty"),
        (["ask", "x" * 3000, "--as-of", "2026-11-22"], "the limit is 2,000"),
        (["ask", "revenue\x00", "--as-of", "2026-11-22"], "control characters or binary data"),
    ],
)
def test_bad_input_gets_one_clear_line(capsys: Any, query_file: Path, args: list[str], message: str) -> None:
    args = [str(query_file) if a == "QUERY" else a for a in args]
    code, out, err = run(capsys, *args)
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err + out


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "is not valid JSON (line 1"), ('{"metrics": ["churn"]}', "Unknown metric 'churn'. Did you mean: churn_rate"),
     ('{"metrics": "revenue", "colour": 1}', "is not a valid SemanticQuery"), ("\xff\xfe", "Cannot read")],
)  # fmt: skip
def test_bad_query_files(capsys: Any, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "q.json"
    path.write_bytes(content.encode("latin-1"))
    code, out, err = run(capsys, "explain", "--query", str(path), "--json", "--as-of", "2026-11-22")
    assert code == 1 and message in json.loads(out)["message"] and "Traceback" not in err


def test_model_check(capsys: Any, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "model", "check", "--as-of", "2026-11-22")
    assert code == 0 and out.startswith("OK ") and "5 entities" in out
    broken = tmp_path / "m.yml"
    broken.write_text(
        "name: x\nentities: {}\nmetrics:\n  a: {type: simple, measure: nope.x, label: {en: A, zh: A}}\n  b: {type: ratio}\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "model", "check", str(broken))
    assert code == 1 and f"{broken}:5: metrics.b" in err


def test_demo_build_command(capsys: Any, tmp_path: Path) -> None:
    target = tmp_path / "built.duckdb"
    code, out, _ = run(capsys, "demo", "build", "--path", str(target), "--as-of", "2026-11-22", "--seed", "3")
    assert code == 0 and target.is_file() and "customers" in out
    code, _, err = run(capsys, "demo", "build", "--path", str(target), "--as-of", "tomorrow")
    assert code == 1 and "--as-of" in err


def test_offline_ask_imports_no_gradio_or_langchain(query_file: Path, demo_warehouse_path: Path) -> None:
    script = (
        "import sys\nfrom assistant.cli import main\n"
        f"code = main(['ask', '--query', {str(query_file)!r}, '--json', '--warehouse', {str(demo_warehouse_path)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('gradio', 'langchain', 'langchain_core', 'openai'))\n"
        "print('HEAVY', heavy)\nraise SystemExit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_python_dash_m_works(demo_warehouse_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "assistant", "sql", "SELECT 1 AS one FROM customers LIMIT 1", "--json",
                             "--warehouse", str(demo_warehouse_path)], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rows"] == [[1]]


def test_offline_question_imports_no_llm_library(demo_warehouse_path: Path) -> None:
    script = (
        "import sys\nfrom assistant.cli import main\n"
        f"code = main(['ask', 'Revenue by region last quarter', '--llm', 'offline', '--json', '--warehouse', {str(demo_warehouse_path)!r}])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('gradio', 'langchain', 'langchain_core', 'langchain_openai', 'openai', 'httpx'))\n"
        "print('HEAVY', heavy)\nraise SystemExit(code)\n"
    )
    env = {**os.environ, "OPENAI_API_KEY": "sk-never-used"}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout and '"planner": "offline"' in result.stdout


@pytest.mark.parametrize("command", ["ask", "explain", "eval"])
def test_llm_flag_is_offered(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    assert "--llm {offline,openai}" in capsys.readouterr().out
