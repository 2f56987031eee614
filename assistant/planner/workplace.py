"""Workplace chatter around a question (role `filler`, DESIGN.md §10): what the figure is for, who wants it, by when
and how to lay it out. Such words ask for nothing about the data; read as words of the question they were asked back
("board", "deck", "eod") or, worse, became conditions ("客服那边想知道" filtered the churn reason 'service', "from the
ops weekly email" refused the question as personal data). The words are general business English and Chinese
(assistant/planner/data/workplace.yml); the rules are grammar:

- **Occasions**: a preposition, a determiner, up to three modifiers and an occasion noun ending the phrase ("for the
  board deck", "in the cohort review meeting", "from the ops weekly email"). The modifiers must name nothing of the
  model and no period ("for the Q3 review" keeps Q3: it may be the period asked); an occasion noun that is also a word
  of the model ('email', 'call') needs a modifier of its own and must open its clause ("Hi, from the ops weekly
  email: …"; "tickets from the sales call" may be the phone channel).
- **Deadlines and promises**: "by EOD", "before close of business", "I promised them an answer": the answer's
  deadline and who is owed it.
- **Who wants it**, as a clause of its own with no question word ("the ops team wants to know", "customer service
  is asking", "(this is) for the finance folks", "财务那边想知道", "是客服那边要的") or ending one with words naming
  nothing of the model ("… for the ops team"; "… for the store team" keeps 'store'). A Chinese party marked by 那边 /
  团队 / 部门 … may also open the question before a verb of wanting or looking up ("财务那边想知道上个月…", "帮财务那边查一
  下…"). In a clause of its own the party may name a word of the model (客服): saying who wants the figure restricts
  nothing; opening the question it may not ("北京那边想看上个月的销售额": Beijing's?).
- **Layouts**: "side by side", "next to each other", "并排": the comparison comes from the grammar cues.

Each stretch is excused only when another part of the message names something of the model."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading


@cache
def _data() -> dict[str, Any]:
    text = resources.files("assistant.planner").joinpath("data", "workplace.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return loaded if isinstance(loaded, dict) else {}


def _alternatives(section: str) -> str:
    phrases = sorted({str(p).lower() for p in _data().get(section) or ()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + ")"


_DETERMINER = (
    r"(?:the|our|my|this|that|these|today's|tomorrow's|yesterday's|this\s+morning's|next|a|an|their|his|her|[a-z]+'s)"
)
# the occasion noun ends its phrase: punctuation, a dash, the end, or a conjunction or pronoun starting a new clause
_END_OF_PHRASE = re.compile(r"\s*(?:$|[,.:;!?()'\"“”‘’]|[-–—]|(?:and|but|so|i|we|please|thanks|then|where|which)\b)")


@cache
def _occasion() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:for|from|in|at|during|before|after|ahead\s+of|per|on|into)\s+(?P<det>{_DETERMINER})\s+"
        rf"(?P<mods>(?:[a-z][a-z0-9'&-]*\s+){{0,3}})(?P<head>{_alternatives('en_occasions')})(?![a-z0-9-])"
    )


@cache
def _deadline() -> re.Pattern[str]:
    return re.compile(rf"\b(?:by|before|until|till)\s+(?:the\s+)?{_alternatives('en_deadlines')}(?![a-z0-9])")


@cache
def _promise() -> re.Pattern[str]:
    whom = r"(?:(?:them|him|her|you|the\s+team|my\s+boss|my\s+manager|[a-z]+)\s+)?"
    return re.compile(
        rf"\b(?:i|we)(?:'ve|\s+have|'d|\s+had)?\s+(?:already\s+|just\s+)?{_alternatives('en_promises')}\s+{whom}"
        rf"(?:an?\s+|the\s+|some\s+)?{_alternatives('en_deliverables')}(?![a-z0-9])"
    )


@cache
def _wanting_clause() -> re.Pattern[str]:
    """A whole clause saying who wants the figure: 'the ops team wants to know', 'finance is asking'."""
    return re.compile(
        rf"^\s*(?:(?:so|and|btw|fyi|also)\s+)?(?P<who>(?:the\s+|our\s+|my\s+)?(?:[a-z][a-z&'-]*\s+){{0,2}}?[a-z][a-z&'-]*\s+)"
        rf"(?P<group>{_alternatives('en_groups')}\s+)?{_alternatives('en_wants')}\s*$"
    )


@cache
def _for_group_clause() -> re.Pattern[str]:
    """A whole clause saying whom the figure is for ('(this is) for the finance folks', 'for my boss') or who passed
    the question on ('forwarded from my manager')."""
    return re.compile(
        rf"^\s*(?:(?:this|it)(?:'s|\s+is)\s+(?:all\s+)?|all\s+)?for\s+(?:the|our|my)\s+(?:[a-z][a-z&'-]*\s+){{0,2}}?"
        rf"{_alternatives('en_groups')}\s*$"
        # 'Forwarded from my manager', 'fwd from the ops lead', 'a question from our CFO': who passed it on
        rf"|^\s*(?:fwd|fw|forwarded|forwarding|passed\s+on|passing\s+on|relayed|relaying|(?:a\s+)?question)\s+"
        rf"(?:from|by)\s+(?:the|our|my)\s+(?:[a-z][a-z&'-]*\s+){{0,2}}?{_alternatives('en_groups')}\s*$"
    )


@cache
def _for_group_tail() -> re.Pattern[str]:
    """'… for the ops team' ending a clause: whom the figure is for, when its words name nothing of the model."""
    return re.compile(
        rf"\s+for\s+(?P<who>(?:the|our|my)\s+(?:[a-z][a-z&'-]*\s+){{0,2}}?){_alternatives('en_groups')}\s*$"
    )


@cache
def _zh_on_behalf() -> re.Pattern[str]:
    """'帮财务那边查一下…': the party the user looks it up for, before a verb of looking up."""
    return re.compile(
        rf"^\s*(?:帮|替|给)(?P<who>[\u4e00-\u9fffA-Za-z]{{1,8}}?){_alternatives('zh_group_marks')}"
        r"(?=(?:查|看|拉|统计|算|找)(?:一下|下)?)"
    )


@cache
def _zh_wanting() -> re.Pattern[str]:
    """'财务那边想知道' (a whole clause, or opening one), '是客服那边要的'."""
    return re.compile(
        rf"^\s*(?:这是|是|这个是)?(?P<who>[\u4e00-\u9fffA-Za-z]{{1,8}}?){_alternatives('zh_group_marks')}"
        rf"(?:一直|也|都|刚才|刚刚|又)?{_alternatives('zh_wants')}(?:一下|这个数据?|这个数|这个)?(?P<rest>.*)$"
    )


@cache
def _layout() -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){_alternatives('en_layouts')}(?![a-z])|{_alternatives('zh_layouts')}")


# a clause with a question word, a relative pronoun or a verb of showing is the question, not who asks it
_QUESTION_EN = re.compile(
    r"\b(?:what|which|who|whom|whose|how|many|much|where|when|why|did|do|does|that|list|show|give|count|find|pull|tell)\b"
)
_QUESTION_ZH = re.compile(r"哪|什么|多少|几|谁|啥")
_CLAUSE = re.compile(r"[^.!?;:,，。！？；：()（）\[\]]+")


def excused(reading: Reading) -> list[Excused]:
    """Stretches of `reading.text` that are workplace chatter, when another part of the message names the data."""
    found = [*_occasions(reading), *_deadlines(reading), *_promises(reading), *_layouts(reading)]
    found += _wanting(reading)
    return [item for item in found if _named_elsewhere(reading, item)]


def _occasions(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    text = reading.masked
    for hit in _occasion().finditer(text):
        start, end = hit.span()
        if not _END_OF_PHRASE.match(reading.text, end):
            continue  # 'for the email channel': the noun heads no occasion
        if _names_data(reading, hit.start("det"), hit.end("mods")):
            continue  # 'for the Q3 review', 'for the members meeting': the modifier may be what is asked
        own = hit.group("mods").strip() or hit.group("det").endswith("'s")  # 'the ops weekly email', "today's call"
        of_model = _names_data(reading, *hit.span("head"))  # an occasion noun that is a word of the model ('email')
        if of_model and not (own and _opens_clause(reading.text, start)):
            continue  # 'tickets from the email', 'tickets from the sales call' may be the email / phone channel
        found.append(Excused(start, end, "occasion"))
    return found


def _opens_clause(text: str, start: int) -> bool:
    """Nothing but a greeting or a discourse word before `start` in its clause ('Hi, from the ops weekly email:')."""
    before = re.split(r"[,.:;!?()\-–—，。：；！？（）]", text[:start])[-1]
    return bool(re.fullmatch(r"\s*(?:(?:hi|hey|hello|so|ok|okay|also|btw|fyi|and|quick one|re)\s+)*", before))


def _deadlines(reading: Reading) -> list[Excused]:
    return [Excused(*hit.span(), "deadline") for hit in _deadline().finditer(reading.masked)]


def _promises(reading: Reading) -> list[Excused]:
    return [Excused(*hit.span(), "deadline") for hit in _promise().finditer(reading.masked)]


def _layouts(reading: Reading) -> list[Excused]:
    return [Excused(*hit.span(), "layout") for hit in _layout().finditer(reading.text)]


def _wanting(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    for clause in _CLAUSE.finditer(reading.text):
        piece = clause.group(0)
        wanting = _wanting_clause().match(piece)
        if wanting is not None and not _QUESTION_EN.search(wanting.group("who")):
            found.append(Excused(clause.start(), clause.end(), "requester"))  # 'customer service is asking'
            continue
        if _for_group_clause().match(piece):
            found.append(Excused(clause.start(), clause.end(), "requester"))
            continue
        tail = _for_group_tail().search(piece)
        if tail is not None and not _names_data(
            reading, clause.start() + tail.start("who"), clause.start() + tail.end()
        ):
            found.append(Excused(clause.start() + tail.start(), clause.end(), "requester"))  # '… for the ops team'
            continue
        behalf = _zh_on_behalf().match(piece)
        if behalf is not None and not _names_data(
            reading, clause.start() + behalf.start("who"), clause.start() + behalf.end("who")
        ):
            found.append(Excused(clause.start(), clause.start() + behalf.end(), "requester"))  # '帮财务那边查一下…'
            continue
        hit = _zh_wanting().match(piece)
        if hit is None or _QUESTION_ZH.search(hit.group("who")):
            continue
        rest = hit.group("rest")
        if not rest.strip(" 的了呢啊吧呀"):
            found.append(Excused(clause.start(), clause.end(), "requester"))  # '客服那边想知道'
        elif _names_data(reading, clause.start() + hit.start("who"), clause.start() + hit.end("who")):
            continue  # '北京那边想看上个月的销售额': Beijing's revenue, or what the Beijing office asks? not excused
        elif not re.search(r"(?<!想)(?:需要|要)$", piece[: hit.start("rest")]):  # '门店那边要求…' is no request
            found.append(Excused(clause.start(), clause.start() + hit.start("rest"), "requester"))  # '财务那边想知道…'
    return found


def _names_data(reading: Reading, start: int, end: int) -> bool:
    """Whether a phrase of the model or a time phrase lies in the stretch."""
    if end <= start:
        return False
    if any(m.start < end and start < m.end for m in reading.matches):
        return True
    return any(t.span[0] < end and start < t.span[1] for t in reading.times)


def _named_elsewhere(reading: Reading, item: Excused) -> bool:
    """Another part of the message names the model or a period: chatter is only excused around a question."""
    outside = [m for m in reading.matches if m.end <= item.start or m.start >= item.end]
    return bool(outside) or any(t.span[1] <= item.start or t.span[0] >= item.end for t in reading.times)
