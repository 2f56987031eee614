"""Round 10 (p13b): readings asked back on blind set 16 and found last round, fixed as general readings and tested
with phrasings of my own (near-misses must keep their old reading): rows named by a value word alone
(value_rows.py), abbreviations of the model's words (shorthand.yml), a record and the bare participle of its making
(relative_records.py), a Chinese field left open with 'X的单都算' (non_conditions.py), rows without (or with) a
value of an event's date (missing_values.py)."""

from __future__ import annotations

import pytest

from semantic_layer import load_model
from tests.planner_cases import asked_back, dates_of, dimension_names, filters_of, order_of, query_of

MODEL = load_model()


# --- rows named by a value word alone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "values"),
    [
        ("最近发出的3条短信是哪几条", [("touch.channel", "=", ["sms"])]),
        ("列出最近的10条挽回短信", [("touch.campaign", "=", ["winback"]), ("touch.channel", "=", ["sms"])]),
        ("list the 4 latest text messages", [("touch.channel", "=", ["sms"])]),
        (
            "show the 6 most recent reactivation texts",
            [("touch.campaign", "=", ["winback"]), ("touch.channel", "=", ["sms"])],
        ),
    ],
)
def test_a_value_said_as_the_noun_of_its_rows_lists_them(
    question: str, values: list[tuple[str, str, list[str]]]
) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records"
    assert sorted(filters_of(query)) == sorted(values)
    assert order_of(query) == [("touch.sent_at", "desc")]


@pytest.mark.parametrize("question", ["最近的3个华南", "list the latest 4 urgent"])
def test_a_value_that_is_no_noun_of_rows_stays_asked_back(question: str) -> None:
    asked_back(MODEL, question)


def test_a_count_of_a_value_said_as_rows_is_unchanged() -> None:
    query = query_of(MODEL, "上个月一共发了多少条短信")
    assert query["metrics"] == ["touches_sent"] and filters_of(query) == [("touch.channel", "=", ["sms"])]


# --- abbreviations of the model's words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "dimension"),
    [
        ("# of new custs per acq chnl this yr", "new_customers", "customer.acquisition_channel"),
        ("churned customers by acqn channel", "churned_customers", "customer.acquisition_channel"),
        ("rev by rgn last qtr", "revenue", "customer.region"),
    ],
)
def test_abbreviated_field_words(question: str, metric: str, dimension: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric] and dimension_names(query) == [dimension]


def test_an_abbreviated_population() -> None:
    query = query_of(MODEL, "how many mbrs do we have in the South")
    assert query["segments"] == ["members"] and filters_of(query) == [("customer.region", "=", ["South"])]


# --- a record and the bare participle of its making ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "touchpoint"),
    [
        ("comments left at the delivery touchpoint last quarter, main themes?", "delivery"),
        ("what do the survey comments left on purchase surveys this year say", "purchase"),
    ],
)
def test_comments_left_somewhere_are_the_comments(question: str, touchpoint: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes" and query["text_field"] == "survey_comment"
    assert filters_of(query) == [("survey.touchpoint", "=", [touchpoint])]


def test_surveys_filled_in_somewhere_are_counted() -> None:
    query = query_of(MODEL, "how many surveys were filled in at the after-sales touchpoint")
    assert query["metrics"] == ["survey_responses"]
    assert filters_of(query) == [("survey.touchpoint", "=", ["after_sales"])]


def test_a_participle_that_is_the_records_own_value_keeps_it() -> None:
    query = query_of(MODEL, "how many messages delivered in October 2026")
    assert query["metrics"] == ["delivered_touches"]


def test_people_who_left_are_not_records() -> None:
    asked_back(MODEL, "how many customers left in October")


# --- a Chinese field left open, with its rows counted whole -----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "上个月各品类的订单量，不管什么状态的单都算",
        "按渠道看上个月订单数，不论哪个状态都算",
        "上个月订单数，无论什么状态的订单都要统计",
    ],
)
def test_all_statuses_counted_is_no_filter_and_no_breakdown(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"] and not query.get("filters")
    assert "order.status" not in dimension_names(query)
    assert dates_of(query) == ("2026-11-01", "2026-11-30")


def test_a_status_value_named_keeps_its_filter() -> None:
    query = query_of(MODEL, "不管状态是什么，上个月退货的单有多少")
    assert ("order.status", "=", ["returned"]) in filters_of(query)


# --- rows without (or with) the date of an event --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "others"),
    [
        ("how many urgent tickets never got a first response", [("ticket.priority", "=", ["high"])]),
        ("count the tickets without any first response so far", []),
        ("tickets that have not received a first response yet", []),
        ("一直没有首次响应的工单有几张", []),
        ("还没收到首次响应的高优先级工单有多少", [("ticket.priority", "=", ["high"])]),
    ],
)
def test_an_event_never_happened_is_its_date_empty(question: str, others: list[tuple[str, str, list[str]]]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["tickets"]
    assert sorted(filters_of(query)) == sorted([*others, ("ticket.first_response_at", "is_null", [])])


def test_customers_without_a_churn_date() -> None:
    query = query_of(MODEL, "how many customers in the West have no churn date")
    assert ("customer.churn_date", "is_null", []) in filters_of(query)


def test_the_period_of_the_rows_stays_with_an_absent_event() -> None:
    query = query_of(MODEL, "how many tickets from October 2026 never got a first response")
    assert filters_of(query) == [("ticket.first_response_at", "is_null", [])]
    assert dates_of(query) == ("2026-10-01", "2026-10-31")


@pytest.mark.parametrize("question", ["how many tickets have had a first response", "收到了首次响应的工单有多少"])
def test_an_event_that_happened_is_its_date_filled(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["tickets"] and filters_of(query) == [("ticket.first_response_at", "is_not_null", [])]


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many tickets got a first response within 3 hours", "responded_within_3h"),
        ("average first response time last month", "avg_first_response_hours"),
    ],
)
def test_a_measure_of_the_event_is_unchanged(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"][0] == metric and not any(f[1] in ("is_null", "is_not_null") for f in filters_of(query))


def test_unresolved_tickets_keep_their_status() -> None:
    query = query_of(MODEL, "还没解决的工单有多少")
    assert filters_of(query) == [("ticket.status", "=", ["open"])]


# --- a story of something done, and wondering whether it worked ------------------------------------------------------


def test_wondering_whether_it_worked_is_the_reason_for_asking() -> None:
    question = (
        "The growth team ran a big email push in October and I'm trying to work out if it did anything. "
        "Can you tell me how many new customers we got over the last 14 days versus the 14 days before that?"
    )
    query = query_of(MODEL, question)
    assert query["metrics"] == ["new_customers"] and not query.get("filters")
    assert dates_of(query) == ("2026-11-21", "2026-12-04") and query["compare"] == {"previous_period": True}


def test_a_story_without_a_request_after_it_is_still_read() -> None:
    asked_back(MODEL, "we ran a big push last month and I want to see whether it worked")


# --- a question passed on in quotes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "period"),
    [
        (
            "fwd from the CEO: 'how many new customers did we get in Q2 2026?' can you answer that one",
            "new_customers",
            ("2026-04-01", "2026-06-30"),
        ),
        (
            'my director asked "what was our return rate last month" - could you answer it for me',
            "return_rate",
            ("2026-11-01", "2026-11-30"),
        ),
        ("转自CFO：「今年的客户流失率是多少？」麻烦回答一下", "churn_rate", ("2026-01-01", "2026-12-04")),
    ],
)
def test_the_quoted_question_is_the_request(question: str, metric: str, period: tuple[str, str]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric] and dates_of(query) == period and not query.get("filters")


