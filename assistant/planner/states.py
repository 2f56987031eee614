"""Everyday descriptions of a record's state (assistant/planner/data/shorthand.yml `en_state_patterns`,
`zh_states`): "still waiting to be handled", "not yet dealt with", "outstanding", "还没处理", "待解决" are read as a
common status word ('pending', 'unresolved', '待处理', '未解决' or its negation) before planning, shown as a correction;
the model's values and value synonyms then decide what it filters, and a model without such a word asks back.

A state word nothing explains never vanishes: an English verb form right after a state adverb ("still", "already",
"yet", "no longer") describes the state of the counted records, so it is asked back (`unmapped`) rather than passed
as the verb of the event the way "orders placed" is."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from assistant.planner.lexicon import Match

_STATE_ADVERB = re.compile(r"\b(?:still|already|yet|no\s+longer|not\s+yet)\s+(?:(?:been|being|be)\s+)?$")


@cache
def _sections() -> tuple[tuple[tuple[re.Pattern[str], str], ...], tuple[tuple[str, str], ...]]:
    text = resources.files("assistant.planner").joinpath("data", "shorthand.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    english = tuple((re.compile(str(k)), str(v)) for k, v in (loaded.get("en_state_patterns") or {}).items())
    chinese = tuple(
        sorted(((str(k), str(v)) for k, v in (loaded.get("zh_states") or {}).items()), key=lambda kv: -len(kv[0]))
    )
    return english, chinese


def state_fixes(text: str, matched: list[Match]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the state descriptions in the lower-case question that no phrase of the model
    covers as a whole (a phrase of the model inside a longer description does not stop it: '等待处理' holds '待处理')."""
    english, chinese = _sections()
    found: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        inside_model = any(m.start <= start and end <= m.end for m in matched)
        taken = any(a < end and start < b for a, b, _ in found)
        return not inside_model and not taken and end > start

    for pattern, read_as in english:
        for hit in pattern.finditer(text):
            if _NO_LONGER.match(hit.group()) and not _before_a_value(text, hit.end(), matched):
                continue  # 'no longer members': ex-members are no non-members; asked back (`unmapped`)
            if _OR_ANOTHER_VALUE.match(text, hit.end()) and _before_a_value(text, _after_or(text, hit.end()), matched):
                continue  # 'not resolved or closed': the negation covers both values, read by the planner's lists
            if free(hit.start(), hit.end()):
                found.append((hit.start(), hit.end(), read_as))
    for phrase, read_as in chinese:
        for hit in re.finditer(re.escape(phrase), text):
            if free(hit.start(), hit.end()) and not text.startswith(read_as, hit.start()):
                found.append((hit.start(), hit.end(), read_as))
    return found


_NO_LONGER = re.compile(r"no\s+longer\b")
_OR_ANOTHER_VALUE = re.compile(r"\s*,?\s+(?:or|nor)(?:\s+(?:yet\s+|already\s+)?(?:been\s+)?)?")


def _after_or(text: str, end: int) -> int:
    hit = _OR_ANOTHER_VALUE.match(text, end)
    return hit.end() if hit else end


def _before_a_value(text: str, end: int, matched: list[Match]) -> bool:
    """Whether a value of a field of states comes right after ('no longer open', 'no longer active'): every record
    in another state has left it, so the negation is exact. A yes/no flag ('no longer members') is not: the model
    does not tell former members from people who never were."""
    gap = len(text[end:]) - len(text[end:].lstrip())
    return any(m.start == end + gap and m.of("value") for m in matched)


# waiting is a state whatever follows it ('orders waiting to be shipped', '还在等待回复'): never the verb of an event
_WAITING = re.compile(r"^(?:wait|waits|waiting|waited|await|awaits|awaiting|awaited)$|等待|等着|在等|待")


# a deadline on an event ('not resolved within a day', 'closed in under 2 days'): a duration condition the words of the
# model did not take (they hold 'answered within 3 hours') is asked back, never dropped
_DEADLINE = re.compile(
    r"\b(?:within|in\s+(?:under|less\s+than|over|more\s+than)|inside(?:\s+of)?)\s+(?:a|an|one|two|three|[0-9]+)\s*"
    r"(?:minutes?|mins?|hours?|hrs?|h|days?|d|weeks?|wks?)\b"
)


def unmapped(text: str, placed: list[tuple[int, int, str]], matched: list[Match] | None = None) -> list[str]:
    """Leftover English verb forms right after a state adverb ('still waiting', 'already shipped') and words of
    waiting: they qualify the counted records, so nothing may drop them."""
    found = [
        word
        for start, _, word in placed
        if _WAITING.search(word)
        or (word.isascii() and word.endswith(("ed", "ing", "en")) and _STATE_ADVERB.search(text[:start]))
    ]
    # 'no longer' that no state took ('no longer members'): a change the model does not record, never dropped; inside a
    # phrase of the model ('no longer with us' of a status) the model says what it means
    inside = [(m.start, m.end) for m in matched or []]
    found += [
        hit.group()
        for hit in re.finditer(r"\bno\s+longer\b", text)
        if not any(a <= hit.start() and hit.end() <= b for a, b in inside)
    ]
    deadlines = [
        h for h in _DEADLINE.finditer(text) if not any(m.start < h.end() and h.start() < m.end for m in matched or [])
    ]
    return found + [h.group() for h in deadlines]
