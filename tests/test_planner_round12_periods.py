"""Round 12 (p15c): periods and comparisons of periods, with sentences of my own.

An order of speed on a duration; the stretch before the one named ('再前一周', '再往前N天'); 同比去年; a period's length
said again ('昨天一天'); a day with its year in words ('June 1st this year'); 'say' choosing the period; the unit of an
average before the event it times ('avg hours to resolve'); 'busier' judging a compared count. Each cause has
near-misses that keep their reading.
"""

from __future__ import annotations

from datetime import date

import pytest

from semantic_layer import load_model
from semantic_layer.time_phrases import find_time_phrases
from tests.planner_cases import AS_OF, asked_back, dates_of, filters_of, history_of, order_of, query_of

MODEL = load_model()

# -- an order of speed on a duration: the end it starts from ---------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "direction"),
    [
        ("各渠道的平均解决时长，从快到慢排", "asc"),
        ("各工单类别按平均首次响应时长由快到慢排个序", "asc"),
        ("每个优先级的平均解决时长从慢到快排一下", "desc"),
        ("rank ticket categories by average resolution time, fastest first", "asc"),
        ("average first response time per channel from slowest to fastest", "desc"),
        ("avg resolution time by priority, quickest to slowest", "asc"),
    ],
)
def test_an_order_of_speed_starts_from_the_end_it_names(question: str, direction: str) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"][0] in ("avg_resolution_hours", "avg_first_response_hours")
    assert order_of(query) == [(query["metrics"][0], direction)]


def test_an_order_of_size_is_not_an_order_of_speed() -> None:
    assert order_of(query_of(MODEL, "各渠道的平均解决时长，从高到低排")) == [("avg_resolution_hours", "desc")]


# -- the stretch before the one named -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("高优先级工单数量 近14天 vs 再往前14天", ("2026-11-21", "2026-12-04")),
        ("近30天的投诉量和再往前30天比一下", ("2026-11-05", "2026-12-04")),
        ("最近两周的新客数，再往前两周对比一下", ("2026-11-21", "2026-12-04")),
        ("上个月的订单量跟再前一个月对比", ("2026-11-01", "2026-11-30")),
    ],
)
def test_the_stretch_before_that_is_the_previous_period(question: str, dates: tuple[str, str]) -> None:
    query = query_of(MODEL, question)
    assert dates_of(query) == dates
    assert query["compare"]["previous_period"] is True
    assert "limit" not in query  # '前14' counts days, no ranking


def test_a_follow_up_compares_the_previous_period_with_the_one_before_it() -> None:
    history = history_of(MODEL, "上周的平均首次响应时长")
    query = query_of(MODEL, "跟再前一周比呢", history)
    assert dates_of(query) == ("2026-11-23", "2026-11-29")
    assert query["compare"]["previous_period"] is True
    history = history_of(MODEL, "上个月的退货率")
    assert dates_of(query_of(MODEL, "和再往前一个月比怎么样", history)) == ("2026-11-01", "2026-11-30")


def test_a_step_back_without_a_comparison_word_moves_the_period() -> None:
    history = history_of(MODEL, "上个月的销售额")
    query = query_of(MODEL, "再往前一个月呢", history)
    assert dates_of(query) == ("2026-10-01", "2026-10-31")
    assert not query.get("compare")


def test_a_ranking_of_the_first_n_still_ranks() -> None:
    query = query_of(MODEL, "销售额前5的城市")
    assert query["limit"] == 5
    assert not query.get("compare")


# -- 同比去年: the same period a year earlier ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("上个月订单量同比去年如何", ("2026-11-01", "2026-11-30")),
        ("上季度新客数同比去年", ("2026-07-01", "2026-09-30")),
        ("2026年10月的投诉量去年同比变化", ("2026-10-01", "2026-10-31")),
    ],
)
def test_tongbi_last_year_is_the_same_period_a_year_earlier(question: str, dates: tuple[str, str]) -> None:
    query = query_of(MODEL, question)
    assert dates_of(query) == dates
    assert query["compare"]["year_over_year"] is True


def test_last_years_own_figure_compared_year_on_year_is_2025() -> None:
    query = query_of(MODEL, "去年的销售额同比")
    assert dates_of(query) == ("2025-01-01", "2025-12-31")
    assert query["compare"]["year_over_year"] is True


