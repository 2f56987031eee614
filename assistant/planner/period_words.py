"""Words that name or bound a period which no time element of the plan explains ('上个财年的收入', 'orders over
the holidays', 'revenue in the fiscal year'): answered without them, the number covers all time or another
period, and nothing else flags it, since the words of the time grammar are filler words of their language
('year', '年', '最近' in data/fillers.yml) so that time phrases can take them. The planner asks back naming them.

A word is explained the way grounding explains any word: a span of the plan that is not filler covers it — a
time range, a grain ('by month', '每月'), a metric or dimension that holds a period in its name ('30-day repeat
rate', 'signup month') — or a time phrase the reading found took it (those are blanked in `reading.masked`, and
`periods.py` judges a named period the query leaves out), or it lies in a stretch set aside as the frame of the
request (blanked too). A follow-up that moved the previous answer's period ('and the year before that?') used its
period words to move it, as a comparison with the period before uses 'the week before'; a period named elsewhere or a
ranking by the latest says how recent 'lately' / '最近' is. Words of now and of the whole history ('currently', '目前', '至今', '有史以来') name no
period: answering as things stand or over all time is what they ask.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from assistant.contracts import Language, Plan, Span
from assistant.planner.reading import Reading
from assistant.planner.restated_length import restates_length
from assistant.planner.shaping import PLANNER
from assistant.planner.words import CJK_RUN
from semantic_layer import SemanticModel, SemanticQuery

# month names ('may' and 'march' are verbs too, so only the time phrases read them) and weekdays
_MONTHS = "january february april june july august september october november december jan feb apr jun jul aug sep oct nov dec"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_EN_PERIOD = re.compile(
    r"\b(?:years?|quarters?|months?|weeks?|days?|fortnights?|seasons?|holidays?|weekends?|weekdays?|fiscal|fy\d{0,4}"
    r"|yearly|annual(?:ly)?|quarterly|monthly|weekly|daily|recent(?:ly)?|lately|ago|q[1-4]|h[12]"
    r"|spring|summer|autumn|winter"  # seasons ('fall' is a verb too)
    rf"|{'|'.join(_MONTHS.split())}|{'|'.join(_WEEKDAYS.split())})\b"
)
# A Chinese word of a unit of the calendar, with what counts or points at it ('上个财年', '头两个月', '每周', '年底').
_ZH_PERIOD = re.compile(
    r"[上下本这那今去前明后近最过头首末第每个两几半一二三四五六七八九十百0-9春夏秋冬旺淡]*"
    r"(?:财年|年度?|月份?|季度?|周|星期|礼拜|天|日|旬)[初中末底内里]?"
)
# a unit after a question of how long is the unit of a duration asked ('how many days to resolve', '平均多少天'),
# and 'in days' the unit of the answer: neither names a period
_DURATION_BEFORE = re.compile(r"(?:\bhow\s+many|\bnumber\s+of|\bin|多少个?|几个?|多久)\s*$")
_GRAINS = [
    ("year", re.compile(r"year|年")),
    ("quarter", re.compile(r"quarter|季度")),
    ("month", re.compile(r"month|月")),
    ("week", re.compile(r"week|周|星期|礼拜")),
    ("day", re.compile(r"day|天|日")),
]
# the period the question already named, pointed at again: '双十一当天', '那个月', 'on that day', 'the same week',
# 'for November … the churn rate for the month'
_SAME = re.compile(r"(?:当|那(?:一|个)?)(?:天|日|月|年|周|季度?)$|\b(?:that|the\s+same|same|the)\s+\w+$")
_ZH_RECENT = frozenset({"最近", "近期", "近来", "期间"})
# words of recency, which a period named elsewhere or a ranking by the latest says how recent
_RECENT = re.compile(r"recent(?:ly)?|lately|最近|近期|近来")
# jieba's time words that name no period: now, and the whole history
_ZH_NOW = frozenset({"现在", "目前", "当前", "如今", "至今", "迄今", "当下", "此时", "历史", "有史以来", "以来"})
# jieba's time words of an origin ('我们的客户最初从哪些渠道来'): how something began, no period
_ZH_ORIGIN = frozenset({"最初", "起初", "当初", "原先", "原来", "一开始", "开始", "早先"})
# times of a day ('我下午要发给他'): when the user works, no period of the data
_ZH_CLOCK = frozenset({"上午", "下午", "中午", "早上", "晚上", "今晚", "凌晨", "傍晚", "明早", "明天上午", "明天下午"})

_TEXT: dict[Language, str] = {
    "en": "I can't tell which period {words} means here, and answering without it would cover another period. "
    "Could you name the dates (e.g. 'last quarter', 'in 2025', 'since 2026-03-01')?",
    "zh": "我无法确定“{words}”指的是哪个时间段,不按它统计会得出另一个时间段的数字。请说明具体时间(例如“上季度”、“2025年”、“2026-03-01以来”)。",
}

Offsets = Callable[[int, int], tuple[int, int]]


def unexplained(
    model: SemanticModel,
    reading: Reading,
    spans: list[Span],
    query: SemanticQuery,
    original: Offsets,
    language: Language,
) -> Plan | None:
    """A clarify plan naming the period words of the question that no span of the plan explains; None when
    every such word is explained."""
    explained = [(s.start, s.end) for s in spans if s.turn == 0 and s.role not in ("filler", "correction")]
    grains = {d.grain for d in query.dimensions if d.grain}
    compared = query.compare is not None and (query.compare.previous_period or query.compare.year_over_year)
    dated = query.time_range is not None or bool(query.order_by)
    found: list[str] = []
    for start, end, word in period_words(reading):
        a, b = original(start, end)
        if any(x < b and a < y for x, y in explained) or _grain_of(word) in grains:
            continue  # '哪三个月销售额最高': the months are the rows of a series by month
        if compared or (dated and _RECENT.fullmatch(word)) or _windowed(model, query):
            continue  # 'the week before' of a comparison; 'lately' beside 'the last 2 months'; '三个月没成交' = silent
        if reading.times and _SAME.search(reading.masked[max(0, start - 9) : end]):
            continue  # '双十一当天', 'on that day': the period the question named
        if query.time_range is not None and _in_brackets(reading.masked, start):
            continue  # '去年双十一那一周（周一到周日）': the period said again
        if restates_length(reading.masked, reading.times, start, end):
            continue  # '昨天一天': the length of the day named
        found.append(word)
    if not found:
        return None
    words = ", ".join(f"'{w}'" for w in dict.fromkeys(found)) if language == "en" else "、".join(dict.fromkeys(found))
    return Plan(
        status="clarify", clarification=_TEXT[language].format(words=words), unrecognized=found, planner=PLANNER
    )


def period_words(reading: Reading) -> list[tuple[int, int, str]]:
    """Words of the question (offsets of `reading.masked`) that name or bound a period, time phrases aside."""
    text = reading.masked
    found = [(m.start(), m.end(), m.group()) for m in _EN_PERIOD.finditer(text)]
    for run in CJK_RUN.finditer(text):
        position = run.start()
        for word, flag in _segmented(run.group()):
            if word not in _ZH_NOW | _ZH_ORIGIN | _ZH_CLOCK and (
                flag == "t" or word in _ZH_RECENT or _ZH_PERIOD.fullmatch(word)
            ):
                found.append((position, position + len(word), word))
            position += len(word)
    return sorted(f for f in found if not _DURATION_BEFORE.search(text[: f[0]]))


def _windowed(model: SemanticModel, query: SemanticQuery) -> bool:
    """Whether a population of the plan is defined over a window of days ('silent': no order in the last 90 days),
    whose words a question may spell out."""
    names = [*query.segments, *(s for m in query.metrics if m in model.metrics for s in _segments_of(model, m))]
    return any((c := model.segments[n].not_exists) is not None and c.last_days for n in names if n in model.segments)


def _segments_of(model: SemanticModel, metric: str) -> list[str]:
    return list(getattr(model.metrics[metric], "segments", None) or [])


def _in_brackets(text: str, at: int) -> bool:
    opened = max(text.rfind("(", 0, at), text.rfind("（", 0, at))
    closed = max(text.rfind(")", 0, at), text.rfind("）", 0, at))
    return opened > closed


def _grain_of(word: str) -> str | None:
    """The grain a unit word names ('months', '个月' -> month)."""
    return next((grain for grain, pattern in _GRAINS if pattern.search(word)), None)


def _segmented(run: str) -> list[tuple[str, str]]:
    import jieba  # type: ignore[import-untyped, unused-ignore]  # lazy: ~1 s to load, only when needed
    import jieba.posseg  # type: ignore[import-untyped, unused-ignore]

    jieba.setLogLevel(logging.WARNING)
    return [(tag.word, tag.flag) for tag in jieba.posseg.cut(run)]
