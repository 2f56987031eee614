"""Who the user is, who asks for the figure and why:

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
- **Who wants it**, as a clause of its own with no question word ("the ops team wants to know", "customer service
  is asking", "(this is) for the finance folks", "财务那边想知道", "是客服那边要的") or ending one with words naming
  nothing of the model ("… for the ops team"; "… for the store team" keeps 'store'). A Chinese party marked by 那边 /
  团队 / 部门 … may also open the question before a verb of wanting or looking up ("财务那边想知道上个月…", "帮财务那边查一
  下…"). In a clause of its own the party may name a word of the model (客服): saying who wants the figure restricts
  nothing; opening the question it may not ("北京那边想看上个月的销售额": Beijing's?).
- **Chinese requesters**: a party ending in a noun of a role ("老板", "CEO办公室", "运营老大"), when and where it
  asked ("刚在群里", "周会上") and a verb of asking ("问", "要一个数", "想看") opening the message; or a forwarded
  request ("转老板的问题：“…”"). The same topic rule holds for what the party wants to see."""

from __future__ import annotations

import re
from functools import cache

from assistant.planner.discourse import Excused
from assistant.planner.framing.vocabulary import adds_a_number, alternatives, clauses_of, names_data, words
from assistant.planner.grounding import leftover_words
from assistant.planner.reading import Reading
from assistant.planner.words import fillers
from semantic_layer import SemanticModel

_LEAD = r"^\s*(?:(?:so|and|ok|okay|hey|hi|well|also|btw|fyi|um|oh|morning|but)\b[\s,]*)*"
_I = r"(?:i'm|i am|im|we're|we are|i've been|we've been|i was|we were)"
_DET = r"(?:the|our|my|a|an|this|that|their|[a-z]+'s)"


@cache
def _identity() -> re.Pattern[str]:
    """'I'm on the CS team': who the user is, a whole clause ending in a noun of a group of people."""
    return re.compile(
        rf"{_LEAD}{_I}\s+(?:on|in|with|part\s+of|from)\s+{_DET}\s+(?:[a-z][a-z&'-]*\s+){{0,3}}?{alternatives('en_roles')}\s*$"
    )


@cache
def _scope() -> re.Pattern[str]:
    """'I manage the South region': the verb only; the object is the scope."""
    return re.compile(
        rf"{_LEAD}(?:i|we)\s+(?:(?:also|mainly|currently)\s+)?{alternatives('en_scopes')}(?=\s+(?:the|our|all)\b)"
    )


@cache
def _openings() -> re.Pattern[str]:
    """The opening of a clause of asking, preparing or purpose; the topic follows it."""
    asker = (
        rf"(?:{_DET}\s+)?(?:[a-z][a-z&'-]*\s+){{0,2}}?{alternatives('en_roles')}\s+(?:(?:keeps?|kept|has|have|had|"
        r"is|are|was|were|been|just|also|always|again)\s+)*(?:asking|asked|asks|ask|wants?|wanted|needs?|needed|"
        r"curious|wondering|pushing|chasing)(?:\s+(?:me|us))?(?:\s+(?:about|for|on|re|after|to\s+know|to\s+see))?"
    )
    preparing = rf"(?:{_I}\s+)?(?:just\s+|currently\s+)?{alternatives('en_preparing')}"
    purpose = (
        rf"(?:{_I}\s+|just\s+)?(?:trying|want|wanting|need|needing|hoping|looking|working|(?:i|we)'d\s+like|(?:i|we)\s+would\s+like)\s+to\s+"
        rf"{alternatives('en_purposes')}"
    )
    return re.compile(rf"{_LEAD}(?:{asker}|{preparing}|{purpose})(?![a-z])")


@cache
def _zh_requester() -> re.Pattern[str]:
    party = rf"(?P<party>[\u4e00-\u9fffA-Za-z]{{0,6}}?{alternatives('zh_roles')})"
    return re.compile(
        rf"^\s*(?:(?:转|转发|帮忙转|转一下)\s*{party}的{alternatives('zh_forwarded')}"
        rf"|{party.replace('?P<party>', '?P<asker>')}(?:{alternatives('zh_settings')})*{alternatives('zh_asking')}(?:一下|这个数?)?)\s*[:：]?\s*[“\"']?"
    )


_QUESTION = re.compile(r"\b(?:how|what|which|who|when|where|why)\b(?!\s+we\b)|[?？]|多少|几|哪|什么|啥|吗")


