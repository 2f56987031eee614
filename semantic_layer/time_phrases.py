"""Resolve English and Chinese time phrases in free text to inclusive date ranges (DESIGN §7).

The grammar is a list of rules, each a regex composed from the named building blocks below plus a
resolver. Absolute periods and named relative periods ("March 2026", "2026年3月", "Q3", "last month",
"上个月", "today") are *points*; ranges ("from X to Y", "X至Y") and "since X" embed the point grammar,
so every point form also works as an endpoint. `find_time_phrases` scans left to right and at each
step takes the leftmost, then longest, match of any rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from semantic_layer import fiscal_years, named_days
from semantic_layer import time_calendar as cal
from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_calendar import Unit, previous_period, same_period_last_year

__all__ = [
    "ResolvedRange",
    "find_time_phrases",
    "parse_date",
    "previous_period",
    "resolve_time_phrase",
    "same_period_last_year",
]


@dataclass(frozen=True)
class ResolvedRange:
    """A time phrase found in text and the inclusive date range it means."""

    start: date
    end: date
    label: str
    phrase: str
    span: tuple[int, int]
    # A point named without a year ("November", "3月", "Q3") that took the most recent one as of the date:
    # the planner says which year it read.
    year_inferred: bool = False
    # A fiscal period ('FY2025', '上个财年') read through the model's fiscal year start: the planner says so.
    fiscal: bool = False


# ------------------------------------------------------------------------------------- regex building blocks

EN_PREPOSITIONS = ("in", "during", "for", "over", "within", "throughout", "on")  # may lead any phrase
EN_PERIOD_PREPOSITIONS = ("in", "during", "for", "throughout")  # turn "2025" or "March" into a period
# A number right after these is an amount or a rank, never a year ("top 2030 customers", "over 2000").
AMOUNT_WORDS = (
    "top", "bottom", "first", "over", "under", "above", "below", "than", "least", "most", "exceeding",
    "超过", "大于", "小于", "高于", "低于", "多于", "少于", "等于", "前", "第",
)  # fmt: skip
EN_RANGE_WORDS = ("to", "until", "till", "through", "thru")
EN_COMPARE_WORDS = (
    "vs", "vs.", "versus", "compared to", "compared with", "against", "relative to", "and", "or",
)  # fmt: skip
ZH_ROLLING_WORDS = ("最近", "近", "过去", "过去的", "前")
ZH_ROLLING_ENDINGS = ("以来", "来", "内", "里")
# "X以后" counts X (as in Chinese legal usage, 以后 includes the named point); "X之后" does not.
ZH_SINCE_ENDINGS = ("以来", "起", "开始", "至今", "到现在", "到今天", "迄今", "迄今为止", "以后")
# ASCII keeps \s, \d and case folding predictable; CJK characters still match literally.
_FLAGS = re.IGNORECASE | re.ASCII


def _alt(words: Iterable[str]) -> str:
    """A non-capturing alternation of literal words, longest first so a prefix never shadows a longer word."""
    escaped = (re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


def _anonymous(pattern: str) -> str:
    """`pattern` with its named groups made non-capturing, so several copies can live in one regex."""
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_WB = r"(?<![A-Za-z0-9_])"  # English word start; CJK text around a phrase is fine
_WE = r"(?![A-Za-z0-9_])"
_YEAR = "[12][0-9]{3}"
# a year written out, or "this year" / "last year" after a month or quarter ("Q3 last year", "November this year")
_EN_YEAR = rf"(?P<y>{_YEAR}(?![0-9])|(?:this|last)\s+year\b)"
_YEAR_AFTER_PREPOSITION = "(?:19|20|21)[0-9]{2}"  # "in 1500 orders" is not a year
_BARE_YEAR = "(?:199[0-9]|20[0-9]{2}|2100)"
_D12 = "[0-9]{1,2}"
_ORDINAL = "(?:st|nd|rd|th)?"
_EN_COUNT = rf"(?:[0-9]+|{_alt(cal.EN_TENS)}(?:[-\s]+{_alt(cal.EN_ONES)})?|{_alt(cal.EN_ONES)})"
_EN_UNIT = rf"(?P<unit>{_alt(cal.EN_UNITS)}){_WE}"
_EN_CAL_UNIT = rf"(?P<unit>{_alt(cal.EN_CALENDAR_UNITS)}){_WE}"
_EN_MONTH = rf"(?P<m>{_alt(cal.MONTH_NAMES)})\.?"
_EN_LEAD = rf"(?:{_alt(EN_PREPOSITIONS)}\s+(?:the\s+)?|the\s+)?"
_EN_PERIOD_PREP = rf"{_alt(EN_PERIOD_PREPOSITIONS)}\s+(?:the\s+(?:year|month)\s+(?:of\s+)?)?"
_ZH_COUNT = "(?:[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])"
_ZH_MONTH = rf"(?P<m>{_D12}|十[一二]?|[一二三四五六七八九])"
_ZH_DAY = rf"(?P<d>{_D12}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_ZH_YEAR = rf"(?P<y>{_YEAR}\s*年|{_alt(cal.ZH_YEARS)})"
# A bare number is a year only when it is not part of an id, amount, ratio or count ("C0002025", "2025.50").
_NOT_AMOUNT_BEFORE = r"(?<![A-Za-z0-9_.,$¥€£#/-])"
_NOT_AMOUNT_AFTER = r"(?![A-Za-z0-9_%/-]|[.,][0-9]|\s*[元块万亿个笔件人位名次单])"
_NOT_AFTER_AMOUNT_WORD = "".join(rf"(?<!{re.escape(word)} )(?<!{re.escape(word)})" for word in AMOUNT_WORDS)

# ------------------------------------------------------------------------------------------------- resolvers


# The start of an open-ended range ('before 2025'): earlier than any row, so only the end bounds it.
OPEN_START = date(1, 1, 1)


@dataclass(frozen=True)
class _Period:
    start: date
    end: date
    label: str
    year_inferred: bool = False
    fiscal: bool = False


@dataclass(frozen=True)
class _Context:
    as_of: date
    anchor: ResolvedRange | None = None  # the phrase before this one, for "vs the previous quarter"
    year: int | None = None  # the year a yearless point takes inside a range ("1月至3月")
    fiscal_start: int | None = None  # the month the model's fiscal year starts in; None: not declared


Resolver = Callable[[re.Match[str], _Context], _Period]


def _is_zh(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


def _year_of(match: re.Match[str], ctx: _Context) -> int | None:
    token = match.groupdict().get("y")
    if token is None:
        return ctx.year
    if token[:4].isdigit():
        return int(token[:4])
    english = " ".join(token.lower().split())
    if english in ("this year", "last year"):
        return ctx.as_of.year - (english == "last year")
    return ctx.as_of.year + cal.ZH_YEARS[token]


def _month_number(match: re.Match[str]) -> int:
    token = match["m"].lower()
    return cal.MONTH_NAMES[token] if token in cal.MONTH_NAMES else cal.parse_count(token)


def _dated(match: re.Match[str], ctx: _Context, build: Callable[[int], _Period]) -> _Period:
    """`build(year)` for the phrase's year; yearless ("in March", "3月") means the most recent one."""
    year = _year_of(match, ctx)
    if year is not None:
        return build(year)
    latest = build(ctx.as_of.year)
    return replace(latest if latest.start <= ctx.as_of else build(ctx.as_of.year - 1), year_inferred=True)


def _day_point(match: re.Match[str], ctx: _Context) -> _Period:
    month, day = _month_number(match), cal.parse_count(match["d"])

    def build(year: int) -> _Period:
        try:
            moment = date(year, month, day)
        except ValueError:
            raise TimeExpressionError(f"'{match[0]}' is not a valid date") from None
        return _Period(moment, moment, moment.isoformat())

    return _dated(match, ctx, build)


def _day_of_month(match: re.Match[str], ctx: _Context) -> _Period:
    """'the 3rd', 'the 15th of the month': that day of the current month, or of the month before when it has not
    come yet this month (the most recent one, said in the assumptions)."""
    day = cal.parse_count(match["d"])
    year, month = ctx.as_of.year, ctx.as_of.month
    if day > ctx.as_of.day:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    try:
        moment = date(year, month, day)
    except ValueError:
        raise TimeExpressionError(f"'{match[0]}' is not a day of {year}-{month:02d}; give the date") from None
    return _Period(moment, moment, moment.isoformat(), year_inferred=True)


