"""An exclusion over a list of values: 'excluding Beijing and Shanghai', '除了北京和上海', 'not app or web'. The
negation before the first value of a list covers every value listed after it with a bare separator (and, or, 和, 、,
/) when they are values of the same field; before, only the first was excluded and the second became a filter of its
own (Shanghai only, minus Beijing). A value of another field, or one after more words ('and in tier A'), is not
covered."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Entry, Match

_SEPARATOR = re.compile(r"^\s*(?:,|，|、|/|&|\band\b|\bor\b|\bnor\b|和|及|以及|与|跟|或|或者)\s*(?:(?:the|an?)\s+)?$")


def listed_after_negated(
    masked: str,
    match: Match,
    values: list[tuple[list[Entry], bool, Match]],
    negated_segments: list[tuple[str, Match]] | None = None,
) -> bool:
    """Whether a value match continues a list whose previous item was negated: a value of the same field, or — after
    'or' / 'nor' — a negated population ('not members or tier A': neither)."""
    previous: list[tuple[Match, bool, set[str] | None]] = [
        (m, negated, {e.target for e in entries}) for entries, negated, m in values
    ]
    previous += [(m, True, None) for _, m in negated_segments or []]
    before = [p for p in previous if p[0].end <= match.start]
    if not before:
        return False
    last, negated, fields = max(before, key=lambda p: p[0].end)
    gap = masked[last.end : match.start]
    if not negated or not _SEPARATOR.match(gap):
        return False
    if fields is None:
        return bool(_EITHER.match(gap))
    return bool(fields & {e.target for e in match.of("value")})


_EITHER = re.compile(r"^\s*(?:,|，|、|\bor\b|\bnor\b|或|或者)\s*(?:(?:the|an?)\s+)?$")
