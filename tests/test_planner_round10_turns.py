"""Round-10 causes of branch p13f (follow-ups and words asked back), tested with phrasings NOT in any eval set, each
with near-misses that must keep their reading: a form of a filler verb is that verb, not a typo of a model word
('bringing in' is no slip of 'binding'); chat spellings of auxiliaries ('do we hav'); Chinese verbs of leaving a
value out ('去掉门店', '不看门店'); the analyst's words for a breakdown or a condition ('the same cut', 'filter to');
and a new length for the previous list ('改成20个', 'make it 20')."""

from __future__ import annotations

from typing import Any

import pytest

from semantic_layer import load_model
from tests.planner_cases import AS_OF, dates_of, dimension_names, filters_of, history_of, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


# -- 1. a form of a filler verb is that verb: 'bringing', 'getting', 'making' -------------------------------------
@pytest.mark.parametrize(
    "question",
    [
        "which region is bringing in the most revenue this year",
        "East or West: which one is bringing in more revenue this quarter?",
        "what is each channel bringing in this month in revenue",
    ],
)
def test_a_form_of_a_filler_verb_is_no_typo(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["revenue"]


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("is CSAT lower for members than for non-members? all-time averages for each group", "avg_csat"),
        ("csat by region this year, averages please", "avg_csat"),
    ],
)
def test_a_plural_of_a_quantity_word_is_that_word(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]  # 'averages' had been asked back


def test_a_typo_of_a_model_word_is_still_corrected(model: Any) -> None:
    assert query_of(model, "how many custmers signed up last month")["metrics"] in (["customers"], ["new_customers"])


# -- 2. chat spellings of auxiliaries ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("how many members do we hav", "customers"),
        ("how many silent customers do we hv now", "silent_customers"),
        ("what revenue wud we hav made last month", "revenue"),
    ],
)
def test_chat_spellings_of_auxiliaries(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


# -- 3. Chinese verbs of leaving a value out -----------------------------------------------------------------------
@pytest.mark.parametrize("follow_up", ["去掉门店渠道再看看", "拿掉门店这个渠道", "不看门店渠道", "去除门店渠道之后呢"])
def test_a_value_left_out_in_a_follow_up(model: Any, follow_up: str) -> None:
    history = history_of(model, "上个月新增客户数", "按获客渠道分一下")
    query = query_of(model, follow_up, history)
    assert query["metrics"] == ["new_customers"]
    assert dimension_names(query) == ["customer.acquisition_channel"]
    assert filters_of(query) == [("customer.acquisition_channel", "!=", ["store"])]


@pytest.mark.parametrize("question", ["去掉门店渠道，上个月新增了多少客户", "上个月新增客户多少，不看门店渠道"])
def test_a_value_left_out_in_one_question(model: Any, question: str) -> None:
    assert filters_of(query_of(model, question)) == [("customer.acquisition_channel", "!=", ["store"])]


def test_a_value_looked_at_is_kept(model: Any) -> None:
    history = history_of(model, "上个月新增客户数", "按获客渠道分一下")
    assert filters_of(query_of(model, "只看门店渠道", history)) == [("customer.acquisition_channel", "=", ["store"])]


# -- 4. the analyst's words for a breakdown or a condition ---------------------------------------------------------
@pytest.mark.parametrize(
    "follow_up", ["same cut for 2025 please", "now the same cut but for all of 2025", "and that slice for 2025?"]
)
def test_the_same_cut_for_another_period(model: Any, follow_up: str) -> None:
    history = history_of(model, "orders by channel last quarter")
    query = query_of(model, follow_up, history)
    assert query["metrics"] == ["orders"]
    assert dimension_names(query) == ["order.channel"]
    assert dates_of(query) == ("2025-01-01", "2025-12-31")


@pytest.mark.parametrize(
    ("follow_up", "value"),
    [("filter to tier B only", "B"), ("can you filter it down to tier C", "C"), ("narrow that to tier A", "A")],
)
def test_filter_to_a_value(model: Any, follow_up: str, value: str) -> None:
    history = history_of(model, "average order value by month this year")
    query = query_of(model, follow_up, history)
    assert query["metrics"] == ["average_order_value"]
    assert ("customer.tier", "=", [value]) in filters_of(query)
    assert dates_of(query) == ("2026-01-01", "2026-12-04")


# -- 5. a new length for the previous list -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("follow_up", "length"),
    [("改成30个", 30), ("换成5条吧", 5), ("make it 25", 25), ("show 15 instead", 15), ("只要前3个", 3)],
)
def test_a_new_length_of_the_list(model: Any, follow_up: str, length: int) -> None:
    history = history_of(model, "list the 10 most recent complaints")
    query = query_of(model, follow_up, history)
    listed = history[-1].query
    assert listed is not None and query["kind"] == "records" and query["limit"] == length
    assert query["order_by"] == listed.model_dump(mode="json", exclude_defaults=True)["order_by"]


