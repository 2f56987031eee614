"""Summaries of aggregate results: one number, a breakdown, a series, a previous-period or segment comparison."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.summary.context import GRAINS, Result
from assistant.summary.formatting import as_date, fixed, format_points, format_ratio, format_share, percent_share
from semantic_layer.errors import QueryError
from semantic_layer.model import SimpleMetric
from semantic_layer.query import CHANGE_SUFFIX

Row = Sequence[Any]
_MOST_OTHERS = 3  # other metrics named after the main one
_MOST_POPULATIONS = 3


def metrics_sentences(result: Result) -> list[str]:
    """The sentences for a metrics result with rows; [] when there is no value to report."""
    primary = _primary(result)
    if primary is None:
        return []
    roles = [column.role for column in result.columns]
    dims = [i for i, role in enumerate(roles) if role == "dimension"]
    if "population" in roles:
        return _segments(result, primary, roles.index("population"), dims)
    if "previous" in roles:
        return _previous(result, primary, dims)
    if "share" in roles:
        return _shares(result, primary, dims)
    if not dims:
        return _single(result, primary)
    grain = result.columns[dims[0]].name.rpartition("__")[2]
    if len(dims) == 1 and grain in GRAINS and len(result.rows) > 1:
        return _series(result, primary, dims[0])
    top = _top(result, primary, dims, result.rows, share=True)
    if not top:
        return []
    return [top + (_groups(result, dims, len(result.rows)) if len(result.rows) > 1 else result.say("end"))]


def _primary(result: Result) -> str | None:
    """The metric the summary leads with: the one the query orders by, else the first."""
    present = [m for m in result.query.metrics if result.index(m) is not None]
    ordered = [o.field for o in result.query.order_by if o.field in present]
    return next(iter(ordered or present), None)


def _verb(result: Result, metric: str) -> str:
    return result.say("verb_integer" if _format(result, metric) == "integer" else "verb_other")


def _format(result: Result, metric: str) -> str:
    index = result.index(metric)
    return result.columns[index].format if index is not None else "number"


def _value(result: Result, metric: str, row: Row) -> str:
    index = result.index(metric)
    return result.value(row[index] if index is not None else None, _format(result, metric))


def _single(result: Result, primary: str) -> list[str]:
    row = result.rows[0]
    label = result.metric_label(primary)
    sentences = [
        result.say(
            "single", metric=label, verb=_verb(result, primary), value=_value(result, primary, row), **result.times()
        )
    ]
    others = _others(result, primary)
    if others:
        items = [result.say("item", metric=result.metric_label(m), value=_value(result, m, row)) for m in others]
        sentences.append(result.say("also", items=result.say("list_sep").join(items)))
    return sentences


def _descending(result: Result, primary: str) -> bool:
    """Lead with the top value, or with the bottom one when the question ordered ascending."""
    first = result.query.order_by[0] if result.query.order_by else None
    return not (first is not None and first.field == primary and first.direction == "asc")


def _ranked(result: Result, primary: str, rows: Sequence[Row]) -> list[tuple[Row, float]]:
    index = result.index(primary)
    valued = [(row, number) for row in rows if (number := result.number(row, index)) is not None]
    return sorted(valued, key=lambda item: item[1], reverse=_descending(result, primary))


def _group(result: Result, row: Row, dims: list[int]) -> str:
    return result.say("group_sep").join(result.cell(row, i) for i in dims)


def _complete(result: Result) -> bool:
    """Whether the rows are every group (a total over them is the real total)."""
    limit = result.query.limit
    return not result.truncated and not (limit is not None and len(result.rows) >= limit)


def _groups(result: Result, dims: list[int], count: int) -> str:
    single = len(dims) == 1 and result.columns[dims[0]].format != "boolean"
    noun = result.plural(result.dimension_label(result.columns[dims[0]].source)) if single else None
    key = "groups_all" if _complete(result) else "groups_shown"
    return result.say(key, count=fixed(count, 0), groups=noun or result.say("groups"))


def _top(result: Result, primary: str, dims: list[int], rows: Sequence[Row], *, share: bool, time: bool = True) -> str:
    """'East had the highest complaints (1,234, 31% of 3,980), followed by North (1,000)': the lead group
    (with its share of the total when asked and meaningful) and the runner-up, without a full stop."""
    ranked = _ranked(result, primary, rows)
    if not ranked:
        return ""
    times = result.times() if time else {"time": "", "time_lead": ""}
    metric, fmt = result.metric_label(primary), _format(result, primary)
    lead, value = ranked[0]
    if len(rows) == 1:
        group = _group(result, lead, dims)
        verb = _verb(result, primary)
        shown = result.value(value, fmt)
        return result.say("one_group", metric=metric, group=group, verb=verb, value=shown, **times)
    share_text = ""
    values = [v for _, v in ranked]
    if share and _additive(result, primary) and _complete(result) and min(values) >= 0 and sum(values) > 0:
        total = sum(values)
        share_text = result.say("share", share=format_share(value / total), total=result.value(total, fmt))
    text = result.say(
        "top",
        group=_group(result, lead, dims),
        extreme=result.say("highest" if _descending(result, primary) else "lowest"),
        metric=result.mid(metric),
        value=result.value(value, fmt),
        share=share_text,
        **times,
    )
    if len(ranked) > 1:
        second, second_value = ranked[1]
        text += result.say("runner_up", group=_group(result, second, dims), value=result.value(second_value, fmt))
    return text


def _additive(result: Result, metric: str) -> bool:
    """Counts and sums add up over groups (shares of a total make sense); ratios and averages do not."""
    definition = result.model.metrics.get(metric)
    if not isinstance(definition, SimpleMetric):
        return False
    try:
        measure = result.model.measure(definition.measure)[1]
    except QueryError:
        return False
    return measure.agg in ("count", "sum") and measure.per is None and measure.period_start_state is None


def _series(result: Result, primary: str, dim: int) -> list[str]:
    """'Churn rate went from 2.1% in 2026-01 to 3.4% in 2026-11 (rising); the peak was 4.0% in 2026-07.'"""
    index, fmt = result.index(primary), _format(result, primary)
    points = sorted(
        (
            (day, number, row)
            for row in result.rows
            if (day := as_date(row[dim])) is not None and (number := result.number(row, index)) is not None
        ),
        key=lambda point: point[0],
    )
    partial = ""
    if result.partial_last and len(points) > 2:
        # A running period (4 days of December) is not compared with full ones.
        partial = result.say("partial_period", period=result.cell(points[-1][2], dim))
        points = points[:-1]
    if len(points) < 2:
        top = _top(result, primary, [dim], result.rows, share=False)
        return [top + result.say("end")] if top else []
    (_, first, first_row), (_, last, last_row) = points[0], points[-1]
    shown_first, shown_last = result.value(first, fmt), result.value(last, fmt)
    direction = "steady" if shown_first == shown_last else "rising" if last > first else "falling"
    _, peak, peak_row = max(points, key=lambda point: point[1])
    peak_text = ""
    if peak_row is not first_row and peak_row is not last_row:
        peak_text = result.say("peak", value=result.value(peak, fmt), period=result.cell(peak_row, dim))
    sentence = result.say(
        "series",
        metric=result.metric_label(primary),
        first=shown_first,
        first_period=result.cell(first_row, dim),
        last=shown_last,
        last_period=result.cell(last_row, dim),
        direction=result.say(direction),
        peak=peak_text,
    )
    return [sentence, partial] if partial else [sentence]


def _change(result: Result, current: float | None, previous: float | None, fmt: str) -> str:
    """'up 12.3%': points for rates and scores, hours for hours, the relative change for counts and
    amounts (the absolute one when the previous value is zero)."""
    if current is None or previous is None:
        return result.say("no_previous")
    difference = current - previous
    if fmt in ("percent", "score"):
        amount = format_points(difference, fmt, result.language)
    elif fmt == "hours" or previous == 0:
        amount = result.value(abs(difference), fmt)
    else:
        amount = format_ratio(difference / previous)
    if not any(ch in "123456789" for ch in amount):  # rounds to zero as shown
        return result.say("flat")
    return result.say("up" if difference > 0 else "down", amount=amount)


def _versus(result: Result, current: float | None, previous: float | None, fmt: str) -> str:
    """'up 12.3% on the previous period's ¥10,990,000'."""
    year_ago = result.query.compare is not None and result.query.compare.year_over_year
    if previous is None:
        return result.say("no_year_ago" if year_ago else "no_previous")
    shown = result.value(previous, fmt)
    key = "vs_year_ago" if year_ago else "vs_previous"
    return result.say(key, change=_change(result, current, previous, fmt), previous=shown)


