"""The frame users put around a clear request (role `filler`, DESIGN.md §10): who they are, who passed the question
on, what they prepare and why, hedges, and the currency they expect. Read as words of the question, each word of the
frame was asked back ('boss', 'deck', 'workload', '老板刚', 'yuan'). The words are general business English and
Chinese (assistant/planner/data/framing.yml); the rules are the grammar of a frame:

- **Who the user is**: "I'm on the CS team", "we're in the ops department" — a clause of its own ending in a noun of
  a group of people: it restricts nothing, whatever names the group.
- **What the user answers for**: "I manage the South region", "we run the app channel" — the verb is excused, its
  object stays: it is the scope of "my cities" and is read as a condition.
- **Who asks, what is prepared, why**: "my boss keeps asking about returns", "putting together the marketing recap
  for Q2 2026", "trying to size what we lost" — a subject and a verb of asking, preparing or purpose open a clause
  that asks nothing itself. The opening is excused; what follows (the topic) is excused only when it restates what
  another clause asks (each phrase of the model in it names a target or entity named there, or modifies a noun of
  people or of a deliverable: "Monday's store managers meeting") and its other words are general nouns of a topic;
  a period in it that no other clause names stays (it dates the question: "the recap for Q2 2026 - … that
  quarter"). A topic word the model lacks ("asking about margin") is not excused and is asked back.
- **Chinese requesters**: a party ending in a noun of a role ("老板", "CEO办公室", "运营老大"), when and where it
  asked ("刚在群里", "周会上") and a verb of asking ("问", "要一个数", "想看") opening the message; or a forwarded
  request ("转老板的问题：“…”"). The same topic rule holds for what the party wants to see.
- **Hedges**: "actually", "obviously", "if possible": stance, no data; "back" before a period ("back in 2025").
- **Partitives**: "each of my cities" is "each city": whose cities is the scope said elsewhere ("I manage the South
  region"), or no condition at all.
- **Currency**: the model's own currency named ("in yuan", "人民币") restricts nothing; another one is not excused,
  nor one after a number ("over 8,000 RMB": the unit of a threshold).

Each stretch is excused only when another part of the message names something of the model or a period."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.planner.discourse import Excused
from assistant.planner.grounding import leftover_words
from assistant.planner.reading import Reading
from assistant.planner.words import fillers
from semantic_layer import SemanticModel


@cache
def _data() -> dict[str, Any]:
    text = resources.files("assistant.planner").joinpath("data", "framing.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return loaded if isinstance(loaded, dict) else {}


def _words(section: str) -> list[str]:
    return sorted({str(p).lower() for p in _data().get(section) or ()}, key=len, reverse=True)


def _alternatives(section: str) -> str:
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in _words(section)) + ")"


_LEAD = r"^\s*(?:(?:so|and|ok|okay|hey|hi|well|also|btw|fyi|um|oh|morning|but)\b[\s,]*)*"
_I = r"(?:i'm|i am|im|we're|we are|i've been|we've been|i was|we were)"
_DET = r"(?:the|our|my|a|an|this|that|their|[a-z]+'s)"


@cache
def _identity() -> re.Pattern[str]:
    """'I'm on the CS team': who the user is, a whole clause ending in a noun of a group of people."""
    return re.compile(
        rf"{_LEAD}{_I}\s+(?:on|in|with|part\s+of|from)\s+{_DET}\s+(?:[a-z][a-z&'-]*\s+){{0,3}}?{_alternatives('en_roles')}\s*$"
    )


@cache
def _scope() -> re.Pattern[str]:
    """'I manage the South region': the verb only; the object is the scope."""
    return re.compile(
        rf"{_LEAD}(?:i|we)\s+(?:(?:also|mainly|currently)\s+)?{_alternatives('en_scopes')}(?=\s+(?:the|our|all)\b)"
    )


@cache
def _openings() -> re.Pattern[str]:
    """The opening of a clause of asking, preparing or purpose; the topic follows it."""
    asker = (
        rf"(?:{_DET}\s+)?(?:[a-z][a-z&'-]*\s+){{0,2}}?{_alternatives('en_roles')}\s+(?:(?:keeps?|kept|has|have|had|"
        r"is|are|was|were|been|just|also|always|again)\s+)*(?:asking|asked|asks|ask|wants?|wanted|needs?|needed|"
        r"curious|wondering|pushing|chasing)(?:\s+(?:me|us))?(?:\s+(?:about|for|on|re|after|to\s+know|to\s+see))?"
    )
    preparing = rf"(?:{_I}\s+)?(?:just\s+|currently\s+)?{_alternatives('en_preparing')}"
    purpose = (
        rf"(?:{_I}\s+|just\s+)?(?:trying|want|wanting|need|needing|hoping|looking|working)\s+to\s+"
        rf"{_alternatives('en_purposes')}"
    )
    return re.compile(rf"{_LEAD}(?:{asker}|{preparing}|{purpose})(?![a-z])")


