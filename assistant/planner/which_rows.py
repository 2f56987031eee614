"""'Which customers in Xiamen churned this year?': 'which' before a plural entity noun asks for those rows. The
grammar of breakdowns also reads 'which <noun>' as a group per value ('which region'), and for an entity noun that
group is its identifier: a count of the population per customer id (one row per customer with a 1 beside it, not
the rows asked, and without the columns they asked for). A breakdown that is only that identifier, said after
'which', is the request for rows."""

from __future__ import annotations

from assistant.planner import cues
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel


def only_rows_asked(model: SemanticModel, reading: Reading) -> bool:
    """Every breakdown of the question is the primary key of an entity named in the plural right after 'which', the
    measure read is a population of the model ('churned') and nothing ranks ('which customers placed the most
    orders' is a ranking per customer)."""
    if not reading.breakdowns or reading.language != "en" or not (reading.metrics or reading.segments):
        return False
    if not set(reading.metrics) <= set(model.segments) or reading.weak_metrics or reading.metric_or_segment:
        return False
    if reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING) or reading.has(cues.RANKING):
        return False
    keys = {f"{name}.{entity.primary_key}" for name, entity in model.entities.items()}
    return all(
        set(candidates) <= keys
        and match.text.strip().endswith("s")
        and bool(cues.WHICH_PLURAL.search(reading.masked[: match.start]))
        for candidates, match in reading.breakdowns
    )
