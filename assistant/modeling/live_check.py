"""`chatbi model check` against the live warehouse: the model's tables and columns exist with fitting types,
its relationships hold on the data, and its sample values occur. Every problem cites file:line."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import sqlglot
from sqlglot import exp

from assistant.errors import ChatBIError
from assistant.modeling.introspect import Introspector, Kind, Table
from assistant.modeling.profile import included_share, sample_of
from semantic_layer import SemanticQuery, compile_query
from semantic_layer.compiler.fragments import parse_fragment
from semantic_layer.errors import ModelIssue, QueryError, did_you_mean
from semantic_layer.model import Dimension, Entity, SemanticModel
from semantic_layer.yaml_source import PathKey, YamlSource

Problem = tuple[PathKey, str]
INCLUSION_SHARE = 0.99

_FITS: dict[str, tuple[Kind, ...]] = {
    "time": ("time",),
    "boolean": ("boolean",),
    "number": ("integer", "decimal", "float"),
    "categorical": ("string", "integer", "boolean", "decimal", "time"),
}
_NUMERIC_AGGS = ("sum", "avg")


@dataclass
class _Context:
    model: SemanticModel
    db: Introspector
    tables: dict[str, Table]
    sample_rows: int


def check_against_warehouse(
    model: SemanticModel,
    source: YamlSource,
    db: Introspector,
    *,
    sample_rows: int = 50_000,
    as_of: date | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> list[ModelIssue]:
    tables = {table.name: table for table in db.catalog()}
    context = _Context(model, db, tables, sample_rows)
    problems: list[Problem] = []
    for name, entity in model.entities.items():
        progress(f"checking {name} ({entity.table})")
        problems += _entity(context, name, entity)
    for name, field in model.text_fields.items():
        table = tables.get(model.entities[field.entity].table)
        for key in ("expr", "filter", "language_expr", "author_expr"):
            problems += _columns_exist(table, ("text_fields", name, key), getattr(field, key))
    for name, segment in model.segments.items():
        table = tables.get(model.entities[segment.entity].table)
        problems += _columns_exist(table, ("segments", name, "filter"), segment.filter)
    if not problems:  # with every column in place, each metric's SQL must also be accepted by the engine
        progress("checking that every metric's SQL runs")
        problems += _metrics_run(context, as_of or date.today())
    return [source.issue(path, message) for path, message in problems]


def _metrics_run(context: _Context, as_of: date) -> list[Problem]:
    """Each metric's compiled SQL, bound by the engine over no rows (types, functions, casts), not computed."""
    problems: list[Problem] = []
    for name, metric in context.model.metrics.items():
        if metric.hidden:
            continue
        try:
            compiled = compile_query(
                context.model,
                SemanticQuery.model_validate({"metrics": [name]}),
                as_of=as_of,
                dialect=context.db.dialect,
            )
            inner = sqlglot.parse_one(compiled.sql, read=context.db.dialect)
            if not isinstance(inner, exp.Query):
                continue
            probe = exp.select(exp.Count(this=exp.Star())).from_(inner.subquery("q")).where(exp.false())
            context.db.select(probe)
        except (QueryError, ChatBIError, sqlglot.errors.SqlglotError) as exc:
            problems.append((("metrics", name), f"does not run on the warehouse: {str(exc).splitlines()[0]}"))
    return problems


def _entity(context: _Context, name: str, entity: Entity) -> list[Problem]:
    base: PathKey = ("entities", name)
    table = context.tables.get(entity.table)
    if table is None:
        hint = did_you_mean(entity.table, context.tables)
        return [((*base, "table"), f"table '{entity.table}' is not in the warehouse.{hint}")]
    problems: list[Problem] = []
    for dim_name, dim in entity.dimensions.items():
        path: PathKey = (*base, "dimensions", dim_name)
        if dim.expr is not None:
            problems += _columns_exist(table, (*path, "expr"), dim.expr)
            continue
        column = table.column(dim_name)
        if column is None:
            hint = did_you_mean(dim_name, [c.name for c in table.columns])
            problems.append((path, f"column '{dim_name}' is not in table '{table.name}'.{hint}"))
        elif column.kind not in _FITS[dim.type]:
            problems.append((path, f"a {dim.type} dimension, but column '{dim_name}' is {column.type}"))
        elif dim.sample_values:
            problems += _sample_values(context, table, dim_name, dim, (*path, "sample_values"))
    for measure_name, measure in entity.measures.items():
        path = (*base, "measures", measure_name)
        for key in ("expr", "filter", "having"):
            problems += _columns_exist(table, (*path, key), getattr(measure, key))
        plain = table.column(measure.expr) if measure.expr else None
        if measure.agg in _NUMERIC_AGGS and plain is not None and plain.kind not in _FITS["number"]:
            problems.append(((*path, "expr"), f"{measure.agg} of column '{plain.name}', which is {plain.type}"))
    if not problems:
        problems += _primary_key(context, table, entity, (*base, "primary_key"))
        for index, _ in enumerate(entity.relationships):
            problems += _relationship(context, table, entity, index, (*base, "relationships", index))
    return problems