@cache
def _zh_requester() -> re.Pattern[str]:
    party = rf"(?P<party>[\u4e00-\u9fffA-Za-z]{{0,6}}?{_alternatives('zh_roles')})"
    return re.compile(
        rf"^\s*(?:(?:转|转发|帮忙转|转一下)\s*{party}的{_alternatives('zh_forwarded')}"
        rf"|{party.replace('?P<party>', '?P<asker>')}(?:{_alternatives('zh_settings')})*{_alternatives('zh_asking')}(?:一下|这个数?)?)\s*[:：]?\s*[“\"']?"
    )


@cache
def _hedge() -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){_alternatives('en_hedges')}(?![a-z])")


@cache
def _currency(code: str) -> re.Pattern[str] | None:
    names = sorted({str(n).lower() for n in (_data().get("currencies") or {}).get(code) or ()}, key=len, reverse=True)
    if not names:
        return None
    ascii_names = "|".join(re.escape(n) for n in names if n.isascii())
    other = "|".join(re.escape(n) for n in names if not n.isascii())
    return re.compile(
        rf"(?:\b(?:in|as|using)\s+)?(?<![a-z])(?:{ascii_names})(?![a-z])"
        rf"|(?:以|按|用)?(?:{other})(?:计价|计算|计|为单位)?(?=$|[，。？！,.?!）)\s])"
    )


