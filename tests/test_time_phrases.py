"""Time phrases (DESIGN §7): every supported form in English and Chinese, edges, free text, errors."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_phrases import (
    OPEN_START,
    ResolvedRange,
    find_time_phrases,
    parse_date,
    previous_period,
    resolve_time_phrase,
)

AS_OF = date(2026, 11, 22)  # a Sunday
D = date.fromisoformat

# (phrase, start, end) with as_of 2026-11-22
PHRASES = [
    # a fortnight is 14 days; 'N days ago' is that one day (found in blind set 9)
    ("the past fortnight", "2026-11-09", "2026-11-22"),
    ("last fortnight", "2026-11-09", "2026-11-22"),
    ("3 days ago", "2026-11-19", "2026-11-19"),
    ("two days ago", "2026-11-20", "2026-11-20"),
    ("三天前", "2026-11-19", "2026-11-19"),
    ("5天以前", "2026-11-17", "2026-11-17"),
    # rolling, English: start = as_of - N units + 1 day
    ("last 3 months", "2026-08-23", "2026-11-22"),
    ("last three months", "2026-08-23", "2026-11-22"),
    ("LAST 3 MONTHS", "2026-08-23", "2026-11-22"),
    ("in the last three months", "2026-08-23", "2026-11-22"),
    ("the last 30 days", "2026-10-24", "2026-11-22"),
    ("past 12 months", "2025-11-23", "2026-11-22"),
    ("last twelve months", "2025-11-23", "2026-11-22"),
    ("last twenty-four months", "2024-11-23", "2026-11-22"),
    ("previous 2 weeks", "2026-11-09", "2026-11-22"),
    ("in the last seven days", "2026-11-16", "2026-11-22"),
    ("over the past twenty days", "2026-11-03", "2026-11-22"),
    ("trailing 90 days", "2026-08-25", "2026-11-22"),
    ("last 2 quarters", "2026-05-23", "2026-11-22"),
    ("last 1 quarter", "2026-08-23", "2026-11-22"),
    ("last 2 years", "2024-11-23", "2026-11-22"),
    ("past one month", "2026-10-23", "2026-11-22"),
    ("last 1 day", "2026-11-22", "2026-11-22"),
    ("past week", "2026-11-16", "2026-11-22"),
    ("over the past year", "2025-11-23", "2026-11-22"),
    # rolling, Chinese
    ("最近3个月", "2026-08-23", "2026-11-22"),
    ("最近三个月", "2026-08-23", "2026-11-22"),
    ("近3月", "2026-08-23", "2026-11-22"),
    ("近30天", "2026-10-24", "2026-11-22"),
    ("近三十天", "2026-10-24", "2026-11-22"),
    ("近7日", "2026-11-16", "2026-11-22"),
    ("过去12个月", "2025-11-23", "2026-11-22"),
    ("最近十二个月", "2025-11-23", "2026-11-22"),
    ("近两周", "2026-11-09", "2026-11-22"),
    ("最近一周", "2026-11-16", "2026-11-22"),
    ("近3个星期", "2026-11-02", "2026-11-22"),
    ("前7天", "2026-11-16", "2026-11-22"),
    ("过去二十天", "2026-11-03", "2026-11-22"),
    ("过去两个季度", "2026-05-23", "2026-11-22"),
    ("近1个季度", "2026-08-23", "2026-11-22"),
    ("近一年", "2025-11-23", "2026-11-22"),
    ("最近两年", "2024-11-23", "2026-11-22"),
    ("过去一年里", "2025-11-23", "2026-11-22"),
    ("近30天内", "2026-10-24", "2026-11-22"),
    ("最近半年", "2026-05-23", "2026-11-22"),
    ("最近半个月", "2026-11-08", "2026-11-22"),
    # previous complete calendar period
    ("last month", "2026-10-01", "2026-10-31"),
    ("previous month", "2026-10-01", "2026-10-31"),
    ("the previous month", "2026-10-01", "2026-10-31"),
    ("last quarter", "2026-07-01", "2026-09-30"),
    ("last year", "2025-01-01", "2025-12-31"),
    ("last week", "2026-11-09", "2026-11-15"),
    ("the month before last", "2026-09-01", "2026-09-30"),
    ("上个月", "2026-10-01", "2026-10-31"),
    ("上月", "2026-10-01", "2026-10-31"),
    ("上季度", "2026-07-01", "2026-09-30"),
    ("上个季度", "2026-07-01", "2026-09-30"),
    ("上一季度", "2026-07-01", "2026-09-30"),
    ("去年", "2025-01-01", "2025-12-31"),
    ("上周", "2026-11-09", "2026-11-15"),
    ("上星期", "2026-11-09", "2026-11-15"),
    ("上上个月", "2026-09-01", "2026-09-30"),
    ("前年", "2024-01-01", "2024-12-31"),
    # calendar period to date
    ("this week", "2026-11-16", "2026-11-22"),
    ("this month", "2026-11-01", "2026-11-22"),
    ("this quarter", "2026-10-01", "2026-11-22"),
    ("current quarter", "2026-10-01", "2026-11-22"),
    ("this year", "2026-01-01", "2026-11-22"),
    ("month to date", "2026-11-01", "2026-11-22"),
    ("year-to-date", "2026-01-01", "2026-11-22"),
    ("YTD", "2026-01-01", "2026-11-22"),
    ("MTD", "2026-11-01", "2026-11-22"),
    ("QTD", "2026-10-01", "2026-11-22"),
    ("本周", "2026-11-16", "2026-11-22"),
    ("这周", "2026-11-16", "2026-11-22"),
    ("本月", "2026-11-01", "2026-11-22"),
    ("这个月", "2026-11-01", "2026-11-22"),
    ("本季度", "2026-10-01", "2026-11-22"),
    ("今年", "2026-01-01", "2026-11-22"),
    ("年初至今", "2026-01-01", "2026-11-22"),
    ("今年以来", "2026-01-01", "2026-11-22"),
    # absolute, English
    ("in 2025", "2025-01-01", "2025-12-31"),
    ("2025", "2025-01-01", "2025-12-31"),
    ("in 2026", "2026-01-01", "2026-11-22"),
    ("during the year 2024", "2024-01-01", "2024-12-31"),
    ("in March 2026", "2026-03-01", "2026-03-31"),
    ("March 2026", "2026-03-01", "2026-03-31"),
    ("Mar 2026", "2026-03-01", "2026-03-31"),
    ("in March", "2026-03-01", "2026-03-31"),
    ("in December", "2025-12-01", "2025-12-31"),
    ("2026-03", "2026-03-01", "2026-03-31"),
    ("Q3 2026", "2026-07-01", "2026-09-30"),
    ("2026 Q3", "2026-07-01", "2026-09-30"),
    ("2026Q3", "2026-07-01", "2026-09-30"),
    ("Q4 2025", "2025-10-01", "2025-12-31"),
    ("in Q4", "2026-10-01", "2026-11-22"),
    ("third quarter of 2026", "2026-07-01", "2026-09-30"),
    ("H1 2026", "2026-01-01", "2026-06-30"),
    ("yesterday", "2026-11-21", "2026-11-21"),
    ("today", "2026-11-22", "2026-11-22"),
    ("the day before yesterday", "2026-11-20", "2026-11-20"),
    ("2026-03-01", "2026-03-01", "2026-03-01"),
    ("2026/03/01", "2026-03-01", "2026-03-01"),
    ("on March 1, 2026", "2026-03-01", "2026-03-01"),
    ("since 2026-03-01", "2026-03-01", "2026-11-22"),
    ("since March", "2026-03-01", "2026-11-22"),
    ("since last month", "2026-10-01", "2026-11-22"),
    ("after 2026-06-30", "2026-07-01", "2026-11-22"),
    ("from 2026-01-01 to 2026-03-31", "2026-01-01", "2026-03-31"),
    ("between 2026-01-01 and 2026-03-31", "2026-01-01", "2026-03-31"),
    ("from March 2026 to May 2026", "2026-03-01", "2026-05-31"),
    ("from 2026-10-01 to date", "2026-10-01", "2026-11-22"),
    ("from 2026-10-01 to 2026-12-31", "2026-10-01", "2026-11-22"),
    # absolute, Chinese
    ("2026年", "2026-01-01", "2026-11-22"),
    ("2025年", "2025-01-01", "2025-12-31"),
    ("2026年3月", "2026-03-01", "2026-03-31"),
    ("2026 年 3 月份", "2026-03-01", "2026-03-31"),
    ("去年3月", "2025-03-01", "2025-03-31"),
    ("3月", "2026-03-01", "2026-03-31"),
    ("三月份", "2026-03-01", "2026-03-31"),
    ("12月", "2025-12-01", "2025-12-31"),
    ("2026年第三季度", "2026-07-01", "2026-09-30"),
    ("2026年第3季度", "2026-07-01", "2026-09-30"),
    ("2026年三季度", "2026-07-01", "2026-09-30"),
    ("2026年Q3", "2026-07-01", "2026-09-30"),
    ("今年第一季度", "2026-01-01", "2026-03-31"),
    ("第四季度", "2026-10-01", "2026-11-22"),
    ("去年上半年", "2025-01-01", "2025-06-30"),
    ("昨天", "2026-11-21", "2026-11-21"),
    ("今天", "2026-11-22", "2026-11-22"),
    ("前天", "2026-11-20", "2026-11-20"),
    ("2026年3月1日", "2026-03-01", "2026-03-01"),
    ("3月5日", "2026-03-05", "2026-03-05"),
    ("自2026年3月1日以来", "2026-03-01", "2026-11-22"),
    ("2026年3月1日至今", "2026-03-01", "2026-11-22"),
    ("3月以来", "2026-03-01", "2026-11-22"),
    ("从上个月开始", "2026-10-01", "2026-11-22"),
    ("2026年3月1日至2026年3月31日", "2026-03-01", "2026-03-31"),
    ("从2026-01-01到2026-03-31", "2026-01-01", "2026-03-31"),
    ("2026-01-01至2026-03-31", "2026-01-01", "2026-03-31"),
    ("1月至3月", "2026-01-01", "2026-03-31"),
    ("2026年1月至3月", "2026-01-01", "2026-03-31"),
    ("2025年11月至2月", "2025-11-01", "2026-02-28"),
    ("11月至2月", "2025-11-01", "2026-02-28"),
    # full-width digits and punctuation around the phrase
    ("２０２６年３月", "2026-03-01", "2026-03-31"),
    ("Ｑ３ ２０２６", "2026-07-01", "2026-09-30"),
    ("「最近3个月」。", "2026-08-23", "2026-11-22"),
    ("  last 3 months?  ", "2026-08-23", "2026-11-22"),
]


def test_table_covers_enough_forms() -> None:
    assert len(PHRASES) >= 80


@pytest.mark.parametrize(("phrase", "start", "end"), PHRASES)
def test_phrase_resolves(phrase: str, start: str, end: str) -> None:
    resolved = resolve_time_phrase(phrase, AS_OF)
    assert (resolved.start, resolved.end) == (D(start), D(end))
    assert resolved.phrase == phrase.strip(" 「」。?")
    assert phrase[slice(*resolved.span)] == resolved.phrase


# (as_of, phrase, start, end): month ends, leap days, and weeks seen from a Monday and a Sunday
EDGES = [
    ("2026-03-31", "last 1 month", "2026-03-01", "2026-03-31"),
    ("2026-03-31", "last 3 months", "2026-01-01", "2026-03-31"),
    ("2026-03-31", "last month", "2026-02-01", "2026-02-28"),
    ("2026-03-31", "this quarter", "2026-01-01", "2026-03-31"),
    ("2026-03-31", "last quarter", "2025-10-01", "2025-12-31"),
    ("2026-03-31", "最近1个月", "2026-03-01", "2026-03-31"),
    ("2026-05-31", "last 3 months", "2026-03-01", "2026-05-31"),
    ("2026-05-31", "last 2 months", "2026-04-01", "2026-05-31"),
    ("2026-05-31", "last month", "2026-04-01", "2026-04-30"),
    ("2026-05-31", "近1个季度", "2026-03-01", "2026-05-31"),
    ("2028-02-29", "last 12 months", "2027-03-01", "2028-02-29"),
    ("2028-02-29", "last 1 year", "2027-03-01", "2028-02-29"),
    ("2028-02-29", "last 4 years", "2024-03-01", "2028-02-29"),
    ("2028-02-29", "last 30 days", "2028-01-31", "2028-02-29"),
    ("2028-02-29", "this month", "2028-02-01", "2028-02-29"),
    ("2028-02-29", "last month", "2028-01-01", "2028-01-31"),
    ("2028-02-29", "last year", "2027-01-01", "2027-12-31"),
    ("2028-02-29", "2月29日", "2028-02-29", "2028-02-29"),
    ("2026-11-23", "this week", "2026-11-23", "2026-11-23"),  # a Monday
    ("2026-11-23", "last week", "2026-11-16", "2026-11-22"),
    ("2026-11-23", "本周", "2026-11-23", "2026-11-23"),
    ("2026-11-23", "上周", "2026-11-16", "2026-11-22"),
    ("2026-11-22", "this week", "2026-11-16", "2026-11-22"),  # a Sunday
    ("2026-11-22", "last week", "2026-11-09", "2026-11-15"),
    ("2026-01-05", "last week", "2025-12-29", "2026-01-04"),  # across a year end
    ("2026-03-01", "in March", "2026-03-01", "2026-03-01"),  # the current March, to date
    ("2026-03-01", "in April", "2025-04-01", "2025-04-30"),
    ("2026-01-15", "last quarter", "2025-10-01", "2025-12-31"),
    ("2026-01-15", "this year", "2026-01-01", "2026-01-15"),
]


@pytest.mark.parametrize(("as_of", "phrase", "start", "end"), EDGES)
def test_edges(as_of: str, phrase: str, start: str, end: str) -> None:
    resolved = resolve_time_phrase(phrase, D(as_of))
    assert (resolved.start, resolved.end) == (D(start), D(end))


LABELS = [
    ("last 3 months", "last 3 months"),
    ("last three months", "last 3 months"),
    ("past year", "past year"),
    ("最近三个月", "最近3个月"),
    ("近30天", "最近30天"),
    ("最近半年", "最近半年"),
    ("last month", "last month"),
    ("previous quarter", "last quarter"),
    ("this year", "this year"),
    ("上个月", "上个月"),
    ("上季度", "上季度"),
    ("本月", "本月"),
    ("去年", "去年"),
    ("March 2026", "March 2026"),
    ("in March", "March 2026"),
    ("2026年3月", "2026年3月"),
    ("3月", "2026年3月"),
    ("Q3 2026", "Q3 2026"),
    ("2026Q3", "Q3 2026"),
    ("2026年Q3", "2026年第三季度"),
    ("2026年第三季度", "2026年第三季度"),
    ("in 2025", "2025"),
    ("2025年", "2025年"),
    ("yesterday", "yesterday"),
    ("昨天", "昨天"),
    ("2026-03-01", "2026-03-01"),
    ("since 2026-03-01", "since 2026-03-01"),
    ("自2026年3月1日以来", "2026-03-01以来"),
    ("from 2026-01-01 to 2026-03-31", "2026-01-01 to 2026-03-31"),
    ("2026-01-01至2026-03-31", "2026-01-01至2026-03-31"),
    ("2026年1月至3月", "2026年1月至2026年3月"),
]


@pytest.mark.parametrize(("phrase", "label"), LABELS)
def test_label_in_the_phrases_language(phrase: str, label: str) -> None:
    assert resolve_time_phrase(phrase, AS_OF).label == label


def _found(text: str, as_of: date = AS_OF) -> list[tuple[str, str, str]]:
    return [(r.phrase, r.start.isoformat(), r.end.isoformat()) for r in find_time_phrases(text, as_of)]


SENTENCES = [
    (
        "What did churned customers complain about in the last three months?",
        [("in the last three months", "2026-08-23", "2026-11-22")],
    ),
    ("最近三个月流失的客户主要反映了哪些问题?", [("最近三个月", "2026-08-23", "2026-11-22")]),
    (
        "revenue by region last quarter vs the previous quarter",
        [("last quarter", "2026-07-01", "2026-09-30"), ("the previous quarter", "2026-04-01", "2026-06-30")],
    ),
    ("top 10 customers in 2025", [("in 2025", "2025-01-01", "2025-12-31")]),
    ("revenue 2025 by region", [("2025", "2025-01-01", "2025-12-31")]),
    (
        "complaints last 3 months vs the previous 3 months",
        [
            ("last 3 months", "2026-08-23", "2026-11-22"),
            ("the previous 3 months", "2026-05-23", "2026-08-22"),
        ],
    ),
    (
        "NPS this month compared with the prior period",
        [("this month", "2026-11-01", "2026-11-22"), ("the prior period", "2026-10-01", "2026-10-22")],
    ),
    (
        "orders in Q3 2026 versus the same period last year",
        [
            ("in Q3 2026", "2026-07-01", "2026-09-30"),
            ("the same period last year", "2025-07-01", "2025-09-30"),
        ],
    ),
    (
        "本月投诉量与去年同期相比",
        [("本月", "2026-11-01", "2026-11-22"), ("去年同期", "2025-11-01", "2025-11-22")],
    ),
    (
        "customers who churned since 2026-03-01 and complained yesterday",
        [("since 2026-03-01", "2026-03-01", "2026-11-22"), ("yesterday", "2026-11-21", "2026-11-21")],
    ),
    ("近30天内各渠道的投诉量", [("近30天内", "2026-10-24", "2026-11-22")]),
    ("2026年第三季度的NPS是多少？", [("2026年第三季度", "2026-07-01", "2026-09-30")]),
    (
        "2026年3月和4月的销售额",
        [("2026年3月", "2026-03-01", "2026-03-31"), ("4月", "2026-04-01", "2026-04-30")],
    ),
    (
        "show complaints from 2026-01-01 to 2026-03-31 by region",
        [("from 2026-01-01 to 2026-03-31", "2026-01-01", "2026-03-31")],
    ),
    ("上个月高价值客户的复购率", [("上个月", "2026-10-01", "2026-10-31")]),
    ("revenue in ２０２６ so far", [("in ２０２６", "2026-01-01", "2026-11-22")]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_find_in_sentences(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _found(text) == expected


NO_TIME_PHRASE = [
    "top 10 customers",
    "customers in tier A with 2 orders",
    "order C0002025 paid 2025.50",
    "ticket #2025 and invoice 12025",
    "top 2030 customers",
    "orders over 2000 yuan",
    "customers with more than 2025 points",
    "金额超过2025的订单",
    "revenue of $2025 and ¥2026",
    "2025元的订单有多少",
    "哪些客户投诉最多?",
    "customers who may churn",
    "the last several months",
    "最近流失的客户",
    "前10名客户",
    "responded within 3 days",
    "",
]


@pytest.mark.parametrize("text", NO_TIME_PHRASE)
def test_no_time_phrase(text: str) -> None:
    assert find_time_phrases(text, AS_OF) == []


def test_spans_locate_the_phrase_exactly() -> None:
    text = "What did churned customers complain about in the last three months?"
    (found,) = find_time_phrases(text, AS_OF)
    assert found.span == (42, 66)
    assert text[42:66] == found.phrase == "in the last three months"
    text = "对比：上个月和２０２６年３月的投诉"
    spans = [r.span for r in find_time_phrases(text, AS_OF)]
    assert spans == [(3, 6), (7, 14)]
    assert [text[slice(*span)] for span in spans] == ["上个月", "２０２６年３月"]


def test_longest_match_wins() -> None:
    assert _found("2026-01-01至2026-03-31的订单") == [("2026-01-01至2026-03-31", "2026-01-01", "2026-03-31")]
    assert _found("in March 2026") == [("in March 2026", "2026-03-01", "2026-03-31")]
    assert _found("2026年3月1日") == [("2026年3月1日", "2026-03-01", "2026-03-01")]


def test_result_type() -> None:
    resolved = resolve_time_phrase("last 3 months", AS_OF)
    assert resolved == ResolvedRange(D("2026-08-23"), AS_OF, "last 3 months", "last 3 months", (0, 13))


PREVIOUS = [
    (("2026-10-01", "2026-10-31"), ("2026-09-01", "2026-09-30")),  # a month
    (("2026-03-01", "2026-03-31"), ("2026-02-01", "2026-02-28")),
    (("2026-11-01", "2026-11-22"), ("2026-10-01", "2026-10-22")),  # month to date
    (("2026-03-01", "2026-03-30"), ("2026-02-01", "2026-02-28")),  # to date, clamped to month end
    (("2026-07-01", "2026-09-30"), ("2026-04-01", "2026-06-30")),  # a quarter
    (("2026-10-01", "2026-11-22"), ("2026-07-01", "2026-08-22")),  # quarter to date
    (("2026-01-01", "2026-12-31"), ("2025-01-01", "2025-12-31")),  # a year
    (("2026-01-01", "2026-11-22"), ("2025-01-01", "2025-11-22")),  # year to date
    (("2028-01-01", "2028-12-31"), ("2027-01-01", "2027-12-31")),
    (("2026-08-23", "2026-11-22"), ("2026-05-23", "2026-08-22")),  # rolling: same number of days before
    (("2026-11-16", "2026-11-22"), ("2026-11-09", "2026-11-15")),  # a week
    (("2026-11-22", "2026-11-22"), ("2026-11-21", "2026-11-21")),
    (("2026-02-15", "2026-03-14"), ("2026-01-18", "2026-02-14")),
]


@pytest.mark.parametrize(("current", "expected"), PREVIOUS)
def test_previous_period(current: tuple[str, str], expected: tuple[str, str]) -> None:
    assert previous_period(D(current[0]), D(current[1])) == (D(expected[0]), D(expected[1]))


def test_previous_period_rejects_a_reversed_range() -> None:
    with pytest.raises(TimeExpressionError, match="2026-03-31 to 2026-03-01"):
        previous_period(D("2026-03-31"), D("2026-03-01"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", "2026-03-01"),
        ("2026/03/01", "2026-03-01"),
        ("2026年3月1日", "2026-03-01"),
        (" 2026-3-1 ", "2026-03-01"),
        ("２０２６-03-01", "2026-03-01"),
        ("2028-02-29", "2028-02-29"),
    ],
)
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(text) == D(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a valid date"),
        ("2026-13-01", "'2026-13-01' is not a valid date"),
        ("2027-02-29", "'2027-02-29' is not a valid date"),
        ("yesterday", "'yesterday' is not a date"),
        ("2026.03.01", "'2026.03.01' is not a date"),
        ("2026-03/01", "'2026-03/01' is not a date"),
        ("", "'' is not a date"),
    ],
)
def test_parse_date_errors(text: str, message: str) -> None:
    with pytest.raises(TimeExpressionError, match=re.escape(message)):
        parse_date(text)


ERRORS = [
    ("2026-02-30", "'2026-02-30' is not a valid date"),
    ("2026-13-01", "'2026-13-01' is not a valid date"),
    ("2026年2月30日", "'2026年2月30日' is not a valid date"),
    ("2026年13月", "'2026年13月' is not a valid month"),
    ("in 2030", "'in 2030' lies after the data's as-of date 2026-11-22"),
    ("2027年", "'2027年' lies after the data's as-of date 2026-11-22"),
    ("Q1 2027", "'Q1 2027' lies after the data's as-of date"),
    ("Feb. 2028", "'Feb. 2028' lies after the data's as-of date"),
    ("since 2027-01-01", "'since 2027-01-01' lies after the data's as-of date"),
    ("from 2026-03-31 to 2026-01-01", "'from 2026-03-31 to 2026-01-01' ends (2026-01-01) before it starts"),
    ("2026年3月31日至2026年3月1日", "'2026年3月31日至2026年3月1日' ends (2026-03-01) before it starts"),
    ("last 0 days", "'last 0 days' needs a count of at least 1"),
    ("last 100000 years", "'last 100000 years' reaches outside the calendar"),
    ("until 2025", "'until 2025' may or may not include its end"),
    ("till March 2026", "'till March 2026' may or may not include its end"),
    ("去年同期", "'去年同期' needs an earlier time range to compare with"),
    ("vs the prior period", "'the prior period' needs an earlier time range"),
    ("last several months", "'last several months' is not a time phrase"),
    ("tomorrow", "'tomorrow' is not a time phrase"),
    ("top 10 customers", "'top 10 customers' is not a time phrase"),
    ("last 3 months please", "'last 3 months please' is not a time phrase"),
    ("", "'' is not a time phrase"),
    ("last month and 2025", "'last month and 2025' holds several time phrases ('last month', '2025')"),
]


@pytest.mark.parametrize(("phrase", "message"), ERRORS)
def test_errors_name_the_input(phrase: str, message: str) -> None:
    with pytest.raises(TimeExpressionError, match=re.escape(message)):
        resolve_time_phrase(phrase, AS_OF)


def test_errors_surface_from_free_text() -> None:
    with pytest.raises(TimeExpressionError, match=re.escape("'2026-02-30' is not a valid date")):
        find_time_phrases("orders placed on 2026-02-30 by region", AS_OF)


def _months_back(day: date, months: int) -> date:
    """Independent of the module: the same day `months` earlier, clamped to that month's length."""
    year, month = day.year, day.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@given(as_of=st.dates(date(2000, 1, 1), date(2099, 12, 31)), months=st.integers(1, 36))
