"""A measure asked to include rows its own definition leaves out: "revenue last month including returned orders",
"销售额（算上退货的）", "AOV counting cancelled orders too". Revenue counts completed orders only, so no answer
includes the returned ones: read as written the plan set revenue beside the count of returned orders, or filtered
revenue to returned orders (nothing the question asked). The planner asks back saying what the measure counts —
unless the model has a measure of the same thing over exactly the rows asked ("completed orders, returned ones
included" is the completed-or-returned count), which then answers.

A value is included when an inclusion word stands right before it ('including', 'incl.', 'counting', 'along with',
'包括', '包含', '含', '算上', '连同') or after it ('… included', '… count too', '…也算', '…都算上', '…在内').
"""

from __future__ import annotations

import re

from sqlglot import exp

from assistant.contracts import Language, Plan
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.fragments import parse_fragment
from semantic_layer.compiler.metrics import leaf_names
from semantic_layer.model import SimpleMetric

_BEFORE = re.compile(
    r"(?<![a-z])(?:including|incl\.?|inclusive\s+of|counting|along\s+with)\s+(?:the\s+|any\s+|all\s+|those\s+)?$"
    r"|(?:包括|包含|含|连同|算上|加上)(?:了)?\s*$"
)
_AFTER = re.compile(
    r"^\s*(?:ones?\s+)?(?:(?:should|do|will|are|is)\s+)?(?:also\s+)?(?:included|count(?:ed)?\s+(?:too|as\s+well|in))\b"
    r"|^\s*(?:的)?\s*(?:订单|工单|单)?\s*(?:也|都|全|一并)\s*(?:要|得)?\s*(?:算上|算进去|算在内|算|计入|包括在内|在内)"
    r"|^\s*(?:的)?\s*(?:订单|工单)?\s*(?:包括在内|包含在内|在内)"
)
_DENIED = re.compile(r"(?:(?<![a-z])(?:not|without)|n't)\s*$|[不没未非除]\s*$")

_TEXT: dict[Language, str] = {
    "en": "{metric} counts only {entity} records whose {column} is {admitted} (its definition), so it can't include "
    "'{phrase}'. Would you like {metric} as defined, or the '{phrase}' on their own?",
    "zh": "{metric}按定义只统计{column}为{admitted}的{entity}记录,无法把“{phrase}”算进去。您要按定义的{metric},还是单独看“{phrase}”?",
}


def conflicting(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> Plan | SemanticQuery | None:
    """None when no measure of the query leaves out rows the question includes; else the query with the model's
    measure over exactly those rows, or a clarify plan saying what the measure counts."""
    for match, column, values in _included(model, reading):
        for name in query.metrics:
            for part in leaf_names(model, name):  # 'AOV': revenue over completed orders
                admitted = _admitted(model, part, column)
                if admitted is None or values <= admitted:
                    continue
                wider = _wider_metric(model, name, column, admitted | values) if part == name else None
                if wider is not None:
                    return _with_metric(model, query, name, wider, column)
                return Plan(status="clarify", clarification=_text(model, name, column, admitted, match, language),
                            planner=PLANNER)  # fmt: skip
    return None


def _text(model: SemanticModel, name: str, column: str, admitted: set[str], match: Match, language: Language) -> str:
    metric = model.metrics[name].label
    entity = model.entities[column.partition(".")[0]].label
    dimension = model.dimension(column)[1].label
    return _TEXT[language].format(
        metric=getattr(metric, language) if metric else name,
        entity=(getattr(entity, language) if entity else column.partition(".")[0]).lower(),
        column=(getattr(dimension, language) if dimension else column.partition(".")[2]).lower(),
        admitted=", ".join(sorted(admitted)),
        phrase=match.text.strip(),
    )


def _included(model: SemanticModel, reading: Reading) -> list[tuple[Match, str, set[str]]]:
    """(match, column, values) of each value or counted state the question says is included."""
    found: list[tuple[Match, str, set[str]]] = []
    for match in reading.matches:
        before = _BEFORE.search(reading.masked[: match.start])
        if before is not None and _DENIED.search(reading.masked[: before.start()]):
            continue  # 'not including returns': left out, a negation read elsewhere
        if before is None and _AFTER.match(reading.masked[match.end :]) is None:
            continue
        said = _said_values(model, match)
        if said is not None:
            found.append((match, *said))
    return found


def _said_values(model: SemanticModel, match: Match) -> tuple[str, set[str]] | None:
    """The column and values a match names: a value of one field, or the one condition of a counted state."""
    values = match.of("value")
    if values and len({e.target for e in values}) == 1:
        return values[0].target, {str(e.value) for e in values}
    for entry in match.of("metric"):
        metric = model.metrics.get(entry.target)
        if not isinstance(metric, SimpleMetric):
            continue
        entity, measure = model.measure(metric.measure)
        if measure.agg == "count" and measure.filter:
            found = _condition_values(parse_fragment(measure.filter))
            if found is not None:
                return f"{entity}.{found[0]}", found[1]
    return None


def _admitted(model: SemanticModel, name: str, column: str) -> set[str] | None:
    """The values of `column` a simple metric's own condition admits; None when it puts no condition on it."""
    metric = model.metrics.get(name)
    if not isinstance(metric, SimpleMetric):
        return None
    entity, measure = model.measure(metric.measure)
    if not measure.filter or entity != column.partition(".")[0]:
        return None
    found = _condition_values(parse_fragment(measure.filter))
    return found[1] if found is not None and found[0] == column.partition(".")[2] else None


def _condition_values(condition: exp.Expr) -> tuple[str, set[str]] | None:
    """'status = 'completed'' / 'status IN ('completed', 'returned')' -> (column, values)."""
    if isinstance(condition, exp.EQ) and isinstance(condition.this, exp.Column) and condition.expression.is_string:
        return condition.this.name, {condition.expression.name}
    if isinstance(condition, exp.In) and isinstance(condition.this, exp.Column):
        items = condition.expressions
        if items and all(i.is_string for i in items):
            return condition.this.name, {i.name for i in items}
    return None


def _wider_metric(model: SemanticModel, name: str, column: str, wanted: set[str]) -> str | None:
    """A metric measuring what `name` measures over exactly the `wanted` values of `column`."""
    metric = model.metrics[name]
    assert isinstance(metric, SimpleMetric)
    entity, measure = model.measure(metric.measure)
    for other, candidate in model.metrics.items():
        if other == name or not isinstance(candidate, SimpleMetric) or candidate.segments != metric.segments:
            continue
        other_entity, other_measure = model.measure(candidate.measure)
        same = (other_entity, other_measure.agg, other_measure.expr) == (entity, measure.agg, measure.expr)
        if same and _admitted(model, other, column) == wanted:
            return other
    return None


def _with_metric(model: SemanticModel, query: SemanticQuery, name: str, wider: str, column: str) -> SemanticQuery:
    """The query with `wider` for `name`; the included rows' own count and filter dropped (they are in it now)."""
    metrics = [wider if m == name else m for m in query.metrics if m == name or _admitted(model, m, column) is None]
    filters = [f for f in query.filters if f.field != column]
    return query.model_copy(update={"metrics": list(dict.fromkeys(metrics)), "filters": filters})
