"""People named by their role, and the clause a person opens or closes:

- **A person**: a noun of a role ("manager", "director", "lead", "经理", "总监", data/framing.yml `en_persons`,
  `zh_persons`) after up to three modifiers is a person, whatever the modifiers name: "the store managers", "our CRM
  lead", "the category managers", "客服总监", "区域经理", "华东区总监", "my store manager in Chengdu". The modifiers say
  which person, they restrict nothing: '客服' of "客服总监" is no churn reason, 'store' of "the store managers" no
  channel. A value of the model among them counts only when the question names the same value elsewhere ("the
  Shenzhen store manager … customers in Shenzhen": the city stays, from the question) or when it is the word right
  before the role ("store manager", "客服总监": the person's function); a value further out that the question does not
  repeat ("the Shenzhen store manager wants …" alone) may be the scope asked, and is not excused.
- **The clause around a person**: the person opening a clause ("the category managers want to see the split before
  planning season", "CRM经理想算算损失", "品类经理想对比一下", "周一老板开会要用") or ending a phrase in it ("before my
  3pm with the regional director", "it's for the store managers' newsletter") frames the request when the clause
  asks nothing (no question word, no question mark) and adds nothing to it: no restricting word, no number, limit,
  grain or condition, no period the question does not name, and every phrase of the model in it restates what
  another clause asks ("… has a theory that customers who've bound the app …" of a question split by app binding).
  Meetings, days and clock times in it ("for Monday's call", "before my 3pm") are when the figure is used."""

from __future__ import annotations

import re
from functools import cache

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.framing import occasions
from assistant.planner.framing.vocabulary import adds_a_number, alternatives, clauses_of
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading

_LEAD = r"^\s*(?:(?:so|and|ok|okay|hey|hi|well|also|btw|fyi|um|oh|but|plus)\b[\s,]*)*"
_DET = r"(?:the|our|my|a|an|their|his|her|your|this|that|[a-z]+'s)"
# a modifier of a role is a word of content: a function word starts another phrase ('with the regional director')
_MODIFIER = (
    r"(?!(?:with|for|to|from|by|in|at|of|on|and|or|the|a|an|my|our|their|is|are|was|has|have)\b)[a-z][a-z0-9&-]*"
)
# a clause asks when it holds a question word ('who' and 'that' only relate a noun: 'customers who've bound the app')
_ASKS = re.compile(r"\b(?:how|what|what's|which|when|where|why|whether)\b|多少|几|哪|什么|啥|吗|是否|有没有")
# words that restrict who or what is counted: a clause with one of them adds to the request
_RESTRICTS = re.compile(
    r"\b(?:only|just|excluding|exclude|except|without|not|no|non|never|nor|but|apart|besides)\b|n't\b"
    r"|只|仅|除|不|没|非|无|未|别"
)
# a breakdown said in the frame ('… want it by region', '按城市'): it adds a dimension
_SPLIT = re.compile(r"\b(?:by|per|each|every|across)\b|各|每|分别|按")
# grammar cues that add to a request: a limit, a list, a grain, a cross tab, a threshold, a negation
_ADDS = [*cues.TOP_N, cues.RECORDS, *cues.GRAINS.values(), cues.TREND, cues.CROSS, cues.NUMERIC_CONDITION, _SPLIT]


@cache
def _person_en() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![a-z'])(?P<det>{_DET}\s+)?(?P<mods>(?:{_MODIFIER}\s+){{0,3}}?)(?P<role>{alternatives('en_persons')})"
        r"(?:'s|')?(?![a-z])(?P<post>\s+(?:in|at|from|of|for)\s+(?:the\s+)?[a-z]+)?"
    )


@cache
def _person_zh() -> re.Pattern[str]:
    return re.compile(rf"(?P<mods>[\u4e00-\u9fffa-z]{{0,6}}?)(?P<role>{alternatives('zh_persons')})")


