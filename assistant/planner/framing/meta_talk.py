"""What users new to data tools say about themselves and their own words around a request (role `filler`):

- **The asker's own words doubted**: "not sure what the right word is", "if that's the right term", "or whatever
  it's called", "不知道叫什么": talk about the question's wording, no data ('word', 'term' were asked back).
- **The asker described**: "I'm new to this tool", "still getting a feel for the patch", "I just took over the west
  region from Lisa" (the verb and the colleague; the region taken over is the scope and stays): who asks, no data.
- **What the asker will do with the rows**: "I'd like to read through recent billing complaints", "let me go over
  …": the verb of the asker; what follows is the request.
- **The asker's stance, negated**: "I'm not sure", "not 100% sure", "I don't care when they churned", "我不确定":
  a negation of the asker's own verb negates nothing of the data ("not" was asked back as an exclusion without an
  object, and 'care' was read as a campaign). What "don't care" leaves open ("when they churned") is excused only
  when the clause names no value and no number: "I don't care about cancelled ones" still says something of the rows.
- **What the asker means to avoid**: "I want to make sure we're not annoying them": a negated verb of the asker
  whose object is people, with nothing of the model but an entity noun in it.
- **The asker's guess at the answer**: "I'd guess price but I'm not sure", "my bet is the app", "我猜是价格": a value
  the user expects to see in a ranked or broken-down answer is no condition on it; it is excused only in a clause of
  its own after a question that asks which value comes first or splits by a field (otherwise the value might be the
  condition: "how many orders? I guess only app ones").

Each stretch is excused only when another part of the message names the data (`framing.excused`)."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.framing.vocabulary import adds_a_number, clauses_of
from assistant.planner.reading import Reading

_I = r"(?:i'm|i am|im|i've\s+been|i was|we're|we are)"
_SURE = r"(?:sure|certain|100%\s+sure|a\s+hundred\s+percent\s+sure|clear)"
_WORD = r"(?:word|words|term|terms|name|wording|jargon|lingo|phrase|metric|field)"

_DOUBTED_WORDS = re.compile(
    rf"(?<![a-z])(?:(?:{_I}\s+)?(?:not\s+(?:really\s+)?{_SURE}|unsure|don't\s+know|do\s+not\s+know|no\s+idea)\s+"
    rf"(?:what|which|if|whether|how)\s+(?:the\s+)?(?:right|correct|proper|official|exact|technical|best)?\s*{_WORD}"
    rf"(?:\s+(?:is|was|would\s+be|for\s+(?:it|this|that)|to\s+use))*"
    rf"|(?:if|whether)\s+(?:that's|that\s+is|this\s+is|it's|it\s+is)\s+(?:the\s+)?(?:right|correct|proper)\s+{_WORD}"
    rf"|(?:or\s+)?whatever\s+(?:it's|it\s+is|you|they|we)\s+call(?:ed)?(?:\s+it)?)(?![a-z])"
    r"|(?:不知道|不清楚|不确定)(?:这个)?(?:叫什么|该怎么叫|怎么叫|是不是这么叫)"
)
_NEW_HERE = re.compile(
    rf"(?<![a-z]){_I}\s+(?:(?:still|very|pretty|fairly|quite|kinda|kind\s+of|brand)\s+)?new\s+(?:to|at|with)\s+"
    r"(?:(?:all\s+)?(?:this|these|the|data|our)\s*)(?:tool|tools|app|system|assistant|dashboard|data|stuff|thing|"
    r"things|job|role|analytics|reporting|bi)?(?![a-z])"
)
# 'on my phone', 'typing from my laptop': the asker's own device, not the phone channel of the data
_DEVICE = re.compile(
    r"(?<![a-z])(?:(?:typing|writing|asking)\s+)?(?:on|from|via|using)\s+my\s+(?:phone|mobile|cell(?:\s*phone)?|"
    r"cellphone|laptop|tablet|ipad|iphone)(?![a-z])"
)
# 'I just took over the west region from Lisa': the verb of taking over and whom from; the object stays (the scope)
_TAKEN_OVER = re.compile(
    r"(?<![a-z])(?P<verb>(?:i|we)(?:'ve|\s+have)?\s+(?:just\s+|recently\s+)?(?:took|taken|inherited|picked\s+up)"
    r"(?:\s+over)?)\s+(?P<object>(?:the|our|a)\s+(?:[a-z0-9-]+\s+){0,2}[a-z0-9-]+)"
    r"(?:\s+(?P<from>from\s+[a-z]+(?:\s+[a-z]+)?))?(?=\s*(?:$|[.,;:!?]|\s(?:and|so|but)\s))"
)
# 'I'm still getting a feel for the patch', 'still finding my feet': the asker learning the job, no data
_LEARNING = re.compile(
    r"(?<![a-z])(?:(?:and\s+)?(?:i'm|i\s+am|im|we're|we\s+are)\s+)?(?:still\s+)?(?:getting|trying\s+to\s+get|finding|"
    r"learning|getting\s+up\s+to\s+speed)\s+(?:a\s+feel\s+for|my\s+bearings|my\s+feet|the\s+hang\s+of|to\s+know|"
    r"up\s+to\s+speed\s+on|on\s+top\s+of)(?:\s+(?:the|this|my|our|it|things|everything)(?:\s+[a-z]+)?)?(?![a-z])"
)
# 'I'd like to read through …', 'let me go over …': what the asker will do with the rows, asking nothing more
_READING_THROUGH = re.compile(
    r"(?<![a-z])(?:i'd\s+like\s+to|i\s+would\s+like\s+to|i\s+want\s+to|i\s+need\s+to|i'm\s+going\s+to|let\s+me|"
    r"i\s+wanna)\s+(?:read|go|look|skim|scan|browse)\s+(?:through|over)(?![a-z])"
)
_STANCE = re.compile(
    rf"(?<![a-z])(?:(?:{_I}|but)\s+)?not\s+(?:really\s+|totally\s+|entirely\s+)?{_SURE}(?:\s+(?:though|tbh|honestly))?"
    r"(?![a-z])|我不确定|不太确定|不是很确定"
)
# 'I don't care when they churned': the asker's indifference, up to the end of its clause
_INDIFFERENT = re.compile(r"(?<![a-z])(?:i|we)\s+(?:don't|do\s+not|dont)\s+(?:really\s+)?(?:care|mind)(?![a-z])")
# 'I want to make sure we're not annoying them': what the asker means to avoid doing to people, no condition
_PURPOSE_NEGATED = re.compile(
    r"(?<![a-z])(?:(?:i|we)\s+(?:just\s+|really\s+)?(?:want|need|'d\s+like|would\s+like|wanna)\s+to\s+)?"
    r"(?:make\s+sure|ensure|be\s+sure)\s+(?:that\s+)?(?:we|i)(?:'re|'m|\s+are|\s+am)?\s+"
    r"(?:not|don't|do\s+not|aren't|won't|never)\s+(?:[a-z']+\s+){0,2}?"
    r"(?:them|him|her|anyone|anybody|people|folks|customer(?:s)?|clients|it|us)(?![a-z])"
)
_GUESS = re.compile(
    r"(?<![a-z])(?:i'd\s+guess|i\s+would\s+guess|i\s+guess|i\s+bet|i'd\s+bet|i\s+suspect|my\s+guess\s+is|"
    r"my\s+bet\s+is|my\s+hunch\s+is|i'm\s+guessing|probably)(?![a-z])|我猜|估计是|我估计"
)
# the question asks which value comes first, or splits by a field: a guessed value is a candidate answer
_ASKS_ACROSS = re.compile(
    r"\b(?:which|what)\b|\bmost\s+common\b|\bmain\b|\btop\b|\bby\b|\beach\b|\bper\b|哪|最多|最常见|主要|按|各"
)


def excused(reading: Reading) -> list[Excused]:
    """The asker's talk about their own words, themselves, their stance and their guesses in `reading.text`."""
    masked = reading.masked.lower()
    found = [
        Excused(*hit.span(), "aside")
        for pattern in (_DOUBTED_WORDS, _NEW_HERE, _READING_THROUGH, _DEVICE)
        for hit in pattern.finditer(masked)
    ]
    found += [Excused(*hit.span(), "aside") for hit in _STANCE.finditer(masked) if not _inside(hit.span(), found)]
    found += _taken_over(reading)
    found += [Excused(*hit.span(), "aside") for hit in _LEARNING.finditer(masked) if not _names(reading, *hit.span())]
    found += [
        Excused(*hit.span(), "aside")
        for hit in _PURPOSE_NEGATED.finditer(masked)
        if not any(hit.start() <= m.start and m.end <= hit.end() and not m.of("entity") for m in reading.matches)
    ]
    return found + _indifference(reading, masked) + _guesses(reading, masked)


