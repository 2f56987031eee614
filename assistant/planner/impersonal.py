"""Verbs with the empty subject 'it' ("was it raining", "on the days it snowed", "it's been pouring"): an English verb
form (-ing / -ed) passes as the verb of an event the model's words around it tell ('orders placed', 'tickets received',
`words.content_word`), but with 'it' as its only subject there is no such event: the verb itself is the content, and in
English that is the weather and the like, which no data of the model records. Left over, such a form is asked back
rather than dropped (before: "was it raining in <city> on the days sales dropped" answered the city's revenue)."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon

_AUXILIARY = (
    r"(?:is|was|has|had|have|be|been|being|will|would|might|may|could|must|did|does|do|not|still|already|really)"
)
# 'it was raining', 'it's been snowing', 'it rained', 'it hasn't stopped raining'
_IT_BEFORE = re.compile(rf"\b(?:it|it's|it'd|it'll)(?:\s+{_AUXILIARY}|n't)*\s+$")
# 'was it raining', 'has it been snowing', 'did it rain'
_IT_INVERTED = re.compile(rf"\b{_AUXILIARY}(?:n't)?\s+it(?:\s+{_AUXILIARY})*\s+$")


def _verb_form(word: str) -> bool:
    return word.isascii() and len(word) >= 5 and word.endswith(("ing", "ed"))


def impersonal_verbs(text: str, placed: list[tuple[int, int, str]], lexicon: Lexicon) -> list[str]:
    """Leftover verb forms (words of `placed`, offsets into the lower-case question) whose subject is the empty 'it',
    unless the form is a word of the model's phrases (which the planner judges itself)."""
    return [
        word
        for start, _, word in placed
        if _verb_form(word)
        and not lexicon.contains_part(word)
        and (_IT_BEFORE.search(text[:start]) or _IT_INVERTED.search(text[:start]))
    ]
