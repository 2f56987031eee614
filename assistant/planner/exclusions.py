"""An exclusion over a list of values: 'excluding Beijing and Shanghai', '除了北京和上海', 'not app or web'. The
negation before the first value of a list covers every value listed after it with a bare separator (and, or, 和, 、,
/) when they are values of the same field; before, only the first was excluded and the second became a filter of its
own (Shanghai only, minus Beijing). A value of another field, or one after more words ('and in tier A'), is not
covered."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Entry, Match

_SEPARATOR = re.compile(r"^\s*(?:,|，|、|/|&|\band\b|\bor\b|和|及|以及|与|跟|或|或者)\s*(?:(?:the|an?)\s+)?$")


def listed_after_negated(masked: str, match: Match, values: list[tuple[list[Entry], bool, Match]]) -> bool:
    """Whether a value match continues a list whose previous value was negated."""
    if not values:
        return False
    entries, negated, previous = values[-1]
    if not negated or not _SEPARATOR.match(masked[previous.end : match.start]):
        return False
    return bool({e.target for e in entries} & {e.target for e in match.of("value")})
