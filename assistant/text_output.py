"""Answers as plain text for the terminal: message or summary, a table, assumptions, optionally the SQL."""

from __future__ import annotations

import html
import unicodedata
from typing import Any

from assistant.contracts import Answer, Language

MAX_TABLE_ROWS = 40
MAX_CELL_CHARS = 60
MAX_QUOTE_CHARS = 160


def render_answer(answer: Answer, *, show_sql: bool) -> str:
    parts: list[str] = []
    if answer.status != "answered":
        parts.append(f"[{answer.status}] {answer.message or ''}".rstrip())
    elif answer.summary:
        parts.append(answer.summary)
    if answer.rows:
        parts.append(render_table(answer.columns, answer.rows))
        shown = min(len(answer.rows), MAX_TABLE_ROWS)
        noun = "row" if answer.row_count == 1 else "rows"
        note = f"{answer.row_count:,} {noun}" + (f", first {shown} shown" if shown < answer.row_count else "")
        parts.append(f"({note}{'; truncated at the row cap' if answer.truncated else ''})")
    elif answer.status == "answered" and answer.message:
        parts.append(answer.message)
    elif answer.status == "answered":
        parts.append("(no rows)")
    if answer.themes:
        parts.append(render_themes([theme.model_dump() for theme in answer.themes], answer.language))
    if answer.assumptions:
        parts.append("Assumptions:\n" + "\n".join(f"  - {line}" for line in answer.assumptions))
    if show_sql and answer.sql:
        parts.append("SQL:\n" + answer.sql)
    if answer.plan and answer.plan.suggestions:
        parts.append("Try:\n" + "\n".join(f"  - {s}" for s in answer.plan.suggestions))
    return "\n\n".join(parts)


THEME_NOTES = {
    "en": {"change": "{value:+.1f} pts vs previous", "lift": "{value:.1f}x vs comparison", "sep": "; "},
    "zh": {"change": "较上一周期 {value:+.1f} 个百分点", "lift": "为对比人群的 {value:.1f} 倍", "sep": "；"},
}


def render_themes(themes: list[dict[str, Any]], language: Language = "en") -> str:
    """Each theme with its count, share and quotes (already masked and escaped by the themes stage)."""
    notes = THEME_NOTES[language]
    lines = []
    for theme in themes:
        extra = []
        if theme.get("change_vs_previous") is not None:
            extra.append(notes["change"].format(value=theme["change_vs_previous"] * 100))
        if theme.get("lift_vs_comparison") is not None:
            extra.append(notes["lift"].format(value=theme["lift_vs_comparison"]))
        note = f" ({notes['sep'].join(extra)})" if extra else ""
        lines.append(f"{theme['label']}: {theme['count']:,} ({theme['share']:.0%}){note}")
        lines += [
            f'    "{" ".join(html.unescape(str(quote)).split())[:MAX_QUOTE_CHARS]}"'
            for quote in theme.get("examples", [])[:3]
        ]
    return "\n".join(lines)


def render_table(columns: list[str], rows: list[list[Any]]) -> str:
    cells = [[_cell(v) for v in row] for row in rows[:MAX_TABLE_ROWS]]
    widths = [max([_width(c), *(_width(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], int | float) or row[i] is None for row in rows) for i in range(len(columns))]

    def line(values: list[str]) -> str:
        padded = [(w - _width(v)) * " " + v if num else v + (w - _width(v)) * " " for v, w, num in zip(values, widths, numeric, strict=True)]  # fmt: skip
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(columns), rule, *(line(row) for row in cells)])


def _width(text: str) -> int:
    """Terminal columns: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"