def _weekday(match: re.Match[str], ctx: _Context) -> _Period:
    """'Monday', 'on Tuesday', 'last Friday', 'this Monday': alone or with 'last' the most recent such day (up to
    as-of, before it with 'last'); with 'this' the day of the current Monday-Sunday week."""
    weekday = cal.WEEKDAYS[match["wd"].lower()]
    rel = (match["rel"] or "").lower()
    if rel == "this":
        moment = ctx.as_of - timedelta(days=ctx.as_of.weekday()) + timedelta(days=weekday)
        return _Period(moment, moment, moment.isoformat())
    back = (ctx.as_of.weekday() - weekday) % 7
    if rel and back == 0:
        back = 7
    moment = ctx.as_of - timedelta(days=back)
    return _Period(moment, moment, moment.isoformat(), year_inferred=True)


def _week_of(match: re.Match[str], ctx: _Context) -> _Period:
    """'the week of Nov 16': the Monday-Sunday week containing that day."""
    day = _resolve_point(match["a"], ctx)
    start, end = cal.period_containing(day.start, "week")
    return _Period(start, end, cal.period_label("week", start, _is_zh(match[0])), day.year_inferred)


def _weekend(match: re.Match[str], ctx: _Context) -> _Period:
    """'this weekend': the Saturday-Sunday of the current week once it has begun; 'last weekend', 'the weekend',
    'over the weekend': the one before the current week (as of a Saturday or Sunday, 'the weekend' is this one)."""
    monday = ctx.as_of - timedelta(days=ctx.as_of.weekday())
    rel = (match["rel"] or "").lower()
    current = ctx.as_of.weekday() >= 5 and rel != "last"
    saturday = monday + timedelta(days=5) if current or rel == "this" else monday - timedelta(days=2)
    return _Period(saturday, saturday + timedelta(days=1), f"weekend of {saturday.isoformat()}")


def _part_of_period(match: re.Match[str], ctx: _Context) -> _Period:
    """'end of October', 'mid-November', 'early Q3', 'first half of November': part of a period, whose days only the
    user knows. Asked back rather than answered for the whole period."""
    raise TimeExpressionError(
        f"'{match[0].strip()}' is part of a period; give the dates, e.g. 'from 2026-10-20 to 2026-10-31'"
    )


# Parts of a period that have fixed days: the first or last N days, weeks, months or quarters of a named period
# ('the first 10 days of November', 'first three quarters of 2026', '今年前三季度', '去年后两个月', '11月前10天'), the
# halves of a year ('the first half of this year', '去年下半年') and the thirds of a month (上旬 = days 1-10, 中旬 =
# 11-20, 下旬 = 21-end). A half of a month or quarter, 'early'/'late' … have no fixed days and stay asked back.
_PART_UNITS: dict[str, Unit] = {
    "day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
    "quarter": "quarter", "quarters": "quarter",
    "天": "day", "日": "day", "周": "week", "个星期": "week", "星期": "week", "个月": "month", "月": "month",
    "个季度": "quarter", "季度": "quarter", "季": "quarter",
}  # fmt: skip
_FIRST_WORDS = ("first", "opening", "前", "头")
_LAST_WORDS = ("last", "final", "closing", "后", "最后")
_PART_ORDER: tuple[Unit, ...] = ("day", "week", "month", "quarter", "half", "year")


def _whole(match: re.Match[str], ctx: _Context) -> tuple[_Period, Unit]:
    """The named period a part is taken of ('the year' is the current one), and its unit (a month, quarter,
    half-year or year; else asked back)."""
    text = match["a"]
    if text is None:
        current: Unit = cal.EN_UNITS[match["cur"].lower()]
        return _calendar(ctx.as_of, 0, current, zh=False), current
    period = _resolve_point(text, ctx)
    for unit in ("month", "quarter", "half", "year"):
        if cal.period_containing(period.start, unit) == (period.start, period.end):
            return period, unit
    raise TimeExpressionError(f"'{text}' is no month, quarter or year to take a part of; give the dates")


def _first_or_last(match: re.Match[str], ctx: _Context) -> _Period:
    """'the first 10 days of November', '今年前三季度', 'the last two months of 2025': N units from the start (or up
    to the end) of the named period; more units than the period holds is asked back."""
    whole, whole_unit = _whole(match, ctx)
    unit = _PART_UNITS[match["unit"].lower()]
    count = cal.parse_count(match["n"]) if match["n"] else 1
    first = match["dir"].lower() in _FIRST_WORDS
    if count < 1 or _PART_ORDER.index(unit) >= _PART_ORDER.index(whole_unit):
        raise TimeExpressionError(f"'{match[0].strip()}' is not a part of {whole.label}; give the dates")
    if first:
        start, end = whole.start, cal.shift(whole.start, unit, count) - timedelta(days=1)
    else:
        start, end = cal.shift(whole.end + timedelta(days=1), unit, -count), whole.end
    if start < whole.start or end > whole.end:
        raise TimeExpressionError(f"'{match[0].strip()}' is longer than {whole.label}; give the dates")
    zh = _is_zh(match[0])
    if zh:
        label = f"{whole.label}{'前' if first else '后'}{count}{cal.ZH_UNIT_LABELS[unit]}"
    else:
        counted = unit if count == 1 and not match["n"] else _units(count, unit)
        label = f"{'first' if first else 'last'} {counted} of {whole.label}"
    return _Period(start, end, label, whole.year_inferred)


def _half_of(match: re.Match[str], ctx: _Context) -> _Period:
    """'the first half of this year', 'the back half of 2025': H1 / H2 of a year; of anything shorter, asked back."""
    whole, unit = _whole(match, ctx)
    if unit != "year":
        return _part_of_period(match, ctx)
    second = match["hw"].lower() != "first"
    start = date(whole.start.year, 7 if second else 1, 1)
    start, end = cal.period_containing(start, "half")
    return _Period(start, end, cal.period_label("half", start, zh=False), whole.year_inferred)


def _ten_days(match: re.Match[str], ctx: _Context) -> _Period:
    """'11月上旬' (days 1-10), '中旬' (11-20), '下旬' (21 to the month's end), '上半月' (1-15), '下半月' (16 to the
    end) of a named month."""
    whole, unit = _whole(match, ctx)
    if unit != "month":
        raise TimeExpressionError(f"'{match[0].strip()}' needs a month, e.g. '11月上旬'")
    which = "上中下".index(match["xun"][0])
    if "半" in match["xun"]:  # 上半月 = days 1-15, 下半月 = 16 to the month's end
        start = whole.start + timedelta(days=15 * (which == 2))
        end = start + timedelta(days=14) if which == 0 else whole.end
    else:
        start = whole.start + timedelta(days=10 * which)
        end = whole.end if which == 2 else start + timedelta(days=9)
    return _Period(start, end, f"{whole.label}{match['xun']}", whole.year_inferred)


def _quarter_span(match: re.Match[str], ctx: _Context) -> _Period:
    """'今年1-3季度', '一到三季度': quarters from the first named to the second of one year (yearless: the most recent
    year in which the second has started)."""
    first, last = cal.QUARTER_NUMBERS[match["q1"]], cal.QUARTER_NUMBERS[match["q2"]]
    if last < first:
        raise TimeExpressionError(f"'{match[0].strip()}' ends before it starts; give the quarters in order")

    def build(year: int) -> _Period:
        start = date(year, first * 3 - 2, 1)
        end = cal.add_months(date(year, last * 3 - 2, 1), 3) - timedelta(days=1)
        return _Period(start, end, f"{year}年第{first}至{last}季度")

    year = _year_of(match, ctx)
    if year is not None:
        return build(year)
    latest = build(ctx.as_of.year)
    started = date(ctx.as_of.year, last * 3 - 2, 1) <= ctx.as_of
    return replace(latest if started else build(ctx.as_of.year - 1), year_inferred=True)


