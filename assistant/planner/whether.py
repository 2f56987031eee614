"""'complaints by whether it was high priority', 'tickets split by how urgent they were', 'orders split by whether they were returned', '按是否高优先级统计工单':
a breakdown by the field of the value named after 'whether', never a filter on that value (which would answer only
one side of the split the question asks for). The breakdown shows every value of the field, the named one among
them, and the assumptions say so."""

from __future__ import annotations

import re
from typing import Any

from assistant.planner.messages import assumption
from assistant.planner.reading import Reading

# 'by whether', 'split by whether or not', 'broken down by whether', '按是否', '按照是不是'; 'by how urgent they were':
# the degree a value names ('urgent' = high priority) is its field ('by how much' names no value, so nothing)
_BY_WHETHER = re.compile(
    r"\b(?:by|per|across|split\s+by|broken\s+down\s+by|grouped\s+by|breakdown\s+by|based\s+on|depending\s+on)"
    r"\s+(?:whether(?:\s+or\s+not)?|how)\b"
    r"|按(?:照)?(?:是否|是不是|有没有)"
)
_REACH = 40  # characters after the cue in which the value is named


def by_whether(reading: Reading, query: dict[str, Any], assumptions: list[str]) -> None:
    found = _BY_WHETHER.search(reading.masked)
    if found is None or query.get("kind", "metrics") != "metrics":
        return
    fields = {
        entry.target
        for match in reading.matches
        if found.end() <= match.start <= found.end() + _REACH
        for entry in match.of("value")
    }
    split = [f for f in query.get("filters", []) if f["field"] in fields and f["op"] in ("=", "in")]
    for item in split:
        query["filters"].remove(item)
        if item["field"] not in {d["name"] for d in query.get("dimensions", [])}:
            query["dimensions"] = [*query.get("dimensions", []), {"name": item["field"]}]
        values = ", ".join(str(v) for v in item["values"])
        assumptions.append(assumption(reading.language, "whether_breakdown", values=values, field=item["field"]))
