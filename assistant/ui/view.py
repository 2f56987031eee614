"""What the chat shows for one answer, as plain data: escaped HTML fragments, display values, follow-ups.

The Gradio layer only maps an AnswerView onto its components (`ui/mapping.py`), so everything here is
testable without a browser or Gradio.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.contracts import Answer, Turn
from assistant.runtime import Runtime
from assistant.ui import cards, chips, render
from assistant.ui.chips import EditOptions
from assistant.ui.display import AnswerDisplay, answer_display
from assistant.ui.followups import MAX_FOLLOWUPS, followups
from assistant.ui.i18n import t
from assistant.ui.tables import MAX_SCREEN_ROWS, CsvFiles

NEAR_DUPLICATE = 0.75  # share of words two suggestions have in common to count as one


@dataclass(frozen=True)
class AnswerView:
    display: AnswerDisplay
    chips: str
    edit: EditOptions
    summary: str
    themes: str
    table: str
    table_note: str
    csv: str | None  # the CSV file to download
    assumptions: str
    plan: dict[str, Any] | None
    sql: str
    analysed: bool  # the answer went through planning and SQL: the analyst panel has something to show
    definitions: str
    timings: str
    followups: list[str]


def answer_view(runtime: Runtime, answer: Answer, history: Sequence[Turn], csv_files: CsvFiles) -> AnswerView:
    model, language = runtime.model, answer.language
    query = answer.plan.query if answer.plan else None
    display = answer_display(model, answer, runtime.as_of)
    shown = min(len(answer.rows), MAX_SCREEN_ROWS)
    table = display.table if not answer.themes else None  # a theme answer's themes are its table
    return AnswerView(
        display=display,
        chips=chips.chips_html(model, answer),
        edit=chips.edit_options(model, answer, runtime.as_of),
        summary=render.summary_html(answer, language),
        themes=cards.themes_html(answer, display.themes, language),
        table=cards.table_html(table, max_rows=MAX_SCREEN_ROWS, table_id="answer-table") if table else "",
        table_note=render.rows_note(shown, answer.row_count, language) if table else "",
        csv=str(csv_files.write(answer)) if answer.rows else None,
        assumptions=render.assumptions_html(answer, language),
        plan=answer.plan.model_dump(mode="json") if answer.plan else None,
        sql=answer.sql or "",
        analysed=bool(answer.sql) or (query is not None and answer.status == "answered"),
        definitions=render.definitions_html(model, query, language),
        timings=render.timings_html(answer.timings_ms, language),
        followups=distinct(followups(model, answer, list(history), runtime.as_of))[:MAX_FOLLOWUPS],
    )


def distinct(questions: Sequence[str]) -> list[str]:
    """Questions without near-duplicates: the same words in another order or with a word or two more
    ("What did churned customers complain about ..." / "What did customers who churned ... complain about?")."""
    kept: list[tuple[str, set[str]]] = []
    for question in questions:
        words = tokens(question)
        if words and all(_overlap(words, other) < NEAR_DUPLICATE for _, other in kept):
            kept.append((question, words))
    return [question for question, _ in kept]


def tokens(text: str) -> set[str]:
    """Lower-cased words, and each CJK character as a word of its own."""
    return set(re.findall(r"[a-z0-9]+|[\u4e00-\u9fff]", text.casefold()))


def _overlap(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second)


def sql_result_html(answer: Answer, runtime: Runtime) -> str:
    """The result of analyst-written SQL in the panel: its table, or why the guard or the database refused."""
    language = answer.language
    if answer.status != "answered":
        title = t(language, "sql_refused" if answer.status == "refused" else "error_title")
        return render.message_html(title, answer.message or t(language, "internal_error"))
    display = answer_display(runtime.model, answer, runtime.as_of)
    note = render.rows_note(min(len(answer.rows), MAX_SCREEN_ROWS), answer.row_count, language)
    body = cards.table_html(display.table, max_rows=MAX_SCREEN_ROWS) or f'<p class="cb-note">{cards.esc(note)}</p>'
    return render.heading(t(language, "sql_result")) + f'<p class="cb-note">{cards.esc(note)}</p>' + body
