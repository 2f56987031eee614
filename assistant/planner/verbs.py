"""An event verb the model does not have, standing on a value word ('how many people **visited** the website'):
the value ('web' acquisition channel) must not stand in for the event. Such a verb is asked back, naming it."""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

# an English verb form with its object right after it (an article or possessive may stand between)
_VERB = re.compile(r"[a-z]+(?:ed|ing)")
_OBJECT_GAP = re.compile(r"\s+(?:(?:the|our|their|its|his|her|a|an|this|that)\s+)?")


def verb_on_value(reading: Reading, leftovers: list[tuple[int, int, str]]) -> str | None:
    """The first leftover verb form ('visited') whose direct object is a value word of the model."""
    for _start, end, word in leftovers:
        if not _VERB.fullmatch(word):
            continue
        gap = _OBJECT_GAP.match(reading.masked, end)
        at = gap.end() if gap else end
        found = next((m for m in reading.matches if m.start == at), None)
        if found is not None and found.of("value") and not (found.of("entity") or found.of("metric")):
            return word
    return None
