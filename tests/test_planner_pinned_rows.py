"""Follow-ups about the rows an earlier answer showed (assistant/planner/pinned.py, assistant/rows_shown.py): the
planner is told the rows by a `RowsShown`; the pipeline runs the earlier query again on the warehouse. Checked
against an independent computation of those rows on the demo warehouse, and with near-misses that must not pin."""

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
from tests.planner_cases import AS_OF, history_of

MODEL = load_model()


class Shown:
    """A `RowsShown` giving fixed values and recording what it was asked."""

    def __init__(self, values: list[Any] | None) -> None:
        self.values, self.asked = values, []  # type: list[Any] | None, list[tuple[SemanticQuery, str]]

    def __call__(self, query: SemanticQuery, key: str) -> list[Any] | None:
        self.asked.append((query, key))
        return self.values


VALUES = {"customer.region": ["North"], "customer.city": ["Shanghai", "Beijing"], "order.category": ["apparel"],
          "ticket.ticket_id": ["T00000001", "T00000002"]}  # fmt: skip


def _after(questions: tuple[str, ...], question: str, shown: Shown) -> dict[str, Any]:
    history = history_of(MODEL, *questions)
    plan = plan_question(question, history, MODEL, AS_OF, detect_language(question), shown)
    assert plan.status == "ok" and plan.query is not None, (question, plan.clarification)
    return dict(plan.query.model_dump(mode="json", exclude_defaults=True))


def _pin(query: dict[str, Any]) -> dict[str, Any] | None:
    return next((f for f in query.get("filters", []) if f["op"] == "in"), None)


@pytest.mark.parametrize(
    ("earlier", "question", "key", "kind"),
    [
        (("每个区域的NPS", "最差的是哪个"), "那里的投诉主要是什么", "customer.region", "themes"),
        (
            ("which region has the lowest csat",),
            "what are customers there complaining about",
            "customer.region",
            "themes",
        ),
        (("top 10 cities by revenue",), "what did customers there complain about", "customer.city", "themes"),
        (
            ("refund rate by category this year", "which is the worst"),
            "list its returned orders from last week",
            "order.category",
            "records",
        ),
        (
            ("top 3 categories by revenue this year",),
            "list their cancelled orders from last week",
            "order.category",
            "records",
        ),
        (("show me the 5 most recent complaints",), "what were they about", "ticket.ticket_id", "themes"),
    ],
)
def test_a_question_about_the_rows_shown_is_restricted_to_them(
    earlier: tuple[str, ...], question: str, key: str, kind: str
) -> None:
    values = VALUES[key]
    shown = Shown(values)
    query = _after(earlier, question, shown)
    assert query.get("kind") == kind
    assert _pin(query) == {"field": key, "op": "in", "values": values}
    assert shown.asked and shown.asked[0][1] == key


def test_they_after_a_count_are_the_counted_rows_of_each_group() -> None:
    """'they' after the city with the most churned customers: the churned customers of that city, not everyone."""
    for earlier, question in [
        ("which city has the most churned customers", "what did they complain about"),
        ("哪个城市的流失客户最多", "他们主要投诉什么"),
    ]:
        query = _after((earlier,), question, Shown(["Shanghai"]))
        fields = {f["field"]: f["values"] for f in query["filters"]}
        assert fields["customer.city"] == ["Shanghai"] and fields["customer.status"] == ["churned"], query


def test_there_after_a_count_is_the_place_not_the_counted_rows() -> None:
    query = _after(
        ("which city has the most churned customers",), "what did customers there complain about", Shown(["Shanghai"])
    )
    assert "customer.status" not in {f["field"] for f in query.get("filters", [])}


def test_a_new_period_replaces_the_earlier_one_and_none_keeps_it() -> None:
    named = _after(
        ("top 3 categories by revenue this year",), "list their cancelled orders from last week", Shown(["apparel"])
    )
    assert named["time_range"]["label"] == "last week"
    kept = _after(
        ("which 3 regions had the most complaints this year",), "what did they complain about", Shown(["East"])
    )
    assert kept["time_range"]["start"] == "2026-01-01" and kept["kind"] == "themes"


@pytest.mark.parametrize(
    ("earlier", "question"),
    [
        (("complaints by region",), "what did they complain about"),  # every region: not a few rows shown
        (("top 3 cities by revenue",), "what did customers complain about last month"),  # no word points back
        (("top 3 cities by revenue",), "how many orders did they place"),  # a measure: one more column (references)
    ],
)
def test_near_misses_are_not_pinned(earlier: tuple[str, ...], question: str) -> None:
    history = history_of(MODEL, *earlier)
    plan = plan_question(question, history, MODEL, AS_OF, detect_language(question), Shown(["X"]))
    assert plan.query is None or _pin(plan.query.model_dump(mode="json")) is None, plan.query


