"""'Other' with the head noun of a field after a value of that field is excluded: '除了价格原因，其他原因流失的客户',
'excluding price, customers who left for other reasons', '除了门店，其他渠道'. The phrase names the rest of the field's
values — what the exclusion already selects — not the value 'other' (a churn reason) nor a breakdown, so it is
excused (blanked like an aside): the exclusion alone is the condition. A head the model names as a field on its own
('其他品类各自的销售额') is left to splits.each_of_the_rest (one row per other value)."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading
from assistant.planner.value_heads import fields_headed_at
from semantic_layer import SemanticModel

_OTHER = re.compile(r"(?:\b(?:the\s+)?(?:other|remaining)\s*|其他|其它|其余|剩下的?|别的)(?:的)?")


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """The 'other <head>' stretches after an excluded value of the head's field."""
    masked, found = reading.masked, []
    for match in reading.matches:
        fields = {e.target for e in match.of("value")}
        if not fields or not cues.negated_at(masked, match, reading.matches):
            continue
        for other in _OTHER.finditer(masked, match.end):
            head = fields_headed_at(model, masked, other.end())
            end = other.end() + len(head[0]) if head is not None else 0
            named = any(m.start < end and other.end() < m.end for m in reading.matches)
            if head is not None and fields & head[1] and not named:  # '其他品类各自': a field named, read by splits
                found.append(Excused(other.start(), end, "aside"))
    return found
