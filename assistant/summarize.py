"""The summarizer's public API: grounded template summaries in English and Chinese (see assistant/summary/)."""

from __future__ import annotations

from assistant.summary import Stated, format_value, grounded, numbers_in, stated_by, summarize

__all__ = ["Stated", "format_value", "grounded", "numbers_in", "stated_by", "summarize"]
