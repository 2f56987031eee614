"""'the cohort of customers we acquired in FY2024', 'our cohort from Q1 2026', 'the cohort that joined in 2025': a
cohort is the people who started in a period, so 'cohort' said before what it groups is a name for that population.

`idioms.cohort_fixes` reads a period said before 'cohort' ('the 2025 cohort'); said after it, the cohort was asked back
('cohort' unknown). Here 'the cohort of <entity noun>' is that noun (its own words then say how it is dated: 'we
acquired in FY2024'), 'the cohort of / from <period>' the people who signed up in it (the shorthand.yml words of
`idioms.cohort_phrase`), and 'the cohort that / who …' those people and the clause after. 'cohort analysis' or
'cohort' alone stay unknown words, asked back.
"""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

__all__ = ["cohort_of_fixes"]

_COHORT = re.compile(
    r"\b(?:(?:the|our|that|this|a)\s+)?(?:sign-?up\s+|customer\s+|new\s+customer\s+)?cohorts?\s+"
    r"(?:(?P<of>of|from|(?:that\s+|who\s+)?(?:acquired|signed\s+up|joined|started))\s+|(?P<who>that|who|which)\s+)"
)

_LEADING_PREPOSITION = re.compile(r"^(?:(?:in|during|for|over|the)\s+)+")


def cohort_of_fixes(reading: Reading, phrase: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each 'cohort' said before what it groups; `phrase` names those who signed up in
    a period ('customers who signed up in')."""
    noun, _, _ = phrase.partition(" who ")
    found: list[tuple[int, int, str]] = []
    for hit in _COHORT.finditer(reading.text):
        if hit["who"]:
            found.append((hit.start(), hit.end(), f"{noun} {hit['who']} "))
            continue
        period = next((t for t in reading.times if t.span[0] == hit.end()), None)
        if period is not None:
            said = _LEADING_PREPOSITION.sub("", period.phrase)
            found.append((hit.start(), period.span[1], f"{phrase} {said}"))
            continue
        named = next((m for m in reading.matches if m.start == hit.end() and m.of("entity")), None)
        if named is not None:
            found.append((hit.start(), named.end, named.text))
    return found
