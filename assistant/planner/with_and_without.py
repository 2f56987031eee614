"""Both sides of one yes/no field named by their marker rather than by the field's words: "customers with vs
without a membership", "with and without the app bound", "members or not", "有没有绑定APP的对比", "是否会员的区别".
The question sets the two sides side by side, yet the words read as one side ('without' negates the field, 'or
not' adds nothing), so the answer showed one side only. Read like "members vs non-members" (a yes/no population
named both ways): the one yes/no condition of the plan becomes a breakdown by its field, beside any other breakdown
the question asks for ('… in each region').
"""

from __future__ import annotations

import re
from typing import Any

from assistant.planner import conditions
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_SIDES = re.compile(
    r"\bwith\s*(?:and|or|vs\.?|versus|/)\s*without\b"  # 'with vs without a membership'
    r"|\bwith\b[^,.;?!]{1,40}?\s(?:and|or|vs\.?|versus|compared (?:to|with))\s+(?:those\s+|the\s+ones\s+|ones\s+)?without\b"
    r"|(?<!whether )\bor not\b(?!\s+(?:they|it|you|we|he|she|the)\b)"  # 'members or not' (not 'whether or not')
    r"|(?:有没有|有无|是否|是不是).{0,12}?(?:的)?(?:对比|相比|比较|区别|差异|差别)"  # '有没有绑定APP的对比'
    r"|(?:对比|比较)(?:一下)?(?:有没有|有无|是否|是不是)"
)
_REGARDLESS = re.compile(r"\b(?:regardless|irrespective|no matter)\b|不管|不论|无论")

_TEXT = {
    "en": "'{phrase}' names both sides of {field}: shown as a breakdown by it.",
    "zh": "“{phrase}”说的是{field}的两种情况:按它拆分显示。",
}


def both_sides(model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]) -> bool:
    """Turn the query's one yes/no condition into a breakdown by its field when the question names both sides;
    True when it did."""
    said = _SIDES.search(reading.masked)
    if said is None or _REGARDLESS.search(reading.masked) or query.get("kind", "metrics") != "metrics":
        return False
    flags = [f["field"] for f in query.get("filters", []) if _is_flag(model, f["field"])]
    flags += [s for s in query.get("segments", []) if _segment_flag(model, s) is not None]
    if len(flags) != 1 or query.get("compare"):
        return False
    field = flags[0] if flags[0] in model.dimension_names() else _segment_flag(model, flags[0])
    assert field is not None
    query["filters"] = [f for f in query.get("filters", []) if f["field"] != field]
    query["segments"] = [s for s in query.get("segments", []) if _segment_flag(model, s) != field]
    # 'with and without the app bound, in each region': the split beside the breakdown the question asks for
    others = [d for d in query.get("dimensions", []) if d["name"] != field]
    query["dimensions"] = [*others, {"name": field}]
    _, dim = model.dimension(field)
    label = getattr(dim.label, reading.language) if dim.label else field
    assumptions.append(_TEXT[reading.language].format(phrase=said.group(0).strip(), field=label))
    return True


def _is_flag(model: SemanticModel, field: str) -> bool:
    return field in model.dimension_names() and model.dimension(field)[1].type == "boolean"


def _segment_flag(model: SemanticModel, name: str) -> str | None:
    """The yes/no field a population is defined by alone ('members': is_member), if it is one."""
    segment = model.segments.get(name)
    if segment is None or segment.not_exists:
        return None
    found = conditions.as_filters(model, segment.entity, segment.filter) or []
    return found[0]["field"] if len(found) == 1 and _is_flag(model, found[0]["field"]) else None
