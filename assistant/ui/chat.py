"""The Gradio chat: maps pipeline events to widgets. It renders; it does not plan, compile or query.

Everything the answers depend on lives on the server, in per-session `gr.State` (the conversation, the
turns, the last answer, the follow-up questions): no event takes a value the browser could forge and hands
it back as an output, so no client-sent file reference is ever copied into Gradio's cache and served. The
only inputs from the browser are the question, the model-browser filter and the feedback comment (text).
Only the events that answer a question go through Gradio's queue (where the per-client rate limit applies).

Layout: the conversation, question box, follow-ups and examples on the left; the answer on the right —
progress steps, summary, chart, themes with quotes, the table with a CSV download, the analyst panel
("How this was answered": assumptions, plan, SQL, definitions, timings) and thumbs up/down. A second tab
browses the semantic model. Interface strings follow the language of the last question.
"""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.contracts import Answer, Language, Turn, detect_language
from assistant.pipeline import Answered, Compiled, Executed, Planned, Themed, run_question
from assistant.runtime import Runtime
from assistant.ui import render
from assistant.ui.api import question_problem
from assistant.ui.feedback import FeedbackError, FeedbackStore, Rating
from assistant.ui.followups import MAX_FOLLOWUPS
from assistant.ui.i18n import t
from assistant.ui.limits import RateLimiter
from assistant.ui.plots import PlotView
from assistant.ui.tables import CsvFiles
from assistant.ui.view import answer_view

logger = logging.getLogger("assistant.ui")

MAX_TURNS = 10  # earlier turns kept for follow-ups
FEEDBACK_BURST = 3  # votes a client may send at once; then CHATBI_FEEDBACK_PER_MINUTE
STATIC = Path(__file__).parent / "static"
FONTS = [
    "system-ui",
    "-apple-system",
    "Segoe UI",
    "Roboto",
    "Helvetica Neue",
    "Arial",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "sans-serif",
]
MONO = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono", "monospace"]


def theme() -> gr.themes.Base:
    """Gradio's Soft theme with system fonts only: nothing is fetched from a font CDN."""
    return gr.themes.Soft(primary_hue="indigo", neutral_hue="slate", font=FONTS, font_mono=MONO)


def css() -> str:
    return (STATIC / "chat.css").read_text(encoding="utf-8")


def examples(runtime: Runtime) -> list[str]:
    """Example questions: the semantic model's verified questions, English and Chinese."""
    questions = [question for verified in runtime.model.verified_queries for question in verified.questions]
    return list(dict.fromkeys(questions))[:10]


def header_html(runtime: Runtime, language: Language) -> str:
    badges = [t(language, "as_of", as_of=runtime.as_of.isoformat()), runtime.model.name]
    badges.append("LLM: " + runtime.settings.llm_model if runtime.settings.llm_enabled else "offline")
    return (
        '<div class="cb-header"><div class="cb-brand"><div class="cb-logo">BI</div>'
        f"<h1>{render.esc(t(language, 'title'))}</h1></div>"
        f'<div class="cb-tagline">{render.esc(t(language, "tagline"))}</div>'
        f'<div class="cb-badges">{"".join(f"<span class=cb-badge>{render.esc(b)}</span>" for b in badges)}</div></div>'
    )


def client_keys(request: gr.Request | None) -> list[str]:
    """The rate-limit keys of a chat request: its client address and its session."""
    if request is None:
        return []
    host = request.client.host if request.client else ""
    return [f"ip:{host}" if host else "", f"session:{request.session_hash}" if request.session_hash else ""]