def test_without_rows_or_with_too_many_the_question_is_planned_as_before() -> None:
    history = history_of(MODEL, "top 3 cities by revenue")
    for shown in (None, Shown(None)):
        plan = plan_question("what did customers there complain about", history, MODEL, AS_OF, "en", shown)
        assert plan.query is None or _pin(plan.query.model_dump(mode="json")) is None


@pytest.mark.parametrize(
    ("question", "added"),
    [
        ("which customers filed them", "customer.customer_id"),
        ("what region are they in", "customer.region"),
        ("他们是哪个城市的", "customer.city"),
    ],
)
def test_a_field_of_listed_rows_is_one_more_column_of_the_same_rows(question: str, added: str) -> None:
    history = history_of(MODEL, "show me the 5 most recent complaints")
    plan = plan_question(question, history, MODEL, AS_OF, detect_language(question))
    assert plan.query is not None and plan.query.kind == "records", plan.clarification
    assert plan.query.dimensions[-1].name == added
    assert plan.query.limit == 5 and plan.query.order_by == history[0].query.order_by  # type: ignore[union-attr]


def test_a_count_after_a_list_still_counts() -> None:
    history = history_of(MODEL, "show me the 5 most recent complaints")
    plan = plan_question("how many are there in each region", history, MODEL, AS_OF, "en")
    assert plan.query is not None and plan.query.kind == "metrics"


# --- the pipeline runs the earlier query again; checked against SQL written here -----------------------------


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Runtime:
    folder = tmp_path_factory.mktemp("pinned")
    return Runtime(
        Settings(
            warehouse=demo_warehouse_path,
            as_of=date(2026, 11, 22),
            llm="offline",
            audit_log=folder / "audit.jsonl",
            feedback_log=folder / "feedback.jsonl",
        )
    )


def _conversation(runtime: Runtime, *questions: str) -> Any:
    history: list[Turn] = []
    answer = None
    for question in questions:
        answer = final_answer(run_question(runtime, question, history))
        history.append(Turn(question=question, query=answer.plan.query if answer.plan else None))
    return answer


