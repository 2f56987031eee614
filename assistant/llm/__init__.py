"""LLM planning, summaries and theme labels for any OpenAI-compatible endpoint (DESIGN.md §2, §8).

Layout: `session` (deadline, bounded retries, usage per call; no LLM library) -> `adapter` (the only module
importing langchain/openai) -> `catalog` (the slice of the semantic model a question needs) -> `planner`
(structured Plan, validation, at most two repair rounds, guarded SQL as a last resort) -> `summarizer`
(grounded summaries, theme labels). Importing this package imports no LLM library.
"""

from assistant.llm.session import LLMCall, LLMFailure, LLMSession, Message, open_session

__all__ = ["LLMCall", "LLMFailure", "LLMSession", "Message", "open_session"]