def _month_span(match: re.Match[str], ctx: _Context) -> _Period:
    """'今年1到10月', '2025年3-5月', '一到三月份': months from the first named to the second, the two numbers sharing
    one 月; a first month after the second ends in the next year ('2025年12到2月': December 2025 to February 2026,
    as '2025年11月至2月' does). Yearless: the most recent span whose last month has started."""
    first, last = cal.parse_count(match["m1"]), cal.parse_count(match["m2"])
    if first == last or not (1 <= first <= 12 and 1 <= last <= 12):
        raise TimeExpressionError(f"'{match[0].strip()}' is no span of months; give two different months")

    def build(year: int) -> _Period:
        start = date(year - (first > last), first, 1)
        end = cal.add_months(date(year, last, 1), 1) - timedelta(days=1)
        return _Period(
            start, end, f"{start.year}年{first}月至{year}年{last}月" if first > last else f"{year}年{first}至{last}月"
        )

    year = _year_of(match, ctx)
    if year is not None:
        return build(year + (first > last))
    started = date(ctx.as_of.year, last, 1) <= ctx.as_of
    return replace(build(ctx.as_of.year - (not started)), year_inferred=True)


def _this_part(match: re.Match[str], ctx: _Context) -> _Period:
    """'前三季度' with no year: the first quarters of the most recent year in which they have ended ('前三季度' as of
    2026-12-04 is Q1-Q3 2026; as of 2026-06-01, Q1-Q3 2025), the year said in the assumptions."""
    count = cal.parse_count(match["n"])
    year = ctx.as_of.year
    if cal.add_months(date(year, 1, 1), 3 * count) - timedelta(days=1) > ctx.as_of:
        year -= 1
    start, end = date(year, 1, 1), cal.add_months(date(year, 1, 1), 3 * count) - timedelta(days=1)
    return _Period(start, end, f"{year}年前{count}个季度", year_inferred=True)


def _period_point(unit: Unit) -> Resolver:
    """A resolver for a named month, quarter, half-year or year ("March 2026", "2026年Q3", "上半年")."""

    def resolve(match: re.Match[str], ctx: _Context) -> _Period:
        groups = match.groupdict()
        if unit == "month":
            first_month = _month_number(match)
            if not 1 <= first_month <= 12:
                raise TimeExpressionError(f"'{match[0]}' is not a valid month")
        elif unit == "quarter":
            first_month = cal.QUARTER_NUMBERS[groups["q"].lower()] * 3 - 2
        elif unit == "half":
            first_month = cal.HALF_NUMBERS[groups["h"].lower()] * 6 - 5
        else:
            first_month = 1

        def build(year: int) -> _Period:
            start, end = cal.period_containing(date(year, first_month, 1), unit)
            return _Period(start, end, cal.period_label(unit, start, _is_zh(match[0])))

        return _dated(match, ctx, build)

    return resolve


_ZH_FISCAL_BACK = {"上上个": -2, "上上": -2, "上一个": -1, "上一": -1, "上个": -1, "上": -1, "去": -1}
_EN_FISCAL_BACK = {"last": -1, "previous": -1, "prior": -1}


def _fiscal_start(match: re.Match[str], ctx: _Context) -> int:
    if ctx.fiscal_start is None:
        raise fiscal_years.undeclared(match[0].strip(), _is_zh(match[0]))
    return ctx.fiscal_start


def _fiscal_name(match: re.Match[str], ctx: _Context, start_month: int) -> int:
    """The fiscal year a phrase names: written out ('FY2025', 'FY25', '2025财年') or relative ('上个财年', 'this FY')."""
    groups = match.groupdict()
    written = groups.get("fy") or groups.get("fy2") or groups.get("fy3")
    if written is not None:
        return int(written) if len(written) == 4 else 2000 + int(written)
    rel = " ".join((groups.get("frel") or "").lower().split())
    back = _ZH_FISCAL_BACK.get(rel, _EN_FISCAL_BACK.get(rel, 0))
    return fiscal_years.fiscal_year_of(ctx.as_of, start_month) + back


def _fiscal_year(match: re.Match[str], ctx: _Context) -> _Period:
    """'FY2025', 'FY25', 'fiscal 2025', '2025财年', 'this fiscal year', 'FYTD', '上个财年': a whole fiscal year (to date
    when it is the current one) through the model's `fiscal_year_start_month`."""
    start_month = _fiscal_start(match, ctx)
    year = _fiscal_name(match, ctx, start_month)
    start, end = fiscal_years.fiscal_year_named(year, start_month)
    return _Period(start, end, f"{year}财年" if _is_zh(match[0]) else f"FY{year}", fiscal=True)


def _fiscal_part(match: re.Match[str], ctx: _Context) -> _Period:
    """'FY26 Q3', 'Q1 FY2026', '2026财年第三季度', 'FY26 H1': a quarter or half of a fiscal year."""
    start_month = _fiscal_start(match, ctx)
    year = _fiscal_name(match, ctx, start_month)
    groups = match.groupdict()
    half = groups.get("h") or groups.get("zh")
    if half:
        number, months = cal.HALF_NUMBERS[half], 6
        part = f"H{number}"
    else:
        number, months = cal.QUARTER_NUMBERS[(groups.get("q") or groups["zq"]).lower()], 3
        part = f"Q{number}"
    start, end = fiscal_years.fiscal_part(year, start_month, months, number)
    return _Period(start, end, f"{year}财年{part}" if _is_zh(match[0]) else f"FY{year} {part}", fiscal=True)


def _named_day(match: re.Match[str], ctx: _Context) -> _Period:
    """'双十一', 'Black Friday 2025', '去年国庆黄金周': the day (or days) of a named day of the lexicon in
    `semantic_layer.named_days`; without a year its most recent occurrence that has started."""
    day = named_days.named_day(match["name"])
    zh = _is_zh(match[0])

    def build(year: int) -> _Period:
        period = day.period(year)
        if period is None:
            raise TimeExpressionError(f"I don't know the dates of '{match['name']}' in {year}; give them as a range")
        start, end = period
        dates = start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"
        return _Period(start, end, f"{year}年{day.zh}({dates})" if zh else f"{day.en} {year} ({dates})")

    year = _year_of(match, ctx) if match["y"] is not None else None
    if year is None and match["y2"] is not None:
        year = int(match["y2"])
    if year is not None:
        return build(year)
    latest = day.first_day(ctx.as_of.year)
    return replace(build(ctx.as_of.year if latest is None or latest <= ctx.as_of else ctx.as_of.year - 1),
                   year_inferred=True)  # fmt: skip


def _unknown_day(match: re.Match[str], ctx: _Context) -> _Period:
    """A named day the lexicon does not hold ('中秋节', 'Boxing Day'): asked back, never ignored."""
    if _is_zh(match[0]):
        raise TimeExpressionError(
            f"我不知道“{match[0]}”对应哪些日期;请给出具体日期或范围,例如“2026-09-25”或“9月20日至9月30日”。"
        )
    raise TimeExpressionError(
        f"I don't know which dates '{match[0]}' covers; give a date or a range such as 'from 2026-09-20 to 2026-09-30'"
    )


def _calendar(as_of: date, offset: int, unit: Unit, zh: bool) -> _Period:
    start, end = cal.calendar_period(as_of, unit, offset)
    label = cal.ZH_CALENDAR_LABELS[offset, unit] if zh else cal.EN_CALENDAR_LABELS[offset].format(unit)
    return _Period(start, end, label)


def _en_calendar(match: re.Match[str], ctx: _Context) -> _Period:
    offset = cal.EN_CALENDAR_WORDS[match["rel"].lower()]
    return _calendar(ctx.as_of, offset, cal.EN_UNITS[match["unit"].lower()], zh=False)


def _en_before_last(match: re.Match[str], ctx: _Context) -> _Period:
    return _calendar(ctx.as_of, -2, cal.EN_UNITS[match["unit"].lower()], zh=False)


def _en_to_date(match: re.Match[str], ctx: _Context) -> _Period:
    unit = cal.EN_UNITS.get(match["unit"].lower()) or cal.EN_TO_DATE[match["unit"].lower()]
    return _calendar(ctx.as_of, 0, unit, zh=False)


def _zh_calendar(match: re.Match[str], ctx: _Context) -> _Period:
    offset, unit = cal.ZH_CALENDAR[match["cal"]]
    return _calendar(ctx.as_of, offset, unit, zh=True)


