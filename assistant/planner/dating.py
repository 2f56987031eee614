"""The time range of a query: which date column a time phrase dates (the population's entry date or the
metric's own), and whether the question compares with the previous period.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from assistant.planner import conditions, cues, dated_by, event_gap, period_before, period_contrast
from assistant.planner.lexicon import normalize
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.shaping import _lexicon, _reachable
from semantic_layer import SemanticModel
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.query import METRIC_TIME, Grain
from semantic_layer.time_calendar import period_containing
from semantic_layer.time_phrases import ResolvedRange


def _time(model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]) -> None:
    if not reading.times or _split_periods(model, reading, query, assumptions):
        return
    if _two_calendar_periods(reading, query, assumptions):
        return
    # '截至今天今年的…': a single day ending another named period states that period's end, not a period
    ends = [t for t in reading.times if not (t.start == t.end and any(o.end == t.end > o.start for o in reading.times))]
    current = ends[0] if ends else reading.times[0]
    if (
        len(ends) == 2
        and ends[0].end < ends[1].start
        and _contrasted(reading, reading.text[ends[0].span[1] : ends[1].span[0]])
    ):
        current = ends[1]  # '2024 vs 2025': the later period, compared with the earlier one named first
    time_range: dict[str, Any] = {
        "start": current.start.isoformat(),
        "end": current.end.isoformat(),
        "label": current.label,
    }
    stated = dated_by.stated_field(model, reading)  # '按流失日期算今年', 'this year by churn date'
    dated = stated[0] if stated else _population_date(model, reading, current, query.get("segments"))
    if dated and query.get("kind") == "metrics" and query.get("metrics"):
        anchor = leaf(model, leaf_names(model, query["metrics"][0])[0]).entity
        owner = dated.partition(".")[0]
        if owner != anchor and not _reachable(model, anchor, owner):
            dated = None  # a time column of an unrelated entity ('opened' of tickets for marketing touches)
    if not dated and query.get("kind") == "metrics" and query.get("metrics"):
        dated = _counted_population_date(model, query)
    if dated:
        time_range["field"] = dated
        assumptions.append(assumption(reading.language, "dates_population", phrase=current.phrase.strip(), field=dated))
    query["time_range"] = time_range
    later = [t for t in reading.times if t is not current]
    spans = sorted([current.span, later[0].span]) if later else []
    between = reading.text[spans[0][1] : spans[1][0]] if later else ""
    compare_cue = bool(cues.PREVIOUS_PERIOD.search(reading.text)) or bool(
        later and _contrasted(reading, between) and later[0].end < current.start
    )
    # 'tickets last week with the week before that': the period before, named by pointing back
    # ('the previous month' may be read as 'last month' again: the same dates, no second period)
    again = all((t.start, t.end) == (current.start, current.end) for t in later)
    pointed = again and period_before.previous_named(reading.text, current)
    compare_cue = compare_cue or pointed
    # 'by region, … last month next to the month before': a period pointed back to is no group set against another
    if compare_cue and not later and not pointed and _contrasts_groups(reading, query):
        compare_cue = False  # 'app vs website on AOV in the last 6 months': 'last' is the window, 'vs' the groups
    if compare_cue and query.get("kind") == "metrics" and not any(d.get("grain") for d in query.get("dimensions", [])):
        query["compare"] = {"previous_period": True}


def _contrasted(reading: Reading, between: str) -> bool:
    """'Q3 vs Q2', 'how did November compare with October', 'better in Q3 or in Q2' (`period_contrast.py`)."""
    return bool(cues.TIME_CONTRAST.search(between)) or period_contrast.contrasted(reading.masked, between)


def _contrasts_groups(reading: Reading, query: dict[str, Any]) -> bool:
    """One period and a breakdown: the comparison word sets the groups side by side, and the period word it
    reached ('vs … in the last 6 months') is the window itself — unless the words outside time phrases still
    ask for the previous period ('vs the period before', 'MoM')."""
    groups = [d for d in query.get("dimensions", []) if not d.get("grain") and d.get("name") != METRIC_TIME]
    values = [f for f in query.get("filters", []) if f.get("op") == "in"]
    populations = len(reading.segments) + len(reading.negated_segments) + len(reading.metric_or_segment) >= 2
    both_ways = any(reading.metrics.count(m) > 1 for m in reading.metrics)  # 'complaint tickets vs non-complaint ones'
    contrast = reading.has(cues.SEGMENT_CONTRAST) and bool(values or populations or both_ways)
    return bool(groups or contrast) and not cues.PREVIOUS_PERIOD.search(reading.masked)


def _counted_population_date(model: SemanticModel, query: dict[str, Any]) -> str | None:
    """'How many customers churned because of price in the last 6 months': when the metric only counts the
    entity of a dated population (a segment with an 'entered on' date), the time phrase dates the population
    (churn_date), not the entity's own default date (sign-up)."""
    counts = set(_lexicon(model).count_metric.items())
    for name in query.get("segments", []):
        segment = model.segments[name]
        if segment.time_dimension and all((segment.entity, m) in counts for m in query["metrics"]):
            return f"{segment.entity}.{segment.time_dimension}"
    filters = query.get("filters", [])
    for segment in model.segments.values():  # 'customers lost in the last 12 months': a value that IS the population
        found = conditions.as_filters(model, segment.entity, segment.filter) if segment.time_dimension else None
        counted = all((segment.entity, m) in counts for m in query["metrics"])
        if found and counted and segment.not_exists is None and all(f in filters for f in found):
            return f"{segment.entity}.{segment.time_dimension}"
    return None


