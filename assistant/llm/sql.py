"""SQL an LLM wrote over the semantic model's tables: the guard, plus the model's personal-data rule.

The guard (DESIGN §8) knows tables and functions but not which columns are personal data; the semantic layer
never lets a query select or filter them, so LLM-written SQL may not either: any reference to a `pii: true`
column of the model, and any `*` other than COUNT(*), is refused.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from assistant.errors import GuardRefusal
from assistant.guard import GuardedSQL, guard_sql
from semantic_layer import SemanticModel


def personal_columns(model: SemanticModel) -> frozenset[str]:
    return frozenset(
        (dim.expr or name).lower()
        for entity in model.entities.values()
        for name, dim in entity.dimensions.items()
        if dim.pii
    )


def check_model_sql(model: SemanticModel, sql: str, *, row_cap: int, dialect: str = "duckdb") -> GuardedSQL:
    """Guard `sql` against the model's tables and refuse personal data; raises GuardRefusal."""
    guarded = guard_sql(sql, allowed_tables=model.tables(), row_cap=row_cap, dialect=dialect)
    try:
        tree = sqlglot.parse_one(guarded.query_sql, dialect=dialect)
    except SqlglotError:
        raise GuardRefusal("The SQL could not be re-read after guarding.") from None
    hidden = personal_columns(model)
    named = sorted({column.name.lower() for column in tree.find_all(exp.Column)} & hidden)
    if named:
        raise GuardRefusal(
            f"The SQL reads personal data ({', '.join(named)}), which the semantic model does not expose."
        )
    for star in tree.find_all(exp.Star):
        if not isinstance(star.parent, exp.Count):
            raise GuardRefusal("The SQL selects '*'; name the columns (personal data may not be selected).")
    return guarded
