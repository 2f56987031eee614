"""A claim told before the request that checks it ("Our ops manager swears last week was quieter than the week before -
can you check? Just compare the number of tickets last week with the week before that.", "My boss reckons the app is
losing buyers. Could you show me orders by channel this year?").

Someone's claim (a sentence with a verb of saying or believing: says, swears, claims, thinks, reckons, insists, told me …)
is the reason for asking, in the claimant's words ('quieter', 'losing'); the sentence after it that asks for figures
(a verb of asking or showing, or 'can you' / 'could you') says what to count, and the model's words there are the
question. The claim and its own 'can you check?' are excused as filler when such a request follows and names a measure;
alone, a claim is still read as the question (its words are then all there is).

A sentence telling why the figures are wanted, as whether something done worked ("marketing ran a big push recently
and I'm trying to figure out if it did anything", "we changed the returns page and want to see whether it helped"), is
read the same way: the request after it says what to count; the story's words ('push', 'page') restrict nothing."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_SAYING = re.compile(
    r"\b(?:says?|said|swears?|swore|claims?|claimed|thinks?|thought|believes?|believed|reckons?|reckoned|insists?"
    r"|insisted|feels?|felt|argues?|argued|suspects?|suspected|is\s+convinced|was\s+convinced|told\s+(?:me|us)"
    r"|mentioned|heard|keeps\s+saying)\b"
)
# wondering whether what was done had an effect: 'trying to figure out if it did anything', 'want to see whether it
# worked', 'curious if that helped'
_WONDERING = re.compile(
    r"\b(?:trying\s+to\s+(?:figure\s+out|work\s+out|understand|see|tell|find\s+out)|(?:want|wanted|need|needed)\s+to"
    r"\s+(?:see|know|check|find\s+out|understand|figure\s+out)|wondering|curious|not\s+sure)\s+(?:if|whether)\s+"
    r"(?:it|that|this|they|those|these)\s+(?:really\s+|actually\s+|even\s+)?(?:did|does|do|has|have|had|made|makes|"
    r"worked|works|helped|helps|moved|changed|paid\s+off|mattered|made\s+a\s+difference)\b"
)
# a request for figures opening a sentence: 'Just compare …', 'Please show …', 'Can you pull …'
_REQUEST = re.compile(
    r"^\s*(?:(?:so|ok|okay|and|then|basically)\s*,?\s+)?(?:just|simply|only|please)?\s*(?:,\s*)?"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+|just\s+)?)?"
    r"(?:compare|show|give|pull|list|get|count|tell|check|look\s+up|break\s+down|split|rank|sum|total)\b"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a question tag after a dash ('… - can you check?') stays in its sentence."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for hit in re.finditer(r"[.!?。！？]+(?:\s+|$)", text):
        bounds.append((start, hit.end()))
        start = hit.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _names_a_measure(reading: Reading, start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end and m.of("metric") for m in reading.matches)


def excused(reading: Reading) -> list[Excused]:
    """The sentences of `reading.text` that tell a claim or wonder whether something worked, when a later sentence
    asks for figures naming a measure."""
    text = reading.masked
    sentences = _sentences(text)
    found: list[Excused] = []
    for index, (start, end) in enumerate(sentences):
        if not _SAYING.search(text, start, end) and not _WONDERING.search(text, start, end):
            continue
        requests = [(a, b) for a, b in sentences[index + 1 :] if _REQUEST.match(text[a:b])]
        if any(_names_a_measure(reading, a, b) for a, b in requests):
            found.append(Excused(start, end, "claim"))
    return found
