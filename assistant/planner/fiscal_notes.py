"""Say how a fiscal period was read: 'FY2025' has dates only through the model's `fiscal_year_start_month`.

A fiscal year need not be the calendar one, so a plan that used one states the dates and where the model's fiscal year
starts ("Read 'FY2025' as 2025-01-01 to 2025-12-31: the fiscal year starts in January"), in the user's own words.
"""

from __future__ import annotations

import re

from assistant.contracts import Language
from assistant.planner.grounding import Corrected
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.time_calendar import MONTH_LABELS

_LEADING_PREPOSITION = re.compile(r"^(?:(?:in|during|for|throughout|over|within|on|the)\s+)+", re.IGNORECASE)


def fiscal_readings(
    model: SemanticModel,
    reading: Reading,
    query: SemanticQuery | None,
    corrected: Corrected,
    question: str,
    language: Language,
) -> list[str]:
    """One note per fiscal period the question named, when the plan has a period at all."""
    start_month = model.fiscal_year_start_month
    if query is None or start_month is None:
        return []
    month = str(start_month) if language == "zh" else MONTH_LABELS[start_month - 1]
    notes: list[str] = []
    for found in reading.times:
        if found.fiscal:
            start, end = corrected.original(*found.span)
            phrase = _LEADING_PREPOSITION.sub("", question[start:end]).strip() or found.phrase
            dates = {"start": found.start.isoformat(), "end": found.end.isoformat()}
            notes.append(assumption(language, "fiscal_period", phrase=phrase, month=month, **dates))
    return notes
