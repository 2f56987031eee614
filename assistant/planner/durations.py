"""Durations asked with a unit ("how many hours does it take to get a ticket resolved", "首次响应平均要多少小时",
"平均要多久才能解决（小时）") or ranked by speed ("哪种工单类别解决得最慢", "which channel resolves fastest"): the unit is how the answer is given, and the event word names the duration metric of
the model (a metric of format `hours`) whose phrases hold that word ('resolved' -> 'resolution time', '响应' ->
'首次响应时间'). Read before planning as a correction (role `correction`, shown in the assumptions); with no duration
metric for the event, or two, nothing is rewritten and the words are asked back as before."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon
from assistant.planner.reading import Reading
from assistant.planner.words import fillers, zh_leftover

# how long, in a unit: the unit words are answered by the metric's own format
_ASKED_EN = re.compile(
    r"\bhow (?:many|much)(?: time| hours?| hrs?| minutes?| mins?| days?)\b|\bhow long\b|\bhow quickly\b|\bhow fast\b"
    # 'avg hours to resolve', 'average days until first reply': the unit of an average before the event it times
    r"|\b(?:avg|average|mean)\.?\s+(?:hours?|hrs?|minutes?|mins?|days?)(?=\s+(?:to|until|till|before)\s+[a-z])"
)
_UNIT_EN = re.compile(r"\(?\s*\bin (?:hours|hrs|minutes|days)\b\s*\)?|\(\s*(?:hours|hrs|h)\s*\)")
_ASKED_ZH = re.compile(r"多久|多长时间|多少(?:个)?小时|几个?小时|多少(?:个)?钟头|多少天|几天")
_UNIT_ZH = re.compile(r"[(（]\s*(?:小时|h)\s*[)）]|(?:以|按)小时(?:计|算)")
_EN_WORD = re.compile(r"[a-z]+")
# the speed of an event ranked: its duration, ranked (fast = fewer hours; the words stay for the ranking)
_SPEED = re.compile(
    r"\b(?:slowest|fastest|quickest|slower|faster|quicker)\b|\b(?:take|takes|taking|took|taken)\s+(?:the\s+)?"
    r"(?:longest|shortest|most time|least time|longer|shorter|more time|less time)\b|最慢|最快|更慢|更快|比较慢|比较快"
)


def duration_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, replacement): the event word as the duration metric's phrase, the unit phrase as 'how long'."""
    text = reading.masked
    asked = [*_ASKED_EN.finditer(text), *_ASKED_ZH.finditer(text)]
    speed = list(_SPEED.finditer(text))  # '哪种工单类别解决得最慢', 'which channel resolves tickets fastest'
    if not asked and not speed:
        return []
    durations = {
        name: _phrases(lexicon, name)
        for name, m in lexicon.model.metrics.items()
        if m.format == "hours" and not m.hidden
    }
    if not durations or any(m.of("metric") and m.of("metric")[0].target in durations for m in reading.matches):
        return []  # the question names the duration metric itself: nothing to read
    # a value word may be the event ('resolved' of the ticket status): only metrics, entities, segments are kept
    matched = [(m.start, m.end) for m in reading.matches if any(e.kind != "value" for e in m.entries)]
    matched += [found.span() for found in [*asked, *speed]]
    events: list[tuple[int, int, str]] = []
    for start, end, word in _event_words(reading, matched):
        names = {name for name, phrases in durations.items() if any(_names(word, p) for p in phrases)}
        if len(names) == 1 and (word.isascii() or zh_leftover(word)):  # '平均' of every average is no event
            events.append((start, end, names.pop()))
    if len({name for _, _, name in events}) != 1:
        return []  # no event word, or words of two durations
    start, end, name = max(events, key=lambda e: (e[1] - e[0], -e[0]))  # the longest stretch ('首次响应')
    zh = not text[start:end].isascii()
    fixes = [(start, end, _canonical(lexicon, name, not zh))]
    for found in asked:
        said = "多久" if zh else "how long"
        if found.group() != said:
            fixes.append((found.start(), found.end(), said))
    for unit in [*_UNIT_EN.finditer(text), *_UNIT_ZH.finditer(text)]:
        fixes.append((unit.start(), unit.end(), " " * (unit.end() - unit.start())))
    return fixes


def _phrases(lexicon: Lexicon, metric: str) -> list[str]:
    return [p for p in lexicon.phrases() if metric in _targets(lexicon, p)]


def _targets(lexicon: Lexicon, phrase: str) -> set[str]:
    return {e.target for m in lexicon.find(phrase) if (m.start, m.end) == (0, len(phrase)) for e in m.entries}


def _event_words(reading: Reading, matched: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Words of the question outside the model's matches: English words of five letters or more, and Chinese
    stretches between matches (checked against the duration phrases character by character)."""
    text = reading.masked
    found: list[tuple[int, int, str]] = []
    for word in _EN_WORD.finditer(text):
        if (
            len(word.group()) >= 5
            and word.group() not in fillers("en")
            and not any(a <= word.start() < b for a, b in matched)
        ):
            found.append((word.start(), word.end(), word.group()))
    for run in re.finditer(r"[\u4e00-\u9fff]+", text):
        for length in (4, 3, 2):
            for offset in range(run.start(), run.end() - length + 1):
                piece = text[offset : offset + length]
                if not any(a < offset + length and offset < b for a, b in matched):
                    found.append((offset, offset + length, piece))
    return found


def _names(word: str, phrase: str) -> bool:
    """An English word sharing a stem of five letters with a word of the phrase ('resolved' / 'resolve' /
    'resolution'); a Chinese stretch of two or more characters inside the phrase ('响应' of '首次响应时间')."""
    if word.isascii():
        return any(len(w) >= 5 and w[:5] == word[:5] for w in phrase.split()) and phrase.isascii()
    return not phrase.isascii() and word in phrase and word != phrase


def _canonical(lexicon: Lexicon, metric: str, english: bool) -> str:
    label = lexicon.model.metrics[metric].label
    return (label.en if english else label.zh).lower()