# a verb of asking or wanting right after the person: the rest of the clause is the question
_ASKING = re.compile(
    r"\s*(?:(?:keeps?|kept|has|have|had|is|are|was|were|just|also|always)\s+)*(?:asking|asked|asks|wants?|wanted|"
    r"needs?|needed|would\s+like)(?:\s+(?:me|us))?(?:\s+(?:to\s+(?:know|see|check|find\s+out)|about|for))?(?![a-z])"
    r"|(?:一直|又|也|刚才|刚刚|刚)?(?:想知道|想了解|想看看|想看|要看|在问|问我|让我|叫我|要我|请我|托我)"
    r"(?:查一下|查下|查查|看一下|看下|看看|统计一下|算一下|算算|整理一下|拉一下)?"
)


# a question word right after the verb of asking: the rest of the clause is a question of its own
_ASKED_NEXT = re.compile(r"\s*(?:what|which|how|who|where|when|why|whether)\b")
# a person ending a phrase: 'with the regional director', "for the store managers' newsletter"
_AFTER_PREPOSITION = re.compile(r"\b(?:with|for|to|from|by)\s+$")


def frames(reading: Reading) -> list[Excused]:
    """Clauses of `reading.text` that a person opens or closes and that add nothing to the request."""
    found: list[Excused] = []
    for a, b in clauses_of(reading.text):
        person = _person_in(reading, a, b)
        if person is not None and _frames(reading, (a, b), person):
            found.append(Excused(a, b, "requester"))
    return found


def openings(reading: Reading) -> list[Excused]:
    """A person opening a clause and the verb of asking after it ('客服总监想知道…', 'our CRM lead asked me how many
    …'): the question follows in the same clause. Not when another clause names the data: what the person wants to
    see may then be a topic that restricts the question ('老板要看华东的情况，上个月销售额多少': the East's?)."""
    found: list[Excused] = []
    clauses = clauses_of(reading.text)
    for a, b in clauses:
        person = _person_in(reading, a, b) or _group_opening(reading, a, b)
        asking = (
            _ASKING.match(reading.text, person[1], b)
            if person is not None and person[0] == _opening(reading, a)
            else None
        )
        if person is None or asking is None:
            continue
        # a clause naming only a period (', for last quarter.') dates the question; it is no other topic; what
        # follows a question word ('wants to know what customers complain about') is a question, no topic
        asked = _ASKED_NEXT.match(reading.text, asking.end(), b)
        if asked is None and any(_names_model(reading, x, y) for x, y in clauses if (x, y) != (a, b)):
            continue
        found.append(Excused(person[0], asking.end(), "requester"))
    return found


@cache
def _group_en() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<det>{_DET}\s+)(?P<mods>(?:{_MODIFIER}\s+){{1,3}}?)"
        r"(?P<role>teams?|department|dept|group|office|side|folks|crew|squad)(?![a-z])"
    )


def _group_opening(reading: Reading, a: int, b: int) -> tuple[int, int] | None:
    """A group of colleagues opening the clause ('our billing team wants to know what …'): who asks, when every
    value of the model in its name is named again outside it ('… in billing-category tickets'); 'the app team wants
    to know how many tickets …' names a value the question does not repeat, and the app may be what is asked."""
    start = _opening(reading, a)
    hit = _group_en().match(reading.text, start, b)
    if hit is None or any(t.span[0] < hit.end() and start < t.span[1] for t in reading.times):
        return None
    inside = [m for m in reading.matches if start <= m.start and m.end <= hit.end()]
    if any(not m.of("value") or not _value_named_elsewhere(reading, m, start, hit.end()) for m in inside):
        return None
    return start, hit.end()


def _names_model(reading: Reading, start: int, end: int) -> bool:
    return any(m.start < end and start < m.end for m in reading.matches)


def _opening(reading: Reading, a: int) -> int:
    lead = re.match(_LEAD, reading.text[a:])
    return a + (lead.end() if lead else 0)


