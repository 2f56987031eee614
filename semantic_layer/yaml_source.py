"""YAML loading that remembers where every value came from, so validation can cite file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from semantic_layer.errors import ModelIssue, ModelValidationError

PathKey = tuple[str | int, ...]


@dataclass
class YamlSource:
    """Plain Python data from a YAML file plus the line of every mapping key and list item."""

    file: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    structural_issues: list[ModelIssue] = field(default_factory=list)

    def line_of(self, path: PathKey) -> int | None:
        """The line of the deepest known prefix of `path` (pydantic locations add union tags we skip)."""
        known: PathKey = ()
        for part in path:
            candidate = (*known, part)
            if candidate in self.lines:
                known = candidate
        return self.lines.get(known)

    def issue(self, path: PathKey, message: str) -> ModelIssue:
        return ModelIssue(self.file, self.line_of(path), ".".join(str(p) for p in path), message)


def load_yaml_source(path: Path) -> YamlSource:
    """Parse `path`; raise ModelValidationError (with line) for unreadable or malformed YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelValidationError([ModelIssue(str(path), None, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelValidationError([ModelIssue(str(path), None, "", f"cannot read file: {exc}")]) from None
    return parse_yaml_source(text, str(path))


def parse_yaml_source(text: str, file: str) -> YamlSource:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ModelValidationError([ModelIssue(file, line, "", f"invalid YAML: {problem}")]) from None
    if root is None:
        raise ModelValidationError([ModelIssue(file, None, "", "the file is empty")])
    source = YamlSource(file=file, data=None)
    source.data = _build(root, (), source, yaml.SafeLoader(""))
    return source


def _build(node: yaml.Node, path: PathKey, source: YamlSource, scalars: yaml.SafeLoader) -> Any:
    """Walk the composed node tree ourselves so that every key keeps its line (aliases reuse nodes)."""
    source.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = scalars.construct_object(key_node)
            if key == "<<":
                source.structural_issues.append(source.issue(path, "YAML merge keys ('<<') are not supported"))
                continue
            if key in result:
                source.lines[(*path, key)] = key_node.start_mark.line + 1
                source.structural_issues.append(source.issue((*path, key), "duplicate key"))
            child = (*path, key)
            source.lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, source, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), source, scalars) for index, item in enumerate(node.value)]
    return scalars.construct_object(node)
