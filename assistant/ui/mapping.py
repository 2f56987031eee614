"""Pipeline events and answer views mapped onto the chat's components (smolagents' thin-UI style): the
core yields typed events, this module turns each into component updates, nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.contracts import Answer, Language
from assistant.pipeline import Answered, Compiled, Event, Executed, Planned, Themed
from assistant.runtime import Runtime
from assistant.ui import cards, render
from assistant.ui.i18n import t
from assistant.ui.layout import Layout, header_html, hint_html, prompt_html, question_placeholder, section_title
from assistant.ui.view import AnswerView

Updates = dict[Any, Any]


def labels(ui: Layout, runtime: Runtime, language: Language, needle: str = "") -> Updates:
    """Every interface string in `language`."""
    return {
        ui.header: header_html(runtime, language),
        ui.ask_tab: gr.Tab(label=t(language, "tab_chat")),
        ui.model_tab: gr.Tab(label=t(language, "tab_model")),
        ui.question: gr.Textbox(
            label=t(language, "question_label"), placeholder=question_placeholder(runtime, language)
        ),
        ui.hint: hint_html(language),
        ui.ask: gr.Button(t(language, "ask")),
        ui.new_chat: gr.Button(t(language, "new_chat")),
        ui.follow_title: section_title(language, "followups"),
        ui.example_title: section_title(language, "examples"),
        ui.edit: gr.Accordion(label=t(language, "edit")),
        ui.edit_period: gr.Dropdown(label=t(language, "edit_period")),
        ui.edit_breakdown: gr.Dropdown(label=t(language, "edit_breakdown")),
        ui.edit_keep: gr.CheckboxGroup(label=t(language, "edit_keep")),
        ui.rerun: gr.Button(t(language, "rerun")),
        ui.chart_kind: gr.Radio(label=t(language, "chart_kind")),
        ui.chart_sort: gr.Radio(label=t(language, "sort")),
        ui.chart_png: gr.Button(t(language, "download_png")),
        ui.download: gr.DownloadButton(t(language, "download")),
        ui.how: gr.Accordion(label=t(language, "how")),
        ui.plan: gr.JSON(label=t(language, "plan")),
        ui.sql: gr.Code(label=t(language, "sql")),
        ui.run_sql: gr.Button(t(language, "run_sql")),
        ui.prompt: prompt_html(language),
        ui.up: gr.Button(t(language, "thumbs_up")),
        ui.down: gr.Button(t(language, "thumbs_down")),
        ui.comment: gr.Textbox(placeholder=t(language, "comment_placeholder")),
        ui.model_filter: gr.Textbox(
            label=t(language, "model_filter"), placeholder=t(language, "model_filter_placeholder")
        ),
        ui.model_html: render.model_browser_html(runtime.model, language, needle),
    }


def cleared(ui: Layout, language: Language) -> Updates:
    """The answer panel before an answer: nothing of the previous answer stays on screen. Components that
    also carry a label get it here too, so that merged over labels() no hide or reset is lost."""
    return {
        ui.asked: "",
        ui.chips: "",
        ui.edit: gr.Accordion(label=t(language, "edit"), visible=False, open=False),
        ui.progress: "",
        ui.summary: render.working_html(language),
        ui.chart_box: gr.Group(visible=False),
        ui.chart: "",
        ui.themes: "",
        ui.table: "",
        ui.download: gr.DownloadButton(t(language, "download"), visible=False, value=None),
        ui.how: gr.Accordion(label=t(language, "how"), visible=False, open=False),
        ui.assumptions: "",
        ui.plan: gr.JSON(value=None, label=t(language, "plan")),
        ui.sql_hint: "",
        ui.sql: gr.Code(value="", label=t(language, "sql")),
        ui.sql_result: "",
        ui.definitions: "",
        ui.timings: "",
        ui.follow: gr.Column(visible=False),
        ui.feedback_box: gr.Group(visible=False),
        ui.comment: gr.Textbox(value="", placeholder=t(language, "comment_placeholder")),
        ui.status: "",
    }


def answer_updates(ui: Layout, view: AnswerView, language: Language) -> Updates:
    """The components for an answer view."""
    chart = view.display.chart
    edit = view.edit
    sortable = chart is not None and chart.sortable
    kinds = [(t(language, "kind_" + kind), kind) for kind in chart.kinds] if chart else []
    return {
        ui.chips: view.chips,
        ui.edit: gr.Accordion(visible=edit.editable, open=False),
        ui.edit_period: gr.Dropdown(
            choices=edit.periods, value=edit.period if edit.periods else None, visible=bool(edit.periods)
        ),
        ui.edit_breakdown: gr.Dropdown(
            choices=edit.breakdowns, value=edit.breakdown if edit.breakdowns else None, visible=bool(edit.breakdowns)
        ),
        ui.edit_keep: gr.CheckboxGroup(
            choices=edit.keep, value=[value for _, value in edit.keep], visible=bool(edit.keep)
        ),
        ui.summary: view.summary,
        ui.chart_box: gr.Group(visible=chart is not None),
        ui.chart: cards.chart_html(chart),
        ui.chart_kind: gr.Radio(choices=kinds, value=chart.kind if chart else None),
        ui.chart_sort: gr.Radio(
            choices=[(t(language, "sort_value"), "value"), (t(language, "sort_label"), "label")] if sortable else [],
            value="value" if sortable else None,
            visible=sortable,
        ),
        ui.themes: view.themes,
        ui.table: (f'<div class="cb-table-note">{cards.esc(view.table_note)}</div>' if view.table_note else "")
        + view.table,
        ui.download: gr.DownloadButton(value=view.csv, visible=view.csv is not None),
        ui.how: gr.Accordion(visible=view.analysed, open=False),
        ui.assumptions: view.assumptions,
        ui.plan: view.plan,
        ui.sql_hint: f'<p class="cb-note">{cards.esc(t(language, "sql_edit_hint"))}</p>' if view.sql else "",
        ui.sql: view.sql,
        ui.definitions: view.definitions,
        ui.timings: view.timings,
        ui.follow: gr.Column(visible=bool(view.followups)),
        ui.follow_title: section_title(language, "followups" if view.analysed else "try_these"),
        **{
            button: gr.Button(view.followups[i] if i < len(view.followups) else "", visible=i < len(view.followups))
            for i, button in enumerate(ui.follow_buttons)
        },
        ui.feedback_box: gr.Group(visible=True),
        ui.comment: "",
        ui.status: "",
    }


def progress_updates(ui: Layout, events: Iterator[Event], language: Language) -> Iterator[Updates | Answer]:
    """The progress display per pipeline event, then the final Answer."""
    steps = {"plan": "active", "sql": "todo", "run": "todo", "summary": "todo"}
    for event in events:
        updates: Updates = {}
        if isinstance(event, Planned):
            query = event.plan.query
            if event.plan.status != "ok" or (query is None and not event.plan.sql):
                steps.update(plan="done", sql="skipped", run="skipped", summary="skipped")
            else:
                steps.update(plan="done", sql="active")
                if query is not None and query.kind == "themes":
                    steps["themes"] = "todo"
        elif isinstance(event, Compiled):
            steps.update(sql="done", run="active")
        elif isinstance(event, Executed | Themed):
            steps.update(run="done", summary="active")
            if "themes" in steps:
                steps["themes"] = "done"
        elif isinstance(event, Answered):
            answered = event.answer.status == "answered"
            for step, state in steps.items():
                if state in ("active", "todo"):
                    steps[step] = "done" if answered else "skipped"
            yield {ui.progress: render.progress_html(steps, language)}
            yield event.answer
            return
        yield updates | {ui.progress: render.progress_html(steps, language)}
    raise AssertionError("the pipeline ended without an answer")


def failed_updates(ui: Layout, language: Language) -> Updates:
    return {
        ui.progress: "",
        ui.summary: render.message_html(t(language, "error_title"), t(language, "internal_error")),
    }
