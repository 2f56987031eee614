"""Context clauses: a sentence or clause of a message that is no part of the request, read by its grammar rather than
by a list of frames. Users writing long messages say why they ask, who asked, what they will do with the answer and
by when ("I want to escalate them before the weekend", "so I can reply to her", "Trying to find quick wins for next
year's CX plan", "下周复盘会要用"); no word list can hold every such frame, and each unknown word of one was asked
back, or a future word in it ('next year', '下周') refused the question as a forecast.

A clause is context when, next to another clause that names the data (the request):

- it is a statement: it has a subject (I, we, she, they, a person or group: "the hotline team says …"), opens with a
  verb of wanting, purpose or preparing ("want to see …", "trying to …", "planning …"), or is a Chinese clause of
  using or wanting ("…要用", "…想看看…");
- it asks nothing: it does not open with a question word or an auxiliary and does not end with a question mark (a
  clause cut off by 'so / before / because I …' shares its sentence's mark); a question word inside it ("we're
  deciding where to put …") asks nothing of the data;
- it restricts nothing: no restricting word (only, excluding, not, I mean, ones …), no number, no grammar cue of a
  breakdown, limit, grain or threshold, no relative word or preposition that could attach a condition to a phrase of
  the model in it;
- each phrase of the model in it restates the request (the same value, or a field, metric, segment or entity the
  request names), and each period in it is one the request names, one containing it ('双十一之后' around "the past
  two weeks"), or a deadline ("before the weekend", "by Monday").

A frame whose words would restrict the answer ("I only need the ones in Shanghai", "I mean customers who use gmail")
stays in the question; a future period in the request itself is still a forecast."""

from __future__ import annotations

import re
from functools import cache

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.framing.vocabulary import adds_a_number, alternatives
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

