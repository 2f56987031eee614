"""A new length for the previous list ('改成20个', 'make it 20', 'show 50 instead', '换成前5条' after 'the 10 latest
churned customers'): the same rows in the same order, as many as the follow-up now says. A ranking of groups
(kind metrics) reads its new N with the ranking itself (ordering._ranking); a list of records had no reading of it,
so the number alone was asked back."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.reading import Reading
from semantic_layer import SemanticQuery

# the number said on its own, after a verb of changing or before 'instead': 'make it 20', 'change that to 5',
# '20 instead', '20 rows', '改成20', '换成二十条吧'
_BARE_NUMBER = re.compile(
    r"^\s*(?:(?:ok(?:ay)?|and|now|then|so)[,\s]+)*(?:make (?:it|that|them)|change (?:it|that|this) to|increase (?:it|that) to"
    r"|reduce (?:it|that) to|bump (?:it|that) (?:up )?to|go (?:up )?to|only|just)?\s*(\d+)"
    r"\s*(?:rows?|records?|of them|lines?|results?)?\s*(?:instead)?\s*(?:please)?\s*[?.!]*\s*$"
    r"|^\s*(?:那|那么)?(?:改成|改为|换成|调成|调到|变成|增加到|减少到|加到|减到|只要|要)\s*(?:前)?\s*(\d+)\s*(?:个|条|位|名|家|笔|张|份)?"
    r"\s*(?:吧|呢|就行|就好)?\s*[?？!！。]*\s*$"
)


def new_length(reading: Reading, previous: SemanticQuery) -> int | None:
    """The number of rows a follow-up asks of the previous list of records, when it says one; None otherwise
    (a list with no length of its own keeps none: 'the 20' needs a list of some length to change)."""
    if previous.kind != "records" or previous.limit is None:
        return None
    bare = _BARE_NUMBER.match(reading.masked)
    if bare is not None:
        return int(bare.group(1) or bare.group(2))
    return cues.count_in(reading.masked)