def test_words_of_the_model_outside_the_quotes_still_count() -> None:
    query = query_of(MODEL, "the CFO asked 'what was revenue in Q2 2026' but by channel please")
    assert dimension_names(query) == ["order.channel"]


# --- the answer form rejected with what it counts (Chinese) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("今年的退货率是多少？要的是比例，不是退货单数", "return_rate"),
        ("上半年客户流失率多少，我要比率，不是流失的客户数", "churn_rate"),
        ("今年的转化率多少？要比例不要转化次数", "conversion_rate"),
        ("上个月流失了多少客户，要人数，不是流失率", "churned_customers"),
    ],
)
def test_the_form_rejected_with_its_noun(question: str, metric: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == [metric] and not query.get("filters")


# --- a count named by its value, listed with another value -----------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "how many returns and cancelled orders did we have in October 2026",
        "number of cancellations and returns in October 2026",
        "returns, cancelled orders: October 2026 numbers",
    ],
)
def test_a_count_listed_with_another_value_is_that_value(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["orders"]
    assert [(f, op, sorted(v)) for f, op, v in filters_of(query)] == [("order.status", "in", ["cancelled", "returned"])]


@pytest.mark.parametrize(
    ("question", "metrics"),
    [
        ("returns in October 2026", ["returned_orders"]),
        ("return rate and returns in October 2026", ["return_rate", "returned_orders"]),
    ],
)
def test_a_count_not_listed_with_a_value_stays_a_count(question: str, metrics: list[str]) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == metrics and not query.get("filters")


# --- a name ending in -ing is no verb form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("what was revenue in Nanjing last month", "nanjing"),
        ("how many customers are from chongqing", "chongqing"),
        ("orders from Xining this year", "xining"),
    ],
)
def test_an_unlisted_place_ending_in_ing_is_asked_back(question: str, word: str) -> None:
    assert word in asked_back(MODEL, question).lower()


@pytest.mark.parametrize(
    "question", ["how many orders were placed in October 2026", "Tickets received in October 2026"]
)
def test_verb_forms_still_pass(question: str) -> None:
    query = query_of(MODEL, question)
    assert dates_of(query) == ("2026-10-01", "2026-10-31")


# --- the one person first (or last) to do another entity's event ------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("which was the first customer to place an order", "asc"),
        ("the earliest customer to make a purchase in 2026", "asc"),
        ("最早下单的那位客户是哪个", "asc"),
        ("the most recent customer to place an order", "desc"),
    ],
)
def test_the_first_person_to_do_an_event_is_the_events_first_row(question: str, direction: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "records" and query["limit"] == 1
    assert "order.customer_id" in dimension_names(query)
    assert order_of(query) == [("order.ordered_at", direction)]


def test_the_first_person_to_sign_up_keeps_their_own_row() -> None:
    query = query_of(MODEL, "the earliest customer to sign up in the East")
    assert order_of(query) == [("customer.signup_date", "asc")] and query["limit"] == 1
