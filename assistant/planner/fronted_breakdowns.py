"""A breakdown said first and closed by a comma: what follows the comma is the measure, not another field."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.planner.lexicon import Match
    from assistant.planner.reading import Reading


def measure_after_comma(reading: Reading, match: Match) -> bool:
    """'For each region, complaints in Q3', 'per channel, tickets last week': a breakdown that opens the question
    ends at its comma, and a word after it that names a measure of the model is that measure. A word that is also
    a yes/no field ('complaints': the complaint flag) would otherwise continue the list of breakdowns ('by region,
    channel') and leave the question with nothing to count. Only while no measure has been named yet: in 'revenue
    by region, members' the list goes on."""
    if not reading.breakdowns or reading.metrics or reading.weak_metrics or reading.metric_or_segment:
        return False
    gap = reading.masked[reading.breakdowns[-1][1].end : match.start]
    return gap.strip() == "," and any(not e.weak for e in match.of("metric"))
