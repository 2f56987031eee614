"""One JSON line per request: who asked what, the plan, the SQL, the guard verdict, rows, timings, errors.

When an LLM took part, `llm` holds its model, every call (purpose, prompt/completion tokens, latency, attempts,
error) and the fallbacks taken (`notes`), so a failed or slow endpoint is visible after the fact.
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._warned = False

    def record(self, *, user: str, kind: str, question: str, plan: dict[str, Any] | None, sql: str | None,
               guard: str, row_count: int, timings_ms: dict[str, float], error: str | None,
               llm: dict[str, Any] | None = None) -> str:  # fmt: skip
        """Append one record and return its id. A log that cannot be written warns once, never fails the answer."""
        record_id = uuid.uuid4().hex
        entry = {
            "id": record_id,
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "user": user,
            "kind": kind,
            "question": question,
            "plan": plan,
            "sql": sql,
            "guard": guard,
            "row_count": row_count,
            "timings_ms": timings_ms,
            "error": error,
            "llm": llm,
        }
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write(line)
        except OSError as exc:
            if not self._warned:
                print(f"warning: cannot write the audit log {self.path}: {exc.strerror}", file=sys.stderr)
                self._warned = True
        return record_id