def test_last_n_months_follows_the_documented_formula(as_of: date, months: int) -> None:
    resolved = resolve_time_phrase(f"last {months} months", as_of)
    assert resolved.start <= resolved.end == as_of
    assert resolved.start == _months_back(as_of, months) + timedelta(days=1)


FRAGMENTS = [
    "last 3 months", "最近三个月", "in March", "3月", "Q3", "this year", "上周", "yesterday", "past 12 weeks",
    "since 2001-01-01", "今年以来", "last quarter", "vs the previous quarter", "2019年", "近半年", "revenue",
    "top 10", "2 orders", "C0002025", "2025.50", "的", "客户", ",", "？", "from 2005-01-01 to 2006-06-30",
]  # fmt: skip


@given(
    as_of=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
    parts=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=8),
)
def test_every_found_range_ends_by_as_of(as_of: date, parts: list[str]) -> None:
    text = " ".join(parts)
    try:
        found = find_time_phrases(text, as_of)
    except TimeExpressionError:
        return  # e.g. "since 2001-01-01" when as_of is in 2000: an error, never a bad range
    previous_end = 0
    for resolved in found:
        assert resolved.start <= resolved.end <= as_of
        assert text[slice(*resolved.span)] == resolved.phrase
        assert resolved.span[0] >= previous_end
        previous_end = resolved.span[1]


