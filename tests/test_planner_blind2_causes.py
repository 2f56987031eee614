"""General causes behind the offline planner's failures on blind set 2 (issue 10), each tested with phrasings
that are NOT in the blind sets, in English and Chinese, to show the fix is a rule rather than a sentence."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import Turn
from semantic_layer import load_model
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def fields(query: dict[str, Any]) -> set[str]:
    return {f["field"] for f in query.get("filters", [])}


def dims(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


# 1. A value word inside a phrase about something else is not a filter on an unrelated field.
@pytest.mark.parametrize(
    "question",
    [
        "How many orders had a discount of 50 or higher last month?",
        "responses with a CSAT score of 4 or lower this quarter",
        "Did revenue come in higher from the app or from stores last month?",
        "上个月APP和门店哪个客单价更高",
        "count of low csat feedback responses this year",
    ],
)
def test_value_words_do_not_attach_to_unrelated_fields(model: Any, question: str) -> None:
    result = plan(model, question)
    if result.status == "ok":
        assert "ticket.priority" not in fields(result.query.model_dump(mode="json")), question
    else:
        assert result.status == "clarify", question


@pytest.mark.parametrize(
    ("question", "field", "op", "value"),
    [
        ("list survey responses with an NPS score of 2 or lower from this month", "survey.nps_score", "<=", 2.0),
        ("orders with an amount of 800 or more last week", "order.amount", ">=", 800.0),
        ("上个月支付金额1000元以上的订单有多少", "order.amount", ">", 1000.0),
    ],
)
def test_number_comparisons_are_thresholds(model: Any, question: str, field: str, op: str, value: float) -> None:
    query = query_of(model, question)
    assert {"field": field, "op": op, "values": [value]} in query["filters"], query


@pytest.mark.parametrize("question", ["How many high NPS responses came in last month?", "最近一个月高NPS的反馈有多少"])
def test_value_of_an_unrelated_entity_is_asked_back(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" or "ticket.priority" not in fields(result.query.model_dump(mode="json"))


def test_low_csat_phrase_with_the_entity_noun_inside_is_the_metric(model: Any) -> None:
    query = query_of(model, "number of low csat survey responses in the last 60 days")
    assert query["metrics"] == ["low_csat_responses"] and not query.get("filters")


# 2. Breakdowns survive an entity noun before them, Chinese numerals, and an entity noun as a clause subject.
@pytest.mark.parametrize(
    ("question", "dimension", "limit"),
    [
        ("Top 3 order categories by revenue this year", "order.category", 3),
        ("worst 2 survey touchpoints by CSAT this month", "survey.touchpoint", 2),
        ("本月订单量排名前三的品类", "order.category", 3),
        ("今年退货率最高的两个城市", "customer.city", 2),
    ],
)
def test_ranked_breakdowns_are_kept(model: Any, question: str, dimension: str, limit: int) -> None:
    query = query_of(model, question)
    assert dims(query) == [dimension] and query.get("limit") == limit, query


@pytest.mark.parametrize(
    "question",
    [
        "Revenue this year by whether the customer is a member",
        "tickets last month by whether the customer has the app bound",
    ],
)
def test_entity_noun_as_clause_subject_is_no_breakdown(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert "customer.customer_id" not in dims(query) and len(dims(query)) == 1, query


@pytest.mark.parametrize(
    ("history", "follow_up", "dimension"),
    [
        (["How many orders last month?"], "split by status", "order.status"),
        (["How many customers churned this year?"], "break it down by reason", "customer.churn_reason"),
    ],
)
def test_a_word_of_one_dimension_name_is_that_breakdown(
    model: Any, history: list[str], follow_up: str, dimension: str
) -> None:
    turns = [Turn(question=q, query=plan(model, q).query) for q in history]
    query = query_of(model, follow_up, turns)
    assert dimension in dims(query), query
    narrowed = query_of(
        model, "only tier B", [*turns, Turn(question=follow_up, query=plan(model, follow_up, turns).query)]
    )
    assert dimension in dims(narrowed) and "customer.tier" in fields(narrowed), narrowed


# 3. Comparisons: two populations of one column become a breakdown by it; comparatives with "or" contrast.
@pytest.mark.parametrize(
    "question",
    [
        "How does revenue compare between active and churned customers this year?",
        "活跃客户和流失客户的投诉数对比",
        "average CSAT for churned customers and for active customers",
    ],
)
def test_populations_of_one_column_become_a_breakdown(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert "customer.status" in dims(query) and not query.get("segments"), query
    assert set(next(f["values"] for f in query["filters"] if f["field"] == "customer.status")) == {"active", "churned"}


@pytest.mark.parametrize(
    "question",
    ["Was revenue bigger in the north or in the south this year?", "今年华北和华南哪个销售额更高"],
)
def test_comparative_between_two_values_is_a_breakdown(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert dims(query) == ["customer.region"], query


@pytest.mark.parametrize(
    "question", ["NPS QoQ - last qtr vs the one before", "return rate: last mth vs the mth before"]
)
def test_shorthand_inside_a_comparison_keeps_the_time(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query.get("time_range") and query.get("compare") == {"previous_period": True}, query


# 4. Writes that set a field to a value are refused, in English and Chinese.
@pytest.mark.parametrize(
    "question",
    [
        "把这些沉默客户的状态改为流失",
        "把华东区所有客户的区域改成华北",
        "change the tier of all churned customers to tier D",
        "switch the status of the silent customers to churned",
        "把客户C0000456的等级改为B",
    ],
)
def test_setting_a_value_is_refused(model: Any, question: str) -> None:
    assert plan(model, question).status == "refused", question


@pytest.mark.parametrize("question", ["改成按月", "change it to by region"])
def test_changing_the_view_is_not_a_write(model: Any, question: str) -> None:
    assert (
        plan(
            model, question, [Turn(question="revenue last quarter", query=plan(model, "revenue last quarter").query)]
        ).status
        != "refused"
    )


# 5. Negation on yes/no columns, two asked metrics, counts used as qualifiers, the noun after the count word.
@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("How many members haven't bound the app?", "customer.app_bound"),
        ("How many touches sent last week weren't opened?", "touch.opened"),
    ],
)
def test_contracted_negation_on_a_flag(model: Any, question: str, field: str) -> None:
    query = query_of(model, question)
    assert {"field": field, "op": "=", "values": [False]} in query["filters"], query


def test_two_asked_metrics(model: Any) -> None:
    query = query_of(model, "how many customers churned last quarter and what was the churn rate?")
    assert query["metrics"] == ["churned_customers", "churn_rate"] and not query.get("segments"), query


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "How many tickets that weren't complaints came in this month?",
            {"field": "ticket.is_complaint", "op": "=", "values": [False]},
        ),
        (
            "average first response time of non-complaint tickets last quarter",
            {"field": "ticket.is_complaint", "op": "=", "values": [False]},
        ),
        ("上个月非投诉工单有多少", {"field": "ticket.is_complaint", "op": "=", "values": [False]}),
    ],
)
def test_negated_count_metric_qualifies_its_records(model: Any, question: str, expected: dict[str, Any]) -> None:
    query = query_of(model, question)
    assert expected in query["filters"] and "complaints" not in query["metrics"], query


def test_count_metric_both_ways_is_a_breakdown(model: Any) -> None:
    query = query_of(model, "上个月投诉工单和非投诉工单的首次响应时长")
    assert query["metrics"] == ["avg_first_response_hours"] and dims(query) == ["ticket.is_complaint"], query


@pytest.mark.parametrize(
    ("question", "metric", "segment"),
    [
        ("高价值客户今年一共提交过多少工单?", "tickets", "high_value_customers"),
        ("沉默客户总共下过多少订单", "orders", "silent_customers"),
    ],
)
def test_the_noun_after_the_count_word_is_counted(model: Any, question: str, metric: str, segment: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric] and query["segments"] == [segment], query


def test_a_value_word_used_as_a_verb_is_no_filter(model: Any) -> None:
    query = query_of(model, "how many tickets did high-value customers open this month")
    assert "ticket.status" not in fields(query), query


# 6. Records ranked by a named number field; thresholds on records.
@pytest.mark.parametrize(
    ("question", "order_field", "limit"),
    [
        ("Show the 3 largest returned orders by amount this month", "order.amount", 3),
        ("top 10 completed orders by discount last month", "order.discount", 10),
    ],
)
def test_records_ranked_by_a_number_field(model: Any, question: str, order_field: str, limit: int) -> None:
    query = query_of(model, question)
    assert query["kind"] == "records" and query["order_by"][0]["field"] == order_field and query["limit"] == limit


# 7. Themes asked with other verbs.
@pytest.mark.parametrize(
    "question",
    [
        "这半年会员都在抱怨些什么?",
        "上个月沉默客户都投诉了哪些?",
        "Which topics came up in complaints from members last quarter?",
    ],
)
def test_themes_phrasings(model: Any, question: str) -> None:
    assert query_of(model, question)["kind"] == "themes"


# 8. Shorthand and one-character Chinese typos.
@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("avg resolution hrs last 30d", "avg_resolution_hours"),
        ("本月复够率是多少", "repurchase_rate"),
        ("上周的销收额", "revenue"),
    ],
)
def test_shorthand_and_typos(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_filler_characters_are_no_typo(model: Any) -> None:
    assert query_of(model, "会员上个月下了多少订单")["metrics"] == ["orders"]


# Found while checking blind set 1 after the fixes (same causes, other phrasings).
@pytest.mark.parametrize(
    ("question", "dimension"),
    [
        ("orders this year split by whether the customer is a member", "customer.is_member"),
        ("tickets split by channel", "ticket.channel"),
    ],
)
def test_split_by_is_a_cue_for_what_follows(model: Any, question: str, dimension: str) -> None:
    assert dims(query_of(model, question)) == [dimension]


@pytest.mark.parametrize(
    ("first", "follow_up", "start", "end"),
    [
        ("NPS last quarter", "and the quarter before that?", "2026-04-01", "2026-06-30"),
        ("上个月的退货率", "再往前一个月呢", "2026-10-01", "2026-10-31"),
    ],
)
def test_the_period_before_the_previous_one(model: Any, first: str, follow_up: str, start: str, end: str) -> None:
    turns = [Turn(question=first, query=plan(model, first).query)]
    time_range = query_of(model, follow_up, turns)["time_range"]
    assert (time_range["start"], time_range["end"]) == (start, end)


@pytest.mark.parametrize("question", ["最新的5笔退货订单", "the 3 most recent members who churned"])
def test_latest_n_of_a_population_lists_records(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["kind"] == "records" and query["order_by"][0].get("direction", "desc") == "desc"


@pytest.mark.parametrize(
    ("question", "focus", "other"),
    [
        ("what do lost customers complain about compared to active ones?", "churned_customers", "active_customers"),
        ("活跃客户和流失客户相比都在抱怨些什么", "active_customers", "churned_customers"),
    ],
)
def test_the_first_population_named_is_the_focus(model: Any, question: str, focus: str, other: str) -> None:
    query = query_of(model, question)
    assert query["segments"] == [focus] and query["compare"]["segments"] == [other], query


def test_a_breakdown_word_inside_a_longer_breakdown_is_that_one(model: Any) -> None:
    query = query_of(model, "今年的新增客户来自哪些渠道?按获客渠道看")
    assert dims(query) == ["customer.acquisition_channel"], query


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("list the complaints of customer C0000042 this year", "records"),
        ("客户C0000099上个月的订单", "records"),
        ("how much revenue did customer C0000042 bring last quarter", "metrics"),
    ],
)
def test_an_identifier_after_an_entity_noun_is_its_primary_key(model: Any, question: str, kind: str) -> None:
    query = query_of(model, question)
    assert query.get("kind", "metrics") == kind
    assert any(f["field"] == "customer.customer_id" and f["values"][0].startswith("C00000") for f in query["filters"])
