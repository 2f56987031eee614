"""Two periods set against each other by 'or' / 'with' and a comparative word elsewhere in the question: 'was NPS
better in Q3 or in Q2?', 'compare revenue in October with September', 'did we get more complaints last week or the
week before?'. The question asks for both values side by side — the comparison of the two periods — not one of them
(before, one period was silently the answer or the question was asked back for naming two).

Only the joining word is read here; which pairs can be compared (the period right before, the same one a year
earlier) is decided where every comparison of periods is (`periods.py`)."""

from __future__ import annotations

import re

# a word that sets two things against each other: a comparative adjective or a verb of comparing
CONTRAST_WORD = re.compile(
    r"\b(?:better|worse|higher|lower|more|less|fewer|bigger|smaller|faster|slower|stronger|weaker|greater"
    r"|compar(?:e|es|ed|ing))\b"
)
_JOINED = re.compile(r"\s*(?:,\s*)?(?:or|with|to|against)\s*(?:in|during|for|over)?\s*")


def contrasted(text: str, between: str) -> bool:
    """Whether two periods with `between` the text between them are set against each other in `text`."""
    return bool(_JOINED.fullmatch(between) and CONTRAST_WORD.search(text))
