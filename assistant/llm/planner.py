"""The LLM planner: question (+ chat) -> Plan, validated against the semantic model, repaired at most twice.

The model's structured output is the Plan of DESIGN §3 (without `planner`, which we set to `llm:<model>`).
A reply is checked by its structure (the Plan schema), then by the semantic layer (every name, the dates,
by compiling the query) or, for the SQL fallback, by the guard; the problems — unknown names with the
closest valid ones, bad dates, guard refusals — go back to the model for at most two repair rounds. When no
usable plan comes, or the endpoint fails, `plan_or_fallback` answers with the offline planner and a notice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

from pydantic import ValidationError

from assistant.contracts import Language, Plan, Turn, detect_language
from assistant.errors import GuardRefusal
from assistant.llm import notices
from assistant.llm.catalog import catalog_slice
from assistant.llm.plan_text import vet_plan_text
from assistant.llm.session import Completion, LLMFailure, LLMSession, Message
from assistant.llm.sql import check_model_sql
from assistant.prompts import render
from assistant.text_safety import strip_invisible
from semantic_layer import SemanticModel, compile_query
from semantic_layer.errors import QueryError, SemanticLayerError

MAX_REPAIRS = 2
MAX_NOTES, NOTE_CHARS = 6, 300  # the model's assumptions / suggestions kept, and their length


COMPACT_CATALOG_BUDGET = 2_000  # characters of catalog lines in the compact prompt
COMPACT_EXAMPLES_CHARS = 500


@cache
def plan_schema(compact: bool = False) -> dict[str, Any]:
    """The Plan JSON schema the model fills: Plan without `planner`, and without `interpretation` and
    `unrecognized` (filled by grounding the plan in the question, never by the model). Compact: no
    descriptions, no `sql` fallback and no `share`, for small local models."""
    schema = Plan.model_json_schema()
    for ours in ("planner", "interpretation", "unrecognized", *(("sql",) if compact else ())):
        schema["properties"].pop(ours, None)
    schema.get("$defs", {}).pop("Span", None)
    schema["required"] = [name for name in schema.get("required", []) if name in schema["properties"]]
    if compact:
        schema = _without_descriptions(schema)
        # small local models: no `share` (shares the catalog has no rate for are left to the offline planner)
        query = schema.get("$defs", {}).get("SemanticQuery", {})
        query.get("properties", {}).pop("share", None)
        schema.get("$defs", {}).pop("Share", None)
    schema["title"] = "Plan"
    schema["description"] = "How to answer the question: a semantic query, a question back, or a refusal."
    return schema


def _without_descriptions(node: Any) -> Any:
    if isinstance(node, dict):
        dropped = ("description", "title", "default", "additionalProperties", "format")
        return {k: _without_descriptions(v) for k, v in node.items() if k not in dropped}
    if isinstance(node, list):
        return [_without_descriptions(v) for v in node]
    return node


def planning_messages(
    question: str, history: Sequence[Turn], model: SemanticModel, as_of: date, *, compact: bool = False
) -> list[Message]:
    """The system and user messages of the first planning call; `compact` keeps them within ~2,000 tokens."""
    if compact:
        part = catalog_slice(model, question, history, as_of, budget=COMPACT_CATALOG_BUDGET)
        examples = part.examples[:COMPACT_EXAMPLES_CHARS].rpartition("\n")[0] or part.examples[:COMPACT_EXAMPLES_CHARS]
        system = render("plan_system_compact", model_name=model.name, as_of=as_of.isoformat(), catalog=part.catalog,
                        examples=examples or "(none)")  # fmt: skip
        user = render("plan_question", history=part.history, time_phrases=part.time_phrases, question=question)
        return [Message("system", system), Message("user", user)]
    part = catalog_slice(model, question, history, as_of)
    system = render("plan_system", model_name=model.name, model_description=(model.description or model.name).rstrip("."),
                    as_of=as_of.isoformat(), catalog=part.catalog, tables=part.tables,
                    examples=part.examples or "(none)")  # fmt: skip
    user = render("plan_question", history=part.history, time_phrases=part.time_phrases, question=question)
    return [Message("system", system), Message("user", user)]


def plan_with_llm(
    session: LLMSession, question: str, history: Sequence[Turn], model: SemanticModel, as_of: date, *, row_cap: int
) -> Plan:
    """The LLM's plan, valid against the model; raises LLMFailure (endpoint trouble, or unusable after repairs)."""
    compact = session.prompt_mode == "compact"
    first = planning_messages(question, history, model, as_of, compact=compact)
    messages = list(first)
    problems: list[str] = []
    for round_ in range(MAX_REPAIRS + 1):
        purpose = "plan" if round_ == 0 else f"plan_repair_{round_}"
        completion = session.complete(purpose, messages, schema=plan_schema(compact))
        plan, problems = validate_reply(completion, model, as_of, planner=session.planner_name, row_cap=row_cap)
        if plan is not None:
            from assistant.planner.grounded import ground_plan  # the same grounding as the offline planner's

            # The model's own texts are dropped or checked first; grounding then adds our notes.
            vetted = vet_plan_text(plan, question, history, model)
            return ground_plan(vetted, question, history, model, as_of, detect_language(question))
        if round_ == MAX_REPAIRS:
            break
        shown = json.dumps(completion.data, ensure_ascii=False) if completion.data is not None else completion.text
        repair = render("plan_repair", problems="\n".join(f"- {p}" for p in problems))
        messages = [*first, Message("assistant", shown[:4000] or "(empty reply)"), Message("user", repair)]
    raise LLMFailure("unusable", "; ".join(problems)[:500])