def _names_population(model: SemanticModel, entity: str, text: str) -> bool:
    """'churned customers' ends with a noun of the segment's entity (its label or synonyms, from the model)."""
    nouns = [model.entities[entity].label.en, model.entities[entity].label.zh, *model.entities[entity].synonyms]
    stem = normalize(text).rstrip("s")
    return any(stem.endswith(normalize(noun).rstrip("s") if noun.isascii() else noun) for noun in nouns if noun)


# 'customers who left us during 2025', 'who churned in Q3': the event's object and a preposition between the event
# and its period
_DATING_GAP = frozenset({"us", "in", "during", "over", "within", "throughout", "the"})
# 'joined us in 2024', 'signed up with us in 2024': the party joined, between an entry event and its period
_JOINED_GAP = frozenset({"us", "with"})


def _population_date(
    model: SemanticModel, reading: Reading, when: ResolvedRange, used: list[str] | None = None
) -> str | None:
    """'customers who churned in the last 3 months' / '最近三个月流失的客户': the time phrase dates the
    segment (its entry date) when it sits right against a segment word naming the event. `used`: the query's
    segments (a population counted as a metric of its own does not date the other metrics)."""
    named = [(n, m) for n, m in reading.segments if used is None or n in used]
    for name, match in [*named, *((s, m) for _, s, m in reading.metric_or_segment)]:
        segment = model.segments[name]
        if not segment.time_dimension:
            continue
        gap_after = reading.text[match.end : when.span[0]]
        gap_before = reading.text[when.span[1] : match.start]
        names_event = not _names_population(model, segment.entity, match.text)
        if match.end <= when.span[0] and set(gap_after.split()) <= _DATING_GAP and names_event:
            return f"{segment.entity}.{segment.time_dimension}"
        if when.span[1] <= match.start and len(gap_before.strip(" 的")) == 0:
            return f"{segment.entity}.{segment.time_dimension}"
        if when.span[1] <= match.start and event_gap.only_circumstances(
            reading, when.span[1], match.start, segment.entity
        ):  # '今年因为价格原因流失的客户': the reason said between the period and the churn
            return f"{segment.entity}.{segment.time_dimension}"
    for entries, negated, match in reading.values:  # 'customers we lost this year': a value that IS the population
        dated = _value_population_date(model, entries) if not negated else None
        after = match.end <= when.span[0] and reading.text[match.end : when.span[0]].strip() == ""
        before = when.span[1] <= match.start and reading.text[when.span[1] : match.start].strip(" 的") == ""
        if dated and (after or before):
            return dated
    for candidates, match in reading.mentioned_dimensions:
        times = [c for c in candidates if model.dimension(c)[1].type == "time"]
        touching = (  # the phrase right after ('signed up in 2024', 'joined us in 2024') or right before ('去年注册')
            (match.end <= when.span[0] and set(reading.text[match.end : when.span[0]].split()) <= _JOINED_GAP)
            or (when.span[1] <= match.start and reading.text[when.span[1] : match.start].strip(" 的新") == "")
        )  # '今年新注册的客户': 新 (newly) between the period and the event word
        if times and touching:
            return times[0]
    return None