def _previous(result: Result, primary: str, dims: list[int]) -> list[str]:
    """The current value against the previous period's: overall, or for the lead group and in total."""
    fmt = _format(result, primary)
    current_index, previous_index = result.index(primary), result.index(f"{primary}_previous")
    if not dims:
        return _previous_single(result, primary)
    change = f"{primary}{CHANGE_SUFFIX}"
    by_change = bool(result.query.order_by) and result.query.order_by[0].field == change
    ranked = _ranked(result, change if by_change else primary, result.rows)
    if not ranked:
        return []
    lead, moved = ranked[0]
    value = result.number(lead, current_index)
    none_moved = None
    if by_change:  # 'which region grew the most': the lead is the largest rise (or fall), not the highest level
        rising = _descending(result, change)
        # 'which fell the most' when every group rose: the smallest rise, said as such (never 'fell' for a rise)
        key = (
            ("largest_rise" if moved >= 0 else "smallest_fall")
            if rising
            else ("largest_fall" if moved <= 0 else "smallest_rise")
        )
        extreme = result.say(key)
        none_moved = {"smallest_fall": "none_rose", "smallest_rise": "none_fell"}.get(key)
    else:
        extreme = result.say("highest" if _descending(result, primary) else "lowest")
    text = result.say(
        "top_previous",
        group=_group(result, lead, dims),
        extreme=extreme,
        metric=result.mid(result.metric_label(primary)),
        value=result.value(value, fmt),
        comparison=_versus(result, value, result.number(lead, previous_index), fmt),
        **result.times(),
    )
    count = len(result.rows)
    sentences = [text + (_groups(result, dims, count) if count > 1 else result.say("end"))]
    if none_moved:
        sentences.append(result.say(none_moved))
    if _additive(result, primary) and _complete(result) and count > 1:
        now = [n for row in result.rows if (n := result.number(row, current_index)) is not None]
        before = [n for row in result.rows if (n := result.number(row, previous_index)) is not None]
        versus = _versus(result, sum(now), sum(before) if before else None, fmt)
        total = result.value(sum(now), fmt)
        sentences.append(result.say("total_previous", value=total, comparison=versus))
    return sentences


