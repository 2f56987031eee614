"""plan -> compile -> guard -> execute -> answer, as typed events the CLI and UI render.

`explain` stops after the guard and never touches data. Errors the user can act on become an Answer
with status error/refused and a message; only bugs propagate.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.charts import MAX_CATEGORIES, chart_spec, running_period
from assistant.contracts import TIMING_STAGES, Answer, Language, Plan, ThemeReport, Turn, detect_language
from assistant.engines.base import QueryResult, RowsResult
from assistant.errors import GuardRefusal, WarehouseError
from assistant.followup_notes import MAX_RANKED, followup_notes, release_ranking
from assistant.guard import guard_sql, guard_tree
from assistant.guard_columns import column_policy
from assistant.runtime import Runtime
from assistant.summarize import Stated, stated_by, summarize
from assistant.summary.formatting import period_label
from semantic_layer import CompiledQuery, OutputColumn, SemanticQuery, compile_query
from semantic_layer.describe import describe_query, localize_notes
from semantic_layer.errors import QueryError

if TYPE_CHECKING:
    from assistant.llm import LLMSession


@dataclass(frozen=True)
class Planned:
    plan: Plan


@dataclass(frozen=True)
class Compiled:
    sql: str
    assumptions: list[str]


@dataclass(frozen=True)
class Executed:
    row_count: int
    truncated: bool


@dataclass(frozen=True)
class Themed:
    report: ThemeReport


@dataclass(frozen=True)
class Answered:
    answer: Answer


Event = Planned | Compiled | Executed | Themed | Answered

AS_OF_TEXT = {"en": "Data as of {as_of}.", "zh": "数据截至 {as_of}。"}
TEXT_CAP_TEXT = {"en": "Only the first {cap:,} texts were analysed.", "zh": "仅分析了前 {cap:,} 条文本。"}
RANKED_TEXT = {
    "en": "Every group is shown, ranked; the top {limit} the question asked for is highlighted.",
    "zh": "显示全部分组并排序,突出显示问题所问的前 {limit} 名。",
}
PARTIAL_TEXT = {
    "en": "{period} is incomplete (data up to {as_of}): it is marked in the chart and not compared with full periods.",
    "zh": "{period} 尚未结束(数据截至 {as_of}):图中已标出,不与完整周期比较。",
}
EXPLAIN_MESSAGE = "Explained only: the SQL was compiled and passed the guard but was not run."


@dataclass
class _Stopwatch:
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(TIMING_STAGES, 0.0))
    _started: float = field(default_factory=time.perf_counter)
    _mark: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.timings[stage] = round((now - self._mark) * 1000, 3)
        self._mark = now

    def finish(self) -> dict[str, float]:
        self.timings["total"] = round((time.perf_counter() - self._started) * 1000, 3)
        return self.timings


def direct_plan(query: SemanticQuery) -> Plan:
    """The plan of a query given as JSON (no planner involved)."""
    return Plan(status="ok", query=query, planner="direct")


def run_plan(
    runtime: Runtime,
    plan: Plan,
    question: str = "",
    *,
    execute: bool = True,
    llm: LLMSession | None = None,
    plan_ms: float = 0.0,
) -> Iterator[Event]:
    """Run a plan; `llm` (the question's LLM session) writes the summary and theme labels when given, and
    `plan_ms` (time spent planning, LLM calls included) counts in the timings and the audit record."""
    clock = _Stopwatch()
    if plan_ms:
        clock.timings["plan"], clock._started = plan_ms, clock._started - plan_ms / 1000
    language = detect_language(question)
    answer = Answer(question=question, language=language, status="error", plan=plan, assumptions=list(plan.assumptions))
    verdict = ["not reached"]
    yield Planned(plan)
    try:
        yield from _stages(runtime, plan, answer, clock, verdict, execute=execute, llm=llm)
    except QueryError as exc:
        answer.message = "The question does not fit the semantic model: " + "; ".join(exc.problems)
    except GuardRefusal as exc:
        verdict[0], answer.status, answer.message = f"refused: {exc.reason}", "refused", str(exc)
    except WarehouseError as exc:
        answer.message = str(exc)
    finally:
        answer.timings_ms = clock.finish()
        _audit(runtime, "ask" if execute else "explain", answer, verdict[0], llm)
    yield Answered(answer)


def _stages(
    runtime: Runtime,
    plan: Plan,
    answer: Answer,
    clock: _Stopwatch,
    verdict: list[str],
    *,
    execute: bool,
    llm: LLMSession | None = None,
) -> Iterator[Event]:
    """The stages after planning; fills `answer` in place and yields progress events."""
    if plan.status == "ok" and plan.query is None and plan.sql:
        yield from _sql_stages(runtime, plan.sql, answer, clock, verdict, execute=execute, llm=llm)
        return
    if plan.status != "ok" or plan.query is None:
        answer.status = plan.status if plan.status in ("clarify", "refused") else "unsupported"
        answer.message = plan.clarification
        return
    # "Which region has the highest ...": the plan keeps the question's limit; the query that runs shows every
    # region, ranked, and the chart and table highlight the top ones.
    query = ranking_query(plan.query) or plan.query
    highlight = plan.query.limit if query is not plan.query else None
    if highlight is not None:
        answer.assumptions.append(RANKED_TEXT[answer.language].format(limit=highlight))
    compiled = compile_query(runtime.model, query, as_of=runtime.as_of, dialect=runtime.dialect)
    answer.assumptions += describe_query(runtime.model, query, answer.language)
    answer.assumptions += localize_notes(runtime.model, compiled.notes, answer.language)
    answer.assumptions.append(AS_OF_TEXT[answer.language].format(as_of=runtime.as_of))
    answer.columns = [column.name for column in compiled.columns]
    clock.lap("compile")
    cap = runtime.settings.max_texts if query.kind == "themes" else runtime.settings.row_cap
    # Only a themes query (ours, compiled) may output free text: the themes stage turns it into masked quotes.
    policy = column_policy(runtime.model)
    rules = policy.for_themes() if query.kind == "themes" else policy
    # The compiler's tree is handed over: checked as it stands, no parse of its text (guard_tree).
    guarded = guard_tree(
        compiled.expression, compiled.sql, allowed_tables=runtime.model.tables(), row_cap=cap, columns=rules,
        dialect=runtime.dialect,
    )  # fmt: skip
    verdict[0], answer.sql = "accepted", guarded.query_sql
    clock.lap("guard")
    yield Compiled(guarded.query_sql, answer.assumptions)
    if not execute:
        answer.status, answer.message = "answered", EXPLAIN_MESSAGE
        return
    # Only the themes stage reads a frame; a metric answer takes its rows straight from the engine (Engine.run_rows).
    result = runtime.warehouse.run(guarded) if query.kind == "themes" else runtime.warehouse.run_rows(guarded)
    clock.lap("execute")
    columns = list(compiled.columns)
    report = None
    if isinstance(result, QueryResult):
        report, columns = _themes(runtime, query, compiled, result, answer)
        if llm is not None and runtime.settings.llm_theme_labels:
            report = _llm_theme_labels(llm, report, answer)
        yield Themed(report)
        clock.lap("themes")
    else:
        _fill_rows(answer, result)
        yield Executed(answer.row_count, answer.truncated)
    answer.chart = chart_spec(runtime.model, query, columns, answer.rows, answer.language, as_of=runtime.as_of,
                              highlight=highlight)  # fmt: skip
    running = running_period(columns, answer.rows, runtime.as_of) if query.kind == "metrics" else None
    if running is not None:
        period = period_label(running[0], running[1], answer.language)
        answer.assumptions.append(PARTIAL_TEXT[answer.language].format(period=period, as_of=runtime.as_of))
    answer.summary = summarize(model=runtime.model, query=query, columns=columns, rows=answer.rows, language=answer.language,
                               truncated=answer.truncated, themes=report, time_label=_time_label(query, answer.language),
                               partial_last=running is not None)  # fmt: skip
    if llm is not None:
        stated = stated_by(runtime.model, query, _time_label(query, answer.language))
        _llm_summary(llm, answer, report, stated, runtime.model.locale.currency)
    clock.lap("summarize")


def _sql_stages(
    runtime: Runtime,
    sql: str,
    answer: Answer,
    clock: _Stopwatch,
    verdict: list[str],
    *,
    execute: bool,
    llm: LLMSession | None,
) -> Iterator[Event]:
    """SQL the LLM wrote because the semantic model could not express the question: guarded (tables, functions,
    personal data), run like any query, and flagged as not from the semantic layer."""
    from assistant.llm.notices import not_semantic
    from assistant.llm.sql import check_model_sql
    from assistant.summary.templates import TEXT

    answer.assumptions += [not_semantic(answer.language), AS_OF_TEXT[answer.language].format(as_of=runtime.as_of)]
    clock.lap("compile")
    guarded = check_model_sql(runtime.model, sql, row_cap=runtime.settings.row_cap, dialect=runtime.dialect)
    verdict[0], answer.sql = "accepted", guarded.query_sql
    clock.lap("guard")
    yield Compiled(guarded.query_sql, answer.assumptions)
    if not execute:
        answer.status, answer.message = "answered", EXPLAIN_MESSAGE
        return
    result = runtime.warehouse.run_rows(guarded)
    clock.lap("execute")
    _fill_rows(answer, result)
    yield Executed(answer.row_count, answer.truncated)
    answer.summary = TEXT[answer.language]["fallback"]
    if llm is not None:
        _llm_summary(llm, answer, None, None, runtime.model.locale.currency)
    clock.lap("summarize")


def _llm_summary(
    llm: LLMSession, answer: Answer, report: ThemeReport | None, stated: Stated | None, currency: str = "CNY"
) -> None:
    """The LLM's summary replaces the template one only when usable and grounded; else a notice says why."""
    from assistant.llm.summarizer import summarize_with_llm

    answer.summary, notice = summarize_with_llm(
        llm, question=answer.question, language=answer.language, columns=answer.columns, rows=answer.rows,
        assumptions=answer.assumptions, themes=report, template=answer.summary, stated=stated, currency=currency,
    )  # fmt: skip
    if notice:
        answer.assumptions.append(notice)


def _llm_theme_labels(llm: LLMSession, report: ThemeReport, answer: Answer) -> ThemeReport:
    """LLM names for discovered themes, in the report, the answer's themes and its theme table."""
    from assistant.llm.summarizer import label_themes

    report = label_themes(llm, report, answer.language)
    answer.themes = report.themes
    answer.rows = [[theme.label, theme.count, theme.share] for theme in report.themes]
    return report


def _themes(
    runtime: Runtime, query: SemanticQuery, compiled: CompiledQuery, result: QueryResult, answer: Answer
) -> tuple[ThemeReport, list[OutputColumn]]:
    """Replace the population's texts with their themes: raw texts never become answer rows."""
    from assistant.themes import analyze_population
    from assistant.themes.engine import embedder_for

    field = runtime.model.text_field(query.text_field or "")
    labels = compiled.populations
    others = [label for label in labels[1:] if label != "previous"]
    report = analyze_population(
        result.frame, field.taxonomy, labelled=field.labelled_examples, language=answer.language, focus=labels[0],
        comparison=others[0] if others else None, previous="previous" if "previous" in labels else None,
        embedder=embedder_for(runtime.settings),
    )  # fmt: skip
    if result.truncated:
        answer.assumptions.append(TEXT_CAP_TEXT[answer.language].format(cap=runtime.settings.max_texts))
    columns = theme_columns(field.count_column)
    answer.themes = report.themes
    answer.columns = [column.name for column in columns]
    answer.rows = [[theme.label, theme.count, theme.share] for theme in report.themes]
    answer.row_count, answer.truncated, answer.status = len(answer.rows), False, "answered"
    return report, columns


def theme_columns(count_column: str) -> list[OutputColumn]:
    """The columns of a theme answer's table: theme, the text field's count column, share."""
    return [
        OutputColumn("theme", "dimension", "theme", "categorical"),
        OutputColumn(count_column, "metric", count_column, "integer"),
        OutputColumn("share", "metric", "share", "percent"),
    ]


def _time_label(query: SemanticQuery, language: Language) -> str | None:
    label = query.time_range.label if query.time_range else None
    return label if label and (detect_language(label) == language) else None


def ranking_query(query: SemanticQuery) -> SemanticQuery | None:
    """The query with its small limit lifted (to as many bars as a chart shows) when it ranks one category by a
    metric ("which region has the highest churn rate"), so the answer shows every group ranked with the top
    ones highlighted (the chart spec's `highlight`); else None."""
    if query.kind != "metrics" or query.limit is None or query.limit > MAX_RANKED or query.compare is not None:
        return None
    if len(query.dimensions) != 1 or query.dimensions[0].grain is not None or not query.order_by:
        return None
    if not all(order.field in query.metrics for order in query.order_by):
        return None
    return query.model_copy(update={"limit": MAX_CATEGORIES})


def run_question(
    runtime: Runtime, question: str, history: Sequence[Turn] = (), *, execute: bool = True
) -> Iterator[Event]:
    """Plan a natural-language question and answer it (or only explain it). With an LLM configured
    (`settings.llm_enabled`) the LLM plans and summarizes within the LLM deadline; if it fails, the offline
    planner and the template summary answer, and the answer's assumptions say so."""
    language = detect_language(question)
    clock = time.perf_counter()
    llm = None
    if runtime.settings.llm_enabled:
        from assistant.llm import open_session
        from assistant.llm.planner import plan_or_fallback

        llm = open_session(runtime.settings)
        plan = plan_or_fallback(llm, question, history, runtime.model, runtime.as_of, language,
                                row_cap=runtime.settings.row_cap)  # fmt: skip
    else:
        from assistant.planner import plan_question
        from assistant.rows_shown import rows_shown

        model = runtime.planning_model if execute else runtime.model  # 'explain' touches no data
        plan = plan_question(question, history, model, runtime.as_of, language, rows_shown(runtime))
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    if previous is not None and plan.query is not None:
        query = release_ranking(previous, plan.query)
        notes = followup_notes(runtime.model, previous, query, language)
        plan = plan.model_copy(update={"query": query, "assumptions": [*plan.assumptions, *notes]})
    plan_ms = round((time.perf_counter() - clock) * 1000, 3)
    yield from run_plan(runtime, plan, question, execute=execute, llm=llm, plan_ms=plan_ms)


def run_sql(runtime: Runtime, sql: str) -> Answer:
    """Guard and run analyst-written SQL: refused with the reason, or answered with rows."""
    clock = _Stopwatch()
    answer = Answer(question=sql, status="error", sql=sql)
    verdict = "not reached"
    try:
        guarded = guard_sql(
            sql, allowed_tables=runtime.model.tables(), row_cap=runtime.settings.row_cap,
            columns=column_policy(runtime.model), dialect=runtime.dialect,
        )  # fmt: skip
        verdict, answer.sql = "accepted", guarded.query_sql
        clock.lap("guard")
        result = runtime.warehouse.run_rows(guarded)
        clock.lap("execute")
        _fill_rows(answer, result)
    except GuardRefusal as exc:
        verdict, answer.status, answer.message = f"refused: {exc.reason}", "refused", str(exc)
    except WarehouseError as exc:
        answer.message = str(exc)
        if verdict == "accepted":
            clock.lap("execute")  # a query stopped at the timeout or the memory limit still reports its time
    finally:
        answer.timings_ms = clock.finish()
        _audit(runtime, "sql", answer, verdict)
    return answer


def final_answer(events: Iterator[Event]) -> Answer:
    for event in events:
        if isinstance(event, Answered):
            return event.answer
    raise AssertionError("the pipeline ended without an answer")


def _fill_rows(answer: Answer, result: RowsResult) -> None:
    answer.columns = result.columns
    answer.rows = result.rows
    answer.row_count, answer.truncated, answer.status = len(answer.rows), result.truncated, "answered"


def _audit(runtime: Runtime, kind: str, answer: Answer, verdict: str, llm: LLMSession | None = None) -> None:
    plan = answer.plan.model_dump(mode="json") if answer.plan else None
    error = answer.message if answer.status in ("error", "refused") else None
    runtime.audit.record(user=runtime.settings.user, kind=kind, question=answer.question, plan=plan, sql=answer.sql,
                         guard=verdict, row_count=answer.row_count, timings_ms=answer.timings_ms, error=error,
                         llm=llm.audit() if llm is not None else None)  # fmt: skip
