"""Thumbs up/down from the chat: an append-only JSONL file, one line per vote with the question, plan and SQL.

The comment is cut to `max_comment_chars`; the file rotates by size like the audit log (assistant.jsonl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from assistant.errors import ChatBIError
from assistant.jsonl import JsonLines
from assistant.text_safety import strip_invisible

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000


class FeedbackError(ChatBIError):
    """The feedback could not be stored."""


class FeedbackStore:
    def __init__(
        self, path: Path, *, max_comment_chars: int = MAX_COMMENT_CHARS, max_bytes: int = 0, backups: int = 5
    ) -> None:
        self.path = path
        self.max_comment_chars = max_comment_chars
        self._lines = JsonLines(path, max_bytes=max_bytes, backups=backups)

    def record(self, rating: Rating, answer: dict[str, Any], comment: str = "", user: str = "") -> str:
        """Append one vote about `answer` (Answer JSON) and return its id."""
        if rating not in ("up", "down"):
            raise FeedbackError(f"Unknown rating {rating!r}; use 'up' or 'down'.")
        fields = {
            "user": user,
            "rating": rating,
            "comment": strip_invisible(comment[: 4 * self.max_comment_chars]).strip()[: self.max_comment_chars],
            "question": answer.get("question"),
            "language": answer.get("language"),
            "status": answer.get("status"),
            "plan": answer.get("plan"),
            "sql": answer.get("sql"),
            "summary": answer.get("summary"),
            "row_count": answer.get("row_count"),
        }
        try:
            return self._lines.append(fields)
        except OSError as exc:
            raise FeedbackError(f"Cannot write the feedback log {self.path}: {exc.strerror}") from None
