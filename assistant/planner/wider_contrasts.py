"""A wider set the request is contrasted with: "just actual complaints, not every support question", "members only,
not all customers", "app orders, not all of them". 'not every' / 'not all' / 'not just any' negates a quantifier, not
a value: the user says the answer is narrower than that set, and the request names how. Read as a negation, the
value inside ('support' = the service category) was excluded: a wrong number. The contrast is set aside when it
closes its clause after a comma, dash or the end of a sentence, so that "not all tickets from the app" opening a
question is not touched."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_CONTRAST = re.compile(
    r"(?:(?<=[,;:])|(?<=\s[-–—])|(?<=[.!?]\s))\s*(?:and\s+|but\s+)?not\s+(?:every|all(?:\s+(?:of\s+)?the)?|just\s+any|"
    r"any\s+old)\s+[a-z][^,.;:!?()]*?(?=\s*(?:$|[,.;:!?)]))"
)


def wider_sets(reading: Reading) -> list[Excused]:
    """'not every support question' closing a clause after the request: a quantifier contrast, set aside."""
    return [Excused(*hit.span(), "aside") for hit in _CONTRAST.finditer(reading.text)]
