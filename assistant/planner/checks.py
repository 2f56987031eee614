"""Checks around the offline planner's reading of a question, each derived from the model or the grammar:
refusals (writes, personal data), the overview for vague questions, words nothing explains, year-over-year,
and what a follow-up kept from or dropped of the previous question."""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz, process

from assistant.contracts import Language, Plan
from assistant.planner import before_that, cues
from assistant.planner.dating import _names_population
from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.messages import assumption, refuse, suggestions
from assistant.planner.own_year_back import compared_a_year_back
from assistant.planner.reading import Reading
from assistant.planner.value_words import owned_value
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric
from semantic_layer.query import METRIC_TIME, Compare, Grain, TimeRange
from semantic_layer.time_calendar import period_containing
from semantic_layer.time_phrases import ResolvedRange, previous_period, resolve_time_phrase, same_period_last_year

PLANNER = "offline"


def refusal(
    model: SemanticModel, reading: Reading, lexicon: Lexicon, language: Language, previous: SemanticQuery | None = None
) -> Plan | None:
    """Write requests and questions about personal (`pii`) columns are refused, naming why. A personal-data word
    that is a value of a field the question or the previous one uses ('by channel' then 'and email?') is that
    value."""
    hints = suggestions(model, language)
    if cues.DECLINE["write"].search(reading.masked) or _acts_on_data(model, reading) or sets_value(reading):
        return refuse(language, assumption(language, "write"), hints)
    personal = lexicon.personal_data(reading.masked, reading.matches)
    # a personal-data word that is a value of a field the question (or the previous one) names is that value
    used = {d.name for d in previous.dimensions} | {f.field for f in previous.filters} if previous else set()
    worded = [
        h
        for h in cues.DECLINE["pii"].finditer(reading.masked)
        if not _value_of_named_field(reading, h, model) and not _value_of_used_field(reading, h, used)
    ]
    if personal or worded:
        labels: list[str] = []
        for _, field in personal:
            dimension = model.dimension(field)[1]
            label = getattr(dimension.label, language) if dimension.label else field
            if label not in labels:
                labels.append(label)
        fields = ("、" if language == "zh" else ", ").join(labels) or ("个人信息" if language == "zh" else "That")
        return refuse(language, assumption(language, "pii_field", fields=fields), hints)
    return None


def _value_of_named_field(reading: Reading, hit: re.Match[str], model: SemanticModel) -> bool:
    """'delivery rate for each channel (sms / email)': a personal-data word that is a value of a field the
    question names itself is that value, not a request for someone's contact details."""
    same = next((m for m in reading.matches if (m.start, m.end) == hit.span()), None)
    fields = {e.target for e in same.of("value")} if same is not None else set()
    if same is not None and _listed_with_value(reading, same, fields):
        return True
    if same is not None and owned_value(model, reading.masked, same, reading.matches):
        return True  # 'conversion rate of email': the touch channel, owned by a metric of its entity
    return any(
        e.kind == "dimension" and e.target in fields for m in reading.matches if m is not same for e in m.entries
    )


def _acts_on_data(model: SemanticModel, reading: Reading) -> bool:
    """'email the churned customers', 'cancel order #123', 'email churned customers a coupon': an imperative
    followed by what it acts on (a determiner, a number, or a population or entity of the model) — unless the word
    is a value owned by a metric or entity noun of its field's entity ('email conversion rate')."""
    action = cues.ACTION.search(reading.masked)
    if action is not None and not _value_before_its_metric(model, reading, action):
        return True
    verb = cues.ACTION_VERB.match(reading.masked)
    return verb is not None and any(
        m.start == verb.end() and (m.of("entity") or m.of("segment")) for m in reading.matches
    )


def _value_of_used_field(reading: Reading, hit: re.Match[str], used: set[str]) -> bool:
    same = next((m for m in reading.matches if (m.start, m.end) == hit.span()), None)
    return same is not None and any(e.target in used for e in same.of("value"))


def _value_before_its_metric(model: SemanticModel, reading: Reading, action: re.Match[str]) -> bool:
    """An action word at the start that is a value owned by a metric or entity noun of its field's entity."""
    word = re.search(r"[a-z]+$", action.group(0))
    same = next((m for m in reading.matches if word is not None and (m.start, m.end) == word.span()), None)
    return same is not None and owned_value(model, reading.masked, same, reading.matches)


