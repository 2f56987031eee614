"""Append-only JSON Lines files (the audit log, the feedback store): one record per line, never interleaved.

Every record is exactly one line for any reader: besides the newline (which `json.dumps` escapes), the line
breaks `str.splitlines()` also splits on — U+0085, U+2028, U+2029 — are written as `\\uXXXX` escapes, and an
unpaired surrogate (which UTF-8 cannot encode) is written as its JSON escape, so the file stays valid UTF-8.

Files rotate by size: when a record would take the file past `max_bytes`, `audit.jsonl` becomes
`audit.jsonl.1` (`.1` becomes `.2`, …) and only `backups` old files are kept.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Characters str.splitlines() treats as line ends that json.dumps(ensure_ascii=False) leaves raw.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK_TABLE = str.maketrans(_LINE_BREAKS)


def json_line(entry: dict[str, Any]) -> bytes:
    """`entry` as one line of UTF-8 JSON ending in a newline, safe for any line splitter."""
    text = json.dumps(entry, ensure_ascii=False, default=str).translate(_LINE_BREAK_TABLE)
    # A lone surrogate (e.g. from "\ud800" in a JSON request) becomes the text \ud800: its JSON escape.
    return (text + "\n").encode("utf-8", errors="backslashreplace")


class JsonLines:
    def __init__(self, path: Path, *, max_bytes: int = 0, backups: int = 5) -> None:
        """`max_bytes` 0 means the file is never rotated; `backups` is how many rotated files are kept."""
        self.path = path
        self.max_bytes = max_bytes
        self.backups = backups
        self._lock = threading.Lock()

    def append(self, fields: dict[str, Any]) -> str:
        """Write `fields` after a fresh `id` and `at` timestamp as one line; return the id. Raises OSError."""
        record_id = uuid.uuid4().hex
        entry = {"id": record_id, "at": datetime.now(UTC).isoformat(timespec="milliseconds"), **fields}
        line = json_line(entry)
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One write() on an O_APPEND descriptor: concurrent writers, even in other processes, never
            # interleave within a line.
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                size = os.fstat(descriptor).st_size
                if self.max_bytes and size and size + len(line) > self.max_bytes:
                    os.close(descriptor)
                    descriptor = -1
                    self._rotate()
                    descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                written = os.write(descriptor, line)
                while written < len(line):  # a regular file takes it whole; finish a short write anyway
                    written += os.write(descriptor, line[written:])
            finally:
                if descriptor >= 0:
                    os.close(descriptor)
        return record_id

    def _rotate(self) -> None:
        """path -> path.1 -> path.2 …; the oldest beyond `backups` is removed (no backups: the file restarts)."""
        if self.backups <= 0:
            self.path.unlink(missing_ok=True)
            return
        self._numbered(self.backups).unlink(missing_ok=True)
        for number in range(self.backups - 1, 0, -1):
            older = self._numbered(number)
            if older.exists():
                older.replace(self._numbered(number + 1))
        if self.path.exists():
            self.path.replace(self._numbered(1))

    def _numbered(self, number: int) -> Path:
        return self.path.with_name(f"{self.path.name}.{number}")
