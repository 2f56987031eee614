"""A verb-object phrase of the model said in another form ("bound the app" of the model, said as "has bound our app",
"binding their app", "bind the app"), read as the model's phrase before planning and shown as a correction (DESIGN §10).

The model spells such a phrase once: a verb in one form, "the", its object. People inflect the verb for their sentence
("binding", "binds", "bound") and pick the determiner of their point of view ("our app", "their app", "an app", or
none). Neither changes what the phrase names, so any form of the verb with any determiner (or none) before the same
object is the model's phrase. Only phrases the model writes with "the" are read this way: that is what marks the last
words as the verb's object rather than a compound ('bound app')."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.morphology import forms, inflection, lemmas

Fix = tuple[int, int, str]

_DETERMINERS = r"(?:the|our|their|your|his|her|its|my|an?|this|that)"


def _verb_forms(verb: str) -> set[str]:
    """Every form of every lemma a verb form comes from ('bound' -> bind, binds, binding, bound)."""
    return {form for lemma in lemmas(verb) for form in forms(lemma)}


def verb_object_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """(start, end, model phrase) for each other form of a verb-object phrase of the model ('<verb> the <object>') in
    the lower-case question, where no phrase of the model already covers it."""
    found: list[Fix] = []
    for phrase in lexicon.phrases():
        verb, _, rest = phrase.partition(" the ")
        if not phrase.isascii() or not rest or " " in verb or inflection(verb) == "base":
            continue
        said = "|".join(sorted(_verb_forms(verb), key=len, reverse=True))
        object_ = r"\s+".join(map(re.escape, rest.split()))
        pattern = rf"\b(?:{said})\s+(?:{_DETERMINERS}\s+)?{object_}\b"
        for hit in re.finditer(pattern, text):
            covered = any(m.start <= hit.start() and hit.end() <= m.end for m in matched)
            taken = any(a < hit.end() and hit.start() < b for a, b, _ in found)
            if not covered and not taken and " ".join(hit.group().split()) != phrase:
                found.append((hit.start(), hit.end(), phrase))
    return found
