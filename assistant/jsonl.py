"""Append-only JSON Lines files (the audit log, the feedback store): one record per line, never interleaved."""

from __future__ import annotations

import json
import os
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class JsonLines:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, fields: dict[str, Any]) -> str:
        """Write `fields` after a fresh `id` and `at` timestamp as one line; return the id. Raises OSError."""
        record_id = uuid.uuid4().hex
        entry = {"id": record_id, "at": datetime.now(UTC).isoformat(timespec="milliseconds"), **fields}
        line = (json.dumps(entry, ensure_ascii=False, default=str) + "\n").encode("utf-8")
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One write() on an O_APPEND descriptor: concurrent writers, even in other processes, never
            # interleave within a line.
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                written = os.write(descriptor, line)
                while written < len(line):  # a regular file takes it whole; finish a short write anyway
                    written += os.write(descriptor, line[written:])
            finally:
                os.close(descriptor)
        return record_id
