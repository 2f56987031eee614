"""Words that carry no data around a request of users new to data tools or typing on a phone (round 11, p14d), tested
with phrasings of my own: the asker's talk about their own words, themselves, their stance, their indifference, their
purpose and their guesses (framing/meta_talk.py); chat spellings ('didnt', 'frm', 'em'); adverbs of degree and
apologies; verbs of writing a text in a themes question (text_verbs.py); exclusions said after their object
(postposed_exclusions.py); the unit of a count said as 按人头 / 不是按单数; Chinese emphatic adverbs and the everyday
names of NPS. Near-misses that name data must keep it, or be asked back."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dimension_names, filters_of, plan, query_of, same_plan

MODEL = load_model()

# --- the asker's talk about their own words and themselves ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "I'm new to this app, not sure what the right term is... how many tickets did we get last week?",
            "how many tickets did we get last week?",
        ),
        (
            "how many orders were placed in October, if that's the right word for it",
            "how many orders were placed in October",
        ),
        ("what's our churn rate this year, or whatever you call it", "what's our churn rate this year"),
        (
            "I'm still new to all this. What was the average order value last quarter?",
            "What was the average order value last quarter?",
        ),
        ("how many members do we have? I'm not sure", "how many members do we have?"),
        (
            "complaints by channel this month, sorry, I'm not 100% sure that's what I need",
            "complaints by channel this month",
        ),
    ],
)
def test_the_askers_talk_about_their_words_is_no_data(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_new_colleague_taking_over_a_region_keeps_the_region_as_the_scope() -> None:
    query = query_of(
        MODEL, "I just took over the north region from Marco and I'm still finding my feet. members in each city?"
    )
    assert filters_of(query) == [("customer.region", "=", ["North"])]
    assert dimension_names(query) == ["customer.city"]
    assert query["segments"] == ["members"]
    other = query_of(MODEL, "we recently inherited the store channel from Priya. how many orders came in last week?")
    assert ("order.channel", "=", ["store"]) in filters_of(other)


def test_a_name_the_question_asks_about_is_still_asked_back() -> None:
    assert "lisa" in asked_back(MODEL, "how many customers from Lisa signed up last month?").lower()


# --- the asker's stance, indifference and purpose -----------------------------------------------------------------------


def test_indifference_to_one_date_is_no_condition() -> None:
    same_plan(
        MODEL,
        "how many complaints came in this quarter from customers we've lost? I don't care when they left, "
        "only when they complained",
        "how many complaints came in this quarter from customers we've lost?",
    )


def test_indifference_naming_a_value_of_its_own_is_not_excused() -> None:
    result = plan(MODEL, "how many complaints came in last week? I don't care about the app ones")
    assert result.status != "ok"


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "what are tier B customers complaining about this month? we want to make sure we're not losing them",
            "what are tier B customers complaining about this month?",
        ),
        (
            "top complaint themes of members this year - I need to make sure we aren't upsetting anyone",
            "top complaint themes of members this year",
        ),
    ],
)
def test_what_the_asker_means_to_avoid_is_no_exclusion(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "which acquisition channel brought us the most customers this year? I'd guess the app but I'm not sure",
            "which acquisition channel brought us the most customers this year?",
        ),
        (
            "which churn reason was most common among customers who churned in 2025? my bet is competitor",
            "which churn reason was most common among customers who churned in 2025?",
        ),
        ("revenue by category last month? probably electronics first", "revenue by category last month?"),
    ],
)
def test_a_guess_at_the_answer_is_no_condition(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_guess_after_a_plain_count_stays_a_condition() -> None:
    query = query_of(MODEL, "how many orders last week? I guess only the store ones")
    assert ("order.channel", "=", ["store"]) in filters_of(query)


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        (
            "how many orders were returned last quarter? the return rate would be useful too",
            ["returned_orders", "return_rate"],
        ),
        ("complaints last month, and I think the complaint count by channel would help", ["complaints"]),
    ],
)
def test_what_a_figure_would_be_to_the_asker_is_no_data(question: str, metrics: list[str]) -> None:
    assert query_of(MODEL, question)["metrics"] == metrics


# --- chat spellings, degree adverbs, apologies ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        ("# of orders frm shanghai custs last wk", "number of orders from shanghai customers last week"),
        (
            "any returned web orders over 20k this month? list em",
            "any returned web orders over 20k this month? list them",
        ),
        (
            "app push messages last week, how many got opened vs didnt",
            "app push messages last week, how many got opened vs didn't",
        ),
        (
            "how long does it take on average to completely resolve a ticket, by channel?",
            "average resolution time by channel",
        ),
        ("sorry, how many tickets were opened in November?", "how many tickets were opened in November?"),
    ],
)
def test_chat_spellings_and_degree_adverbs(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_an_elided_negated_verb_after_vs_splits_by_the_flag() -> None:
    query = query_of(MODEL, "push notifications this month, how many were opened vs weren't")
    assert dimension_names(query) == ["touch.opened"]


def test_a_stretch_of_time_not_limited_reads_as_the_whole_history() -> None:
    query = query_of(MODEL, "repurchase rate of members vs everyone else, not for any particular period")
    assert "time_range" not in query


# --- verbs of writing a text in a themes question ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "what are people saying in the comments they left after a purchase this year?",
            "what are people saying in the comments after a purchase this year?",
        ),
        (
            "what themes come up in the feedback customers wrote in their surveys last month?",
            "what themes come up in the survey feedback last month?",
        ),
    ],
)
def test_writing_a_text_is_no_churn(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_left_naming_who_wrote_stays_the_churn() -> None:
    query = query_of(MODEL, "what did customers who left complain about this year?")
    assert query.get("segments") == ["churned_customers"] or (
        "customer.status",
        "=",
        ["churned"],
    ) in filters_of(query)


# --- exclusions said after their object ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "field", "values"),
    [
        ("orders in October, cancelled ones don't count", "order.status", ["cancelled"]),
        ("how many tickets this week? the ones that were closed shouldn't be counted", "ticket.status", ["closed"]),
        ("revenue by city in 2025 - tier D customers are excluded", "customer.tier", ["D"]),
        ("return rate this year, I think web and store ones shouldn't count", "order.channel", ["web", "store"]),
    ],
)
def test_an_exclusion_after_its_object_excludes_it(question: str, field: str, values: list[str]) -> None:
    filters = filters_of(query_of(MODEL, question))
    assert any(f == field and op in ("!=", "not_in") and sorted(v) == sorted(values) for f, op, v in filters), filters


def test_an_exclusion_the_definition_already_makes_keeps_revenue_whole() -> None:
    query = query_of(MODEL, "how much revenue did we make in September? returned and cancelled orders shouldn't count")
    assert query["metrics"] == ["revenue"]
    assert all(op == "not_in" for _, op, _ in filters_of(query))


def test_a_value_before_count_in_a_question_is_still_the_condition() -> None:
    query = query_of(MODEL, "how many cancelled orders did we count last month?")
    assert ("order.status", "=", ["cancelled"]) in filters_of(query)


# --- Chinese: the unit of a count, emphatic adverbs, NPS in everyday words -------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "上个月投诉过的客户有多少（按人头去重）",
        "上个月投诉过的客户有几个，按人头",
        "上个月有多少客户投诉过（按人头算，不是按单数）",
    ],
)
def test_counting_heads_counts_distinct_customers(question: str) -> None:
    assert query_of(MODEL, question)["metrics"] == ["complaining_customers"]


@pytest.mark.parametrize(
    "question",
    [
        "今年客户的推荐意愿怎么样",
        "客户到底愿不愿意把我们推荐给朋友？今年的情况",
        "what's the willingness to recommend this year",
    ],
)
def test_everyday_names_of_nps(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["nps"]
    assert query["time_range"]["start"] == "2026-01-01"


def test_an_unknown_noun_beside_an_emphatic_adverb_is_still_asked_back() -> None:
    assert asked_back(MODEL, "今年到底天气对订单量影响有多大")


# --- a wider set contrasted with the request, feelings about something, the asker going through rows -----------------


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "how many complaints did we log this month? only genuine complaints, not every support ticket",
            "how many complaints did we log this month?",
        ),
        (
            "how many members churned in 2025 - members only, not all customers",
            "how many members churned in 2025",
        ),
    ],
)
def test_a_wider_set_contrasted_with_the_request_is_no_exclusion(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_a_negated_value_in_the_request_still_excludes() -> None:
    query = query_of(MODEL, "how many orders were not from the store in 2025")
    assert ("order.channel", "!=", ["store"]) in filters_of(query)


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "what are tier A customers upset about this year?",
            "what are tier A customers complaining about this year?",
        ),
        (
            "churned customers last quarter - what were they most frustrated with?",
            "churned customers last quarter - what were they complaining about?",
        ),
    ],
)
def test_feelings_about_something_are_what_people_complain_about(question: str, plain: str) -> None:
    same_plan(MODEL, question, plain)


def test_unhappy_responses_stay_the_low_csat_count() -> None:
    assert query_of(MODEL, "how many unhappy responses did we get in October?")["metrics"] == ["low_csat_responses"]


def test_the_asker_going_through_rows_asks_for_the_rows() -> None:
    same_plan(
        MODEL,
        "I want to go through the latest complaints - can you list the 5 newest ones from the app channel?",
        "can you list the 5 newest complaints from the app channel?",
    )
