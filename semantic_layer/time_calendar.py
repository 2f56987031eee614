"""The calendar behind time phrases: its English and Chinese vocabulary, and date arithmetic
(month clamping, calendar periods, rolling windows, comparison periods)."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

from semantic_layer.errors import TimeExpressionError

Unit = Literal["day", "week", "month", "quarter", "half", "year"]

DAYS_IN: dict[Unit, int] = {"day": 1, "week": 7}
MONTHS_IN: dict[Unit, int] = {"month": 1, "quarter": 3, "half": 6, "year": 12}

MONTH_NAMES: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
# Month names that are no other English word: alone ("November order count") they name the most recent such
# month; "march", "mar" and "may" are verbs too, so alone they need a preposition ("in March").
STANDALONE_MONTH_NAMES = {name: number for name, number in MONTH_NAMES.items() if name not in ("march", "mar", "may")}
EN_ONES: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
EN_TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_NUMBERS = EN_ONES | EN_TENS
EN_UNITS: dict[str, Unit] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "quarter": "quarter", "quarters": "quarter", "year": "year", "years": "year",
}  # fmt: skip
EN_CALENDAR_UNITS = ("week", "month", "quarter", "year")
# "last month" is the previous calendar month; "past month" (below) is a rolling window.
EN_CALENDAR_WORDS: dict[str, int] = {
    "last": -1, "previous": -1, "prior": -1, "preceding": -1, "this": 0, "current": 0,
}  # fmt: skip
EN_ROLLING_WORDS = ("last", "past", "previous", "prior", "preceding", "trailing", "rolling")
EN_ROLLING_ALONE = ("past", "trailing", "rolling")
EN_TO_DATE: dict[str, Unit] = {"wtd": "week", "mtd": "month", "qtd": "quarter", "ytd": "year"}
# Weekday names (Monday = 0): alone a full name is the most recent such day up to as-of. Short forms ("mon", "sun",
# "sat", "wed": other English words too) are read only in a week restated by its days ("last week (mon-sun)").
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
DAY_WORDS: dict[str, int] = {
    "today": 0, "yesterday": -1, "day before yesterday": -2,
    "今天": 0, "今日": 0, "昨天": -1, "昨日": -1, "前天": -2,
}  # fmt: skip
QUARTER_NUMBERS: dict[str, int] = {
    "1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}  # fmt: skip
QUARTER_WORDS = ("first", "second", "third", "fourth", "1st", "2nd", "3rd", "4th")
HALF_NUMBERS: dict[str, int] = {"1": 1, "2": 2, "上": 1, "下": 2}

ZH_DIGITS: dict[str, int] = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
ZH_UNITS: dict[str, Unit] = {
    "天": "day", "日": "day",
    "周": "week", "星期": "week", "个星期": "week", "礼拜": "week", "个礼拜": "week",
    "月": "month", "个月": "month", "季": "quarter", "季度": "quarter", "个季度": "quarter", "年": "year",
}  # fmt: skip
ZH_UNIT_LABELS: dict[Unit, str] = {
    "day": "天", "week": "周", "month": "个月", "quarter": "个季度", "year": "年",
}  # fmt: skip
# 半年 is six months; 半个月 is 15 days, as months differ in length and half of one has no fixed span.
ZH_HALVES: dict[str, tuple[int, Unit]] = {"半年": (6, "month"), "半个月": (15, "day"), "半月": (15, "day")}
ZH_YEARS: dict[str, int] = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2}
ZH_CALENDAR: dict[str, tuple[int, Unit]] = {
    "本周": (0, "week"), "这周": (0, "week"), "本星期": (0, "week"), "这星期": (0, "week"),
    "这个星期": (0, "week"), "这一周": (0, "week"), "本礼拜": (0, "week"), "这个礼拜": (0, "week"),
    "上周": (-1, "week"), "上星期": (-1, "week"), "上个星期": (-1, "week"), "上一周": (-1, "week"),
    "上礼拜": (-1, "week"), "上个礼拜": (-1, "week"), "上上周": (-2, "week"), "上上个星期": (-2, "week"),
    "本月": (0, "month"), "这个月": (0, "month"), "这月": (0, "month"), "当月": (0, "month"),
    "月初至今": (0, "month"), "月初以来": (0, "month"),
    "上个月": (-1, "month"), "上月": (-1, "month"), "上一个月": (-1, "month"),
    "上上个月": (-2, "month"), "上上月": (-2, "month"),
    "本季度": (0, "quarter"), "本季": (0, "quarter"), "这个季度": (0, "quarter"), "这季度": (0, "quarter"),
    "当季": (0, "quarter"), "季初至今": (0, "quarter"),
    "上季度": (-1, "quarter"), "上季": (-1, "quarter"), "上个季度": (-1, "quarter"),
    "上一季度": (-1, "quarter"), "上一个季度": (-1, "quarter"),
    "上上季度": (-2, "quarter"), "上上个季度": (-2, "quarter"),
    "今年": (0, "year"), "本年": (0, "year"), "本年度": (0, "year"),
    "年初至今": (0, "year"), "年初以来": (0, "year"),
    "去年": (-1, "year"), "上年": (-1, "year"), "上一年": (-1, "year"), "上年度": (-1, "year"),
    "前年": (-2, "year"),
}  # fmt: skip
ZH_CALENDAR_LABELS: dict[tuple[int, Unit], str] = {
    (0, "week"): "本周", (-1, "week"): "上周", (-2, "week"): "上上周",
    (0, "month"): "本月", (-1, "month"): "上个月", (-2, "month"): "上上个月",
    (0, "quarter"): "本季度", (-1, "quarter"): "上季度", (-2, "quarter"): "上上季度",
    (0, "year"): "今年", (-1, "year"): "去年", (-2, "year"): "前年",
}  # fmt: skip
EN_CALENDAR_LABELS: dict[int, str] = {0: "this {}", -1: "last {}", -2: "the {} before last"}
MONTH_LABELS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
ZH_ORDINALS = "一二三四"
ZH_HALF_LABELS = ("上半年", "下半年")
# Smallest first: a range that is one month to date compares with the previous month, not year.
COMPARABLE_UNITS: tuple[Unit, ...] = ("month", "quarter", "year")


def parse_count(token: str) -> int:
    """A count in digits, English words ("twenty-four") or Chinese numerals ("十二", "两")."""
    if token.isdigit():
        return int(token)
    tens, ten, ones = token.partition("十")
    if ten:
        return ZH_DIGITS.get(tens, 1) * 10 + ZH_DIGITS.get(ones, 0)
    if token in ZH_DIGITS:
        return ZH_DIGITS[token]
    return sum(EN_NUMBERS[word] for word in re.split(r"[-\s]+", token.lower()))


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months, clamped to the target month's end (2026-05-31 - 3 months = 2026-02-28)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(f"{day} moved by {months} months leaves the calendar")
    last_day = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last_day))


def shift(day: date, unit: Unit, count: int) -> date:
    """`day` moved by `count` units (negative = back); month-based units clamp like `add_months`."""
    if unit in DAYS_IN:
        return day + timedelta(days=DAYS_IN[unit] * count)
    return add_months(day, MONTHS_IN[unit] * count)


def period_containing(day: date, unit: Unit) -> tuple[date, date]:
    """The day, Monday–Sunday week, month, quarter, half-year or year that contains `day`."""
    if unit == "day":
        return day, day
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    span = MONTHS_IN[unit]
    first = date(day.year, (day.month - 1) // span * span + 1, 1)
    return first, add_months(first, span) - timedelta(days=1)


def calendar_period(as_of: date, unit: Unit, offset: int) -> tuple[date, date]:
    """The whole calendar period `offset` units from the one holding as_of (0 = current, -1 = previous)."""
    return period_containing(shift(as_of, unit, offset), unit)


def rolling_window(as_of: date, count: int, unit: Unit) -> tuple[date, date]:
    """`count` units ending on as_of inclusive: start = as_of − count units + 1 day."""
    return shift(as_of, unit, -count) + timedelta(days=1), as_of


def period_label(unit: Unit, start: date, zh: bool) -> str:
    """The name of the calendar period of `unit` that starts on `start` ("Q3 2026", "2026年第三季度")."""
    year, month = start.year, start.month
    if unit == "day":
        return start.isoformat()
    if unit == "week":
        return f"{start}当周" if zh else f"week of {start}"
    if unit == "month":
        return f"{year}年{month}月" if zh else f"{MONTH_LABELS[month - 1]} {year}"
    if unit == "quarter":
        quarter = (month - 1) // 3 + 1
        return f"{year}年第{ZH_ORDINALS[quarter - 1]}季度" if zh else f"Q{quarter} {year}"
    if unit == "half":
        half = (month - 1) // 6 + 1
        return f"{year}年{ZH_HALF_LABELS[half - 1]}" if zh else f"H{half} {year}"
    return f"{year}年" if zh else str(year)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The comparison period for [start, end].

    When the range is exactly one calendar month, quarter or year, or one of them to date, this is the
    previous such period (to the same day, clamped to month end: 2026-03-01..2026-03-30 ->
    2026-02-01..2026-02-28); a week or a week to date is the previous week to the same weekday (this week
    Monday..Friday -> last week Monday..Friday). Otherwise it is the same number of days immediately before `start`.
    """
    if end < start:
        raise TimeExpressionError(f"The range {start} to {end} ends before it starts")
    try:
        for unit in COMPARABLE_UNITS:
            first, last = period_containing(start, unit)
            if start == first and end <= last:
                previous_start = add_months(first, -MONTHS_IN[unit])
                previous_end = first - timedelta(days=1) if end == last else add_months(end, -MONTHS_IN[unit])
                return previous_start, previous_end
        week_start, week_end = period_containing(start, "week")
        if start == week_start and end <= week_end:
            return start - timedelta(days=7), end - timedelta(days=7)
        length = end - start + timedelta(days=1)
        return start - length, start - timedelta(days=1)
    except OverflowError:
        raise TimeExpressionError(f"The period before {start} to {end} lies outside the calendar") from None


def whole_previous_period(start: date, end: date) -> tuple[date, date]:
    """The whole calendar month, quarter or year before [start, end] when that range is one of them to date
    (2026-01-01..2026-12-04 -> 2025-01-01..2025-12-31); otherwise the previous period as `previous_period`."""
    for unit in COMPARABLE_UNITS:
        first, last = period_containing(start, unit)
        if start == first and end <= last:
            return previous_period(first, last)
    return previous_period(start, end)


def same_period_last_year(start: date, end: date) -> tuple[date, date]:
    """The year-over-year comparison period for [start, end]: the same dates a year earlier. A range ending on
    a month's last day ends on that month's last day a year before (2024-02-29 -> 2023-02-28)."""
    if end < start:
        raise TimeExpressionError(f"The range {start} to {end} ends before it starts")
    try:
        earlier_end = add_months(end, -12)
        if end == period_containing(end, "month")[1]:
            earlier_end = period_containing(earlier_end, "month")[1]
        return add_months(start, -12), earlier_end
    except OverflowError:
        raise TimeExpressionError(f"The year before {start} to {end} lies outside the calendar") from None
