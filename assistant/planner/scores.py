"""A score metric's word next to a number is its column: 'NPS打了0分', 'csat 3 or lower', 'rated exactly 3 on
CSAT' filter the score column (nps_score, csat_score) the metric's measures read, instead of asking for the
metric (an NPS of the responses that scored 0 is not what was asked)."""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from assistant.planner import cues, group_conditions
from assistant.planner.lexicon import Entry, Match
from semantic_layer import SemanticModel
from semantic_layer.cache import per_model
from semantic_layer.compiler.metrics import leaf_names
from semantic_layer.model import SimpleMetric

_NEAR = 12  # characters between the word and the number ('csat 3 or lower', 'exactly 3 on csat')
# the top of a score's scale said beside it ('out of 10', 'on a scale of 0-10', '满分10分')
SCALE = re.compile(r"\b(?:out\s+of|on\s+a\s+scale\s+of|of)\s+(?:0\s*-\s*|1\s*-\s*)?10\b|满分\s*10\s*分?")
_CLAUSE_BREAK = re.compile(r"[,，。;；?？!！]|\b(?:and|but|or)\b|和|但")


def as_columns(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """The matches, a metric word right next to a threshold or an exact number read as its one number column."""
    conditions = [(c.start(), c.end()) for c in cues.NUMERIC_CONDITION.finditer(masked)]
    if not conditions:
        return matches
    columns = _score_columns(model)
    result = []
    for match in matches:
        if any(group_conditions.picks_groups(model, masked, matches, start) for start, _ in conditions):
            result.append(match)  # 'which cities have an AOV above 500': each city's AOV, not each order's amount
            continue
        metrics = match.of("metric")
        found = {columns.get(e.target) for e in metrics}
        numbers = [e.target for e in match.of("dimension") if model.dimension(e.target)[1].type == "number"]
        near = metrics and any(_near(masked, match, start, end) for start, end in conditions)
        if near and numbers:  # 'a discount of 0': the word is a metric and a number column; the number says which
            match = Match(match.start, match.end, match.text, tuple(Entry("dimension", n) for n in numbers))
        elif near and not match.of("dimension") and len(found) == 1 and None not in found:
            (column,) = found
            if column is not None:
                match = Match(match.start, match.end, match.text, (Entry("dimension", column),))
        result.append(match)
    return result


def _near(masked: str, match: Match, start: int, end: int) -> bool:
    gap = masked[match.end : start] if match.end <= start else masked[end : match.start] if end <= match.start else ""
    gap = SCALE.sub(" ", gap)  # '5 or less out of 10 on satisfaction': the scale says how the score is counted
    return len(gap) <= _NEAR and not _CLAUSE_BREAK.search(gap)


def number_columns(model: SemanticModel, metric: str) -> set[str]:
    """The number columns a metric's measures read (in their expression or condition)."""
    columns: set[str] = set()
    for name in leaf_names(model, metric):
        definition = model.metrics[name]
        if not isinstance(definition, SimpleMetric):
            continue
        entity, measure = model.measure(definition.measure)
        for text in (measure.expr, measure.filter):
            if not text:
                continue
            try:
                tree = sqlglot.parse_one(text)
            except sqlglot.errors.SqlglotError:
                return set()
            for column in tree.find_all(exp.Column):
                field = f"{entity}.{column.name}"
                if field in model.dimension_names() and model.dimension(field)[1].type == "number":
                    columns.add(field)
    return columns


def _columns(model: SemanticModel) -> dict[str, str]:
    """Metric -> its one number column, for metrics reading exactly one."""
    found: dict[str, str] = {}
    for name in model.metrics:
        columns = number_columns(model, name)
        if len(columns) == 1:
            found[name] = next(iter(columns))
    return found


_score_columns = per_model(_columns)
