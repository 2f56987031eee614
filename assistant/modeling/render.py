"""A drafted model as YAML with its evidence as comments above the keys they explain."""

from __future__ import annotations

from typing import Any

import yaml

from semantic_layer.yaml_source import PathKey

_FLOW_WIDTH = 110  # mappings and lists of plain values up to this width stay on one line


def render_yaml(data: dict[str, Any], comments: dict[PathKey, list[str]], header: list[str]) -> str:
    lines = [f"# {line}".rstrip() for line in header]
    _mapping(data, (), 0, comments, lines)
    return "\n".join(lines) + "\n"


def scalar(value: Any, *, flow: bool = True) -> str:
    """One YAML scalar, quoted only where YAML needs it ('yes', '007', 'a: b' stay strings); commas
    need quotes only inside [...] and {...}."""
    if not flow:
        text = yaml.safe_dump({"k": value}, default_flow_style=False, allow_unicode=True, width=10**9)
        return text.strip()[3:]
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()
    return text[1:-1]


def _flow(value: Any) -> str | None:
    if isinstance(value, dict) and all(not isinstance(v, dict | list) for v in value.values()):
        text = "{" + ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    elif isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
        text = "[" + ", ".join(scalar(v) for v in value) + "]"
    else:
        return None
    return text if len(text) <= _FLOW_WIDTH else None


def _comment(path: PathKey, indent: int, comments: dict[PathKey, list[str]], lines: list[str]) -> None:
    for text in comments.get(path, []):
        lines.append(f"{' ' * indent}# {text}")


def _mapping(data: dict[str, Any], path: PathKey, indent: int, comments: dict[PathKey, list[str]],
             lines: list[str]) -> None:  # fmt: skip
    pad = " " * indent
    for key, value in data.items():
        here = (*path, key)
        _comment(here, indent, comments, lines)
        flow = _flow(value)
        if flow is not None and not (isinstance(value, dict) and any((*here, k) in comments for k in value)):
            lines.append(f"{pad}{scalar(key)}: {flow}")
        elif isinstance(value, dict):
            lines.append(f"{pad}{scalar(key)}:")
            _mapping(value, here, indent + 2, comments, lines)
        elif isinstance(value, list):
            lines.append(f"{pad}{scalar(key)}:")
            for index, item in enumerate(value):
                _comment((*here, index), indent + 2, comments, lines)
                item_flow = _flow(item)
                if item_flow is not None:
                    lines.append(f"{pad}  - {item_flow}")
                elif not isinstance(item, dict):
                    lines.append(f"{pad}  - {scalar(item)}")
                else:
                    lines.append(f"{pad}  -")
                    _mapping(item, (*here, index), indent + 4, comments, lines)
        else:
            lines.append(f"{pad}{scalar(key)}: {scalar(value, flow=False)}")