# clauses: sentence punctuation, dashes, brackets, commas, quotes, and 'and' before a new subject
_BREAK = re.compile(
    r"[.!?;:…]+(?=\s|$|[^\x00-\x7f])|\s[-–—]+\s|[—–]{1,2}|[()（）\[\]“”\"]|,|[。！？；：，]"
    r"|\s+and\s+(?=(?:i|we|i'm|we're|my|our|the)\s)"
)
_QUESTION = re.compile(r"\b(?:how|what|which|who|when|where|why)\b(?!\s+we\b)|[?？]|多少|几|哪|什么|啥|吗")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Stretches of `reading.text` that frame the request, when another part of the message names the data."""
    found = [*_english_frames(model, reading), *_chinese_frames(model, reading), *_hedges(reading)]
    found += _currencies(model, reading)
    found += [*_looking_back(reading), *_partitives(reading)]
    return [item for item in found if _named_elsewhere(reading, item)]


def _clauses(text: str) -> list[tuple[int, int]]:
    found, position = [], 0
    for cut in [*_BREAK.finditer(text), None]:
        end = cut.start() if cut else len(text)
        if text[position:end].strip():
            found.append((position, end))
        position = cut.end() if cut else end
    return found


def _english_frames(model: SemanticModel, reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    clauses = _clauses(reading.text)
    for a, b in clauses:
        piece = reading.text[a:b]
        if _identity().match(piece):
            found.append(Excused(a, b, "requester"))
            continue
        scope = _scope().match(piece)
        if scope is not None:
            found.append(Excused(a, a + scope.end(), "requester"))
            continue
        opening = _openings().match(piece)
        if opening is not None and not _QUESTION.search(piece):
            found += _with_topic(model, reading, (a, b), a + opening.end(), clauses)
    return found


def _chinese_frames(model: SemanticModel, reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    clauses = _clauses(reading.text)
    for a, b in clauses:
        opening = _zh_requester().match(reading.text[a:b])
        party = "party" if opening is not None and opening.group("party") else "asker"
        if opening is None or _mentions(reading, a + opening.start(party), a + opening.end(party)):
            continue  # '北京经理要看…': a party named by the data may be the scope asked
        if _QUESTION.search(reading.text[a + opening.end() : b]) or a + opening.end() >= b:
            found.append(Excused(a, a + opening.end(), "requester"))  # '老板刚在群里问…多少': the question follows
        else:
            found += _with_topic(model, reading, (a, b), a + opening.end(), clauses)  # '老板周会要看…情况，'
    return found


def _with_topic(
    model: SemanticModel, reading: Reading, clause: tuple[int, int], topic: int, clauses: list[tuple[int, int]]
) -> list[Excused]:
    """The opening of a frame clause and, when it restates what another clause asks, its topic; a period only this
    clause names is kept out of the excused stretch."""
    a, b = clause
    rest = [c for c in clauses if c != clause]
    if not reading.text[topic:b].strip(" 的了呢啊吧呀"):
        return [Excused(a, b, "requester")]
    if not any(_mentions(reading, x, y) for x, y in rest):
        return [Excused(a, topic, "requester")]  # '运营总监想看上周每天的订单数': the topic is the request itself
    if not _restated(model, reading, topic, b, rest):
        return []  # 'my boss keeps asking about margin', '老板要看华东的情况': the topic may be what is asked
    kept = [t.span for t in reading.times if a <= t.span[0] and t.span[1] <= b and not _said_in(reading, t.span, rest)]
    pieces, position = [], a
    for start, end in sorted(kept):
        if position < start:
            pieces.append(Excused(position, start, "requester"))
        position = end
    return [*pieces, *([Excused(position, b, "requester")] if position < b else [])]


def _restated(model: SemanticModel, reading: Reading, start: int, end: int, rest: list[tuple[int, int]]) -> bool:
    """Each phrase of the model in the topic names a target or an entity another clause names (a value of the field
    a segment named there is defined on: 'what we lost' of 'the customers who churned'), or modifies a noun of
    people or of a deliverable; its unknown words are general nouns of a topic, of people or of a deliverable."""
    elsewhere = [m for m in reading.matches if any(x <= m.start and m.end <= y for x, y in rest)]
    targets = {e.target for m in elsewhere for e in m.entries}
    entities = {t.partition(".")[0] for t in targets} | {e.target for m in elsewhere for e in m.of("entity")}
    for segment in (model.segment(e.target) for m in elsewhere for e in m.of("segment")):
        targets |= {f"{segment.entity}.{word}" for word in re.findall(r"[a-z_]+", segment.filter or "")}
    framing = re.compile(
        rf"\s*(?:[a-z']+\s+)?{_alternatives('en_roles')}|\s*(?:[a-z']+\s+)?{_alternatives('en_deliverables')}"
    )
    for match in (m for m in reading.matches if start <= m.start and m.end <= end):
        named = {e.target for e in match.entries}
        if named & targets or {t.partition(".")[0] for t in named} & entities:
            continue
        if not framing.match(reading.text, match.end):
            return False
    general = {*_words("en_topics"), *_words("en_roles"), *_words("en_deliverables"), *fillers("en"), *fillers("zh")}
    # a word naming a group of people ('the ops team', '运营总监') is part of the noun of people
    people = re.compile(rf"\s*{_alternatives('en_roles')}(?![a-z])|{_alternatives('zh_roles')}")
    unknown = [
        w for s, e, w in leftover_words(reading) if start <= s and e <= end and not people.match(reading.text, e)
    ]
    # a possessive ("Monday's store managers meeting") belongs to the noun it modifies
    return all(w.lower() in general or w.endswith(("ing", "ed", "'s", "情况", "数据")) for w in unknown)


def _mentions(reading: Reading, start: int, end: int) -> bool:
    if any(m.start < end and start < m.end for m in reading.matches):
        return True
    return any(t.span[0] < end and start < t.span[1] for t in reading.times)


def _said_in(reading: Reading, span: tuple[int, int], clauses: list[tuple[int, int]]) -> bool:
    """A period of the same dates is said in one of `clauses`."""
    this = next(t for t in reading.times if t.span == span)
    return any(
        (t.start, t.end) == (this.start, this.end) and any(x <= t.span[0] and t.span[1] <= y for x, y in clauses)
        for t in reading.times
        if t.span != span
    )


def _hedges(reading: Reading) -> list[Excused]:
    return [
        Excused(*hit.span(), "aside")
        for hit in _hedge().finditer(reading.masked)
        if not _mentions(reading, *hit.span())
    ]


# 'back in 2025', 'way back in March': the period is told by the time phrase after the preposition
_BACK = re.compile(r"(?<![a-z])(?:way\s+)?back\s+(?P<prep>(?:in|during|around|at|over|from)\s+)")
# 'sent back in September' is a return: 'back' as the particle of a verb is no look back
_PARTICLE_OF = re.compile(r"(?:send|sent|came|come|gave|give|took|take|went|paid|bring|brought|get|got|shipped)\s+$")
# 'each of my cities', 'every one of our regions': the partitive says nothing the noun after it does not
_PARTITIVE = re.compile(r"(?<![a-z])(?:each|every\s+one)\s+(?P<of>of\s+(?:the|our|my|your|their|these|those)\s+)")


def _looking_back(reading: Reading) -> list[Excused]:
    starts = {t.span[0] for t in reading.times}
    return [
        Excused(hit.start(), hit.start("prep"), "aside")
        for hit in _BACK.finditer(reading.text)
        if starts & {hit.start("prep"), hit.end("prep")} and not _PARTICLE_OF.search(reading.text[: hit.start()])
    ]


def _partitives(reading: Reading) -> list[Excused]:
    """'each of my cities' is 'each city' when a field of the model follows the partitive."""
    found: list[Excused] = []
    for hit in _PARTITIVE.finditer(reading.masked):
        following = next((m for m in reading.matches if m.start == hit.end()), None)
        if following is not None and following.of("dimension"):
            found.append(Excused(*hit.span("of"), "aside"))
    return found


# 'over 8,000 RMB': the currency is the unit of a number, read with the number's threshold
_AMOUNT = re.compile(r"[0-9kK万千百亿]\s*$")


def _currencies(model: SemanticModel, reading: Reading) -> list[Excused]:
    pattern = _currency(model.locale.currency)
    if pattern is None:
        return []
    return [
        Excused(*hit.span(), "aside")
        for hit in pattern.finditer(reading.masked)
        if hit.group().strip()
        and not _mentions(reading, *hit.span())
        and not _AMOUNT.search(reading.masked[: hit.start()])
    ]


def _named_elsewhere(reading: Reading, item: Excused) -> bool:
    """Another part of the message names the model or a period: a frame is only excused around a request."""
    outside = [m for m in reading.matches if m.end <= item.start or m.start >= item.end]
    return bool(outside) or any(t.span[1] <= item.start or t.span[0] >= item.end for t in reading.times)
