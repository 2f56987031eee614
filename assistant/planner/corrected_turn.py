"""A follow-up that corrects the previous question as a whole message: "oh wait, I actually meant last year, sorry!",
"sorry, I meant by channel", "不对，我是说去年", "搞错了，应该是上个月的".

`retractions.py` reads a correction inside one message (the clause before the marker is retracted). A message that
opens with the marker corrects the previous question instead, and what follows is an ordinary follow-up: the element
it names replaces the one of the same kind. Only after a question is the opening marker (and a closing apology)
blanked, as words of correcting (role `filler`, value `retracted`); before, 'oh', 'wait' and 'meant' were asked back.
Only grammar words of correcting are listed here: what the user meant is still read from the model's words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.contracts import Turn
from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_OPENING = re.compile(
    r"^\s*(?:(?:oh|um|uh|hmm|ah)[\s,!.]+)*"
    r"(?:(?:(?:no\s+)?wait|sorry|my\s+bad|oops|i\s+(?:actually\s+|really\s+)?(?:meant|wanted)(?:\s+to\s+(?:say|ask|see))?"
    r"|actually|(?:it\s+)?should\s+(?:be|have\s+been))(?![a-z])[\s,!.:-]*)+"
    r"|^\s*(?:[哦噢喔啊呃嗯][，,\s]*)?(?:不对|不不|说错了|搞错了|写错了|打错了|等等|等一下|抱歉|不好意思)[，,、\s—–-]*"
    r"(?:我?(?:其实)?(?:是想|想|的意思是|要的是|是说|说的是)(?:看|问)?|应该是|是|改成|换成)?"
)
_CLOSING = re.compile(
    r"[\s,.;!—–-]*(?:sorry|my\s+bad|抱歉|不好意思)[\s!.。！]*$|[,，]\s*(?:sorry|抱歉)(?=[\s!.。！]*$)"
)


def excused(reading: Reading, history: Sequence[Turn]) -> list[Excused]:
    """The opening marker and closing apology of a message correcting the previous question (offsets of
    `reading.text`); none without a previous question or when nothing follows the marker."""
    if not any(turn.query is not None for turn in history):
        return []
    text = reading.text
    opening = _OPENING.match(text)
    if opening is None or opening.end() == 0 or not text[opening.end() :].strip(" ,.!?，。！？"):
        return []
    found = [Excused(opening.start(), opening.end(), "retracted")]
    closing = _CLOSING.search(text, opening.end())
    if closing is not None and closing.start() > opening.end():
        found.append(Excused(closing.start(), closing.end(), "retracted"))
    return found