@pytest.mark.parametrize(
    ("phrase", "end", "label"),
    [
        ("before 2025", date(2024, 12, 31), "before 2025"),
        ("prior to March 2026", date(2026, 2, 28), "before March 2026"),
        ("2024年以前", date(2023, 12, 31), "2024年之前"),
        ("2026年3月之前", date(2026, 2, 28), "2026年3月之前"),
    ],
)
def test_before_is_open_at_the_start(phrase: str, end: date, label: str) -> None:
    """'before 2025' ends the day before the point and starts before any row; the point itself is excluded."""
    resolved = resolve_time_phrase(phrase, AS_OF)
    assert (resolved.start, resolved.end) == (OPEN_START, end)
    assert resolved.label == label


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("average CSAT for the year so far", "this year", date(2026, 1, 1), date(2026, 12, 4)),
        ("tickets the quarter so far", "this quarter", date(2026, 10, 1), date(2026, 12, 4)),
        ("revenue for the month so far?", "this month", date(2026, 12, 1), date(2026, 12, 4)),
        (
            "其他几个region今年各新增了多少客户",
            "今年",
            date(2026, 1, 1),
            date(2026, 12, 4),
        ),  # English mixed into Chinese
        ("app上个月的订单", "上个月", date(2026, 11, 1), date(2026, 11, 30)),
    ],
)
def test_the_period_so_far_and_chinese_periods_after_english_words(
    text: str, label: str, start: date, end: date
) -> None:
    (found,) = find_time_phrases(text, date(2026, 12, 4))
    assert (found.label, found.start, found.end) == (label, start, end)


@pytest.mark.parametrize(
    "text", ["customer2025 orders", "so far so good, how many orders", "CQ3 numbers", "per month so far"]
)
def test_no_period_inside_an_english_word_or_in_so_far_alone(text: str) -> None:
    assert find_time_phrases(text, date(2026, 12, 4)) == []
