"""Ids a list of records is asked to show: "list the response ids and customer ids", "给我客户编号". An id the
question names beside a list of records is a column of the list: the records' own, else the id of an entity each
record reaches many-to-one (a survey response's customer). Without this the named id is used by nothing and the
question is asked back, although the list itself was clear. Other fields named beside a list may be conditions
("订单里用了优惠的", 'orders with a discount') and stay asked back.
"""

from __future__ import annotations

from assistant.planner.reading import Reading
from assistant.planner.shaping import _reachable
from semantic_layer import SemanticModel


def named_columns(model: SemanticModel, reading: Reading, entity: str) -> list[str]:
    """The ids named in the question that a list of `entity` records can show, each once, in the order named: of
    the candidates a word may mean, the records' own first, else one of an entity they reach."""
    keys = {e.primary_key for e in model.entities.values()}
    found: list[str] = []
    for candidates, match in reading.mentioned_dimensions:
        if match.of("entity"):
            continue  # 'customers' names whose records, not a column ('customer ids' does)
        candidates = [c for c in candidates if c.partition(".")[2] in keys]
        own = [c for c in candidates if c.partition(".")[0] == entity]
        reached = [
            c for c in candidates if c.partition(".")[0] != entity and _reachable(model, entity, c.partition(".")[0])
        ]
        chosen = own or reached
        if chosen and chosen[0] not in found:
            found.append(chosen[0])
    return found