_VALUE_LIST = re.compile(r"^\s*(?:or|and|plus|vs\.?|versus|/|\+|&|,|、|，|和|与|跟|还是|或)\s*$")
_SHOW_BEFORE = re.compile(
    r"\b(?:show|list|give|get|pull|display|export|send|what's|what is|what are)\b|查|给我|列出|导出"
)
_WHOSE = re.compile(r"(?:'s|\bof|的)\s*$")


def _listed_with_value(reading: Reading, same: Match, fields: set[str]) -> bool:
    """'does SMS or email convert better': a personal-data word listed right next to another value of the same
    field (or / vs / and / 、 / 还是) is that value too, unless it is someone's ('the customer's email') or a
    record is named ('customer C0000123')."""
    before = reading.masked[: same.start]
    if not fields or reading.record_ids or _WHOSE.search(before) or _SHOW_BEFORE.search(before):
        return False
    for other in reading.matches:
        if other is same or not {e.target for e in other.of("value")} & fields:
            continue
        gap = (
            reading.masked[other.end : same.start]
            if other.end <= same.start
            else reading.masked[same.end : other.start]
        )
        if _VALUE_LIST.match(gap):
            return True
    return False


def sets_value(reading: Reading) -> bool:
    """'把所有流失客户的状态改成活跃', '把客户C0000123的等级改成A', 'change the status of all churned customers to
    active': setting a field of records (the object names an entity, a population or a record, and a field of
    the model) to something is a write, not a question. '改成按月' names no records and stays a follow-up."""
    found = cues.SET_VALUE.search(reading.masked)
    if found is None:
        return False
    group = "zh_object" if found.group("zh_object") is not None else "en_object"
    start, end = found.span(group)
    inside = [m for m in reading.matches if start <= m.start and m.end <= end]
    records = any(m.of("entity") or m.of("segment") for m in inside)
    records = records or any(start <= a and b <= end for _, _, a, b in reading.record_ids)
    fields = any(m.of("dimension") for m in inside)
    return records and fields and bool(reading.masked[found.end() :].strip(" ?!.。？！"))


def is_vague(reading: Reading, unrecognized: list[str]) -> bool:
    """Nothing but filler (and maybe a time phrase): 'how are we doing?', '最近怎么样', 'how did last month go?'.
    A fragment that works on an earlier answer ('list them', 'sort by highest', 'what share is that') is not
    vague: with nothing to work on it is asked back, never answered with the overview."""
    named = reading.matches or unrecognized or reading.has(cues.THEMES)
    return not named and reading.has(cues.STATE_QUESTION) and not works_on_an_answer(reading)


def works_on_an_answer(reading: Reading) -> bool:
    """'list them', 'sort by highest', 'what share is that': words that act on an earlier answer's rows."""
    cued = (cues.THOSE, cues.LIST_VERB, cues.SHARE, cues.DESCENDING, cues.ASCENDING, cues.REFERS_BACK, cues.FOLLOW_UP)
    return any(reading.has(c) for c in cued)


def overview(model: SemanticModel, reading: Reading, as_of: date, language: Language) -> Plan | None:
    if model.overview is None:
        return None
    when = reading.times[0] if reading.times else resolve_time_phrase(model.overview.time, as_of)
    time_range = TimeRange(start=when.start, end=when.end, label=when.label)
    query = SemanticQuery.model_validate({"metrics": list(model.overview.metrics), "time_range": time_range,
                                          "compare": _overview_compared(reading)})  # fmt: skip
    labels = [getattr(model.metrics[m].label, language) for m in model.overview.metrics]
    note = assumption(language, "overview", metrics=("、" if language == "zh" else ", ").join(labels))
    return Plan(status="ok", query=query, assumptions=[note], planner=PLANNER)


def _overview_compared(reading: Reading) -> dict[str, bool] | None:
    """'how are we doing this month compared to last month': the period before (to the same day when this one is
    under way), or the same period a year earlier, when the second period named starts there."""
    if len(reading.times) != 2:
        return None
    first, second = reading.times
    if second.start == previous_period(first.start, first.end)[0]:
        return {"previous_period": True}
    if second.start == same_period_last_year(first.start, first.end)[0]:
        return {"previous_period": True, "year_over_year": True}
    return None


