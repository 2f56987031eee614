"""Money follows the model's locale (DESIGN.md §10): template summaries format in `locale.currency`, and an
LLM summary writing another currency's symbol is rejected for the template one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from assistant.summary.currency import wrong_currency
from assistant.summary.formatting import format_value
from tests.llm_stub import LLMStub, text_reply, tool_call_reply


@pytest.mark.parametrize(
    ("text", "currency", "wrong"),
    [
        ("Revenue was $57,370,018.75.", "CNY", "$"),
        ("Revenue was 57,370,019 dollars.", "CNY", "dollars"),
        ("Revenue was ¥57,370,019.", "CNY", None),
        ("营收为5,737.0万元。", "CNY", None),
        ("Revenue was €12.", "CNY", "€"),
        ("Revenue was $12.", "USD", None),
        ("No money here, 12 orders.", "CNY", None),
    ],
)
def test_wrong_currency(text: str, currency: str, wrong: str | None) -> None:
    assert wrong_currency(text, currency) == wrong


def test_template_money_uses_the_locale_currency() -> None:
    assert format_value(1234.0, "currency", "en") == "¥1,234"
    assert format_value(1234.0, "currency", "en", "USD") == "$1,234"
    assert format_value(12.5, "currency", "zh", "CHF") == "12.50 CHF"
    assert format_value(123456, "currency", "zh") == "12.3万元"


@pytest.fixture
def stub() -> Iterator[LLMStub]:
    with LLMStub() as server:
        yield server


def test_an_llm_summary_in_dollars_for_cny_is_replaced_by_the_template(
    stub: LLMStub, demo_warehouse_path: Path, tmp_path: Path
) -> None:
    settings = load_settings(warehouse=demo_warehouse_path, llm="openai", openai_base_url=stub.base_url,
                             openai_api_key="sk-test", llm_model="stub-model", audit_log=tmp_path / "audit.jsonl",
                             as_of=date(2026, 11, 22))  # fmt: skip
    plan = {"status": "ok", "query": {"metrics": ["revenue"]}, "assumptions": []}
    stub.enqueue(tool_call_reply(plan), text_reply("Revenue was $195,663,827.45 in total."))
    answer = final_answer(run_question(Runtime(settings), "How much cash came in overall?"))
    assert answer.status == "answered" and "$" not in answer.summary and "¥" in answer.summary
    assert any("another currency" in a for a in answer.assumptions)
    system = stub.requests[1]["messages"][0]["content"]
    assert "Money amounts are in CNY" in system