def _day_word(match: re.Match[str], ctx: _Context) -> _Period:
    word = " ".join(match["day"].lower().split())
    moment = ctx.as_of + timedelta(days=cal.DAY_WORDS[word])
    return _Period(moment, moment, word)


def _days_ago(match: re.Match[str], ctx: _Context) -> _Period:
    """'3 days ago', 'three days ago', '三天前', '5天以前': that one day."""
    count = cal.parse_count(match["n"])
    moment = ctx.as_of - timedelta(days=count)
    return _Period(moment, moment, match[0].strip())


def _fortnight(match: re.Match[str], ctx: _Context) -> _Period:
    """'the past fortnight', 'last fortnight': the last 14 days."""
    return _rolling(ctx.as_of, 14, "day", _en_rolling_label(14, "day"), match[0])


def _rolling(as_of: date, count: int, unit: Unit, label: str, text: str) -> _Period:
    if count < 1:
        raise TimeExpressionError(f"'{text}' needs a count of at least 1")
    start, end = cal.rolling_window(as_of, count, unit)
    return _Period(start, end, label)


def _units(count: int, unit: Unit) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _en_rolling_label(count: int, unit: Unit) -> str:
    return f"past {unit}" if count == 1 else f"last {_units(count, unit)}"


def _en_rolling(match: re.Match[str], ctx: _Context) -> _Period:
    number = match.groupdict().get("n")  # "past month" has no number
    count = cal.parse_count(number) if number else 1
    unit = cal.EN_UNITS[match["unit"].lower()]
    return _rolling(ctx.as_of, count, unit, _en_rolling_label(count, unit), match[0])


def _zh_rolling(match: re.Match[str], ctx: _Context) -> _Period:
    if match["half"]:
        count, unit = cal.ZH_HALVES[match["half"]]
        return _rolling(ctx.as_of, count, unit, f"最近{match['half']}", match[0])
    count, unit = cal.parse_count(match["n"]), cal.ZH_UNITS[match["unit"]]
    return _rolling(ctx.as_of, count, unit, f"最近{count}{cal.ZH_UNIT_LABELS[unit]}", match[0])


def _compare(match: re.Match[str], ctx: _Context) -> _Period:
    """ "vs the previous quarter": the period before the phrase it is compared with, if there is one."""
    anchor, phrase = ctx.anchor, match["phrase"]
    if match["period"]:
        if anchor is None:
            raise TimeExpressionError(f"'{phrase}' needs an earlier time range to compare with")
        return _Period(*previous_period(anchor.start, anchor.end), "previous period")
    count = cal.parse_count(match["n"]) if match["n"] else None
    unit = cal.EN_UNITS[match["unit"].lower()]
    if anchor is None:  # nothing to compare with: the plain "previous month" / "previous 3 months"
        if count is None:
            return _calendar(ctx.as_of, -1, unit, zh=False)
        return _rolling(ctx.as_of, count, unit, _en_rolling_label(count, unit), phrase)
    before = anchor.start - timedelta(days=1)
    if count is None:
        start, end = cal.period_containing(before, unit)
        return _Period(start, end, cal.period_label(unit, start, zh=False))
    return _rolling(before, count, unit, f"previous {_units(count, unit)}", phrase)


def _units_before(match: re.Match[str], ctx: _Context) -> _Period:
    """'the 30 days before that', 'the 3 months before it': as many units right before the period named just before
    (the span a comparison with the previous period takes); with no period before it, asked back."""
    if ctx.anchor is None:
        raise TimeExpressionError(f"'{match[0].strip()}' needs an earlier time range to count back from")
    count = cal.parse_count(match["n"])
    unit = cal.EN_UNITS[match["unit"].lower()]
    label = f"previous {_units(count, unit)}"
    anchor = (ctx.anchor.start, ctx.anchor.end)
    if anchor == cal.rolling_window(ctx.anchor.end, count, unit):  # 'the last 3 months … the 3 months before that'
        return _Period(*previous_period(*anchor), label)  # the comparison's own previous period, day for day
    return _rolling(ctx.anchor.start - timedelta(days=1), count, unit, label, match[0])


def _same_period(match: re.Match[str], ctx: _Context) -> _Period:
    if ctx.anchor is None:
        raise TimeExpressionError(f"'{match[0]}' needs an earlier time range to compare with")
    label = "去年同期" if _is_zh(match[0]) else "same period last year"
    return _Period(cal.add_months(ctx.anchor.start, -12), cal.add_months(ctx.anchor.end, -12), label)


# ---------------------------------------------------------------------------------------------- the grammar


@dataclass(frozen=True)
class _Point:
    pattern: re.Pattern[str]
    resolve: Resolver
    needs_preposition: bool = False  # alone, "March" or "2025" means a period only after "in", "during", ...

    @property
    def yearless(self) -> bool:
        """A dated point written without a year ("March", "3月", "Q3"): inside a range it borrows one."""
        return self.resolve in _DATED and "y" not in self.pattern.groupindex


def _point(pattern: str, resolve: Resolver, needs_preposition: bool = False) -> _Point:
    return _Point(re.compile(pattern, _FLAGS), resolve, needs_preposition)