def test_the_pipeline_pins_the_city_the_ranking_showed(
    runtime: Runtime, demo_warehouse_path: Path, tmp_path: Path
) -> None:
    answer = _conversation(runtime, "which city has the most churned customers", "what did they complain about")
    assert answer.status == "answered" and answer.themes
    copy = tmp_path / "copy.duckdb"  # the runtime holds the file open: an independent connection reads a copy
    shutil.copyfile(demo_warehouse_path, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        top = con.execute(
            "select city from customers where status = 'churned' group by city order by count(*) desc limit 1"
        ).fetchone()
        texts = con.execute(
            "select count(*) from tickets t join customers c using (customer_id) where t.is_complaint "
            "and c.status = 'churned' and c.city = ? and t.description is not null",
            [top[0] if top else None],
        ).fetchone()
    assert answer.plan.query.filters[-1].values == [top[0] if top else None]
    assert texts is not None and sum(theme.count for theme in answer.themes) == texts[0]
    assert any(top[0] in line for line in answer.assumptions if top)


def test_the_pipeline_adds_a_column_to_listed_rows(runtime: Runtime) -> None:
    listed = _conversation(runtime, "show me the 5 most recent complaints")
    more = _conversation(runtime, "show me the 5 most recent complaints", "what region are they in")
    assert more.status == "answered" and more.row_count == 5
    assert [row[0] for row in more.rows] == [row[0] for row in listed.rows]
    assert more.columns[-1] == "region"


@pytest.mark.parametrize(
    ("question", "kind", "dimensions"),
    [
        ("show me the latest 5 complaints", "records", None),
        ("最近5条投诉", "records", None),
        ("top 3 regions by complaints this year", "metrics", ["customer.region"]),
        ("top 3 cities by complaints", "metrics", ["customer.city"]),
        ("tickets by complaint or not", "metrics", ["ticket.is_complaint"]),  # near-miss: still a yes/no split
        ("churn rate by app binding", "metrics", ["customer.app_bound"]),
    ],
)
def test_a_measure_that_is_also_a_yes_no_field_is_counted_after_a_number(
    question: str, kind: str, dimensions: list[str] | None
) -> None:
    plan = plan_question(question, [], MODEL, AS_OF, detect_language(question))
    assert plan.query is not None and plan.query.kind == kind, plan.clarification
    if dimensions is not None:
        assert [d.name for d in plan.query.dimensions] == dimensions
    else:
        assert "ticket.is_complaint" not in {d.name for d in plan.query.dimensions[:1]}


def test_rows_that_cannot_be_read_leave_the_follow_up_without_them(tmp_path: Path) -> None:
    from assistant.rows_shown import rows_shown

    broken = Runtime(Settings(warehouse=str(tmp_path / "missing.duckdb"), as_of=date(2026, 11, 22), llm="offline"))
    earlier = history_of(MODEL, "top 3 cities by revenue")[0].query
    assert earlier is not None
    assert rows_shown(broken)(earlier, "customer.city") is None
    history = history_of(MODEL, "top 3 cities by revenue")
    answer = final_answer(run_question(broken, "what did customers there complain about", history))
    assert answer.status == "error" and answer.message == f"No warehouse file at {tmp_path / 'missing.duckdb'}."
    assert answer.plan is not None and answer.plan.query is not None and not answer.plan.query.filters


@pytest.mark.parametrize(
    ("question", "suggested"),
    [
        ("which city has the most churned customers", "What are the main themes in their complaint text?"),
        ("销售额最高的3个城市", "他们的投诉内容主要是什么?"),
        ("show me the 5 most recent complaints", "What are the main themes in their complaint text?"),
    ],
)
def test_a_short_ranking_or_list_offers_the_themes_of_its_rows(runtime: Runtime, question: str, suggested: str) -> None:
    from assistant.ui.followups import followups

    answer = final_answer(run_question(runtime, question))
    offered = followups(runtime.model, answer, [], runtime.as_of)
    assert suggested in offered and len(offered) <= 4
    history = [Turn(question=question, query=answer.plan.query if answer.plan else None)]
    themes = final_answer(run_question(runtime, suggested, history))
    assert themes.status == "answered" and themes.plan is not None and themes.plan.query is not None
    pinned = [f for f in themes.plan.query.filters if f.op == "in"]
    assert pinned and pinned[0].values[0] in {str(cell) for row in answer.rows for cell in row}


def test_a_long_table_offers_no_themes_of_its_rows(runtime: Runtime) -> None:
    from assistant.ui.followups import followups

    answer = final_answer(run_question(runtime, "revenue by region"))
    assert not any("themes" in q or "主要是什么" in q for q in followups(runtime.model, answer, [], runtime.as_of))


def test_chinese_filters_name_values_in_chinese() -> None:
    """'筛选:城市 属于 上海', not 'Shanghai': the assumptions and chips of a Chinese answer name values as its table does."""
    from assistant.ui.chips import query_chips
    from semantic_layer.describe import describe_query

    query = SemanticQuery.model_validate(
        {"kind": "themes", "text_field": "complaint_text", "filters": [
            {"field": "customer.status", "op": "=", "values": ["churned"]},
            {"field": "customer.city", "op": "in", "values": ["Shanghai", "Beijing"]},
            {"field": "ticket.is_complaint", "op": "=", "values": [True]}]}
    )  # fmt: skip
    assert describe_query(MODEL, query, "zh")[:3] == [
        "筛选:客户状态 为 流失",
        "筛选:城市 属于 上海、北京",
        "筛选:是否投诉 为 是",
    ]
    assert ("filter", "城市: 上海、北京") in query_chips(MODEL, query, "zh")
    assert describe_query(MODEL, query, "en")[1] == "Filter: City is one of Shanghai, Beijing"


@pytest.mark.parametrize(
    ("earlier", "question", "shown", "start", "end"),
    [
        (("今年每个月的流失率", "哪个月最高"), "那个月流失的客户主要投诉什么", "2026-10-01", "2026-10-01", "2026-10-31"),
        (("monthly revenue this year", "which month was the best"), "what did customers complain about in that month",
         "2026-11-01", "2026-11-01", "2026-11-30"),
        (("quarterly orders in 2025", "which quarter had the fewest"), "how many new customers did we get that quarter",
         "2025-01-01", "2025-01-01", "2025-03-31"),
    ],
)  # fmt: skip
def test_that_period_is_the_period_a_ranking_over_time_put_first(
    earlier: tuple[str, ...], question: str, shown: str, start: str, end: str
) -> None:
    asked = Shown([shown])
    query = _after(earlier, question, asked)
    assert (query["time_range"]["start"], query["time_range"]["end"]) == (start, end)
    assert asked.asked[0][1] == "metric_time"


def test_that_month_after_a_series_without_a_top_one_is_not_pinned() -> None:
    history = history_of(MODEL, "monthly revenue this year")
    plan = plan_question("what did customers complain about in that month", history, MODEL, AS_OF, "en", Shown(["x"]))
    assert plan.query is None or plan.query.time_range is None or plan.query.time_range.label != "x"


def test_a_measure_of_listed_rows_is_of_exactly_those_rows() -> None:
    """'how much had they spent in total' after 10 customers who churned last month: their revenue of all time —
    the list's own period dated the churn, not the spending."""
    query = _after(("list 10 customers who churned last month",), "how much had they spent in total",
                   Shown(["C0000001", "C0000002"]))  # fmt: skip
    assert query["metrics"] == ["revenue"] and "time_range" not in query and "segments" not in query
    assert query["filters"] == [{"field": "customer.customer_id", "op": "in", "values": ["C0000001", "C0000002"]}]


def test_a_field_the_list_already_shows_answers_with_the_same_list() -> None:
    history = history_of(MODEL, "list 10 customers who churned last month")
    plan = plan_question("what tier were they", history, MODEL, AS_OF, "en")
    assert plan.query == history[0].query