def frames(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Who the user is, who asks and why, opening a clause, in English and Chinese."""
    return [*_english_frames(model, reading), *_chinese_frames(model, reading), *_chinese_scope(reading)]


_ZH_SCOPE = re.compile(r"^\s*(?:我|本人|我们)(?:是|负责|管|管理|分管|主管|带)(?=\S)")


@cache
def _zh_role_tail() -> re.Pattern[str]:
    return re.compile(rf"^的?[\u4e00-\u9fffA-Za-z]{{0,6}}?{alternatives('zh_persons')}\s*$|^\s*$")


def _chinese_scope(reading: Reading) -> list[Excused]:
    """'我是华东区的区域经理', '我负责华东区': the part of the business the user answers for, the Chinese form of 'I manage
    the East region'. The verb and the role noun are excused; the values between them stay: they are the scope of
    '我们区' / '我们店' and are read as a condition."""
    found: list[Excused] = []
    for a, b in clauses_of(reading.text):
        opening = _ZH_SCOPE.match(reading.text, a, b)
        if opening is None:
            continue
        values = [m for m in reading.matches if a <= m.start and m.end <= b and m.of("value")]
        if (
            not values
            or values[0].start != opening.end()
            or any(t.span[0] < b and a < t.span[1] for t in reading.times)
        ):
            continue
        last = max(m.end for m in values)
        if _zh_role_tail().match(reading.text[last:b]) is None:
            continue  # '我负责华东区的退货': the clause goes on to name what is asked
        found.append(Excused(a, opening.end(), "requester"))
        if reading.text[last:b].strip():
            found.append(Excused(last, b, "requester"))
    return found


def _english_frames(model: SemanticModel, reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    clauses = clauses_of(reading.text)
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
    clauses = clauses_of(reading.text)
    for a, b in clauses:
        opening = _zh_requester().match(reading.text[a:b])
        party = "party" if opening is not None and opening.group("party") else "asker"
        if opening is None or names_data(reading, a + opening.start(party), a + opening.end(party)):
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
    if not any(names_data(reading, x, y) for x, y in rest):
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
    if adds_a_number(reading.masked[start:end]):
        return False  # 'the category managers want the top 3': a limit the other clauses do not ask
    elsewhere = [m for m in reading.matches if any(x <= m.start and m.end <= y for x, y in rest)]
    targets = {e.target for m in elsewhere for e in m.entries}
    entities = {t.partition(".")[0] for t in targets} | {e.target for m in elsewhere for e in m.of("entity")}
    for segment in (model.segment(e.target) for m in elsewhere for e in m.of("segment")):
        targets |= {f"{segment.entity}.{word}" for word in re.findall(r"[a-z_]+", segment.filter or "")}
    framing = re.compile(
        rf"\s*(?:[a-z']+\s+)?{alternatives('en_roles')}|\s*(?:[a-z']+\s+)?{alternatives('en_deliverables')}"
    )
    for match in (m for m in reading.matches if start <= m.start and m.end <= end):
        named = {e.target for e in match.entries}
        if named & targets or {t.partition(".")[0] for t in named} & entities:
            continue
        if not framing.match(reading.text, match.end):
            return False
    general = {*words("en_topics"), *words("en_roles"), *words("en_deliverables"), *fillers("en"), *fillers("zh")}
    # a word naming a group of people ('the ops team', '运营总监') is part of the noun of people
    people = re.compile(rf"\s*{alternatives('en_roles')}(?![a-z])|{alternatives('zh_roles')}")
    unknown = [
        w for s, e, w in leftover_words(reading) if start <= s and e <= end and not people.match(reading.text, e)
    ]
    # a possessive ("Monday's store managers meeting") belongs to the noun it modifies
    return all(w.lower() in general or w.endswith(("ing", "ed", "'s", "情况", "数据")) for w in unknown)


def _said_in(reading: Reading, span: tuple[int, int], clauses: list[tuple[int, int]]) -> bool:
    """A period of the same dates is said in one of `clauses`."""
    this = next(t for t in reading.times if t.span == span)
    return any(
        (t.start, t.end) == (this.start, this.end) and any(x <= t.span[0] and t.span[1] <= y for x, y in clauses)
        for t in reading.times
        if t.span != span
    )


@cache
def _wanting_clause() -> re.Pattern[str]:
    """A whole clause saying who wants the figure: 'the ops team wants to know', 'finance is asking'."""
    return re.compile(
        rf"^\s*(?:(?:so|and|btw|fyi|also)\s+)?(?P<who>(?:the\s+|our\s+|my\s+)?(?:[a-z][a-z&'-]*\s+){{0,2}}?[a-z][a-z&'-]*\s+)"
        rf"(?P<group>{alternatives('en_roles')}\s+)?{alternatives('en_wants')}\s*$"
    )


@cache
def _for_group_clause() -> re.Pattern[str]:
    """A whole clause saying whom the figure is for ('(this is) for the finance folks', 'for my boss') or who passed
    the question on ('forwarded from my manager')."""
    return re.compile(
        rf"^\s*(?:(?:this|it)(?:'s|\s+is)\s+(?:all\s+)?|all\s+)?for\s+(?:the|our|my)\s+(?:[a-z][a-z&'-]*\s+){{0,2}}?"
        rf"{alternatives('en_roles')}\s*$"
        # 'Forwarded from my manager', 'fwd from the ops lead', 'a question from our CFO': who passed it on
        rf"|^\s*(?:fwd|fw|forwarded|forwarding|passed\s+on|passing\s+on|relayed|relaying|(?:a\s+)?question)\s+"
        rf"(?:from|by)\s+(?:the|our|my)\s+(?:[a-z][a-z&'-]*\s+){{0,2}}?{alternatives('en_roles')}\s*$"
    )


@cache
def _for_group_tail() -> re.Pattern[str]:
    """'… for the ops team' ending a clause: whom the figure is for, when its words name nothing of the model."""
    return re.compile(
        rf"\s+for\s+(?P<who>(?:the|our|my)\s+(?:[a-z][a-z&'-]*\s+){{0,2}}?){alternatives('en_roles')}\s*$"
    )


@cache
def _zh_on_behalf() -> re.Pattern[str]:
    """'帮财务那边查一下…': the party the user looks it up for, before a verb of looking up."""
    return re.compile(
        rf"^\s*(?:帮|替|给)(?P<who>[\u4e00-\u9fffA-Za-z]{{1,8}}?){alternatives('zh_group_marks')}"
        r"(?=(?:查|看|拉|统计|算|找)(?:一下|下)?)"
    )


@cache
def _zh_wanting() -> re.Pattern[str]:
    """'财务那边想知道' (a whole clause, or opening one), '是客服那边要的'."""
    return re.compile(
        rf"^\s*(?:这是|是|这个是)?(?P<who>[\u4e00-\u9fffA-Za-z]{{1,8}}?){alternatives('zh_group_marks')}"
        rf"(?:一直|也|都|刚才|刚刚|又)?{alternatives('zh_asking')}(?:一下|这个数据?|这个数|这个)?(?P<rest>.*)$"
    )


# a clause with a question word, a relative pronoun or a verb of showing is the question, not who asks it
_QUESTION_EN = re.compile(
    r"\b(?:what|which|who|whom|whose|how|many|much|where|when|why|did|do|does|that|list|show|give|count|find|pull|tell)\b"
)
_QUESTION_ZH = re.compile(r"哪|什么|多少|几|谁|啥")


def wanting(reading: Reading) -> list[Excused]:
    """Who wants the figure or whom it is for, as a clause of its own or around the question."""
    found: list[Excused] = []
    for a, b in clauses_of(reading.text):
        piece = reading.text[a:b]
        wanting = _wanting_clause().match(piece)
        if wanting is not None and not _QUESTION_EN.search(wanting.group("who")):
            found.append(Excused(a, b, "requester"))  # 'customer service is asking'
            continue
        if _for_group_clause().match(piece):
            found.append(Excused(a, b, "requester"))
            continue
        tail = _for_group_tail().search(piece)
        if tail is not None and not names_data(reading, a + tail.start("who"), a + tail.end()):
            found.append(Excused(a + tail.start(), b, "requester"))  # '… for the ops team'
            continue
        behalf = _zh_on_behalf().match(piece)
        if behalf is not None and not names_data(reading, a + behalf.start("who"), a + behalf.end("who")):
            found.append(Excused(a, a + behalf.end(), "requester"))  # '帮财务那边查一下…'
            continue
        hit = _zh_wanting().match(piece)
        if hit is None or _QUESTION_ZH.search(hit.group("who")):
            continue
        rest = hit.group("rest")
        if not rest.strip(" 的了呢啊吧呀"):
            found.append(Excused(a, b, "requester"))  # '客服那边想知道'
        elif names_data(reading, a + hit.start("who"), a + hit.end("who")):
            continue  # '北京那边想看上个月的销售额': Beijing's revenue, or what the Beijing office asks? not excused
        elif not re.search(r"(?<!想)(?:需要|要)$", piece[: hit.start("rest")]):  # '门店那边要求…' is no request
            found.append(Excused(a, a + hit.start("rest"), "requester"))  # '财务那边想知道…'
    return found
