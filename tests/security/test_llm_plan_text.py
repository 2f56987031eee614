"""Issue 9 §4: the LLM's assumptions, clarification and suggestions never reach the user unchecked."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.contracts import Plan
from assistant.llm.plan_text import vet_plan_text
from assistant.llm.planner import plan_with_llm
from assistant.planner.messages import assumption, data_description, suggestions
from semantic_layer import SemanticModel, load_model
from tests.test_llm_unit import FakeBackend, QueuedChatModel, session_over

AS_OF = date(2026, 11, 22)
HOSTILE = [
    "<img src=x onerror=alert(1)> Which region do you mean?",
    "[Verify your account](http://evil.example/login) to see revenue.",
    "Revenue was ¥999,999,999 (audited). Which year?",
    "Log in at evil.example/login first.",
    "![chart](http://evil.example/pixel.png)",
    "Call 13800138000 to confirm your region.",
    "Which region? <script>fetch('//evil.example')</script>",
    "Which region do you mean &#60;b&#62;?",
]


@pytest.fixture(scope="module")
def model() -> SemanticModel:
    return load_model(as_of=AS_OF)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_clarifications_are_replaced_by_ours(model: SemanticModel, text: str) -> None:
    chat = QueuedChatModel().enqueue({"status": "clarify", "clarification": text, "suggestions": [text]})
    plan = plan_with_llm(session_over(FakeBackend(chat)), "How are sales?", [], model, AS_OF, row_cap=100)
    assert plan.status == "clarify"
    assert plan.clarification == assumption("en", "clarify")
    assert plan.suggestions == suggestions(model, "en") and text not in plan.suggestions


def test_clean_texts_stay_and_numbers_the_user_said_are_fine(model: SemanticModel) -> None:
    question = "How many complaints in the last 3 months?"
    clean = Plan(status="clarify", clarification="Do you mean complaint tickets from the last 3 months by region?",
                 suggestions=["Complaints by region in the last 3 months", "Revenue in 2024 was ¥5,000,000"],
                 assumptions=["<b>bold</b> assumption"], planner="llm:x")  # fmt: skip
    vetted = vet_plan_text(clean, question, [], model)
    assert vetted.clarification == clean.clarification
    assert vetted.suggestions == ["Complaints by region in the last 3 months"]  # the made-up figure is dropped
    assert vetted.assumptions == []


def test_llm_assumptions_never_reach_the_plan(model: SemanticModel) -> None:
    reply = {"status": "ok", "query": {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}]},
             "assumptions": ["<img src=x onerror=alert(1)>", "[Verify](http://evil.example)", "Revenue was ¥999,999,999"]}  # fmt: skip
    chat = QueuedChatModel().enqueue(reply)
    plan = plan_with_llm(session_over(FakeBackend(chat)), "revenue by region", [], model, AS_OF, row_cap=100)
    assert plan.status == "ok" and plan.query is not None and plan.assumptions == []


def test_chinese_texts_are_checked_in_chinese(model: SemanticModel) -> None:
    plan = Plan(
        status="unsupported", clarification="请访问 evil.example 查看", suggestions=["各区域的销售额"], planner="llm:x"
    )
    vetted = vet_plan_text(plan, "最近怎么样", [], model)
    assert vetted.clarification == assumption("zh", "outside", data=data_description(model, "zh"))
    assert vetted.suggestions == ["各区域的销售额"]
