"""The Gradio chat: the layout (layout.py), the handlers (handlers.py) and the mapping of pipeline events to
components (mapping.py), wired together here. It renders; it does not plan, compile or query.

Every event is private (no API endpoint by name), the conversation lives on the server (a gr.State), and
no event returns a value the client sent: questions are read once and validated, examples and follow-ups
are picked by index, edits and chart choices are checked against what this session offered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.runtime import Runtime
from assistant.ui.feedback import FeedbackStore, Rating
from assistant.ui.handlers import Handlers
from assistant.ui.layout import PNG_JS, build_layout
from assistant.ui.limits import RateLimiter
from assistant.ui.session import Session
from assistant.ui.tables import CsvFiles

STATIC = Path(__file__).parent / "static"
FONTS = [
    "system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "sans-serif",
]  # fmt: skip
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]
PRIVATE: dict[str, Any] = {"api_name": False, "api_visibility": "private", "show_progress": "hidden"}


def theme() -> gr.themes.Base:
    """Gradio's Soft theme with system fonts only: nothing is fetched from a font CDN."""
    return gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=FONTS, font_mono=MONO)


def css() -> str:
    return (STATIC / "chat.css").read_text(encoding="utf-8")


def build_chat(runtime: Runtime, feedback: FeedbackStore, csv_files: CsvFiles, questions: RateLimiter) -> gr.Blocks:
    """The chat Blocks for one runtime (shared by every session; the runtime is thread-safe). `questions` is the
    server's per-client question limit."""
    blocks = gr.Blocks(title="ChatBI", analytics_enabled=False, delete_cache=(3600, 3600))
    with blocks:
        session = gr.State(Session())
        ui = build_layout(runtime, session)
        handlers = Handlers(runtime, feedback, csv_files, ui, questions)
        everything = ui.components()
        fast = {"outputs": everything, "queue": False, **PRIVATE}
        answer = {"fn": handlers.answer, "inputs": [session], "outputs": everything, **PRIVATE}

        for trigger in (ui.ask.click, ui.question.submit):
            trigger(fn=handlers.accept, inputs=[ui.question, session], **fast).then(**answer)
        for index, button in enumerate(ui.example_buttons):
            button.click(fn=_picker(handlers.pick_example, index), inputs=[session], **fast).then(**answer)
        for index, button in enumerate(ui.follow_buttons):
            button.click(fn=_picker(handlers.pick_followup, index), inputs=[session], **fast).then(**answer)
        edit_inputs = [ui.edit_period, ui.edit_breakdown, ui.edit_keep, session]
        ui.rerun.click(fn=handlers.accept_edit, inputs=edit_inputs, **fast).then(**answer)

        chart_inputs = [ui.chart_kind, ui.chart_sort, session]
        for control in (ui.chart_kind, ui.chart_sort):
            control.input(fn=handlers.redraw, inputs=chart_inputs, outputs=[ui.chart], queue=False, **PRIVATE)
        ui.chart_png.click(fn=None, inputs=None, outputs=None, js=PNG_JS, **PRIVATE)
        ui.run_sql.click(fn=handlers.run_analyst_sql, inputs=[ui.sql, session], outputs=[ui.sql_result], **PRIVATE)

        vote_outputs = [ui.status, ui.comment]
        ratings: tuple[tuple[gr.Button, Rating], ...] = ((ui.up, "up"), (ui.down, "down"))
        for button, rating in ratings:
            button.click(fn=_voter(handlers, rating), inputs=[ui.comment, session], outputs=vote_outputs,
                         queue=False, **PRIVATE)  # fmt: skip
        ui.new_chat.click(fn=handlers.new_chat, inputs=[session], **fast)
        ui.model_filter.change(
            fn=handlers.filter_model, inputs=[ui.model_filter, session], outputs=[ui.model_html], queue=False, **PRIVATE
        )
        blocks.load(fn=handlers.load, inputs=[session], **fast)
    return blocks


def _picker(pick: Callable[[int, Session, gr.Request | None], Any], index: int) -> Any:
    """The handler of one example or follow-up button; a plain function (not a partial), so that Gradio passes
    it the request (for the question limit)."""

    def picked(session: Session, request: gr.Request) -> Any:
        return pick(index, session, request)

    return picked


def _voter(handlers: Handlers, rating: Rating) -> Any:
    """The vote handler of one button; a plain function, so that Gradio passes it the request (for the
    feedback rate limit)."""

    def vote(comment: Any, session: Session, request: gr.Request) -> Any:
        return handlers.vote(rating, comment, session, request)

    return vote
