"""The display values of an answer as JSON, sent beside the raw Answer by `POST /api/ask` (key `display`):
the widget shows these and formats nothing itself."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from assistant.contracts import Answer
from assistant.ui import svgchart
from assistant.ui.display import answer_display
from assistant.ui.render import rows_note
from semantic_layer import SemanticModel

WIDGET_CHART_WIDTH = 420  # the widget is about 380 px wide: its chart text stays readable


def display_json(model: SemanticModel, answer: Answer, as_of: date) -> dict[str, Any]:
    """`{"table": {headers, numeric, rows, highlight, total, note} | null, "chart": {src, alt} | null,
    "themes": [{label, share, width, facts, other}]}`, every text in the answer's language."""
    if answer.status != "answered":
        return {"table": None, "chart": None, "themes": []}
    shown = answer_display(model, answer, as_of)
    table = None
    if shown.table is not None:
        table = asdict(shown.table) | {
            "total": answer.row_count,
            "note": rows_note(len(shown.table.rows), answer.row_count, answer.language),
        }
    chart = None
    if shown.chart is not None:
        svg = svgchart.render(shown.chart, width=WIDGET_CHART_WIDTH)
        chart = {"src": svgchart.data_uri(svg), "alt": shown.chart.title}
    return {"table": table, "chart": chart, "themes": [asdict(theme) for theme in shown.themes]}
