"""The frame around a request (round 9, p12f, assistant/planner/framing/people.py), tested with phrasings of my own: a
role noun after modifiers that name the model is a person, not a value ("the store managers", "客服总监"); a clause a
person opens or closes that asks nothing and adds nothing frames the request (meetings, deadlines, purposes); a
value of the person is kept only when the question names it; a frame that adds a breakdown, a restriction or a
number is asked back. And a two-edit correction keeps the word's first letter (an unknown city is no other city)."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import plan, query_of, same_plan

MODEL = load_model()


def _fields(query: dict[str, Any]) -> set[str]:
    return {f["field"] for f in query.get("filters", [])}


# --- a person named by a role, in a clause that frames the request -----------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "How many complaints did we get last month? The store managers want it for their weekly huddle.",
            "How many complaints did we get last month?",
        ),
        (
            "Complaints last month please — for my 10am with the service director",
            "How many complaints did we get last month?",
        ),
        (
            "Average order value this year please, it's for the regional managers' offsite.",
            "average order value this year",
        ),
        (
            "Our East regional director is prepping for a review — what's the NPS for customers in the East region "
            "this quarter?",
            "what's the NPS for customers in the East region this quarter?",
        ),
        (
            "return rate by category for this year — the category leads want to see it before the budget round",
            "return rate by category for this year",
        ),
        ("上个月各大区的投诉量是多少？客服经理想看一下", "上个月各大区的投诉量是多少？"),
        ("本季度的销售额是多少？品类总监下午开会要用", "本季度的销售额是多少？"),
        ("CRM负责人想评估一下影响：今年流失的客户有多少个？", "今年流失的客户有多少个？"),
    ],
)
def test_a_clause_about_a_person_frames_the_request(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("客服总监想知道近30天的平均首响时长", "近30天的平均首响时长"),
        ("客服主管让我查一下上个月的投诉量", "上个月的投诉量"),
        ("区域经理让我查一下今年华南的新客数", "今年华南的新客数"),
        ("The store managers are asking how many members we have", "how many members do we have"),
        ("Our CRM lead asked me how many customers churned this year", "how many customers churned this year"),
    ],
)
def test_a_person_asking_opens_the_question(question: str, plain: str) -> None:
    """'客服' of '客服总监' is the person's function, not the churn reason 'service'; 'store' of 'the store managers'
    is no channel."""
    same_plan(MODEL, question, plain)


def test_the_service_word_of_a_role_is_no_churn_reason() -> None:
    query = query_of(MODEL, "近30天哪个大区的平均首响时长最长？客服主管想找出最慢的区")
    assert "customer.churn_reason" not in _fields(query)
    assert query["dimensions"] == [{"name": "customer.region"}] and query["limit"] == 1


def test_a_value_of_the_person_named_again_stays() -> None:
    """'the Chengdu store manager … in Chengdu': the city comes from the question, which names it."""
    query = query_of(
        MODEL,
        "The Chengdu store manager is planning a recruitment event — how many active customers in Chengdu are members?",
    )
    assert {"field": "customer.city", "op": "=", "values": ["Chengdu"]} in query["filters"]
    assert "order.channel" not in _fields(query) and "customer.acquisition_channel" not in _fields(query)


# --- near misses: the frame adds to the request, or the person may be the scope asked ----------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What was revenue last month? Our category lead wants the number by region.",  # a breakdown
        "What was revenue last month? Our category lead only wants electronics.",  # a restriction
        "revenue last month — the category managers want the top 3",  # a limit
        "How many customers churned in Q3? The CRM team has a hunch it's mostly price and wants to check.",
        "The Beijing store manager wants to know how many members we have",  # Beijing's members, or who asks?
    ],
)
def test_a_frame_that_adds_to_the_request_is_asked_back(question: str) -> None:
    assert plan(MODEL, question).status == "clarify"


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("上个月因为客服问题流失的客户有多少", "customer.churn_reason", "service"),
        ("revenue from store orders last month", "order.channel", "store"),
    ],
)
def test_the_value_word_alone_stays_a_value(question: str, field: str, value: str) -> None:
    assert {"field": field, "op": "=", "values": [value]} in query_of(MODEL, question)["filters"]


# --- an unknown name is no other name ----------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["how many customers in Hangzhou", "revenue from customers based in Hangzhou"])
def test_an_unknown_city_is_asked_back(question: str) -> None:
    result = plan(MODEL, question)
    assert result.status == "clarify" and "hangzhou" in (result.clarification or "").lower()


@pytest.mark.parametrize(
    ("question", "city"), [("how many customers in Shenzen", "Shenzhen"), ("how many customers in Chengdou", "Chengdu")]
)
def test_a_slip_in_a_city_is_still_read(question: str, city: str) -> None:
    assert {"field": "customer.city", "op": "=", "values": [city]} in query_of(MODEL, question)["filters"]


# --- a verb of leaving out split around its object ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("revenue this year, leave the app orders out of it", "revenue this year excluding the app orders"),
        ("how many active customers if we take tier D out", "how many active customers excluding tier D"),
        ("how many customers do we have if we keep the churned ones out", "how many customers excluding churned ones"),
        (
            "what was revenue last quarter if we leave beauty and grocery out",
            "what was revenue last quarter excluding beauty and grocery",
        ),
    ],
)
def test_a_split_verb_of_leaving_out_excludes(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_left_alone_is_still_churn() -> None:
    query = query_of(MODEL, "how many customers left us last month")
    assert query["segments"] == ["churned_customers"] and not query.get("filters")
