"""The chat's components and where they sit; no behaviour (handlers.py) and no answer logic (view.py).

Left: the earlier answers of the conversation (collapsed cards), the question box (Enter sends,
Shift+Enter breaks the line), follow-ups and examples. Right: the answer being given — the question,
how it was read (chips, editable), progress, summary, chart with its controls, themes, table with a CSV
download, the analyst panel (assumptions, plan, editable SQL, definitions, timings) and feedback.
A second tab browses the semantic model.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.contracts import Language, detect_language
from assistant.runtime import Runtime
from assistant.ui import render
from assistant.ui.followups import MAX_FOLLOWUPS
from assistant.ui.i18n import t

STATIC = Path(__file__).parent / "static"
MAX_EXAMPLES = 10
# Draws the chart image on a canvas and downloads it as PNG (the image is our own SVG as a data: URL).
PNG_JS = """() => {
  const img = document.querySelector('#chart img.cb-chart-img');
  if (!img) return [];
  const scale = 2, canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth * scale; canvas.height = img.naturalHeight * scale;
  const ctx = canvas.getContext('2d'); ctx.scale(scale, scale); ctx.drawImage(img, 0, 0);
  const link = document.createElement('a');
  link.download = 'chatbi-chart.png'; link.href = canvas.toDataURL('image/png'); link.click();
  return [];
}"""


@dataclass
class Layout:
    session: gr.State
    header: gr.HTML
    ask_tab: gr.Tab
    model_tab: gr.Tab
    chat: gr.HTML
    question: gr.Textbox
    hint: gr.HTML
    ask: gr.Button
    new_chat: gr.Button
    follow: gr.Column
    follow_title: gr.HTML
    follow_buttons: list[gr.Button]
    example_title: gr.HTML
    example_buttons: list[gr.Button]
    asked: gr.HTML
    chips: gr.HTML
    edit: gr.Accordion
    edit_period: gr.Dropdown
    edit_breakdown: gr.Dropdown
    edit_keep: gr.CheckboxGroup
    rerun: gr.Button
    progress: gr.HTML
    summary: gr.HTML
    chart_box: gr.Group
    chart: gr.HTML
    chart_kind: gr.Radio
    chart_sort: gr.Radio
    chart_png: gr.Button
    themes: gr.HTML
    table: gr.HTML
    download: gr.DownloadButton
    how: gr.Accordion
    assumptions: gr.HTML
    plan: gr.JSON
    sql_hint: gr.HTML
    sql: gr.Code
    run_sql: gr.Button
    sql_result: gr.HTML
    definitions: gr.HTML
    timings: gr.HTML
    feedback_box: gr.Group
    prompt: gr.HTML
    up: gr.Button
    down: gr.Button
    comment: gr.Textbox
    status: gr.HTML
    model_filter: gr.Textbox
    model_html: gr.HTML

    def components(self) -> list[gr.components.Component | gr.blocks.BlockContext]:
        """Every component, for events that may update any of them."""
        found: list[gr.components.Component | gr.blocks.BlockContext] = []
        for item in fields(self):
            value = getattr(self, item.name)
            found += value if isinstance(value, list) else [value]
        return found


def examples(runtime: Runtime) -> list[str]:
    """Example questions: the semantic model's verified questions, English and Chinese."""
    questions = [question for verified in runtime.model.verified_queries for question in verified.questions]
    return list(dict.fromkeys(questions))[:MAX_EXAMPLES]


def question_placeholder(runtime: Runtime, language: Language) -> str:
    """'e.g. …' with the model's first verified question in `language` (no example: the plain prompt)."""
    asked = [q for v in runtime.model.verified_queries for q in v.questions if detect_language(q) == language]
    return t(language, "question_placeholder", example=asked[0]) if asked else t(language, "question_label")


def header_html(runtime: Runtime, language: Language) -> str:
    """Title, tagline and the data's as-of date (the one fact a business reader needs from the header)."""
    badge = t(language, "as_of", as_of=runtime.as_of.isoformat())
    return (
        '<div class="cb-header"><div class="cb-brand"><div class="cb-logo">BI</div>'
        f"<h1>{render.esc(t(language, 'title'))}</h1></div>"
        f'<div class="cb-tagline">{render.esc(t(language, "tagline"))}</div>'
        f'<div class="cb-badges"><span class="cb-badge">{render.esc(badge)}</span></div></div>'
    )


def section_title(language: Language, key: str) -> str:
    return f'<div class="cb-section-title">{render.esc(t(language, key))}</div>'


def prompt_html(language: Language) -> str:
    return f'<span class="cb-feedback-prompt">{render.esc(t(language, "feedback_prompt"))}</span>'


def hint_html(language: Language) -> str:
    return f'<div class="cb-hint">{render.esc(t(language, "enter_hint"))}</div>'


