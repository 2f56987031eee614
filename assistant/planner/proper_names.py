"""A leftover word that is a name, not a verb form: "revenue in Nanjing", "orders from Chongqing", "customers in Xining".

Leftover English words ending in -ed / -ing pass as verb forms (`words.content_word`: the event they name is told by
the model's words around them). A place the model and the warehouse do not list can end so too; passed, it was
dropped and the whole was answered ("revenue in Nanjing" gave all revenue: a wrong number). Such a word is a name,
so it is asked back, when it is capitalised after the start of its sentence ("… in Xining") or when the letters
before its -ing cannot end an English verb ('nanj', 'chongq': no English verb ends in j or q)."""

from __future__ import annotations

import re

_NO_VERB_STEM = re.compile(r"[jq]ing$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*|[\"'“‘(]\s*)$")


def is_name(word: str, question: str) -> bool:
    """Whether a leftover word ending in -ed / -ing is a name (capitalised mid-sentence, or no verb's form)."""
    lowered = word.lower()
    if not lowered.isascii() or not (lowered.endswith("ing") or lowered.endswith("ed")):
        return False
    if _NO_VERB_STEM.search(lowered):
        return True
    for hit in re.finditer(rf"(?<![A-Za-z]){re.escape(lowered.capitalize())}(?![A-Za-z])", question):
        if not _SENTENCE_START.search(question[: hit.start()]):
            return True
    return False
