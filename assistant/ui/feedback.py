"""Thumbs up/down from the chat: an append-only JSONL file, one line per vote with the question, plan and SQL."""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.errors import ChatBIError
from assistant.text_safety import strip_invisible

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000


class FeedbackError(ChatBIError):
    """The feedback could not be stored."""


class FeedbackStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(self, rating: Rating, answer: dict[str, Any], comment: str = "", user: str = "") -> str:
        """Append one vote about `answer` (Answer JSON) and return its id."""
        if rating not in ("up", "down"):
            raise FeedbackError(f"Unknown rating {rating!r}; use 'up' or 'down'.")
        record_id = uuid.uuid4().hex
        entry = {
            "id": record_id,
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "user": user,
            "rating": rating,
            "comment": strip_invisible(comment).strip()[:MAX_COMMENT_CHARS],
            "question": answer.get("question"),
            "language": answer.get("language"),
            "status": answer.get("status"),
            "plan": answer.get("plan"),
            "sql": answer.get("sql"),
            "summary": answer.get("summary"),
            "row_count": answer.get("row_count"),
        }
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                # One write() on an O_APPEND descriptor: concurrent writers never interleave within a line.
                descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    written = os.write(descriptor, line)
                    while written < len(line):  # a regular file takes it whole; finish a short write anyway
                        written += os.write(descriptor, line[written:])
                finally:
                    os.close(descriptor)
        except OSError as exc:
            raise FeedbackError(f"Cannot write the feedback log {self.path}: {exc.strerror}") from None
        return record_id