def _taken_over(reading: Reading) -> list[Excused]:
    """The verb of taking over a part of the business and the colleague it came from; what was taken over names the
    scope and stays ('the west region': region = West)."""
    found = []
    for hit in _TAKEN_OVER.finditer(reading.text):
        if not _names(reading, *hit.span("object")):
            continue  # 'took over the patch': no part of the data taken over
        found.append(Excused(*hit.span("verb"), "aside"))
        if hit.group("from") and not _names(reading, *hit.span("from")):
            found.append(Excused(*hit.span("from"), "aside"))
    return found


def _names(reading: Reading, start: int, end: int) -> bool:
    return any(start <= m.start and m.end <= end for m in reading.matches)


def _inside(span: tuple[int, int], found: list[Excused]) -> bool:
    return any(f.start <= span[0] and span[1] <= f.end for f in found)


def _clause_at(text: str, position: int) -> tuple[int, int]:
    return next(((a, b) for a, b in clauses_of(text) if a <= position < b), (position, len(text)))


def _new_values(reading: Reading, start: int, end: int) -> bool:
    """A value in the stretch that the rest of the message does not name ('churned' of "I don't care when they
    churned" is said again by "customers who have churned")."""
    inside = [m for m in reading.matches if start <= m.start and m.end <= end and m.of("value")]
    outside = {(e.target, e.value) for m in reading.matches if m.end <= start or m.start >= end for e in m.entries}
    return any(not {(e.target, e.value) for e in m.entries} & outside for m in inside)


