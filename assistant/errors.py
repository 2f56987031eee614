"""One error tree for the assistant. Errors become user messages only at the edge (CLI, UI, API)."""

from __future__ import annotations


class ChatBIError(Exception):
    """Root of every error the assistant raises on purpose; its message is fit for a user."""


class UserInputError(ChatBIError):
    """The input (question, file, flag, setting) is unusable; the message says why."""


class GuardRefusal(ChatBIError):
    """The SQL guard refused a statement; `reason` says why in one line."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"Refused: {reason}")


class WarehouseError(ChatBIError):
    """The warehouse could not be opened or a query failed inside the engine."""


class QueryTimeout(WarehouseError):
    """A query ran past its deadline and was interrupted."""


class DemoBuildError(ChatBIError):
    """The demo warehouse could not be built."""
