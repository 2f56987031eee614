"""Named retail days and holidays as time phrases ("双十一", "Black Friday", "国庆黄金周", "Christmas").

The lexicon below is the whole of what is known: each name maps to a rule giving its dates in a year. A name
written without a year is its most recent occurrence that has started by the as-of date (like a month name);
the planner says which one it read. A holiday whose date moves with the lunar calendar is known only for the
years listed; another year is an error that asks for dates instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

__all__ = ["NAMED_DAYS", "UNKNOWN_DAY_PATTERN", "NamedDay", "alias_pattern", "named_day"]


@dataclass(frozen=True)
class NamedDay:
    """`month`/`day` for a fixed date; `weekday` (0 = Monday) with `nth` for "the nth weekday of the month"
    (+ `shift` days: Black Friday is the day after the 4th Thursday of November); `table` for lunar dates."""

    en: str  # label in English answers
    zh: str  # label in Chinese answers
    aliases: tuple[str, ...]
    month: int = 0
    day: int = 0
    weekday: int | None = None
    nth: int = 0
    shift: int = 0
    days: int = 1  # how many days the period lasts
    table: tuple[tuple[int, int, int], ...] = ()  # (year, month, day) for holidays of the lunar calendar

    def first_day(self, year: int) -> date | None:
        if self.table:
            found = [date(y, m, d) for y, m, d in self.table if y == year]
            return found[0] if found else None
        if self.weekday is None:
            return date(year, self.month, self.day)
        first = date(year, self.month, 1)
        offset = (self.weekday - first.weekday()) % 7
        return first + timedelta(days=offset + 7 * (self.nth - 1) + self.shift)

    def period(self, year: int) -> tuple[date, date] | None:
        start = self.first_day(year)
        return None if start is None else (start, start + timedelta(days=self.days - 1))


# Chinese New Year (正月初一), from the official calendar.
_SPRING_FESTIVAL = (
    (2019, 2, 5), (2020, 1, 25), (2021, 2, 12), (2022, 2, 1), (2023, 1, 22), (2024, 2, 10),
    (2025, 1, 29), (2026, 2, 17), (2027, 2, 6), (2028, 1, 26), (2029, 2, 13), (2030, 2, 3),
)  # fmt: skip

NAMED_DAYS: tuple[NamedDay, ...] = (
    NamedDay("Singles' Day", "双十一", ("双十一", "双11", "singles day", "singles' day", "single's day"), 11, 11),
    NamedDay("Double 12", "双十二", ("双十二", "双12", "double 12"), 12, 12),
    NamedDay("618", "618", ("618大促", "618购物节", "六一八", "618"), 6, 18),
    NamedDay("Black Friday", "黑五", ("black friday", "黑色星期五", "黑五"), 11, weekday=3, nth=4, shift=1),
    NamedDay("Cyber Monday", "网络星期一", ("cyber monday", "网络星期一"), 11, weekday=3, nth=4, shift=4),
    NamedDay("Thanksgiving", "感恩节", ("thanksgiving day", "thanksgiving", "感恩节"), 11, weekday=3, nth=4),
    NamedDay("Christmas Eve", "平安夜", ("christmas eve", "xmas eve", "平安夜"), 12, 24),
    NamedDay("Christmas", "圣诞节", ("christmas day", "christmas", "xmas", "圣诞节", "圣诞"), 12, 25),
    NamedDay("New Year's Eve", "跨年夜", ("new year's eve", "new years eve", "跨年夜"), 12, 31),
    NamedDay("New Year's Day", "元旦", ("new year's day", "new years day", "元旦"), 1, 1),
    NamedDay("Valentine's Day", "情人节", ("valentine's day", "valentines day", "valentine day", "情人节"), 2, 14),
    # the May Day holiday: May 1-5, its usual span (the official one moves by a day or two some years)
    NamedDay("Labour Day holiday", "五一假期", ("五一假期", "五一黄金周", "五一长假", "劳动节假期"), 5, 1, days=5),
    NamedDay("Labour Day", "劳动节", ("五一劳动节", "劳动节", "五一", "may day"), 5, 1),
    NamedDay(
        "National Day week",
        "国庆黄金周",
        (
            "national day golden week",
            "national day week",
            "national day holiday",
            "国庆黄金周",
            "国庆假期",
            "国庆长假",
            "国庆七天",
            "国庆周",
            "十一黄金周",
            "十一长假",
        ),
        10,
        1,
        days=7,
    ),
    NamedDay("National Day", "国庆节", ("national day", "国庆节", "国庆"), 10, 1),
    NamedDay(
        "Chinese New Year",
        "春节",
        ("chinese new year", "lunar new year", "spring festival", "春节", "大年初一"),
        table=_SPRING_FESTIVAL,
    ),
)

_BY_ALIAS = {alias: day for day in NAMED_DAYS for alias in day.aliases}
# A bare number is a named day only where the words after it say so ("618当天", "618期间"; "618 orders" is 618).
_ONLY_BEFORE = {"618": r"(?=\s*(?:当天|当日|那天|那一天|期间|大促|活动|购物节))"}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip()


def named_day(text: str) -> NamedDay:
    """The named day a matched alias stands for (as matched by `alias_pattern`)."""
    return _BY_ALIAS[_key(text)]


def alias_pattern(strict: bool = True) -> str:
    """One regex alternation of every alias, longest first; spaces match any whitespace, apostrophes either
    quote ("singles’ day"), and Latin aliases only as whole words. `strict=False` drops the context a bare
    number needs ("618" + "当天"), for re-reading a phrase already found."""
    parts: list[str] = []
    for alias in sorted(_BY_ALIAS, key=len, reverse=True):
        body = re.escape(alias).replace(r"\ ", r"\s+").replace("'", "['’]")
        if alias[0].isascii():
            body = rf"(?<![A-Za-z0-9_.]){body}(?![A-Za-z0-9_]|\.[0-9])"
        body += _ONLY_BEFORE.get(alias, "") if strict else ""
        parts.append(body)
    return "(?:" + "|".join(parts) + ")"


# Named days the lexicon does not hold (lunar festivals of other years, holidays whose date depends on the
# country, shop events): found so that they are asked back instead of being ignored as filler words.
_UNKNOWN_ZH = (
    "中秋", "端午", "七夕", "元宵", "清明", "重阳", "除夕", "腊八", "小年", "妇女节", "三八节", "女神节", "女王节",
    "儿童节", "六一", "母亲节", "父亲节", "教师节", "万圣节", "复活节", "年货节", "开学季", "暑促", "年中大促",
)  # fmt: skip
_UNKNOWN_EN = (
    "boxing day", "easter", "halloween", "prime day", "labor day", "labour day", "memorial day",
    "independence day", "presidents day", "president's day", "diwali", "ramadan", "eid", "hanukkah",
    "golden week sale", "back to school", "summer sale", "winter sale", "anniversary sale",
)  # fmt: skip
# '<word>节' is a festival unless the character before 节 makes another word (季节 season, 环节 stage, ...)
_NOT_FESTIVAL = "季环细章关情礼调音时小使气节"
UNKNOWN_DAY_PATTERN = (
    "(?:"
    + "|".join(re.escape(w) + ("" if w.endswith(("节", "季", "促")) else "节?") for w in _UNKNOWN_ZH)
    + rf"|[\u4e00-\u9fff]?[\u4e00-\u9fff](?<![{_NOT_FESTIVAL}])节(?:日|假期|期间|当天|(?![约省点目奏能制流拍俭]))"
    + r"|(?<![A-Za-z0-9_])(?:"
    + "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]?") for w in _UNKNOWN_EN)
    + r"|[a-z]+(?:['’]s|s['’])\s+day|[a-z]+\s+festival)(?![A-Za-z0-9_])"
    + ")"
)