def ask_about_words(
    lexicon: Lexicon, words: list[str], language: Language, hints: list[str], covers: str | None = None
) -> Plan:
    """Words no element of the model explains: ask back, naming them, with the closest known phrases (and
    `covers`, what the data is about, when the question named nothing of it)."""
    quoted = ", ".join(f"'{w}'" for w in words) if language == "en" else "、".join(words)
    text = assumption(language, "unrecognized", words=quoted)
    phrases = lexicon.phrases()
    close: list[str] = []
    for word in words:
        for phrase, score, _ in process.extract(word, phrases, scorer=fuzz.WRatio, limit=3, score_cutoff=75):
            if phrase not in close and score:
                close.append(phrase)
    if close:
        text += assumption(language, "did_you_mean", options=", ".join(close[:4]))
    if covers:
        text += assumption(language, "covers", data=covers)
    return Plan(status="clarify", clarification=text, suggestions=hints, unrecognized=words, planner=PLANNER)


def year_over_year(reading: Reading, query: SemanticQuery, language: Language) -> SemanticQuery | Plan:
    """'YoY' / '同比': the same period a year before (compare.year_over_year); with no time range, a series by
    year. A series over time or a comparison of segments cannot also compare years, so ask which one.
    A second period the question names ("Nov 2026 vs Nov 2025") decides the comparison the same way."""
    query = _one_period_series(reading, query)
    if query.time_range is not None and query.compare is not None and query.compare.previous_period:
        days = (query.time_range.end - query.time_range.start).days + 1
        other_stretch = before_that.unlike_stretch(reading.text, days)  # '近7天 vs 再往前30天'
        if other_stretch is not None:
            phrase = query.time_range.label or f"{query.time_range.start}..{query.time_range.end}"
            clarification = assumption(language, "compare_unsupported", phrase=phrase, other=other_stretch)
            return Plan(status="clarify", clarification=clarification, planner=PLANNER)
    named = _named_comparison(reading, query)
    if named == "year":
        assert query.compare is not None
        return query.model_copy(update={"compare": query.compare.model_copy(update={"year_over_year": True})})
    if named == "other":
        assert query.time_range is not None
        other = next(t for t in reading.times if t.end < query.time_range.start)
        phrase = query.time_range.label or f"{query.time_range.start}..{query.time_range.end}"
        return Plan(
            status="clarify",
            clarification=assumption(language, "compare_unsupported", phrase=phrase, other=other.label),
            planner=PLANNER,
        )
    if query.kind != "metrics" or not (reading.has(cues.YEAR_OVER_YEAR) or compared_a_year_back(reading)):
        return query
    time_range = query.time_range
    if time_range is None:
        if any(d.grain for d in query.dimensions):
            return query
        dimensions = [*query.dimensions, {"name": METRIC_TIME, "grain": "year"}]
        return query.model_validate(
            {
                **query.model_dump(mode="json", exclude_none=True),
                "dimensions": dimensions,
                "order_by": [],
                "limit": None,
            }
        )
    compare = query.compare
    if not any(d.grain for d in query.dimensions) and (compare is None or not compare.segments):
        return query.model_copy(update={"compare": Compare(previous_period=True, year_over_year=True)})
    phrase = time_range.label or f"{time_range.start}..{time_range.end}"
    return Plan(status="clarify", clarification=assumption(language, "yoy_unsupported", phrase=phrase), planner=PLANNER)


def outside_party(model: SemanticModel, reading: Reading) -> bool:
    """'Our competitors' revenue' / '我们竞争对手上季度的营收': a value word naming another organisation
    (`cues.OTHER_PARTY`) and owning a metric is a party of its own (a filter would answer with our own figures).
    'Our' before any other value of the model ('我们北京的营收', 'our Shanghai revenue') is our own data; 'our
    Beijing customers' names an entity noun after the value, and 'revenue from competitor churn' has no
    possessive."""
    for _, negated, match in reading.values:
        party = bool(cues.OTHER_PARTY.search(match.text))  # "competitors' revenue" needs no 'our'
        if negated or not (party or cues.OWNER_BEFORE.search(reading.masked[: match.start])):
            continue
        if any(_names_population(model, e.target.partition(".")[0], match.text) for e in match.entries):
            continue  # 'A类客户': the value names rows of its own entity
        owned = next((m for m in reading.strong_matches if m.start >= match.end), None)
        kinds = {e.kind for e in owned.entries} if owned is not None else set()
        metric = "metric" in kinds and not kinds & {"entity", "segment"}  # 'our tier A customers' is ours
        possessive = owned is not None and bool(cues.POSSESSIVE_AFTER.match(reading.masked[match.end : owned.start]))
        # 'our competitors' revenue' is another party's; 'our Beijing revenue' (a city of the model) is ours
        if possessive and metric and party:
            return True
    return False