def _fragment_columns(sql: str | None) -> set[str]:
    if sql is None:
        return set()
    try:
        return {column.name for column in parse_fragment(sql).find_all(exp.Column)}
    except sqlglot.errors.SqlglotError:
        return set()  # the static check reports the syntax


def _columns_exist(table: Table | None, path: PathKey, sql: str | None) -> Iterator[Problem]:
    if table is None:
        return
    names = [c.name for c in table.columns]
    for name in sorted(_fragment_columns(sql) - set(names)):
        yield path, f"column '{name}' is not in table '{table.name}'.{did_you_mean(name, names)}"


def _key_column(entity: Entity, key: str) -> str | None:
    """The warehouse column behind a key dimension, when it is a plain column."""
    dim = entity.dimensions.get(key)
    if dim is None:
        return key
    if dim.expr is None:
        return key
    tree = parse_fragment(dim.expr)
    return tree.name if isinstance(tree, exp.Column) else None


def _primary_key(context: _Context, table: Table, entity: Entity, path: PathKey) -> list[Problem]:
    column = _key_column(entity, entity.primary_key)
    if column is None or table.column(column) is None:
        return []
    ref = exp.column(column, quoted=True)
    query = exp.select(exp.Count(this=exp.Star()), exp.Count(this=exp.Distinct(expressions=[ref]))).from_(
        sample_of(table.name, [column], context.sample_rows)
    )
    rows, distinct = context.db.select(query)[0]
    if rows and distinct != rows:
        return [(path, f"'{column}' is not unique: {rows - distinct:,} repeated values in {rows:,} rows read")]
    return []


def _relationship(context: _Context, table: Table, entity: Entity, index: int, path: PathKey) -> list[Problem]:
    rel = entity.relationships[index]
    remote_entity = context.model.entities[rel.to]
    remote_table = context.tables.get(remote_entity.table)
    local, remote = _key_column(entity, rel.local_key), _key_column(remote_entity, rel.remote_key)
    if remote_table is None or local is None or remote is None:
        return []
    for name, where, key in ((local, table, "local_key"), (remote, remote_table, "remote_key")):
        if where.column(name) is None:
            return [((*path, key), f"column '{name}' is not in table '{where.name}'")]
    problems: list[Problem] = []
    if rel.type in ("many_to_one", "one_to_one"):
        duplicates = _duplicates(context, remote_table, remote)
        if duplicates:
            problems.append(
                ((*path, "type"), f"{rel.type}, but '{remote_table.name}.{remote}' repeats {duplicates:,} values")
            )
    if rel.type == "one_to_one" and (repeated := _duplicates(context, table, local)):
        problems.append(((*path, "type"), f"one_to_one, but '{table.name}.{local}' repeats {repeated:,} values"))
    present, total = included_share(context.db, table, local, remote_table, remote, context.sample_rows)
    if total and present / total < INCLUSION_SHARE:
        problems.append(
            (
                (*path, "local_key"),
                f"only {present / total:.1%} of {total:,} '{table.name}.{local}' values read are in "
                f"'{remote_table.name}.{remote}'",
            )
        )
    return problems


def _duplicates(context: _Context, table: Table, column: str) -> int:
    ref = exp.column(column, quoted=True)
    query = exp.select(exp.Count(this=ref.copy()), exp.Count(this=exp.Distinct(expressions=[ref.copy()]))).from_(
        sample_of(table.name, [column], context.sample_rows)
    )
    present, distinct = context.db.select(query)[0]
    return int(present or 0) - int(distinct or 0)


def _sample_values(context: _Context, table: Table, column: str, dim: Dimension, path: PathKey) -> list[Problem]:
    """Sample values that never occur in the column (the whole table is read, filtered to those values)."""
    text = exp.cast(exp.column(column, quoted=True), "VARCHAR")
    query = (
        exp.select(text.copy())
        .distinct()
        .from_(exp.Table(this=exp.to_identifier(table.name, quoted=True)))
        .where(text.copy().isin(*[exp.convert(value) for value in dim.sample_values]))
    )
    found = {str(value) for (value,) in context.db.select(query)}
    missing = [value for value in dim.sample_values if value not in found]
    if not missing:
        return []
    return [(path, f"not found in '{table.name}.{column}': {', '.join(repr(v) for v in missing)}")]
