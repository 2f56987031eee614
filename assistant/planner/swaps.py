"""A follow-up that swaps the measure ("what about total tickets instead of just complaints?", "orders instead of
revenue", "换成订单数，不要销售额"): the measure after "instead of / rather than / 不要 / 而不是" is the one dropped,
and a bare entity noun ("tickets", "orders") with a swap word names that entity's count, so the previous
question's breakdown, filters and period stay with the new measure."""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

_REJECTED_BEFORE = re.compile(
    r"(?:\binstead of|\brather than|\bnot|而不是|不要|不是|不看|别看)\s*(?:just\s+|only\s+|the\s+|those\s+|仅仅|只)*$"
)
_SWAP = re.compile(
    r"\binstead\b|\brather than\b|\bwhat about\b|\bhow about\b|\bswitch to\b|换成|改成|改为|换为|而不是|那"
)


def swapped_metrics(reading: Reading) -> list[str] | None:
    """The measures a follow-up asks for, or None when it swaps nothing."""
    if not reading.has(_SWAP):
        return None
    rejected = [m for m in reading.matches if _REJECTED_BEFORE.search(reading.masked[: m.start])]
    if not rejected and not reading.has(re.compile(r"\binstead\b")):
        return None
    strong = [e.target for m in reading.strong_matches if m not in rejected for e in m.of("metric") if not e.weak]
    if strong:
        return list(dict.fromkeys(strong))
    weak = [name for name, m in reading.weak_metrics if m not in rejected]
    weak += [e.target for m in reading.matches if m not in rejected and m.of("entity") for e in m.of("metric")]
    return list(dict.fromkeys(weak)) or None


def rejected_metrics(reading: Reading) -> set[str]:
    """Measures the question names only to set aside ('instead of revenue', '而不是销售额')."""
    if not reading.has(_SWAP):
        return set()
    return {
        e.target for m in reading.matches if _REJECTED_BEFORE.search(reading.masked[: m.start]) for e in m.of("metric")
    }


def moved_order(query: dict[str, object], metrics: list[str]) -> bool:
    """A ranking kept from the previous question orders by the new measure when its own measure was swapped out
    ('top 5 cities by complaints' then 'what about total tickets instead?'). True when it moved."""
    order = query.get("order_by")
    if not isinstance(order, list) or not metrics:
        return False
    moved = False
    for item in order:
        if isinstance(item, dict) and item.get("field") not in metrics and "." not in str(item.get("field")):
            item["field"] = metrics[0]
            moved = True
    return moved
