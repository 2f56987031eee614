"""One JSON line per request: who asked what, the plan, the SQL, the guard verdict, rows, timings, errors.

When an LLM took part, `llm` holds its model, every call (purpose, prompt/completion tokens, latency, attempts,
error) and the fallbacks taken (`notes`), so a failed or slow endpoint is visible after the fact.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.jsonl import JsonLines


@dataclass
class AuditCount:
    """How many records were written (or attempted) inside one `AuditLog.counting()` block."""

    records: int = 0


_COUNT: ContextVar[AuditCount | None] = ContextVar("audit_count", default=None)


class AuditLog:
    def __init__(self, path: Path, *, max_bytes: int = 0, backups: int = 5) -> None:
        self.path = path
        self._lines = JsonLines(path, max_bytes=max_bytes, backups=backups)
        self._warned = False

    @contextmanager
    def counting(self) -> Iterator[AuditCount]:
        """Count the records this context (this thread, this request) writes, so an edge that must leave
        exactly one record per request can tell whether the pipeline already wrote it."""
        count = AuditCount()
        token = _COUNT.set(count)
        try:
            yield count
        finally:
            _COUNT.reset(token)

    def record(self, *, user: str, kind: str, question: str, plan: dict[str, Any] | None, sql: str | None,
               guard: str, row_count: int, timings_ms: dict[str, float], error: str | None,
               llm: dict[str, Any] | None = None) -> str:  # fmt: skip
        """Append one record and return its id ('' when the log cannot be written: it warns once, never fails the answer)."""
        count = _COUNT.get()
        if count is not None:
            count.records += 1
        fields = {"user": user, "kind": kind, "question": question, "plan": plan, "sql": sql, "guard": guard,
                  "row_count": row_count, "timings_ms": timings_ms, "error": error, "llm": llm}  # fmt: skip
        try:
            return self._lines.append(fields)
        except OSError as exc:
            if not self._warned:
                print(f"warning: cannot write the audit log {self.path}: {exc.strerror}", file=sys.stderr)
                self._warned = True
            return ""
