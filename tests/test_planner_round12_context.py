"""The asker's situation around a request (round 12, p15a), tested with phrasings of my own: what the asker plans to
do next (framing/context_clauses.py), an occasion with its time still to come and a heading naming it
(framing/occasions.py), a group of colleagues asking (framing/people.py), the part of the business a Chinese asker
answers for (framing/requesters.py), a Chinese office named by its suffix, a space ending a Chinese sentence, and the
people who do the measured act (actors.py). Near-misses that name data must keep it, or be asked back."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, filters_of, query_of, same_plan

MODEL = load_model()

# --- what the asker plans to do ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "We're planning a win-back drive next month - how many churned customers did we have in October?",
            "how many churned customers did we have in October?",
        ),
        (
            "how many members signed up last quarter? we're preparing a promotion blitz",
            "how many members signed up last quarter?",
        ),
        (
            "which cities have the most silent customers, so we can organise some store events for them?",
            "which cities have the most silent customers?",
        ),
        (
            "what did members complain about last month? need to know before the care campaign",
            "what did members complain about last month?",
        ),
        ("上个月新增了多少会员？打算搞一波召回活动", "上个月新增了多少会员？"),
    ],
)
def test_a_planned_action_of_the_asker_is_no_condition(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_campaign_that_already_ran_is_still_data() -> None:
    query = query_of(MODEL, "We sent a reactivation push in October - how many silent customers do we have?")
    assert ("touch.campaign", "=", ["winback"]) in filters_of(query)
    asked_back(MODEL, "We're planning a winback push for Shanghai - how many churned customers last month?")
    asked_back(MODEL, "我们打算在上海做一波召回活动，上个月流失了多少客户？")


def test_planning_to_target_a_group_does_not_drop_the_group() -> None:
    result = asked_back(MODEL, "We're planning to target store customers - how many orders last month?")
    assert result


# --- occasions with their time, headings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "my director wants our return rate for last quarter in the ops sync deck tomorrow morning",
            "our return rate for last quarter",
        ),
        ("NPS by touchpoint this year, need it for the leadership call in 10 minutes", "NPS by touchpoint this year"),
        ("how many open tickets do we have? it's for the team huddle at 4pm", "how many open tickets do we have?"),
        (
            "Quarterly business review prep: what was revenue by region last quarter?",
            "what was revenue by region last quarter?",
        ),
        ("Ops recap draft - how many complaints came in last week?", "how many complaints came in last week?"),
    ],
)
def test_an_occasion_and_when_it_takes_place_are_no_data(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_an_occasion_noun_of_the_model_needs_the_answer_before_it() -> None:
    query = query_of(MODEL, "how many tickets came in from the sales call last week")
    assert ("ticket.channel", "=", ["phone"]) in filters_of(query)


def test_a_heading_naming_data_is_asked_back() -> None:
    assert "review" in asked_back(MODEL, "Shanghai review: how many orders last month?")


# --- a group of colleagues asking --------------------------------------------------------------------------------------


def test_a_group_asking_whose_name_the_question_restates_is_who_asks() -> None:
    same_plan(
        MODEL,
        "Our delivery team wants to know how many delivery-category complaints came in last month. Can you count them?",
        "how many delivery-category complaints came in last month?",
    )
    same_plan(
        MODEL,
        "the billing folks are asking what customers said in billing tickets this quarter - group the complaints",
        "what did customers say in billing tickets this quarter - group the complaints",
    )


def test_a_group_named_by_a_value_the_question_does_not_restate_is_asked_back() -> None:
    asked_back(MODEL, "The app team wants to know how many tickets came in last week. Can you count the tickets?")


# --- Chinese: the asker's scope, offices, a space ending a sentence ------------------------------------------------------


def test_the_part_of_the_business_a_chinese_asker_answers_for_is_the_scope() -> None:
    query = query_of(MODEL, "我是华南区的区域负责人，想知道我们区上个月的订单有多少？")
    assert filters_of(query) == [("customer.region", "=", ["South"])]
    assert query["metrics"] == ["orders"]
    query = query_of(MODEL, "我负责西区，我们区今年的退货率是多少？")
    assert filters_of(query) == [("customer.region", "=", ["West"])]


def test_a_chinese_role_without_a_scope_restricts_nothing() -> None:
    same_plan(MODEL, "我是区域经理，上个月的营收是多少？", "上个月的营收是多少？")


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("近7天的投诉有多少？客服部日报要用", "近7天的投诉有多少？"),
        ("本月的平均客单价是多少？运营组周会要用", "本月的平均客单价是多少？"),
        ("我这边在写季度总结，上个月的NPS是多少？", "上个月的NPS是多少？"),
    ],
)
def test_a_chinese_office_or_deliverable_is_no_data(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("本月退货率多少呀 领导要看", "本月退货率多少"),
        ("上周投诉几条啊 老板在问", "上周投诉几条"),
    ],
)
def test_a_space_after_a_chinese_particle_ends_the_sentence(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


# --- the people who do the measured act ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("上周客服平均要多少个小时才第一次回复工单？", "avg_first_response_hours"),
        ("近30天客服平均几个小时才解决一张工单", "avg_resolution_hours"),
        ("how long does it take our support folks to resolve a ticket, this quarter?", "avg_resolution_hours"),
        ("on average how long did it take the service people to first reply last month?", "avg_first_response_hours"),
    ],
)
def test_who_does_the_measured_act_is_no_filter(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric]
    assert filters_of(query) == []


# --- the asker's device ---------------------------------------------------------------------------------------------


def test_the_askers_own_phone_is_no_channel() -> None:
    same_plan(MODEL, "on my phone rn - orders last week?", "orders last week?")
    same_plan(MODEL, "sorry, typing from my mobile: how many complaints yesterday?", "how many complaints yesterday?")
    query = query_of(MODEL, "how many tickets came in by phone last week?")
    assert ("ticket.channel", "=", ["phone"]) in filters_of(query)
