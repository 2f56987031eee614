"""The values a warehouse holds for the model's fields of named values, for the offline planner to read.

A model lists some values of a categorical field (`sample_values`: the cities a question is likely to name), not
all of them; a place the list lacks ('customers in Lanzhou') was asked back although the warehouse holds it. Before
planning a question that will run, the runtime reads each such field's distinct values once (a guarded SELECT
DISTINCT under the row cap) and plans with a copy of the model whose lists hold them too. Only fields that already
list values, are not personal data and are not declared exhaustive are read, and only when they have few distinct
values of short text; a word that is no value anywhere is still asked back. `explain` touches no data, so it plans
with the model's own lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp

from assistant.guard import guard_sql
from assistant.guard_columns import column_policy
from semantic_layer import SemanticModel

if TYPE_CHECKING:
    from assistant.engines.base import Engine

MAX_VALUES = 200  # a field with more distinct values is an identifier or free text, not a list of names
MAX_LENGTH = 40


def with_warehouse_values(model: SemanticModel, warehouse: Engine) -> SemanticModel:
    """A copy of `model` whose listed fields also hold the warehouse's distinct values (the model itself when
    none is new)."""
    updates: dict[tuple[str, str], list[str]] = {}
    for entity_name, entity in model.entities.items():
        for name, dimension in entity.dimensions.items():
            if dimension.type != "categorical" or dimension.pii or dimension.exhaustive or not dimension.sample_values:
                continue
            held = _distinct_values(model, warehouse, entity.table, dimension.expr or name)
            known = {value.lower() for value in dimension.sample_values}
            new = [value for value in held if value.lower() not in known]
            if new:
                updates[(entity_name, name)] = [*dimension.sample_values, *new]
    if not updates:
        return model
    entities = dict(model.entities)
    for (entity_name, name), values in updates.items():
        entity = entities[entity_name]
        dimension = entity.dimensions[name].model_copy(update={"sample_values": values})
        entities[entity_name] = entity.model_copy(update={"dimensions": {**entity.dimensions, name: dimension}})
    return model.model_copy(update={"entities": entities})


def _distinct_values(model: SemanticModel, warehouse: Engine, table: str, expr: str) -> list[str]:
    column = sqlglot.parse_one(expr, read=warehouse.dialect)
    query = (
        exp.select(column.copy())
        .distinct()
        .from_(exp.to_table(table))
        .where(exp.Not(this=exp.Is(this=column.copy(), expression=exp.Null())))
        .limit(MAX_VALUES + 1)
    )
    guarded = guard_sql(
        query.sql(dialect=warehouse.dialect),
        allowed_tables=model.tables(),
        row_cap=MAX_VALUES + 1,
        dialect=warehouse.dialect,
        columns=column_policy(model),
    )
    rows = warehouse.run_rows(guarded).rows
    values = [row[0] for row in rows]
    if len(values) > MAX_VALUES or not all(isinstance(v, str) and 0 < len(v) <= MAX_LENGTH for v in values):
        return []
    return sorted(values)