def _split_periods(model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]) -> bool:
    """'Orders this year from customers who signed up last year': two periods, one dating the population (a
    date filter on its entry date) and one dating the activity (the time range of the metric or texts).
    True when the query got both; False leaves the question to the one-period reading (and its checks)."""
    kind = query.get("kind")
    distinct = {(t.start, t.end) for t in reading.times}
    # the same period may be named twice, once for who and once for when ('今年流失的客户今年投诉了多少次')
    if len(reading.times) != 2 or not distinct or kind not in ("metrics", "themes"):
        return False
    if reading.has(cues.PREVIOUS_PERIOD) or reading.has(cues.YEAR_OVER_YEAR):
        return False
    if distinct == {(reading.times[0].start, reading.times[0].end)} and dated_by.stated_field(model, reading):
        return False  # '上季度流失客户的投诉（按流失日期算上季度）': one period, said again with the date it is on
    dated = [_population_date(model, reading, t, query.get("segments")) for t in reading.times]
    if sum(d is not None for d in dated) == 2:  # 'tickets opened last month by …': the activity's own date is no who
        own_dates = _activity_dates(model, query)
        dated = [None if d in own_dates else d for d in dated]
    if sum(d is not None for d in dated) != 1:
        return False
    population = next(d for d in dated if d is not None)
    who, action = (reading.times[0], reading.times[1]) if dated[0] else (reading.times[1], reading.times[0])
    if kind == "metrics" and query.get("metrics"):
        leaves = [leaf(model, n) for m in query["metrics"] for n in leaf_names(model, m)]
        anchors = {item.entity for item in leaves}
        own = {f"{item.entity}.{item.time_dimension}" if item.time_dimension else "" for item in leaves}
    elif kind == "themes" and query.get("text_field"):
        anchor = model.text_fields[query["text_field"]].entity
        day = model.entities[anchor].default_time_dimension
        anchors, own = {anchor}, {f"{anchor}.{day}" if day else ""}
    else:
        return False
    owner = population.partition(".")[0]
    if population in own or "" in own or any(a != owner and not _reachable(model, a, owner) for a in anchors):
        return False  # the activity has no date of its own apart from the population's: asked back later
    query["filters"] = [
        *query.get("filters", []),
        {"field": population, "op": "between", "values": [who.start.isoformat(), who.end.isoformat()]},
    ]
    query["time_range"] = {"start": action.start.isoformat(), "end": action.end.isoformat(), "label": action.label}
    language = reading.language
    assumptions.append(assumption(language, "dates_population", phrase=who.phrase.strip(), field=population))
    assumptions.append(assumption(language, "dates_activity", phrase=action.phrase.strip()))
    return True


def _activity_dates(model: SemanticModel, query: dict[str, Any]) -> set[str]:
    """The date columns the query's metrics are dated by ('ticket.created_at' for tickets)."""
    leaves = [leaf(model, n) for m in query.get("metrics") or [] for n in leaf_names(model, m)]
    return {f"{item.entity}.{item.time_dimension}" for item in leaves if item.time_dimension}


def _value_population_date(model: SemanticModel, entries: Any) -> str | None:
    """The entry date of the dated segment a value stands for ('lost' -> status churned -> churn_date)."""
    said = [{"field": e.target, "op": "=", "values": [e.value]} for e in entries if e.kind == "value"]
    for segment in model.segments.values():
        found = conditions.as_filters(model, segment.entity, segment.filter) if segment.time_dimension else None
        if found and segment.not_exists is None and len(found) == 1 and found[0] in said:
            return f"{segment.entity}.{segment.time_dimension}"
    return None


_BOTH = re.compile(r"(?:and|&|,|和|与|跟|及|以及|还有|、|，)")
_CONTRASTED = re.compile(
    r"\b(?:vs\.?|versus|compared?|comparing|comparison|against|relative to|difference|differ)\b"
    r"|对比|相比|比较|(?<!占)比(?!例|重)|差[别异距]|区别"
)
_UNITS: tuple[Grain, ...] = ("day", "week", "month", "quarter", "year")


def _two_calendar_periods(reading: Reading, query: dict[str, Any], assumptions: list[str]) -> bool:
    """'这个月和上个月的营收分别是多少', 'revenue this month and last month': two calendar periods of one unit, one
    right after the other, named side by side ('and', not 'vs'), are both answered as named — one row per period
    (this month to date, the whole of last month) — not as a partial month against a same-length window.
    MoM / 环比 / 'vs last month' wording keeps the previous-period comparison."""
    if query.get("kind") != "metrics" or len(reading.times) != 2 or any(d.get("grain") for d in query["dimensions"]):
        return False
    if reading.has(cues.PREVIOUS_PERIOD) or reading.has(cues.COMPARISON_WORDS) or reading.has(cues.YEAR_OVER_YEAR):
        return False
    if _CONTRASTED.search(reading.text):  # '上周和上上周的工单量对比', 'compare …': the comparison, as today
        return False
    first, second = sorted(reading.times, key=lambda t: t.span[0])
    if not _BOTH.fullmatch(reading.text[first.span[1] : second.span[0]].strip()):
        return False
    earlier, later = sorted((first, second), key=lambda t: t.start)
    for unit in _UNITS:
        whole = period_containing(earlier.start, unit)
        current = period_containing(later.start, unit)
        if (earlier.start, earlier.end) != whole or later.start != current[0] or later.end > current[1]:
            continue
        if whole[1] + timedelta(days=1) != current[0]:
            return False
        label = f"{earlier.label} – {later.label}"
        query["time_range"] = {"start": earlier.start.isoformat(), "end": later.end.isoformat(), "label": label}
        query["dimensions"] = [*query["dimensions"], {"name": METRIC_TIME, "grain": unit}]
        assumptions.append(
            assumption(
                reading.language,
                "periods_as_named",
                first=f"{earlier.phrase.strip()} ({earlier.start}..{earlier.end})",
                second=f"{later.phrase.strip()} ({later.start}..{later.end})",
            )
        )
        return True
    return False
