"""People counted by what they did: "which region had the most customers churn", "the city where the fewest members
churned", "how many customers churn each month".

A quantity word before a noun of persons and a verb after it ('the most customers churn') counts the persons who did
it. When the verb is also the name of a rate ('churn' is the churn rate), read alone it ranked the regions by the rate
— another answer than the count of churned customers the sentence asks for. The verb is read as the rate's
numerator when that numerator counts rows of the noun's entity (churned customers are customers); 'the highest
churn' (no persons counted) keeps the rate.
"""

from __future__ import annotations

import re

from assistant.planner.lexicon import Entry, Match
from semantic_layer import SemanticModel
from semantic_layer.compiler.metrics import leaf
from semantic_layer.model import RatioMetric, SimpleMetric

_QUANTITY = re.compile(r"(?<![a-z])(?:most|fewest|least|more|fewer|how\s+many|number\s+of)\s+(?:of\s+(?:the|our)\s+)?$")


def numerators(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """The matches, with a rate named as the verb of counted persons read as the rate's numerator."""
    found: list[Match] = []
    for index, match in enumerate(matches):
        previous = matches[index - 1] if index else None
        count = _numerator_counting(model, match, previous, masked) if previous is not None else None
        if count is not None:
            match = Match(match.start, match.end, match.text, (Entry(kind="metric", target=count),))
        found.append(match)
    return found


def _numerator_counting(model: SemanticModel, match: Match, people: Match, masked: str) -> str | None:
    if masked[people.end : match.start].strip() or not _QUANTITY.search(masked[: people.start]):
        return None
    entities = {e.target for e in people.of("entity")}
    entities |= {model.segments[e.target].entity for e in people.of("segment") if e.target in model.segments}
    for entry in match.of("metric"):
        rate = model.metrics.get(entry.target)
        if entry.weak or not isinstance(rate, RatioMetric):
            continue
        numerator = model.metrics.get(rate.numerator)
        if isinstance(numerator, SimpleMetric) and leaf(model, rate.numerator).entity in entities:
            return rate.numerator
    return None
