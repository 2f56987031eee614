"""Planners turn a question (and the chat so far) into a Plan. Offline: rules over the semantic model."""

from assistant.planner.offline import plan_question

__all__ = ["plan_question"]
