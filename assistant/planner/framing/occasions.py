"""What the figure is for, by when, and how to lay it out:

- **Occasions**: a preposition, a determiner, up to three modifiers and a noun of an occasion or a deliverable ending
  the phrase ("for the board deck", "in the cohort review meeting", "from the ops weekly email"). The modifiers must
  name nothing of the model and no period ("for the Q3 review" keeps Q3: it may be the period asked); a noun that is
  also a word of the model ('email', 'call') needs a modifier of its own and must open its clause ("Hi, from the ops
  weekly email: …"; "tickets from the sales call" may be the phone channel).
- **Deadlines and promises**: "by EOD", "before close of business", "I promised them an answer": the answer's
  deadline and who is owed it.
- **Layouts**: "side by side", "next to each other", "并排": the comparison comes from the grammar cues."""

from __future__ import annotations

import re
from functools import cache

from assistant.planner.discourse import Excused
from assistant.planner.framing.vocabulary import alternatives, names_data
from assistant.planner.reading import Reading

_DETERMINER = (
    r"(?:the|our|my|this|that|these|today's|tomorrow's|yesterday's|this\s+morning's|next|a|an|their|his|her|[a-z]+'s)"
)
# the occasion noun ends its phrase: punctuation, a dash, the end, or a conjunction or pronoun starting a new clause
# or a question word opening the question asked ('asked me before our CX review how many …')
_END_OF_PHRASE = re.compile(
    r"\s*(?:$|[,.:;!?()'\"“”‘’]|[-–—]|(?:and|but|so|i|we|please|pls|thanks|then|where|which|how|what|whether|why)\b)"
)
# when the occasion takes place, still to come ('in the review deck tomorrow', 'for the ops call in 5 min'): it says
# when the figure is used, not a period of the data
_WHEN = re.compile(
    r"\s+(?:tomorrow(?:\s+(?:morning|afternoon|evening))?|tonight|later(?:\s+today)?|this\s+(?:afternoon|evening)|"
    r"in\s+(?:\d+|a\s+few|a\s+couple(?:\s+of)?|an?|half\s+an)\s*(?:mins?|minutes?|hours?|hrs?|h)|"
    r"at\s+\d{1,2}(?::\d{2})?\s*(?:am|pm)?|on\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"next\s+(?:week|monday|tuesday|wednesday|thursday|friday|saturday|sunday))(?![a-z0-9])"
)
# the figure itself before the occasion ('need it for the ops call', "it's for the sales call"): the phrase says what
# the answer is for, even when its noun is a word of the model
_FOR_THE_ANSWER = re.compile(
    r"(?:\b(?:need|needs|needed|want|wants|wanted|using|use)\s+(?:it|this|that|these|them|the\s+numbers?)|"
    r"\b(?:it's|it\s+is|this\s+is|that's|they're))\s+$"
)


@cache
def _occasion() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?:for|from|in|at|during|before|after|ahead\s+of|per|on|into)\s+(?P<det>{_DETERMINER})\s+"
        rf"(?P<mods>(?:[a-z][a-z0-9'&-]*\s+){{0,3}})(?P<head>{alternatives('en_deliverables')})(?![a-z0-9-])"
    )


@cache
def _deadline() -> re.Pattern[str]:
    return re.compile(rf"\b(?:by|before|until|till)\s+(?:the\s+)?{alternatives('en_deadlines')}(?![a-z0-9])")


@cache
def _promise() -> re.Pattern[str]:
    whom = r"(?:(?:them|him|her|you|the\s+team|my\s+boss|my\s+manager|[a-z]+)\s+)?"
    return re.compile(
        rf"\b(?:i|we)(?:'ve|\s+have|'d|\s+had)?\s+(?:already\s+|just\s+)?{alternatives('en_promises')}\s+{whom}"
        rf"(?:an?\s+|the\s+|some\s+)?{alternatives('en_owed')}(?![a-z0-9])"
    )


@cache
def _layout() -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){alternatives('en_layouts')}(?![a-z])|{alternatives('zh_layouts')}")


@cache
def _heading() -> re.Pattern[str]:
    """A heading naming the occasion before the request ('Regional review prep:', 'QBR deck - …', 'Board pack
    prep —'): up to three modifiers, the noun of an occasion and a word of preparing, then a colon or a dash."""
    return re.compile(
        rf"^\s*(?P<mods>(?:[a-z][a-z0-9'&-]*\s+){{0,3}}?)(?P<head>{alternatives('en_deliverables')})"
        r"(?:\s+(?:prep|prepping|preparation|notes|draft|planning|time))?\s*(?=[:：]|\s[-–—]\s)"
    )


def excused(reading: Reading) -> list[Excused]:
    """Occasions, deadlines, promises and layouts in `reading.text`."""
    deadlines = [*_deadline().finditer(reading.masked), *_promise().finditer(reading.masked)]
    heading = _heading().match(reading.masked.lower())
    headings = [heading] if heading is not None and not names_data(reading, *heading.span()) else []
    return [
        *(Excused(*hit.span(), "occasion") for hit in headings),  # 'Regional review prep:'
        *_occasions(reading),
        *(Excused(*hit.span(), "deadline") for hit in deadlines),
        *(Excused(*hit.span(), "layout") for hit in _layout().finditer(reading.text)),
    ]


def _occasions(reading: Reading) -> list[Excused]:
    found: list[Excused] = []
    text = reading.masked
    for hit in _occasion().finditer(text):
        start, end = hit.span()
        when = _WHEN.match(reading.text, end)
        end = when.end() if when else end
        if not _END_OF_PHRASE.match(reading.text, end):
            continue  # 'for the email channel': the noun heads no occasion
        if names_data(reading, hit.start("det"), hit.end("mods")):
            continue  # 'for the Q3 review', 'for the members meeting': the modifier may be what is asked
        own = hit.group("mods").strip() or hit.group("det").endswith("'s")  # 'the ops weekly email', "today's call"
        of_model = names_data(reading, *hit.span("head"))  # an occasion noun that is a word of the model ('email')
        for_answer = bool(_FOR_THE_ANSWER.search(reading.text[:start].lower()))
        if of_model and not (own and (_opens_clause(reading.text, start) or for_answer)):
            continue  # 'tickets from the email', 'tickets from the sales call' may be the email / phone channel
        found.append(Excused(start, end, "occasion"))
    return found


def phrases(reading: Reading, start: int, end: int) -> list[tuple[int, int]]:
    """Phrases shaped like an occasion between `start` and `end` whose modifiers name nothing of the model, even when
    their noun is a word of the model: in a clause that already frames the request ('our South director wants the
    themes for Monday's call') the noun is the occasion, not the phone channel."""
    return [
        (start + hit.start(), start + hit.end())
        for hit in _occasion().finditer(reading.masked[start:end])
        if not names_data(reading, start + hit.start("det"), start + hit.end("mods"))
    ]


def _opens_clause(text: str, start: int) -> bool:
    """Nothing but a greeting or a discourse word before `start` in its clause ('Hi, from the ops weekly email:')."""
    before = re.split(r"[,.:;!?()\-–—，。：；！？（）]", text[:start])[-1]
    return bool(re.fullmatch(r"\s*(?:(?:hi|hey|hello|so|ok|okay|also|btw|fyi|and|quick one|re)\s+)*", before))
