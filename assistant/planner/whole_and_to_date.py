"""A period to date beside the whole calendar period before it, both named: "今年到目前为止的订单数，和去年全年的订单数
比一下", "orders this year so far vs all of last year", "本月至今的销售额和上个月整月比". The compiler compares a period
to date only with the same stretch before it (January to 4 December of last year), which is not what was asked;
round 8 asked these back. Both periods are named explicitly, so both totals are the answer: the metric by that
calendar unit over the two periods together — one row for the whole period, one for the period to date (the answer
says that the last one is still running, pipeline `running_period`).

Only when the earlier period is said to be whole ('全年', 'all of', 'full'); "compare this year with last year"
leaves open which stretch is meant and is still asked back (checks._named_comparison).
"""

from __future__ import annotations

from datetime import timedelta

from assistant.planner.checks import _said_whole
from assistant.planner.reading import Reading
from semantic_layer import SemanticQuery
from semantic_layer.query import METRIC_TIME, Grain
from semantic_layer.time_calendar import period_containing

_UNITS: tuple[Grain, ...] = ("year", "quarter", "month")


def both_totals(reading: Reading, query: SemanticQuery) -> SemanticQuery | None:
    """The query as a series by the unit over [whole previous period, period to date], or None if the question
    does not name exactly those two periods."""
    asked, compare = query.time_range, query.compare
    if query.kind != "metrics" or asked is None or compare is None or compare.segments or compare.year_over_year:
        return None
    if any(d.grain for d in query.dimensions):
        return None
    others = [t for t in reading.times if t.end < asked.start]
    if len(others) != 1 or not _said_whole(reading, others[0]):
        return None
    whole = others[0]
    for unit in _UNITS:
        first, last = period_containing(asked.start, unit)
        if asked.start != first or asked.end >= last:
            continue  # not this unit to date
        if (whole.start, whole.end) != period_containing(first - timedelta(days=1), unit):
            continue
        joiner = "和" if reading.language == "zh" else " and "
        label = f"{whole.label}{joiner}{asked.label or ''}"
        dumped = query.model_dump(mode="json", exclude_none=True)
        dumped.update(
            time_range={**dumped["time_range"], "start": whole.start.isoformat(), "label": label},
            dimensions=[*dumped.get("dimensions", []), {"name": METRIC_TIME, "grain": unit}],
            order_by=[],
            limit=None,
        )
        dumped.pop("compare")
        return SemanticQuery.model_validate(dumped)
    return None
