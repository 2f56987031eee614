"""`chatbi init`: a draft model from a database, with evidence, that passes the check and answers basic
questions correctly without edits (compared with hand SQL on the second example schema)."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from assistant.cli import main
from assistant.modeling import EngineIntrospector, open_introspector
from assistant.modeling.draft import draft_model
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from semantic_layer import load_model

AS_OF = date(2026, 11, 22)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "saas" / "build_saas.py"


def _build_saas(path: Path) -> Path:
    spec = importlib.util.spec_from_file_location("build_saas", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built: Path = module.build(path)
    return built


@pytest.fixture(scope="session")
def saas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build_saas(tmp_path_factory.mktemp("saas") / "saas.duckdb")


@pytest.fixture(scope="session")
def saas_model(saas: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("draft") / "saas.yml"
    assert main(["init", "--warehouse", str(saas), "--out", str(out)]) == 0
    return out


def test_the_example_schema_is_deterministic(tmp_path: Path) -> None:
    first, second = _build_saas(tmp_path / "a.duckdb"), _build_saas(tmp_path / "b.duckdb")
    query = "SELECT count(*), sum(amount), max(issued_at) FROM invoices"
    with duckdb.connect(str(first), read_only=True) as a, duckdb.connect(str(second), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_init_writes_a_draft_that_passes_the_check(saas: Path, saas_model: Path, capsys: Any) -> None:
    assert main(["model", "check", str(saas_model), "--warehouse", str(saas)]) == 0
    assert "It matches the warehouse" in capsys.readouterr().out
    text = saas_model.read_text(encoding="utf-8")
    assert "# declared primary key account_id" in text
    assert "# unique and non-null in 2,656 rows, named like a key" in text  # invoices declare no key
    assert "found there" in text and "-> many_to_one" in text


def test_init_reports_progress_and_never_overwrites_without_force(saas: Path, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "model.yml"
    out.write_text("keep me", encoding="utf-8")
    assert main(["init", "--warehouse", str(saas), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "keep me"
    assert main(["init", "--warehouse", str(saas), "--out", str(out), "--force"]) == 0
    err = capsys.readouterr().err
    assert "[1/4] profiling accounts" in err and "passes `chatbi model check`" in err
    assert not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("target", ["/nowhere/x.duckdb", "postgresql://h/db"])
def test_init_with_a_bad_warehouse_says_why(target: str, capsys: Any) -> None:
    assert main(["init", "--warehouse", target]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_draft_guesses(saas_model: Path) -> None:
    data = yaml.safe_load(saas_model.read_text(encoding="utf-8"))
    entities = data["entities"]
    assert set(entities) == {"account", "subscription", "invoice", "feedback"}
    account = entities["account"]["dimensions"]
    assert account["contact_name"]["pii"] and account["contact_email"]["pii"]
    assert not account["company"].get("pii")
    assert "contact_email" not in entities["account"]["record_columns"]
    assert account["country"]["sample_values"][0] in {"France", "Germany"}
    assert entities["subscription"]["relationships"] == [
        {"to": "account", "type": "one_to_one", "local_key": "account_id", "remote_key": "account_id"}
    ]
    assert entities["invoice"]["relationships"][0]["type"] == "many_to_one"
    assert data["metrics"]["total_amount"]["format"] == "currency"
    assert data["metrics"]["total_amount"]["measure"] == "invoice.total_amount"
    assert data["metrics"]["avg_rating"]["measure"] == "feedback.avg_rating"
    assert data["text_fields"]["feedback_comment"]["taxonomy"] == []
    assert "comment" not in entities["feedback"]["dimensions"]  # free text reaches answers only through themes


# Each question with the hand SQL of its answer (as of 2026-11-22: last month is October 2026).
QUESTIONS = [
    ("How many accounts are there?", "SELECT count(*) FROM accounts"),
    ("accounts by country", "SELECT country, count(*) FROM accounts GROUP BY 1"),
    ("total amount last month",
     "SELECT sum(amount) FROM invoices WHERE issued_at >= DATE '2026-10-01' AND issued_at < DATE '2026-11-01'"),
    ("total mrr by plan", "SELECT plan, sum(mrr) FROM subscriptions GROUP BY 1"),
    ("invoices by status this year",
     "SELECT status, count(*) FROM invoices WHERE issued_at >= DATE '2026-01-01' GROUP BY 1"),
    ("how many accounts in Germany", "SELECT count(*) FROM accounts WHERE country = 'Germany'"),
    ("average rating", "SELECT avg(rating) FROM feedback"),
    ("有多少账户", "SELECT count(*) FROM accounts"),
]  # fmt: skip


@pytest.mark.parametrize(("question", "sql"), QUESTIONS)
def test_the_unedited_draft_answers_basic_questions(
    question: str, sql: str, saas: Path, saas_model: Path, tmp_path: Path
) -> None:
    settings = load_settings(warehouse=saas, semantic_model=saas_model, as_of=AS_OF, audit_log=tmp_path / "a.jsonl")
    answer = final_answer(run_question(Runtime(settings), question))
    assert answer.status == "answered", answer.message
    with duckdb.connect(str(saas), read_only=True) as con:
        expected = con.execute(sql).fetchall()
    assert _rows(answer.rows) == _rows(expected)


def _rows(rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    return sorted(tuple(round(float(v), 6) if isinstance(v, int | float) or hasattr(v, "is_finite") else v
                        for v in row) for row in rows)  # fmt: skip


@pytest.mark.slow
def test_draft_of_the_demo_warehouse(demo_warehouse_path: Path) -> None:
    draft = draft_model(open_introspector(str(demo_warehouse_path)), name="demo", source="demo")
    entities = draft.data["entities"]
    tables = {body["table"] for body in entities.values()}
    assert not any(table.startswith("eval_") for table in tables)  # the guard's reserved tables are never drafted
    pii = {(e, d) for e, body in entities.items() for d, dim in body["dimensions"].items() if dim.get("pii")}
    people = next(e for e, body in entities.items() if any(d == "email" for _, d in pii if _ == e))
    assert {(people, "name"), (people, "email"), (people, "phone")} <= pii
    assert all(rel["type"] == "many_to_one" for body in entities.values() for rel in body.get("relationships", []))
    assert any("no column is unique" in line for line in draft.skipped)  # the key/value info table


def test_engine_seam_drafts_from_any_engine(saas: Path) -> None:
    """An engine with only tables(), columns() and guarded run() drafts the same entities (keys found from data)."""
    engine = _FakeEngine(saas)
    draft = draft_model(EngineIntrospector(engine), name="saas", source="engine")
    assert set(draft.data["entities"]) == {"account", "subscription", "invoice", "feedback"}
    assert draft.data["entities"]["subscription"]["relationships"][0]["type"] == "one_to_one"
    assert engine.queries and all("LIMIT" in sql for sql in engine.queries)  # every query went through the guard


class _FakeEngine:
    dialect = "duckdb"

    def __init__(self, path: Path) -> None:
        self._con = duckdb.connect(str(path), read_only=True)
        self.queries: list[str] = []

    def tables(self) -> list[str]:
        return [name for (name,) in self._con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]

    def columns(self, table: str) -> list[Any]:
        rows = self._con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
        ).fetchall()
        return [_Col(name, kind) for name, kind in rows]

    def run(self, guarded: Any) -> Any:
        self.queries.append(guarded.sql)
        return _Result(self._con.execute(guarded.sql).df())


class _Col:
    def __init__(self, name: str, type: str) -> None:
        self.name, self.type = name, type


class _Result:
    def __init__(self, frame: Any) -> None:
        self.frame = frame


def test_draft_loads_as_a_model(saas_model: Path) -> None:
    model = load_model(saas_model, as_of=AS_OF)
    assert model.locale.currency == "CNY" and model.entities["account"].label.zh == "账户"


def test_awkward_names_and_types(tmp_path: Path, capsys: Any) -> None:
    """Quoted names with spaces and capitals, a keyword as a column, a list column, an empty table."""
    path = tmp_path / "odd.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            'CREATE TABLE "Order Items" ("ID" INTEGER, "Unit Price" DECIMAL(10,2), "Created" TIMESTAMP, '
            '"Kind" VARCHAR, tags VARCHAR[])'
        )
        con.execute(
            """INSERT INTO "Order Items" SELECT i, i * 1.5, TIMESTAMP '2026-01-01' + INTERVAL (i) HOUR,
               CASE WHEN i % 2 = 0 THEN 'even' ELSE 'odd' END, ['x'] FROM range(1, 500) t(i)"""
        )
        con.execute("CREATE TABLE empty_table (id INTEGER)")
    out = tmp_path / "odd.yml"
    assert main(["init", "--warehouse", f"duckdb://{path}", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "# not drafted: Order Items.tags: type VARCHAR[] is not supported" in text
    assert "# not drafted: table empty_table: empty table" in text
    settings = load_settings(warehouse=path, semantic_model=out, as_of=AS_OF, audit_log=tmp_path / "a.jsonl")
    answer = final_answer(run_question(Runtime(settings), "total unit price by kind"))
    assert answer.status == "answered", answer.message
    assert _rows(answer.rows) == _rows([("even", 93375.0), ("odd", 93750.0)])


def test_passwords_never_reach_the_draft() -> None:
    from assistant.engines.base import redact_url as redacted

    assert redacted("postgresql://me:secret@db:5432/shop") == "postgresql://me:***@db:5432/shop"
    assert redacted("/data/shop.duckdb") == "/data/shop.duckdb"


def test_outside_the_data_names_the_models_own_entities(saas: Path, saas_model: Path, tmp_path: Path) -> None:
    settings = load_settings(warehouse=saas, semantic_model=saas_model, as_of=AS_OF, audit_log=tmp_path / "a.jsonl")
    answer = final_answer(run_question(Runtime(settings), "What is the weather in Paris?"))
    assert answer.status == "clarify" and "'weather'" in (answer.message or "")
    assert "accounts" in (answer.message or "") and "invoices" in (answer.message or "")


def test_large_tables_are_sampled(saas: Path, tmp_path: Path) -> None:
    out = tmp_path / "sampled.yml"
    assert main(["init", "--warehouse", str(saas), "--out", str(out), "--sample-rows", "100"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "# unique and non-null in a sample of 100 of 2,656 rows, named like a key" in text
    assert load_model(out, as_of=AS_OF).entities["invoice"].primary_key == "invoice_id"


def test_init_drafts_from_a_parquet_folder_and_postgres(
    demo_parquet_dir: Path, demo_postgres_url: str, tmp_path: Path, capsys: Any
) -> None:
    """`--warehouse` takes any engine: the draft of each answers like the DuckDB file it was exported from."""
    counts = []
    for index, target in enumerate([str(demo_parquet_dir), demo_postgres_url]):
        out = tmp_path / f"draft{index}.yml"
        assert main(["init", "--warehouse", target, "--out", str(out)]) == 0, capsys.readouterr().err
        assert "passes `chatbi model check`" in capsys.readouterr().err
        settings = load_settings(warehouse=target, semantic_model=out, as_of=AS_OF, audit_log=tmp_path / "a.jsonl")
        answer = final_answer(run_question(Runtime(settings), "how many orders"))
        assert answer.status == "answered", answer.message
        counts.append(answer.rows)
    assert counts[0] == counts[1] and counts[0][0][0] > 0
