"""Whose rows a list asks for when the question names several entities: the noun it asks 'which' of.

'上周广州客户超过2万的订单有哪些', '客户C0001234还有哪些工单没关', 'which orders did Guangzhou customers place over 20k':
the rows are the noun right after 'which' / '哪些' or right before '有哪些' / '是哪些'; the other nouns only say whose
rows they are. Before, the first entity said was listed ('广州客户…的订单有哪些' listed the customers, with the orders'
amount as a filter on them: a confidently wrong answer), or a threshold on the orders' money was asked back because
the customers have no money column.
"""

from __future__ import annotations

from assistant.planner.reading import Reading


def asked_entity(reading: Reading) -> str | None:
    """The one entity named by the noun the question asks 'which' of, if exactly one such entity is named."""
    asked: set[str] = set()
    for match in reading.matches:
        entities = {e.target for e in match.of("entity")}
        if not entities:
            continue
        plural = reading.language == "zh" or match.text.strip().endswith("s")
        before = plural and reading.which_before(match)
        after = reading.language == "zh" and reading.rows_asked_after(match)
        if before or after:
            asked |= entities
    return asked.pop() if len(asked) == 1 else None
