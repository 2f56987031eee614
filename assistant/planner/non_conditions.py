"""Words that say what is NOT a condition (role `filler`, DESIGN.md §10). Each names something of the model, or sits
next to it, yet asks for no filter; read as words of the question they became filters (a wrong number) or were
asked back:

- **Examples of a breakdown's groups**: a bracket after a breakdown listing values as examples — "etc", "e.g.",
  "such as", "like", "…", 等, 比如 — ("tickets by how customers reached us (phone, chat etc)", "按品类（比如数码、服装等）")
  shows what the groups look like; every group is asked for. A bracket without an example word ("by channel (phone,
  chat)") still limits the breakdown to those values. A clause of its own after the request that only lists values
  and ends with a word of examples ("每类商品分别卖了多少钱？电子、服装那些", "revenue by channel? app, web and so on") is
  the same.
- **A field left open**: "any status", "regardless of tier", "no matter the channel", "不限状态", "不管渠道" say that
  field is not filtered; before, the field named but unused was asked back. In Chinese the rows and a verb saying
  they all count may follow ("不管什么状态的单都算", "不论哪个渠道都要": the remark ends after them). A value of that field named in the same
  message keeps the question as it was (asked back or filtered as before).
  "(all customers)" in a bracket restates whose rows are counted when the message names that entity elsewhere.
- **Emphasis**: "never placed a single order", "not a single ticket", "every single customer" — 'single' adds
  nothing; "placed a single order" (exactly one) is no emphasis and stays asked back.
- **Free text said of a text field**: "free-text comments", "open-ended feedback", "verbatim comments", "written
  comments" restate that the field is free text, when a text field of the model follows.
- **The data's own date beside a period**: "of the customers who signed up in Q3, how many have churned as of
  today?", "今年（截至今天）的NPS" — "as of today / now", "截至今天 / 目前" says the state is read as it stands, which
  every answer does (DESIGN §7: as of the data's date); next to another period it dated the churn today (a wrong
  number). Alone ("revenue as of today") it stays the period it was read as.
- **"Current" before a field that a value follows**: "customers whose current status is churned", "(current status
  churned)" — 'current' qualifies the field, it is not the field's value 'current' (active), which filtered the
  opposite rows. "current customers" keeps its reading."""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Lexicon, Match, normalize
from assistant.planner.messages import clarify, suggestions
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf, leaf_names

_BRACKET = re.compile(r"[(（\[]([^()（）\[\]]*)[)）\]]")
_EXAMPLE = re.compile(
    r"(?<![a-z])(?:etc|e\.?\s?g|eg|such\s+as|like|for\s+example|for\s+instance|and\s+so\s+on|"
    r"and\s+more|among\s+others|and\s+the\s+like)(?![a-z])|…|\.\.\.|等|之类|比如|例如|诸如|像是"
)
# a clause of values ending with a word of examples ('电子、服装那些', '电子服装之类的', 'app, web and so on')
_TRAILING_EXAMPLE = re.compile(
    r"(?:那些|这些|那类|这类|之类的?|什么的|等等|等|(?<![a-z])(?:etc|and\s+so\s+on|and\s+the\s+like|and\s+such))"
    r"(?=\s*(?:[.!?;。！？；]|$))"
)
_LIST_GAP = re.compile(r"(?:\s|[,、/]|\b(?:and|or)\b|和|或|及)*")
_BREAKDOWN_CUE = re.compile(r"\b(?:by|per|across|each|every|split|broken\s+down|breakdown)\b|按|各|分")
_CLAUSE_START = re.compile(r"[.!?;。！？；]")
_LEFT_OPEN = re.compile(
    r"(?<![a-z])(?:any|regardless\s+of|irrespective\s+of|no\s+matter|whatever)(?:\s+(?:the|their|its|what|which))?\s+$"
    r"|(?:^|[,.;:!?(（，。；！？])\s*(?:all|every)\s+$"  # '… in March? All statuses.': a remark of its own
    r"|(?:不限|不管|不论|无论|不区分)(?:什么|哪种|哪个)?$"
    r"|(?:不管|不论|无论)[\u4e00-\u9fff]{1,8}?(?:什么|哪种|哪个)$"  # '不管订单最后是什么状态': whose field, then the field
)
_ALL = re.compile(r"(?<![a-z])(?:all|every|any)(?:\s+of\s+(?:the|our))?\s+$")
# after a Chinese field left open, the rows and the verb saying they all count ('不管什么状态的单都算', '不论哪个渠道都要')
_COUNTED_TAIL_ZH = re.compile(
    r"(?:的[\u4e00-\u9fff]{0,3}?)?(?:都|也)(?:(?:要|得)?(?:算|计入|计|包括|包含|统计)|要|可以|行)(?:进来|进去|上|在内)?"
)
# 'single' as emphasis: after every / each, or after 'a' in a negated clause ('never placed a single order'); 'placed a
# single order' (exactly one) stays asked back
# a field left open is a remark of its own: the end, punctuation or a conjunction follows it
_REMARK_END = re.compile(r"\s*(?:$|[,.;:!?)）\]，。；！？]|(?:and|or|but|please|thanks)\b)")
_EMPHASIS = re.compile(
    r"(?:(?<![a-z])(?:every|each)|(?:(?<![a-z])(?:not|never|no|without)\b|n't)(?:\s+[a-z']+){0,4}?\s+(?:a|one))"
    r"\s+(?P<word>single)(?=\s+[a-z])"
)
_AS_OF_NOW = re.compile(
    r"(?<![a-z])(?:as\s+(?:of|at)|up\s+to)\s+(?:today|now|right\s+now|this\s+moment|the\s+moment|date)(?![a-z])"
    r"|(?:截至|截止|截止到|到)(?:今天|今日|目前|现在|当前|此刻)(?:为止)?",
    re.IGNORECASE,
)
_CURRENT = re.compile(r"(?:current|currently|present|今天的|当前的?|目前的?)\s*", re.IGNORECASE)
_LINK = re.compile(r"^[\s:：=]*(?:(?:is|are|was|of|being|now|=)\s+)*(?:是|为)?\s*$", re.IGNORECASE)
_FREE_TEXT = re.compile(
    r"(?<![a-z])(?:free\s*text|free\s*form|open\s*text|open\s*ended|verbatim|written|typed)(?![a-z])(?=\s+(?P<next>[a-z]))"
)


