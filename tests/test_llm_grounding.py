"""LLM plans are grounded in the question like offline ones, in both prompt modes (real openai client over the
loopback stub server): an invented time range is dropped and said so, the interpretation is filled, and the
compact prompt stays within ~2,000 tokens."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from tests.llm_stub import LLMStub, text_reply, tool_call_reply

QUESTION = "How much cash did each area bring in?"  # no time in it; the offline planner asks back
INVENTED = {
    "status": "ok",
    "query": {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}],
              "time_range": {"start": "2026-01-01", "end": "2026-06-15", "label": "last 3 months"}},
    "assumptions": [],
}  # fmt: skip


@pytest.fixture
def stub() -> Iterator[LLMStub]:
    with LLMStub() as server:
        yield server


def estimated_tokens(text: str) -> float:
    """Conservative: 3.2 ASCII characters per token, one token per other character."""
    return sum(1 for ch in text if ord(ch) > 127) + sum(1 for ch in text if ord(ch) <= 127) / 3.2


def prompt_size(request: dict[str, Any]) -> float:
    texts = [m["content"] for m in request["messages"]] + [json.dumps(request.get("tools", []))]
    return estimated_tokens("".join(texts))


@pytest.mark.parametrize("mode", ["full", "compact"])
def test_an_invented_time_range_is_dropped_in_both_prompt_modes(
    mode: str, stub: LLMStub, demo_warehouse_path: Path, tmp_path: Path
) -> None:
    settings = load_settings(warehouse=demo_warehouse_path, llm="openai", openai_base_url=stub.base_url,
                             openai_api_key="sk-test", llm_model="stub-model", audit_log=tmp_path / "audit.jsonl",
                             llm_prompt_mode=mode, as_of=date(2026, 11, 22))  # fmt: skip
    stub.enqueue(tool_call_reply(INVENTED), text_reply("East brought in the most revenue."))
    answer = final_answer(run_question(Runtime(settings), QUESTION))
    assert answer.status == "answered" and answer.plan is not None and answer.plan.query is not None
    assert answer.plan.query.time_range is None
    assert any("Dropped the time range 2026-01-01..2026-06-15" in a for a in answer.assumptions)
    assert not any("2026-06-15" in a and "Dropped" not in a for a in answer.assumptions)
    assert answer.row_count == 5
    assert any(s.role == "dimension" and s.text == "area" for s in answer.plan.interpretation)
    request = stub.requests[0]
    schema = json.dumps(request["tools"][0]["function"]["parameters"])
    assert "interpretation" not in schema and "unrecognized" not in schema  # ours to fill, not the model's
    if mode == "compact":
        assert prompt_size(request) <= 2_000
    else:
        assert prompt_size(request) > 2_000