def build_layout(runtime: Runtime, session: gr.State) -> Layout:
    """The components, in their places, with English labels (handlers.labels() switches the language)."""
    html: dict[str, Any] = {"js_on_load": None}
    with gr.Column(elem_id="app"):
        header = gr.HTML(header_html(runtime, "en"), elem_id="header", **html)
        with gr.Tabs():
            with gr.Tab(t("en", "tab_chat"), id="ask-tab") as ask_tab, gr.Row(equal_height=False):
                with gr.Column(scale=2, min_width=340, elem_id="conversation"):
                    question = gr.Textbox(
                        elem_id="question",
                        label=t("en", "question_label"),
                        lines=1,  # with one line Enter submits and Shift+Enter breaks the line
                        max_lines=6,
                        placeholder=question_placeholder(runtime, "en"),
                        autofocus=True,
                    )
                    hint = gr.HTML(hint_html("en"), elem_id="question-hint", **html)
                    with gr.Row():
                        ask = gr.Button(t("en", "ask"), variant="primary", elem_id="ask", scale=3)
                        new_chat = gr.Button(t("en", "new_chat"), elem_id="new-chat", scale=1)
                    with gr.Column(elem_id="followups", visible=False) as follow:
                        follow_title = gr.HTML(section_title("en", "followups"), **html)
                        follow_buttons = [
                            gr.Button("", size="sm", visible=False, elem_classes=["cb-chip"])
                            for _ in range(MAX_FOLLOWUPS)
                        ]
                    chat = gr.HTML("", elem_id="chat", **html)
                    with gr.Column(elem_id="examples"):
                        example_title = gr.HTML(section_title("en", "examples"), **html)
                        example_buttons = [gr.Button(q, size="sm", elem_classes=["cb-chip"]) for q in examples(runtime)]
                with gr.Column(scale=3, min_width=420, elem_id="answer"):
                    asked = gr.HTML("", elem_id="current-question", **html)
                    chips = gr.HTML("", elem_id="interpretation", **html)
                    with gr.Accordion(t("en", "edit"), open=False, visible=False, elem_id="edit") as edit:
                        with gr.Row():
                            edit_period = gr.Dropdown(choices=[], label=t("en", "edit_period"), elem_id="edit-period")
                            edit_breakdown = gr.Dropdown(
                                choices=[], label=t("en", "edit_breakdown"), elem_id="edit-breakdown"
                            )
                        edit_keep = gr.CheckboxGroup(choices=[], label=t("en", "edit_keep"), elem_id="edit-keep")
                        rerun = gr.Button(t("en", "rerun"), elem_id="rerun", size="sm", variant="primary")
                    progress = gr.HTML("", elem_id="progress", **html)
                    summary = gr.HTML(render.welcome_html("en"), elem_id="summary", **html)
                    with gr.Group(elem_id="chart-box", visible=False) as chart_box:
                        chart = gr.HTML("", elem_id="chart", **html)
                        with gr.Row(elem_id="chart-controls"):
                            chart_kind = gr.Radio(
                                choices=[], label=t("en", "chart_kind"), elem_id="chart-kind", scale=2
                            )
                            chart_sort = gr.Radio(choices=[], label=t("en", "sort"), elem_id="chart-sort", scale=2)
                            chart_png = gr.Button(t("en", "download_png"), elem_id="chart-png", size="sm", scale=1)
                    themes = gr.HTML("", elem_id="themes", **html)
                    table = gr.HTML("", elem_id="table", **html)
                    download = gr.DownloadButton(t("en", "download"), elem_id="download", visible=False, size="sm")
                    with gr.Accordion(t("en", "how"), open=False, elem_id="how", visible=False) as how:
                        assumptions = gr.HTML("", elem_id="assumptions", **html)
                        plan = gr.JSON(elem_id="plan", label=t("en", "plan"), open=False)
                        sql_hint = gr.HTML("", elem_id="sql-hint", **html)
                        sql = gr.Code(
                            elem_id="sql",
                            language="sql",
                            label=t("en", "sql"),
                            interactive=True,
                            lines=4,
                            max_lines=24,
                        )
                        run_sql = gr.Button(t("en", "run_sql"), elem_id="run-sql", size="sm")
                        sql_result = gr.HTML("", elem_id="sql-result", **html)
                        definitions = gr.HTML("", elem_id="definitions", **html)
                        timings = gr.HTML("", elem_id="timings", **html)
                    with gr.Group(elem_id="feedback", visible=False) as feedback_box:
                        prompt = gr.HTML(prompt_html("en"), js_on_load=None, padding=True)
                        with gr.Row(elem_id="feedback-row"):
                            up = gr.Button(
                                t("en", "thumbs_up"), elem_id="thumbs-up", size="sm", icon=str(STATIC / "thumbs-up.svg")
                            )
                            down = gr.Button(
                                t("en", "thumbs_down"),
                                elem_id="thumbs-down",
                                size="sm",
                                icon=str(STATIC / "thumbs-down.svg"),
                            )
                        comment = gr.Textbox(
                            elem_id="feedback-comment",
                            show_label=False,
                            lines=1,
                            placeholder=t("en", "comment_placeholder"),
                            max_length=runtime.settings.max_comment_chars or None,
                        )
                        status = gr.HTML("", elem_id="feedback-status", **html)
            with gr.Tab(t("en", "tab_model"), id="model-tab", elem_id="model-browser") as model_tab:
                model_filter = gr.Textbox(
                    elem_id="model-filter",
                    label=t("en", "model_filter"),
                    placeholder=t("en", "model_filter_placeholder"),
                )
                model_html = gr.HTML(render.model_browser_html(runtime.model, "en"), elem_id="model-html", **html)
    return Layout(
        session=session, header=header, ask_tab=ask_tab, model_tab=model_tab, chat=chat, question=question,
        hint=hint, ask=ask, new_chat=new_chat, follow=follow, follow_title=follow_title,
        follow_buttons=follow_buttons, example_title=example_title, example_buttons=example_buttons, asked=asked,
        chips=chips, edit=edit, edit_period=edit_period, edit_breakdown=edit_breakdown, edit_keep=edit_keep,
        rerun=rerun, progress=progress, summary=summary, chart_box=chart_box, chart=chart, chart_kind=chart_kind,
        chart_sort=chart_sort, chart_png=chart_png, themes=themes, table=table, download=download, how=how,
        assumptions=assumptions, plan=plan, sql_hint=sql_hint, sql=sql, run_sql=run_sql, sql_result=sql_result,
        definitions=definitions, timings=timings, feedback_box=feedback_box, prompt=prompt, up=up, down=down,
        comment=comment, status=status, model_filter=model_filter, model_html=model_html,
    )  # fmt: skip