# sentences and clauses: sentence punctuation, dashes, brackets, colons and commas
_BREAK = re.compile(r"[.!?;:…]+(?=\s|$|[^\x00-\x7f])|\s[-–—]+\s|[—–]{1,2}|[()（）\[\]“”\"]|,|[。！？；：，]")
# a subordinate clause with its own subject ('so I can reply to her', 'before I reassign people'): a clause of its own
_SUBORDINATE = re.compile(
    r"\s(?=(?:so(?:\s+that)?|before|because|since|once|until|while|as)\s+(?:i|we|she|he|they)(?:'[a-z]+)?\s)"
)
_LEAD = r"^\s*(?:(?:so|and|ok|okay|hey|hi|hello|well|also|btw|fyi|um|oh|but|plus|just|honestly)\b[\s,]*)*"
_SUBJECT_EN = re.compile(
    r"\b(?:i|we|she|he|they|i'm|we're|she's|he's|they're|i've|we've|i'll|we'll|i'd|we'd|it's|that's)\b"
)
_OPENING_VERB = re.compile(
    _LEAD + r"(?:want|wanted|wanting|need|needed|needing|hoping|trying|planning|looking|working|preparing|prepping|"
    r"deciding|figuring|thinking|[a-z]+ing\s+(?:on|to|for|the|our|a|an|my))\b"
)
_STATEMENT_ZH = re.compile(
    r"(?:要|想|需要|准备|打算|计划|得|会)(?:用|看|了解|知道|拿|汇报|交|做|写|参考|推|搞|办|推动|推广|提升|提高|改善|跟进)"
    r"|要用|用来|用于|开会|(?:在|正在)(?:做|写|准备|弄|搞|整理)"
)
_QUESTION_OPENING = re.compile(
    _LEAD + r"(?:what|what's|whats|which|who|whom|whose|how|how's|why|where|when|is|are|was|were|do|does|did|can|"
    r"could|would|will|should|has|have|had|show|list|give|tell|pull|fetch|count|compare|find|break|split|rank|sort)\b"
)
_QUESTION_ZH = re.compile(r"多少|几|什么|啥|哪|怎么|如何|吗|是否|有没有|是不是|列|给我|帮我|统计|对比|比较|分别")
_RESTRICTS = re.compile(
    r"\b(?:only|just|excluding|exclude|except|without|not|no|non|never|nor|but|apart|besides|ones|those|these|mean|"
    r"meant|meaning|specifically|particularly|especially|mainly|mostly|solely|instead|rather)\b|n't\b"
    r"|只|仅|除|不|没|非|无|未|别|特别是|尤其"
)
# a relative word or preposition: attached to a phrase of the model it may restrict it ('customers who use gmail')
_ATTACHES = re.compile(
    r"\b(?:who|whose|which|that|where|with|from|in|at|among|using|via|through)\b"
    r"(?!\s+(?:to|me|us|you|her|him|them|it)\b)"  # 'where to put', 'quoting numbers at me': nothing attached
)
# a form of answer other than a count ('a rate is all I need', 'I need the list'): it changes what is answered
_FORM = re.compile(
    r"\b(?:rates?|percent(?:ages?)?|pct|shares?|ratios?|proportions?|averages?|avg|medians?|lists?|names|ids|"
    r"trends?|charts?|graphs?|breakdowns?)\b|%|比例|占比|比率|百分比|平均|名单|明细|趋势"
)
# a noun that may name the counted population, modified ('we need it for the gmail people', 'users on gmail'): a
# population, not who asks ('before I reassign people' modifies nothing)
_NOUNS = r"(?:people|persons|folks|guys|users|accounts|buyers|shoppers|clients|owners|members)"
_POPULATION = re.compile(
    rf"\b(?:the|our|those|these|their|all|some)\s+(?:[a-z0-9'-]+\s+)+{_NOUNS}\b"
    rf"|\b{_NOUNS}\s+(?:who|that|which|on|with|from|in|at|using|via)\b|用户|人群"
)
_SPLIT = re.compile(r"\b(?:by|per|each|every|across)\b|各|每|分别|按")
_ADDS = [*cues.TOP_N, cues.RECORDS, *cues.GRAINS.values(), cues.TREND, cues.CROSS, cues.NUMERIC_CONDITION, _SPLIT]
# the point a deadline names: 'before the weekend', 'by Monday', 'ahead of Friday'
_DEADLINE = re.compile(r"\b(?:before|by|ahead\s+of|until|till)\s+$")
_DEADLINE_PHRASE = re.compile(r"(?:before|by|ahead\s+of|until|till)\s", re.IGNORECASE)
# what the asker plans to do, or the event the figure is wanted before ('we're planning a reactivation push', 'so we
# can plan local store events', 'want to know before the reactivation campaign', '想推一波绑APP的活动'): an action of
# the asker still to come, so the data it names counts nothing yet
_PLANNED = re.compile(
    r"(?:\b(?:plan|plans|planning|prepare|preparing|prepping|launch|launching|organi[sz]e|organi[sz]ing|design|"
    r"designing|kick\s+off|kicking\s+off|roll\s+out|rolling\s+out|set\s+up|setting\s+up|"
    r"(?:going|about)\s+to\s+(?:run|launch|send|start|do|hold)|gearing\s+up\s+for|getting\s+ready\s+for|before|"
    r"ahead\s+of)\s+(?:(?:a|an|the|our|my|some|new|next|upcoming)\s+)*(?:(?!(?:to|for|on|with|in|at|from|of)\s)[a-z][a-z'-]*\s+){0,2}"
    r"|(?:想|要|准备|打算|计划)(?:推|搞|做|办|发|上|策划|组织)(?:一波|一下|一轮|一场|一次|一个|个)?[^，。；！？,.;!?]{0,8}?)$"
)


