"""A list of rows named by two count words of one entity: '贬损者问卷反馈列出来', 'show me the detractor survey
responses', 'list the returned orders'.

The noun of the rows ('问卷反馈', 'survey responses') is also the entity's plain count, and the word before it
('贬损者', 'detractor') is a count of a subset of the same rows (its condition, nps_score <= 6). Together they name one
kind of row: the subset. Before, two metrics named in a list request were no list at all, and the question was answered
with the count — a number where rows were asked for.

Only when every word counts rows of the same entity and at most one of them has a condition: two different conditions
('completed and returned orders') are two kinds of row, which one list of rows with both conditions would not show.
"""

from __future__ import annotations

from typing import Any

from assistant.planner.listing import _records_of_count
from semantic_layer import SemanticModel


def records_of_counts(model: SemanticModel, metrics: list[str]) -> tuple[str, list[dict[str, Any]]] | None:
    """The entity and the filters of the one qualified count among counts of one entity's rows, if they are such."""
    counted = [_records_of_count(model, [metric]) for metric in metrics]
    found = [c for c in counted if c is not None]
    if len(metrics) < 2 or len(found) != len(metrics) or len({entity for entity, _ in found}) != 1:
        return None
    qualified = [filters for _, filters in found if filters]
    if len(qualified) > 1:
        return None
    return found[0][0], qualified[0] if qualified else []
