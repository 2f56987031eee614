"""What the chat shows for one answer, as plain data: escaped HTML fragments, the table, the plot, follow-ups.

The Gradio layer (`chat.py`) only maps an AnswerView onto its components, so everything here is testable
without a browser or Gradio.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from assistant.contracts import Answer, Turn
from assistant.runtime import Runtime
from assistant.ui import render
from assistant.ui.columns import answer_columns
from assistant.ui.followups import followups
from assistant.ui.i18n import t
from assistant.ui.plots import PlotView, plot_view
from assistant.ui.tables import MAX_SCREEN_ROWS, CsvFiles, table_frame


@dataclass(frozen=True)
class AnswerView:
    summary: str
    themes: str
    plot: PlotView | None
    table: pd.DataFrame | None
    table_label: str
    csv: str | None  # the CSV file to download
    assumptions: str
    plan: dict[str, Any] | None
    sql: str
    definitions: str
    timings: str
    followups: list[str]
    reply: str  # the assistant's line in the conversation


def answer_view(runtime: Runtime, answer: Answer, history: Sequence[Turn], csv_files: CsvFiles) -> AnswerView:
    model, language = runtime.model, answer.language
    query = answer.plan.query if answer.plan else None
    columns = answer_columns(model, answer, runtime.as_of, language)
    shown = min(len(answer.rows), MAX_SCREEN_ROWS)
    return AnswerView(
        summary=render.summary_html(answer, language),
        themes=render.themes_html(answer, language),
        plot=plot_view(model, answer, columns, language),
        table=table_frame(model, answer, columns, language) if answer.rows else None,
        table_label=f"{t(language, 'table')} · {render.rows_note(shown, answer.row_count, language)}",
        csv=str(csv_files.write(answer)) if answer.rows else None,
        assumptions=render.assumptions_html(answer, language),
        plan=answer.plan.model_dump(mode="json") if answer.plan else None,
        sql=answer.sql or "",
        definitions=render.definitions_html(model, query, language),
        timings=render.timings_html(answer.timings_ms, language),
        followups=followups(model, answer, list(history), runtime.as_of),
        reply=render.chat_reply(answer, language),
    )