@cache
def _people() -> re.Pattern[str]:
    """A person or group with its modifiers ('our regional CS managers', 'the hotline team', 'finance'), and an agent
    preposition before it: who acts, no condition on the data."""
    return re.compile(
        rf"(?:\b(?:by|with|for|from|to)\s+)?(?:\b(?:the|our|my|their|his|her|your|a|an)\s+)?"
        rf"(?:[a-z][a-z0-9&-]*\s+){{0,3}}?(?:{alternatives('en_roles')}|{alternatives('en_persons')})(?:'s|')?(?![a-z])"
    )


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Clauses of `reading.text` that frame the request: statements that ask and restrict nothing."""
    clauses = _clauses(reading.text)
    subordinates = {m.end() for m in _SUBORDINATE.finditer(reading.text)}
    found: list[Excused] = []
    for a, b in clauses:
        rest = [c for c in clauses if c != (a, b)]
        if not any(_names_data(reading, x, y) for x, y in rest):
            continue
        subordinate = a in subordinates
        if _is_context(model, reading, (a, b), rest, subordinate):
            found.append(Excused(a, b, "context"))
    return found


def _clauses(text: str) -> list[tuple[int, int]]:
    cuts = sorted(
        [(m.start(), m.end()) for m in _BREAK.finditer(text)]
        + [(m.end(), m.end()) for m in _SUBORDINATE.finditer(text)]
    )
    found, position = [], 0
    for start, end in [*cuts, (len(text), len(text))]:
        if start < position:
            continue
        if text[position:start].strip():
            found.append((position, start))
        position = end
    return found


def _names_data(reading: Reading, start: int, end: int) -> bool:
    if any(start <= m.start and m.end <= end for m in reading.matches):
        return True
    return any(start <= t.span[0] and t.span[1] <= end for t in reading.times)


def _is_context(
    model: SemanticModel, reading: Reading, clause: tuple[int, int], rest: list[tuple[int, int]], subordinate: bool
) -> bool:
    """The clause is a statement that asks nothing, restricts nothing and names only what the request names."""
    a, b = clause
    piece = reading.text[a:b]
    lower = piece.lower()
    chinese = bool(re.search(r"[\u4e00-\u9fff]", piece))
    if chinese:
        if _QUESTION_ZH.search(piece) or not _STATEMENT_ZH.search(piece):
            return False
    else:
        if _QUESTION_OPENING.match(lower) or (not subordinate and reading.text[b : b + 1] in ("?", "？")):
            return False
        if not (_SUBJECT_EN.search(lower) or _OPENING_VERB.match(lower) or _people().search(lower)):
            return False
    masked = reading.masked[a:b].lower()
    blanked = _people().sub(lambda m: " " * len(m.group()), masked) if not chinese else masked
    if _POPULATION.search(masked) or _RESTRICTS.search(blanked) or _FORM.search(blanked) or adds_a_number(blanked):
        return False
    if any(p.search(blanked) for p in _ADDS):
        return False
    inside = [m for m in reading.matches if a <= m.start and m.end <= b and not _function(reading, m)]
    if inside and _ATTACHES.search(blanked):
        return False
    outside = [m for m in reading.matches if any(x <= m.start and m.end <= y for x, y in rest)]
    if not all(_restates(model, m, outside) or _PLANNED.search(reading.masked[a : m.start].lower()) for m in inside):
        return False
    return all(_period_framed(reading, t.span, a, rest) for t in reading.times if a <= t.span[0] < b)


def _function(reading: Reading, match: Match) -> bool:
    """A word of the model right before a noun of a person or group is the person's function ('the hotline team',
    '客服总监'): it says who, not what is counted."""
    return bool(_role_after().match(reading.text, match.end))


@cache
def _role_after() -> re.Pattern[str]:
    english = f"{alternatives('en_roles')}|{alternatives('en_persons')}"
    # a Chinese office named by its short suffix ('客服部', '运营组', '客服中心') is a group of people too
    return re.compile(
        rf"\s*(?:(?:{english})(?![a-z])|{alternatives('zh_roles')}|{alternatives('zh_persons')}|部(?!分)|组|中心)"
    )


def _restates(model: SemanticModel, match: Match, outside: list[Match]) -> bool:
    """The same value, or a field, metric, segment or entity (not a value) the request names; a segment restates the
    field it is defined on ('会员' of '按是否会员')."""
    named = {(e.target, e.value) for e in match.entries}
    others = {(e.target, e.value) for m in outside for e in m.entries}
    if named & others:
        return True
    if match.of("value"):
        return False
    targets = {e.target for e in match.entries}
    elsewhere = {e.target for m in outside for e in m.entries if e.kind != "value"}
    entities = {t.partition(".")[0] for t in elsewhere} | {e.target for m in outside for e in m.of("entity")}
    for segment in (model.segment(e.target) for e in match.of("segment")):
        targets |= {f"{segment.entity}.{word}" for word in re.findall(r"[a-z_]+", segment.filter or "")}
    return bool(targets & elsewhere) or bool({t.partition(".")[0] for t in targets} & entities)


def _period_framed(reading: Reading, span: tuple[int, int], a: int, rest: list[tuple[int, int]]) -> bool:
    """A period the request names, one containing the request's period, or a deadline ('before the weekend')."""
    this = next(t for t in reading.times if t.span == span)
    if _DEADLINE.search(reading.text[a : span[0]].lower()) or _DEADLINE_PHRASE.match(reading.text, span[0]):
        return True
    asked = [t for t in reading.times if any(x <= t.span[0] and t.span[1] <= y for x, y in rest)]
    return any(this.start <= t.start and t.end <= this.end for t in asked)