def test_a_number_after_a_ranking_still_ranks(model: Any) -> None:
    history = history_of(model, "top 5 regions by revenue last month")
    query = query_of(model, "make it top 3", history)
    assert query["limit"] == 3 and query["metrics"] == ["revenue"]


def test_a_number_with_no_list_before_is_not_a_length(model: Any) -> None:
    history = history_of(model, "revenue last month")
    assert plan(model, "make it 20", history).status != "ok" or plan(model, "make it 20", history).query is None


# -- 6. a correction of the measure inside the question: the count or the rate, the other named and rejected -------
@pytest.mark.parametrize(
    "question",
    [
        "Not the raw count - what share of delivered care messages converted last month?",
        "no, not the number: what percentage of the delivered care messages converted last month?",
        "not the count, what proportion of delivered care messages converted last month",
    ],
)
def test_a_rejected_count_first_then_the_share(model: Any, question: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["conversion_rate"]
    assert filters_of(query) == [("touch.campaign", "=", ["care"])]
    assert dates_of(query) == ("2026-11-01", "2026-11-30")


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("上周流失了几个客户，要人数不是流失率", "churned_customers"),
        ("上个月退了多少单，给单数，不要退货率", "returned_orders"),
        ("how many orders were returned last month: the count, not the return rate", "returned_orders"),
    ],
)
def test_a_count_kept_over_a_rate_named_by_its_metric(model: Any, question: str, metric: str) -> None:
    query = query_of(model, question)
    returned = ("order.status", "=", ["returned"]) in filters_of(query)
    assert query["metrics"] == [metric] or (query["metrics"] == ["orders"] and returned)


@pytest.mark.parametrize(("question", "metric"), [("上个月退货率是多少", "return_rate"), ("上周流失率", "churn_rate")])
def test_a_rate_asked_plainly_stays_a_rate(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


# -- 7. 'other <field noun>' after an excluded value of that field: the rest, not the value 'other' ----------------
@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("除了服务原因以外，去年其他原因流失的客户多少", "service"),
        ("除开竞品原因，上个月其他原因流失了几个客户", "competitor"),
        ("除了物流原因 其余原因流失的客户有多少", "delivery"),
    ],
)
def test_the_other_reasons_after_an_excluded_reason(model: Any, question: str, reason: str) -> None:
    query = query_of(model, question)
    assert query["metrics"] == ["churned_customers"]
    assert filters_of(query) == [("customer.churn_reason", "!=", [reason])]


def test_the_other_reason_asked_alone_is_the_value_other(model: Any) -> None:
    query = query_of(model, "去年因为其他原因流失的客户多少")
    assert filters_of(query) == [("customer.churn_reason", "=", ["other"])]


def test_the_other_groups_each_stay_a_breakdown(model: Any) -> None:
    query = query_of(model, "去年除了美妆以外，其他品类分别卖了多少钱")
    assert dimension_names(query) == ["order.category"]
    assert filters_of(query) == [("order.category", "!=", ["beauty"])]
