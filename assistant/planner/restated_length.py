"""A period's length said again right after it: '昨天一天卖了多少钱', '上周一周的工单量', '上个月一整个月的销售额',
'去年一年的新客'. The length word ('一天', '一周', '一个月', '一年', '整天', '全月') names no period of its own: it restates
that the period named just before it is one whole day, week, month, quarter or year. Read only when the two meet
(nothing but a space or 的 between them) and the named period is exactly one such unit; '一天' elsewhere ('一天
之内', '近一周') or after a period of another length ('上个月一天') still asks which period it means."""

from __future__ import annotations

import re

from semantic_layer.time_calendar import Unit, period_containing
from semantic_layer.time_phrases import ResolvedRange

_LENGTH = re.compile(r"(?:一整?个?|整个?|全)(?P<unit>天|日|周|星期|礼拜|月|季度?|年)(?:整)?")
_UNITS: dict[str, Unit | None] = {"天": None, "日": None, "周": "week", "星期": "week", "礼拜": "week", "月": "month",
                                  "季": "quarter", "季度": "quarter", "年": "year"}  # fmt: skip
_BETWEEN = re.compile(r"[\s的]*")


def restates_length(text: str, times: list[ResolvedRange], start: int, end: int) -> bool:
    """Whether the period word at `start`..`end` of `text` lies in a length that says again the length of a period
    named right before it (the word may be all of '一天' or the '月' of '一整个月')."""
    for said in _LENGTH.finditer(text):
        if said.start() <= start and end <= said.end():
            return any(_restated(period, said) for period in times)
    return False


def _restated(period: ResolvedRange, said: re.Match[str]) -> bool:
    if period.span[1] > said.start() or not _BETWEEN.fullmatch(said.string[period.span[1] : said.start()]):
        return False
    unit = _UNITS[said.group("unit")]
    if unit is None:
        return period.start == period.end
    first, last = period_containing(period.start, unit)
    return period.start == first and period.end == last
