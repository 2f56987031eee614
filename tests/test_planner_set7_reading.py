"""Planner causes of blind set 7 (helper p7-en): words a reader understands that the planner did not, tested with
phrasings NOT in set 7, in English and Chinese, each with near-misses that must still be asked back or declined:
everyday descriptions of a status (states.py), phrasal verbs and idioms of business events (shorthand.yml
`en_idioms`, `en_idiom_patterns`, idioms.py), yearless dates and weekdays (semantic_layer/time_phrases.py), chat
shorthand by dropped vowels (words.py), 'how well … <verb>' (comparatives.py) and channel values named like personal
data (value_words.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from semantic_layer import load_model
from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import AS_OF, plan, query_of

OPEN = {"field": "ticket.status", "op": "=", "values": ["open"]}


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


# -- 1. a status in everyday words filters, or is asked back; it never vanishes ----------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many tickets are still waiting to be dealt with?",
        "tickets not yet handled, by channel",
        "support tickets that haven't been sorted out yet per priority",
        "outstanding tickets last month",
        "how many tickets are in progress right now",
        "还没处理的工单按渠道分一下",
        "待解决的工单一共有多少",
        "目前没处理完的工单有几个",
    ],
)  # fmt: skip
def test_a_status_described_filters_the_status(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert OPEN in query.get("filters", []) or query["metrics"] == ["open_tickets"], query


@pytest.mark.parametrize("question", ["how many tickets are already taken care of?", "已经处理好的工单有多少"])
def test_a_state_already_reached_is_the_negation(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert {"field": "ticket.status", "op": "!=", "values": ["open"]} in query["filters"]


@pytest.mark.parametrize(
    "question",
    [
        "how many orders are still waiting to ship?",
        "tickets still waiting on a callback",
        "customers already onboarded",
    ],
)
def test_a_state_the_model_lacks_is_asked_back(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify", result.query


# -- 2. phrasal verbs and idioms of the model's events --------------------------------------------------------


def test_getting_back_to_a_ticket_is_replying(model: Any) -> None:
    query = query_of(model, "how fast do we get back to tickets, by priority?")
    assert query["metrics"] == ["avg_first_response_hours"]
    assert query["dimensions"] == [{"name": "ticket.priority"}]


@pytest.mark.parametrize(
    "question", ["how many customers walked away in the last 6 months", "number of clients who quit on us in 2025"]
)
def test_walking_away_is_churn(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert "churned_customers" in query.get("segments", []) + query["metrics"]
    dated = query["time_range"].get("field") == "customer.churn_date" or query["metrics"] == ["churned_customers"]
    assert dated and query["time_range"]["end"] in ("2025-12-31", "2026-12-04")


def test_top_n_of_a_field_of_the_counted_entity_is_that_breakdown(model: Any) -> None:
    query = query_of(model, "the top 2 reasons customers walked away in 2025")
    assert query["dimensions"] == [{"name": "customer.churn_reason"}] and query["limit"] == 2
    assert query["metrics"] == ["churned_customers"]
    # a field of another entity is no answer: churn reasons of returned orders, or reasons of a churn *rate*
    assert plan(model, "top 3 reasons for returns").status == "clarify"


def test_led_to_a_conversion_is_converted(model: Any) -> None:
    query = query_of(model, "how many care messages resulted in a sale last quarter?")
    assert query["metrics"] == ["converted_touches"]
    records = query_of(model, "list the 3 latest promo texts that led to a conversion")
    assert {"field": "touch.converted", "op": "=", "values": [True]} in records["filters"]


@pytest.mark.parametrize(
    "question", ["how many customers have connected the app?", "churn rate of app-connected customers"]
)
def test_linking_the_app_is_binding_it(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert {"field": "customer.app_bound", "op": "=", "values": [True]} in query["filters"]


def test_a_cohort_named_by_its_period_is_who_signed_up(model: Any) -> None:
    query = query_of(model, "orders in the last 90 days from the 2024 cohort")
    assert {"field": "customer.signup_date", "op": "between", "values": ["2024-01-01", "2024-12-31"]} in query[
        "filters"
    ]
    assert plan(model, "revenue from the loyalty cohort").status == "clarify"


# -- 3. dates: ordinals, weekdays, misspelled months -------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("since Oct 3rd", "2026-10-03", "2026-12-04"),
        ("on the 2nd", "2026-12-02", "2026-12-02"),
        ("since the 20th", "2026-11-20", "2026-12-04"),
        ("21st of September", "2026-09-21", "2026-09-21"),
        ("from Nov 2nd to Nov 9th", "2026-11-02", "2026-11-09"),
        ("since Tuesday", "2026-12-01", "2026-12-04"),
        ("last Wednesday", "2026-12-02", "2026-12-02"),
        ("the previous week (monday to sunday)", "2026-11-23", "2026-11-29"),
        ("Dec 31st", "2025-12-31", "2025-12-31"),
    ],
)  # fmt: skip
def test_yearless_days_and_weekdays(phrase: str, start: str, end: str) -> None:
    found = find_time_phrases(phrase, AS_OF)
    assert len(found) == 1 and (found[0].start.isoformat(), found[0].end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "text", ["for monday's review", "open on Mondays", "the 3rd highest region", "in the 2nd quarter", "may 5 orders"]
)
def test_not_dates(text: str) -> None:
    assert not any(
        r.phrase.strip().lower().endswith(("monday", "3rd", "2nd", "5")) for r in find_time_phrases(text, AS_OF)
    )


def test_a_weekday_to_come_is_asked_back() -> None:
    with pytest.raises(TimeExpressionError):
        find_time_phrases("orders this Sunday", date(2026, 12, 4))


@pytest.mark.parametrize(
    ("question", "start"),
    [("complaints in septmber", "2026-09-01"), ("revenue for janaury", "2026-01-01"), ("orders since wednesay", "2026-12-02")],
)  # fmt: skip
def test_misspelled_months_and_weekdays(model: Any, question: str, start: str) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None
    assert result.query.time_range is not None and result.query.time_range.start.isoformat() == start
    assert any(s.role == "correction" for s in result.interpretation)


def test_a_week_restated_otherwise_is_asked_back(model: Any) -> None:
    assert plan(model, "orders last week (sun-sat)").status == "clarify"


# -- 4. chat shorthand by dropped vowels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "dimension"),
    [
        ("rvn by ctgry", "revenue", "order.category"),
        ("avg rsltn time per prty", "avg_resolution_hours", "ticket.priority"),
        ("nps by tchpnt", "nps", "survey.touchpoint"),
        ("# of custs by rgn", "customers", "customer.region"),
        ("revenue by regn", "revenue", "customer.region"),
        ("conv rt by cmpgn", "conversion_rate", "touch.campaign"),
        ("avg resp time per chnl", "avg_first_response_hours", "ticket.channel"),
    ],
)  # fmt: skip
def test_consonant_skeletons(model: Any, question: str, metric: str, dimension: str) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None, result.clarification
    assert result.query.metrics == [metric] and [d.name for d in result.query.dimensions] == [dimension]
    assert any(s.role == "correction" for s in result.interpretation)


@pytest.mark.parametrize("question", ["orders by xyz", "revenue by brnd", "how many ppl bght stuff", "cash orders"])
def test_skeletons_of_nothing_are_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


# -- 5. how well a group does an event is its rate --------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how well do push notifications convert?", "conversion_rate"),
        ("how well did texts get delivered last month", "delivery_rate"),
        ("推送的送达效果怎么样", "delivery_rate"),
    ],
)  # fmt: skip
def test_how_well_is_the_rate(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


@pytest.mark.parametrize(
    "question", ["how well do we respond to tickets", "how well did the app do", "客服响应得怎么样"]
)
def test_how_well_without_a_rate_named_by_the_verb_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


# -- 6. a channel value named like personal data -----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "delivery rate of email compared with push",
        "email conversion rate by campaign",
        "邮件的送达率",
        "tickets that came in via email",
    ],
)
def test_a_channel_value_is_no_personal_data(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "ok", result.clarification


@pytest.mark.parametrize(
    "question",
    [
        "conversion rate and email of churned customers",
        "show the email of customer C0000123",
        "会员的邮箱地址",
        "email all silent customers",
    ],
)
def test_someones_email_is_still_refused(model: Any, question: str) -> None:
    assert plan(model, question).status == "refused"


# -- 7. long messages with context -------------------------------------------------------------------------------


def test_a_first_person_statement_and_own_work_carry_nothing(model: Any) -> None:
    question = (
        "I'm drafting slides for thursday's offsite and need the weekly trend. Can you give me orders per week "
        "for the last 8 weeks? Raw counts are fine, I'll work out the growth myself."
    )
    query = query_of(model, question)
    assert query["metrics"] == ["orders"] and query["dimensions"] == [{"name": "metric_time", "grain": "week"}]
    zh = query_of(model, "每个月的销售额给我，环比我自己来算")
    assert zh["metrics"] == ["revenue"] and zh["dimensions"] == [{"name": "metric_time", "grain": "month"}]


@pytest.mark.parametrize(
    "question",
    [
        "I'm checking the loyalty tiers and want revenue last month",
        "I'm looking at gmail users and want to know revenue last month",
        "I'm preparing a report on gmail users and want revenue last month",
    ],
)
def test_a_statement_naming_something_unknown_is_still_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


def test_a_purpose_clause_restating_the_question_is_context(model: Any) -> None:
    question = "wondering whether the 2024 cohort still places orders - how many orders last quarter from customers who joined in 2024?"
    query = query_of(model, question)
    assert query["metrics"] == ["orders"] and query["time_range"]["start"] == "2026-07-01"
    assert {"field": "customer.signup_date", "op": "between", "values": ["2024-01-01", "2024-12-31"]} in query[
        "filters"
    ]
    # a purpose clause that adds something unknown is asked back, never dropped
    assert plan(model, "trying to see if gmail customers still buy - orders last quarter").status == "clarify"


def test_our_customer_base_is_the_customers(model: Any) -> None:
    query = query_of(model, "break our client base down by whether they have connected the app")
    assert query["dimensions"] == [{"name": "customer.app_bound"}]
    assert plan(model, "what's our revenue base").status == "clarify"


# -- more variations found by writing them (states, idioms, dates) ---------------------------------------------


def test_no_longer_negates_a_state_value_only(model: Any) -> None:
    query = query_of(model, "tickets that are no longer open, by channel")
    assert {"field": "ticket.status", "op": "!=", "values": ["open"]} in query["filters"]
    # former members are no non-members, and waiting for something the model lacks is no status
    for question in (
        "how many customers are no longer members",
        "orders waiting to be shipped",
        "工单里还在等待回复的有多少",
    ):
        assert plan(model, question).status == "clarify", question


def test_more_business_idioms(model: Any) -> None:
    returned = query_of(model, "how many orders did customers send back in september?")
    assert {"field": "order.status", "op": "=", "values": ["returned"]} in returned.get("filters", []) or returned[
        "metrics"
    ] == ["returned_orders"]
    joined = query_of(model, "how many customers came on board last quarter")
    assert joined["time_range"]["field"] == "customer.signup_date"
    lost = query_of(model, "how many clients jumped ship in 2025")
    assert lost["metrics"] == ["churned_customers"] or lost["time_range"]["field"] == "customer.churn_date"


@pytest.mark.parametrize(
    ("phrase", "start", "end"),
    [
        ("since the beginning of October", "2026-10-01", "2026-12-04"),
        ("since the start of the year", "2026-01-01", "2026-12-04"),
        ("the week of Nov 9th", "2026-11-09", "2026-11-15"),
        ("over the weekend", "2026-11-28", "2026-11-29"),
    ],
)  # fmt: skip
def test_period_words_around_a_point(phrase: str, start: str, end: str) -> None:
    found = find_time_phrases(phrase, AS_OF)
    assert len(found) == 1 and (found[0].start.isoformat(), found[0].end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    "phrase", ["at the end of October", "mid-September", "early 2025", "the first half of November"]
)
def test_part_of_a_period_is_asked_back(phrase: str) -> None:
    with pytest.raises(TimeExpressionError):
        find_time_phrases(phrase, AS_OF)


@pytest.mark.parametrize(
    "question",
    [
        "tickets that were not resolved within a day",
        "how many complaints were closed in under 2 days",
        "orders within 7 days of signup",
    ],
)
def test_a_deadline_the_model_lacks_is_asked_back(model: Any, question: str) -> None:
    assert plan(model, question).status == "clarify"


def test_a_deadline_of_the_model_still_answers(model: Any) -> None:
    assert query_of(model, "3h response rate last month")["metrics"] == ["responded_within_3h_rate"]
    assert query_of(model, "revenue within the last 30 days")["time_range"]["start"] == "2026-11-05"