def excused(reading: Reading) -> list[Excused]:
    """Stretches of `reading.text` (same offsets as `reading.masked`) that say no condition is wanted."""
    found = [*_examples(reading), *_example_clauses(reading), *_left_open(reading), *_whole_entity(reading)]
    return [*found, *_emphasis(reading), *_free_text(reading), *_as_of_now(reading), *_current_field(reading)]


def _as_of_now(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    for hit in _AS_OF_NOW.finditer(reading.text):
        others = [t for t in reading.times if t.span[1] <= hit.start() or t.span[0] >= hit.end()]
        if others:
            found.append(Excused(hit.start(), hit.end(), "aside"))
    return found


def _examples(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    for hit in _BRACKET.finditer(reading.text):
        inside = [m for m in reading.matches if hit.start() < m.start and m.end < hit.end()]
        if not inside or not all(m.of("value") and not m.of("metric") for m in inside):
            continue
        if not _EXAMPLE.search(hit.group(1)):
            continue  # 'by channel (phone, chat)': the breakdown limited to those values
        before = reading.text[: hit.start()]
        clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0) :]
        if _BREAKDOWN_CUE.search(clause):
            found.append(Excused(hit.start(), hit.end(), "examples"))
    return found


def _example_clauses(reading: Reading) -> list[Excused]:
    """A clause after a breakdown that lists values and ends with a word of examples: what the groups look like."""
    found: list[Excused] = []
    for ending in _TRAILING_EXAMPLE.finditer(reading.text):
        position, listed = ending.start(), []
        for match in sorted(reading.matches, key=lambda m: m.start, reverse=True):
            if match.end > position:
                continue
            if (
                not _LIST_GAP.fullmatch(reading.text[match.end : position])
                or not match.of("value")
                or match.of("metric")
            ):
                break
            listed.append(match)
            position = match.start
        opened = re.search(r"[,.!?;:，。！？；：]\s*$|^\s*$", reading.text[:position])
        if listed and opened and _BREAKDOWN_CUE.search(reading.text[:position]):
            found.append(Excused(position, ending.end(), "examples"))
    return found


