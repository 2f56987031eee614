"""One browser session's conversation, kept on the server (a gr.State never sent to the client).

Nothing the client sends is echoed back as a component value: a question is read from the text box once,
validated and stored here; examples, follow-ups and edits are picked by index or checked against the
choices this session offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.contracts import Answer, Language, Turn
from assistant.ui.chips import KEEP
from assistant.ui.view import AnswerView
from semantic_layer import SemanticQuery

MAX_TURNS = 10  # earlier turns kept for follow-ups
MAX_EXCHANGES = 30  # answers kept readable in the conversation


@dataclass
class Exchange:
    answer: Answer
    view: AnswerView
    edited: bool = False


@dataclass
class Pending:
    """A question (or an edited query) accepted for answering; the next event answers it."""

    question: str
    query: SemanticQuery | None = None  # an edit of the last answer: run directly, not planned again


@dataclass
class Session:
    language: Language = "en"
    exchanges: list[Exchange] = field(default_factory=list)
    pending: Pending | None = None
    followups: list[str] = field(default_factory=list)

    @property
    def current(self) -> Exchange | None:
        return self.exchanges[-1] if self.exchanges else None

    def turns(self) -> list[Turn]:
        """The conversation so far, for follow-up questions."""
        return [
            Turn(question=e.answer.question, query=e.answer.plan.query if e.answer.plan else None)
            for e in self.exchanges
        ][-MAX_TURNS:]

    def add(self, exchange: Exchange) -> None:
        self.exchanges = [*self.exchanges, exchange][-MAX_EXCHANGES:]
        self.followups = list(exchange.view.followups)

    def edit_choices(self) -> tuple[set[str], set[str], set[str]]:
        """The period, breakdown and keep values this session offered for the current answer."""
        current = self.current
        if current is None:
            return {KEEP}, {KEEP}, set()
        edit = current.view.edit
        return (
            {value for _, value in edit.periods} | {KEEP},
            {value for _, value in edit.breakdowns} | {KEEP},
            {value for _, value in edit.keep},
        )