def _one_period_series(reading: Reading, query: SemanticQuery) -> SemanticQuery:
    """'rev MoM for oct', '10月环比': a change asked for over exactly one period of the series' own grain would
    be a series of one point; it is that period against the previous one."""
    time_range = query.time_range
    grains = [d for d in query.dimensions if d.grain]
    if query.kind != "metrics" or time_range is None or len(grains) > 1 or query.compare is not None:
        return query
    if not reading.has(cues.COMPARISON_WORDS) or reading.has(cues.YEAR_OVER_YEAR):
        return query
    if grains:  # a series by the unit of the change ('MoM' -> by month)
        if grains[0].name != METRIC_TIME or grains[0].grain is None:
            return query
        units: tuple[Grain, ...] = (grains[0].grain,)
    else:  # no series: only a named period-over-period word ('QoQ for Q3', '10月环比') says which unit
        units = tuple(unit for unit, pattern in _PERIOD_OVER_PERIOD.items() if pattern.search(reading.text))
    if not any(_one_period(time_range.start, time_range.end, unit) for unit in units):
        return query
    dimensions = [d for d in query.dimensions if not d.grain]
    return query.model_copy(update={"dimensions": dimensions, "compare": Compare(previous_period=True)})


# no \b: shorthand glued to Chinese ('10月销售额MoM') has no word boundary before it
_PERIOD_OVER_PERIOD: dict[Grain, re.Pattern[str]] = {
    "week": re.compile(r"(?<![a-z])(?:wow|week over week)(?![a-z])|周环比|环比"),
    "month": re.compile(r"(?<![a-z])(?:mom|month over month)(?![a-z])|月环比|环比"),
    "quarter": re.compile(r"(?<![a-z])(?:qoq|quarter over quarter)(?![a-z])|季环比|环比"),
}


def _one_period(start: date, end: date, unit: Grain) -> bool:
    """Whether [start, end] is one calendar period of `unit`, or one to date."""
    first, last = period_containing(start, unit)
    return start == first and end <= last


def _named_comparison(reading: Reading, query: SemanticQuery) -> str | None:
    """Which period a question compares with when it names a second one: 'previous', 'year' (the same period
    a year before) or 'other' (neither: the compiler cannot compare with it). None when it names none."""
    time_range, compare = query.time_range, query.compare
    if time_range is None or compare is None or not compare.previous_period or compare.year_over_year:
        return None
    if compare.whole_previous:  # 'this year so far vs all of last year' (whole_and_to_date.py)
        return None
    if reading.has(cues.PREVIOUS_PERIOD):  # 'vs the previous quarter': said in words
        return None
    # only a period wholly before the asked one is compared with ('前一个季度' reads as a window up to today)
    others = [t for t in reading.times if t.end < time_range.start]
    if not others:
        return None
    start = others[0].start  # a period to date ("this month") is compared to the same day, so starts decide
    if _said_whole(reading, others[0]) and others[0].end > previous_period(time_range.start, time_range.end)[1]:
        return "other"  # 'this year so far vs all of last year': not the same stretch to date, which would answer
    if start == previous_period(time_range.start, time_range.end)[0]:
        return "previous"
    if start == same_period_last_year(time_range.start, time_range.end)[0]:
        return "year"
    return "other"


# 'all of last year', '去年全年', 'the whole of Q3': the other period meant in full, not to the same day
_WHOLE = re.compile(
    r"\b(?:all\s+of|the\s+whole\s+of|whole|full|entire|complete)\s+$|全年|整年|全月|整月|整个季度|全季度"
)


def _said_whole(reading: Reading, period: ResolvedRange) -> bool:
    """Whether the words right around a period (just before it, or right after it in Chinese) say it is meant whole."""
    start, end = period.span
    before = reading.text[max(0, start - 14) : start].lower()
    after = reading.text[end : end + 3]
    inside = re.search(r"全年|整年|全月|整月|全季度|整个季度|\bfull\b|\bwhole\b", period.phrase)
    return bool(
        _WHOLE.search(before) or inside or re.match(r"\s*(?:全年|整年|全月|整月|全季度|整个季度|in full)", after)
    )


def share_as_rate(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, str | None]:
    """'What share of customers churned': a count whose model declares a rate over it becomes that rate."""
    if query.kind != "metrics" or not reading.has(cues.SHARE) or len(query.metrics) != 1:
        return query, None
    counted = query.metrics[0]
    rates = [
        n for n, m in model.metrics.items() if isinstance(m, RatioMetric) and m.numerator == counted and not m.hidden
    ]
    if not rates:
        return query, None
    return query.model_copy(update={"metrics": [rates[0]]}), assumption(language, "share_as_rate", metric=rates[0])