def build_chat(runtime: Runtime, feedback: FeedbackStore, csv_files: CsvFiles) -> gr.Blocks:
    """The chat Blocks for one runtime (shared by every session; the runtime is thread-safe)."""
    model, limit = runtime.model, runtime.settings.max_question_chars
    votes = RateLimiter(runtime.settings.feedback_per_minute, FEEDBACK_BURST)
    example_questions = examples(runtime)
    blocks = gr.Blocks(title="ChatBI", analytics_enabled=False, delete_cache=(3600, 3600))
    with blocks:
        language_state = gr.State("en")
        turns_state = gr.State([])
        answer_state = gr.State(None)
        messages_state = gr.State([])  # the conversation shown in the Chatbot, kept here, never read from it
        followups_state = gr.State([])  # the follow-up questions the buttons show
        header = gr.HTML(header_html(runtime, "en"), elem_id="header", js_on_load=None)
        with gr.Tabs():
            with gr.Tab(t("en", "tab_chat"), id="ask-tab") as ask_tab, gr.Row(equal_height=False):
                with gr.Column(scale=2, min_width=340, elem_id="conversation"):
                    chat = gr.Chatbot(
                        elem_id="chat",
                        label=t("en", "chat_label"),
                        show_label=False,
                        placeholder=_placeholder_html("en"),
                        height=380,
                        render_markdown=False,
                        sanitize_html=True,
                        feedback_options=None,
                        buttons=["copy"],
                        layout="bubble",
                        allow_file_downloads=False,
                    )
                    question = gr.Textbox(
                        elem_id="question",
                        label=t("en", "question_label"),
                        lines=2,
                        max_lines=6,
                        placeholder=t("en", "question_placeholder"),
                        autofocus=True,
                    )
                    with gr.Row():
                        ask = gr.Button(t("en", "ask"), variant="primary", elem_id="ask", scale=3)
                        new_chat = gr.Button(t("en", "new_chat"), elem_id="new-chat", scale=1)
                    with gr.Column(elem_id="followups", visible=False) as follow:
                        follow_title = gr.HTML(_section_title("en", "followups"), js_on_load=None)
                        follow_buttons = [
                            gr.Button("", size="sm", visible=False, elem_classes=["cb-chip"])
                            for _ in range(MAX_FOLLOWUPS)
                        ]
                    with gr.Column(elem_id="examples"):
                        example_title = gr.HTML(_section_title("en", "examples"), js_on_load=None)
                        example_buttons = [gr.Button(q, size="sm", elem_classes=["cb-chip"]) for q in example_questions]
                with gr.Column(scale=3, min_width=420, elem_id="answer"):
                    progress = gr.HTML("", elem_id="progress", js_on_load=None)
                    summary = gr.HTML(render.welcome_html("en"), elem_id="summary", js_on_load=None)
                    chart = gr.BarPlot(elem_id="chart", visible=False, height=320, buttons=["fullscreen", "export"])
                    themes = gr.HTML("", elem_id="themes", js_on_load=None)
                    table = gr.Dataframe(
                        elem_id="table",
                        visible=False,
                        interactive=False,
                        wrap=True,
                        max_height=420,
                        label=t("en", "table"),
                        show_label=True,
                        buttons=["copy", "fullscreen"],
                    )
                    download = gr.DownloadButton(t("en", "download"), elem_id="download", visible=False, size="sm")
                    with gr.Accordion(t("en", "how"), open=False, elem_id="how", visible=False) as how:
                        assumptions = gr.HTML("", elem_id="assumptions", js_on_load=None)
                        plan = gr.JSON(elem_id="plan", label=t("en", "plan"), open=False)
                        sql = gr.Code(
                            elem_id="sql",
                            language="sql",
                            label=t("en", "sql"),
                            interactive=False,
                            buttons=["copy"],
                            lines=4,
                            max_lines=24,
                        )
                        definitions = gr.HTML("", elem_id="definitions", js_on_load=None)
                        timings = gr.HTML("", elem_id="timings", js_on_load=None)
                    with gr.Group(elem_id="feedback", visible=False) as feedback_box:
                        prompt = gr.HTML(_prompt_html("en"), js_on_load=None, padding=True)
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
                        status = gr.HTML("", elem_id="feedback-status", js_on_load=None)
            with gr.Tab(t("en", "tab_model"), id="model-tab", elem_id="model-browser") as model_tab:
                model_filter = gr.Textbox(
                    elem_id="model-filter",
                    label=t("en", "model_filter"),
                    placeholder=t("en", "model_filter_placeholder"),
                )
                model_html = gr.HTML(render.model_browser_html(model, "en"), elem_id="model-html", js_on_load=None)

        answer_parts = [
            *follow_buttons,
            progress,
            summary,
            chart,
            themes,
            table,
            download,
            how,
            assumptions,
            plan,
            sql,
            definitions,
            timings,
            follow,
            feedback_box,
            comment,
            status,
        ]
        labelled = [
            header,
            ask_tab,
            model_tab,
            chat,
            question,
            ask,
            new_chat,
            follow_title,
            example_title,
            table,
            download,
            how,
            plan,
            prompt,
            up,
            down,
            comment,
            model_filter,
            model_html,
        ]
        outputs = list(
            dict.fromkeys(
                [
                    chat,
                    question,
                    language_state,
                    turns_state,
                    answer_state,
                    messages_state,
                    followups_state,
                    *answer_parts,
                    *labelled,
                ]
            )
        )

        def labels(language: Language, needle: str = "") -> dict[Any, Any]:
            """Every interface string in `language`."""
            return {
                header: header_html(runtime, language),
                ask_tab: gr.Tab(label=t(language, "tab_chat")),
                model_tab: gr.Tab(label=t(language, "tab_model")),
                chat: gr.Chatbot(label=t(language, "chat_label"), placeholder=_placeholder_html(language)),
                question: gr.Textbox(
                    label=t(language, "question_label"), placeholder=t(language, "question_placeholder")
                ),
                ask: gr.Button(t(language, "ask")),
                new_chat: gr.Button(t(language, "new_chat")),
                follow_title: _section_title(language, "followups"),
                example_title: _section_title(language, "examples"),
                table: gr.Dataframe(label=t(language, "table")),
                download: gr.DownloadButton(t(language, "download")),
                how: gr.Accordion(label=t(language, "how")),
                plan: gr.JSON(label=t(language, "plan")),
                prompt: _prompt_html(language),
                up: gr.Button(t(language, "thumbs_up")),
                down: gr.Button(t(language, "thumbs_down")),
                comment: gr.Textbox(placeholder=t(language, "comment_placeholder")),
                model_filter: gr.Textbox(
                    label=t(language, "model_filter"), placeholder=t(language, "model_filter_placeholder")
                ),
                model_html: render.model_browser_html(model, language, needle),
            }

        def cleared(language: Language) -> dict[Any, Any]:
            """The answer panel before an answer: nothing from the previous answer stays on screen."""
            return {
                progress: "",
                summary: render.working_html(language),
                chart: gr.BarPlot(visible=False, value=None),
                themes: "",
                table: gr.Dataframe(visible=False, value=None),
                download: gr.DownloadButton(visible=False),
                how: gr.Accordion(visible=False),
                assumptions: "",
                plan: None,
                sql: "",
                definitions: "",
                timings: "",
                follow: gr.Column(visible=False),
                followups_state: [],
                feedback_box: gr.Group(visible=False),
                comment: "",
                status: "",
            }

        def on_ask(
            text: str, turns: list[dict[str, Any]], messages: list[dict[str, Any]], language: Language, needle: str
        ) -> Iterator[dict[Any, Any]]:
            question_text = (text or "").strip()
            problem = question_problem(question_text, limit)
            if problem is not None:
                key, values = problem
                title = t(language, "empty_title" if key == "empty_question" else "input_title")
                yield {summary: render.message_html(title, t(language, key, **values), "clarify"), progress: ""}
                return
            asked_in = detect_language(question_text)
            messages = [*(messages or []), {"role": "user", "content": render.esc(question_text)}]
            steps = {"plan": "active", "sql": "todo", "run": "todo", "summary": "todo"}
            try:
                history = [Turn.model_validate(turn) for turn in turns or []][-MAX_TURNS:]
                first = {
                    **cleared(asked_in),
                    chat: messages,
                    messages_state: messages,
                    language_state: asked_in,
                    question: "",
                }
                if asked_in != language:
                    first |= labels(asked_in, needle or "")
                yield first | {progress: render.progress_html(steps, asked_in)}
                answer = yield from _progress(run_question(runtime, question_text, history), steps, asked_in)
                turn = Turn(question=question_text, query=answer.plan.query if answer.plan else None)
                updates, reply = _answered(answer, history)
                conversation = [*messages, {"role": "assistant", "content": reply}][-2 * MAX_TURNS :]
                yield updates | {
                    chat: conversation,
                    messages_state: conversation,
                    turns_state: [*(turns or []), turn.model_dump(mode="json")][-MAX_TURNS:],
                    answer_state: answer.model_dump(mode="json"),
                }
            except Exception:  # the edge: a bug becomes a friendly message; the traceback goes to the log
                logger.exception("the chat failed to answer %r", question_text)
                message = t(asked_in, "internal_error")
                failed = {step: "failed" if state == "active" else state for step, state in steps.items()}
                conversation = [*messages, {"role": "assistant", "content": render.esc(message)}]
                yield {
                    progress: render.progress_html(failed, asked_in),
                    summary: render.message_html(t(asked_in, "error_title"), message),
                    chat: conversation,
                    messages_state: conversation,
                }

        def _progress(
            events: Iterator[Any], steps: dict[str, str], language: Language
        ) -> Generator[dict[Any, Any], None, Answer]:
            """Yield the progress display per pipeline event; return the final Answer."""
            for event in events:
                if isinstance(event, Planned):
                    query = event.plan.query
                    if event.plan.status != "ok" or query is None:
                        steps.update(plan="done", sql="skipped", run="skipped", summary="skipped")
                    else:
                        steps.update(plan="done", sql="active")
                        if query.kind == "themes":
                            steps["themes"] = "todo"
                elif isinstance(event, Compiled):
                    steps.update(sql="done", run="active")
                    yield {
                        progress: render.progress_html(steps, language),
                        sql: event.sql,
                        assumptions: render.assumptions_html(
                            Answer(question="", status="answered", assumptions=event.assumptions), language
                        ),
                    }
                    continue
                elif isinstance(event, Executed | Themed):
                    steps.update(run="done", summary="active")
                    if "themes" in steps:
                        steps["themes"] = "done"
                elif isinstance(event, Answered):
                    for step, state in steps.items():
                        steps[step] = (
                            "done" if state in ("active", "todo") and event.answer.status == "answered" else state
                        )
                        if steps[step] == "active":
                            steps[step] = "skipped"
                    yield {progress: render.progress_html(steps, language)}
                    return event.answer
                yield {progress: render.progress_html(steps, language)}
            raise AssertionError("the pipeline ended without an answer")

        def _answered(answer: Answer, history: list[Turn]) -> tuple[dict[Any, Any], str]:
            """The components' updates for an answer, and the assistant's line in the conversation."""
            view = answer_view(runtime, answer, history, csv_files)
            shown = view.followups[:MAX_FOLLOWUPS]
            updates = {
                summary: view.summary,
                chart: _chart_update(chart, view.plot),
                themes: view.themes,
                table: gr.Dataframe(value=view.table, visible=view.table is not None, label=view.table_label),
                download: gr.DownloadButton(value=view.csv, visible=view.csv is not None),
                how: gr.Accordion(visible=answer.plan is not None or answer.sql is not None),
                assumptions: view.assumptions,
                plan: view.plan,
                sql: view.sql,
                definitions: view.definitions,
                timings: view.timings,
                follow: gr.Column(visible=bool(shown)),
                followups_state: shown,
                **{
                    button: gr.Button(shown[i] if i < len(shown) else "", visible=i < len(shown))
                    for i, button in enumerate(follow_buttons)
                },
                feedback_box: gr.Group(visible=True),
                comment: "",
                status: "",
            }
            return updates, view.reply

        def on_vote(
            rating: Rating,
            comment_text: str,
            answer: dict[str, Any] | None,
            language: Language,
            request: gr.Request | None = None,
        ) -> dict[Any, Any]:
            if not answer:
                return {status: _status_html(t(language, "feedback_nothing"), failed=True)}
            if votes.acquire(client_keys(request)):
                return {status: _status_html(t(language, "feedback_throttled"), failed=True)}
            try:
                feedback.record(rating, answer, comment_text or "", user=runtime.settings.user)
            except FeedbackError:
                logger.exception("feedback not saved")
                return {status: _status_html(t(language, "feedback_failed"), failed=True)}
            return {status: _status_html(t(language, f"feedback_thanks_{rating}")), comment: ""}

        def on_new_chat(language: Language) -> dict[Any, Any]:
            return {
                **cleared(language),
                summary: render.welcome_html(language),
                chat: [],
                messages_state: [],
                turns_state: [],
                answer_state: None,
                question: "",
            }

        def on_load(request: gr.Request) -> dict[Any, Any]:
            language: Language = "zh" if request.query_params.get("lang") == "zh" else "en"
            return {**labels(language), language_state: language, summary: render.welcome_html(language)}

        def ask_example(index: int) -> Any:
            """Ask example `index`: the text comes from the server's list, not from the button's value."""

            def handler(
                turns: list[dict[str, Any]], messages: list[dict[str, Any]], language: Language, needle: str
            ) -> Iterator[dict[Any, Any]]:
                yield from on_ask(example_questions[index], turns, messages, language, needle)

            return handler

        def ask_followup(index: int) -> Any:
            """Ask the follow-up shown on button `index` (kept in the session's state)."""

            def handler(
                turns: list[dict[str, Any]],
                messages: list[dict[str, Any]],
                shown: list[str],
                language: Language,
                needle: str,
            ) -> Iterator[dict[Any, Any]]:
                yield from on_ask(shown[index] if index < len(shown or []) else "", turns, messages, language, needle)

            return handler

        # No event is an API endpoint (api_visibility private; the server refuses calls by name).
        private: dict[str, Any] = {"api_visibility": "private"}
        asking = {"outputs": outputs, "show_progress": "hidden", **private}
        run = {"fn": on_ask, "inputs": [question, turns_state, messages_state, language_state, model_filter], **asking}
        ask.click(**run)
        question.submit(**run)
        for i, button in enumerate(example_buttons):
            button.click(
                fn=ask_example(i), inputs=[turns_state, messages_state, language_state, model_filter], **asking
            )
        for i, button in enumerate(follow_buttons):
            button.click(
                fn=ask_followup(i),
                inputs=[turns_state, messages_state, followups_state, language_state, model_filter],
                **asking,
            )
        vote_inputs = [comment, answer_state, language_state]
        vote = {"outputs": [status, comment], "show_progress": "hidden", "queue": False, **private}

        def vote_up(c: str, a: dict[str, Any] | None, lang: Language, request: gr.Request) -> dict[Any, Any]:
            return on_vote("up", c, a, lang, request)

        def vote_down(c: str, a: dict[str, Any] | None, lang: Language, request: gr.Request) -> dict[Any, Any]:
            return on_vote("down", c, a, lang, request)

        up.click(fn=vote_up, inputs=vote_inputs, **vote)
        down.click(fn=vote_down, inputs=vote_inputs, **vote)
        new_chat.click(
            fn=on_new_chat, inputs=[language_state], outputs=outputs, show_progress="hidden", queue=False, **private
        )
        chat.clear(
            fn=on_new_chat, inputs=[language_state], outputs=outputs, show_progress="hidden", queue=False, **private
        )
        model_filter.change(
            fn=lambda needle, lang: render.model_browser_html(model, lang, needle),
            inputs=[model_filter, language_state],
            outputs=model_html,
            show_progress="hidden",
            queue=False,
            **private,
        )
        blocks.load(fn=on_load, inputs=None, outputs=outputs, show_progress="hidden", queue=False, **private)
    return blocks


