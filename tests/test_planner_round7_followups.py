"""Causes found in round 7 by holding conversations through the pipeline: ranking words order the table, a split
'by whether' a value is a breakdown, pronouns after a count stand for the counted population, 'why did they leave'
asks about the people who left, and follow-ups about listed records keep exactly the listed rows. Each cause with
paraphrases in English and Chinese and near-misses that must not change."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.contracts import Turn, detect_language
from assistant.pipeline import final_answer, run_question
from assistant.planner import plan_question
from assistant.runtime import Runtime
from assistant.settings import Settings
from semantic_layer import SemanticQuery, load_model
from tests.planner_cases import AS_OF, history_of, query_of

MODEL = load_model()
LISTED = ["T00000001", "T00000002", "T00000003"]


@pytest.mark.parametrize(
    ("question", "metric", "direction"),
    [
        ("rank product categories by revenue last month", "revenue", "desc"),
        ("revenue by category this year, ranked", "revenue", "desc"),
        ("orders by city this year as a leaderboard", "orders", "desc"),
        ("rank the regions by churn rate, lowest first", "churn_rate", "asc"),
        ("各品类销售额排名", "revenue", "desc"),
        ("今年各城市订单数排行", "orders", "desc"),
    ],
)
def test_a_ranking_word_orders_the_table_by_the_measure(question: str, metric: str, direction: str) -> None:
    query = query_of(MODEL, question)
    assert (
        query["order_by"] == [{"field": metric, "direction": direction}]
        if direction == "asc"
        else (query["order_by"][0]["field"] == metric and query["order_by"][0].get("direction", "desc") == "desc")
    )
    assert "limit" not in query  # every group, in order


@pytest.mark.parametrize("question", ["revenue by category this year", "各品类的销售额"])
def test_a_breakdown_without_a_ranking_word_is_not_ordered(question: str) -> None:
    assert not query_of(MODEL, question).get("order_by")


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("complaints by whether it was high priority", "ticket.priority"),
        ("complaints last month split by whether high priority or not", "ticket.priority"),
        ("orders this year broken down by whether they were returned", "order.status"),
        ("按是否高优先级统计上个月的投诉", "ticket.priority"),
    ],
)
def test_a_split_by_whether_a_value_holds_is_a_breakdown_not_a_filter(question: str, field: str) -> None:
    query = query_of(MODEL, question)
    assert {"name": field} in query["dimensions"]
    assert all(f["field"] != field for f in query.get("filters", []))


def test_a_value_named_outside_whether_stays_a_filter() -> None:
    query = query_of(MODEL, "high priority complaints by region last month")
    assert {"field": "ticket.priority", "op": "=", "values": ["high"]} in query["filters"]


@pytest.mark.parametrize(
    ("earlier", "question", "kind"),
    [
        ("how many customers churned last month", "what did they complain about", "themes"),
        ("how many customers churned last month", "why did they leave?", "themes"),
        ("how many customers churned last month", "list them", "records"),
        ("上个月流失了多少客户", "他们为什么流失", "themes"),
        ("上个月流失了多少客户", "他们主要投诉什么", "themes"),
    ],
)
def test_a_pronoun_after_a_count_stands_for_the_counted_population(earlier: str, question: str, kind: str) -> None:
    query = query_of(MODEL, question, history_of(MODEL, earlier))
    churned = {"field": "customer.status", "op": "=", "values": ["churned"]}
    assert query["kind"] == kind
    assert "churned_customers" in query.get("segments", []) or churned in query["filters"]
    period = query["time_range"]
    assert (period["field"], period["start"], period["end"]) == ("customer.churn_date", "2026-11-01", "2026-11-30")


def test_a_period_of_its_own_dates_the_texts_and_the_count_still_says_who() -> None:
    query = query_of(
        MODEL, "what did they complain about last week", history_of(MODEL, "how many customers churned last month")
    )
    assert query["kind"] == "themes" and query["time_range"]["start"] == "2026-11-23"
    assert query["time_range"].get("field", "ticket.created_at") == "ticket.created_at"
    between = {"field": "customer.churn_date", "op": "between", "values": ["2026-11-01", "2026-11-30"]}
    assert between in query["filters"] and "churned_customers" in query["segments"]


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        ("how many customers churned last month", "how many of them were members"),  # a measure of the count
        ("how many orders last month", "what did customers complain about"),  # no word points back
    ],
)
def test_near_misses_after_a_count_are_planned_as_before(earlier: str, question: str) -> None:
    history = history_of(MODEL, earlier)
    query = query_of(MODEL, question, history)
    if query.get("kind") == "themes":
        assert not query.get("segments") and query.get("time_range", {}).get("field") != "customer.churn_date"
    else:
        assert query.get("kind", "metrics") == "metrics"


@pytest.mark.parametrize(
    "question",
    [
        "why did customers churn last month",
        "why did so many customers leave us last month?",
        "上个月客户为什么流失",
        "上个月的客户为啥会流失",
    ],
)
def test_why_people_left_asks_about_the_people_who_left_in_the_period(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["segments"] == ["churned_customers"]
    period = query["time_range"]
    assert (period.get("field"), period["start"], period["end"]) == ("customer.churn_date", "2026-11-01", "2026-11-30")


def test_why_people_are_unhappy_is_about_everyone() -> None:
    query = query_of(MODEL, "why are customers unhappy this year")
    assert query["kind"] == "themes" and not query.get("segments")


class Shown:
    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def __call__(self, query: SemanticQuery, key: str) -> list[Any]:
        return self.values


def _pin(query: dict[str, Any]) -> dict[str, Any]:
    return next(f for f in query["filters"] if f["op"] == "in")


@pytest.mark.parametrize("question", ["show me those complaints", "show them to me again", "再看一下这些投诉"])
def test_those_records_again_are_the_listed_rows(question: str) -> None:
    history = history_of(MODEL, "show me the 5 most recent complaints")
    query = query_of(MODEL, question, history, Shown(LISTED))
    assert query["kind"] == "records" and _pin(query) == {"field": "ticket.ticket_id", "op": "in", "values": LISTED}
    assert (
        "limit" not in query
        and query["order_by"] == history[0].query.model_dump(mode="json", exclude_defaults=True)["order_by"]
    )  # type: ignore[union-attr]


def test_a_condition_on_listed_records_keeps_only_listed_rows() -> None:
    query = query_of(
        MODEL, "which of them are still open", history_of(MODEL, "show me the 5 most recent complaints"), Shown(LISTED)
    )
    assert query["kind"] == "records" and _pin(query)["values"] == LISTED
    assert {"field": "ticket.status", "op": "=", "values": ["open"]} in query["filters"] and "limit" not in query


@pytest.mark.parametrize(("question", "direction"), [("show them again sorted by city", "asc"),
                                                     ("把他们按城市排序", "asc")])  # fmt: skip
def test_listed_records_sorted_by_a_field(question: str, direction: str) -> None:
    history = history_of(MODEL, "list the 10 most recent churned customers")
    query = query_of(MODEL, question, history, Shown(["C0000001", "C0000002"]))
    assert query["kind"] == "records" and query["order_by"] == [{"field": "customer.city", "direction": direction}]
    assert _pin(query)["values"] == ["C0000001", "C0000002"]


def test_what_listed_complaints_say_is_their_themes() -> None:
    query = query_of(MODEL, "这些投诉说了什么", history_of(MODEL, "最近5条投诉"), Shown(LISTED))
    assert query["kind"] == "themes" and _pin(query)["values"] == LISTED


# --- through the pipeline, against SQL written here -------------------------------------------------------------


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Runtime:
    folder = tmp_path_factory.mktemp("round7")
    return Runtime(Settings(warehouse=demo_warehouse_path, as_of=date(2026, 11, 22), llm="offline",
                            audit_log=folder / "audit.jsonl", feedback_log=folder / "feedback.jsonl"))  # fmt: skip


def _conversation(runtime: Runtime, *questions: str) -> Any:
    history: list[Turn] = []
    answer = None
    for question in questions:
        answer = final_answer(run_question(runtime, question, history))
        history.append(Turn(question=question, query=answer.plan.query if answer.plan else None))
    return answer


def test_open_ones_among_listed_complaints(runtime: Runtime, demo_warehouse_path: Path, tmp_path: Path) -> None:
    listed = _conversation(runtime, "show me the 5 most recent complaints")
    answer = _conversation(runtime, "show me the 5 most recent complaints", "which of them are still open")
    copy = tmp_path / "copy.duckdb"  # the runtime holds the file open: an independent connection reads a copy
    shutil.copyfile(demo_warehouse_path, copy)
    ids = [row[0] for row in listed.rows]
    with duckdb.connect(str(copy), read_only=True) as con:
        found = con.execute(
            f"select ticket_id from tickets where status = 'open' and ticket_id in ({', '.join('?' * len(ids))})", ids
        ).fetchall()
    assert answer.status == "answered" and sorted(row[0] for row in answer.rows) == sorted(r[0] for r in found)


def test_themes_after_a_count_cover_the_counted_customers(
    runtime: Runtime, demo_warehouse_path: Path, tmp_path: Path
) -> None:
    answer = _conversation(runtime, "how many customers churned last month", "what did they complain about")
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_warehouse_path, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        texts = con.execute(
            "select count(*) from tickets t join customers c using (customer_id) where t.is_complaint "
            "and c.status = 'churned' and c.churn_date between '2026-10-01' and '2026-10-31' "
            "and t.description is not null"
        ).fetchone()
    assert answer.status == "answered" and texts is not None
    assert sum(theme.count for theme in answer.themes) == texts[0]


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("how many new customers signed up last month", "and the month before"), "which was higher"),
        (("NPS last quarter", "and the quarter before"), "which one is better?"),
        (("上个月的订单数", "前一个月呢"), "哪个更多"),
    ],
)
def test_which_was_higher_after_two_periods_is_their_comparison(earlier: tuple[str, ...], question: str) -> None:
    history = history_of(MODEL, *earlier)
    query = query_of(MODEL, question, history)
    assert query["compare"]["previous_period"] is True
    assert query["time_range"]["start"] == history[0].query.time_range.start.isoformat()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("revenue this month", "and last month"), "what's the difference"),
        (("NPS this quarter", "and last quarter"), "which was higher"),
        (("本月销售额", "上月呢"), "差了多少"),
        (("how many new customers this week", "and last week"), "what's the difference"),
    ],
)
def test_a_period_under_way_and_a_whole_one_are_not_compared_as_if_alike(
    earlier: tuple[str, ...], question: str
) -> None:
    """This month so far (4 days) and all of last month: a comparison query would show the first 4 days of last
    month, not the figure answered before — asked back, naming both lengths and the like-for-like period."""
    planned = plan_question(question, history_of(MODEL, *earlier), MODEL, AS_OF, detect_language(question))
    assert planned.status == "clarify" and planned.query is None
    assert any(f"{days} " in (planned.clarification or "") for days in ("4", "5", "65"))


@pytest.mark.parametrize(
    ("question", "compare"),
    [
        ("how are we doing this month compared to last month", {"previous_period": True}),
        ("how did we do in Q3 vs Q2", {"previous_period": True}),
        ("本季度和上季度比整体表现怎么样", {"previous_period": True}),
        ("how did we do last month", None),
    ],
)
def test_an_overview_with_a_second_period_compares_them(question: str, compare: dict[str, bool] | None) -> None:
    query = query_of(MODEL, question)
    assert len(query["metrics"]) > 2  # the model's overview
    got = {k: v for k, v in (query.get("compare") or {}).items() if v} or None
    assert got == compare