def validate_reply(
    completion: Completion, model: SemanticModel, as_of: date, *, planner: str, row_cap: int
) -> tuple[Plan | None, list[str]]:
    """The reply as a Plan the pipeline can run, or the problems to send back."""
    if completion.data is None:
        return None, [f"The reply could not be read as a Plan: {completion.parse_error or 'no JSON object'}."]
    data = {key: value for key, value in completion.data.items() if key != "planner"}
    try:
        plan = Plan.model_validate({**data, "planner": planner})
    except ValidationError as exc:
        return None, [_pydantic_problem(error) for error in exc.errors()[:8]]
    problems = _semantic_problems(plan, model, as_of, row_cap)
    if problems:
        return None, problems
    return _tidy(plan), []


def plan_or_fallback(
    session: LLMSession, question: str, history: Sequence[Turn], model: SemanticModel, as_of: date,
    language: Language, *, row_cap: int,
) -> Plan:  # fmt: skip
    """The LLM's plan; on any LLM failure the offline planner's, with a visible notice first in its assumptions."""
    from assistant.planner import plan_question

    try:
        return plan_with_llm(session, question, history, model, as_of, row_cap=row_cap)
    except LLMFailure as failure:
        session.notes.append(f"planner fell back to offline: {failure.kind}: {failure.detail}")
        plan = plan_question(question, history, model, as_of, language)
        notice = notices.planner_fallback(failure, language, repairs=MAX_REPAIRS)
        return plan.model_copy(update={"assumptions": [notice, *plan.assumptions]})


def _semantic_problems(plan: Plan, model: SemanticModel, as_of: date, row_cap: int) -> list[str]:
    if plan.status == "clarify" and not (plan.clarification or "").strip():
        return ["status 'clarify' needs a clarification question."]
    if plan.status != "ok":
        return []
    if plan.query is not None and plan.sql:
        return ["Give either query or sql, not both (sql only when no query can express the question)."]
    if plan.sql:
        try:
            check_model_sql(model, plan.sql, row_cap=row_cap)
        except GuardRefusal as exc:
            return [f"The sql was refused: {exc.reason}"]
        return []
    if plan.query is None:
        return ["status 'ok' needs a query (or, only when no query can express the question, sql)."]
    problems = []
    window = plan.query.time_range
    if window is not None and window.start > as_of:
        problems.append(f"time_range starts on {window.start}, after the as-of date {as_of}; dates end by {as_of}.")
    try:
        compile_query(model, plan.query, as_of=as_of)
    except QueryError as exc:
        problems += exc.problems
    except SemanticLayerError as exc:
        problems.append(str(exc))
    return problems


def _pydantic_problem(error: Any) -> str:
    where = ".".join(str(part) for part in error.get("loc", ())) or "plan"
    given = error.get("input")
    shown = (
        json.dumps(given, ensure_ascii=False, default=str)[:80]
        if given is not None and not isinstance(given, dict)
        else ""
    )
    return f"{where}: {error.get('msg', 'invalid')}" + (f" (got {shown})" if shown else "")


def _tidy(plan: Plan) -> Plan:
    """The model's own texts, made safe to show: invisible characters stripped, count and length capped."""

    def clean(texts: Sequence[str]) -> list[str]:
        kept = (" ".join(strip_invisible(text).split())[:NOTE_CHARS] for text in texts)
        return [text for text in kept if text][:MAX_NOTES]

    clarification = next(iter(clean([plan.clarification or ""])), None)
    sql = plan.sql.strip() if plan.sql else None
    return plan.model_copy(update={"assumptions": clean(plan.assumptions), "suggestions": clean(plan.suggestions),
                                   "clarification": clarification, "sql": sql})  # fmt: skip