_MONTH = _period_point("month")
_QUARTER = _period_point("quarter")
_HALF = _period_point("half")
_YEAR_POINT = _period_point("year")
_DATED = (_day_point, _MONTH, _QUARTER, _HALF, _YEAR_POINT)
# Order matters inside ranges: the first alternative that fits wins, so longer forms come first.
_FY = r"(?:FY|F\.Y\.)\s*['’]?(?P<fy>[12][0-9]{3}|[0-9]{2})(?![0-9])"
_ZH_FY = (
    rf"(?:(?<![0-9])(?P<fy>{_YEAR}|[0-9]{{2}})\s*年?|(?P<frel>本|今|这个|这一|当前|{_alt(_ZH_FISCAL_BACK)}))\s*财年度?"
)
_FISCAL_PART = r"(?:Q(?P<q>[1-4])|H(?P<h>[12]))"
_ZH_FISCAL_PART = rf"(?:{_FISCAL_PART}(?![0-9])|第?\s*(?P<zq>[1-4一二三四])\s*季度|(?P<zh>[上下])半年)"
_POINTS: tuple[_Point, ...] = (
    # fiscal periods, through the model's fiscal_year_start_month: FY26 Q3, Q1 FY2026, 2026财年第三季度, FY2025,
    # FY25, fiscal 2025, 2025财年, this fiscal year, FYTD, last FY, 上个财年, 本财年
    _point(rf"{_WB}{_FY}\s*[-\s]?\s*{_FISCAL_PART}{_WE}", _fiscal_part),
    _point(rf"{_WB}{_FISCAL_PART}\s*[-\s,]?\s*(?:of\s+)?{_FY}{_WE}", _fiscal_part),
    _point(rf"{_ZH_FY}\s*的?\s*{_ZH_FISCAL_PART}", _fiscal_part),
    _point(
        rf"{_WB}(?:{_FY}|fiscal\s+(?:year\s+)?(?P<fy2>{_YEAR})(?![0-9])|(?P<fy3>{_YEAR})\s+fiscal\s+year){_WE}",
        _fiscal_year,
    ),
    _point(
        rf"{_WB}(?:(?P<frel>this|current|last|previous|prior)\s+(?:fiscal\s+year|FY)"
        rf"|(?:the\s+)?(?:FY|fiscal[\s-]+year)[\s-]*(?:TD|to[\s-]+date)|fiscal\s+YTD){_WE}",
        _fiscal_year,
    ),
    _point(_ZH_FY, _fiscal_year),
    _point(r"(?<![0-9年本今这个一上当前])财年(?:至今|迄今|以来)", _fiscal_year),
    # days: 2026-03-01, 2026/3/1, 2026年3月1日, 去年3月1号, March 1, 2026, 1st of March 2026, 3月1日
    _point(rf"(?<![0-9./-])(?P<y>{_YEAR})[-/](?P<m>{_D12})[-/](?P<d>{_D12})(?![0-9])", _day_point),
    _point(rf"(?<![0-9]){_ZH_YEAR}\s*{_ZH_MONTH}\s*月\s*{_ZH_DAY}\s*[日号]", _day_point),
    # ('June 1st this year', '1st of March last year': the year said in words, as after a month)
    _point(rf"{_WB}{_EN_MONTH}\s+(?P<d>{_D12}){_ORDINAL},?\s+(?:of\s+)?{_EN_YEAR}", _day_point),
    _point(rf"(?<![0-9.])(?P<d>{_D12}){_ORDINAL}\s+(?:of\s+)?{_EN_MONTH},?\s+(?:of\s+)?{_EN_YEAR}", _day_point),
    _point(rf"(?<![0-9年]){_ZH_MONTH}\s*月\s*{_ZH_DAY}\s*[日号]", _day_point),
    # yearless days, the most recent one: Nov 15th, November 15, 15th of November, 15 Nov, Mar 3rd ("March 3" and
    # "May 5" need the ordinal: both are verbs too), the 3rd (a day of this month or the last; after on/since/…)
    _point(
        rf"{_WB}(?P<m>{_alt(cal.STANDALONE_MONTH_NAMES)})\.?\s+(?P<d>{_D12}){_ORDINAL}{_WE}(?!,?\s*[0-9])", _day_point
    ),
    _point(rf"{_WB}{_EN_MONTH}\s+(?P<d>{_D12})(?:st|nd|rd|th){_WE}(?!,?\s*[0-9])", _day_point),
    _point(rf"(?<![0-9.])(?P<d>{_D12})(?:st|nd|rd|th)\s+(?:of\s+)?{_EN_MONTH}{_WE}", _day_point),
    _point(
        rf"{_NOT_AFTER_AMOUNT_WORD}(?<![0-9.])(?P<d>{_D12})\s+(?P<m>{_alt(cal.STANDALONE_MONTH_NAMES)})\.?{_WE}",
        _day_point,
    ),
    _point(
        rf"{_WB}the\s+(?P<d>{_D12})(?:st|nd|rd|th)(?:\s+of\s+(?:this|the)\s+month)?"
        r"(?=\s*(?:$|[?.!,;:)]|(?:and|to|through|thru|till|until|vs)\b|-))",
        _day_of_month,
        needs_preposition=True,
    ),
    # weekdays: Monday, last Friday, this Tuesday (not "Monday's review", not "Mondays")
    _point(rf"{_WB}(?:(?P<rel>last|this|past)\s+)?(?P<wd>{_alt(cal.WEEKDAYS)}){_WE}(?!')", _weekday),
    # months: 2026年3月, 今年3月份, 2026-03, March 2026, Mar. 2026
    _point(rf"(?<![0-9]){_ZH_YEAR}\s*{_ZH_MONTH}\s*月份?", _MONTH),
    _point(rf"(?<![0-9./-])(?P<y>{_YEAR})[-/](?P<m>{_D12})(?![0-9]|[-/][0-9])", _MONTH),
    _point(rf"{_WB}{_EN_MONTH},?\s+(?:of\s+)?{_EN_YEAR}", _MONTH),
    # quarters, halves: 2026年第三季度, 2026年Q3, Q3 2026, 2026Q3, third quarter of 2026, 去年上半年, H1 2026
    _point(rf"(?<![0-9]){_ZH_YEAR}\s*(?:第\s*)?(?P<q>[1-4一二三四])\s*季度", _QUARTER),
    _point(rf"(?<![0-9]){_ZH_YEAR}\s*Q(?P<q>[1-4]){_WE}", _QUARTER),
    _point(rf"{_WB}Q(?P<q>[1-4])\s*[,-]?\s*{_EN_YEAR}", _QUARTER),
    _point(rf"(?<![0-9./-])(?P<y>{_YEAR})\s*-?\s*Q(?P<q>[1-4]){_WE}", _QUARTER),
    _point(rf"{_WB}(?P<q>{_alt(cal.QUARTER_WORDS)})\s+quarter,?\s+(?:of\s+)?{_EN_YEAR}", _QUARTER),
    _point(rf"(?<![0-9]){_ZH_YEAR}\s*(?P<h>[上下])半年", _HALF),
    _point(rf"{_WB}H(?P<h>[12])\s*[,-]?\s*{_EN_YEAR}", _HALF),
    _point(rf"(?<![0-9]){_ZH_YEAR}\s*H(?P<h>[12]){_WE}", _HALF),  # 2026年H1, 今年H2
    _point(rf"(?<![0-9./-])(?P<y>{_YEAR})\s*-?\s*H(?P<h>[12]){_WE}", _HALF),  # 2026 H1, 2026H2
    # years: 2026年, 2026年度, 2026 (after "in"/"during"/...; the bare-year rule below is stricter)
    _point(rf"(?<![0-9])(?P<y>{_YEAR})\s*年度?", _YEAR_POINT),
    _point(
        rf"{_NOT_AMOUNT_BEFORE}(?P<y>{_YEAR_AFTER_PREPOSITION}){_NOT_AMOUNT_AFTER}",
        _YEAR_POINT,
        needs_preposition=True,
    ),
    # named days of the lexicon (semantic_layer/named_days.py): 双十一, 2025年国庆黄金周, Black Friday 2025
    _point(
        rf"(?:(?P<y>{_YEAR}\s*年?|{_alt(cal.ZH_YEARS)})\s*的?\s*)?(?P<name>{named_days.alias_pattern()})"
        rf"(?:,?\s+(?P<y2>{_YEAR})(?![0-9]))?",
        _named_day,
    ),
    # yearless, the most recent one: 3月, 三月份, 第三季度, 上半年, (in) March, Q3
    _point(rf"(?<![0-9一二三四五六七八九十]){_ZH_MONTH}\s*月份?", _MONTH),
    _point(r"(?<![0-9])(?:第\s*)?(?P<q>[1-4一二三四])\s*季度", _QUARTER),
    _point(r"(?P<h>[上下])半年", _HALF),
    _point(rf"{_WB}{_EN_MONTH}{_WE}", _MONTH, needs_preposition=True),
    _point(rf"{_WB}(?P<m>{_alt(cal.STANDALONE_MONTH_NAMES)})\.?{_WE}", _MONTH),
    _point(rf"{_WB}Q(?P<q>[1-4]){_WE}", _QUARTER),
    # relative: last month, this quarter, the year before last, month to date, YTD, 上个月, 年初至今, today
    _point(rf"{_WB}(?P<rel>{_alt(cal.EN_CALENDAR_WORDS)})\s+{_EN_CAL_UNIT}", _en_calendar),
    _point(rf"{_WB}(?:the\s+)?{_EN_CAL_UNIT}\s+before\s+last{_WE}", _en_before_last),
    _point(rf"{_WB}(?:(?:this|the)\s+)?{_EN_CAL_UNIT}[\s-]+to[\s-]+date{_WE}", _en_to_date),
    # 'the year so far': the current period up to as_of ('per month so far this year' is no period of its own)
    _point(rf"{_WB}(?:this|the)\s+{_EN_CAL_UNIT}\s+so\s+far{_WE}", _en_to_date),
    _point(rf"{_WB}(?P<unit>{_alt(cal.EN_TO_DATE)}){_WE}", _en_to_date),
    _point(rf"(?P<cal>{_alt(cal.ZH_CALENDAR)})", _zh_calendar),
    _point(rf"{_WB}(?P<day>{_alt(cal.DAY_WORDS)}){_WE}", _day_word),
)
_POINT = "(?:" + "|".join(_anonymous(point.pattern.pattern) for point in _POINTS) + ")"
_NAMED_DAY_LOOSE = re.compile(
    rf"(?:(?P<y>{_YEAR}\s*年?|{_alt(cal.ZH_YEARS)})\s*的?\s*)?(?P<name>{named_days.alias_pattern(strict=False)})"
    rf"(?:,?\s+(?P<y2>{_YEAR})(?![0-9]))?",
    _FLAGS,
)


def _find_point(text: str) -> tuple[_Point, re.Match[str]]:
    for point in _POINTS:
        match = point.pattern.fullmatch(text)
        if match:
            return point, match
    loose = _NAMED_DAY_LOOSE.fullmatch(text)  # '618' of '618当天': its context lies after the phrase
    if loose:
        return _Point(_NAMED_DAY_LOOSE, _named_day), loose
    raise AssertionError(f"{text!r} matched the point grammar but no single point")


def _resolve_point(text: str, ctx: _Context) -> _Period:
    point, match = _find_point(text)
    return point.resolve(match, ctx)