def _indifference(reading: Reading, masked: str) -> list[Excused]:
    """'I don't care when they churned': the clause says no condition; one naming a value or number still may."""
    found = []
    for hit in _INDIFFERENT.finditer(masked):
        _, end = _clause_at(reading.text, hit.start())
        end = _before_only(masked, hit.end(), end)
        if not _new_values(reading, hit.end(), end) and not adds_a_number(masked[hit.end() : end]):
            found.append(Excused(hit.start(), _contrast(reading, masked, end), "aside"))
    return found


def _before_only(masked: str, start: int, end: int) -> int:
    """The indifference ends where a restriction of its own clause starts ('… when they churned only if …')."""
    only = cues.ONLY.search(masked, start, end)
    return only.start() if only else end


# '…, only when they complained': the contrast after the indifference, saying which date counts
_CONTRAST = re.compile(r"[,;]?\s*(?:but\s+)?(?:only|just)\s+(?:when|where|how|what|which|about)\b[^.?!;]*")


def _contrast(reading: Reading, masked: str, end: int) -> int:
    """The end of a contrast that follows an indifference and names nothing new of the data."""
    after = _CONTRAST.match(masked, end)
    if after is None or _new_values(reading, end, after.end()) or adds_a_number(after.group()):
        return end
    return after.end()


def _guesses(reading: Reading, masked: str) -> list[Excused]:
    """'I'd guess price but I'm not sure' after 'what was the most common reason': a candidate answer."""
    found = []
    for hit in _GUESS.finditer(masked):
        start, end = _clause_at(reading.text, hit.start())
        if masked[start : hit.start()].strip(" ,.-–—"):
            continue  # the guess opens its clause: 'how many did we probably lose' asks
        asked = masked[:start]
        if not re.search(r"[?？]\s*$|[.。!！]\s*$", asked.rstrip(" ,")) or not _ASKS_ACROSS.search(asked):
            continue
        found.append(Excused(start, _sentence_end(masked, end), "aside"))
    return found


def _sentence_end(masked: str, end: int) -> int:
    """A guess runs on through its hedge: 'I'd guess price, but I'm not sure'."""
    tail = re.match(r"[,，]?\s*but\s+[^.?!。？！]*", masked[end:])
    return end + tail.end() if tail else end
