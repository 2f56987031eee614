"""The column policy's fast path: resolve each column against the declared tables by walking the scopes.

sqlglot's `qualify` (the reference check in guard_columns) copies the tree, normalises every identifier,
expands stars, alias references and USING joins, and rewrites the copy; that was over half of a cold guard's
time on the compiler's queries. Those queries are simple to resolve directly: lower-case unquoted names, no
`*` but COUNT(*), each column either `source.column` or a bare name found in exactly one source of its own
scope. `accepts` does that on the tree as parsed (no copy) and answers True only when every column resolves
that way and passes the policy; anything else — an ambiguous, unresolved, correlated or alias-referencing
column, a quoted or upper-case name, a star, USING/NATURAL joins, a policy violation — answers False and the
caller runs the qualify-based check, which decides (and words every refusal) exactly as before.
So this path can only accept what the reference check accepts: tests/test_guard_resolve.py runs both on the
dev set's compiled queries and on every hostile suite.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.optimizer.scope import Scope, traverse_scope

if TYPE_CHECKING:
    from assistant.guard_columns import ColumnPolicy

# Aggregates whose result is a count: the only place a personal-data column may appear.
COUNTING: tuple[type[exp.Expr], ...] = (exp.Count, exp.CountIf, exp.ApproxDistinct)
# Clauses whose expressions only decide which rows count, never what is output (an aggregate's FILTER is a Where).
PREDICATES: tuple[type[exp.Expr], ...] = (exp.Where, exp.Having, exp.Qualify, exp.Join)


class _Unsure(Exception):
    """The fast path cannot decide; the reference check will."""


def accepts(query: exp.Query, policy: ColumnPolicy, dialect: str, scopes: Sequence[Scope] | None = None) -> bool:
    """True when every column of `query` resolves to a declared table column (or a derived query's output)
    and the personal-data and free-text rules hold; False means "not shown here", never "refused".
    `scopes`: the query's `traverse_scope`, when the caller has it already."""
    if _expands_aliases_early(dialect):
        return False  # alias references would be expanded before columns resolve: leave it to qualify
    try:
        _check_names(query)
        for scope in traverse_scope(query) if scopes is None else scopes:
            _check_scope(scope, policy)
    except _Unsure:
        return False
    except Exception:  # anything sqlglot's scope analysis trips on goes to the reference check
        return False
    return True


@cache
def _expands_aliases_early(dialect: str) -> bool:
    return bool(Dialect.get_or_raise(dialect).FORCE_EARLY_ALIAS_REF_EXPANSION)


def _check_names(query: exp.Query) -> None:
    """Names must already be in normal form (unquoted, lower case: what qualify would normalise them to) and
    the query free of the constructs qualify rewrites (stars, USING/NATURAL joins, GROUP BY/ORDER BY ordinals)."""
    for node in query.walk():
        if isinstance(node, exp.Identifier):
            if node.quoted or node.this != node.this.lower():
                raise _Unsure
        elif isinstance(node, exp.Star):
            if not (isinstance(node.parent, exp.Count) and node.arg_key == "this"):
                raise _Unsure
        elif isinstance(node, exp.Join):
            if node.args.get("using") or node.method or node.kind in ("SEMI", "ANTI"):
                raise _Unsure
        elif isinstance(node, (exp.Group, exp.Order)):
            for item in node.expressions:
                target = item.this if isinstance(item, exp.Ordered) else item
                if isinstance(target, exp.Literal):
                    raise _Unsure
        elif isinstance(node, (exp.TableColumn, exp.Dot, exp.Pivot)):
            raise _Unsure


def _check_scope(scope: Scope, policy: ColumnPolicy) -> None:
    expression = scope.expression
    if not isinstance(expression, (exp.Select, exp.SetOperation)):
        raise _Unsure
    sources = scope.sources
    selected = scope.selected_sources  # raises on an alias used twice: the reference check words that
    outputs = {name: _outputs(source, policy) for name, source in sources.items()}
    named = frozenset(expression.named_selects)
    for node in scope.walk():
        if not isinstance(node, exp.Column):
            continue
        qualifier = node.table
        if not qualifier:
            qualifier = _unqualified_source(node, selected, outputs, named, expression)
            if not qualifier:
                continue  # an ORDER BY reference to an output column of the same query
            source = sources[qualifier]
        elif qualifier in sources:
            source = sources[qualifier]
        elif scope.is_correlated_subquery and scope.parent is not None and qualifier in scope.parent.sources:
            source = scope.parent.sources[qualifier]  # a correlated reference to the enclosing query's source
        else:
            raise _Unsure
        if node.name not in _outputs(source, policy):
            raise _Unsure
        if isinstance(source, exp.Table):
            _check_use(node, source.name.lower(), node.name, policy)


def _outputs(source: exp.Table | Scope, policy: ColumnPolicy) -> frozenset[str]:
    """The columns a source offers: a declared table's policy columns, a derived query's output names."""
    if isinstance(source, exp.Table):
        table = source.name.lower()
        if source.args.get("db") or table not in policy.schema:
            raise _Unsure
        return policy.schema[table]
    inner = source.expression
    if not isinstance(inner, exp.Query):
        raise _Unsure
    return frozenset(inner.named_selects)


def _unqualified_source(
    column: exp.Column,
    selected: Mapping[str, object],
    outputs: Mapping[str, frozenset[str]],
    named: frozenset[str],
    expression: exp.Expr,
) -> str:
    """The one selected source that has the column; "" for an output alias in ORDER BY; unsure otherwise."""
    name = column.name
    owners = [source for source in selected if name in outputs[source]]
    in_order = _in_own_order(column, expression)
    if isinstance(expression, exp.SetOperation):
        if in_order and name in named and not owners:
            return ""
        raise _Unsure
    if in_order and name in named:
        # ORDER BY names the output column (its expression is checked where it stands, in the SELECT list) —
        # except inside an aggregate, where qualify reads it as the one source column of that name.
        if not _in_aggregate(column, expression):
            return ""
        if len(owners) != 1:
            raise _Unsure
        return owners[0]
    # One source with the name: qualify resolves the column to it before expanding alias references (which
    # then only touch names no source has), in the three dialects the guard knows (see `accepts`).
    if len(owners) != 1:
        raise _Unsure
    return owners[0]


def _in_aggregate(column: exp.Column, expression: exp.Expr) -> bool:
    node = column.parent
    while node is not None and node is not expression:
        if isinstance(node, exp.AggFunc):
            return True
        node = node.parent
    return False


def _in_own_order(column: exp.Column, expression: exp.Expr) -> bool:
    order = column.find_ancestor(exp.Order, exp.Query)
    return isinstance(order, exp.Order) and order.parent is expression


def _check_use(column: exp.Column, table: str, name: str, policy: ColumnPolicy) -> None:
    if (table, name) in policy.personal and not counted_bare(column):
        raise _Unsure
    if (table, name) in policy.free_text and not policy.text_output and not counted_or_filtered(column):
        raise _Unsure


def ancestors(column: exp.Column) -> Iterator[exp.Expr]:
    """Ancestors up to (not including) the query the column belongs to."""
    node: exp.Expr | None = column.parent
    while node is not None and not isinstance(node, exp.Query):
        yield node
        node = node.parent


def counted_bare(column: exp.Column) -> bool:
    parent = column.parent
    if isinstance(parent, exp.Distinct):
        parent = parent.parent
    return isinstance(parent, (exp.Count, exp.ApproxDistinct))


def counted_or_filtered(column: exp.Column) -> bool:
    return any(isinstance(node, (*COUNTING, *PREDICATES)) for node in ancestors(column))
