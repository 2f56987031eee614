"""How the question was read, as chips (metric, period, filters, groups, breakdown, comparison, limit), and
the edits a reader can make to them (another period, a filter removed, another breakdown).

The chips come from the plan's `interpretation` when the planner gives one (each chip shows the words it
came from, and unrecognized words are marked), else from the SemanticQuery itself. An edit builds a new
SemanticQuery that the pipeline runs directly (`direct_plan`): nothing is planned again.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from assistant.contracts import Answer, Language
from assistant.ui.followups import compiles
from assistant.ui.i18n import t
from semantic_layer import METRIC_TIME, SemanticModel, SemanticQuery
from semantic_layer.describe import filter_values
from semantic_layer.errors import QueryError, SemanticLayerError
from semantic_layer.query import DimensionRef, Filter
from semantic_layer.time_phrases import resolve_time_phrase

KEEP = "keep"
ALL_TIME = "all"
NO_BREAKDOWN = "none"
PERIODS = {
    "en": ["this month", "last month", "last 3 months", "this quarter", "last quarter", "this year", "last year"],
    "zh": ["本月", "上月", "最近3个月", "本季度", "上季度", "今年", "去年"],
}
GRAINS = {"en": {"month": "month", "quarter": "quarter", "week": "week", "day": "day", "year": "year"},
          "zh": {"month": "月", "quarter": "季度", "week": "周", "day": "日", "year": "年"}}  # fmt: skip


@dataclass(frozen=True)
class EditOptions:
    """The choices of the edit controls for one answer: (label, value) pairs and the current values."""

    periods: list[tuple[str, str]]
    period: str
    breakdowns: list[tuple[str, str]]
    breakdown: str
    keep: list[tuple[str, str]]  # filters and groups, each kept unless unticked

    @property
    def editable(self) -> bool:
        return bool(self.periods or self.breakdowns or self.keep)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def chips_html(model: SemanticModel, answer: Answer) -> str:
    """The question with the words the planner used marked, and a chip per part of the query."""
    plan, language = answer.plan, answer.language
    query = plan.query if plan else None
    if plan is None or query is None:
        return ""
    head = f'<div class="cb-chips-title">{esc(t(language, "interpretation"))}</div>'
    marked = _marked_question(answer) if plan.interpretation or plan.unrecognized else ""
    chips = "".join(
        f'<span class="cb-chip-item cb-chip-{esc(kind)}"><span class="cb-chip-kind">{esc(t(language, "chip_" + kind))}'
        f"</span> {esc(text)}</span>"
        for kind, text in query_chips(model, query, language)
    )
    unknown = "".join(
        f'<span class="cb-chip-item cb-chip-unrecognized"><span class="cb-chip-kind">'
        f"{esc(t(language, 'chip_unrecognized'))}</span> {esc(word)}</span>"
        for word in plan.unrecognized
    )
    return f'<div class="cb-chips" id="interpretation-chips">{head}{marked}<div class="cb-chip-row">{chips}{unknown}</div></div>'


def _marked_question(answer: Answer) -> str:
    """The question with each interpreted span marked (its role in a tooltip) and unrecognized words flagged."""
    plan, text = answer.plan, answer.question
    assert plan is not None
    spans = sorted((s for s in plan.interpretation if s.turn == 0 and 0 <= s.start < s.end <= len(text)),
                   key=lambda s: s.start)  # fmt: skip
    parts, at = [], 0
    for span in spans:
        if span.start < at:
            continue
        parts.append(_plain(text[at : span.start], plan.unrecognized))
        tip = " → ".join(str(x) for x in (span.role, span.target, span.value) if x)
        kind = "filler" if span.role == "filler" else "used"
        parts.append(
            f'<mark class="cb-span cb-span-{kind}" title="{esc(tip)}">{esc(text[span.start : span.end])}</mark>'
        )
        at = span.end
    parts.append(_plain(text[at:], plan.unrecognized))
    return f'<p class="cb-marked">{"".join(parts)}</p>'


def _plain(text: str, unknown: list[str]) -> str:
    shown = esc(text)
    for word in unknown:
        if word.strip():
            shown = shown.replace(esc(word), f'<mark class="cb-span cb-span-unknown">{esc(word)}</mark>')
    return shown


def query_chips(model: SemanticModel, query: SemanticQuery, language: Language) -> list[tuple[str, str]]:
    """(kind, text) for each part of the query, in reading order."""
    chips: list[tuple[str, str]] = [("metric", _metric(model, name, language)) for name in query.metrics]
    if query.kind == "themes" and query.text_field in model.text_fields:
        field = model.text_fields[query.text_field]
        chips.append(("metric", field.label.zh if language == "zh" else field.label.en))
    if query.time_range is not None:
        tr = query.time_range
        dates = f"{tr.start} – {tr.end}"
        chips.append(("time", f"{tr.label} ({dates})" if tr.label else dates))
    chips += [("segment", _segment(model, name, language)) for name in query.segments]
    chips += [("filter", _filter(model, flt, language)) for flt in query.filters]
    for dimension in query.dimensions:
        label = (
            GRAINS[language].get(dimension.grain or "", dimension.grain or "")
            if dimension.name == METRIC_TIME
            else _dimension(model, dimension.name, language)
        )
        if dimension.grain and dimension.name != METRIC_TIME:
            label += f" ({GRAINS[language].get(dimension.grain, dimension.grain)})"
        chips.append(("breakdown", label))
    if query.compare is not None:
        if query.compare.previous_period:
            key = "compare_year_ago" if query.compare.year_over_year else "compare_previous"
            chips.append(("compare", t(language, key)))
        chips += [("compare", _segment(model, name, language)) for name in query.compare.segments]
    if query.limit is not None:
        chips.append(("limit", str(query.limit)))
    return chips


def edit_options(model: SemanticModel, answer: Answer, as_of: date) -> EditOptions:
    """The controls' choices for an answered metrics or themes query (records keep their own shape)."""
    plan, language = answer.plan, answer.language
    query = plan.query if plan else None
    if query is None or answer.status != "answered" or query.kind == "records":
        return EditOptions([], KEEP, [], KEEP, [])
    tr = query.time_range
    current = (tr.label or f"{tr.start} – {tr.end}") if tr is not None else t(language, "all_time")
    periods = [(current, KEEP)] + [(p, p) for p in PERIODS[language] if p != current]
    if tr is not None and query.kind == "metrics" and not (query.compare and query.compare.previous_period):
        periods.append((t(language, "all_time"), ALL_TIME))
    breakdowns: list[tuple[str, str]] = []
    breakdown = KEEP
    if query.kind == "metrics" and len(query.dimensions) <= 1:
        breakdowns = [(t(language, "no_breakdown"), NO_BREAKDOWN)]
        for grain in ("month", "quarter"):
            breakdowns.append((GRAINS[language][grain], f"{METRIC_TIME}:{grain}"))
        for label, name in _categorical(model, language):
            if compiles(model, query.model_copy(update={"dimensions": [DimensionRef(name=name)]}), as_of):
                breakdowns.append((label, name))
        if query.dimensions:
            d = query.dimensions[0]
            breakdown = f"{d.name}:{d.grain}" if d.grain else d.name
            if breakdown not in [value for _, value in breakdowns]:
                breakdowns.append((_dimension(model, d.name, language), breakdown))
        else:
            breakdown = NO_BREAKDOWN
    keep = [(_segment(model, name, language), f"segment:{name}") for name in query.segments]
    keep += [(_filter(model, flt, language), f"filter:{i}") for i, flt in enumerate(query.filters)]
    return EditOptions(periods, KEEP, breakdowns, breakdown, keep)


