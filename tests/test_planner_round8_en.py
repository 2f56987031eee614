"""Round 8, branch p10a (English readings): causes behind blind set 10's remaining English failures, each tested with
sentences of our own (paraphrases and near-misses that must not change) — docs/planner.md "Round 8: p10a"."""

from __future__ import annotations

import pytest

from assistant.contracts import detect_language
from assistant.planner import plan_question
from semantic_layer import load_model
from tests.planner_cases import AS_OF, asked_back, query_of

MODEL = load_model()


def _plan(question: str):  # type: ignore[no-untyped-def]
    return plan_question(question, [], MODEL, AS_OF, detect_language(question))


def _filter(query: dict, field: str) -> dict:
    found = [f for f in query.get("filters", []) if f["field"] == field]
    assert len(found) == 1, query
    return found[0]


# ---- a verb with the empty subject 'it' names the weather, nothing of the data


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("did store revenue in Shanghai fall on the days it snowed?", "snowed"),
        ("was it pouring in Guangzhou when our app orders dipped last week?", "pouring"),
        ("has it been storming in Beijing this month? show me store orders", "storming"),
    ],
)
def test_a_verb_of_the_empty_it_is_asked_back_not_dropped(question: str, word: str) -> None:
    assert word in asked_back(MODEL, question)


@pytest.mark.parametrize(
    "question",
    [
        "how many orders were placed in Beijing last week",
        "tickets received yesterday",
        "how many customers signed up in May",
    ],
)
def test_verb_forms_of_the_events_still_pass(question: str) -> None:
    query_of(MODEL, question)


# ---- the share of a dated population in a state today (a cohort), not the period's churn rate


@pytest.mark.parametrize(
    "question",
    [
        "Of everyone who signed up in 2025, what share has churned since?",
        "customers that joined us in 2025: what percentage of them have churned so far?",
        "churn rate of customers who registered with us during 2025",
    ],
)
def test_a_share_of_a_cohort_filters_its_signup_and_has_no_period(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["churn_rate"] and "time_range" not in query
    assert _filter(query, "customer.signup_date") == {
        "field": "customer.signup_date",
        "op": "between",
        "values": ["2025-01-01", "2025-12-31"],
    }


@pytest.mark.parametrize(
    ("question", "start"),
    [("churn rate in 2025", "2025-01-01"), ("what was our churn rate last quarter", "2026-07-01")],
)
def test_the_churn_rate_of_a_period_keeps_its_window(question: str, start: str) -> None:
    query = query_of(MODEL, question)
    assert query["time_range"]["start"] == start and not query.get("filters")


# ---- everyday words for the customer states


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("of the customers who joined in 2024, how many are long gone?", "churned"),
        ("how many customers departed last quarter", "churned"),
        ("how many customers are no longer with us", "churned"),
        ("how many of our members are still with us", "active"),
        ("of the customers who signed up in 2024, how many are still around?", "active"),
    ],
)
def test_everyday_words_of_the_customer_states(question: str, status: str) -> None:
    query = query_of(MODEL, question)
    states = [f["values"] for f in query.get("filters", []) if f["field"] == "customer.status"]
    segment = {"churned": "churned_customers", "active": "active_customers"}[status]
    assert states == [[status]] or segment in query.get("segments", [])


def test_going_quiet_is_still_the_silent_customers_not_the_churned() -> None:
    query = query_of(
        MODEL, "how many customers have gone quiet on us - active, but no completed purchase in the last 90 days?"
    )
    assert query["segments"] == ["silent_customers"] and not query.get("filters")


def test_no_longer_of_a_yes_no_flag_is_still_asked_back() -> None:
    assert "no longer" in asked_back(MODEL, "how many customers are no longer members")


# ---- a verb-object phrase of the model in another form


@pytest.mark.parametrize(
    "question",
    [
        "churn rate split by whether they have bound their app or not",
        "churn rate by whether the customer bound an app",
        "churn rate broken down by whether the customer has bound our app",
    ],
)
def test_a_verb_object_phrase_in_another_form_splits_by_its_field(question: str) -> None:
    query = query_of(MODEL, question)
    assert {"name": "customer.app_bound"} in query["dimensions"] and not query.get("filters")


