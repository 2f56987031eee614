"""A question passed on in quotes: "Fwd from our CFO: 'what was the churn rate in Q2?' — can you answer this one",
"my manager asked me “how many orders did we get yesterday”, any idea?", "老板问：「上个月营收多少」，帮忙看下".

The quoted question is the request; the words around it say who asked and ask us to answer it ('answer' read alone
was taken for the model's 'answered within 3 hours', or asked back). When exactly one quoted stretch holds words of the
model, nothing outside it does (no phrase of the model, no period) and the outside says the question was passed on or
is to be answered (fwd, asked, answer, 转, 问, 答), the outside is excused as filler (kind
`forwarded`). A word of the model outside the quotes ("… in quotes 'revenue', but by region") keeps the question as
it was read."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_QUOTED = re.compile(
    r"“(?P<curly>[^“”]{4,}?)”|「(?P<corner>[^「」]{4,}?)」|『(?P<white>[^『』]{4,}?)』"
    r"|(?:(?<=[\s:：,，(（])|^)(?P<mark>['\"‘])(?P<straight>[^'\"“”‘’「」『』]{6,}?)['\"’](?=\s|$|[,.;:!?，。；：！？—–\-)）])"
)
_INNER = ("curly", "corner", "white", "straight")
# the outside says the quote was passed on or is to be answered ('fwd', 'asked', 'answer this', '转来', '问', '回答')
_PASSED_ON = re.compile(
    r"(?<![a-z])(?:fwd|fw|forward(?:ed|ing)?|passing\s+on|passed\s+on|ask(?:s|ed)?|answer|question|wants\s+to\s+know|"
    r"wanted\s+to\s+know|wondering)(?![a-z])|转|问|答|回复"
)


def excused(reading: Reading) -> list[Excused]:
    """The stretches before and after the one quoted question, when they name nothing of the model."""
    text = reading.text
    inner = [next((hit.span(g) for g in _INNER if hit.group(g)), (0, 0)) for hit in _QUOTED.finditer(text)]
    quoted = [(start, end) for start, end in inner if _holds_the_model(reading, start, end)]
    if len(quoted) != 1:
        return []
    start, end = quoted[0]
    if _holds_the_model(reading, 0, start) or _holds_the_model(reading, end, len(text)):
        return []
    if any(t.span[0] < start or t.span[1] > end for t in reading.times):
        return []
    if not _PASSED_ON.search(text[:start]) and not _PASSED_ON.search(text[end:]):
        return []  # '“复购率”是多少': a term in quotes, not a question passed on
    outside = [(0, start), (end, len(text))]
    return [Excused(a, b, "forwarded") for a, b in outside if text[a:b].strip(" '\"“”‘’「」『』")]


def _holds_the_model(reading: Reading, start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end and m.entries for m in reading.matches) or any(
        start < m.end and m.start < end and not (start <= m.start and m.end <= end) for m in reading.matches
    )
