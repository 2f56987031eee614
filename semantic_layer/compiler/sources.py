"""FROM clauses rooted at one entity: joins along many-to-one paths, semi-joins across one-to-many.

A dimension may only come from an entity reached without fanning out (else rows would be counted
twice); a condition on a fanned-out entity becomes EXISTS (...), never a join; an absence of such rows
(`where_absent`) turns that EXISTS into NOT EXISTS, with the entity's other conditions inside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlglot import exp

from semantic_layer.compiler.graph import Edge, EntityGraph
from semantic_layer.errors import QueryError
from semantic_layer.model import SemanticModel

ConditionMaker = Callable[["Source", str], exp.Expr]
"""Builds a predicate given the Source that holds the target entity and that entity's alias."""


@dataclass
class Context:
    """What one compilation shares: the model, its graph, as-of, table aliases and notes for the user."""

    model: SemanticModel
    graph: EntityGraph
    as_of: date
    notes: list[str] = field(default_factory=list)
    ctes: list[tuple[str, exp.Expr]] = field(default_factory=list)
    _used_aliases: set[str] = field(default_factory=set)

    def new_alias(self, table: str) -> str:
        alias, n = table, 2
        while alias in self._used_aliases:
            alias, n = f"{table}_{n}", n + 1
        self._used_aliases.add(alias)
        return alias

    def add_cte(self, name: str, query: exp.Expr) -> str:
        alias = self.new_alias(name)
        self.ctes.append((alias, query))
        return alias

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def table_expression(table: str, alias: str) -> exp.Table:
    node = exp.Table(this=exp.to_identifier(table))
    if alias != table:
        node.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    return node


class Source:
    def __init__(self, ctx: Context, entity: str) -> None:
        self.ctx = ctx
        self.entity = entity
        self.table = ctx.model.entities[entity].table
        self.alias = ctx.new_alias(self.table)
        self.conditions: list[exp.Expr] = []
        self._aliases: dict[tuple[Edge, ...], str] = {(): self.alias}
        self._joins: list[exp.Join] = []
        self._semi_joins: dict[tuple[Edge, ...], Source] = {}
        self._absent: set[tuple[Edge, ...]] = set()

    def alias_of(self, entity: str, usage: str) -> str:
        """Alias of `entity`, joined along a many-to-one path; QueryError if the path fans out."""
        path = self.ctx.graph.path(self.entity, entity)
        fan_out = next((edge for edge in path if edge.fans_out), None)
        if fan_out is not None:
            raise QueryError(
                [f"Cannot use {usage} here: one {fan_out.source} has many {fan_out.target}s, "
                 f"so it would count {self.entity} rows more than once."]
            )  # fmt: skip
        return self._join(path)

    def where(self, entity: str, make: ConditionMaker) -> None:
        """Add a condition on `entity`: in WHERE if reached many-to-one, else inside an EXISTS."""
        path = self.ctx.graph.path(self.entity, entity)
        fan = next((i for i, edge in enumerate(path) if edge.fans_out), None)
        if fan is None:
            self.conditions.append(make(self, self._join(path)))
            return
        self._semi_join(path, fan).where(entity, make)

    def fans_out_to(self, entity: str) -> bool:
        """Whether one row here has many rows of `entity` (so its conditions go inside a semi-join)."""
        return any(edge.fans_out for edge in self.ctx.graph.path(self.entity, entity))

    def where_absent(self, entity: str) -> None:
        """Keep the rows that have NO related `entity` rows meeting the conditions put on it (`where`), the anti-join
        of 'customers who never placed an order': the semi-join towards it becomes NOT EXISTS."""
        path = self.ctx.graph.path(self.entity, entity)
        fan = next(i for i, edge in enumerate(path) if edge.fans_out)
        self._semi_join(path, fan)
        self._absent.add(path[: fan + 1])

    def _semi_join(self, path: tuple[Edge, ...], fan: int) -> Source:
        head = path[: fan + 1]
        nested = self._semi_joins.get(head)
        if nested is None:
            nested = correlated(self.ctx, path[fan], self._join(path[:fan]))
            self._semi_joins[head] = nested
        return nested

    def cross_join(self, table: str) -> None:
        self._joins.append(exp.Join(this=exp.to_table(table), kind="CROSS"))

    def predicates(self) -> list[exp.Expr]:
        return [
            *self.conditions,
            *(
                exp.not_(nested.exists()) if head in self._absent else nested.exists()
                for head, nested in self._semi_joins.items()
            ),
        ]

    def exists(self) -> exp.Exists:
        query = exp.select("1").from_(table_expression(self.table, self.alias), copy=False)
        for join in self._joins:
            query = query.join(join, copy=False)
        predicates = self.predicates()
        if predicates:
            query = query.where(exp.and_(*predicates, copy=False), copy=False)
        return exp.Exists(this=query)

    def select(self, projections: list[exp.Expr], group_by: list[exp.Expr] | None = None) -> exp.Select:
        query = exp.select(*projections).from_(table_expression(self.table, self.alias), copy=False)
        for join in self._joins:
            query = query.join(join, copy=False)
        predicates = self.predicates()
        if predicates:
            query = query.where(exp.and_(*predicates, copy=False), copy=False)
        if group_by:
            query = query.group_by(*group_by, copy=False)
        return query

    def _join(self, path: tuple[Edge, ...]) -> str:
        for depth, edge in enumerate(path, start=1):
            prefix = path[:depth]
            if prefix in self._aliases:
                continue
            parent = self._aliases[path[: depth - 1]]
            table = self.ctx.model.entities[edge.target].table
            alias = self.ctx.new_alias(table)
            on = exp.column(edge.source_key, parent).eq(exp.column(edge.target_key, alias))
            self._joins.append(exp.Join(this=table_expression(table, alias), on=on, side="LEFT"))
            self._aliases[prefix] = alias
        return self._aliases[path]


def correlated(ctx: Context, edge: Edge, parent_alias: str) -> Source:
    """A Source over `edge.target` whose rows are tied to the parent row (for EXISTS / NOT EXISTS)."""
    nested = Source(ctx, edge.target)
    nested.conditions.append(exp.column(edge.target_key, nested.alias).eq(exp.column(edge.source_key, parent_alias)))
    return nested


def related(ctx: Context, anchor_entity: str, anchor_alias: str, target: str) -> Source:
    """A Source correlated with the anchor row, starting one hop towards `target`; add conditions with where()."""
    path = ctx.graph.path(anchor_entity, target)
    if not path:
        raise QueryError([f"A related condition on '{target}' needs another entity than '{anchor_entity}'."])
    return correlated(ctx, path[0], anchor_alias)
