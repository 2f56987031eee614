"""Follow-ups ('and by region?', 'what about last year?', '只看A类客户'): the previous query changed by what
the new question says.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.contracts import Plan
from assistant.followup_notes import followup_notes
from assistant.planner import breakdown_edits, cues, references, relisted, whether
from assistant.planner.dating import _time
from assistant.planner.measure_rows import counted_rows_only
from assistant.planner.messages import assumption, clarify
from assistant.planner.negated_followup import replaces_population
from assistant.planner.ordering import _grain, _partial_breakdown, _ranking, _unknown_breakdown
from assistant.planner.ranked_again import ranks_previous_rows
from assistant.planner.reading import Reading
from assistant.planner.shaping import _anchor, _filters, _lexicon, _negations, _pick, _unique
from assistant.planner.share_of_previous import share_of_counted
from assistant.planner.swaps import moved_order, swapped_metrics
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.query import METRIC_TIME
from semantic_layer.time_calendar import Unit, period_containing, previous_period, same_period_last_year, shift

_RERANK = re.compile(
    r"\b(?:rank|re-?rank|sort|order)\w*\s+(?:them|those|it|these|the list)?\s*by\b|重新排|排序|按.{1,8}排"
)


def _is_follow_up(reading: Reading, previous: SemanticQuery | None = None) -> bool:
    said_what = (
        reading.metrics
        or reading.metric_or_segment
        or reading.has(cues.THEMES)
        or reading.asks_records()
        or _counts_a_named_entity(reading)
    )
    bare_list = reading.asks_records() and not (reading.entities or reading.segments or reading.metric_or_segment)
    about_them = reading.has(cues.ABOUT_THEM)  # 'what are they about'
    return (
        reading.has(cues.FOLLOW_UP)
        or reading.has(cues.THOSE)
        or not said_what
        or bare_list
        or about_them
        or _bare_metric(reading)
        or ranks_previous_rows(reading, previous)  # 'ok and the top 5 by number of orders?'
    )


_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


def _bare_metric(reading: Reading) -> bool:
    """'delivery rate?', 'AOV', '退货率': a metric named on its own (no period, breakdown, population or count
    word) asks for it about what the previous answer covered."""
    if not reading.metrics or reading.times or reading.breakdowns or reading.segments or reading.has(cues.COUNT):
        return False
    said = sum(m.end - m.start for m in reading.matches)
    rest = _WORD.findall(reading.masked[: reading.matches[0].start] + reading.masked[reading.matches[-1].end :])
    return len(reading.matches) == len(reading.metrics) and said > 0 and len(rest) <= 1


def _counts_a_named_entity(reading: Reading) -> bool:
    """'How many orders by month this year?', 'Tickets by channel', '工单按渠道分一下': the question names the
    entity it counts — after a count word, or as the first thing it mentions — so it is a new question, not a
    change to the previous one (whose metric it would otherwise keep). 'Customers in Beijing only' restricts."""
    counted = [m for m in reading.matches if m.of("entity")] + [m for _, m in reading.weak_metrics]
    if not counted or reading.has(cues.ONLY):
        return False
    first = min(reading.matches, key=lambda match: match.start)
    return reading.has(cues.COUNT) or first in counted


def _follow_up(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | Plan | None:
    original = previous
    query = previous.model_dump(mode="json", exclude_none=True)
    restricting = reading.has(cues.ONLY)  # 'same thing but only churned customers': a population, not a metric
    shifted = (
        references.swapped_population(model, reading, previous)
        or references.themes_of_counted(model, reading, previous)
        or references.themes_of_listed(model, reading, previous)
    )
    if shifted is not None:  # 'and promoters?' after detractors' themes; 'what are they about' after a count
        return shifted
    listed = references.listed_rows(model, reading, previous, assumptions)
    if listed is not None:  # 'list them': the rows behind the previous figure; '列出这些投诉' after themes
        return listed
    shared = share_of_counted(model, reading, previous, assumptions)
    if shared is not None:  # 'what share of them are members' after a count: of that count
        return shared
    if previous.kind == "themes":  # '那活跃客户呢' after themes: a population that is also a count is the population
        restricting = restricting or not reading.metrics
        if reading.metrics:  # '按渠道看工单数': a measure of the same population and period, not themes
            previous = _measured(query, reading.metrics)
            query = previous.model_dump(mode="json", exclude_none=True)
    if previous.kind == "records":
        columns = references.listed_columns(model, reading, previous)
        if columns is not None:  # 'what region are they in' after the 5 latest complaints: one more column
            return columns
        counted = _counted_instead_of_listed(model, reading, previous, assumptions)
        if counted is not None:
            previous = counted
            query = previous.model_dump(mode="json", exclude_none=True)
    rows_only = counted_rows_only(model, reading, previous)
    if rows_only is not None:  # 'only complaints' after the average resolution time: of complaints
        query["filters"] = [*query.get("filters", []), *rows_only]
    metrics = [m for m in reading.metrics if rows_only is None] + [
        m for m, _, _ in reading.metric_or_segment if not reading.segments and not restricting
    ]
    metrics = metrics or references.counted_in_each(model, reading)
    swapped = swapped_metrics(reading)  # 'what about total tickets instead of just complaints?'
    metrics = swapped if swapped is not None else metrics
    entity_counts = [_lexicon(model).count_metric.get(e) for e in reading.entities]
    named = [name for name, _ in reading.weak_metrics] or [c for c in entity_counts if c]
    others = reading.values or reading.segments or reading.breakdowns or restricting  # 'only for tickets raised …'
    if not metrics and len(set(named)) == 1 and not others:
        metrics = named[:1]  # 'what about orders?', '那订单呢': the entity's count, nothing else named
    if previous.kind == "metrics" and metrics:
        query["metrics"] = _unique(metrics)
        # a ranking kept from the previous question ranks by the measure now asked ('如果按订单数呢'), never by
        # one the answer no longer shows
        if swapped is None and not reading.has(_RERANK):  # 'rank them by AOV instead' ranks anew
            _keep_ranked_rows(reading, previous, query, assumptions)  # 'those' keeps the ranking metric
        moved_order(query, query["metrics"])
    anchor = _anchor(model, previous)
    partial = _partial_breakdown(model, reading, anchor, assumptions) if _unknown_breakdown(reading) else None
    if references.added_columns(reading, previous, query):  # 'and their tier?': one more column, same rows
        pass
    elif reading.breakdowns or partial:
        dims = [{"name": _pick(model, reading.language, anchor, c, assumptions, m.text)} for c, m in reading.breakdowns]
        dims += [{"name": partial}] if partial else []
        kept = (
            [d for d in query.get("dimensions", []) if d["name"] == METRIC_TIME] if previous.kind == "metrics" else []
        )
        previous_dims, numbered = query.get("dimensions", []), list(enumerate(dims))
        edited = breakdown_edits.edited_dimensions(reading, previous_dims, numbered, previous.kind == "metrics")
        query["dimensions"] = edited if edited is not None else _unique(dims + kept)  # '不用按等级了', '再细分'
        if not query["dimensions"]:
            query.pop("dimensions")
        query.pop("order_by", None)
    if reading.has(cues.ONE_TOTAL) and not (reading.breakdowns or partial) and previous.kind == "metrics":
        query.pop("dimensions", None)  # 'just one total number': the figure over every group of the previous answer
        query.pop("order_by", None)
        query.pop("limit", None)
    grain = _grain(reading)
    if grain and previous.kind == "metrics":
        query["dimensions"] = [d for d in query.get("dimensions", []) if d.get("grain") is None] + [
            {"name": METRIC_TIME, "grain": grain}
        ]
        compare = query.get("compare") or {}
        if compare.get("previous_period") and previous.time_range is not None:  # 'vs last ytd' then 'by month'
            span = same_period_last_year if compare.get("year_over_year") else previous_period
            _compare(reading, query, compare, span(previous.time_range.start, previous.time_range.end)[0], assumptions)
    new_segments = [name for name, _ in reading.segments] + [
        s for _, s, _ in reading.metric_or_segment if reading.segments or metrics == [] or restricting
    ]
    if new_segments:
        replace = bool(cues.REPLACE_SEGMENT.search(reading.masked))
        query["segments"] = _unique(new_segments if replace else [*query.get("segments", []), *new_segments])
        _forget_replaced_segments(model, previous, query)
        if replace and not reading.has(cues.ONLY):
            _count_the_named_population(model, previous, query, new_segments[0])
    if reading.negated_segments and previous.kind == "metrics":  # 'what about non members' after members
        negated = _negated_population(model, reading, query)
        if negated is not None:
            return negated
    again = references.threshold_again(model, reading, previous)
    if again is not None:  # 'and under 100?': the previous threshold's field, a new bound
        query["filters"] = again
    filters = _filters(model, reading, anchor, assumptions)
    if filters:
        fields = {f["field"] for f in filters}
        query["filters"] = [f for f in query.get("filters", []) if f["field"] not in fields] + filters
        whether.by_whether(reading, query, assumptions)  # 'split that by how urgent they were': every priority
    before = cues.PERIOD_BEFORE.search(reading.text) and not reading.has(cues.PREVIOUS_PERIOD)
    if reading.times and _compared_with_named_period(reading, previous, query, assumptions):
        pass
    elif reading.year_earlier and previous.time_range is not None and cues.TIME_CONTRAST.search(reading.text):
        start = same_period_last_year(previous.time_range.start, previous.time_range.end)[0]
        _compare(
            reading, query, {"previous_period": True, "year_over_year": True}, start, assumptions
        )  # '和去年同期比'
    elif reading.year_earlier and previous.time_range is not None:  # 'the same quarter one year earlier'
        start, end = same_period_last_year(previous.time_range.start, previous.time_range.end)
        query["time_range"] = {**query["time_range"], "start": start.isoformat(), "end": end.isoformat()}
        query["time_range"]["label"] = f"{start}..{end}"
        query.pop("compare", None)
    elif not reading.times and previous.time_range is not None and reading.has(cues.PREVIOUS_PERIOD):
        if not (query.get("compare") or {}).get("previous_period"):  # 'compared to the year before', '环比呢'
            start = previous_period(previous.time_range.start, previous.time_range.end)[0]
            _compare(reading, query, {"previous_period": True}, start, assumptions)
    elif reading.earlier and previous.time_range is not None:  # 'same day last week', '上月同期'
        moved = _moved_back(reading, reading.earlier, previous, query, assumptions)
        if moved is not None:
            return moved
    elif reading.times and not (before and previous.time_range is not None):
        _time(model, reading, query, assumptions)
    elif previous.time_range is not None and before:
        start, end = previous_period(previous.time_range.start, previous.time_range.end)
        query["time_range"] = {**query["time_range"], "start": start.isoformat(), "end": end.isoformat()}
        query["time_range"]["label"] = f"{start}..{end}"
        query.pop("compare", None)
    ranked = cues.count_in(reading.masked) is not None or any(
        reading.has(c) for c in (cues.DESCENDING, cues.ASCENDING, cues.RANKING)
    )
    if ranked and previous.kind == "metrics":
        _ranking(model, reading, query, query["metrics"][0], bool(query.get("dimensions")))
    elif previous.limit is not None and previous.kind == "metrics" and reading.has(cues.ALL_ROWS):
        query.pop("limit", None)  # 'show the numbers for all types' after the top one: every group, same order
        assumptions.append(assumption(reading.language, "dropped_limit", limit=str(previous.limit)))
    elif previous.limit is not None and previous.kind == "metrics" and (reading.breakdowns or grain):
        # 'which region sells most?' then 'and by month?': the top-1 does not silently carry over
        query.pop("limit", None)
        query.pop("order_by", None)
        assumptions.append(assumption(reading.language, "dropped_limit", limit=str(previous.limit)))
    length = relisted.new_length(reading, previous)
    if length is not None:  # '改成20个' after the 10 latest churned customers: the same list, 20 long
        query["limit"] = length
    if query == original.model_dump(mode="json", exclude_none=True):
        # '环比呢', 'qoq?', '同比呢': the same query, compared (checks.year_over_year turns it into the comparison)
        # 'compare with last month' when the answer already compares with it: the same answer
        compared = reading.has(cues.COMPARISON_WORDS) or reading.has(cues.YEAR_OVER_YEAR)
        already = (
            original.compare is not None
            and original.compare.previous_period
            and cues.TIME_CONTRAST.search(reading.text)
        )
        return original if (compared and original.compare is None) or already else None
    followed = SemanticQuery.model_validate(query)
    if set(followed.metrics) != set(original.metrics):  # the pipeline notes what a same-metric follow-up kept
        assumptions += followup_notes(model, original, followed, reading.language, same_metrics=False)
    return followed


def _moved_back(
    reading: Reading, unit: Unit, previous: SemanticQuery, query: dict[str, Any], assumptions: list[str]
) -> Plan | None:
    """The previous period a week, month or quarter back ('same day last week'); compared with it ('vs the same
    point last month') when that is the period right before, which the comparison can express — else asked back."""
    assert previous.time_range is not None
    start, end = previous.time_range.start, previous.time_range.end
    first, last = shift(start, unit, -1), shift(end, unit, -1)
    if unit != "week" and end == period_containing(end, "month")[1]:
        last = period_containing(last, "month")[1]  # November 1-30 a month back is October 1-31
    if cues.TIME_CONTRAST.search(reading.text) or reading.has(cues.COMPARISON_WORDS):
        if previous_period(start, end) != (first, last):
            return clarify(reading.language, assumption(reading.language, "compare_unsupported_shift"), [])
        _compare(reading, query, {"previous_period": True}, first, assumptions)
        return None
    query["time_range"] = {**query["time_range"], "start": first.isoformat(), "end": last.isoformat()}
    query["time_range"]["label"] = f"{first}..{last}"
    query.pop("compare", None)
    return None


def _negated_population(model: SemanticModel, reading: Reading, query: dict[str, Any]) -> Plan | None:
    """'what about non members' after '…active members': the population named negated takes the place of the same
    population ('what about', '那', 'and non-members?'); a flag asked both ways is a breakdown."""
    named = {name for name, _ in reading.negated_segments}
    if replaces_population(reading):
        query["segments"] = [s for s in query.get("segments", []) if s not in named]
    query.setdefault("segments", [])
    query.setdefault("filters", [])
    problem = _negations(model, reading, query, [])
    for key in ("segments", "filters"):
        if not query[key]:
            query.pop(key)
    return problem


def _measured(query: dict[str, Any], metrics: list[str]) -> SemanticQuery:
    """The metrics over the population and period of a themes or records query (its rows' conditions)."""
    kept = {key: value for key, value in query.items() if key in ("segments", "filters", "time_range")}
    return SemanticQuery.model_validate({**kept, "metrics": _unique(metrics)})


def _counted_instead_of_listed(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | None:
    """After a list of records: 'how many are there in total?', '他们上个月有多少订单', '按城市分' ask for a measure of
    the rows the list's conditions select (a metric named, the count of an entity named, else the count of the
    listed entity), not for another list. The list's own length limit does not apply to the count."""
    if not (reading.metrics or reading.has(cues.COUNT) or reading.breakdowns):
        return None
    counts = _lexicon(model).count_metric
    listed = previous.dimensions[0].name.partition(".")[0] if previous.dimensions else ""
    named = [counts[e] for e in reading.entities if e in counts and e != listed]
    metrics = reading.metrics or named or [m for m in [counts.get(listed)] if m]
    if not metrics:
        return None
    if previous.limit is not None:
        assumptions.append(assumption(reading.language, "counted_all_rows", limit=str(previous.limit)))
    return _measured(previous.model_dump(mode="json", exclude_none=True), metrics)


def _compared_with_named_period(
    reading: Reading, previous: SemanticQuery, query: dict[str, Any], assumptions: list[str]
) -> bool:
    """'compare with last quarter' after a question about this quarter: the previous period stays and is compared
    with the one named, when that is the period right before it (环比) or the same period a year earlier (同比).
    A series over time ('今年每月的流失率' then '和去年比呢') cannot carry a comparison: it covers both periods,
    said in the assumptions. (Another period is read as a new period, as before.)"""
    if previous.kind not in ("metrics", "themes") or previous.time_range is None or len(reading.times) != 1:
        return False
    named = reading.times[0]
    if not cues.TIME_CONTRAST.search(reading.text[: named.span[0]]):
        return False
    start, end = previous.time_range.start, previous.time_range.end
    if cues.YEAR_OVER_YEAR.search(reading.text):  # 'vs the same month last year' (the time phrase is masked)
        compare, first = {"previous_period": True, "year_over_year": True}, same_period_last_year(start, end)[0]
    else:
        candidates = [
            ({"previous_period": True}, previous_period(start, end)),
            ({"previous_period": True, "year_over_year": True}, same_period_last_year(start, end)),
        ]  # 'last quarter' also names the quarter a quarter to date is compared with
        found = [(c, span) for c, span in candidates if named.start == span[0] and span[1] <= named.end]
        if not found:
            return False
        compare, first = found[0][0], found[0][1][0]
    _compare(reading, query, compare, first, assumptions)
    return True


def _compare(
    reading: Reading, query: dict[str, Any], compare: dict[str, bool], first: date, assumptions: list[str]
) -> None:
    """Compare the query's period with the one starting on `first`; a series over time covers both instead."""
    if any(d.get("grain") for d in query.get("dimensions", [])):
        end = query["time_range"]["end"]
        query["time_range"] = {**query["time_range"], "start": first.isoformat(), "label": f"{first}..{end}"}
        query.pop("compare", None)
        assumptions.append(assumption(reading.language, "compared_as_series", start=str(first), end=str(end)))
    elif query.get("kind") == "themes":  # a themes answer may also compare populations: both kept
        query["compare"] = {**(query.get("compare") or {}), **compare}
    else:
        query["compare"] = compare


def _count_the_named_population(model: SemanticModel, previous: SemanticQuery, query: dict[str, Any], new: str) -> None:
    """'活跃客户按等级分布' then '那流失的客户呢': the previous metric was a population's own count, so the population
    named in its place is counted instead (counting active customers among churned ones finds nobody)."""
    if previous.kind != "metrics" or len(previous.metrics) != 1 or previous.metrics[0] not in model.segments:
        return
    if previous.metrics[0] == new or model.segments[previous.metrics[0]].entity != model.segments[new].entity:
        return
    count = new if new in model.metrics else _lexicon(model).count_metric.get(model.segments[new].entity)
    if count is None:
        return
    query["metrics"] = [count]
    query["segments"] = [s for s in query.get("segments", []) if s != count]
    if not query["segments"]:
        query.pop("segments")


def _forget_replaced_segments(model: SemanticModel, previous: SemanticQuery, query: dict[str, Any]) -> None:
    """'那活跃客户呢' after '最近三个月流失的客户…': a period that dated the replaced population (its churn date)
    dates the question's own rows again, and a comparison with the new population itself is dropped."""
    kept = set(query.get("segments", []))
    gone = [model.segments[name] for name in previous.segments if name not in kept]
    time_range = query.get("time_range")
    if time_range and any(time_range.get("field") == f"{s.entity}.{s.time_dimension}" for s in gone):
        time_range.pop("field")
    compare = query.get("compare")
    if compare and compare.get("segments"):
        compare["segments"] = [name for name in compare["segments"] if name not in kept]
        if not compare["segments"]:
            compare.pop("segments")
        if not compare.get("previous_period") and not compare.get("segments"):
            query.pop("compare")


def _keep_ranked_rows(reading: Reading, previous: SemanticQuery, query: dict[str, Any], assumptions: list[str]) -> None:
    """'哪个品类最高？' then '那这个品类的退货率': the rows the previous ranking picked stay picked — the new metric is
    shown next to the ranking metric, with the same order and limit."""
    if previous.limit is None or not previous.order_by or not reading.has(cues.THOSE):
        return
    ranked = [o.field for o in previous.order_by if o.field in previous.metrics]
    missing = [m for m in ranked if m not in query["metrics"]]
    if ranked and missing:
        query["metrics"] = [*query["metrics"], *missing]
        by = ", ".join(ranked)
        kept = f"按{by}排名前{previous.limit}" if reading.language == "zh" else f"top {previous.limit} by {by}"
        assumptions.append(assumption(reading.language, "kept_from_previous", kept=kept))
