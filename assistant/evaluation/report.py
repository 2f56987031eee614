"""The evaluation report: per-item results, execution accuracy overall and per category, the failures."""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from assistant.contracts import AnswerStatus, Language

Outcome = Literal["correct", "wrong", "abstain"]


class ItemResult(BaseModel):
    """How the assistant did on one question."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: str
    language: Language
    question: str
    history: list[str] = []
    expect: Literal["answer", "abstain"]
    status: AnswerStatus
    outcome: Outcome
    reason: str | None = None  # why it is not correct
    query: dict[str, Any] | None = None  # the planner's SemanticQuery, as JSON
    latency_ms: float | None = None  # Answer.timings_ms.total of the scored question


class Stats(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int
    correct: int
    wrong: int
    abstained: int
    execution_accuracy: float  # correct / n
    wrong_rate: float  # wrong / n: the number users must not get
    abstain_rate: float  # abstained / n, among questions that have an answer
    latency_median_ms: float | None
    latency_p95_ms: float | None


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = None
    as_of: date | None = None
    overall: Stats
    categories: dict[str, Stats]
    languages: dict[str, Stats]
    failures: list[ItemResult]  # every result that is not correct: wrong answers first, by category, then abstentions


def build_report(results: Sequence[ItemResult]) -> EvalReport:
    return EvalReport(
        overall=stats(results),
        categories=_grouped(results, lambda r: r.category),
        languages=_grouped(results, lambda r: r.language),
        failures=_worst_first([r for r in results if r.outcome != "correct"]),
    )


def _worst_first(failures: list[ItemResult]) -> list[ItemResult]:
    """A wrong number is worse than a question back: wrong answers first, grouped by category (categories in
    order of their first wrong answer), then the abstentions in file order."""
    wrong = [r for r in failures if r.outcome == "wrong"]
    order = list(dict.fromkeys(r.category for r in wrong))
    wrong.sort(key=lambda r: order.index(r.category))
    return wrong + [r for r in failures if r.outcome != "wrong"]


def stats(results: Sequence[ItemResult]) -> Stats:
    n = len(results)
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in ("correct", "wrong", "abstain")}
    latencies = sorted(r.latency_ms for r in results if r.latency_ms is not None)
    return Stats(
        n=n,
        correct=counts["correct"],
        wrong=counts["wrong"],
        abstained=counts["abstain"],
        execution_accuracy=counts["correct"] / n if n else 0.0,
        wrong_rate=counts["wrong"] / n if n else 0.0,
        abstain_rate=counts["abstain"] / n if n else 0.0,
        latency_median_ms=statistics.median(latencies) if latencies else None,
        latency_p95_ms=percentile(latencies, 95) if latencies else None,
    )


def percentile(ordered: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of sorted, non-empty values."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _grouped(results: Sequence[ItemResult], key: Callable[[ItemResult], str]) -> dict[str, Stats]:
    groups: dict[str, list[ItemResult]] = {}
    for result in results:
        groups.setdefault(key(result), []).append(result)
    return {name: stats(groups[name]) for name in sorted(groups)}


def render_report(report: EvalReport) -> str:
    """The report for a terminal: a table per category and language, then each failure."""
    title = f"Evaluation of {report.file or 'questions'}" + (f" (as of {report.as_of})" if report.as_of else "")
    header = f"{'':24} {'n':>4} {'accuracy':>9} {'wrong':>7} {'abstain':>8} {'p50 ms':>8} {'p95 ms':>8}"
    lines = [title, "", header]
    lines += [_stats_line(name, s) for name, s in report.categories.items()]
    lines += [""] + [_stats_line(f"language {name}", s) for name, s in report.languages.items()]
    lines += ["", _stats_line("overall", report.overall)]
    wrong = [f for f in report.failures if f.outcome == "wrong"]
    if wrong:
        lines += ["", f"Wrong answers ({len(wrong)}), by category:"]
        for category in dict.fromkeys(f.category for f in wrong):
            group = [f for f in wrong if f.category == category]
            lines += [f"  {category} ({len(group)}):"]
            for failure in group:
                lines += _failure_lines(failure)
    others = [f for f in report.failures if f.outcome != "wrong"]
    if others:
        lines += ["", f"Not answered ({len(others)}):"]
        for failure in others:
            lines += _failure_lines(failure)
    return "\n".join(lines)


def _stats_line(name: str, s: Stats) -> str:
    return (
        f"{name[:24]:24} {s.n:>4} {s.execution_accuracy:>9.1%} {s.wrong_rate:>7.1%} {s.abstain_rate:>8.1%}"
        f" {_ms(s.latency_median_ms):>8} {_ms(s.latency_p95_ms):>8}"
    )


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _failure_lines(failure: ItemResult) -> list[str]:
    lines = [f"- [{failure.id}] {failure.question}"]
    if failure.history:
        lines.append("    after: " + " / ".join(failure.history))
    lines.append(f"    {failure.outcome} (status {failure.status}): {failure.reason or ''}".rstrip())
    if failure.query is not None:
        lines.append("    query: " + json.dumps(failure.query, ensure_ascii=False))
    return lines