def test_last_year_without_tongbi_is_still_asked_back() -> None:
    assert "去年" in asked_back(MODEL, "上季度的订单量和去年比")


# -- a period's length said again ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("前天一天的订单量", ("2026-12-02", "2026-12-02")),
        ("上周一周收到多少工单", ("2026-11-23", "2026-11-29")),
        ("上个月一整个月的退货率", ("2026-11-01", "2026-11-30")),
        ("2025年一整年的销售额", ("2025-01-01", "2025-12-31")),
    ],
)
def test_a_length_right_after_its_period_restates_it(question: str, dates: tuple[str, str]) -> None:
    assert dates_of(query_of(MODEL, question)) == dates


@pytest.mark.parametrize("question", ["上个月一天的订单量", "一周的工单量", "今年一年的投诉量"])
def test_a_length_of_another_period_or_alone_is_asked_back(question: str) -> None:
    asked_back(MODEL, question)


# -- a day with its year in words ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("since march 3rd this year", date(2026, 3, 3)),
        ("since 2nd of february last year", date(2025, 2, 2)),
        ("since august 15th of last year", date(2025, 8, 15)),
    ],
)
def test_a_day_with_its_year_in_words_is_one_date(text: str, start: date) -> None:
    found = find_time_phrases(text, AS_OF)
    assert [(f.start, f.end) for f in found] == [(start, AS_OF)]


def test_a_signup_count_since_a_day_this_year_is_one_period() -> None:
    query = query_of(MODEL, "how many customers signed up since April 10th this year?")
    assert dates_of(query) == ("2026-04-10", "2026-12-04")


# -- 'say' choosing the period ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "What have churned customers been complaining about recently? Say the last 60 days.",
        "what are members unhappy about lately? let's say the last 60 days",
    ],
)
def test_say_opening_a_clause_chooses_the_period(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["kind"] == "themes"
    assert dates_of(query) == ("2026-10-06", "2026-12-04")


def test_a_period_chosen_with_say_is_kept_without_a_vague_word() -> None:
    assert dates_of(query_of(MODEL, "how many tickets came in? Say the last 2 weeks.")) == ("2026-11-21", "2026-12-04")


def test_a_claim_someone_says_is_still_set_aside() -> None:
    query = query_of(MODEL, "orders last month. my manager says it was a record")
    assert query["metrics"] == ["orders"]
    assert dates_of(query) == ("2026-11-01", "2026-11-30")


# -- the unit of an average before the event it times ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "channels"),
    [
        ("email vs phone - average hours to resolve this quarter", ["email", "phone"]),
        ("avg hrs to resolve, by channel, last month", None),
    ],
)
def test_the_unit_of_an_average_names_the_duration(question: str, channels: list[str] | None) -> None:
    query = query_of(MODEL, question)
    assert query["metrics"] == ["avg_resolution_hours"]
    if channels:
        assert filters_of(query) == [("ticket.channel", "in", channels)]


# -- 'busier' judging a compared count -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "complaints this week vs last week - are we getting busier?",
        "orders in the past 14 days compared with the previous 14 days, is it getting quieter?",
    ],
)
def test_busier_judges_the_compared_count(question: str) -> None:
    query = query_of(MODEL, question)
    assert query["compare"]["previous_period"] is True


def test_a_stretch_before_of_another_length_is_asked_back() -> None:
    assert "再往前30天" in asked_back(MODEL, "近7天的投诉量 vs 再往前30天")
    assert "再往前3周" in asked_back(MODEL, "近14天新客数和再往前3周比一下")


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("orders this year so far vs the same period of 2025", ("2026-01-01", "2026-12-04")),
        ("Q2 2026 complaints next to the same quarter last year", ("2026-04-01", "2026-06-30")),
        ("October 2026 revenue alongside the same month of 2025", ("2026-10-01", "2026-10-31")),
    ],
)
def test_the_same_period_of_the_year_before_is_year_over_year(question: str, dates: tuple[str, str]) -> None:
    query = query_of(MODEL, question)
    assert dates_of(query) == dates
    assert query["compare"]["year_over_year"] is True


def test_the_same_period_of_another_year_is_asked_back() -> None:
    asked_back(MODEL, "Q2 2026 complaints vs the same quarter of 2023")
