"""A correction inside one message: "revenue by region last month — no wait, by city", "which 3 cities... actually
make it 5 — which 5 cities …", "各地区的销售额，不对，是各城市的", "按地区分一下——哦不对，我是想按渠道分". The words after the
marker replace the ones before it; read together, both breakdowns (or both limits) were kept, a wrong answer.

The clause before the marker (back to the previous clause break) is the retracted one. Each of its elements — a
metric, a breakdown field, a value of a field, a population, a period, a number — is retracted when the rest of the
message names an element of the same kind; when every element of the clause is retracted, the whole clause goes
(its grammar words with it: "按…分一下"); not when the rest sets it against something ("本月的订单数，我是想和上个月比"
is a comparison). The marker itself is blanked with it (role `filler`, value `retracted`).
"I mean" and a bare "我是想" elaborate rather than correct ("…lately? I mean complaints filed in the past 3 months")
and are no markers. A marker whose clause names nothing the rest names again ("actually" as a hedge: "Actually, how many …", "how many
customers actually churned") retracts nothing. Only grammar words of correcting are listed here."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Entry
from assistant.planner.reading import Reading

# the marker must open a clause: after a break ('...', '—', ',', '-') with something before it
_OPENS_CLAUSE = re.compile(r"(?:[.!?;:…,]+|\s[-–—]+|[—–]+|[。！？；：，、])\s*$")
_MARKER_EN = re.compile(
    r"(?:(?:oh|um|uh|hmm|ah|no|sorry|oops)[\s,]+)*"
    r"(?:no[\s,]+wait|wait[\s,]+no|wait|sorry|oops|scratch\s+that|correction|(?:or\s+)?rather(?!\s+than)|i\s+meant(?:\s+to\s+say)?"
    r"|actually(?:\s+(?:make\s+(?:it|that)|i\s+meant))?|make\s+(?:it|that))(?![a-z])[\s,:]*"
)
_MARKER_ZH = re.compile(
    r"(?:(?<=[,.!?;:…—–\s，。！？；：、])[哦噢喔啊呃嗯][，,\s]*)?"
    r"(?:(?:不对|不不|说错了|搞错了|写错了|打错了|更正一下|更正|纠正一下|纠正|等等|等一下)[，,、\s—–-]*"
    r"(?:我?(?:其实)?(?:是想|想|的意思是|要的是|应该是|是说)|应该是|是|改成|换成)?"
    r")"
)
# what follows sets the clause against something ('我是想和上个月比', 'I mean vs last year'): a comparison, no correction
_CONTRASTED = re.compile(r"比|\b(?:vs\.?|versus|compared?|than|against)\b")
_NUMBER = re.compile(r"\d+|[一二两三四五六七八九十百]+(?=[个位家条名])")


def excused(reading: Reading) -> list[Excused]:
    """The retracted stretches of the question and their markers (offsets of `reading.text`)."""
    text = reading.text
    found: list[Excused] = []
    for marker in _markers(text):
        start = _clause_start(text, marker.start())
        if start is None or _CONTRASTED.search(text, marker.end()):
            continue
        before = _elements(reading, start, marker.start())
        after = set().union(*(kinds for _, _, kinds in _elements(reading, marker.end(), len(text))))
        retracted = [(s, e) for s, e, kinds in before if kinds & after]
        if not retracted:
            continue
        if len(retracted) == len(before):  # the whole clause is said again
            found.append(Excused(start, marker.end(), "retracted"))
            continue
        found += [Excused(s, e, "retracted") for s, e in retracted]
        found.append(Excused(marker.start(), marker.end(), "retracted"))
    return found


def _markers(text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = []
    for pattern in (_MARKER_EN, _MARKER_ZH):
        for match in pattern.finditer(text):
            if match.end() > match.start() and _OPENS_CLAUSE.search(text[: match.start()]):
                found.append(match)
    return found


def _clause_start(text: str, end: int) -> int | None:
    """Where the clause before a marker starts (after the previous break), or None when there is no clause."""
    head = _OPENS_CLAUSE.search(text[:end])
    if head is None:
        return None
    stop = head.start()
    start = max((m.end() for m in _BREAKS.finditer(text[:stop])), default=0)
    return start if text[start:stop].strip() else None


_BREAKS = re.compile(r"[.!?;:…]+(?=\s|$)|\s[-–—]+\s|[—–]+|[。！？；：，]|,")


def _elements(reading: Reading, start: int, end: int) -> list[tuple[int, int, set[str]]]:
    """(start, end, kinds) of each element named in a stretch: a kind is what the element fills in a query (a
    value by its field: 'North' is replaced by another region, not by a tier)."""
    found = [
        (m.start, m.end, kinds)
        for m in reading.matches
        if start <= m.start and m.end <= end and (kinds := _kinds(m.entries))
    ]
    found += [(t.span[0], t.span[1], {"time"}) for t in reading.times if start <= t.span[0] and t.span[1] <= end]
    found += [(start + n.start(), start + n.end(), {"number"}) for n in _NUMBER.finditer(reading.masked[start:end])]
    return found


def _kinds(entries: tuple[Entry, ...]) -> set[str]:
    """The one kind a phrase fills, by precedence: 'complaints' is a metric (and a flag, and a text field), so it is
    not replaced by another breakdown field."""
    named = {f"value:{e.target}" if e.kind == "value" else e.kind for e in entries if not e.weak}
    first = next((kind for kind in _PRECEDENCE if kind in named), None)
    if first is None:
        first = next((kind for kind in sorted(named) if kind.startswith("value:")), None)
    return {first} if first else set()


_PRECEDENCE = ("metric", "segment", "text_field", "dimension")
