"""The rows an earlier answer showed, run again for a follow-up about them ('what did they complain about' after
the top 3 cities): the planner names the earlier query and its key column; this runs that query through the same
compiler, guard and engine as any question and returns the key's values."""

from __future__ import annotations

from typing import Any

from assistant.errors import ChatBIError
from assistant.guard import guard_tree
from assistant.guard_columns import column_policy
from assistant.planner.pinned import MAX_PINNED, RowsShown
from assistant.runtime import Runtime
from semantic_layer import SemanticQuery, compile_query
from semantic_layer.errors import SemanticLayerError
from semantic_layer.query import DimensionRef


def rows_shown(runtime: Runtime) -> RowsShown:
    """A `RowsShown` reading `runtime`'s warehouse."""

    def values(query: SemanticQuery, key: str) -> list[Any] | None:
        """None when the earlier query cannot run (a history turn sent by a client is checked like a question:
        compiled, guarded, bounded) — the follow-up is then planned without the rows."""
        try:
            return _values(runtime, query, key)
        except (SemanticLayerError, ChatBIError):
            return None

    return values


def _values(runtime: Runtime, query: SemanticQuery, key: str) -> list[Any] | None:
    if query.kind == "records" and key not in {d.name for d in query.dimensions}:
        query = query.model_copy(update={"dimensions": [*query.dimensions, DimensionRef(name=key)]})
    compiled = compile_query(runtime.model, query, as_of=runtime.as_of, dialect=runtime.dialect)
    column = next((i for i, c in enumerate(compiled.columns) if c.source == key), None)
    if column is None:
        return None
    guarded = guard_tree(
        compiled.expression, compiled.sql, allowed_tables=runtime.model.tables(), row_cap=MAX_PINNED,
        columns=column_policy(runtime.model), dialect=runtime.dialect,
    )  # fmt: skip
    result = runtime.warehouse.run_rows(guarded)
    if result.truncated:
        return None
    found = [row[column] for row in result.rows]
    return [value for value in dict.fromkeys(found) if value is not None] or None
