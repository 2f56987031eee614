"""'the 8 tickets from last week that took longest to resolve', 'the 5 tickets with the longest resolution time',
'上周解决时间最长的8张工单': records ranked by how long one of their events took; '首次响应超过24小时的工单', 'tickets whose
first reply took over 24 hours': records whose duration passes a number of hours. The duration is the number field of the
listed entity that the model computes for that event: the field with the same expression as the averaged measure of
the duration metric named ('resolution time', 'take to resolve'), or the one field whose expression reads the event's
date named with a length word ('解决时间最长': resolved_at → the hours from creation to resolution). A date is never
'longest', so without this reading the rows came unordered or the number of rows was asked back."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

_LONG = r"longest|most time|longer|slowest|最长|最久|最慢"
_SHORT = r"shortest|least time|less time|shorter|fastest|quickest|最短|最快"
# 'took longest to resolve', 'take the least time to reply': the verb the model names the duration with ('take to
# resolve'), with the length word between
_TOOK = re.compile(rf"\b(?:take|takes|taking|took|taken)\s+(?:the\s+)?({_LONG}|{_SHORT})\s+to\s+([a-z]+)\b")
_LENGTH = re.compile(rf"^\s*(?:the\s+)?(?:{_LONG}|{_SHORT})|^\s*(?:是|为)?(?:{_LONG}|{_SHORT})")


def records_by_duration(model: SemanticModel, lexicon: Lexicon, reading: Reading) -> tuple[str, str, str] | None:
    """(entity, duration field, direction) when the question asks for a number of rows of one entity noun, or lists
    them, ordered by how long an event of theirs took; None otherwise (a count, a breakdown, no length word)."""
    if reading.breakdowns or reading.has(cues.COUNT) or len(set(reading.entities)) != 1:
        return None
    if cues.count_in(reading.masked) is None and not reading.asks_records():
        return None
    entity = reading.entities[0]
    found = duration_sort(model, lexicon, reading, entity)
    return None if found is None else (entity, *found)


def duration_sort(model: SemanticModel, lexicon: Lexicon, reading: Reading, entity: str) -> tuple[str, str] | None:
    """(duration field of `entity`, direction) the question orders its rows by, if it names one with a length word."""
    took = _TOOK.search(reading.masked)
    if took is not None:
        metrics = {e.target for m in lexicon.find(f"take to {took.group(2)}") for e in m.of("metric")}
        field = _field_of_metrics(model, entity, metrics)
        if field is not None:
            return field, _direction(took.group(1))
    for match in reading.matches:
        length = _LENGTH.match(reading.masked[match.end :]) or _LENGTH_BEFORE.search(reading.masked[: match.start])
        if length is None:
            continue
        field = _field_of_metrics(model, entity, {e.target for e in match.of("metric")})
        field = field or _field_of_dates(model, entity, {e.target for e in match.of("dimension")})
        if field is not None:
            return field, _direction(length.group(0))
    return None


# 'with the longest resolution time', 'took longest to <the duration the shorthand spelled out>'
_LENGTH_BEFORE = re.compile(rf"\b(?:the\s+)?(?:{_LONG}|{_SHORT})\s+(?:to\s+)?$")


def _direction(word: str) -> str:
    return "asc" if re.search(_SHORT, word) else "desc"


def _field_of_metrics(model: SemanticModel, entity: str, metrics: set[str]) -> str | None:
    """The number field of `entity` with the expression of the averaged measure of one of `metrics`."""
    fields = set()
    for name in metrics:
        metric = model.metrics.get(name)
        if not isinstance(metric, SimpleMetric):
            continue
        owner, measure = model.measure(metric.measure)
        if owner != entity or measure.agg != "avg":
            continue
        dims = model.entities[entity].dimensions
        fields |= {f"{entity}.{d}" for d, dim in dims.items() if dim.type == "number" and dim.expr == measure.expr}
    return fields.pop() if len(fields) == 1 else None


def _field_of_dates(model: SemanticModel, entity: str, dates: set[str]) -> str | None:
    """The one number field of `entity` whose expression reads the event date named (a duration up to that event)."""
    fields = set()
    for name in dates:
        owner, column = name.partition(".")[::2]
        if owner != entity or model.dimension(name)[1].type != "time":
            continue
        dims = model.entities[entity].dimensions
        reads = [d for d, dim in dims.items() if dim.type == "number" and re.search(rf"\b{column}\b", dim.expr or "")]
        fields |= {f"{entity}.{d}" for d in reads} if len(reads) == 1 else set()
    return fields.pop() if len(fields) == 1 else None


# what may stand between the event and its bound: 'first response took more than 24 hours', '解决用时超过48小时'
_TOOK_BRIDGE = re.compile(r"^\s*(?:took|takes|take|taking|was|is|of|at|用了|花了|用时|耗时)?\s*$")
_HOURS_AFTER = re.compile(r"^\s*(?:个)?\s*(?:小时|hours?|hrs?|h)\b|^\s*(?:个)?\s*小时")
_HOURS_LABEL = re.compile(r"\bhours?\b|小时", re.IGNORECASE)


def bounded_metrics(model: SemanticModel, reading: Reading) -> set[str]:
    """Duration metrics named only as the field of a bound in hours ('tickets with a resolution time over 48 hours'):
    they say which rows are counted or listed, they are no measure of the answer."""
    found: set[str] = set()
    for condition in cues.NUMERIC_CONDITION.finditer(reading.masked):
        before = _event_before(reading, condition)
        for entry in before.of("metric") if before is not None else []:
            metric = model.metrics.get(entry.target)
            entity = model.measure(metric.measure)[0] if isinstance(metric, SimpleMetric) else ""
            if entity and threshold_duration(model, reading, entity, condition):
                found.add(entry.target)
    return found


def _event_before(reading: Reading, condition: re.Match[str]) -> Match | None:
    if not _HOURS_AFTER.match(reading.masked[condition.end() :]):
        return None
    before = next((m for m in reversed(reading.matches) if m.end <= condition.start()), None)
    if before is None or not _TOOK_BRIDGE.match(reading.masked[before.end : condition.start()]):
        return None
    return before


def threshold_duration(model: SemanticModel, reading: Reading, entity: str, condition: re.Match[str]) -> str | None:
    """The duration field of `entity` a bound in hours is on, when the event or the duration metric is named right
    before it ('首次响应超过24小时', 'resolution time over 48 hours'); the field's label must say it counts hours."""
    before = _event_before(reading, condition)
    if before is None:
        return None
    field = _field_of_metrics(model, entity, {e.target for e in before.of("metric")})
    field = field or _field_of_dates(model, entity, {e.target for e in before.of("dimension")})
    label = model.dimension(field)[1].label if field else None
    return field if label is not None and _HOURS_LABEL.search(f"{label.en} {label.zh}") else None
