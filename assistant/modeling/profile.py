"""Profile tables on a bounded sample: counts, distinct values, lengths, frequent values, example texts.

Every query is a sqlglot AST over the first `sample_rows` rows of a table (a LIMIT pushed down by every
engine), so a huge table costs what a small one does; only the row count reads the whole table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from assistant.modeling.introspect import Column, Introspector, Table

MAX_SAMPLE_VALUES = 50  # a string column with at most this many values is categorical, values listed
TEXT_SAMPLES = 200  # values read from other string columns, to recognise personal data and free text

Progress = Callable[[str], None]


@dataclass
class ColumnProfile:
    column: Column
    non_null: int = 0
    distinct: int = 0
    minimum: Any = None
    maximum: Any = None
    avg_length: float | None = None
    max_length: int | None = None
    top_values: list[tuple[str, int]] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.column.name


@dataclass
class TableProfile:
    table: Table
    rows: int
    sampled: int
    columns: dict[str, ColumnProfile]

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def scope(self) -> str:
        """'in 20,000 rows' or 'in a sample of 50,000 of 218,462 rows', for evidence comments."""
        if self.sampled >= self.rows:
            return f"in {self.rows:,} rows"
        return f"in a sample of {self.sampled:,} of {self.rows:,} rows"

    def is_unique_key(self, name: str) -> bool:
        profile = self.columns.get(name)
        return profile is not None and self.sampled > 0 and profile.non_null == self.sampled == profile.distinct


def profile_table(db: Introspector, table: Table, *, sample_rows: int) -> TableProfile:
    columns = [c for c in table.columns if c.kind != "other"]
    rows = int(_scalar(db.select(exp.select(exp.Count(this=exp.Star())).from_(_table(table.name)))) or 0)
    profiles = {c.name: ColumnProfile(c) for c in columns}
    if not columns or rows == 0:
        return TableProfile(table, rows, 0, profiles)
    sample = sample_of(table.name, [c.name for c in columns], sample_rows)
    projections: list[exp.Expr] = [exp.Count(this=exp.Star())]
    for column in columns:
        projections += _stats(column)
    stats = db.select(exp.select(*projections).from_(sample))[0]
    sampled = int(stats[0] or 0)
    position = 1
    for column in columns:
        width = len(_stats(column))
        values = stats[position : position + width]
        position += width
        profile = profiles[column.name]
        profile.non_null, profile.distinct = int(values[0] or 0), int(values[1] or 0)
        if column.kind in ("time", "integer", "decimal", "float"):
            profile.minimum, profile.maximum = values[2], values[3]
        elif column.kind == "string":
            profile.avg_length = float(values[2]) if values[2] is not None else None
            profile.max_length = int(values[3]) if values[3] is not None else None
    low = [p for p in profiles.values() if p.column.kind == "string" and 0 < p.distinct <= MAX_SAMPLE_VALUES]
    if low:
        for name, value, count in db.select(_frequent_values(table.name, [p.name for p in low], sample_rows)):
            profiles[str(name)].top_values.append((str(value), int(count)))
        for p in low:
            p.top_values.sort(key=lambda item: (-item[1], item[0]))
    for p in profiles.values():
        if p.column.kind == "string" and p.distinct > MAX_SAMPLE_VALUES:
            p.samples = [str(v) for (v,) in db.select(_examples(sample_of(table.name, [p.name], sample_rows), p.name))]
    return TableProfile(table, rows, sampled, profiles)


def sample_of(table: str, columns: list[str], sample_rows: int) -> exp.Subquery:
    """The first `sample_rows` rows of `table` (only `columns`), as a subquery aliased `s`."""
    inner = exp.select(*[exp.column(c, quoted=True) for c in columns]).from_(_table(table)).limit(sample_rows)
    return inner.subquery("s")


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name, quoted=True))


def _stats(column: Column) -> list[exp.Expr]:
    ref = exp.column(column.name, quoted=True)
    found: list[exp.Expr] = [exp.Count(this=ref.copy()), exp.Count(this=exp.Distinct(expressions=[ref.copy()]))]
    if column.kind in ("time", "integer", "decimal", "float"):
        found += [exp.Min(this=ref.copy()), exp.Max(this=ref.copy())]
    elif column.kind == "string":
        found += [exp.Avg(this=exp.Length(this=ref.copy())), exp.Max(this=exp.Length(this=ref.copy()))]
    return found


def _frequent_values(table: str, columns: list[str], sample_rows: int) -> exp.Query:
    """Each column's values with their counts in the sample, one UNION ALL branch per column."""
    branches: list[exp.Select] = []
    for name in columns:
        ref = exp.column(name, quoted=True)
        branches.append(
            exp.select(
                exp.alias_(exp.convert(name), "column_name"),
                exp.alias_(exp.cast(ref.copy(), "VARCHAR"), "value"),
                exp.alias_(exp.Count(this=exp.Star()), "n"),
            )
            .from_(sample_of(table, [name], sample_rows))
            .where(ref.copy().is_(exp.null()).not_())
            .group_by(ref.copy())
        )
    query: exp.Query = branches[0]
    for branch in branches[1:]:
        query = exp.union(query, branch, distinct=False)
    return query


def _examples(sample: exp.Subquery, name: str) -> exp.Select:
    ref = exp.column(name, quoted=True)
    return exp.select(ref.copy()).from_(sample).where(ref.copy().is_(exp.null()).not_()).limit(TEXT_SAMPLES)


def _scalar(rows: list[tuple[Any, ...]]) -> Any:
    return rows[0][0] if rows and rows[0] else None


def included_share(
    db: Introspector, child: Table, column: str, parent: Table, key: str, sample_rows: int
) -> tuple[int, int]:
    """(values of child.column found in parent.key, non-null values) in the child's sample."""
    ref = exp.column(column, quoted=True)
    found = exp.select(exp.column(key, quoted=True)).from_(_table(parent.name))
    present = exp.Sum(
        this=exp.Case(
            ifs=[exp.If(this=ref.copy().isin(query=found), true=exp.Literal.number(1))], default=exp.Literal.number(0)
        )
    )
    row = db.select(exp.select(present, exp.Count(this=ref.copy())).from_(sample_of(child.name, [column], sample_rows)))
    return int(row[0][0] or 0), int(row[0][1] or 0)
