"""The domain lives in the model: no Python string under assistant/ or semantic_layer/ (outside demo_data/)
names a demo table, a distinctive demo column, a demo text field or a planted theme."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from semantic_layer import DEMO_MODEL_PATH

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("assistant", "semantic_layer")
EXEMPT = ("assistant/demo_data/",)

# Files other work in progress is rewriting (the planner, themes and chat issues); the lead empties this list
# after merging them.
KNOWN_OFFENDERS = {
    "assistant/themes/terms.py",
}


def demo_names() -> set[str]:
    """Tables, text fields and theme ids of the demo model, and its columns that are not plain English words."""
    data = yaml.safe_load(DEMO_MODEL_PATH.read_text(encoding="utf-8"))
    names = {entity["table"] for entity in data["entities"].values()}
    names |= {c for entity in data["entities"].values() for c in entity["dimensions"] if "_" in c}
    names |= set(data.get("text_fields", {}))
    names |= {theme["id"] for field in data.get("text_fields", {}).values() for theme in field.get("taxonomy", [])}
    return names


def offending_words(path: Path, names: set[str]) -> set[str]:
    """Demo names said by string literals (docstrings are documentation, not behaviour)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }  # fmt: skip
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            found |= set(re.findall(r"[a-z][a-z0-9_]*", node.value.lower())) & names
    return found


def python_files() -> list[str]:
    files = [p for package in PACKAGES for p in (ROOT / package).rglob("*.py")]
    return sorted(str(p.relative_to(ROOT)) for p in files if not str(p.relative_to(ROOT)).startswith(EXEMPT))


@pytest.mark.parametrize("relative", python_files())
def test_no_demo_names_in_code(relative: str) -> None:
    words = offending_words(ROOT / relative, demo_names())
    if relative in KNOWN_OFFENDERS:
        pytest.xfail(f"being reworked elsewhere; still names {sorted(words)}")
    assert not words, f"{relative} names the demo's {sorted(words)}; take them from the semantic model"
