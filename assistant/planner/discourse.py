"""Words around a question that carry none of its elements (DESIGN.md §10, role `filler`): asides, who asked for
the figure, and an answer form the user rejects. They are blanked (same length, so offsets hold) before the
question is read again; every other word still has to be explained by the model, a time phrase or a cue.

- **Asides**: a clause of the message (split at . ! ? ; : dashes, brackets and commas) that names nothing of the
  model, no time phrase and no grammar cue, asks nothing (no question word, no "?") and restricts nothing (no
  only / excluding / not / with / from …), while another clause carries the question ("Hi! Quick one for the
  board deck - how many …", "thanks a lot", "老板催得急，…"). Reported speech ("marketing keeps saying …",
  "市场部一直说…") is an aside even when it names a word of the model: it states someone's claim, it asks nothing.
- **Who asked**: "finance asked me for …", "my boss wants …", "老板让我查…" at the start of a clause: the requester
  is no filter (the words before the verb must name nothing of the model).
- **Answer form**: "the rate, not the headcount", "the count, not the %", "要比例，不要人数": the rejected form is
  no negation of data. The kept form must be what the plan answers (`answer_form`), else it is asked back.
- **Set nouns**: "the membership program", "both groups", "这两组" add nothing after a phrase of the model or a
  quantifier; after an unknown word ("the loyalty program") that word is still asked back.
- Asides need a function word or a greeting: a bare topic before the question ("gmail.", "for gmail accounts -")
  may be a filter and is not excused.

Words the rules test are grammar (question words, restricting words, reporting verbs), listed here; no word of a
business domain is listed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.contracts import Language, Plan, Span
from assistant.planner.conditions import as_filters
from assistant.planner.grounding import cue_spans, leftover_words
from assistant.planner.messages import clarify, suggestions
from assistant.planner.rates import _share
from assistant.planner.reading import Reading
from assistant.planner.words import fillers, zh_fillers_longest_first
from semantic_layer import SemanticModel, SemanticQuery

# clause boundaries: sentence punctuation followed by a space or the end (not '3.5', '10:30'), dashes between
# spaces, brackets, commas; Chinese punctuation anywhere
_BREAK = re.compile(r"[.!?;:…]+(?=\s|$)|\s[-–—]+\s|[—–]{1,2}|[()（）\[\]]|,|[。！？；：，]")
_QUESTION_EN = re.compile(
    r"\b(?:what|what's|whats|which|who|whom|whose|how|how's|why|where|when|show|list|give|tell|pull|fetch|"
    r"count|compare|find|break|split|rank|sort|plot|chart|graph)\b|^\s*(?:is|are|was|were|do|does|did|can|could|"
    r"would|will|should|has|have|had)\b"
)
_QUESTION_ZH = re.compile(
    r"多少|几|什么|啥|哪|怎么|如何|吗|是否|有没有|是不是|列|给我|帮我|统计|对比|比较|分别|说说|讲讲|查询"
)
# words that restrict who or what is counted: a clause with one of them is no aside ('only gmail users.', 'I mean
# the ones on gmail.')
_RESTRICT_EN = re.compile(
    r"\b(?:only|excluding|exclude|excludes|except|without|w/o|not|no|non|never|with|w/|from|who|whose|whom|where|"
    r"whether|among|than|per|by|but|n't|nor|ones|mean|meant)\b|n't\b"
)
_RESTRICT_ZH = re.compile(r"只|仅|除|不|没|非|无|未|别|外|按|从|来自")
_REPORTING_EN = re.compile(
    r"\b(?:say|says|said|saying|claim|claims|claimed|claiming|think|thinks|thought|believe|believes|believed|"
    r"reckon|reckons|told|tells|mention|mentions|mentioned|insist|insists|insisted|suggest|suggests|suggested|"
    r"heard|hear|argue|argues|argued|suspect|suspects|feel|feels|felt|assume|assumes|assumed)\b"
)
_REPORTING_ZH = re.compile(r"(?<!说)说(?!说)|认为|觉得|声称|表示|听说|反映|据说|以为")
_LEAD = r"^\s*(?:(?:so|and|ok|okay|hey|hi|well|also|btw|fyi|um|oh)\b[\s,]*)*"
_REQUESTER_EN = re.compile(
    _LEAD + r"(?P<who>(?:(?:my|our|the|a)\s+)?(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:has\s+|have\s+|had\s+|just\s+)?"
    r"(?:asked|asks|asking|wants|wanted|needs|needed|requested|requests|is asking|was asking|keeps asking|"
    r"would like|'d like|would love)(?:\s+(?:me|us))?(?:\s+(?:for|about|to\s+(?:know|see|pull|get|find|check)))?\b"
)
# 'I've been asked by the finance team to double-check something:' (the passive: who asked comes after 'by')
_REQUESTER_PASSIVE_EN = re.compile(
    _LEAD + r"(?:i've|i have|i was|i am|i'm|we've|we have|we were|we are|we're)\s+(?:just\s+)?(?:been\s+)?"
    r"(?:asked|tasked|told)\s+(?:by\s+(?P<who>(?:(?:my|our|the|a)\s+)?(?:[a-z]+\s+){0,2}?[a-z]+)\s+)?to\s+"
    r"(?:double[- ]check|check|find\s+out|look\s+into|confirm|verify|pull|get|report(?:\s+on)?|dig\s+up)"
    r"(?:\s+(?:something|this|a\s+few\s+things|some\s+numbers|a\s+number|a\s+figure))?(?![a-z])",
    re.IGNORECASE,
)
_REQUESTER_ZH = re.compile(
    r"^\s*(?P<who>[\u4e00-\u9fff]{1,6}?)(?:刚才|刚刚|一直|又)?(?:让我|叫我|要我|问我|找我|想让我|请我|托我|催我)"
)
_FORM_EN = (
    r"(?:rates?|counts?|numbers?|totals?|percentages?|percent|%|pct|shares?|ratios?|proportions?|headcounts?|"
    r"head count|amounts?|sums?|averages?|avg|lists?|names|ids|raw numbers?|absolute numbers?|raw counts?|"
    r"people count|how many)"
)
# counts said with a measure word: 张数 (tickets), 笔数 / 单数 (orders), 份数 (surveys), 户数, 条数
_FORM_ZH = r"(?:比例|占比|比率|百分比|人数|数量|[个次件单张笔份条户]数|总数|金额|名单|明细|多少人|多少个)"
# what the rejected form counts, said before it ('不是流失人数', '不是退货单数', '不是流失的客户数')
_COUNTED_ZH = r"(?:[\u4e00-\u9fff]{1,6}?的?)?"
# a rate rejected by its name ('要单数，不是退货率', '不是流失率，是人数', 'the count, not the return rate')
_NAMED_RATE_ZH = r"[\u4e00-\u9fff]{1,6}?(?:率|比例|占比)"
_NAMED_RATE_EN = r"(?:[a-z-]+\s+){1,2}(?:rates?|percentages?|shares?|ratios?)"
# when the rejection holds: 'not the count this time', 'not the number anymore'
_ONCE = r"(?:this\s+time(?:\s+(?:round|around))?|any\s?more|again|for\s+(?:now|once)|please)"
_REJECTED = (
    re.compile(
        rf"(?<![a-z])(?:the\s+|a\s+|as\s+an?\s+)?(?P<keep>{_FORM_EN})(?![a-z])\s*[,;]?\s*"
        rf"(?P<drop>(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(?:the\s+|a\s+|as\s+(?:an?\s+)?)?{_FORM_EN})(?![a-z])"
    ),
    re.compile(
        rf"(?P<drop>\bnot\s+(?:the\s+|a\s+|as\s+(?:an?\s+)?)?{_FORM_EN}(?![a-z])\s*[,;]?\s*but)\s+(?:the\s+|a\s+|as\s+an?\s+)?"
        rf"(?P<keep>{_FORM_EN})(?![a-z])"
    ),
    # a trailing rejection alone: 'return rate last month, not the number of returns' (the kept form is the other)
    re.compile(
        rf"[,;]\s*(?P<drop>(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(?:the\s+|a\s+|as\s+(?:an?\s+)?)?"
        rf"(?P<form>{_FORM_EN})(?![a-z])(?:\s+of\s+[a-z' ]+?)?)\s*(?=[.?!]|$)"
    ),
    re.compile(
        rf"(?:要|看|给|是)?(?P<keep>{_FORM_ZH})\s*[,，]?\s*"
        rf"(?P<drop>(?:而)?(?:不是|不要|别给|而非|不看)(?:{_COUNTED_ZH}{_FORM_ZH}|{_NAMED_RATE_ZH}))"
    ),
    re.compile(
        rf"(?P<drop>(?:不是|不要|别给|不看)(?:{_COUNTED_ZH}{_FORM_ZH}|{_NAMED_RATE_ZH})\s*[,，]?\s*(?:而是|是|要|看))"
        rf"(?P<keep>{_FORM_ZH})"
    ),
    # the rejection first and alone, then the question: 'Not the raw count - what share of …' (the kept form is the
    # other one)
    re.compile(
        rf"^\s*(?P<drop>(?:no[,.!]?\s+)?not\s+(?:the\s+|a\s+|just\s+(?:the\s+)?)?(?P<form>{_FORM_EN})(?![a-z])"
        rf"(?:\s+of\s+[a-z' ]+?)?(?:\s+{_ONCE})?\s*(?:[-\u2013\u2014:;,.!]+\s*))"
    ),
    # a rate rejected by its metric's name: 'the count, not the return rate'
    re.compile(
        rf"(?<![a-z])(?:the\s+|a\s+)?(?P<keep>{_FORM_EN})(?![a-z])\s*[,;]?\s*"
        rf"(?P<drop>(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(?:the\s+|a\s+)?{_NAMED_RATE_EN})(?![a-z])"
    ),
)
# chat formulae whose words are also grammar cues ('quick' of the speed cue): no cue inside an aside
_FORMULAE = re.compile(
    r"\bquick (?:one|question|q|check|thing)\b|\b(?:super |very )?quick(?:ly)?\b(?=\s*$)|\bfirst things first\b|"
    r"\bat your earliest\b|\bfast as you can\b"
)
_FORM_WORD = re.compile(
    rf"(?<![a-z]){_FORM_EN}(?![a-z])|\b(?:id|ids|rows?|records?|table|chart|graph|details?)\b|{_FORM_ZH}|名单|明细|图"
)
_RATE_FORMS = re.compile(r"rate|percent|%|pct|share|ratio|proportion|比例|占比|比率|百分比|率")
_COUNT_FORMS = re.compile(
    r"count|number|headcount|head count|how many|total|人数|数量|[个次件单张笔份条户]数|总数|多少"
)


_TEXT = {
    "en": "You asked for the {form}, but the measure this question names is the other form. Which measure do you mean?",
    "zh": "您要的是{form},但问题里的指标是另一种形式。您指的是哪个指标?",
}


@dataclass(frozen=True)
class Excused:
    start: int
    end: int
    kind: str  # 'aside' | 'requester' | 'answer_form' | 'set_noun' | 'year_earlier' (shifts.py)
    keep: str = ""  # the answer form kept ('rate'), for kind 'answer_form'; the base's entity, for 'restated_base'


def excused(reading: Reading) -> list[Excused]:
    """Stretches of the question (offsets of `reading.text`) that carry no element of it."""
    found: list[Excused] = []
    text = reading.text
    clauses = _clauses(text)
    found += _answer_forms(text, 0, len(text))
    found += _rejected_measures(reading)
    for start, end in clauses:
        found += _requester(reading, start, end)
    found += _set_nouns(reading)
    own = _own_work(reading, clauses) + _restatements(reading, clauses)  # 'I'll do the % changes myself'
    own += [o for o in _prepared_topics(reading, clauses) if o not in own]  # 'I'm preparing slides on …'
    found += own
    asides = [c for c in clauses if _aside(reading, *c) and not any((o.start, o.end) == c for o in own)]
    # asides only around a question: some other clause must name what is asked
    if any(_elements(reading, *c) for c in clauses if c not in asides):
        found += [Excused(start, end, "aside") for start, end in asides]
    return found


def blank(text: str, stretches: list[Excused]) -> str:
    chars = list(text)
    for item in stretches:
        for index in range(item.start, min(item.end, len(chars))):
            chars[index] = " "
    return "".join(chars)


# a first-person statement joined to the request by 'and' ("I'm putting together a deck for the review and want to
# show …"): the statement is a clause of its own, so it can be an aside
# Only a statement of what the user is preparing (a deck, a report, slides) qualifies: "I'm looking at gmail users and
# want …" names a topic, and "a report on/about …" names one too; both stay in the question and are asked back.
_FIRST_PERSON = re.compile(
    r"^\s*(?:so\s+|ok\s+|okay\s+)?(?:i'm|i am|im|i've been|we're|we are|we've been|i was|we were)\s+"
    r"(?:just\s+|currently\s+)?(?:putting together|pulling together|preparing|prepping|making|building|writing|drafting|"
    r"creating|finishing|finali[sz]ing)\b(?!.*\b(?:on|about|regarding|covering|of|around|re)\b)"
)
_AND_WANT = re.compile(
    r"\s+and\s+(?=(?:i\s+|we\s+)?(?:want|wanna|need|would like|'d like|have to|must|plan|hope|am hoping)\b)"
)
# the user says what they will do themselves ("I'll do the % changes myself", "我自己来算环比"): it asks nothing of
# the data and restricts nothing, so the clause carries no element (not even the answer form it names)
_OWN_WORK = re.compile(
    r"^\s*(?:and\s+|but\s+|then\s+)?(?:i'll|i will|i can|i'd|ill|we'll|we will|we can)\s+(?:just\s+)?"
    r"(?:do|calculate|compute|work out|figure out|handle|add|make|build|take care of|draw|chart|plot)\b.*"
    r"\b(?:myself|ourselves|on my own|on our own|by myself)\s*$"
    r"|^\s*(?:其余的|剩下的|后面的)?(?:我|我们)(?:自己|们自己)(?:来|再)?(?:算|计算|处理|做|画)"
)


def _clauses(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    position = 0
    for cut in _BREAK.finditer(text):
        if text[position : cut.start()].strip():
            found += _first_person_split(text, position, cut.start())
        position = cut.end()
    if text[position:].strip():
        found += _first_person_split(text, position, len(text))
    return found


def _first_person_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end].lower()
    joined = _AND_WANT.search(piece) if _FIRST_PERSON.match(piece) else None
    if joined is None:
        return [(start, end)]
    return [(start, start + joined.start()), (start + joined.end(), end)]


# a clause saying why the user asks ("trying to see if the 2025 cohort is still spending - what was revenue …")
_PURPOSE = re.compile(
    r"^\s*(?:i'm\s+|i am\s+|we're\s+|just\s+)?(?:trying|want|wanting|hoping|looking|checking|curious|wondering)\s+"
    r"(?:to\s+(?:see|check|know|understand|figure\s+out|find\s+out|confirm|learn)\s+)?(?:if|whether)\b"
)


def _restatements(reading: Reading, clauses: list[tuple[int, int]]) -> list[Excused]:
    """A purpose clause ('trying to see if …') that only restates what another clause asks: every phrase of the model
    it names is named elsewhere (the same target), every period it names too, and no word in it is unknown other
    than a set noun ('cohort') or a verb form. It adds nothing, so it is excused; anything new keeps it."""
    found: list[Excused] = []
    for a, b in clauses:
        if not _PURPOSE.match(reading.text[a:b].lower()):
            continue
        rest = [(x, y) for x, y in clauses if (x, y) != (a, b)]

        own = [m for m in reading.matches if _inside(m.start, m.end, [(a, b)])]
        other = {e.target for m in reading.matches if _inside(m.start, m.end, rest) for e in m.entries}
        if any(not {e.target for e in m.entries} & other for m in own):
            continue
        if not _periods_named_elsewhere(reading, (a, b), rest):
            continue
        unknown = [
            w
            for start, end, w in leftover_words(reading)
            if a <= start and end <= b and not _SET_NOUN_EN.fullmatch(w) and not w.endswith(("ing", "ed"))
        ]
        if not unknown and (own or any(_inside(*t.span, [(a, b)]) for t in reading.times)):
            found.append(Excused(a, b, "aside"))
    return found


# what the user is preparing, with its topic: "I'm putting together a few slides for our CFO on the older customer base"
_PREPARING_TOPIC = re.compile(
    r"^\s*(?:so\s+|ok\s+|okay\s+)?(?:i'm|i am|im|i've been|we're|we are|we've been|i was|we were)\s+"
    r"(?:just\s+|currently\s+)?(?:putting together|pulling together|preparing|prepping|making|building|writing|drafting|"
    r"creating|finishing|finali[sz]ing)\b.*?\b(?:on|about|regarding|covering|re)\s+(?P<topic>.+)$"
)


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(x <= start and end <= y for x, y in spans)


def _periods_named_elsewhere(reading: Reading, clause: tuple[int, int], rest: list[tuple[int, int]]) -> bool:
    """Every period said in `clause` is said in one of the `rest` clauses too (the same phrase span)."""
    dates = {(t.start, t.end) for t in reading.times if _inside(*t.span, rest)}
    return all((t.start, t.end) in dates for t in reading.times if _inside(*t.span, [clause]))


def _comparative_of_filler(word: str) -> bool:
    """'older', 'newer', 'bigger', 'larger': the comparative of a filler adjective (old, new, big, large)."""
    english = fillers("en")
    if not word.endswith("er") or len(word) < 5:
        return False
    stem = word[:-2]
    return any(s in english for s in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem))


def _prepared_topics(reading: Reading, clauses: list[tuple[int, int]]) -> list[Excused]:
    """A clause saying what the user is preparing and on what topic ("I'm putting together slides for our CFO on the
    older customer base, so …"): what is prepared and for whom (the words before the topic) carry no data; the topic
    is context when another clause asks about the same things — each phrase of the model in it names a target or an
    entity another clause names, each period in it is named there too — and its other words are filler adjectives'
    comparatives ('older'), set nouns or verb forms. A topic word the model lacks ('gmail users') keeps the clause."""
    found: list[Excused] = []
    for a, b in clauses:
        hit = _PREPARING_TOPIC.match(reading.text[a:b].lower())
        if hit is None:
            continue
        topic = a + hit.start("topic")
        rest = [(x, y) for x, y in clauses if (x, y) != (a, b)]

        elsewhere = [m for m in reading.matches if _inside(m.start, m.end, rest)]
        targets = {e.target for m in elsewhere for e in m.entries}
        entities = {t.partition(".")[0] for t in targets} | {e.target for m in elsewhere for e in m.of("entity")}
        own = [m for m in reading.matches if _inside(m.start, m.end, [(topic, b)])]
        if not own or any(
            not ({e.target for e in m.entries} & targets or set(t.target for t in m.of("entity")) & entities)
            for m in own
        ):
            continue
        if not _periods_named_elsewhere(reading, (a, b), rest):
            continue
        unknown = [
            w
            for start, end, w in leftover_words(reading)
            if topic <= start
            and end <= b
            and not (_SET_NOUN_EN.fullmatch(w) or w.endswith(("ing", "ed")) or _comparative_of_filler(w))
        ]
        if not unknown:
            found.append(Excused(a, b, "aside"))
    return found


def _own_work(reading: Reading, clauses: list[tuple[int, int]]) -> list[Excused]:
    """Clauses saying what the user will work out themselves: excused (kind 'aside')."""
    return [Excused(a, b, "aside") for a, b in clauses if _OWN_WORK.search(reading.text[a:b].lower())]


def _elements(reading: Reading, start: int, end: int) -> bool:
    """Whether the model, a time phrase or a grammar cue explains something in the stretch."""

    def inside(a: int, b: int) -> bool:
        return a < end and start < b

    if any(inside(m.start, m.end) for m in reading.matches):
        return True
    if any(inside(*found.span) for found in reading.times):
        return True
    if any(inside(a, b) for _, _, a, b in reading.record_ids):
        return True
    chat = [f.span() for f in _FORMULAE.finditer(reading.text, start, end)]
    return any(inside(a, b) and not any(x <= a and b <= y for x, y in chat) for a, b in cue_spans(reading))


def _asks(reading: Reading, start: int, end: int) -> bool:
    piece = reading.text[start:end]
    after = reading.text[end : end + 1]
    return after in ("?", "？") or bool(_QUESTION_EN.search(piece) or _QUESTION_ZH.search(piece))


def _restricts(piece: str) -> bool:
    return bool(_RESTRICT_EN.search(piece) or _RESTRICT_ZH.search(piece))


# 'Say the last 30 days.', "let's say since March": 'say' opening a clause with no subject picks the value of what
# was left open (a period, a number), the way '就说近30天吧' does: the asker choosing, not a claim reported
_CHOOSING_EN = re.compile(r"^\s*(?:(?:let's|lets|let\s+us|we'll|i'd|just|maybe|or|so)\s+)*say\b")


def _reported(reading: Reading, start: int, end: int) -> bool:
    piece = reading.text[start:end]
    chosen = _CHOOSING_EN.match(piece.lower())
    if chosen is not None:
        piece = piece[chosen.end() :]
    return bool(_REPORTING_EN.search(piece) or _REPORTING_ZH.search(piece))


def _aside(reading: Reading, start: int, end: int) -> bool:
    """A clause that asks and restricts nothing, and either names nothing of the data or reports a claim."""
    piece = reading.text[start:end]
    if _asks(reading, start, end) or _restricts(piece) or _FORM_WORD.search(piece):
        return False  # '(IDs are fine)' says what the answer shows: no aside
    reported = _reported(reading, start, end)  # a claim someone made is a clause with its verb
    if not reported and not _GREETING.fullmatch(piece.strip()) and not _phrase(piece):
        return False  # 'gmail.' / 'gmail accounts:' is a topic named before the question, not chat around it
    return not _elements(reading, start, end) or reported


# greetings and thanks that make a clause of their own ('morning!', '谢谢！')
_GREETING = re.compile(
    r"(?:(?:good\s+)?(?:morning|afternoon|evening)|hi+|hiya|hello|hey|yo|cheers|thanks?|thank you|thx|ty|many thanks|"
    r"早|早上好|上午好|下午好|晚上好|你好|您好|哈喽|嗨|谢谢|多谢|辛苦了|麻烦了|感谢)(?:\s*(?:all|team|everyone|guys|folks|a lot|so much|"
    r"very much|in advance|啦|了|哈|呀|哦|大家|各位)?)*"
)


def _phrase(piece: str) -> bool:
    """A clause with a function word ('quick one for the board deck', 'I want to sanity check it'); a bare noun
    phrase ('gmail accounts') has none. In Chinese, a clause of more than one word (jieba) with a filler word."""
    words = re.findall(r"[a-z']+", piece)
    if words:
        return any(w in fillers("en") for w in words) and not re.match(
            r"\s*for\s+(?!the\b|a\b|an\b|my\b|our\b)\w", piece
        )
    return any(w in piece for w in zh_fillers_longest_first() if len(w) >= 2)


def _requester(reading: Reading, start: int, end: int) -> list[Excused]:
    piece = reading.text[start:end]
    found = _REQUESTER_EN.match(piece) or _REQUESTER_PASSIVE_EN.match(piece) or _REQUESTER_ZH.match(piece)
    if found is None or (not piece[found.end() :].strip() and found.re is not _REQUESTER_PASSIVE_EN):
        return []
    a, b = (start + found.start("who"), start + found.end("who")) if found.group("who") else (start, start)
    if _elements(reading, a, b) or _RESTRICT_EN.search(found.group("who")):
        return []  # 'customers asked for …', 'members who asked …': the subject is data
    return [Excused(start + found.start(), start + found.end(), "requester")]


# nouns naming a set of rows whose definition the words before them give ('the membership program', 'both
# groups', '这两组'): after a phrase of the model or a quantifier they add nothing; after any other word ('the
# loyalty program') that word is still asked back
_SET_NOUN_EN = re.compile(
    r"(?<![a-z])(?:groups?|programs?|programmes?|schemes?|cohorts?|buckets?|populations?|sides?|camps?|sets?|base)(?![a-z])"
)
_QUANTIFIER_EN = re.compile(r"(?:\b(?:both|two|2|each|these|those|all|either|the other|other|the two|three|3)\s+)$")
_SET_NOUN_ZH = re.compile(r"(?:这|那)?(?:两|二|三|几|各|每)(?:个)?(?:组|拨|群|部分)(?:人)?|群体|人群|方式|途径")


def _set_nouns(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    text = reading.masked
    ends = {m.end for m in reading.matches}
    for hit in [*_SET_NOUN_EN.finditer(text), *_SET_NOUN_ZH.finditer(text)]:
        if any(m.start < hit.end() and hit.start() < m.end for m in reading.matches):
            continue  # part of a phrase of the model ('nps group')
        before = text[: hit.start()]
        after_model = len(before.rstrip()) in ends and (hit.group().isascii() or len(before.rstrip()) == len(before))
        counted = not hit.group().isascii() and hit.group()[0] in "这那两二三几各每"  # '这两组', '各组'
        if hit.group() == "base":  # 'our (active) customer base' is the customers; 'revenue base' is no set of rows
            noun = [m for m in reading.matches if m.end == len(before.rstrip()) and (m.of("entity") or m.of("segment"))]
            after_model = bool(noun) and not _QUANTIFIER_EN.search(before)
        if after_model or _QUANTIFIER_EN.search(before) or counted:
            found.append(Excused(hit.start(), hit.end(), "set_noun"))
    return found


def _answer_forms(text: str, start: int, end: int) -> list[Excused]:
    piece = text[start:end]
    found: list[Excused] = []
    for pattern in _REJECTED:
        for hit in pattern.finditer(piece):
            drop = hit.group("drop")
            if "form" in pattern.groupindex:  # the rejected form alone: the other one is kept
                keep = "count" if _RATE_FORMS.search(hit.group("form")) else "rate"
            else:
                keep = hit.group("keep")
            if _RATE_FORMS.search(keep) and _RATE_FORMS.search(drop.split()[-1] if drop.split() else drop):
                continue  # 'the rate, not the share': no choice between a rate and a count
            found.append(Excused(start + hit.start("drop"), start + hit.end("drop"), "answer_form", keep))
    return found


# a form kept, then a measure of the model rejected by its name at the end of the clause: 'count please, not NPS'
_KEPT_THEN_NOT = re.compile(
    rf"(?<![a-z])(?P<keep>{_FORM_EN})(?![a-z])(?:\s+(?:please|pls|only|just))?\s*[,;]\s*"
    r"(?P<drop>(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(?:the\s+|an?\s+)?)"
)


def _rejected_measures(reading: Reading) -> list[Excused]:
    """'how many detractors … ? count please, not NPS': a measure of the model named after the rejection (and no
    population or value: 'count please, not churned' keeps its negation) is the answer form turned down, which
    excludes no rows."""
    found: list[Excused] = []
    for hit in _KEPT_THEN_NOT.finditer(reading.masked):
        named = next((m for m in reading.matches if m.start == hit.end()), None)
        if named is None or not named.of("metric") or named.of("segment") or named.of("value"):
            continue
        if re.match(r"\s*(?:[.?!。？！]|$)", reading.masked[named.end :]):
            found.append(Excused(hit.start("drop"), named.end, "answer_form", hit.group("keep")))
    return found


def answer_form(
    model: SemanticModel, stretches: list[Excused], query: SemanticQuery, language: Language
) -> SemanticQuery | Plan:
    """The form kept ('the rate, not the count'): a plan giving both keeps only that form; a plan giving only the
    rejected form is asked back (it would answer what the user said not to)."""
    kept = [s.keep for s in stretches if s.kind == "answer_form"]
    if not kept or query.kind != "metrics" or query.share is not None:
        return query
    percent = [m for m in query.metrics if model.metrics[m].format == "percent"]
    counts = [m for m in query.metrics if m not in percent]
    wants_rate = any(_RATE_FORMS.search(k) for k in kept)
    wants_count = any(_COUNT_FORMS.search(k) and not _RATE_FORMS.search(k) for k in kept)
    if wants_rate and percent:
        return query.model_copy(update={"metrics": percent})
    if wants_rate and len(counts) == 1:  # 'how many churned in 2025? the rate, not the count': its rate
        rated = _share(model, _segments_as_filters(model, query), False, language)
        if not isinstance(rated, Plan) and any(model.metrics[m].format == "percent" for m in rated[0].metrics):
            return rated[0]
    if wants_count and counts:
        return query.model_copy(update={"metrics": counts})
    if wants_rate or wants_count:
        text = _TEXT["zh" if language == "zh" else "en"]
        return clarify(language, text.format(form=kept[0]), suggestions(model, language))
    return query


def _segments_as_filters(model: SemanticModel, query: SemanticQuery) -> SemanticQuery:
    """Populations written as their conditions ('churned customers' -> status = churned) and the period on the
    metric's own date, so that the rate whose numerator counts those rows is found (rates._share)."""
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    for name in query.segments:
        segment = model.segments[name]
        found = as_filters(model, segment.entity, segment.filter) if segment.not_exists is None else None
        if found is None:
            return query
        filters += [f for f in found if f not in filters]
    time_range = query.time_range.model_copy(update={"field": None}) if query.time_range is not None else None
    update = {"filters": filters, "segments": [], "time_range": time_range}
    return SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), **update})


def spans(stretches: list[Excused], question: str) -> list[Span]:
    """The excused stretches as filler spans of the plan's interpretation (value: why they carry nothing)."""
    found: list[Span] = []
    for item in stretches:
        text = question[item.start : item.end]
        lead = len(text) - len(text.lstrip())
        start, end = item.start + lead, item.start + len(text.rstrip())
        if end > start:
            found.append(
                Span(
                    text=question[start:end],
                    start=start,
                    end=end,
                    turn=0,
                    role="time_range" if item.kind == "year_earlier" else "filler",
                    target=None,
                    value=item.kind,
                )
            )
    return found
