"""Every period a question names is used, or the question is asked back: 'orders in 2025 … this quarter'
answered for 2025 alone would be a wrong number, so a plan that keeps only one of two named periods (and
compares neither with the other) becomes a question naming both."""

from __future__ import annotations

from datetime import date

from assistant.contracts import Language, Plan
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER
from semantic_layer import SemanticModel, SemanticQuery


def dropped_period(model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language) -> Plan | None:
    """A clarify plan when the query leaves out a period the question names; None when each is used."""
    named = list({(t.start, t.end): t for t in reading.times}.values())
    if len(named) < 2 or (
        query.compare is not None and (query.compare.previous_period or query.compare.year_over_year)
    ):
        return None
    used: set[tuple[date, date]] = set()
    if query.time_range is not None:
        used.add((query.time_range.start, query.time_range.end))
    for found in query.filters:
        if found.op == "between" and _is_date_field(model, found.field):
            days = sorted(date.fromisoformat(str(v)) for v in found.values)
            used.add((days[0], days[-1]))
    grains = [d.grain for d in query.dimensions if d.grain]
    if grains and query.time_range is not None:  # 'this month and last month' by month: each is a row of the series
        whole = (query.time_range.start, query.time_range.end)
        used |= {(t.start, t.end) for t in named if whole[0] <= t.start and t.end <= whole[1]}
    ends = {end for _, end in used}  # 'this year as of today': a single day that ends a used period states its end
    missing = [t for t in named if (t.start, t.end) not in used and not (t.start == t.end and t.end in ends)]
    if not missing:
        return None
    first, second = named[0], named[1]
    text = assumption(language, "two_periods", first=first.phrase.strip(), second=second.phrase.strip())
    return Plan(status="clarify", clarification=text, planner=PLANNER)


def _is_date_field(model: SemanticModel, field: str) -> bool:
    return field in model.dimension_names() and model.dimension(field)[1].type == "time"