def _chart_update(component: gr.BarPlot, view: PlotView | None) -> Any:
    """The plot's value and encoding for a view; the mark (line or bar) travels with the value."""
    if view is None:
        return gr.BarPlot(visible=False, value=None)
    payload = component.postprocess(view.frame)
    value = payload.model_dump() | {"mark": view.mark} if payload is not None else None
    return gr.update(
        value=value,
        visible=True,
        x=view.x,
        y=view.y,
        color=view.color,
        title=view.title,
        x_title=view.x,
        y_title=view.y,
        color_title=view.color,
        sort=view.sort,
        x_label_angle=view.x_label_angle,
        y_axis_format=view.y_format,
        x_axis_format="%Y-%m-%d" if view.temporal else None,
        y_lim=[0, None] if view.mark == "bar" else None,
        tooltip="axis",
    )


def _placeholder_html(language: Language) -> str:
    return f'<div class="cb-chat-empty">{render.esc(t(language, "chat_empty"))}</div>'


def _section_title(language: Language, key: str) -> str:
    return f'<div class="cb-section-title">{render.esc(t(language, key))}</div>'


def _prompt_html(language: Language) -> str:
    return f'<span class="cb-feedback-prompt">{render.esc(t(language, "feedback_prompt"))}</span>'


def _status_html(message: str, *, failed: bool = False) -> str:
    return (
        f'<span class="cb-feedback-status{" cb-failed" if failed else ""}" role="status">{render.esc(message)}</span>'
    )
