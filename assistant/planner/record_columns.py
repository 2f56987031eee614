"""Ids a list of records is asked to show: "list the response ids and customer ids", "给我客户编号". An id the
question names beside a list of records is a column of the list: the records' own, else the id of an entity each
record reaches many-to-one (a survey response's customer). Without this the named id is used by nothing and the
question is asked back, although the list itself was clear. Other fields named beside a list may be conditions
("订单里用了优惠的", 'orders with a discount') and stay asked back, unless said as one more column asked for ('IDs
and the churn reason for each', 'with their city', '以及流失原因'): a field of the records added with 'and the' /
'their' / '以及' is shown, not a condition.
"""

from __future__ import annotations

import re

from assistant.planner.reading import Reading
from assistant.planner.shaping import _reachable
from semantic_layer import SemanticModel

# a field added to what is shown: 'ids and the churn reason', 'with their city', 'plus the tier', '以及流失原因'
_ADDED = re.compile(
    r"(?:\b(?:and|plus|with|along\s+with|including|also)\s+(?:the|their|its|his|her)\s+|\btheir\s+)$"
    r"|(?:以及|和|及|加上|带上|附上|还有)(?:他们的|它们的|其)?$"
)


def named_columns(model: SemanticModel, reading: Reading, entity: str) -> list[str]:
    """The ids named in the question that a list of `entity` records can show, each once, in the order named: of
    the candidates a word may mean, the records' own first, else one of an entity they reach."""
    keys = {e.primary_key for e in model.entities.values()}
    found: list[str] = []
    for candidates, match in reading.mentioned_dimensions:
        if match.of("entity"):
            continue  # 'customers' names whose records, not a column ('customer ids' does)
        added = bool(_ADDED.search(reading.masked[: match.start]))
        candidates = [c for c in candidates if c.partition(".")[2] in keys or added]
        own = [c for c in candidates if c.partition(".")[0] == entity]
        reached = [
            c for c in candidates if c.partition(".")[0] != entity and _reachable(model, entity, c.partition(".")[0])
        ]
        chosen = own or reached
        if chosen and chosen[0] not in found:
            found.append(chosen[0])
    return found
