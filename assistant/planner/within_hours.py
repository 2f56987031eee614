"""A bound on a duration said as 'within N hours' of its event: '3小时内就有首次回复的工单', '首次响应在2小时以内的',
'tickets that got a first reply within 5 hours'. The event word ('回复', '首次响应', 'first reply') names a duration
metric of the model (format `hours`); the number column of the same entity that measures the same expression is what
the bound is on, so the stretch is read as that column with an at-most bound ('首响时长不超过3小时' — which the
threshold rules already turn into `first_response_hours <= 3`), shown as a correction. Any N works: the model's own
'within 3 hours' phrases match first and keep their metric. With no such number column (the model has no column of
hours to resolve a ticket) nothing is rewritten and the words are asked back as before."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon, normalize
from assistant.planner.reading import Reading
from semantic_layer.time_calendar import parse_count

_N = r"(?P<n>\d+(?:\.\d+)?|十[一二三四五六七八九]?|[一两二三四五六七八九]十?[一二三四五六七八九]?)"
_WITHIN_ZH = rf"(?:在\s*)?{_N}\s*(?:个)?\s*(?:小时|钟头|h)\s*(?:以内|之内|内)"
# the verbs of receiving the event ('拿到了首次回复', '就能等到回复'): what the ticket got, told by the event after them
_AFTER_ZH = re.compile(
    _WITHIN_ZH + r"\s*(?:就|便|即)?\s*(?:能|可以)?\s*(?:有|得到|收到|获得|拿到|等到|接到|给|给了|做了)?\s*(?:了)?\s*"
)
_BEFORE_ZH = re.compile(r"(?:是|都)?\s*" + _WITHIN_ZH)
_WITHIN_EN = re.compile(r"\b(?P<event>[a-z]{5,})(?: to)?\s+(?:with)?in\s+(?P<n>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b")


def within_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, '<duration column> 不超过 N 小时' / '<column> of at most N hours') for each bound on an event."""
    durations = _duration_columns(lexicon)
    if not durations:
        return []
    text = reading.masked
    found: list[tuple[int, int, str]] = []
    for hit in _AFTER_ZH.finditer(text):
        event = _event_at(text, hit.end(), durations, after=True)
        if event is not None and not _said_by_model(reading, hit.start(), event[0]):
            found.append((hit.start(), event[0], f"{event[1][1]}不超过{_number(hit['n'])}小时"))
    for hit in _BEFORE_ZH.finditer(text):
        event = _event_at(text, hit.start(), durations, after=False)
        if event is not None and not _said_by_model(reading, event[0], hit.end()):
            found.append((event[0], hit.end(), f"{event[1][1]}不超过{_number(hit['n'])}小时"))
    for hit in _WITHIN_EN.finditer(text):  # 'a first reply within 5 hours', 'responded to within 2 hours'
        stem = hit["event"][:5]
        columns = {
            c for phrase, c in durations.items() if phrase.isascii() and any(w[:5] == stem for w in phrase.split())
        }
        if len(columns) == 1 and not _said_by_model(reading, hit.start(), hit.end()) and not _model_says(lexicon, hit):
            found.append((hit.start(), hit.end(), f"{columns.pop()[0]} of at most {hit['n']} hours"))
    return found


def _model_says(lexicon: Lexicon, hit: re.Match[str]) -> bool:
    """'1st response within 3h' is the model's own 'first response within 3 hours' once shorthand is read: kept."""
    for said in (f"{hit['event']} within {hit['n']} hours", f"first {hit['event']} within {hit['n']} hours"):
        if any((m.start, m.end) == (0, len(said)) and m.of("metric") for m in lexicon.find(said)):
            return True
    return False


def _number(said: str) -> str:
    return said if said[0].isdigit() else str(parse_count(said))


def _duration_columns(lexicon: Lexicon) -> dict[str, tuple[str, str]]:
    """Phrases of each duration metric with a number column of the same expression -> (English, Chinese) phrase of
    that column."""
    model = lexicon.model
    found: dict[str, tuple[str, str]] = {}
    for metric in model.metrics.values():
        measure_name = getattr(metric, "measure", None)
        if metric.format != "hours" or not isinstance(measure_name, str):
            continue
        entity, measure = model.measure(measure_name)
        for dim in model.entities[entity].dimensions.values():
            if dim.type != "number" or (dim.expr or "") != (measure.expr or "-"):
                continue
            english = [s for s in dim.synonyms if s.isascii()]
            chinese = [s for s in dim.synonyms if not s.isascii()]
            if not english or not chinese:
                continue
            for phrase in [metric.label.en, metric.label.zh, *metric.synonyms, *dim.synonyms]:
                found[normalize(phrase)] = (english[0], chinese[0])
    return found


def _event_at(
    text: str, at: int, durations: dict[str, tuple[str, str]], after: bool
) -> tuple[int, tuple[str, str]] | None:
    """The Chinese event word right after (or before) `at` that is inside a phrase of exactly one duration column:
    (its far end, that column's phrases)."""
    for length in (4, 3, 2):
        piece = text[at : at + length] if after else text[max(0, at - length) : at]
        if len(piece) != length or not re.fullmatch(r"[\u4e00-\u9fff]+", piece):
            continue
        columns = {column for phrase, column in durations.items() if piece in phrase}
        if len(columns) == 1:
            return (at + length if after else at - length), columns.pop()
    return None


def _said_by_model(reading: Reading, start: int, end: int) -> bool:
    """A phrase of the model with the bound inside it already names the stretch ('3小时内响应' is the model's 3-hour
    rate); the event word alone ('首次回复') is no such phrase."""
    return any(m.start < end and start < m.end and _BOUND.search(m.text) for m in reading.matches)


_BOUND = re.compile(r"\d|小时|钟头|hours?\b|hrs?\b")