def _standalone(match: re.Match[str], ctx: _Context) -> _Period:
    return _resolve_point(match["point"], ctx)


def _in_year(point: _Point, match: re.Match[str], ctx: _Context, year: int) -> _Period:
    return point.resolve(match, replace(ctx, year=year))


def _range(match: re.Match[str], ctx: _Context) -> _Period:
    """ "X to Y": from X's start to Y's end; a yearless end borrows the other end's year ("1月至3月")."""
    first, first_match = _find_point(match["a"])
    zh = _is_zh(match[0])
    if match["b"] is None:  # "from 2026-01-01 to date"
        start = first.resolve(first_match, ctx)
        return _Period(start.start, ctx.as_of, f"{start.label}以来" if zh else f"since {start.label}")
    last, last_match = _find_point(match["b"])
    if last.yearless and not first.yearless:
        start = first.resolve(first_match, ctx)
        end = _in_year(last, last_match, ctx, start.start.year)
        if end.end < start.start:  # "2025年11月至2月" ends in the next year
            end = _in_year(last, last_match, ctx, start.start.year + 1)
    else:
        end = last.resolve(last_match, ctx)
        start = _in_year(first, first_match, ctx, end.end.year) if first.yearless else first.resolve(first_match, ctx)
        if first.yearless and start.start > end.end:  # "11月至2月" starts in the year before
            start = _in_year(first, first_match, ctx, end.end.year - 1)
    label = f"{start.label}至{end.label}" if zh else f"{start.label} to {end.label}"
    return _Period(start.start, end.end, label)


def _day_span(match: re.Match[str], ctx: _Context) -> _Period:
    """'between the 5th and the 18th of October', 'Oct 5th-18th', 'from the 3rd to the 9th': days of one month. A
    yearless month is the most recent one that has started; with no month, this month, or the month before when
    the first day has not come yet this month (said in the assumptions)."""
    groups = match.groupdict()
    first = cal.parse_count(groups.get("d1") or groups["d1b"])
    last = cal.parse_count(groups.get("d2") or groups["d2b"])
    if groups.get("m") is not None:
        month = _month_number(match)

        def build(year: int) -> _Period:
            try:
                start, end = date(year, month, first), date(year, month, last)
            except ValueError:
                raise TimeExpressionError(f"'{match[0].strip()}' is not a range of days of one month") from None
            return _Period(start, end, f"{start.isoformat()} to {end.isoformat()}")

        period = _dated(match, ctx, build)
    else:
        year, month = ctx.as_of.year, ctx.as_of.month
        rel = " ".join((groups.get("rel") or "").lower().split())
        back = {**_ZH_MONTHS_BACK, **_EN_MONTHS_BACK}.get(rel, 1 if first > ctx.as_of.day else 0)
        for _ in range(back):
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        try:
            start, end = date(year, month, first), date(year, month, last)
        except ValueError:
            raise TimeExpressionError(f"'{match[0].strip()}' is not a range of days of {year}-{month:02d}") from None
        period = _Period(start, end, f"{start.isoformat()} to {end.isoformat()}", year_inferred=not groups.get("rel"))
    if _is_zh(match[0]):
        period = replace(period, label=f"{period.start.isoformat()}至{period.end.isoformat()}")
    if period.end < period.start:
        raise TimeExpressionError(f"'{match[0].strip()}' ends before it starts")
    return period


def _since(match: re.Match[str], ctx: _Context) -> _Period:
    start = _resolve_point(match["a"], ctx)
    label = f"{start.label}以来" if _is_zh(match[0]) else f"since {start.label}"
    return _Period(start.start, ctx.as_of, label)


def _after(match: re.Match[str], ctx: _Context) -> _Period:
    point = _resolve_point(match["a"], ctx)
    label = f"{point.label}之后" if _is_zh(match[0]) else f"after {point.label}"
    return _Period(point.end + timedelta(days=1), ctx.as_of, label)


def _before(match: re.Match[str], ctx: _Context) -> _Period:
    """'before 2025', '2025年以前': everything up to the day before the point — open at the start (OPEN_START),
    never the point itself (dropping the 'before' would filter to the very period the user excluded)."""
    point = _resolve_point(match["a"], ctx)
    label = f"{point.label}之前" if _is_zh(match[0]) else f"before {point.label}"
    return _Period(OPEN_START, point.start - timedelta(days=1), label)


def _until(match: re.Match[str], ctx: _Context) -> _Period:
    # 'until 2025' may or may not include 2025: asked back rather than guessed.
    raise TimeExpressionError(
        f"'{match[0]}' may or may not include its end; say 'before ...' or give a range such as "
        "'from 2025-01-01 to 2025-06-30'"
    )


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


def _rule(pattern: str, resolve: Resolver) -> _Rule:
    return _Rule(re.compile(pattern, _FLAGS), resolve)


def _point_rule(point: _Point) -> _Rule:
    lead = _EN_PERIOD_PREP if point.needs_preposition else _EN_LEAD
    # a Chinese point needs no word boundary: 'region今年' (English mixed into Chinese) names this year
    return _rule(rf"(?:{_WB}{lead}|(?=[\u4e00-\u9fff]))(?P<point>{_anonymous(point.pattern.pattern)})", _standalone)


