"""Check a plan made elsewhere (the LLM's) against the question the same way the offline planner grounds its
own: every element needs a span in the question or the chat history. A time range, filter, segment or limit
with none (e.g. a time range the question never mentioned) is dropped and the assumptions say so; metrics and
breakdowns the words do not name literally are kept (the LLM may paraphrase) and noted in `interpretation`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner import grounding
from assistant.planner.lexicon import Lexicon
from assistant.planner.reading import read
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.cache import per_model
from semantic_layer.errors import TimeExpressionError

_lexicon = per_model(Lexicon)

_DROPPED = {
    "en": "Dropped {what}: nothing in the question or the conversation asked for it.",
    "zh": "去掉了{what}:问题和对话中都没有提到。",
}
_WHAT = {
    "en": {"time_range": "the time range {value}", "filter": "the filter on {value}", "segment": "the population {value}",
           "limit": "the limit of {value} rows"},
    "zh": {"time_range": "时间范围 {value}", "filter": "{value} 的筛选", "segment": "人群 {value}", "limit": "{value} 行的限制"},
}  # fmt: skip


def ground_plan(
    plan: Plan, question: str, history: Sequence[Turn], model: SemanticModel, as_of: date, language: Language
) -> Plan:
    if plan.query is None:
        return plan
    query = plan.query
    spans = _spans(question, history, query, model, as_of)
    notes: list[str] = []
    missing = grounding.unbacked(query, spans)
    update: dict[str, object] = {}
    if "time_range" in missing and query.time_range is not None:
        shown = f"{query.time_range.start}..{query.time_range.end}"
        notes.append(_note(language, "time_range", shown))
        update["time_range"] = None
        if query.compare is not None and query.compare.previous_period and not query.compare.segments:
            update["compare"] = None
    dropped_filters = {m.partition(":")[2] for m in missing if m.startswith("filter:")}
    if dropped_filters:
        update["filters"] = [f for f in query.filters if f.field not in dropped_filters]
        notes += [_note(language, "filter", field) for field in sorted(dropped_filters)]
    dropped_segments = {m.partition(":")[2] for m in missing if m.startswith("segment:")}
    if dropped_segments:
        update["segments"] = [s for s in query.segments if s not in dropped_segments]
        notes += [_note(language, "segment", name) for name in sorted(dropped_segments)]
    if "limit" in missing and query.limit is not None:
        notes.append(_note(language, "limit", str(query.limit)))
        update["limit"] = None
    grounded = SemanticQuery.model_validate({**query.model_dump(), **update}) if update else query
    kept = [s for s in spans if (s.role, s.target) != ("filler", None)]
    return plan.model_copy(
        update={"query": grounded, "interpretation": kept, "assumptions": [*plan.assumptions, *notes]}
    )


def _note(language: Language, what: str, value: str) -> str:
    return _DROPPED[language].format(what=_WHAT[language][what].format(value=value))


def _spans(
    question: str, history: Sequence[Turn], query: SemanticQuery, model: SemanticModel, as_of: date
) -> list[Span]:
    spans: list[Span] = []
    turns = [(0, question), *((-back, t.question) for back, t in enumerate(reversed(history), start=1))]
    for turn, text in turns:
        try:
            reading = read(text, _lexicon(model), as_of)
        except TimeExpressionError:
            continue
        spans += grounding.interpret(reading, query, grounding.identity(reading.text), text, turn=turn)
    return spans
