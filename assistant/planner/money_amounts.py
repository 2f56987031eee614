"""'The amount of' a measure of money restates it: 'the total amount of discounts', 'the sum of revenue', 'the value of
sales'. A money measure (a metric of the model formatted as currency) already is an amount; the word before it names
its form, not the field 'amount' (the order amount) as a second thing to break down or filter by. Read as 'total'.

An amount of anything else ('the amount of orders', 'the number of tickets') is not touched."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon, Match

_AMOUNT_OF = re.compile(
    r"\b(?:total\s+)?(?:amount|amounts|sum|value|figure)\s+of\s+(?:the\s+|our\s+|all\s+(?:the\s+)?|any\s+)?$"
)


def amount_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, 'total ') of each 'amount of' right before a phrase naming a money measure of the model."""
    found: list[tuple[int, int, str]] = []
    for match in matched:
        money = [
            e for e in match.of("metric") if getattr(lexicon.model.metrics.get(e.target), "format", "") == "currency"
        ]
        before = _AMOUNT_OF.search(text[: match.start]) if money else None
        if before is not None:
            found.append((before.start(), match.start, "total "))
    return found
