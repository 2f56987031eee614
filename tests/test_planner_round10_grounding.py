"""Round 10 (p13a): the grounding safety net — words that change the answer but that no element of the plan explains.
Period words no time element explains ('上一财年', 'weekends', 'lately') are asked back; a comparison marker the plan
does not contain ('vs', '相比', 'compared with') is asked back, or, when it names both sides of one yes/no field ('with
vs without', 'X or not', '有没有X…对比'), becomes a breakdown by that field; a measure asked to include rows its
definition leaves out ('revenue including returned orders') is asked back unless the model has the wider measure.
Sentences of our own, with near-misses that must not change."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dates_of, dimension_names, filters_of, history_of, plan, query_of

MODEL = load_model()
# a model that does not say where its fiscal year starts: fiscal periods are asked back (round 11)
NO_FISCAL_YEAR = MODEL.model_copy(update={"fiscal_year_start_month": None})


# -- period words no time element explains -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("上一财年的订单量", "财年"),
        ("去年财年的新增客户有多少", "财年"),
        ("周末的订单量有多少", "周末"),
        ("近期流失的客户有多少", "近期"),
        ("最近的投诉主要集中在哪些方面", "最近"),
        ("年初到现在的新增客户", "年初"),
        ("what have members been complaining about lately", "lately"),
        ("how many tickets did we get recently", "recently"),
        ("orders by signup month", "month"),
        ("churn rate by signup month", "month"),
    ],
)
def test_a_period_word_no_time_element_explains_is_asked_back_naming_it(question: str, named: str) -> None:
    result = plan(NO_FISCAL_YEAR, question)
    assert result.status == "clarify" and result.query is None, (question, result.query)
    assert named in (result.clarification or ""), result.clarification


@pytest.mark.parametrize(
    "question",
    ["how many orders did we get in the last fiscal year", "orders over the holiday season", "revenue on weekends"],
)
def test_a_period_the_time_phrases_do_not_know_is_never_answered_in_english(question: str) -> None:
    asked_back(NO_FISCAL_YEAR, question)


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("monthly revenue this year", "month"),
        ("daily orders last week", "day"),
        ("每个季度的营收", "quarter"),
        ("每天的订单数", "day"),
        ("按月看今年的营收", "month"),
    ],
)
def test_a_period_word_of_a_grain_is_explained_by_the_grain(question: str, grain: str) -> None:
    query = query_of(MODEL, question)
    assert [d.get("grain") for d in query["dimensions"]] == [grain]


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many days does it take to resolve a ticket", "avg_resolution_hours"),
        ("平均多少天解决工单", "avg_resolution_hours"),
        ("how many customers have we lost so far", None),
        ("至今一共流失了多少客户", "churned_customers"),
    ],
)
def test_a_duration_asked_or_the_whole_history_names_no_period(question: str, metric: str | None) -> None:
    query = query_of(MODEL, question)
    assert "time_range" not in query
    if metric is not None:
        assert query["metrics"] == [metric]


def test_a_period_the_time_phrases_read_is_unchanged() -> None:
    assert dates_of(query_of(MODEL, "上半年的客单价")) == ("2026-01-01", "2026-06-30")
    assert dates_of(query_of(MODEL, "年初以来的退货率")) == ("2026-01-01", "2026-12-04")


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("这半年的退货率", "return_rate"),  # '这半年' is the last six months, as '近半年'
        ("what are members complaining about lately? complaints from the last 6 weeks", None),
        ("上周（周一至周日）的工单量", "tickets"),  # a bracket saying the period again
        ("沉默客户一共几个，就是还没流失但三个月都没成交过的", "silent_customers"),  # the population's own window
        ("上个月各渠道的新增客户，我下午开会要用", "new_customers"),  # a time of day of the user's work
        ("我们的会员当初都是从哪个渠道来的", "customers"),  # how they began, no period
    ],
)
def test_a_period_word_said_again_or_of_no_period_is_explained(question: str, metric: str | None) -> None:
    query = query_of(MODEL, question)
    if metric is not None:
        assert query["metrics"] == [metric]


def test_the_overview_explains_a_vague_recently() -> None:
    for question in ("最近怎么样", "how are we doing lately"):
        query = query_of(MODEL, question)
        assert query["time_range"]["label"] == "last 30 days"


def test_a_follow_up_that_moves_the_period_used_its_period_words() -> None:
    history = history_of(MODEL, "what was the return rate last year")
    assert dates_of(query_of(MODEL, "and the year before that?", history)) == ("2024-01-01", "2024-12-31")
    history = history_of(MODEL, "orders by channel last quarter")
    assert dates_of(query_of(MODEL, "what about the quarter before that?", history)) == ("2026-04-01", "2026-06-30")


# -- comparison markers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "metric"),
    [
        ("how many customers with vs without the app bound", "customer.app_bound", "customers"),
        ("churn rate of customers with and without a membership", "customer.is_member", "churn_rate"),
        ("members or not, what's the churn rate", "customer.is_member", "churn_rate"),
        ("revenue last month from members or not", "customer.is_member", "revenue"),
        ("有没有绑定APP的客户流失率对比", "customer.app_bound", "churn_rate"),
        ("是否会员的客单价有什么区别", "customer.is_member", "average_order_value"),
    ],
)
def test_both_sides_of_a_yes_no_field_named_by_their_marker_are_a_breakdown(
    question: str, field: str, metric: str
) -> None:
    query = query_of(MODEL, question)
    assert dimension_names(query) == [field]
    assert query["metrics"] == [metric]
    assert not [f for f in filters_of(query) if f[0] == field] and not query.get("segments")


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("how many customers without a membership", "customer.is_member", False),
        ("churn rate of customers who bound the app", "customer.app_bound", True),
    ],
)
def test_one_side_of_a_yes_no_field_stays_a_filter(question: str, field: str, value: bool) -> None:
    query = query_of(MODEL, question)
    assert (field, "=", [value]) in filters_of(query) or (value and query.get("segments"))
    assert field not in dimension_names(query)


@pytest.mark.parametrize(
    ("question", "marker"),
    [
        ("会员的客单价相比如何", "相比"),
        ("北京的营收对比", "对比"),
        ("how do members compare on revenue", "compare"),
        ("tickets by channel vs last month", "vs"),
        ("revenue by region compared with last quarter", "compared with"),
    ],
)
def test_a_comparison_the_plan_does_not_contain_is_asked_back(question: str, marker: str) -> None:
    assert marker in asked_back(MODEL, question)


@pytest.mark.parametrize(
    "question",
    [
        "compare the 2025 return rate of members with non-members",  # the period after 'compare' is its scope
        "西区 vs 北区，上季度的退货率对比",  # the two sides are the values, then the period
        "revenue this month vs last month",
        "本月营收和上月比",
        "members vs non-members churn rate",
        "app vs web orders last month",
        "complaints this month vs last month by channel",
        "上个月营收同比",
        "会员和非会员的占比",
    ],
)
def test_a_comparison_the_plan_contains_is_answered(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "ok", (question, result.clarification)


# -- a measure asked to include rows its definition leaves out -------------------------------------------------


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("revenue last month including returned orders", "completed"),
        ("上个月的销售额（取消的订单也算）", "completed"),
        ("销售额，退货的也算上", "completed"),
        ("AOV this year counting cancelled orders too", "completed"),
        ("revenue including refunds", "completed"),
    ],
)
def test_a_measure_cannot_include_what_its_definition_leaves_out(question: str, said: str) -> None:
    assert said in asked_back(MODEL, question)


def test_the_model_measure_over_exactly_the_rows_asked_answers() -> None:
    query = query_of(MODEL, "completed orders last month, returned ones included")
    assert query["metrics"] == ["settled_orders"] and not query.get("filters")


@pytest.mark.parametrize(
    ("question", "metric", "filters"),
    [
        ("orders last month including returned ones", "orders", []),
        ("revenue excluding returns", "revenue", [("order.status", "!=", ["returned"])]),
    ],
)
def test_an_inclusion_the_definition_admits_is_unchanged(question: str, metric: str, filters: list[object]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert filters_of(query) == filters


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("For October 2026: how many orders were returned, and the return rate for the month", "2026-10-01"),
        ("revenue in Q2 2026 and the AOV for the quarter", "2026-04-01"),
    ],
)
def test_the_period_named_pointed_at_again_is_explained(question: str, start: str) -> None:
    assert dates_of(query_of(MODEL, question))[0] == start  # 'the month' is the month named


def test_the_unit_alone_is_still_asked_back() -> None:
    assert "year" in asked_back(MODEL, "revenue for the year")
