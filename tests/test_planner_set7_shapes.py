"""Question shapes the planner did not build (blind set 7, helper 'shapes'), tested with phrasings NOT in set 7, in
English and Chinese, each with near-misses that must still be asked back: a top-N of the party asked with 'who' /
谁 and Chinese spending words, exclusions over relative clauses and lists of values, elliptic yes/no pairs
(ellipsis.py) and cross-tabs, values said with their field's head noun (value_heads.py), shares among a population
named as the whole (wholes.py), averages asked of totals (averages.py), and follow-ups that swap the ranking measure
or ask the new measure for each previous group (referents.py)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.contracts import Turn
from semantic_layer import load_model
from tests.planner_cases import AS_OF, asked_back, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def _after(model: Any, *earlier: str) -> list[Turn]:
    history: list[Turn] = []
    for question in earlier:
        history.append(Turn(question=question, query=plan(model, question, history).query))
    return history


def _filters(query: dict[str, Any]) -> list[tuple[str, str, list[Any]]]:
    return [(f["field"], f["op"], f["values"]) for f in query.get("filters", [])]


def _dims(query: dict[str, Any]) -> list[str]:
    return [d["name"] for d in query.get("dimensions", [])]


# -- 1. top-N of the party asked about -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "limit"),
    [
        ("so who spent the most this year? top 5 please", "revenue", 5),
        ("who filed the most complaints last quarter? top 3", "complaints", 3),
        ("谁消费最多？前10名", "revenue", 10),
        ("今年花钱最多的5个客户", "revenue", 5),
        ("消费最高的前八个客户是谁", "revenue", 8),
    ],
)  # fmt: skip
def test_who_ranks_the_one_party_the_rows_reach(model: Any, question: str, metric: str, limit: int) -> None:
    query = query_of(model, question)
    assert (query["metrics"], _dims(query), query["limit"]) == ([metric], ["customer.customer_id"], limit)
    assert query["order_by"][0]["field"] == metric


@pytest.mark.parametrize(
    "question", ["our 20 biggest spenders last year", "who are our 10 biggest competitors", "top 5 by revenue"]
)
def test_a_ranking_naming_nobody_is_still_asked_back(model: Any, question: str) -> None:
    asked_back(model, question)


@pytest.mark.parametrize(
    "question",
    [
        "人均销售额是多少",
        "平均消费是多少",
        "average revenue per customer",
        "on average how many orders do we get per day",
    ],
)
def test_an_average_of_a_total_is_asked_back(model: Any, question: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" and result.clarification, question


@pytest.mark.parametrize(
    ("question", "metric"),
    [
        ("avg csat last month", "avg_csat"),
        ("平均客单价", "average_order_value"),
        ("平均首次响应时长", "avg_first_response_hours"),
    ],
)
def test_an_average_metric_keeps_its_word(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_money_verbs_are_revenue(model: Any) -> None:
    earned = query_of(model, "how much did we earn in Q3?")
    assert earned["metrics"] == ["revenue"] and earned["time_range"]["start"] == "2026-07-01"
    made = query_of(model, "how much did we make on everything except apparel last quarter")
    assert made["metrics"] == ["revenue"] and _filters(made) == [("order.category", "!=", ["apparel"])]
    assert query_of(model, "how many orders did we make last month")["metrics"] == ["orders"]


# -- 2. exclusions ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("excluding customers who signed up via the app, how many customers do we have in Beijing?",
         ("customer.acquisition_channel", "!=", ["app"])),
        ("revenue last month, not counting orders that were placed through the website", ("order.channel", "!=", ["web"])),
        ("revenue excluding Beijing and Shanghai", ("customer.city", "not_in", ["Beijing", "Shanghai"])),
        ("orders not from the app or the website", ("order.channel", "not_in", ["app", "web"])),
        ("不算北京、上海和广州的客户数", ("customer.city", "not_in", ["Beijing", "Shanghai", "Guangzhou"])),
        ("不算合作渠道来的客户，流失率是多少", ("customer.acquisition_channel", "!=", ["partner"])),
        ("除了北京和上海，哪个城市销售额最高", ("customer.city", "not_in", ["Beijing", "Shanghai"])),
    ],
)  # fmt: skip
def test_exclusions_reach_their_values(model: Any, question: str, expected: tuple[str, str, list[str]]) -> None:
    assert expected in _filters(query_of(model, question))


# -- 3. yes/no pairs said with one side, cross-tabs ------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metric", "field"),
    [
        ("how many tickets this quarter were complaints or not", "tickets", "ticket.is_complaint"),
        ("customers: members vs not, how many each?", "customers", "customer.is_member"),
        ("上个月的工单里投诉与否各有多少", "tickets", "ticket.is_complaint"),
        ("是会员还是不是，客户数分别是多少", "customers", "customer.is_member"),
        ("投诉的和不是的各多少", "tickets", "ticket.is_complaint"),
    ],
)  # fmt: skip
def test_an_elliptic_pair_is_a_breakdown(model: Any, question: str, metric: str, field: str) -> None:
    query = query_of(model, question)
    assert (query["metrics"], _dims(query), query.get("filters", [])) == ([metric], [field], [])


@pytest.mark.parametrize("question", ["how many tickets were high priority vs not?", "revenue from electronics vs not"])
def test_an_elliptic_pair_of_no_yes_no_field_is_asked_back(model: Any, question: str) -> None:
    asked_back(model, question)


@pytest.mark.parametrize(
    ("question", "dims"),
    [
        ("cross-tab customers by membership and region", ["customer.is_member", "customer.region"]),
        ("订单数按渠道和品类交叉分析", ["order.channel", "order.category"]),
        ("沉默客户按是否会员和所在城市交叉看一下", ["customer.is_member", "customer.city"]),
        ("流失客户按所属大区分布", ["customer.region"]),
    ],
)
def test_cross_tabs_and_possessive_determiners(model: Any, question: str, dims: list[str]) -> None:
    assert _dims(query_of(model, question)) == dims


# -- 4. values said with their field's noun, shares among a population -----------------------------------------


def test_values_with_the_head_noun_of_their_field(model: Any) -> None:
    assert query_of(model, "处于流失状态的客户有多少")["metrics"] == ["churned_customers"]
    silent = query_of(model, "处于沉默状态的客户数")
    assert "silent_customers" in [*silent["metrics"], *silent.get("segments", [])] and not silent.get("filters")
    phone = query_of(model, "电话渠道的工单有多少")
    assert phone["metrics"] == ["tickets"] and _filters(phone) == [("ticket.channel", "=", ["phone"])]
    reason = query_of(model, "价格原因流失的客户有多少")
    assert _filters(reason) == [("customer.churn_reason", "=", ["price"])]
    app = query_of(model, "pull up 20 tickets from the app channel")
    assert _filters(app) == [("ticket.channel", "=", ["app"])]


def test_an_unknown_prefix_without_the_field_noun_is_asked_back(model: Any) -> None:
    asked_back(model, "合作客户的流失率")  # '合作' alone: no field noun says which value


@pytest.mark.parametrize(
    ("question", "metric", "share"),
    [
        ("among churned customers, what share left because of price?", "churned_customers",
         {"filters": [{"field": "customer.churn_reason", "op": "=", "values": ["price"]}]}),
        ("流失客户中，价格原因的占比是多少", "churned_customers",
         {"filters": [{"field": "customer.churn_reason", "op": "=", "values": ["price"]}]}),
        ("What % of the customers who churned left because of price?", "churned_customers",
         {"filters": [{"field": "customer.churn_reason", "op": "=", "values": ["price"]}]}),
        ("what % of churned customers were members?", "churned_customers", {"segments": ["members"]}),
        ("流失客户中有多少比例是会员", "churned_customers", {"segments": ["members"]}),
        ("投诉工单中物流类的占比", "complaints",
         {"filters": [{"field": "ticket.category", "op": "=", "values": ["delivery"]}]}),
        ("what share of customers churned because of price?", "customers",
         {"filters": [{"field": "customer.status", "op": "=", "values": ["churned"]},
                      {"field": "customer.churn_reason", "op": "=", "values": ["price"]}]}),
    ],
)  # fmt: skip
def test_a_share_among_a_population_is_no_rate_of_the_part(
    model: Any, question: str, metric: str, share: dict[str, Any]
) -> None:
    query = query_of(model, question)
    assert (query["metrics"], query.get("share")) == ([metric], share), question


def test_the_whole_clause_is_the_base(model: Any) -> None:
    query = query_of(model, "of the customers we lost, what share left over pricing?")
    assert query["metrics"] == ["customers"] and _filters(query) == [("customer.status", "=", ["churned"])]
    assert query["share"] == {"filters": [{"field": "customer.churn_reason", "op": "=", "values": ["price"]}]}
    among = query_of(model, "among members, what share are in Beijing?")
    assert among["segments"] == ["members"] and among["share"]["filters"][0]["values"] == ["Beijing"]


@pytest.mark.parametrize(
    ("question", "metric"),
    [("what % of orders were returned", "return_rate"), ("what share of customers churned", "churn_rate")],
)
def test_a_share_of_the_entity_itself_stays_the_models_rate(model: Any, question: str, metric: str) -> None:
    assert query_of(model, question)["metrics"] == [metric]


def test_values_listed_and_ranked_are_a_breakdown_over_them(model: Any) -> None:
    query = query_of(model, "between sms and email, which has the highest delivery rate?")
    assert (query["metrics"], _dims(query), query["limit"]) == (["delivery_rate"], ["touch.channel"], 1)
    three = query_of(model, "北京、上海、广州三个城市里哪个客户最多")
    assert (_dims(three), three["limit"]) == (["customer.city"], 1)  # three is how many were named
    asked_back(model, "哪种触达方式转化率最低")  # no field named, no values listed


# -- 5. a duration by another entity's field ------------------------------------------------------------------


def test_first_time_is_first(model: Any) -> None:
    query = query_of(model, "哪个渠道第一次回复最快")
    assert (query["metrics"], _dims(query)) == (["avg_first_response_hours"], ["ticket.channel"])
    assert query["order_by"] == [{"field": "avg_first_response_hours", "direction": "asc"}]
    assert query_of(model, "工单第一次回复平均要多久")["metrics"] == ["avg_first_response_hours"]


# -- 6. follow-ups ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "then", "dim", "limit"),
    [
        ("top 3 categories by revenue last quarter", "same but ranked by order count instead", "order.category", 3),
        ("哪个品类上个月销售额最高", "如果按订单数呢", "order.category", 1),
        ("各城市今年的销售额前五", "换成按订单数排呢", "customer.city", 5),
    ],
)
def test_a_swapped_ranking_measure_keeps_the_rest(model: Any, first: str, then: str, dim: str, limit: int) -> None:
    query = query_of(model, then, _after(model, first))
    assert (query["metrics"], _dims(query), query["limit"]) == (["orders"], [dim], limit)
    assert query["order_by"][0]["field"] == "orders" and "time_range" in query


def test_for_each_keeps_the_previous_groups(model: Any) -> None:
    orders = query_of(model, "and orders for each?", _after(model, "revenue by region last quarter"))
    assert (orders["metrics"], _dims(orders), orders["time_range"]["start"]) == (
        ["orders"], ["customer.region"], "2026-07-01"
    )  # fmt: skip
    low = query_of(model, "那5分及以下的评分分别有多少", _after(model, "最近6个月各触点的平均满意度"))
    assert (low["metrics"], _dims(low)) == (["survey_responses"], ["survey.touchpoint"])
    assert _filters(low) == [("survey.csat_score", "<=", [5.0])] and low["time_range"]["start"] == "2026-06-05"
    each = query_of(model, "and how many with a score of 5 or under, each?", _after(model, "avg csat by touchpoint"))
    assert _dims(each) == ["survey.touchpoint"] and _filters(each) == [("survey.csat_score", "<=", [5.0])]


def test_scores_with_nothing_to_point_at_are_asked_back(model: Any) -> None:
    asked_back(model, "how many low scores for each?", _after(model, "revenue by region last quarter"))


def test_a_grading_word_before_a_number_field_is_no_value(model: Any) -> None:
    query = query_of(model, "how many low csat scores (5 or under)")
    assert query["metrics"] == ["survey_responses"] and _filters(query) == [("survey.csat_score", "<=", [5.0])]
    high = query_of(model, "how many high-priority tickets last month")
    assert _filters(high) == [("ticket.priority", "=", ["high"])]


# -- found while trying variations -----------------------------------------------------------------------------


def test_but_and_neither_exclude(model: Any) -> None:
    assert ("order.category", "!=", ["grocery"]) in _filters(
        query_of(model, "sales last quarter for all categories but grocery")
    )
    both = _filters(query_of(model, "how many customers are not members or tier A"))
    assert ("customer.tier", "!=", ["A"]) in both and ("customer.is_member", "=", [False]) in both
    assert ("customer.city", "=", ["Beijing"]) in _filters(query_of(model, "non-members and Beijing customers count"))


@pytest.mark.parametrize(
    ("question", "metric", "dim"),
    [
        ("订单最多的10个客户", "orders", "customer.customer_id"),
        ("投诉最多的是哪几个客户", "complaints", "customer.customer_id"),
        ("工单最少的渠道", "tickets", "ticket.channel"),
    ],
)
def test_an_entity_before_most_is_its_count(model: Any, question: str, metric: str, dim: str) -> None:
    query = query_of(model, question)
    assert (query["metrics"], _dims(query)) == ([metric], [dim])


@pytest.mark.parametrize(
    ("question", "metric", "dim", "direction"),
    [
        ("哪种工单类别解决得最慢", "avg_resolution_hours", "ticket.category", "desc"),
        ("which channel resolves tickets fastest", "avg_resolution_hours", "ticket.channel", "asc"),
        ("哪个渠道回复最慢", "avg_first_response_hours", "ticket.channel", "desc"),
        ("which support channel responds the fastest", "avg_first_response_hours", "ticket.channel", "asc"),
    ],
)
def test_an_event_ranked_by_speed_is_its_duration(
    model: Any, question: str, metric: str, dim: str, direction: str
) -> None:
    query = query_of(model, question)
    assert (query["metrics"], _dims(query), query["order_by"][0].get("direction", "desc")) == (
        [metric],
        [dim],
        direction,
    )


@pytest.mark.parametrize(
    "question", ["哪个大区的销售额增长最多", "revenue growth by region", "how fast is revenue growing", "销售额增速"]
)
def test_growth_of_one_period_is_asked_back(model: Any, question: str) -> None:
    asked_back(model, question)


def test_growth_with_a_series_or_comparison_is_answered(model: Any) -> None:
    assert _dims(query_of(model, "revenue growth month over month")) == ["metric_time"]
    compared = query_of(model, "revenue this month vs last month, did it grow?")["compare"]
    assert compared == {"previous_period": True, "whole_previous": True}  # all of last month (round 11)
    price = query_of(model, "how many customers churned because of a price increase")
    assert ("customer.churn_reason", "=", ["price"]) in _filters(price)


@pytest.mark.parametrize(
    ("question", "metric", "limit"),
    [
        ("客户消费排行榜前10", "revenue", 10),
        ("customer revenue ranking, top 10", "revenue", 10),
        ("who placed the most orders in Shanghai this year", "orders", None),
        ("看看哪几个客户投诉最多，前5个", "complaints", 5),
    ],
)
def test_the_party_ranked_is_the_one_named_or_asked(model: Any, question: str, metric: str, limit: int | None) -> None:
    query = query_of(model, question)
    assert (query["metrics"], _dims(query), query.get("limit")) == ([metric], ["customer.customer_id"], limit)


@pytest.mark.parametrize(
    ("first", "then", "metric"),
    [
        ("top 5 cities by revenue this year", "what about orders?", "orders"),
        ("revenue by region", "那订单呢", "orders"),
        ("top 5 cities by revenue this year", "rank them by AOV instead", "average_order_value"),
    ],
)
def test_a_follow_up_naming_only_a_measure_swaps_it(model: Any, first: str, then: str, metric: str) -> None:
    query = query_of(model, then, _after(model, first))
    assert query["metrics"] == [metric] and query.get("order_by", [{"field": metric}])[0]["field"] == metric


def test_a_value_as_the_whole_and_rates_kept(model: Any) -> None:
    tier = query_of(model, "A类客户中会员的比例")
    assert _filters(tier) == [("customer.tier", "=", ["A"])] and tier["share"] == {"segments": ["members"]}
    returned = query_of(model, "what percentage of electronics orders were returned")
    assert returned["metrics"] == ["return_rate"] and _filters(returned) == [("order.category", "=", ["electronics"])]
    share = query_of(model, "out of all complaints last month, how many were about delivery, as a share?")
    assert share["metrics"] == ["complaints"] and share["share"]["filters"][0]["values"] == ["delivery"]


@pytest.mark.parametrize(
    "question", ["open rate by channel", "各渠道的打开率", "上个月的取消率", "短信和邮件触达的打开率各是多少"]
)
def test_a_rate_the_model_lacks_is_asked_back(model: Any, question: str) -> None:
    asked_back(model, question)


def test_rates_of_the_model_keep_their_words(model: Any) -> None:
    assert query_of(model, "sla rate by channel")["metrics"] == ["responded_within_3h_rate"]
    assert query_of(model, "哪个渠道的退货率最高")["metrics"] == ["return_rate"]
