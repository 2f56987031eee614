"""Whose rows a list shows when the question names two entity nouns: the head noun of the phrase, not the noun of a
filter said before it.

'上周成都客户下的最新3个订单', '成都客户的工单', 'Chengdu customers' latest orders', 'customer orders from last week': the
rows are the orders / tickets; the customers only say whose rows they are. A Chinese noun phrase ends in its head
(the noun after the last 的, or the last of two nouns side by side); an English one begins with it, unless the first
noun is a possessive ('customers'') or a noun used as an adjective right before the head ('customer orders').
Before, the first entity noun said was listed: three customers answered 'the latest 3 orders of Chengdu customers'.

Only a head whose rows each belong to one row of the other noun's entity (a many-to-one relationship: an order has
one customer) is taken: the other noun is then a plain condition on the head's rows. The reverse ('下过订单的客户',
customers who placed orders) asks whether each customer has such rows, which this reading does not decide.
"""

from __future__ import annotations

import re

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

# 'customers' latest orders', "the customer's tickets": a possessive ending right after the noun
_POSSESSIVE = re.compile(r"^(?:'s?|’s?)(?=\s)")


def head_entity(model: SemanticModel, reading: Reading) -> str | None:
    """The entity of the head noun of a phrase naming two entity nouns, when the other noun's entity owns its rows."""
    nouns = [m for m in reading.matches if m.of("entity") and not m.of("segment")]
    if len({_entity(m) for m in nouns}) != 2:
        return None
    head, other = _head_and_other(reading, nouns)
    if head is None or other is None or _entity(head) == _entity(other):
        return None
    owners = {r.to for r in model.entities[_entity(head)].relationships if r.type == "many_to_one"}
    return _entity(head) if _entity(other) in owners else None


def _head_and_other(reading: Reading, nouns: list[Match]) -> tuple[Match | None, Match | None]:
    first, second = nouns[0], nouns[-1]
    between = reading.masked[first.end : second.start]
    if reading.language == "zh":
        # '成都客户下的…订单', '客户订单': the noun after 的, or the second of two nouns side by side
        return (second, first) if "的" in between or not between.strip() else (None, None)
    if _POSSESSIVE.match(reading.masked[first.end :] + " ") or not between.strip():
        return second, first  # "customers' orders", 'customer orders'
    return first, second  # 'orders from Chengdu customers': the head first, the rest says whose


def _entity(match: Match) -> str:
    return match.of("entity")[0].target
