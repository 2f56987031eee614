"""The guard's column policy: which columns a query may read, and where personal data and free text may go.

Every column is resolved to `table.column` against the columns the semantic model declares (the plain queries
the compiler writes by a direct scope walk, guard_resolve; anything else with sqlglot's optimizer, qualify); a reference that does not resolve to one of them is refused, which also refuses whole-row
references (`SELECT c FROM customers AS c`, `arg_max(c, ...)`), field access and anything the engine could
read that the model does not expose. On top of that (see docs/security-sql.md):

- `*` is expanded only over subqueries and CTEs (whose own columns pass this policy); over a table it is
  refused, except in COUNT(*), which reads no column.
- positional columns (`#3`), field access (`(c).email`, `c.x.y`) and alias lists that rename columns
  (`customers AS t(a, b)`, `WITH t(a, b) AS ...`) are refused.
- a personal-data column (`pii: true`) may only be counted: the bare argument of COUNT / COUNT(DISTINCT) /
  approx_count_distinct. Anywhere else (output, other aggregates, WHERE, JOIN, GROUP BY, ORDER BY) is refused:
  a predicate on it is an oracle that extracts the value one LIKE at a time.
- a free-text column (a text field's expression) may be counted and filtered on (WHERE, HAVING, JOIN ON,
  QUALIFY, an aggregate's FILTER), never output, grouped or sorted: texts reach answers only through the themes
  stage, whose own compiled query is checked with `text_output=True`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import OptimizeError, SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, traverse_scope
from sqlglot.schema import MappingSchema

from assistant.errors import GuardRefusal
from assistant.guard_resolve import COUNTING, PREDICATES, accepts, counted_bare, counted_or_filtered
from semantic_layer import SemanticModel
from semantic_layer.compiler.fragments import fragment_columns

__all__ = ["COUNTING", "PREDICATES", "ColumnPolicy", "check_columns", "column_policy", "derive_column_policy"]


@dataclass(frozen=True)
class ColumnPolicy:
    """The model's readable columns per table, and which of them are personal data or free text."""

    schema: Mapping[str, frozenset[str]]
    personal: frozenset[tuple[str, str]]
    free_text: frozenset[tuple[str, str]]
    text_output: bool = False  # only the compiled query of a themes question may output free text

    def for_themes(self) -> ColumnPolicy:
        return ColumnPolicy(self.schema, self.personal, self.free_text, text_output=True)


# The policy of the models in use (a process has one or two): derived once, kept with the model it describes.
_POLICIES: dict[int, tuple[SemanticModel, ColumnPolicy]] = {}


def column_policy(model: SemanticModel) -> ColumnPolicy:
    """The model's column policy (cached per model object)."""
    cached = _POLICIES.get(id(model))
    if cached is not None and cached[0] is model:
        return cached[1]
    policy = derive_column_policy(model)
    if len(_POLICIES) >= 8:
        _POLICIES.clear()
    _POLICIES[id(model)] = (model, policy)
    return policy


def derive_column_policy(model: SemanticModel) -> ColumnPolicy:
    """Derive the policy from the model: every column its expressions, keys and text fields name."""
    columns: dict[str, set[str]] = {entity.table.lower(): set() for entity in model.entities.values()}
    personal: set[tuple[str, str]] = set()
    free_text: set[tuple[str, str]] = set()

    def add(entity_name: str, sql: str | None, into: set[tuple[str, str]] | None = None) -> None:
        if not sql:
            return
        table = model.entities[entity_name].table.lower()
        for name in _column_names(sql):
            columns[table].add(name)
            if into is not None:
                into.add((table, name))

    for entity_name, entity in model.entities.items():
        add(entity_name, entity.primary_key)
        for dim_name, dim in entity.dimensions.items():
            add(entity_name, dim.expr or dim_name, personal if dim.pii else None)
        for measure in entity.measures.values():
            for sql in (measure.expr, measure.filter, measure.having):
                add(entity_name, sql)
        for relation in entity.relationships:
            add(entity_name, relation.local_key)
            if relation.to in model.entities:
                add(relation.to, relation.remote_key)
    for segment in model.segments.values():
        add(segment.entity, segment.filter)
        for related in (segment.exists, segment.not_exists):
            if related is not None and related.entity in model.entities:
                add(related.entity, related.filter)
    for field in model.text_fields.values():
        add(field.entity, field.expr, free_text)
        for sql in (field.filter, field.language_expr, field.author_expr):
            add(field.entity, sql)
    return ColumnPolicy(
        schema={table: frozenset(names) for table, names in columns.items()},
        personal=frozenset(personal),
        free_text=frozenset(free_text - personal),
    )


def _column_names(sql: str) -> set[str]:
    try:
        return {name.lower() for name in fragment_columns(sql) if name}
    except SqlglotError:
        return set()  # model validation reports unparsable expressions; nothing to declare here


def check_columns(
    query: exp.Query, policy: ColumnPolicy, dialect: str, *, fast: bool = True, scopes: Sequence[Scope] | None = None
) -> None:
    """Refuse `query` (already through the guard's table and function checks) if it breaks the column policy.

    The scope walk of guard_resolve accepts the plain queries the compiler writes without qualify's copy and
    rewrite; whatever it cannot show acceptable goes through the qualify-based check (`fast=False`: always)."""
    scopes = traverse_scope(query) if scopes is None else scopes
    _check_shapes(query)
    _check_stars(query, scopes)
    if fast and accepts(query, policy, dialect, scopes):
        return
    check_columns_qualified(query, policy, dialect)


