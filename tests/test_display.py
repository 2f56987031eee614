"""Display values (one formatter for summaries, chat and widget), interpretation chips and their edits, the
follow-up notes and one language per answer — without a browser."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.charts import MAX_CATEGORIES
from assistant.contracts import Answer, Plan, Turn
from assistant.followup_notes import followup_notes, release_ranking
from assistant.pipeline import final_answer, ranking_query, run_question
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.summary.formatting import compact_value, format_value, period_end, period_label, shown_number
from assistant.ui.chips import ALL_TIME, KEEP, edit_options, edited_query, query_chips
from assistant.ui.display import answer_display
from semantic_layer import DEMO_MODEL_PATH, SemanticQuery, load_model
from semantic_layer.describe import describe_query, localize_notes

AS_OF = date(2026, 11, 22)
MODEL = load_model(DEMO_MODEL_PATH, as_of=AS_OF)
COMPARISON = SemanticQuery.model_validate(
    {
        "metrics": ["revenue"],
        "dimensions": [{"name": "order.category"}],
        "compare": {"previous_period": True},
        "time_range": {"start": "2026-07-01", "end": "2026-09-30", "label": "last quarter"},
    }
)


def comparison_answer(language: str = "en") -> Answer:
    return Answer(
        question="q", language=language, status="answered", plan=Plan(status="ok", query=COMPARISON, planner="direct"),  # type: ignore[arg-type]
        columns=["category", "revenue", "revenue_previous", "revenue_change"],
        rows=[["apparel", 11256003.6, 8459498.45, 2796505.15], ["electronics", 61195956.4, 46528902.3, 14667054.1]],
    )  # fmt: skip


def test_the_table_is_sorted_by_the_measure_capitalised_and_adds_up_as_shown() -> None:
    table = answer_display(MODEL, comparison_answer(), AS_OF).table
    assert table is not None
    assert table.headers == ["Product category", "Revenue", "Revenue (previous period)", "Revenue (change)",
                             "Revenue (% change)"]  # fmt: skip
    assert table.rows[0][0] == "Electronics" and table.rows[1][0] == "Apparel"
    # 11,256,004 - 8,459,498 = 2,796,506 on screen, though the raw change rounds to 2,796,505.
    assert table.rows[1][1:] == ["¥11,256,004", "¥8,459,498", "+¥2,796,506", "+33.1%"]


def test_chinese_table_headers_and_money_are_chinese() -> None:
    table = answer_display(MODEL, comparison_answer("zh"), AS_OF).table
    assert table is not None and table.headers[0] == "商品品类" and table.headers[-1] == "销售额（变化 %）"
    assert table.rows[0][:2] == ["电子", "6,119.6万元"]


@pytest.mark.parametrize(
    ("value", "fmt", "language", "currency", "expected"),
    [(61195956.4, "currency", "en", "CNY", "¥61,195,956"), (61195956.4, "currency", "zh", "CNY", "6,119.6万元"),
     (1234.6, "currency", "en", "USD", "$1,235"), (356.42, "currency", "zh", "EUR", "356.42欧元")],
)  # fmt: skip
def test_money_uses_the_model_currency(value: float, fmt: str, language: str, currency: str, expected: str) -> None:
    assert format_value(value, fmt, language, currency) == expected  # type: ignore[arg-type]


def test_one_period_formatter_and_period_ends() -> None:
    assert period_label(date(2026, 7, 1), "quarter") == "2026-Q3"
    assert period_label(date(2026, 3, 2), "week", "zh") == "2026-03-02 当周"
    assert period_end(date(2026, 11, 1), "month") == date(2026, 11, 30)
    assert period_end(date(2026, 10, 1), "quarter") == date(2026, 12, 31)
    assert shown_number(61195956.4, "currency", "zh") == 61196000.0
    assert compact_value(0.05, "percent", "en", step=0.05) == "5%" and compact_value(6.1e7, "currency", "en") == "¥61M"


def test_chips_come_from_the_query_without_an_interpretation() -> None:
    chips = query_chips(MODEL, COMPARISON, "en")
    assert ("metric", "Revenue") in chips and ("breakdown", "Product category") in chips
    assert ("time", "last quarter (2026-07-01 – 2026-09-30)") in chips and ("compare", "the previous period") in chips


def test_an_edit_is_a_new_query_not_a_new_plan() -> None:
    query = SemanticQuery.model_validate(
        {
            "metrics": ["revenue"],
            "dimensions": [{"name": "customer.region"}],
            "segments": ["churned_customers"],
            "time_range": {"start": "2026-07-01", "end": "2026-09-30", "label": "last quarter"},
            "limit": 1,
            "order_by": [{"field": "revenue", "direction": "desc"}],
        }
    )
    edited = edited_query(query, AS_OF, period="this year", breakdown="metric_time:month", kept=[])
    assert edited.time_range is not None and (edited.time_range.start, edited.time_range.label) == (
        date(2026, 1, 1),
        "this year",
    )
    assert [(d.name, d.grain) for d in edited.dimensions] == [("metric_time", "month")]
    assert edited.segments == [] and edited.limit is None
    kept = edited_query(query, AS_OF, period=ALL_TIME, breakdown=KEEP, kept=["segment:churned_customers"])
    assert kept.time_range is None and kept.segments == ["churned_customers"] and kept.dimensions == query.dimensions
    answer = Answer(question="q", status="answered", plan=Plan(status="ok", query=query, planner="offline"))
    options = edit_options(MODEL, answer, AS_OF)
    breakdowns = dict(options.breakdowns)
    assert "Region" in {label for label, _ in options.breakdowns} and options.breakdown == "customer.region"
    assert "NPS group" not in breakdowns, "a breakdown the revenue metric cannot join is not offered"


def test_follow_up_notes_say_what_was_kept_and_dropped() -> None:
    before = SemanticQuery.model_validate(
        {
            "metrics": ["churn_rate"],
            "dimensions": [{"name": "customer.region"}],
            "limit": 1,
            "time_range": {"start": "2026-01-01", "end": "2026-11-22", "label": "this year"},
        }
    )
    after = SemanticQuery.model_validate(
        before.model_dump(mode="json")
        | {"limit": None, "dimensions": [{"name": "customer.region"}, {"name": "metric_time", "grain": "month"}]}
    )
    assert followup_notes(MODEL, before, after, "en") == [
        "Kept from the previous question: by region; this year.",
        "Not kept from the previous question: the top 1.",
    ]
    assert followup_notes(MODEL, before, after, "zh")[0] == "沿用上一个问题的:按区域;2026-01-01 – 2026-11-22。"


def test_a_top_one_ranking_runs_for_every_group() -> None:
    query = SemanticQuery.model_validate(
        {
            "metrics": ["churn_rate"],
            "dimensions": [{"name": "customer.region"}],
            "limit": 1,
            "order_by": [{"field": "churn_rate", "direction": "desc"}],
        }
    )
    ranked = ranking_query(query)
    assert ranked is not None and ranked.limit == MAX_CATEGORIES  # every group a chart can show
    assert ranking_query(query.model_copy(update={"limit": 10})) is None
    by_month = SemanticQuery.model_validate(
        query.model_dump(mode="json")
        | {"dimensions": [{"name": "customer.region"}, {"name": "metric_time", "grain": "month"}]}
    )
    released = release_ranking(query, by_month)
    assert released.limit is None and released.order_by == [], "the top 1 is not kept across region x month"
    assert release_ranking(query, query) == query


def test_a_ranking_answer_keeps_the_question_s_plan_and_highlights_the_top(runtime: Runtime) -> None:
    first = final_answer(run_question(runtime, "Which region has the highest churn rate this year?"))
    assert first.plan is not None and first.plan.query is not None and first.plan.query.limit == 1
    assert first.row_count == 5 and first.chart is not None and first.chart["highlight"] == 1
    assert "highest" in first.summary
    history = [Turn(question=first.question, query=first.plan.query)]
    second = final_answer(run_question(runtime, "and by month?", history))
    assert second.row_count > 5
    assert "Not kept from the previous question: the top 1." in second.assumptions


def test_chinese_assumptions_are_chinese() -> None:
    query = SemanticQuery.model_validate(
        {
            "kind": "themes",
            "text_field": "complaint_text",
            "segments": ["churned_customers"],
            "time_range": {"field": "customer.churn_date", "start": "2026-08-23", "end": "2026-11-22"},
            "compare": {"segments": ["active_customers"]},
        }
    )
    lines = describe_query(MODEL, query, "zh")
    notes = localize_notes(MODEL, ["Compared populations take the same dates on their own activity, not on customer.churn_date."], "zh")  # fmt: skip
    for line in [*lines, *notes]:
        assert not any(
            word.isascii() and word.isalpha() and len(word) > 3 for word in line.replace("(", " ").split()
        ), line


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Runtime:
    folder = tmp_path_factory.mktemp("display")
    return Runtime(Settings(warehouse=demo_warehouse_path, as_of=AS_OF, audit_log=folder / "audit.jsonl", llm="offline",
                            feedback_log=folder / "feedback.jsonl"))  # fmt: skip


def test_a_running_month_is_said_and_left_out_of_the_trend(runtime: Runtime) -> None:
    answer = final_answer(run_question(runtime, "What is the churn rate by month this year?"))
    assert answer.chart is not None and answer.chart["partial_last"] is True
    assert any("2026-11 is incomplete" in line for line in answer.assumptions)
    assert "2026-11 is still running" in answer.summary and "to 2026-11" not in answer.summary.split(".")[0]


def test_chips_mark_the_words_the_planner_used_and_flag_unknown_ones() -> None:
    from assistant.contracts import Span
    from assistant.ui.chips import chips_html

    question = "revenue by regoin in gmail <b>"
    plan = Plan(
        status="ok", query=COMPARISON, planner="offline", unrecognized=["gmail"],
        interpretation=[Span(text="revenue", start=0, end=7, role="metric", target="revenue"),
                        Span(text="regoin", start=11, end=17, role="correction", value="regoin->region")],
    )  # fmt: skip
    html = chips_html(MODEL, Answer(question=question, status="answered", plan=plan))
    assert '<mark class="cb-span cb-span-used" title="metric → revenue">revenue</mark>' in html
    assert 'title="correction → regoin-&gt;region">regoin</mark>' in html
    assert '<mark class="cb-span cb-span-unknown">gmail</mark>' in html and "&lt;b&gt;" in html and "<b>" not in html
    assert "Not understood</span> gmail" in html


def test_near_duplicate_suggestions_show_once() -> None:
    from assistant.ui.view import distinct

    asked = [
        "What did churned customers complain about in the last three months?",
        "What did customers who churned in the last three months complain about?",
        "And by region?",
        "And by city?",
        "去年呢?",
        "今年呢?",
    ]
    assert distinct(asked) == [asked[0], *asked[2:]]
