"""Rows that have NO related rows, said in Chinese: '已经90天没有成交过一笔订单的活跃客户', '近30天没下过单的客户',
'从未投诉过的会员'. 没 / 没有 / 未 / 从未 before the event of another entity (orders of a customer) deny that such rows
exist; a filter on the other entity's fields, negated ('order.status != completed'), selects customers who DO have an
order that is not completed — the opposite population. Two readings here:

- the window said as a span of time the absence has lasted ('已经90天没有…', '连续30天没…', '整整3个月都没…') is the
  trailing window up to the as-of date ('最近90天'), so that a population the model defines by exactly that absence
  (the silent customers: active, no completed order in the last 90 days) is recognised by `definitions.restated`;
- what is left after that (another window, another event, no segment of the model for it) is asked back with the
  absence message, never answered with the negated filter.
"""

from __future__ import annotations

import re

from assistant.planner.reading import Reading
from assistant.planner.shaping import _reachable
from semantic_layer import SemanticModel, SemanticQuery

_DENIED = r"(?:从来)?(?:没有|没|未|从未|从没|不曾)"
_LASTED = re.compile(
    r"(?:已经|已|连续|整整|足足)\s*(?P<n>\d+|[一两二三四五六七八九十]+)\s*(?P<unit>天|周|个月|个季度)\s*(?:了)?\s*(?:都|也)?"
    rf"(?=\s*{_DENIED})"
)
_NEGATION = re.compile(_DENIED)


def lasted_fixes(reading: Reading) -> list[tuple[int, int, str]]:
    """'已经90天没有…' -> '最近90天没有…': how long an absence has lasted is the window up to now."""
    return [(hit.start(), hit.end(), f"最近{hit['n']}{hit['unit']}") for hit in _LASTED.finditer(reading.masked)]


def unexpressed(model: SemanticModel, reading: Reading, query: SemanticQuery) -> str | None:
    """The denied phrase when the query still answers a denial of related rows with a negated filter on them."""
    if reading.language != "zh" or query.kind != "metrics":
        return None
    counted = {entity for m in query.metrics if (entity := _counted_entity(model, m)) is not None}
    for found in query.filters:
        owner = found.field.partition(".")[0]
        if found.op not in ("!=", "not_in") or owner in counted:
            continue
        if not any(_reachable(model, owner, entity) and not _reachable(model, entity, owner) for entity in counted):
            continue  # only rows of an entity with many rows per counted row can be absent
        denied = _denial_before(model, reading, owner)
        if denied is not None:
            return denied
    return None


def _denial_before(model: SemanticModel, reading: Reading, owner: str) -> str | None:
    """'没有成交过一笔订单': the stretch from a denial word to the first word of the other entity after it."""
    for hit in _NEGATION.finditer(reading.masked):
        for match in sorted(reading.matches, key=lambda m: m.start):
            if match.start < hit.end():
                continue
            if any(e.target == owner for e in match.of("entity")) or any(
                e.target.partition(".")[0] == owner for e in match.of("value")
            ):
                return reading.masked[hit.start() : match.end].strip()
            break
    return None


def _counted_entity(model: SemanticModel, metric: str) -> str | None:
    measure = getattr(model.metrics[metric], "measure", None)
    return measure.partition(".")[0] if isinstance(measure, str) else None