@pytest.mark.parametrize(
    "question",
    [
        "how many members are binding their app",
        "how many customers bind the app",
        "how many churned customers had bound their app",
    ],
)
def test_a_verb_object_phrase_in_another_form_filters(question: str) -> None:
    query = query_of(MODEL, question)
    assert _filter(query, "customer.app_bound")["values"] == [True]


# ---- channels by their everyday names


@pytest.mark.parametrize(
    ("question", "op"),
    [
        ("how many complaints came in via the call centre last month", "="),
        ("tickets this quarter that did not come through the helpline", "!="),
        ("tickets so far this year excluding the phone lines", "!="),
    ],
)
def test_the_phone_channel_by_its_everyday_names(question: str, op: str) -> None:
    query = query_of(MODEL, question)
    assert _filter(query, "ticket.channel") == {"field": "ticket.channel", "op": op, "values": ["phone"]}


def test_the_online_shop_is_the_web_channel() -> None:
    query = query_of(MODEL, "orders placed through the online shop in October")
    assert _filter(query, "order.channel")["values"] == ["web"]


# ---- a number written as a word where a value is compared


@pytest.mark.parametrize(
    ("question", "field", "op", "value"),
    [
        ("how many responses gave us a straight ten on the nps question", "survey.nps_score", "=", 10),
        ("responses with a CSAT score of four or lower last month", "survey.csat_score", "<=", 4),
        ("list the survey responses that scored zero on the recommendation question", "survey.nps_score", "=", 0),
    ],
)
def test_a_number_word_is_the_compared_value(question: str, field: str, op: str, value: int) -> None:
    query = query_of(MODEL, question)
    condition = _filter(query, field)
    assert condition["op"] == op and condition["values"] == [value]


def test_a_time_order_after_a_score_field_sorts_by_the_time() -> None:
    query = query_of(MODEL, "list the survey responses with a recommend score of 0, oldest first")
    assert query["order_by"] == [{"field": "survey.responded_at", "direction": "asc"}]


@pytest.mark.parametrize(
    ("question", "limit"),
    [("top five cities by revenue this year", 5), ("the three regions with the most complaints", 3)],
)
def test_number_words_of_a_ranking_keep_their_reading(question: str, limit: int) -> None:
    assert query_of(MODEL, question)["limit"] == limit


def test_a_number_word_nothing_can_use_is_asked_back_not_dropped() -> None:
    asked_back(MODEL, "how many customers placed more than one order")


# ---- a claim before the request that checks it; the period before, by pointing back


@pytest.mark.parametrize(
    "question",
    [
        "My manager insists last month was busier than the month before. Can you compare the number of orders "
        "last month with the month before that?",
        "The ops team reckons things got quieter last week - could you check? Just compare tickets last week with "
        "the week before.",
    ],
)
def test_a_claim_before_a_request_is_context(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["compare"]["previous_period"] is True and len(query["metrics"]) == 1


def test_a_claim_alone_is_still_asked_back() -> None:
    asked_back(MODEL, "My manager insists last month was busier than ever.")


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("did we get more complaints last week or the week before?", "2026-11-23"),
        ("was revenue in Q3 higher than the quarter before?", "2026-07-01"),
        ("compare orders last month with the previous month", "2026-11-01"),
    ],
)
def test_the_period_before_named_by_pointing_back_is_compared(question: str, start: str) -> None:
    query = query_of(MODEL, question)
    assert query["time_range"]["start"] == start and query["compare"]["previous_period"] is True


def test_one_period_alone_is_not_compared() -> None:
    assert "compare" not in query_of(MODEL, "how many tickets came in last week")


# ---- two periods, each dating its own event


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many tickets were opened in October by customers who signed up this year", "tickets"),
        ("complaints raised last quarter by members who joined in 2025", "complaints"),
    ],
)
def test_two_periods_date_the_event_and_the_signup(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric] and _filter(query, "customer.signup_date")["op"] == "between"
    assert "time_range" in query


def test_a_population_with_a_relative_clause_after_by_is_who_not_a_split() -> None:
    query = query_of(MODEL, "orders last month by members who signed up in 2025")
    assert "members" in query["segments"] and not query.get("dimensions")