def edited_query(query: SemanticQuery, as_of: date, *, period: str, breakdown: str, kept: list[str]) -> SemanticQuery:
    """The query with the reader's edits; raises QueryError (via the model check) for an impossible one."""
    update: dict[str, object] = {}
    if period == ALL_TIME:
        update["time_range"] = None
        if query.compare and query.compare.previous_period:
            update["compare"] = None
    elif period != KEEP:
        resolved = resolve_time_phrase(period, as_of)
        field = query.time_range.field if query.time_range else None
        update["time_range"] = {"field": field, "start": resolved.start, "end": resolved.end, "label": period}
    if breakdown != KEEP:
        if breakdown == NO_BREAKDOWN:
            dimensions = []
        else:
            name, _, grain = breakdown.partition(":")
            dimensions = [{"name": name, "grain": grain or None}]
        update["dimensions"] = dimensions
        update["order_by"] = [o for o in query.order_by if o.field in query.metrics] if dimensions else []
        update["limit"] = None
    update["segments"] = [s for s in query.segments if f"segment:{s}" in kept]
    update["filters"] = [f for i, f in enumerate(query.filters) if f"filter:{i}" in kept]
    data = query.model_dump(mode="json") | update
    try:
        return SemanticQuery.model_validate(data)
    except ValueError as exc:
        raise QueryError([str(exc)]) from None


def _filter(model: SemanticModel, flt: Filter, language: Language) -> str:
    values = filter_values(model, flt, language)
    op = "" if flt.op in ("=", "in") else f"{flt.op} "
    return f"{_dimension(model, flt.field, language)}: {op}{values}".strip()


def _categorical(model: SemanticModel, language: Language) -> list[tuple[str, str]]:
    found = []
    for entity_name, entity in model.entities.items():
        for name, dimension in entity.dimensions.items():
            if dimension.pii or dimension.label is None or dimension.type != "categorical":
                continue
            if not dimension.sample_values or name.endswith("_id"):
                continue
            label = dimension.label.zh if language == "zh" else dimension.label.en
            found.append((label, f"{entity_name}.{name}"))
    return found


def _metric(model: SemanticModel, name: str, language: Language) -> str:
    metric = model.metrics.get(name)
    return (metric.label.zh if language == "zh" else metric.label.en) if metric else name


def _segment(model: SemanticModel, name: str, language: Language) -> str:
    segment = model.segments.get(name)
    return (segment.label.zh if language == "zh" else segment.label.en) if segment else name


def _dimension(model: SemanticModel, name: str, language: Language) -> str:
    try:
        dimension = model.dimension(name)[1]
    except (QueryError, SemanticLayerError):
        return name
    if dimension.label is None:
        return name.rpartition(".")[2]
    return dimension.label.zh if language == "zh" else dimension.label.en
