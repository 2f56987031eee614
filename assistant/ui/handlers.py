"""The chat's event handlers: each reads the server-side Session and the few client inputs it needs
(checked), and returns component updates built by mapping.py. No handler echoes a client value back."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.contracts import Language, detect_language
from assistant.errors import ChatBIError
from assistant.pipeline import direct_plan, run_plan, run_question, run_sql
from assistant.runtime import Runtime
from assistant.ui import cards, mapping, render
from assistant.ui.api import question_problem
from assistant.ui.chips import KEEP, edited_query
from assistant.ui.feedback import FeedbackError, FeedbackStore, Rating
from assistant.ui.i18n import t
from assistant.ui.layout import Layout, examples, question_placeholder
from assistant.ui.limits import RateLimiter, retry_after
from assistant.ui.mapping import Updates
from assistant.ui.session import Exchange, Pending, Session
from assistant.ui.tables import CsvFiles
from assistant.ui.view import answer_view, sql_result_html
from semantic_layer.errors import SemanticLayerError

logger = logging.getLogger("assistant.ui")
MAX_SQL_CHARS = 20_000
FEEDBACK_BURST = 3  # votes a client may send at once; then CHATBI_FEEDBACK_PER_MINUTE


def client_keys(request: gr.Request | None) -> list[str]:
    """The rate-limit keys of a chat request: its client address and its session."""
    if request is None:
        return []
    host = request.client.host if request.client else ""
    return [f"ip:{host}" if host else "", f"session:{request.session_hash}" if request.session_hash else ""]


class Handlers:
    def __init__(
        self, runtime: Runtime, feedback: FeedbackStore, csv_files: CsvFiles, ui: Layout, questions: RateLimiter
    ) -> None:
        """`questions` is the server's per-client question limit (shared with /api/ask): each question asked
        here and each analyst query takes one token; past the limit the page says how long to wait."""
        self.runtime, self.feedback, self.csv_files, self.ui = runtime, feedback, csv_files, ui
        self.examples = examples(runtime)
        self.questions = questions
        self.votes = RateLimiter(runtime.settings.feedback_per_minute, FEEDBACK_BURST)

    # --- asking ---------------------------------------------------------------------------------------------

    def accept(self, text: str | None, session: Session, request: gr.Request | None = None) -> Updates:
        """Take a typed question: checked, stored as pending, shown at once; the box is cleared."""
        return self._accept((text or "").strip(), session, request)

    def pick_example(self, index: int, session: Session, request: gr.Request | None = None) -> Updates:
        return self._accept(self.examples[index] if 0 <= index < len(self.examples) else "", session, request)

    def pick_followup(self, index: int, session: Session, request: gr.Request | None = None) -> Updates:
        question = session.followups[index] if 0 <= index < len(session.followups) else ""
        return self._accept(question, session, request)

    def _accept(
        self, question: str, session: Session, request: gr.Request | None, query: Any = None, edited: bool = False
    ) -> Updates:
        """Store the question as pending (answer() runs it next) and show it, unless it is empty, too long or
        over the client's question limit: then a notice says why, nothing is pending and the box keeps it."""
        ui, language = self.ui, session.language
        session.pending = None
        problem = question_problem(question, self.runtime.settings.max_question_chars)
        if problem is not None:
            key, values = problem
            title = t(language, "empty_title" if key == "empty_question" else "input_title")
            return {ui.summary: render.message_html(title, t(language, key, **values), "clarify"), ui.session: session}
        asked_in = detect_language(question)
        throttled = self._throttled(asked_in, request)
        if throttled:
            return {ui.summary: throttled, ui.session: session}
        session.pending = Pending(question, query)
        # The labels first: cleared() wins where both touch a component (it carries the label as well).
        updates = mapping.labels(ui, self.runtime, asked_in) if asked_in != language else {}
        updates |= mapping.cleared(ui, asked_in)
        session.language = asked_in
        shown = t(asked_in, "edited", question=question) if edited else question
        steps = {"plan": "done" if query is not None else "active", "sql": "todo", "run": "todo", "summary": "todo"}
        return updates | {
            ui.asked: cards.question_html(shown, asked_in),
            ui.progress: render.progress_html(steps, asked_in),
            ui.question: gr.Textbox(
                value="", label=t(asked_in, "question_label"), placeholder=question_placeholder(self.runtime, asked_in)
            ),
            ui.chat: self._conversation(session),
            ui.session: session,
        }

    def answer(self, session: Session) -> Iterator[Updates]:
        """Answer the pending question (or edited query), yielding progress, then the answer."""
        ui, pending = self.ui, session.pending
        if pending is None:  # nothing was accepted: leave the page as it is (a generator that yields nothing
            yield {ui.session: session}  # would blank every output)
            return
        session.pending = None
        language = detect_language(pending.question)
        try:
            if pending.query is not None:
                events = run_plan(self.runtime, direct_plan(pending.query), pending.question)
            else:
                events = run_question(self.runtime, pending.question, session.turns())
            answer = None
            for item in mapping.progress_updates(ui, events, language):
                if isinstance(item, dict):
                    yield item
                else:
                    answer = item
            assert answer is not None
            view = answer_view(self.runtime, answer, session.turns(), self.csv_files)
            session.add(Exchange(answer, view, edited=pending.query is not None))
            yield mapping.answer_updates(ui, view, language) | {ui.session: session}
        except Exception:  # the edge: a bug becomes a friendly message; the traceback goes to the log
            logger.exception("the chat failed to answer %r", pending.question)
            yield mapping.failed_updates(ui, language)

    def accept_edit(
        self, period: Any, breakdown: Any, kept: Any, session: Session, request: gr.Request | None = None
    ) -> Updates:
        """The reader's edit of the current answer as a new query, run without planning again."""
        current = session.current
        query = current.answer.plan.query if current and current.answer.plan else None
        if current is None or query is None:
            return {self.ui.session: session}
        periods, breakdowns, keeps = session.edit_choices()
        period = period if period in periods else KEEP
        breakdown = breakdown if breakdown in breakdowns else KEEP
        kept_values = [value for value in kept or [] if value in keeps]
        try:
            edited = edited_query(query, self.runtime.as_of, period=period, breakdown=breakdown, kept=kept_values)
        except (SemanticLayerError, ChatBIError, ValueError) as exc:
            message = render.message_html(t(session.language, "input_title"), str(exc), "clarify")
            return {self.ui.sql_result: "", self.ui.summary: message, self.ui.session: session}
        return self._accept(current.answer.question, session, request, edited, edited=True)

    # --- the answer's controls ------------------------------------------------------------------------------

    def redraw(self, kind: Any, sort: Any, session: Session) -> Updates:
        """The current chart as bars, a line or a table, sorted by value or name (choices checked)."""
        current = session.current
        chart = current.view.display.chart if current else None
        if current is None or chart is None:
            return {}
        if kind == "table":
            return {self.ui.chart: cards.table_html(current.view.display.table, max_rows=50)}
        kind = kind if kind in chart.kinds else None
        sort = sort if sort in ("value", "label") else None
        return {self.ui.chart: cards.chart_html(chart, kind, sort)}

    def run_analyst_sql(self, sql: Any, session: Session, request: gr.Request | None = None) -> Updates:
        """Analyst-edited SQL through the guard (the `chatbi sql` rules), its result shown in the panel."""
        text = sql.strip() if isinstance(sql, str) else ""
        language = session.language
        if not text or len(text) > MAX_SQL_CHARS:
            return {self.ui.sql_result: render.message_html(t(language, "input_title"), t(language, "empty_question"))}
        throttled = self._throttled(language, request)
        if throttled:
            return {self.ui.sql_result: throttled}
        try:
            answer = run_sql(self.runtime, text).model_copy(update={"language": language})
        except Exception:  # the edge: a bug in running analyst SQL becomes a friendly message, logged
            logger.exception("analyst SQL failed")
            return {self.ui.sql_result: render.message_html(t(language, "error_title"), t(language, "internal_error"))}
        return {self.ui.sql_result: sql_result_html(answer, self.runtime)}

    def vote(self, rating: Rating, comment: Any, session: Session, request: gr.Request | None = None) -> Updates:
        ui, language, current = self.ui, session.language, session.current
        if current is None:
            return {ui.status: _status_html(t(language, "feedback_nothing"), failed=True)}
        if self.votes.acquire(client_keys(request)):
            return {ui.status: _status_html(t(language, "feedback_throttled"), failed=True)}
        text = comment if isinstance(comment, str) else ""
        try:
            self.feedback.record(rating, current.answer.model_dump(mode="json"), text, user=self.runtime.settings.user)
        except FeedbackError:
            logger.exception("feedback not saved")
            return {ui.status: _status_html(t(language, "feedback_failed"), failed=True)}
        return {ui.status: _status_html(t(language, f"feedback_thanks_{rating}")), ui.comment: ""}

    # --- session --------------------------------------------------------------------------------------------

    def new_chat(self, session: Session) -> Updates:
        fresh = Session(language=session.language)
        return mapping.cleared(self.ui, fresh.language) | {
            self.ui.summary: render.welcome_html(fresh.language),
            self.ui.chat: self._conversation(fresh),
            self.ui.question: "",
            self.ui.session: fresh,
        }

    def load(self, session: Session, request: gr.Request) -> Updates:
        """The page's first state: its language (`?lang=zh`), labels and the welcome. A question taken before this
        event's reply arrives (typed at once on a slow connection) wins: its session is kept, not replaced by a
        fresh one — a fresh one dropped the pending question and its answer never came."""
        if session.pending is not None or session.exchanges:
            return {self.ui.session: session}
        language: Language = "zh" if request.query_params.get("lang") == "zh" else "en"
        session.language = language
        return mapping.labels(self.ui, self.runtime, language) | {
            self.ui.summary: render.welcome_html(language),
            self.ui.chat: self._conversation(session),
            self.ui.session: session,
        }

    def filter_model(self, needle: Any, session: Session) -> Updates:
        text = needle if isinstance(needle, str) else ""
        return {self.ui.model_html: render.model_browser_html(self.runtime.model, session.language, text[:200])}

    def _throttled(self, language: Language, request: gr.Request | None) -> str:
        """'' when the client may ask now (a token is taken), else the notice saying how long to wait."""
        wait = self.questions.acquire(client_keys(request))
        if not wait:
            return ""
        return render.message_html(t(language, "throttled_title"), t(language, "throttled", seconds=retry_after(wait)))

    def _conversation(self, session: Session) -> str:
        return cards.conversation_html([(e.answer, e.view.display) for e in session.exchanges], session.language)


def _status_html(message: str, *, failed: bool = False) -> str:
    return (
        f'<span class="cb-feedback-status{" cb-failed" if failed else ""}" role="status">{render.esc(message)}</span>'
    )
