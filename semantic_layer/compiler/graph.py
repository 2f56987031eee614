"""The entity graph: declared relationships and their reverses, and the join path between entities."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from semantic_layer.errors import QueryError
from semantic_layer.model import SemanticModel

_REVERSE = {"many_to_one": "one_to_many", "one_to_many": "many_to_one", "one_to_one": "one_to_one"}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    cardinality: str
    source_key: str
    target_key: str

    @property
    def fans_out(self) -> bool:
        """Following this edge can multiply rows (one source row, many target rows)."""
        return self.cardinality == "one_to_many"


class EntityGraph:
    def __init__(self, model: SemanticModel) -> None:
        self._edges: dict[str, list[Edge]] = {name: [] for name in model.entities}
        for name, entity in model.entities.items():
            for rel in entity.relationships:
                self._add(Edge(name, rel.to, rel.type, rel.local_key, rel.remote_key))
                self._add(Edge(rel.to, name, _REVERSE[rel.type], rel.remote_key, rel.local_key))
        self._paths: dict[tuple[str, str], tuple[Edge, ...]] = {}

    def _add(self, edge: Edge) -> None:
        edges = self._edges.setdefault(edge.source, [])
        if all((e.target, e.source_key) != (edge.target, edge.source_key) for e in edges):
            edges.append(edge)

    def path(self, source: str, target: str) -> tuple[Edge, ...]:
        """The shortest relationship path (breadth-first, deterministic); QueryError if unrelated."""
        key = (source, target)
        if key not in self._paths:
            self._paths[key] = self._search(source, target)
        return self._paths[key]

    def _search(self, source: str, target: str) -> tuple[Edge, ...]:
        if source == target:
            return ()
        queue: deque[tuple[str, tuple[Edge, ...]]] = deque([(source, ())])
        seen = {source}
        while queue:
            node, path = queue.popleft()
            for edge in sorted(self._edges.get(node, []), key=lambda e: e.target):
                if edge.target in seen:
                    continue
                if edge.target == target:
                    return (*path, edge)
                seen.add(edge.target)
                queue.append((edge.target, (*path, edge)))
        raise QueryError([f"'{target}' is not related to '{source}' in the semantic model."])
