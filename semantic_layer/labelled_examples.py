"""Labelled example texts of a text field's taxonomy, read from a CSV file beside the model (`examples_file`).

The file has at least the columns `text` and `theme` (and optionally `language`, `id`, `source`...): `theme`
is a taxonomy theme id, or any other label (e.g. `none`, `unlisted:...`) for a text about none of the listed
themes. Theme assignment learns from these texts (assistant/themes/classifier.py); they are read once when
the model loads and become the field's `labelled_examples`.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from semantic_layer.errors import ModelIssue
from semantic_layer.yaml_source import YamlSource

MAX_LABELLED_EXAMPLES = 20_000
MAX_EXAMPLE_CHARS = 2_000
_COLUMNS = ("text", "theme")


def attach_labelled_examples(source: YamlSource, folder: Path) -> list[ModelIssue]:
    """Read every text field's `examples_file` into its `labelled_examples` (in `source.data`, before
    validation); the problems found, located at the `examples_file` key."""
    issues: list[ModelIssue] = []
    fields = source.data.get("text_fields") if isinstance(source.data, dict) else None
    for name, field in (fields or {}).items():
        if not isinstance(field, dict) or not isinstance(field.get("examples_file"), str):
            continue
        location = ("text_fields", name, "examples_file")
        try:
            rows = _read(folder / field["examples_file"])
        except ValueError as exc:
            issues.append(source.issue(location, str(exc)))
            continue
        field["labelled_examples"] = [*field.get("labelled_examples", []), *rows]
    return issues


def _read(path: Path) -> list[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in _COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise ValueError(f"{path.name} has no column {' or '.join(missing)} (it needs text and theme)")
            rows = []
            for line, row in enumerate(reader, start=2):
                text, theme = (row.get("text") or "").strip(), (row.get("theme") or "").strip()
                if not text or not theme:
                    raise ValueError(f"{path.name} line {line}: every row needs a text and a theme")
                rows.append({"text": text[:MAX_EXAMPLE_CHARS], "theme": theme})
                if len(rows) > MAX_LABELLED_EXAMPLES:
                    raise ValueError(f"{path.name} has more than {MAX_LABELLED_EXAMPLES:,} rows")
            return rows
    except FileNotFoundError:
        raise ValueError(f"examples file {path.name} not found beside the model ({path.parent})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ValueError(f"{path.name} is not a UTF-8 CSV file: {exc}") from None
