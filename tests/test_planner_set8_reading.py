"""Reading causes of blind set 8 (helper p8-en): words a reader understands that the planner did not, tested with
phrasings NOT in set 8, each with near-misses that must still be asked back: everyday verbs of the model's events
and records (event_words.py, data/event_words.yml), everyday names of fields and values (field_words.py, shorthand.yml),
filler of long messages, days of one month as a range (semantic_layer/time_phrases.py), and wrong answers (negation
through a verb phrase, 'how many X and how many didn't')."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from semantic_layer import load_model
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import AS_OF, asked_back, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


# -- 1. verbs of the model's events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["how many folks signed up in Q2 2026", "How many people have registered with us since July?",
     "number of individuals who joined during 2025"],
)  # fmt: skip
def test_people_before_the_customers_own_event_are_customers(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] in (["customers"], ["new_customers"]), query
    assert query["time_range"].get("field", "customer.signup_date") == "customer.signup_date"


def test_everyone_who_joined_lists_customers(model: Any) -> None:
    query = query_of(model, "list everybody who joined in the last 7 days")
    assert query["kind"] == "records" and {"name": "customer.customer_id"} in query["dimensions"]
    assert query["time_range"]["field"] == "customer.signup_date"


@pytest.mark.parametrize(
    "question", ["how many people ordered last month", "how many people visited the store last week"]
)
def test_people_before_another_event_are_not_read_as_customers(model: Any, question: str) -> None:
    asked_back(model, question)


@pytest.mark.parametrize(
    ("question", "end"),
    [("how much have we sold this year by region", "2026-12-04"), ("how much did we sell in October?", "2026-10-31")],
)
def test_selling_is_the_money_made(model: Any, question: str, end: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["revenue"] and query["time_range"]["end"] == end


def test_units_sold_are_asked_back(model: Any) -> None:
    asked_back(model, "how many units did we sell last month")


@pytest.mark.parametrize(
    "question", ["how many surveys were filled out last week", "surveys that were submitted last week, how many?"]
)
def test_a_verb_creating_a_record_after_its_noun_adds_nothing(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["survey_responses"]
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-11-23", "2026-11-29")


def test_average_score_of_surveys_answered_in_a_month(model: Any) -> None:
    query = query_of(model, "what was the mean csat on surveys answered during September 2026?")
    assert query["metrics"] == ["avg_csat"] and query["time_range"]["start"] == "2026-09-01"


def test_who_answered_a_survey_is_still_asked_back(model: Any) -> None:
    asked_back(model, "how many customers answered a survey last month")  # customers, not responses


@pytest.mark.parametrize(
    ("question", "dimension"),
    [("how long do customers wait for a reply, by priority", "ticket.priority"),
     ("which channel waited the longest for a first response last month?", "ticket.channel")],
)  # fmt: skip
def test_waiting_for_a_reply_is_the_first_response_time(model: Any, question: str, dimension: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["avg_first_response_hours"] and query["dimensions"] == [{"name": dimension}]


def test_tickets_still_waiting_for_a_reply_are_asked_back(model: Any) -> None:
    asked_back(model, "how many tickets are still waiting for a reply")


@pytest.mark.parametrize(
    "question",
    ["how long does it take to close out a ticket on average, by category",
     "average time to wrap up a ticket per category"],
)  # fmt: skip
def test_closing_out_a_ticket_is_resolving_it(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["avg_resolution_hours"] and query["dimensions"] == [{"name": "ticket.category"}]


def test_closing_a_ticket_alone_is_still_asked_back(model: Any) -> None:
    asked_back(model, "how long does it take to close a ticket")  # closed is a status of its own


@pytest.mark.parametrize(
    "question",
    ["how many high priority tickets are still sitting open", "tickets that have been sitting there unresolved, per channel"],
)  # fmt: skip
def test_a_verb_of_remaining_before_a_state_adds_nothing(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert {"field": "ticket.status", "op": "=", "values": ["open"]} in query["filters"]


def test_sitting_before_no_value_is_asked_back(model: Any) -> None:
    asked_back(model, "how many tickets are sitting idle")


def test_buying_again_is_never_a_count_of_all_customers(model: Any) -> None:
    result = plan(model, "how many customers bought again last year")
    assert result.status != "ok" or result.query.metrics != ["customers"], result.query
    query = query_of(model, "do members come back and buy again more? repurchase rate, members vs non-members")
    assert query["metrics"] == ["repurchase_rate"] and query["dimensions"] == [{"name": "customer.is_member"}]


def test_a_headcount_is_the_count(model: Any) -> None:
    query = query_of(model, "how many members churned last quarter? headcount only")
    assert query["metrics"] == ["churned_customers"]


# -- 2. everyday names of fields and values -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dimension"),
    [("break down tickets by how customers got in touch with us", "ticket.channel"),
     ("Break down this year's tickets by how customers reached us", "ticket.channel"),
     ("signups this year by how they heard about us", "customer.acquisition_channel"),
     ("new customers by the way they found us", "customer.acquisition_channel")],
)  # fmt: skip
def test_how_customers_contacted_or_found_us_is_a_channel(model: Any, question: str, dimension: str) -> None:
    assert query_of(model, question)["dimensions"] == [{"name": dimension}]


@pytest.mark.parametrize(
    "question", ["revenue by type of product in 2025", "orders per product kind last month", "sales by product line"]
)
def test_a_generic_head_noun_is_the_models(model: Any, question: str) -> None:
    assert query_of(model, question)["dimensions"] == [{"name": "order.category"}]


@pytest.mark.parametrize(
    ("question", "dimension"),
    [("tickets by issue type last month", "ticket.category"), ("revenue by customer level", "customer.tier"),
     ("customers per value band", "customer.tier")],
)  # fmt: skip
def test_other_head_nouns_of_fields(model: Any, question: str, dimension: str) -> None:
    assert query_of(model, question)["dimensions"] == [{"name": dimension}]


def test_a_head_noun_with_no_such_field_does_not_become_a_category(model: Any) -> None:
    result = plan(model, "revenue by weather type")
    assert result.status != "ok", result.query


@pytest.mark.parametrize(
    ("question", "metric"),
    [("avg order value for members vs non-members", "average_order_value"),
     ("members vs non members: avg order value last quarter", "average_order_value")],
)  # fmt: skip
def test_an_abbreviation_starting_a_metric_phrase(model: Any, question: str, metric: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == [metric] and query["dimensions"] == [{"name": "customer.is_member"}]


@pytest.mark.parametrize(
    "question",
    ["split revenue by whether the buyer is in our rewards program or not",
     "orders this year: loyalty scheme members vs everyone else"],
)  # fmt: skip
def test_a_loyalty_programme_is_membership(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert {"name": "customer.is_member"} in query["dimensions"] and len(query["metrics"]) == 1, query


def test_another_programme_is_still_asked_back(model: Any) -> None:
    asked_back(model, "how many customers are in the referral program?")


@pytest.mark.parametrize(
    ("question", "expected"),
    [("tickets raised in Q3 by customers whose status is currently churned", {"segments": ["churned_customers"]}),
     ("orders with a status of returned last month", {"filters": [{"field": "order.status", "op": "=", "values": ["returned"]}]})],
)  # fmt: skip
def test_a_field_named_with_its_own_value(model: Any, question: str, expected: dict[str, Any]) -> None:
    query = query_of(model, question)
    assert all(query.get(key) == value for key, value in expected.items()), query


# -- 3. filler of long messages ------------------------------------------------------------------------------------


def test_politeness_around_the_question(model: Any) -> None:
    query = query_of(model, "bear with me, I'm new here - how many orders did we get yesterday?")
    assert query["metrics"] == ["orders"] and query["time_range"]["start"] == "2026-12-03"


def test_how_they_stack_up_contrasts_the_values(model: Any) -> None:
    query = query_of(model, "app vs web orders last month - how do they stack up?")
    assert query["dimensions"] == [{"name": "order.channel"}]


def test_a_past_adverb_before_the_event(model: Any) -> None:
    query = query_of(model, "revenue this year from customers who initially joined in 2024")
    assert query["filters"] == [
        {"field": "customer.signup_date", "op": "between", "values": ["2024-01-01", "2024-12-31"]}
    ]


# -- 4. days of one month as a range -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("orders from the 2nd to the 9th of November", "2026-11-02", "2026-11-09"),
     ("revenue between the 10th and 20th of March 2025", "2025-03-10", "2025-03-20"),
     ("sales Sept 3rd-7th", "2026-09-03", "2026-09-07"),
     ("tickets 1-15 Nov 2025", "2025-11-01", "2025-11-15"),
     ("orders between Aug 4th and 11th", "2026-08-04", "2026-08-11"),
     ("orders from the 1st to the 3rd", "2026-12-01", "2026-12-03"),
     ("orders between the 20th and the 25th", "2026-11-20", "2026-11-25"),
     ("signups between the 1st and the 15th of last month", "2026-11-01", "2026-11-15"),
     ("9月3号到7号的订单", "2026-09-03", "2026-09-07"),
     ("上个月10号至20号的销售额", "2026-11-10", "2026-11-20"),
     ("本月1日-3日的工单", "2026-12-01", "2026-12-03")],
)  # fmt: skip
def test_days_of_one_month_as_a_range(text: str, start: str, end: str) -> None:
    found = find_time_phrases(text, date(2026, 12, 4))
    assert [(f.start.isoformat(), f.end.isoformat()) for f in found] == [(start, end)], found


def test_a_range_of_days_in_a_question(model: Any) -> None:
    query = query_of(model, "how many tickets came in between the 2nd and the 9th of November, by channel")
    assert (query["time_range"]["start"], query["time_range"]["end"]) == ("2026-11-02", "2026-11-09")


def test_two_separate_days_are_not_a_range() -> None:
    found = find_time_phrases("orders on 5 and 18 October", date(2026, 12, 4))
    assert all(f.start == f.end for f in found), found


# -- 5. wrong answers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["revenue from customers who didn't come to us through partners",
     "how many customers did NOT come in via partners last year",
     "orders placed by customers that were not brought in through partners"],
)  # fmt: skip
def test_a_negation_through_a_verb_phrase_negates_the_value(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert {"field": "customer.acquisition_channel", "op": "!=", "values": ["partner"]} in query["filters"], query


def test_a_negated_auxiliary_too_far_away_is_asked_back(model: Any) -> None:
    result = plan(model, "tickets that didn't really ever come in to us by phone")
    assert result.status != "ok" or all(f["op"] != "=" for f in result.query.model_dump(mode="json")["filters"])


@pytest.mark.parametrize(
    ("question", "dimensions"),
    [("last month's messages: how many were opened and how many weren't", [{"name": "touch.opened"}]),
     ("by channel, how many messages got delivered and how many did not", [{"name": "touch.channel"}, {"name": "touch.delivered"}])],
)  # fmt: skip
def test_how_many_did_and_how_many_didnt_is_a_breakdown(model: Any, question: str, dimensions: list[Any]) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["touches_sent"] and query["dimensions"] == dimensions


def test_both_sides_with_no_field_are_not_one_count(model: Any) -> None:
    result = plan(model, "how many customers complained and how many didn't")
    assert result.status != "ok", result.query


# -- 6. a score's responses as the whole of a share; what the user prepares ----------------------------------------


@pytest.mark.parametrize(
    ("question", "part"),
    [("share of promoters among NPS answers last quarter", {"field": "survey.nps_score", "op": ">=", "values": [9]}),
     ("what percentage of the NPS responses this year were detractors?", {"field": "survey.nps_score", "op": "<=", "values": [6]})],
)  # fmt: skip
def test_a_share_of_a_score_range_is_over_the_rows_with_a_score(
    model: Any, question: str, part: dict[str, Any]
) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["survey_responses"] and query["share"]["filters"] == [part]
    assert {"field": "survey.nps_score", "op": "is_not_null"} in query["filters"]


def test_nps_and_a_count_without_a_share_are_both_shown(model: Any) -> None:
    assert query_of(model, "NPS and detractors last month")["metrics"] == ["nps", "detractors"]


@pytest.mark.parametrize(
    "question",
    ["I'm putting together a deck for the leadership offsite on our bigger customers, so bear with me - how much "
     "revenue came from tier A customers this year?",
     "I'm drafting a memo for my manager on churned customers. how many customers churned in Q3?"],
)  # fmt: skip
def test_what_the_user_prepares_for_whom_is_context(model: Any, question: str) -> None:
    assert plan(model, question).status == "ok"


def test_a_prepared_topic_the_model_lacks_is_asked_back(model: Any) -> None:
    result = plan(model, "I'm preparing a deck for the board on our gmail customers - how much revenue this year?")
    assert result.status == "clarify" and "gmail" in (result.clarification or "")


# -- 7. more verbs of the same events (variations written while fixing) ---------------------------------------------


@pytest.mark.parametrize(
    "question", ["how many customers did we acquire this year", "how many customers did we pick up in Q3"]
)
def test_gaining_customers_is_signing_them_up(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] in (["new_customers"], ["customers"]), query


def test_a_verb_of_another_entitys_event_is_not_read_as_it(model: Any) -> None:
    asked_back(model, "how many orders did we pick up last week")  # orders sign no one up


@pytest.mark.parametrize(
    "question", ["how many customers gave up on us this year", "how many customers ditched us in 2025?"]
)
def test_phrasal_verbs_of_leaving_are_churn(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert "churned_customers" in query.get("segments", []) + query["metrics"], query
    assert query["time_range"].get("field", "customer.churn_date") == "customer.churn_date"


def test_surveys_that_came_back(model: Any) -> None:
    query = query_of(model, "how many surveys came back last month")
    assert query["metrics"] == ["survey_responses"] and query["time_range"]["start"] == "2026-11-01"


@pytest.mark.parametrize(
    ("question", "op"),
    [("complaints that came in through the app", "="), ("tickets that came in via the app last month", "="),
     ("complaints that didn't come in through the app", "!=")],
)  # fmt: skip
def test_a_value_after_a_preposition_of_means_is_the_channel(model: Any, question: str, op: str) -> None:
    query = query_of(model, question)
    assert query["filters"] == [{"field": "ticket.channel", "op": op, "values": ["app"]}]


def test_a_value_without_a_preposition_of_means_keeps_its_reading(model: Any) -> None:
    assert query_of(model, "tickets about the app")["filters"][0]["field"] == "ticket.category"


@pytest.mark.parametrize(
    ("question", "metric"),
    [("Morning! Hope your week is going well. Quick ask from me: how many orders did we get last week?", "orders"),
     ("I know you're busy, but could you pull the churn rate for Q3? no rush", "churn_rate"),
     ("long story short, we need revenue by region for last month, asap", "revenue"),
     ("I've been asked by the finance team to double-check something: what was revenue in October?", "revenue")],
)  # fmt: skip
def test_chat_politeness_and_who_asked_carry_no_data(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_a_restriction_next_to_politeness_is_still_read(model: Any) -> None:
    query = query_of(model, "no rush - but how many customers churned with no complaint")  # the anti-join (absence.py)
    assert query["segments"] == ["churned_customers"]
    assert {"field": "ticket.ticket_id", "op": "is_null"} in query["filters"]