def _left_open(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    valued = {e.target for entries, _, _ in reading.values for e in entries}
    for match in reading.matches:
        fields = [e.target for e in match.of("dimension")]
        if not fields or match.of("value") or match.of("metric") or match.of("segment"):
            continue
        quantifier = _LEFT_OPEN.search(reading.masked[: match.start])
        if quantifier is None or valued & set(fields):
            continue  # 'any status … only the churned ones': a value of the field is asked after all
        tail = _COUNTED_TAIL_ZH.match(reading.text, match.end) if reading.language == "zh" else None
        end = tail.end() if tail else match.end
        if not _REMARK_END.match(reading.text, end):
            continue  # 'is there any region where churn is over 5%': the field is what is asked about
        found.append(Excused(quantifier.start(), end, "left_open"))
    return found


def _whole_entity(reading: Reading) -> list[Excused]:
    """'(all customers, any status)': 'all' and an entity noun the message names outside the bracket too restate
    whose rows are counted; inside the bracket they are no second mention to break down by ('in each (all
    customers)' is no breakdown by customer)."""
    found: list[Excused] = []
    for bracket in _BRACKET.finditer(reading.text):
        for match in reading.matches:
            if not (bracket.start() < match.start and match.end < bracket.end()) or not match.of("entity"):
                continue
            if match.of("value") or match.of("segment"):
                continue
            quantifier = _ALL.search(reading.masked[: match.start])
            named = {e.target for e in match.entries if e.kind in ("entity", "metric")}  # the noun or its count
            elsewhere = [m for m in reading.matches if m.end <= bracket.start() or m.start >= bracket.end()]
            if quantifier and any(named & {e.target for e in m.entries} for m in elsewhere):
                found.append(Excused(quantifier.start(), match.end, "whole"))
    return found


_DATED = {
    "en": "You asked for all {entity} records, but the period '{period}' kept from the previous question would count only "
    "those dated in it. Should I count all of them, or only those of '{period}'?",
    "zh": "您要的是全部{entity}，但沿用上一个问题的时间“{period}”只会统计这段时间内的{entity}。要统计全部，还是只统计“{period}”的？",
}


def whole_but_dated(
    model: SemanticModel,
    lexicon: Lexicon,
    question: str,
    stretches: list[Excused],
    reading: Reading,
    query: SemanticQuery,
    language: Language,
) -> Plan | None:
    """'(all customers)' in a follow-up that keeps the previous question's period: the count of that entity would be
    dated by it (customers who signed up this year), the opposite of 'all'. Asked back rather than answered."""
    if reading.times or query.time_range is None:
        return None
    said = [normalize(question[s.start : s.end]) for s in stretches if s.kind == "whole"]
    wholes = {e.target for text in said for m in lexicon.find(text) for e in m.of("entity")}
    if query.time_range.field is not None:
        dated = {query.time_range.field.partition(".")[0]}
    else:
        simple = [m for m in query.metrics if len(leaf_names(model, m)) == 1 and leaf_names(model, m)[0] == m]
        dated = {leaf(model, m).entity for m in simple}
    hit = next(iter(sorted(wholes & dated)), None)
    if hit is None:
        return None
    period = query.time_range.label or f"{query.time_range.start}..{query.time_range.end}"
    label = model.entities[hit].label
    named = label.zh if language == "zh" else label.en.lower()
    text = _DATED["zh" if language == "zh" else "en"].format(entity=named, period=period)
    return clarify(language, text, suggestions(model, language))


def _emphasis(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    for hit in _EMPHASIS.finditer(reading.masked):
        if _next_match(reading, hit.end()) is not None:
            found.append(Excused(hit.start("word"), hit.end("word"), "emphasis"))
            even = re.search(r"\b(even)\s+(?:a|one)\s+$", reading.masked[: hit.start("word")])
            if even is not None:  # 'never opened even a single ticket': 'even' is emphasis too
                found.append(Excused(even.start(1), even.end(1), "emphasis"))
    return found


def _free_text(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    for hit in _FREE_TEXT.finditer(reading.masked):
        following = _next_match(reading, hit.end())
        if following is None:
            continue
        if following.of("entity"):  # 'free-text survey comments': the record's noun before its text field
            following = _next_match(reading, following.end)
        if following is not None and following.of("text_field"):
            found.append(Excused(hit.start(), hit.end(), "free_text"))
    return found


def _next_match(reading: Reading, position: int) -> Match | None:
    """The phrase of the model that starts right after `position` (only spaces between)."""
    following = next((m for m in reading.matches if m.start >= position), None)
    if following is None or reading.masked[position : following.start].strip():
        return None
    return following


def _current_field(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    for first in reading.matches:
        adjective = _CURRENT.match(reading.text, first.start)
        if adjective is None or adjective.end() >= first.end:
            continue
        fields = {e.target: e.value for e in first.of("value")}
        for later in reading.matches:
            if later.start < first.end or not _LINK.match(reading.text[first.end : later.start]):
                continue
            if any(e.target in fields and e.value != fields[e.target] for e in later.of("value")):
                found.append(Excused(adjective.start(), adjective.end(), "aside"))
            break
    return found
