"""Questions in traditional Chinese characters ('沉默客戶 按獲客渠道 分一下'), read as their simplified spelling.

The model's vocabulary is written in simplified characters, so a traditional '戶' or '獲' left '客戶' and '獲客渠道'
unknown. The question (and the chat's earlier questions) are converted character for character before planning
(OpenCC's traditional-to-simplified tables, pure Python), which keeps every offset; the plan's spans then show the text
the user typed at those offsets. A question already in simplified characters is not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from assistant.contracts import Plan, Turn

__all__ = ["simplified", "simplified_turns", "spans_as_typed"]


def simplified(text: str) -> str:
    """The text in simplified characters, code point for code point (a phrase conversion that changed the length
    is done character by character instead, keeping a character whose conversion is not one character). Converted
    until nothing changes (a rare character converts in two steps), so that the result is its own simplified form."""
    if text.isascii():
        return text
    for _ in range(3):
        converted = _step(text)
        if converted == text:
            break
        text = converted
    return text


def _step(text: str) -> str:
    converted = str(_converter().convert(text))
    return converted if len(converted) == len(text) else "".join(_one(c) for c in text)


def simplified_turns(history: Sequence[Turn]) -> list[Turn]:
    """The chat's earlier questions in simplified characters, so that a follow-up reads them as the model spells."""
    return [turn.model_copy(update={"question": simplified(turn.question)}) for turn in history]


def spans_as_typed(plan: Plan, question: str, history: Sequence[Turn]) -> Plan:
    """The plan with each span's text taken from the question (or earlier question) the user typed."""
    typed = {0: question} | {-(back + 1): turn.question for back, turn in enumerate(reversed(history))}
    spans = [
        span.model_copy(update={"text": typed[span.turn][span.start : span.end]}) if span.turn in typed else span
        for span in plan.interpretation
    ]
    return plan.model_copy(update={"interpretation": spans})


def _one(character: str) -> str:
    converted = str(_converter().convert(character))
    return converted if len(converted) == 1 else character


@cache
def _converter() -> Any:
    from opencc import OpenCC  # type: ignore[import-untyped, unused-ignore]  # lazy: tables load only for Chinese

    return OpenCC("t2s")
