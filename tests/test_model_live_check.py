"""`chatbi model check` with a warehouse: columns, types, keys, relationships and sample values are checked
against the data, each problem with file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.cli import main
from assistant.modeling import open_introspector
from assistant.modeling.live_check import check_against_warehouse
from semantic_layer import DEMO_MODEL_PATH, load_model
from semantic_layer.yaml_source import load_yaml_source
from tests.conftest import write_model

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "saas" / "build_saas.py"


def test_the_demo_model_matches_the_demo_warehouse(demo_warehouse_path: Path, capsys: Any) -> None:
    code = main(["model", "check", "--warehouse", str(demo_warehouse_path), "--as-of", "2026-11-22"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "It matches the warehouse" in out


def _line(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_each_problem_with_its_line(demo_warehouse_path: Path, tmp_path: Path) -> None:
    text = DEMO_MODEL_PATH.read_text(encoding="utf-8")
    edits = {
        "      acquisition_channel:\n        type: categorical": "      acquisition_channel:\n        type: categorical\n"
        "        expr: acquisition_source",
        "      city:\n        type: categorical": "      city:\n        type: number",
        "        sample_values: [low, medium, high]": "        sample_values: [low, medium, high, urgent]",
        "    table: touches": "    table: touchez",
    }
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new, 1)
    # an order's customer is many-to-one; claiming one-to-one must fail on the data
    text = text.replace(
        "      - {to: customer, type: many_to_one, local_key: customer_id, remote_key: customer_id}",
        "      - {to: customer, type: one_to_one, local_key: customer_id, remote_key: customer_id}",
        1,
    )
    path = tmp_path / "model.yml"
    write_model(path, text)
    model = load_model(path, as_of=None)
    issues = check_against_warehouse(model, load_yaml_source(path), open_introspector(str(demo_warehouse_path)))
    found = {(issue.line, issue.message.split(":")[0].split("'")[0]) for issue in issues}
    by_message = {issue.message: issue for issue in issues}
    assert any("column 'acquisition_source' is not in table 'customers'" in m for m in by_message)
    assert any("a number dimension, but column 'city' is VARCHAR" in m for m in by_message)
    assert any("not found in 'tickets.priority': 'urgent'" in m for m in by_message)
    assert any("table 'touchez' is not in the warehouse. Did you mean: touches?" in m for m in by_message)
    assert any("one_to_one, but 'orders.customer_id' repeats" in m for m in by_message)
    lines = {issue.message.split(":")[0]: issue.line for issue in issues}
    assert lines["table 'touchez' is not in the warehouse. Did you mean"] == _line(text, "table: touchez")
    assert all(issue.file == str(path) and issue.line for issue in issues), found


def test_cli_fails_with_file_and_line(demo_warehouse_path: Path, tmp_path: Path, capsys: Any) -> None:
    text = DEMO_MODEL_PATH.read_text(encoding="utf-8").replace("    table: touches", "    table: touchez", 1)
    path = tmp_path / "model.yml"
    write_model(path, text)
    assert main(["model", "check", str(path), "--warehouse", str(demo_warehouse_path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{_line(text, 'table: touchez')}: entities.touch.table: table 'touchez'" in err
    assert "against the warehouse" in err


def test_without_a_warehouse_only_the_file_is_checked(capsys: Any) -> None:
    assert main(["model", "check"]) == 0
    assert "It matches the warehouse" not in capsys.readouterr().out


def test_metric_sql_the_engine_rejects(demo_warehouse_path: Path, tmp_path: Path) -> None:
    """A measure expression whose types do not fit is found by binding each metric's SQL over no rows."""
    good = "        expr: date_diff('second', created_at, resolved_at) / 3600.0"
    text = DEMO_MODEL_PATH.read_text(encoding="utf-8")
    assert good in text
    path = tmp_path / "model.yml"
    write_model(path, text.replace(good, good.replace("resolved_at", "subject")))
    model = load_model(path)
    issues = check_against_warehouse(model, load_yaml_source(path), open_introspector(str(demo_warehouse_path)))
    assert [issue.path for issue in issues] == ["metrics.avg_resolution_hours"]
    assert "does not run on the warehouse" in issues[0].message and "date_diff" in issues[0].message
    assert issues[0].line == _line(text, "  avg_resolution_hours:")
