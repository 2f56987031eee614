"""A model's SQL conditions (segment and measure filters) as SemanticQuery filters, so the planner can negate
a segment ('non-members', '非会员') or list the records a count metric counts ('the 5 latest complaints').

Only simple conditions translate: a boolean column, NOT of one, `col = 'v'`, `col != 'v'`, `col IN (...)`,
and ANDs of these. Anything else returns None and the planner asks back instead of guessing.
"""

from __future__ import annotations

from typing import Any

import sqlglot
from sqlglot import exp

from semantic_layer import SemanticModel

Filter = dict[str, Any]


def as_filters(model: SemanticModel, entity: str, condition: str | None) -> list[Filter] | None:
    if not condition:
        return []
    try:
        tree = sqlglot.parse_one(condition)
    except sqlglot.errors.SqlglotError:
        return None
    parts = list(tree.flatten()) if isinstance(tree, exp.And) else [tree]
    filters: list[Filter] = []
    for part in parts:
        found = _one(model, entity, part)
        if found is None:
            return None
        filters.append(found)
    return filters


def negated(model: SemanticModel, entity: str, condition: str | None) -> list[Filter] | None:
    """NOT of a one-part condition ('is_member' -> is_member = false); None when it has several parts
    (NOT (a AND b) is not a list of filters)."""
    filters = as_filters(model, entity, condition)
    if not filters or len(filters) != 1:
        return None
    only = filters[0]
    flipped = {"=": "!=", "!=": "=", "in": "not_in", "not_in": "in", "is_null": "is_not_null", "is_not_null": "is_null"}
    if only["values"] and isinstance(only["values"][0], bool) and only["op"] == "=":
        return [{**only, "values": [not only["values"][0]]}]
    return [{**only, "op": flipped[only["op"]]}] if only["op"] in flipped else None


def _one(model: SemanticModel, entity: str, node: exp.Expr) -> Filter | None:
    if isinstance(node, exp.Paren):
        return _one(model, entity, node.this)
    if isinstance(node, exp.Column):
        return _field(model, entity, node, "=", [True])
    if isinstance(node, exp.Not) and isinstance(node.this, exp.Column):
        return _field(model, entity, node.this, "=", [False])
    if isinstance(node, exp.EQ | exp.NEQ) and isinstance(node.left, exp.Column) and isinstance(node.right, exp.Literal):
        return _field(model, entity, node.left, "=" if isinstance(node, exp.EQ) else "!=", [node.right.this])
    null_test = node.this if isinstance(node, exp.Not) else node
    if (
        isinstance(null_test, exp.Is)
        and isinstance(null_test.this, exp.Column)
        and isinstance(null_test.expression, exp.Null)
    ):
        return _field(model, entity, null_test.this, "is_not_null" if null_test is not node else "is_null", [])
    compared = {exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<="}
    op = next((o for kind, o in compared.items() if isinstance(node, kind)), None)
    if op and isinstance(node, exp.Binary) and isinstance(node.left, exp.Column):
        right = node.right
        if isinstance(right, exp.Literal) and right.is_number:  # 'nps_score <= 6'
            number = float(right.this)
            return _field(model, entity, node.left, op, [int(number) if number.is_integer() else number])
    if isinstance(node, exp.In) and isinstance(node.this, exp.Column):
        values = [v.this for v in node.expressions if isinstance(v, exp.Literal)]
        if len(values) == len(node.expressions):
            return _field(model, entity, node.this, "in", values)
    return None


def _field(model: SemanticModel, entity: str, column: exp.Column, op: str, values: list[Any]) -> Filter | None:
    field = f"{entity}.{column.name}"
    if field not in model.dimension_names() or model.dimension(field)[1].pii:
        return None
    return {"field": field, "op": op, "values": values}