# two days of one month: "the 5th and the 18th" after between, "5th-18th", "5 to 18", "the 3rd through the 9th"
_DAY_SEP = r"\s*(?:-|–|~|to|through|thru|till|until)\s*"
_DAYS = (
    rf"(?:between\s+(?:the\s+)?(?P<d1>{_D12}){_ORDINAL}\s+and\s+(?:the\s+)?(?P<d2>{_D12}){_ORDINAL}{_WE}"
    rf"|(?:from\s+)?(?:the\s+)?(?P<d1b>{_D12}){_ORDINAL}{_DAY_SEP}(?:the\s+)?(?P<d2b>{_D12}){_ORDINAL}{_WE})"
)
# "between the 1st and the 15th of last month"
_EN_MONTHS_BACK = {"this": 0, "the current": 0, "the": 0, "last": 1, "the previous": 1, "the past": 1, "the last": 1}
_ZH_MONTHS_BACK = {
    "上上个月": 2,
    "上上月": 2,
    "上个月": 1,
    "上月": 1,
    "上一个月": 1,
    "这个月": 0,
    "本月": 0,
    "当月": 0,
    "这月": 0,
}
_ZH_D = r"(?:[0-9]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
# '10月5号到18号', '上个月10号到20号', '本月1日至3日', '5号到18号': days of one month
_ZH_DAYS = (
    rf"(?:(?P<rel>{_alt(_ZH_MONTHS_BACK)})|(?<![0-9]){_ZH_YEAR}?\s*{_ZH_MONTH}\s*月份?)?\s*的?\s*(?<![0-9])(?P<d1>{_ZH_D})\s*[日号]?"
    rf"\s*(?:到|至|-|–|~)\s*(?P<d2>{_ZH_D})\s*[日号](?:之间|期间)?"
)
_DAYS_ORDINAL = (
    rf"the\s+(?P<d1>{_D12})(?:st|nd|rd|th)\s+(?:and|to|through|thru|till|until|-)\s+"
    rf"(?:the\s+)?(?P<d2>{_D12})(?:st|nd|rd|th){_WE}"
)
_WHOLE = rf"(?:(?P<a>{_POINT})|the\s+(?P<cur>year|quarter|month){_WE})"
_RANGE_END = rf"(?:(?P<b>{_POINT})|(?:now|present|date){_WE})"
# Point rules come first: on a tie (same start, same length) the earlier rule wins.
_RULES: tuple[_Rule, ...] = (
    # "over the last year", "within the last month": a window up to today, not the calendar period before
    _rule(rf"{_WB}(?:over|within|throughout)\s+the\s+last\s+{_EN_CAL_UNIT}", _en_rolling),
    # "last week (mon-sun)", "this week, Monday to Sunday": the calendar week restated by its days
    _rule(
        rf"{_WB}{_EN_LEAD}(?P<rel>{_alt(cal.EN_CALENDAR_WORDS)})\s+(?P<unit>week){_WE}\s*[(,]?\s*(?:mon|monday)\.?\s*"
        rf"(?:-|–|~|to|through|thru|until|till)\s*(?:sun|sunday)\.?{_WE}\s*\)?",
        _en_calendar,
    ),
    _rule(rf"{_WB}on\s+(?P<point>the\s+(?P<d>{_D12})(?:st|nd|rd|th)){_WE}(?!\s+[a-z])", _day_of_month),
    # "since the beginning of November" = since November; "the week of Nov 16"; weekends; a part of a period
    _rule(rf"{_WB}(?:ever\s+)?since\s+(?:the\s+)?(?:very\s+)?(?:beginning|start)\s+of\s+(?P<a>{_POINT})", _since),
    _rule(
        rf"{_WB}(?:ever\s+)?since\s+the\s+(?:very\s+)?(?:beginning|start)\s+of\s+(?:the|this)\s+{_EN_CAL_UNIT}",
        _en_to_date,
    ),
    _rule(rf"{_WB}{_EN_LEAD}(?:the\s+)?week\s+(?:of|starting|beginning|commencing)\s+(?P<a>{_POINT})", _week_of),
    # '去年双十一那一周', '11月16日所在的那周', '国庆当周': the Monday-Sunday week containing that day
    _rule(rf"(?P<a>{_POINT})\s*(?:的)?\s*(?:所在的?\s*)?(?:那一?周|那个?星期|当周|这一?周)", _week_of),
    _rule(
        rf"{_WB}(?:over\s+|during\s+|on\s+|at\s+)?(?:(?P<rel>this|last|past|previous)\s+|the\s+)weekend{_WE}", _weekend
    ),
    # parts of a period with fixed days: 'the first 10 days of November', '今年前三季度', '11月上旬', 'H1 of this year'
    _rule(
        rf"{_WB}{_EN_LEAD}(?P<dir>first|opening|last|final|closing)\s+(?:(?P<n>{_EN_COUNT})\s+)?"
        rf"(?P<unit>days?|weeks?|months?|quarters?){_WE}\s+(?:of|in)\s+{_WHOLE}",
        _first_or_last,
    ),
    _rule(
        rf"{_WB}{_EN_LEAD}(?P<hw>first|second|back|latter|last)\s+half\s+of\s+{_WHOLE}",
        _half_of,
    ),
    _rule(
        rf"(?P<a>{_POINT})\s*的?\s*(?P<dir>前|头|后|最后)\s*(?P<n>[0-9]+|{_ZH_COUNT})\s*"
        r"(?P<unit>个季度|季度|季|个月|月|个星期|星期|周|天|日)",
        _first_or_last,
    ),
    _rule(rf"(?P<a>{_POINT})\s*的?\s*(?P<xun>上旬|中旬|下旬|上半月|下半月|上半个月|下半个月)", _ten_days),
    _rule(
        rf"(?:{_ZH_YEAR}\s*的?\s*)?(?:第\s*)?(?P<q1>[1-4一二三四])\s*(?:-|–|~|至|到)\s*(?:第\s*)?(?P<q2>[1-4一二三四])\s*季度",
        _quarter_span,
    ),
    _rule(r"(?<![0-9年])前\s*(?P<n>[一二三1-3])\s*季度(?!\s*[0-9])", _this_part),
    _rule(
        rf"(?:(?<![0-9]){_ZH_YEAR}\s*的?\s*)?(?<![0-9.])(?P<m1>{_D12}|十[一二]?|[一二三四五六七八九])\s*(?:-|–|~|至|到)\s*"
        r"(?P<m2>[0-9]{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?",
        _month_span,
    ),
    _rule(
        rf"{_WB}(?:(?:at|in|by|around|towards?|from|since|until|till)\s+)?(?:the\s+)?(?:(?:very\s+)?(?:beginning|start|end|middle)"
        rf"\s+of|early|late|mid|middle\s+of|(?:first|second|last|latter)\s+half\s+of|(?:first|second|third|last)\s+week\s+of)"
        rf"[\s-]*(?P<a>{_POINT})",
        _part_of_period,
    ),
    *(_point_rule(point) for point in _POINTS),
    _rule(
        rf"{_WB}{_NOT_AFTER_AMOUNT_WORD}(?P<point>{_NOT_AMOUNT_BEFORE}{_BARE_YEAR}"
        rf"{_NOT_AMOUNT_AFTER})",
        _standalone,
    ),
    # days of one month as a range: "between the 5th and the 18th of October", "5-18 Oct", "Oct 5th to 18th",
    # "from the 3rd to the 9th" (before the general range rule: on a tie the earlier rule wins)
    _rule(rf"{_WB}{_EN_LEAD}{_DAYS}\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+{_EN_YEAR})?{_WE}", _day_span),
    _rule(rf"{_WB}{_EN_LEAD}(?:from\s+)?{_EN_MONTH}\s+{_DAYS}(?:,?\s+{_EN_YEAR})?{_WE}", _day_span),
    _rule(
        rf"{_WB}between\s+{_EN_MONTH}\s+(?:the\s+)?(?P<d1>{_D12}){_ORDINAL}\s+and\s+(?:the\s+)?(?P<d2>{_D12}){_ORDINAL}"
        rf"(?!\s*(?:of\s+)?[A-Za-z]{{3}})(?:,?\s+{_EN_YEAR})?{_WE}",
        _day_span,
    ),
    _rule(rf"(?:[从自]\s*)?{_ZH_DAYS}", _day_span),
    _rule(rf"{_WB}{_EN_LEAD}{_DAYS}\s+of\s+(?P<rel>{_alt(_EN_MONTHS_BACK)})\s+month{_WE}", _day_span),
    _rule(rf"{_WB}(?:between|from)\s+{_DAYS_ORDINAL}(?!\s+(?:of\s+)?[A-Za-z])", _day_span),
    _rule(
        rf"{_WB}{_EN_LEAD}(?:from\s+|[从自]\s*)?(?P<a>{_POINT})"
        rf"(?:\s+{_alt(EN_RANGE_WORDS)}\s+|\s*[-–—~至到]\s*){_RANGE_END}(?:为止|之间|期间)?",
        _range,
    ),
    _rule(rf"{_WB}{_EN_LEAD}between\s+(?P<a>{_POINT})\s+and\s+(?P<b>{_POINT})", _range),
    _rule(rf"{_WB}(?:ever\s+)?since\s+(?P<a>{_POINT})", _since),
    _rule(rf"(?:[从自]\s*)?(?P<a>{_POINT})\s*{_alt(ZH_SINCE_ENDINGS)}", _since),
    _rule(rf"{_WB}after\s+(?P<a>{_POINT})", _after),
    _rule(rf"(?P<a>{_POINT})\s*之后", _after),
    _rule(rf"{_WB}(?:before|prior\s+to)\s+(?P<a>{_POINT})", _before),
    _rule(rf"{_WB}(?:until|till)\s+(?P<a>{_POINT})", _until),
    _rule(rf"(?P<a>{_POINT})\s*(?:之前|以前)", _before),
    _rule(rf"{_WB}{_EN_LEAD}{_alt(cal.EN_ROLLING_WORDS)}\s+(?P<n>{_EN_COUNT})\s*{_EN_UNIT}", _en_rolling),
    _rule(rf"{_WB}{_EN_LEAD}(?:the\s+)?(?:last|past|previous|prior)\s+fortnight{_WE}", _fortnight),
    _rule(rf"{_WB}(?P<n>{_EN_COUNT})\s+days?\s+ago{_WE}", _days_ago),
    _rule(rf"(?<![0-9])(?P<n>[0-9]+|{_ZH_COUNT})\s*天(?:以|之)?前", _days_ago),
    _rule(rf"{_WB}{_EN_LEAD}{_alt(cal.EN_ROLLING_ALONE)}\s+{_EN_CAL_UNIT}", _en_rolling),
    _rule(
        # '跟前一个月比' is the month before the one asked about (a comparison), not the last month to date
        # '再前一周', '再往前7天': the stretch before the one named (a comparison or a step back), not the last one
        # '这半年', '这两个月': the stretch up to now, as '近半年' (but '这个月', '这一周' are the calendar period)
        rf"(?<![跟和与比较同再])(?<!再往)(?:{_alt(ZH_ROLLING_WORDS)}|这(?=\s*(?:半|[两二三四五六七八九十2-9])))"
        rf"\s*(?:(?P<n>[0-9]+|{_ZH_COUNT})\s*(?P<unit>{_alt(cal.ZH_UNITS)})"
        rf"|(?P<half>{_alt(cal.ZH_HALVES)})){_alt(ZH_ROLLING_ENDINGS)}?",
        _zh_rolling,
    ),
    _rule(
        rf"{_WB}{_alt(EN_COMPARE_WORDS)}\s+(?P<phrase>(?:the\s+)?(?:previous|prior|preceding)\s+"
        rf"(?:(?:(?P<n>{_EN_COUNT})\s*)?{_EN_UNIT}|(?P<period>period){_WE}))",
        _compare,
    ),
    _rule(
        rf"{_WB}(?:the\s+)?same\s+(?:period|time)\s+(?:(?:of|in)\s+)?"
        rf"(?:last\s+year|(?:the\s+)?(?:previous|prior)\s+year|a\s+year\s+(?:ago|before|earlier)){_WE}",
        _same_period,
    ),
    _rule(r"(?:去年|上年|上一年)同期", _same_period),
    _rule(
        rf"{_WB}(?:the\s+)?(?P<n>{_EN_COUNT})\s*{_EN_UNIT}\s+(?:right\s+|just\s+|immediately\s+)?"
        rf"(?:before|prior\s+to|preceding)\s+(?:that|it|this|then|those){_WE}",
        _units_before,
    ),
    _rule(named_days.UNKNOWN_DAY_PATTERN, _unknown_day),
)

