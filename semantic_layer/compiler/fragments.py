"""SQL fragments from the model (expr, filter, having): parsed once, qualified per use."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import sqlglot
from sqlglot import exp

MODEL_DIALECT = "duckdb"
"""The dialect model expressions are written in; compiled SQL may render for any dialect."""


@lru_cache(maxsize=4096)
def parse_fragment(sql: str) -> exp.Expr:
    """Parse a model SQL fragment as one expression (cached; callers must copy before changing it).

    Parsed as a projection so that column names which are also keywords (`comment`) stay columns.
    """
    statement = sqlglot.parse_one(f"SELECT {sql}", read=MODEL_DIALECT)
    extra = [key for key, value in statement.args.items() if value and key != "expressions"]
    if not isinstance(statement, exp.Select) or len(statement.expressions) != 1 or extra:
        raise sqlglot.errors.ParseError(f"not a single SQL expression: {sql!r}")
    fragment: exp.Expr = statement.expressions[0]
    return fragment


def qualified(sql: str, alias: str) -> exp.Expr:
    """The fragment with every unqualified column bound to `alias`."""
    tree = parse_fragment(sql).copy()
    for column in tree.find_all(exp.Column):
        if not column.table:
            column.set("table", exp.to_identifier(alias))
    return tree


def fragment_columns(sql: str) -> set[str]:
    """Column names a fragment reads (for validation against the entity's dimensions)."""
    return {column.name for column in parse_fragment(sql).find_all(exp.Column)}


def date_literal(value: date) -> exp.Expr:
    return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))


def in_dates(column: exp.Expr, start: date, end: date) -> exp.Expr:
    """start <= column < end + 1 day: inclusive dates that also work on TIMESTAMP columns."""
    return exp.and_(
        exp.GTE(this=column.copy(), expression=date_literal(start)),
        exp.LT(this=column.copy(), expression=date_literal(end + timedelta(days=1))),
    )


def truncated(column: exp.Expr, grain: str) -> exp.Expr:
    """The start date of the column's `grain` period."""
    trunc = exp.TimestampTrunc(this=column, unit=exp.var(grain.upper()))
    return exp.cast(trunc, exp.DataType.build("DATE"))


def safe_divide(numerator: exp.Expr, denominator: exp.Expr) -> exp.Expr:
    """numerator / denominator as a fraction; NULL (not an error) when the denominator is 0."""
    return exp.Div(
        this=exp.cast(numerator, exp.DataType.build("DOUBLE")),
        expression=exp.Nullif(this=denominator, expression=exp.Literal.number(0)),
    )