def _previous_single(result: Result, primary: str) -> list[str]:
    row = result.rows[0]

    def numbers(metric: str) -> tuple[float | None, float | None]:
        return result.number(row, result.index(metric)), result.number(row, result.index(f"{metric}_previous"))

    versus = _versus(result, *numbers(primary), _format(result, primary))
    sentence = result.say(
        "single_previous",
        metric=result.metric_label(primary),
        verb=_verb(result, primary),
        value=_value(result, primary, row),
        comparison=versus,
        **result.times(),
    )
    items = [
        result.say(
            "item_previous",
            metric=result.metric_label(metric),
            value=_value(result, metric, row),
            change=_change(result, *numbers(metric), _format(result, metric)),
        )
        for metric in _others(result, primary)
    ]
    return [sentence, result.say("also", items=result.say("list_sep").join(items))] if items else [sentence]


def _others(result: Result, primary: str) -> list[str]:
    """The metrics named after the main one."""
    return [m for m in result.query.metrics if m != primary and result.index(m) is not None][:_MOST_OTHERS]


def _segments(result: Result, primary: str, population: int, dims: list[int]) -> list[str]:
    """Each population's value side by side, or each population's top group."""
    groups: dict[str, list[Row]] = {}
    for row in result.rows:
        groups.setdefault(str(row[population]), []).append(row)
    names = list(groups)[:_MOST_POPULATIONS]
    if not dims:
        items = [
            result.say(
                "segment_item", segment=result.segment_label(name), value=_value(result, primary, groups[name][0])
            )
            for name in names
        ]
        metric = result.metric_label(primary)
        return [result.say("segments", metric=metric, items=result.say("list_sep").join(items), **result.times())]
    sentences: list[str] = []
    for name in names:
        top = _top(result, primary, dims, groups[name], share=False, time=not sentences)
        if top:
            sentences.append(result.say("segment_top", segment=result.segment_label(name), top=top))
    return sentences


def _shares(result: Result, primary: str, dims: list[int]) -> list[str]:
    """'61.2% of revenue (¥445,955,817 of ¥736,215,376)' or the group with the largest share and the next."""
    fmt = _format(result, primary)
    value_index, total_index = result.index(primary), result.index(f"{primary}_total")
    share_index = result.index(f"{primary}_share")

    def parts(row: Row) -> dict[str, str]:
        share = result.number(row, share_index)
        return {
            "share": percent_share(share) if share is not None else result.value(None, "percent"),
            "value": result.value(row[value_index] if value_index is not None else None, fmt),
            "total": result.value(row[total_index] if total_index is not None else None, fmt),
        }

    metric = result.mid(result.metric_label(primary))
    if not dims:
        return [result.say("share_single", metric=metric, **parts(result.rows[0]), **result.times())]
    ranked = sorted(
        ((row, number) for row in result.rows if (number := result.number(row, share_index)) is not None),
        key=lambda item: item[1],
        reverse=_descending(result, primary),
    )
    if not ranked:
        return []
    lead = ranked[0][0]
    text = result.say(
        "share_top",
        group=_group(result, lead, dims),
        extreme=result.say("highest" if _descending(result, primary) else "lowest"),
        metric=metric,
        **parts(lead),
        **result.times(),
    )
    if len(ranked) > 1:
        second = ranked[1][0]
        text += result.say("runner_up", group=_group(result, second, dims), value=parts(second)["share"])
    return [text + (_groups(result, dims, len(result.rows)) if len(result.rows) > 1 else result.say("end"))]
