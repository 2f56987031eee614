"""SQL an LLM wrote over the semantic model's tables: the guard with the model's column policy.

The guard's column policy (assistant/guard_columns.py) resolves every column to a declared table column and
keeps personal data and free text out of the output, exactly as for `chatbi sql`.
"""

from __future__ import annotations

from assistant.guard import GuardedSQL, guard_sql
from assistant.guard_columns import column_policy
from semantic_layer import SemanticModel


def check_model_sql(model: SemanticModel, sql: str, *, row_cap: int, dialect: str = "duckdb") -> GuardedSQL:
    """Guard `sql` against the model's tables and column policy; raises GuardRefusal."""
    return guard_sql(sql, allowed_tables=model.tables(), row_cap=row_cap, dialect=dialect, columns=column_policy(model))