def _person_in(reading: Reading, a: int, b: int) -> tuple[int, int] | None:
    """The person opening the clause, or one after a preposition in it, if its modifiers say which person."""
    piece = reading.text[a:b]
    lead = re.match(_LEAD, piece)
    start = lead.end() if lead else 0
    candidates = [*_person_en().finditer(piece, start), *_person_zh().finditer(piece, start)]
    for hit in candidates:
        opens = hit.start() == start
        if hit.re is _person_en() and not (hit.group("det") or hit.group("mods")):
            continue  # 'lead times': a bare role word may be a word of the question
        if not opens and not (hit.re is _person_en() and _AFTER_PREPOSITION.search(piece[: hit.start()])):
            continue
        if _says_which_person(reading, a + hit.start(), a + hit.start("role"), a + hit.end()):
            return a + hit.start(), a + hit.end()
    return None


def _says_which_person(reading: Reading, start: int, role: int, end: int) -> bool:
    """Each value of the model before the role is the person's function (right before the role) or is named again
    outside the clause; the words after the role ('in Chengdu') must be named again; no period is part of it."""
    if any(t.span[0] < end and start < t.span[1] for t in reading.times):
        return False
    for match in (m for m in reading.matches if start <= m.start and m.end <= end):
        if not match.of("value"):
            continue  # 'the category managers', '区域经理': a field names the person's job
        function = match.end == role or reading.text[match.end : role].strip() == ""
        if not (function and match.start < role) and not _value_named_elsewhere(reading, match, start, end):
            return False  # 'the Shenzhen store manager wants …': Shenzhen's figure, or who asks?
    return True


def _value_named_elsewhere(reading: Reading, match: Match, start: int, end: int) -> bool:
    values = {(e.target, e.value) for e in match.of("value")}
    return any(
        values & {(e.target, e.value) for e in other.of("value")}
        for other in reading.matches
        if other.end <= start or other.start >= end
    )


def _frames(reading: Reading, clause: tuple[int, int], person: tuple[int, int]) -> bool:
    """The clause asks nothing and adds nothing to what the other clauses ask."""
    a, b = clause
    if _ASKS.search(reading.text[a:b]) or reading.text[b : b + 1] in ("?", "？"):
        return False
    used = [person, *occasions.phrases(reading, a, b)]  # 'for Monday's call': when the figure is used
    rest = reading.text[a:b]
    for start, end in used:
        rest = _blanked(rest, start - a, end - a)
    if _RESTRICTS.search(rest) or adds_a_number(rest) or any(p.search(rest) for p in _ADDS):
        return False
    outside = [m for m in reading.matches if m.end <= a or m.start >= b]
    inside = [m for m in reading.matches if a <= m.start and m.end <= b and not any(x <= m.start < y for x, y in used)]
    if any(not _restates(m, outside) for m in inside):
        return False
    return all(_period_said_outside(reading, t.span, a, b) for t in reading.times if a <= t.span[0] < b)


def _blanked(piece: str, start: int, end: int) -> str:
    return piece[:start] + " " * (end - start) + piece[end:]


def _restates(match: Match, outside: list[Match]) -> bool:
    """A phrase of the model names a field, entity, metric or segment another clause names, or the same value."""
    named = {(e.target, e.value) for e in match.entries}
    fields = {e.target for e in match.entries if e.kind != "value"}
    for other in outside:
        if named & {(e.target, e.value) for e in other.entries}:
            return True
        if fields & {e.target for e in other.entries if e.kind != "value"}:
            return True
    return False


def _period_said_outside(reading: Reading, span: tuple[int, int], a: int, b: int) -> bool:
    this = next(t for t in reading.times if t.span == span)
    return any((t.start, t.end) == (this.start, this.end) for t in reading.times if t.span[1] <= a or t.span[0] >= b)
