"""Ask every question (after its chat history) and score the answer against the gold result."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from assistant.contracts import Answer, AnswerStatus, Turn
from assistant.errors import ChatBIError, UserInputError
from assistant.evaluation.compare import ResultTable, table_mismatch
from assistant.evaluation.dataset import EvalItem
from assistant.evaluation.report import EvalReport, ItemResult, Outcome, build_report
from semantic_layer import SemanticQuery
from semantic_layer.errors import SemanticLayerError
from semantic_layer.time_calendar import previous_period, same_period_last_year

Ask = Callable[[str, Sequence[Turn]], Answer]
"""Answers a question given the earlier turns of the chat (the pipeline, or a fake in tests)."""

RunGold = Callable[[SemanticQuery | str], ResultTable]
"""Runs a SemanticQuery or SQL on the warehouse; also re-runs the assistant's themes queries."""


def evaluate(items: Sequence[EvalItem], *, ask: Ask, run_gold: RunGold) -> EvalReport:
    return build_report([evaluate_item(item, ask=ask, run_gold=run_gold) for item in items])


def evaluate_item(item: EvalItem, *, ask: Ask, run_gold: RunGold) -> ItemResult:
    """Ask the history questions in order (as a user would), then the question, and score the last answer."""
    turns: list[Turn] = []
    try:
        for earlier in item.history:
            previous = ask(earlier, tuple(turns))
            turns.append(Turn(question=earlier, query=previous.plan.query if previous.plan else None))
        answer = ask(item.question, tuple(turns))
    except Exception as exc:  # one crashing question must not hide the results of the others
        return _result(item, "error", "wrong", f"the assistant raised {type(exc).__name__}: {exc}")
    outcome, reason = score(item, answer, run_gold)
    query = answer.plan.query if answer.plan else None
    return _result(
        item,
        answer.status,
        outcome,
        reason,
        query=query.model_dump(mode="json", exclude_defaults=True) if query else None,
        latency_ms=answer.timings_ms.get("total"),
    )


def _result(
    item: EvalItem,
    status: AnswerStatus,
    outcome: Outcome,
    reason: str | None,
    *,
    query: dict[str, Any] | None = None,
    latency_ms: float | None = None,
) -> ItemResult:
    return ItemResult(
        id=item.id,
        category=item.category,
        language=item.language,
        question=item.question,
        history=item.history,
        expect=item.expect,
        status=status,
        outcome=outcome,
        reason=reason,
        query=query,
        latency_ms=latency_ms,
    )


def score(item: EvalItem, answer: Answer, run_gold: RunGold) -> tuple[Outcome, str | None]:
    """correct / wrong / abstain, with the reason when not correct."""
    if answer.status != "answered":
        if item.expect == "abstain":
            return "correct", None
        return "abstain", f"{answer.status}: {answer.message}" if answer.message else answer.status
    if item.expect == "abstain":
        return "wrong", "answered a question the assistant should decline"
    if item.gold_query is not None and item.gold_query.kind == "themes":
        return _score_themes(item, item.gold_query, answer, run_gold)
    gold = _gold(item, run_gold)
    reason = table_mismatch(gold, ResultTable(answer.columns, answer.rows), ordered=item.ordered)
    top = _highlighted_rows(answer)
    if reason is not None and top is not None:
        reason = table_mismatch(gold, ResultTable(answer.columns, top), ordered=item.ordered) and reason
    periods = _periods_as_rows(answer)
    if reason is not None and periods is not None:
        reason = table_mismatch(gold, periods, ordered=False) and reason
    return ("correct", None) if reason is None else ("wrong", reason)


def _highlighted_rows(answer: Answer) -> list[list[Any]] | None:
    """A ranking ("which region has the highest ...") shows every group ranked with its top n highlighted
    (the chart spec's `highlight`): the user reads both, so a gold of either form is answered."""
    highlight = answer.chart.get("highlight") if answer.chart else None
    return answer.rows[:highlight] if isinstance(highlight, int) and highlight > 0 else None


def _periods_as_rows(answer: Answer) -> ResultTable | None:
    """A comparison with an earlier period answers each group in one row (`revenue`, `revenue_previous`,
    `revenue_change`); a gold that lists the two periods as two rows ("Q3 2026 versus Q3 2025") holds the same
    figures, so the answer is also read with one row per period (the periods' own labels are not compared)."""
    query = answer.plan.query if answer.plan else None
    if query is None or query.compare is None or not query.compare.previous_period:
        return None
    columns = list(answer.columns)
    metrics = [m for m in query.metrics if m in columns and f"{m}_previous" in columns]
    if not metrics:
        return None
    derived = {name for m in metrics for name in columns if name == m or name.startswith(f"{m}_")}
    keys = [i for i, name in enumerate(columns) if name not in derived]
    now = [columns.index(m) for m in metrics]
    before = [columns.index(f"{m}_previous") for m in metrics]
    rows = [[row[i] for i in keys] + [row[i] for i in period] for row in answer.rows for period in (now, before)]
    starts = _period_starts(query)
    if starts is None:
        return ResultTable([columns[i] for i in keys] + metrics, rows)
    # each period's first day as a column too: a gold that names its periods (date_trunc('month', …)) has one
    dated = [[starts[n % 2], *row] for n, row in enumerate(rows)]
    return ResultTable(["period", *(columns[i] for i in keys), *metrics], dated)


def _period_starts(query: SemanticQuery) -> tuple[date, date] | None:
    if query.time_range is None or query.compare is None:
        return None
    start, end = query.time_range.start, query.time_range.end
    try:
        if query.compare.year_over_year:
            return start, same_period_last_year(start, end)[0]
        return start, previous_period(start, end)[0]
    except SemanticLayerError:
        return None


def _score_themes(item: EvalItem, gold: SemanticQuery, answer: Answer, run_gold: RunGold) -> tuple[Outcome, str | None]:
    """Themes are scored by their focus population (the set of text ids), not by the theme summary."""
    query = answer.plan.query if answer.plan else None
    if query is None or query.kind != "themes":
        return "wrong", f"expected a themes answer, got {'no query' if query is None else query.kind}"
    if query.text_field != gold.text_field:
        return "wrong", f"analysed '{query.text_field}', the gold analyses '{gold.text_field}'"
    expected = _text_ids(_gold(item, run_gold))
    try:
        got = _text_ids(run_gold(_focus(query)))
    except (ChatBIError, SemanticLayerError) as exc:
        return "wrong", f"the answer's themes query could not be run: {exc}"
    if got == expected:
        return "correct", None
    return "wrong", f"{len(got)} texts in the focus population, the gold {len(expected)} ({len(got & expected)} shared)"


def _focus(query: SemanticQuery) -> SemanticQuery:
    """The focus population alone: a comparison (previous period, other segments) is not scored."""
    return query.model_copy(update={"compare": None})


def _text_ids(table: ResultTable) -> set[str]:
    if "id" not in table.columns:
        raise UserInputError("a themes result has no 'id' column")
    index = list(table.columns).index("id")
    return {str(row[index]) for row in table.rows}


def _gold(item: EvalItem, run_gold: RunGold) -> ResultTable:
    gold = item.gold_query if item.gold_query is not None else item.gold_sql
    assert gold is not None  # EvalItem validation: an item expecting an answer has one gold
    try:
        return run_gold(_focus(gold) if isinstance(gold, SemanticQuery) and gold.kind == "themes" else gold)
    except (ChatBIError, SemanticLayerError) as exc:
        raise UserInputError(f"Item '{item.id}': the gold could not be run: {exc}") from exc