def check_columns_qualified(query: exp.Query, policy: ColumnPolicy, dialect: str) -> None:
    """The reference check: resolve every column with sqlglot's qualify on a copy, then apply the policy."""
    qualified = _qualified(query, policy, dialect)
    for scope in traverse_scope(qualified):
        for node in scope.walk():
            if isinstance(node, exp.TableColumn):
                raise GuardRefusal(
                    f"'{node.name}' is a whole-row reference to a table; name the columns you need instead."
                )
            if isinstance(node, exp.Column):
                _check_column(node, scope, policy)


def _check_shapes(query: exp.Query) -> None:
    for node in query.walk():
        if isinstance(node, exp.PositionalColumn):
            raise GuardRefusal(f"Positional column references ({node.sql()}) are not allowed; name the column.")
        if isinstance(node, exp.Dot) or (isinstance(node, exp.Column) and node.args.get("db")):
            raise GuardRefusal(f"Field access ({node.sql()[:60]}) is not allowed; name table columns only.")
        if isinstance(node, exp.TableAlias) and node.columns:
            raise GuardRefusal(
                f"The alias list '{node.sql()[:60]}' renames columns, which is not allowed; use AS on each column."
            )


def _check_stars(query: exp.Query, query_scopes: Sequence[Scope]) -> None:
    """`*` only in COUNT(*) or over subqueries/CTEs; never over a table, never with EXCLUDE/REPLACE/RENAME."""
    scopes = {id(scope.expression): scope for scope in query_scopes}
    for star in query.find_all(exp.Star):
        if any(value for key, value in star.args.items()):
            raise GuardRefusal("'*' with EXCLUDE, REPLACE, RENAME or ILIKE is not allowed; name the columns.")
        owner = star.parent if isinstance(star.parent, exp.Column) else star
        if isinstance(owner.parent, exp.Count) and owner.arg_key == "this" and owner is star:
            continue
        select = owner.parent
        scope = scopes.get(id(select)) if isinstance(select, exp.Select) and owner.arg_key == "expressions" else None
        if scope is None:
            raise GuardRefusal(f"'{owner.sql()}' is only allowed as COUNT(*) or in a SELECT list; name the columns.")
        qualifier = owner.table if isinstance(owner, exp.Column) else ""
        sources = {qualifier: scope.sources.get(qualifier)} if qualifier else scope.selected_sources
        for name, source in sources.items():
            node = source[1] if isinstance(source, tuple) else source
            if isinstance(node, exp.Table):
                raise GuardRefusal(
                    f"'*' over the table '{node.name or name}' is not allowed; name the columns you need."
                )


# The sqlglot schema of each policy's tables per dialect, normalised once (building it took ~0.4 ms per query);
# the entry holds the policy's mapping so its id cannot be reused while kept.
_SCHEMAS: dict[tuple[int, str], tuple[Mapping[str, frozenset[str]], MappingSchema]] = {}


def _schema(policy: ColumnPolicy, dialect: str) -> MappingSchema:
    key = (id(policy.schema), dialect)
    cached = _SCHEMAS.get(key)
    if cached is not None and cached[0] is policy.schema:
        return cached[1]
    tables: dict[str, object] = {table: dict.fromkeys(sorted(names), "TEXT") for table, names in policy.schema.items()}
    schema = MappingSchema(tables, dialect=dialect)
    if len(_SCHEMAS) >= 16:
        _SCHEMAS.clear()
    _SCHEMAS[key] = (policy.schema, schema)
    return schema


def _qualified(query: exp.Query, policy: ColumnPolicy, dialect: str) -> exp.Expr:
    schema = _schema(policy, dialect)
    try:
        return qualify(
            query.copy(), schema=schema, dialect=dialect, quote_identifiers=False, identify=False,
            validate_qualify_columns=True, expand_stars=True,
        )  # fmt: skip
    except OptimizeError as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else "a column could not be resolved"
        raise GuardRefusal(
            f"{detail.rstrip('.')}: only columns the semantic model declares may be read, named as table columns."
        ) from None


def _check_column(column: exp.Column, scope: Scope, policy: ColumnPolicy) -> None:
    if not column.table:
        if _is_output_alias(column):
            return
        raise GuardRefusal(
            f"'{column.sql()[:60]}' is not a column of a table in the query (whole-row references are not allowed)."
        )
    source = _source_of(column.table, scope)
    if source is None:
        raise GuardRefusal(f"'{column.sql()[:60]}' does not name a table of the query.")
    if not isinstance(source, exp.Table):
        return  # a column of a subquery or CTE: that query's own projections are checked where they are
    table, name = source.name.lower(), column.name.lower()
    if name not in policy.schema.get(table, frozenset()):
        raise GuardRefusal(f"Column '{table}.{name}' is not declared in the semantic model.")
    if (table, name) in policy.personal and not counted_bare(column):
        raise GuardRefusal(
            f"'{table}.{name}' is personal data: it may only be counted (COUNT, COUNT(DISTINCT ...)), "
            "never output, filtered, grouped or sorted."
        )
    if (table, name) in policy.free_text and not policy.text_output and not counted_or_filtered(column):
        raise GuardRefusal(
            f"'{table}.{name}' is free text: it may be counted and filtered on, but not output, grouped or sorted "
            "(ask for its themes instead)."
        )


def _is_output_alias(column: exp.Column) -> bool:
    """ORDER BY may name an output column of its own query by alias."""
    order = column.find_ancestor(exp.Order, exp.Query)
    if not isinstance(order, exp.Order) or not isinstance(order.parent, exp.Query):
        return False
    return column.name in order.parent.named_selects


def _source_of(name: str, scope: Scope | None) -> exp.Expr | None:
    """The table or derived query a qualifier names, looking outwards for correlated references."""
    while scope is not None:
        source = scope.sources.get(name)
        if source is not None:
            return source if isinstance(source, exp.Table) else source.expression
        scope = scope.parent
    return None
