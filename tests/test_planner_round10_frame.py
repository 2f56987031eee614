"""The frame around a request read by its grammar (round 10, p13c, assistant/planner/framing/context_clauses.py), tested
with phrasings of my own: a statement next to a complete request that asks nothing, restricts nothing and names only
what the request names is context, whatever its words ("I want to chase them before Friday", "so I can answer my
manager", "下周例会要用"); a future period in it is no forecast unless the request asks the future; a frame that
restricts (only, the ones, I mean …), names another value or another period, or asks for another answer form stays
in the question. Also: an occasion before the question word it introduces, and the answer form 'the single number'."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dates_of, dimension_names, filters_of, plan, query_of, same_plan

MODEL = load_model()

# --- a statement that asks and restricts nothing, next to the request ----------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "How many open tickets are there right now? I want to chase them before Friday.",
            "How many open tickets are there right now?",
        ),
        (
            "Show the 20 newest high priority tickets. I'd like to ring them back personally.",
            "Show the 20 newest high priority tickets.",
        ),
        (
            "Can you give me complaints by channel for last month so I can answer my manager?",
            "Can you give me complaints by channel for last month?",
        ),
        (
            "What was the average order value in Q3 2026? Accounting and I disagree and I'd like a tiebreaker.",
            "What was the average order value in Q3 2026?",
        ),
        (
            "How many customers churned this year? The retention squad says it has been a rough year.",
            "How many customers churned this year?",
        ),
        (
            "Revenue by category last quarter please. Gearing up for the merchandising offsite.",
            "Revenue by category last quarter please.",
        ),
        (
            "What is the delivery rate of sms touches this year? We're figuring out where the messaging budget should go.",
            "What is the delivery rate of sms touches this year?",
        ),
        (
            "Which 3 regions had the most complaints last month? Thinking about where to send the field team.",
            "Which 3 regions had the most complaints last month?",
        ),
    ],
)
def test_a_statement_beside_the_request_is_context(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("上个月的退货率是多少？周五例会要用", "上个月的退货率是多少？"),
        ("最近30天每个渠道的工单数是多少？运营那边想看看最近的压力", "最近30天每个渠道的工单数是多少？"),
    ],
)
def test_a_chinese_clause_of_use_is_context(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


# --- a future period in the frame is no forecast --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "We're setting next year's targets. What was our churn rate in 2025?",
            "What was our churn rate in 2025?",
        ),
        (
            "Conversion rate by campaign this year? Trying to shape next quarter's marketing calendar.",
            "Conversion rate by campaign this year?",
        ),
        ("今年各地区的营收是多少？明年做预算要参考", "今年各地区的营收是多少？"),
    ],
)
def test_a_future_period_in_the_frame_is_no_forecast(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


@pytest.mark.parametrize(
    "question",
    [
        "What will revenue be next year? I need it for planning.",
        "下个月的订单量会有多少？我要做排班",
    ],
)
def test_a_request_for_the_future_is_still_a_forecast(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "unsupported"


# --- near misses: a frame that restricts stays in the question ------------------------------------------------------


def test_a_frame_naming_only_the_ones_in_a_city_keeps_the_city() -> None:
    query = query_of(MODEL, "How many orders did we get last month? I only need the ones in Shanghai.")
    assert ("customer.city", "=", ["Shanghai"]) in filters_of(query)


@pytest.mark.parametrize(
    "question",
    [
        # a restriction said after the request with a word the model lacks is asked back, not dropped
        "How many customers churned last month? I mean the ones on gmail.",
        "How many customers churned last month? I care about customers who use gmail.",
        "How many orders last month? I'm only after the gmail people.",
    ],
)
def test_a_frame_that_restricts_with_an_unknown_word_is_asked_back(question: str) -> None:
    asked_back(MODEL, question)


def test_a_frame_naming_a_value_the_request_lacks_is_not_dropped() -> None:
    result = plan(MODEL, "How many complaints came in last week? I'm worried about the Beijing customers.")
    if result.status == "ok":
        assert result.query is not None
        assert any(f.field == "customer.city" for f in result.query.filters)


def test_a_frame_naming_another_period_is_not_dropped() -> None:
    result = plan(MODEL, "How many orders this year? I want to see how we did in March.")
    if result.status == "ok":
        assert result.query is not None
        assert result.query.time_range is not None and result.query.time_range.label != "this year"


def test_a_frame_asking_for_another_form_is_not_dropped() -> None:
    query = query_of(MODEL, "How many tickets got a first reply within 3 hours last month? I need the rate.")
    assert "responded_within_3h_rate" in query["metrics"]


def test_a_period_containing_the_requests_period_restricts_nothing() -> None:
    question = "过去一周新注册的客户有多少？市场部想看看国庆之后的拉新情况"
    assert dates_of(query_of(MODEL, question)) == dates_of(query_of(MODEL, "过去一周新注册的客户有多少？"))


# --- an occasion before the question it introduces; the answer form 'a single number' ------------------------------


def test_an_occasion_before_the_question_word_is_context() -> None:
    same_plan(
        MODEL,
        "my director asked me just before the quarterly business review how many orders we shipped in October",
        "how many orders in October",
    )


def test_an_occasion_naming_a_value_before_the_question_word_is_kept() -> None:
    asked_back(MODEL, "my boss asked me before the Shanghai review how many complaints we logged last month")


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("Total revenue for October - just the single figure, thanks.", "Total revenue for October"),
        ("Orders placed in November? Just the single number please.", "Orders placed in November?"),
    ],
)
def test_a_single_number_is_the_answer_form(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_single_order_is_still_asked_back() -> None:
    asked_back(MODEL, "how many customers placed a single order last year")


def test_a_breakdown_in_the_frame_is_kept() -> None:
    query = query_of(MODEL, "How many complaints last month? I'd like to see them by region.")
    assert "customer.region" in dimension_names(query)


# --- a person asking, with the period said in a clause of its own ---------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "Our CRM lead asked for the return rate split by category, for last month. Can you get that?",
            "return rate by category last month",
        ),
        (
            "the regional director wants to see revenue by channel, for Q3 2026 - could you pull it?",
            "revenue by channel in Q3 2026",
        ),
    ],
)
def test_a_person_asking_before_a_clause_with_only_the_period(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_person_asking_before_a_clause_naming_the_data_is_still_asked_back() -> None:
    asked_back(MODEL, "the regional director wants to see the Shanghai picture, revenue last month?")
