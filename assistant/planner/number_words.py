"""A number written as a word where a value is compared ("gave us a flat zero", "a CSAT of five or lower", "scored
ten", "rated below three"), read as its digits before planning and shown as a correction (DESIGN §10).

Thresholds and exact values are read from digits; a number word in their place was either dropped (the threshold
left out of the answer: all responses instead of those scoring five or lower — a wrong number) or asked back. Read
as digits, the condition is applied when the model has a field for it, and a number the plan does not use is asked
back (`unused.dropped_number`), as for digits. Only the places of a compared value are read: after a word of
scoring or comparing ('scored', 'gave us a', 'of', 'below', 'at least') or before an open end ('five or lower',
'ten out of ten'); elsewhere ('the top five', 'those three cities', 'one of them') the words keep their other
readings. An emphasis adjective between the article and the number ('a flat zero', 'a perfect ten') adds nothing."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match

Fix = tuple[int, int, str]

_NUMBERS = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12, "fifteen": 15, "twenty": 20,
}  # fmt: skip
_WORD = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_NUMBERS, key=len, reverse=True))
_EMPHASIS = r"(?:flat|solid|perfect|straight|clean|full|round|big\s+fat|measly|whole)"
# a word of scoring or comparing, then maybe an article and an emphasis adjective: the number is the compared value
_BEFORE = re.compile(
    r"\b(?:scor(?:e|es|ed|ing)|rat(?:e|es|ed|ing)|gave|give|gives|giving|got|get|gets|awarded|"
    r"of|below|above|under|over|than|least|most|exactly|to|between|and)"
    r"(?:\s+(?:us|them|it|me))?(?:\s+an?)?(?:\s+" + _EMPHASIS + r")?\s+$"
)
# an open end or a scale after the number: 'five or lower', 'ten out of ten', 'three points', 'five stars'
_AFTER = re.compile(
    r"^\s+(?:or\s+(?:lower|less|fewer|below|under|higher|more|above|over|worse|better|greater|up|down)\b"
    r"|out\s+of\b|points?\b|stars?\b|/\s*\d)"
)
_THAN = re.compile(r"\bthan\s+$")
_EMPHASISED = re.compile(r"\b" + _EMPHASIS + r"\s+$")


def number_word_fixes(text: str, matched: list[Match], times: list[tuple[int, int]]) -> list[Fix]:
    """(start, end, digits) for number words in the place of a compared value, in the lower-case question, outside the
    model's phrases and the time phrases (`times`: 'over three months' keeps its own reading); a fix starts at an
    emphasis adjective right before the number, which it drops."""
    found: list[Fix] = []
    taken = [(m.start, m.end) for m in matched] + list(times)
    for hit in re.finditer(rf"\b(?:{_WORD})\b", text):
        if any(a < hit.end() and hit.start() < b for a, b in taken):
            continue
        before, after = text[: hit.start()], text[hit.end() :]
        compared = bool(_AFTER.match(after)) or (
            (hit.group() != "one" or bool(_THAN.search(before))) and bool(_BEFORE.search(before))
        )  # 'one of them', 'at least one order' keep their readings; 'more than one' is compared
        if not compared:
            continue
        emphasis = _EMPHASISED.search(before)
        start = emphasis.start() if emphasis else hit.start()
        found.append((start, hit.end(), str(_NUMBERS[" ".join(hit.group().split())])))
    return found
