"""Rows named by a value word alone: '最近发出的5条短信', 'the latest 10 text messages'.

A value of a field can be said as the noun of its rows ('短信' / 'text messages' are the touches whose channel is
SMS). When the latest or earliest rows are asked and the question names no entity or population, the entity the question's
value words all belong to is the entity whose rows are listed; the values stay filters. The last value word must
be said as a noun of rows: a plural in English, counted with a classifier of records (条, 封, 笔, 张) in Chinese;
'最近的5个华东' (a region is no row) and values of two entities stay asked back.
"""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_COUNTED_RECORDS = re.compile(r"[\d一二两三四五六七八九十几]+\s*[条封笔张]")


def entity_of_values(model: SemanticModel, reading: Reading) -> str | None:
    """The one entity with record columns that every value word of the question belongs to, when the last value
    word is said as the noun of its rows."""
    if not reading.values or not (reading.has(cues.RECENT) or reading.has(cues.OLDEST)):
        return None  # 'our 10 biggest competitors' (a churn reason) names no rows
    shared: set[str] | None = None
    for entries, _, _ in reading.values:
        owners = {e.target.split(".")[0] for e in entries if e.kind == "value"}
        shared = owners if shared is None else shared & owners
    if not shared or len(shared) != 1:
        return None
    head = max((match for _, _, match in reading.values), key=lambda match: match.end)
    if reading.language == "zh":
        said_as_rows = bool(_COUNTED_RECORDS.search(reading.masked[: head.start]))
    else:
        said_as_rows = head.text.strip().endswith("s")
    entity = next(iter(shared))
    return entity if said_as_rows and model.entities[entity].record_columns else None