# --------------------------------------------------------------------------------------------- public API

# Full-width ASCII (２０２６, Ｑ３, ：) and ideographic/no-break spaces map one-to-one, so offsets survive.
_NORMALIZE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NORMALIZE |= {0x3000: 0x20, 0xA0: 0x20}


_Hit = tuple[_Rule, re.Match[str]]


def _next_match(text: str, position: int, upcoming: list[re.Match[str] | None]) -> _Hit | None:
    """The leftmost, then longest, rule match at or after `position`; `upcoming` caches each rule's next."""
    best: _Hit | None = None
    for index, rule in enumerate(_RULES):
        match = upcoming[index]
        if match is not None and match.start() < position:
            match = upcoming[index] = rule.pattern.search(text, position)
        if match is not None and (best is None or (match.start(), -match.end()) < (best[1].start(), -best[1].end())):
            best = rule, match
    return best


def _resolve(rule: _Rule, match: re.Match[str], text: str, ctx: _Context) -> ResolvedRange:
    """The rule's period, checked against as_of and clamped to end there."""
    span = match.span("phrase") if "phrase" in match.re.groupindex else match.span()
    phrase = text[span[0] : span[1]]
    try:
        period = rule.resolve(match, ctx)
    except OverflowError:
        raise TimeExpressionError(f"'{phrase}' reaches outside the calendar") from None
    if period.start > ctx.as_of:
        raise TimeExpressionError(f"'{phrase}' lies after the data's as-of date {ctx.as_of}")
    if period.end < period.start:
        raise TimeExpressionError(f"'{phrase}' ends ({period.end}) before it starts ({period.start})")
    end = min(period.end, ctx.as_of)
    return ResolvedRange(period.start, end, period.label, phrase, span, period.year_inferred, period.fiscal)


def find_time_phrases(text: str, as_of: date, fiscal_year_start_month: int | None = None) -> list[ResolvedRange]:
    """Every non-overlapping time phrase in free text (longest match wins), in order of appearance.
    `fiscal_year_start_month` is the model's (None: a fiscal period such as 'FY2025' is asked back).

    Raises TimeExpressionError when a phrase is found but cannot stand: an invalid date, a period
    after as_of, a range ending before it starts.
    """
    searchable = text.translate(_NORMALIZE)
    upcoming = [rule.pattern.search(searchable) for rule in _RULES]
    found: list[ResolvedRange] = []
    position = 0
    while (hit := _next_match(searchable, position, upcoming)) is not None:
        rule, match = hit
        context = _Context(as_of, anchor=found[-1] if found else None, fiscal_start=fiscal_year_start_month)
        resolved = _resolve(rule, match, text, context)
        last = found[-1] if found else None
        if (
            last
            and resolved.year_inferred
            and not last.year_inferred
            and _JOINED.fullmatch(text[last.span[1] : resolved.span[0]])
        ):
            # '去年上半年和下半年', 'March 2025 vs April': the second period is of the year the first named
            year = replace(context, year=last.start.year)
            borrowed = _resolve_or_none(rule, match, text, year)
            resolved = replace(borrowed, year_inferred=False) if borrowed is not None else resolved
        between = text[last.span[1] : resolved.span[0]] if last else ""
        if last and all(map(_is_filler, between)) and _same_day(last, resolved):
            # 'Monday, November 30th', 'Friday 27 November', '周一(11月30日)': one day said two ways is one phrase
            span = (last.span[0], resolved.span[1])
            found[-1] = replace(
                resolved if resolved.start == resolved.end else last, span=span, phrase=text[span[0] : span[1]]
            )
        else:
            found.append(resolved)
        position = match.end()
    return found


_JOINED = re.compile(r"\s*(?:和|与|跟|及|、|,|，|/|&|and|or|vs\.?|versus|对比|比|相比)\s*", re.IGNORECASE)


def _resolve_or_none(rule: _Rule, match: re.Match[str], text: str, ctx: _Context) -> ResolvedRange | None:
    try:
        return _resolve(rule, match, text, ctx)
    except TimeExpressionError:
        return None


_WEEKDAY_NAMES = [
    ("monday", "mon", "周一", "星期一", "礼拜一"), ("tuesday", "tue", "tues", "周二", "星期二", "礼拜二"),
    ("wednesday", "wed", "周三", "星期三", "礼拜三"), ("thursday", "thu", "thur", "thurs", "周四", "星期四", "礼拜四"),
    ("friday", "fri", "周五", "星期五", "礼拜五"), ("saturday", "sat", "周六", "星期六", "礼拜六"),
    ("sunday", "sun", "周日", "周天", "星期日", "星期天", "礼拜日", "礼拜天"),
]  # fmt: skip


def _same_day(first: ResolvedRange, second: ResolvedRange) -> bool:
    """The same day named twice in a row: equal ranges, or a weekday name followed by a date on that weekday."""
    if (first.start, first.end) == (second.start, second.end):
        return True
    said = re.sub(r"^(?:on|last|this)\s+", "", first.phrase.strip().lower()).rstrip(".")
    named = next((day for day, names in enumerate(_WEEKDAY_NAMES) if said in names), None)
    return named is not None and second.start == second.end and second.start.weekday() == named


def _is_filler(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def resolve_time_phrase(phrase: str, as_of: date) -> ResolvedRange:
    """The single time phrase making up `phrase` (surrounding whitespace/punctuation allowed)."""
    found = find_time_phrases(phrase, as_of)
    covered = {index for resolved in found for index in range(*resolved.span)}
    stray = any(index not in covered and not _is_filler(char) for index, char in enumerate(phrase))
    if len(found) > 1:
        names = ", ".join(f"'{resolved.phrase}'" for resolved in found)
        raise TimeExpressionError(f"'{phrase}' holds several time phrases ({names}); give one")
    if len(found) != 1 or stray:
        raise TimeExpressionError(
            f"'{phrase}' is not a time phrase I understand; try e.g. 'last 3 months', 'March 2026', "
            "'since 2026-03-01', '最近3个月' or '2026年3月'"
        )
    return found[0]


_DATE_TEXT = re.compile(r"([0-9]{4})([-/年])([0-9]{1,2})([-/月])([0-9]{1,2})([日号]?)")
_DATE_SEPARATORS = {("-", "-", ""), ("/", "/", ""), ("年", "月", "日"), ("年", "月", "号")}


def parse_date(text: str) -> date:
    """A date written 'YYYY-MM-DD', 'YYYY/MM/DD' or 'YYYY年M月D日'."""
    match = _DATE_TEXT.fullmatch(text.translate(_NORMALIZE).strip())
    if match is None or (match[2], match[4], match[6]) not in _DATE_SEPARATORS:
        raise TimeExpressionError(f"'{text}' is not a date; write it as YYYY-MM-DD")
    try:
        return date(int(match[1]), int(match[3]), int(match[5]))
    except ValueError:
        raise TimeExpressionError(f"'{text}' is not a valid date") from None
