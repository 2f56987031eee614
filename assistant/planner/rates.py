"""A count and a rate asked together, and 'what share of ...' read as a rate of the model.

'上个月退货了多少单？退货率是多少？': the count's filter (returned) is the rate's numerator, so the answer holds the
numerator's count and the rate over its own base — never the rate restricted to the numerator's rows (100%).
'What share of customers churned' becomes the model's rate whose numerator is that count. A share the model
has no rate for is asked back rather than answered with a count.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language, Plan
from assistant.planner import conditions, cues, wholes
from assistant.planner.lexicon import normalize
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.scored_shares import scored_share
from assistant.planner.shaping import PLANNER, _lexicon
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric, SimpleMetric


def counted_rows(model: SemanticModel, metric: str) -> tuple[str, list[str], list[dict[str, Any]]] | None:
    """The rows a count metric counts: its entity, segments and the filters its measure's condition stands for."""
    found = model.metrics.get(metric)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    if measure.agg != "count" or measure.expr is not None:
        return None
    filters = conditions.as_filters(model, entity, measure.filter)
    return None if filters is None else (entity, list(found.segments), filters)


def count_and_rate(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, list[str]] | Plan:
    if query.kind != "metrics":
        return query, []
    counts_asked = bool(cues.COUNT_ASKED.search(reading.masked))
    rates = [m for m in query.metrics if isinstance(model.metrics[m], RatioMetric)]
    if rates:
        query = _verb_counts(model, reading, query, rates)
        return _with_numerators(model, query, rates, counts_asked, reading.has(_RATE_WORD)), []
    if not reading.has(cues.SHARE) or query.share is not None:  # a share already read is kept
        return query, []
    if len(query.metrics) == 1:
        within = _share_within(model, reading, query, language)
        if within is not None:  # 'among churned customers, what share left because of price?'
            return within
        return _share(model, query, counts_asked, language, set(reading.entities), _said_after_count(reading, query))
    return _share_of_several(model, query, language)


def _share_within(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, list[str]] | Plan | None:
    """A share whose whole is the counted population named as such, or whose part is the cause of the counted event
    (`wholes.py`): the population's count with the part as the share, never the model's rate over the part."""
    counted = query.metrics[0]
    rows = counted_rows(model, counted)
    if rows is None:
        return None
    populations = {counted, *rows[1]}
    nouns = {w for e in model.entities.values() for s in e.synonyms for w in normalize(s).split()}
    split = wholes.share_split(reading, query, populations, nouns)
    if split is None:
        return None
    if split.whole and _a_rates_numerator(model, counted, split.part):
        return None  # 'what % of electronics orders were returned': the model's rate over the base says it
    if split.whole:
        return _shared(model, query, counted, split.base, split.part, language)
    plain = _lexicon(model).count_metric.get(rows[0])
    if plain is None or plain == counted:
        return None
    if query.time_range is not None:  # the entity's own date would date the whole: which period is unclear
        return _part_unclear(model, query, language)
    part = ([*rows[2], *split.part[0]], [*rows[1], *split.part[1]])
    return _shared(model, query, plain, split.base, part, language)


def _a_rates_numerator(model: SemanticModel, counted: str, part: tuple[list[dict[str, Any]], list[str]]) -> bool:
    """Whether the part of a share of an entity's plain count is exactly the numerator condition of a percent rate of
    the model over that entity (returned orders of the return rate)."""
    rows = counted_rows(model, counted)
    if rows is None or rows[1] or rows[2]:
        return False
    for metric in model.metrics.values():
        if not isinstance(metric, RatioMetric) or metric.hidden or metric.format != "percent":
            continue
        numerator = counted_rows(model, metric.numerator)
        if numerator is None or numerator[0] != rows[0] or not (numerator[2] or numerator[1]):
            continue
        if sorted(map(str, numerator[2])) == sorted(map(str, part[0])) and set(numerator[1]) == set(part[1]):
            return True
    return False


def _verb_counts(model: SemanticModel, reading: Reading, query: SemanticQuery, rates: list[str]) -> SemanticQuery:
    """'上个月退了多少单？退货率又是多少？': the count word follows the verb the rate is named after ('退' of
    '退货率'), so the count asked is the rate's numerator (returned orders), not every order."""
    counts = _lexicon(model).count_metric
    metrics = list(query.metrics)
    for rate in rates:
        ratio = model.metrics[rate]
        assert isinstance(ratio, RatioMetric)
        rows = counted_rows(model, ratio.numerator)
        plain = counts.get(rows[0]) if rows else None
        if plain is None or plain not in metrics or ratio.numerator in metrics:
            continue
        if any(_verb_before_count(reading.masked, stem) for stem in _zh_stems(model, rate)):
            metrics = [ratio.numerator if m == plain else m for m in metrics]
    if metrics == list(query.metrics):
        return query
    return SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), "metrics": metrics})


def _zh_stems(model: SemanticModel, rate: str) -> set[str]:
    metric = model.metrics[rate]
    phrases = [metric.label.zh, *metric.synonyms] if metric.label else list(metric.synonyms)
    return {p[: -len(end)] for p in phrases for end in ("率", "比例", "占比") if p.endswith(end) and len(p) > len(end)}


def _verb_before_count(text: str, stem: str) -> bool:
    """'退货了多少单', '退了几单', '流失了多少客户': the stem (or its first character with 了/过/掉) then a count word."""
    verb = rf"(?:{re.escape(stem)}|{re.escape(stem[0])}(?:了|过|掉))"
    return bool(re.search(rf"{verb}\s*(?:了|过|掉)?\s*(?:多少|几)", text))


def _share_of_several(
    model: SemanticModel, query: SemanticQuery, language: Language
) -> Plan | tuple[SemanticQuery, list[str]]:
    """'What share of the responses were detractors': several counts and no rate of the model over them is not
    a share; asked back (naming the part) rather than answered with the counts side by side."""
    shared = share_of_two_counts(model, query, language)
    if shared is not None:
        return shared
    scored = scored_share(model, query, _lexicon(model).count_metric)  # 'of the NPS responses, % detractors'
    if scored is not None:
        whole, base, part, named = scored
        return _shared(model, query, whole, base, part, language, getattr(model.metrics[named].label, language))
    if query.dimensions:
        return query, []  # the counts per group are shown
    parts = [m for m in query.metrics if (rows := counted_rows(model, m)) is not None and (rows[1] or rows[2])]
    named = parts[0] if parts else query.metrics[0]
    label = getattr(model.metrics[named].label, language)
    return Plan(
        status="clarify", planner=PLANNER, clarification=assumption(language, "share_unsupported", metric=label)
    )


# a word naming a rate as a rate (not only its condition: 'responded within 3 hours')
_RATE_WORD = re.compile(r"rate|ratio|percent|share|proportion|%|率|比例|占比|百分")


def _numerator_entity_count(model: SemanticModel, numerator: str) -> str | None:
    """The plain count of the rows a rate's numerator counts ('tickets' for 'responded_within_3h')."""
    measure = getattr(model.metrics[numerator], "measure", None)
    return _lexicon(model).count_metric.get(model.measure(measure)[0]) if measure else None


def _with_numerators(
    model: SemanticModel, query: SemanticQuery, rates: list[str], counts_asked: bool, rate_named: bool = True
) -> SemanticQuery:
    """A filter equal to a rate's numerator condition is the count asked next to the rate, not a filter of both."""
    metrics, filters, segments = (
        list(query.metrics),
        [f.model_dump(mode="json", exclude_none=True) for f in query.filters],
        list(query.segments),
    )
    counts = _lexicon(model).count_metric
    for rate in rates:
        ratio = model.metrics[rate]
        assert isinstance(ratio, RatioMetric)
        entity, needed_segments, needed = counted_rows(model, ratio.numerator) or ("", [], [])
        restricted = bool(needed or needed_segments) and all(f in filters for f in needed)
        if restricted and all(s in segments for s in needed_segments):
            filters = [f for f in filters if f not in needed]
            segments = [s for s in segments if s not in needed_segments]
            plain = counts.get(entity)
            metrics = [ratio.numerator if m == plain else m for m in metrics]
            if counts_asked and ratio.numerator not in metrics:
                metrics.insert(0, ratio.numerator)
        elif counts_asked and len(metrics) == 1:  # 'how many tickets got a reply within 3 hours, and what % is that'
            metrics.insert(0, ratio.numerator)
        elif counts_asked and not rate_named and _numerator_entity_count(model, ratio.numerator) in metrics:
            # '3小时内首次响应的工单有几单': the rate said by its condition alone, with a count of its rows asked: the
            # count asked is of the rows meeting it (shown before the rate), not of every row
            plain = _numerator_entity_count(model, ratio.numerator)
            metrics = [ratio.numerator, *(m for m in metrics if m != plain)]
    update = {"metrics": list(dict.fromkeys(metrics)), "filters": filters, "segments": segments}
    return SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), **update})


def _share(
    model: SemanticModel,
    query: SemanticQuery,
    counts_asked: bool,
    language: Language,
    nouns: set[str] | None = None,
    later: frozenset[str] = frozenset(),
) -> tuple[SemanticQuery, list[str]] | Plan:
    """'What share of customers churned' / '投诉占多大比例': the model's rate whose numerator counts those rows."""
    counted = query.metrics[0]
    rows = counted_rows(model, counted)
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    flags = [f for f in _flags_of_counted_rows(model, rows, filters) if f["field"] in later]
    if flags:  # 'share of the delivered messages that got opened': the opened among the delivered, not a rate
        base = ([f for f in filters if f not in flags], list(query.segments))
        return _shared(model, query, counted, base, (flags, []), language)
    for name, metric in model.metrics.items():
        if not isinstance(metric, RatioMetric) or metric.hidden or metric.format != "percent":
            continue  # 'share of revenue' is no average order value (revenue ÷ orders)
        numerator = counted_rows(model, metric.numerator)
        if metric.numerator == counted:
            extra: list[dict[str, Any]] = []
            dropped: list[str] = []
        elif rows is not None and numerator is not None and numerator[0] == rows[0] and (numerator[2] or numerator[1]):
            extra, dropped = numerator[2], numerator[1]
            if not (all(f in filters for f in extra) and all(s in query.segments for s in dropped)):
                continue
        else:
            continue
        metrics = [metric.numerator, name] if counts_asked else [name]
        update = {"metrics": metrics, "filters": [f for f in filters if f not in extra],
                  "segments": [s for s in query.segments if s not in dropped]}  # fmt: skip
        changed = SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), **update})
        return changed, [assumption(language, "share_as_rate", metric=name)]
    return share_of_total(model, query, language, nouns or set())


def _said_after_count(reading: Reading, query: SemanticQuery) -> frozenset[str]:
    """The fields of values said after the count's own words: 'messages that were delivered (count) … got opened'
    names the part after the whole; 'opened messages converted' names the whole ('opened') first."""
    counted = [m.start for m in reading.matches if any(e.target == query.metrics[0] for e in m.of("metric"))]
    if not counted:
        return frozenset()
    return frozenset(
        e.target for m in reading.matches if m.start > counted[0] for e in m.entries if e.kind in ("value", "dimension")
    )


def _flags_of_counted_rows(
    model: SemanticModel, rows: tuple[str, list[str], list[dict[str, Any]]] | None, filters: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Yes/no conditions on the rows of a count that has a condition of its own ('delivered messages' + 'opened'): the
    count's rows are the whole the question names and the flag the part it asks the share of. The model's rate over
    the count would put the flag in the whole as well — the delivery rate of opened messages is 100%."""
    if rows is None or not rows[2]:
        return []
    entity = rows[0]
    return [
        f
        for f in filters
        if f not in rows[2]
        and f["field"].partition(".")[0] == entity
        and model.dimension(f["field"])[1].type == "boolean"
        and f["op"] == "="
    ]


def share_of_total(
    model: SemanticModel, query: SemanticQuery, language: Language, nouns: set[str] | None = None
) -> tuple[SemanticQuery, list[str]] | Plan:
    """A share the model has no rate for: the metric over the part ÷ the same metric over all (`share`).

    The part is the count metric's own condition ('投诉工单占全部工单的比例': complaints among tickets), else the
    question's one population or filtered field ('what share of revenue came from members'), else, with a
    breakdown and no condition, each group ('各渠道订单数占比'). A condition next to a breakdown, or several
    conditions, could be the part or the whole: asked back rather than guessed.
    """
    (counted,) = query.metrics
    rows = counted_rows(model, counted)
    plain = _lexicon(model).count_metric.get(rows[0]) if rows is not None else None
    # 'share of complaints from churned customers': the complaints are the whole; 'share of churned customers'
    # tickets that were complaints' names the entity's noun: its rows are the whole, the complaints the part
    own_conditions = bool(query.filters or query.segments) and not (rows is not None and rows[0] in (nouns or set()))
    if rows is not None and (rows[1] or rows[2]) and plain is not None and plain != counted and not own_conditions:
        metric, part_filters, part_segments = plain, rows[2], rows[1]
        named: str | None = getattr(model.metrics[counted].label, language)  # 'Complaints', not 'Is complaint = True'
        base_filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
        base_segments = list(query.segments)
    else:
        metric, base_filters, base_segments, named = counted, [], [], None
        fields = {f.field for f in query.filters}
        if len(fields) + len(query.segments) > 1:
            return _part_unclear(model, query, language)
        part_filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
        part_segments = list(query.segments)
    return _shared(model, query, metric, (base_filters, base_segments), (part_filters, part_segments), language, named)


def share_of_two_counts(
    model: SemanticModel, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, list[str]] | Plan | None:
    """'What share of the NPS responses were detractors': two counts of one entity, one counting a subset of the
    other's rows (its condition includes the other's) — the subset's share of the larger count."""
    if len(query.metrics) != 2:
        return None
    found = [counted_rows(model, m) for m in query.metrics]
    if any(rows is None for rows in found):
        return None
    (e1, s1, f1), (e2, s2, f2) = [rows for rows in found if rows is not None]
    if e1 != e2:
        return None
    pairs = [
        ((query.metrics[0], s1, f1), (query.metrics[1], s2, f2)),
        ((query.metrics[1], s2, f2), (query.metrics[0], s1, f1)),
    ]
    for (whole, ws, wf), (part_metric, ps, pf) in pairs:
        narrower = any(f not in wf for f in pf) or any(s not in ws for s in ps)
        if all(_implied(f, pf) for f in wf) and all(s in ps for s in ws) and narrower:
            part = ([f for f in pf if f not in wf], [s for s in ps if s not in ws])
            base = ([f.model_dump(mode="json", exclude_none=True) for f in query.filters], list(query.segments))
            named = getattr(model.metrics[part_metric].label, language)
            return _shared(model, query, whole, base, part, language, named)
    return None


_COMPARISONS = frozenset({"=", "!=", "<", "<=", ">", ">=", "between", "in", "not_in"})


def _implied(condition: dict[str, Any], conditions_: list[dict[str, Any]]) -> bool:
    """A condition the other conditions include: itself, or 'F is not null' under any comparison on F ('nps_score <=
    6' holds only for rows with a score: detractors are a subset of the responses with an NPS score)."""
    return condition in conditions_ or (
        condition["op"] == "is_not_null"
        and any(c["field"] == condition["field"] and c["op"] in _COMPARISONS for c in conditions_)
    )


Conditions = tuple[list[dict[str, Any]], list[str]]


def _shared(
    model: SemanticModel,
    query: SemanticQuery,
    metric: str,
    base: Conditions,
    part: Conditions,
    language: Language,
    named: str | None = None,
) -> tuple[SemanticQuery, list[str]] | Plan:
    from semantic_layer.compiler.checks import check_query  # the compiler's own rule: a count or a sum
    from semantic_layer.errors import QueryError

    if (part[0] or part[1]) and any(d.grain is None for d in query.dimensions):
        return _part_unclear(model, query, language)  # per period ('by month') is clear; per group is not
    if not (part[0] or part[1] or query.dimensions):
        label = getattr(model.metrics[metric].label, language)
        return Plan(
            status="clarify", planner=PLANNER, clarification=assumption(language, "share_unsupported", metric=label)
        )
    data = query.model_dump(mode="json", exclude_none=True)
    data |= {"metrics": [metric], "filters": base[0], "segments": base[1]}
    data["share"] = {"filters": part[0], "segments": part[1]}
    data["order_by"] = [
        o for o in data.get("order_by", []) if o["field"] in (metric, *(d["name"] for d in data.get("dimensions", [])))
    ]
    try:
        shared = SemanticQuery.model_validate(data)
        check_query(model, shared)
    except (QueryError, ValueError):
        label = getattr(model.metrics[metric].label, language)
        return Plan(
            status="clarify", planner=PLANNER, clarification=assumption(language, "share_unsupported", metric=label)
        )
    label = getattr(model.metrics[metric].label, language)
    if part[0] or part[1]:
        described = _describe(model, part, language)
        whose = f"{described}的{label}" if language == "zh" else f"{label} of {described}"
        note = assumption(language, "share_of_part", metric=label, part=named or whose)
    else:
        note = assumption(language, "share_of_groups", metric=label)
    return shared, [note]


def _part_unclear(model: SemanticModel, query: SemanticQuery, language: Language) -> Plan:
    named = [_describe(model, ([f.model_dump(mode="json", exclude_none=True)], []), language) for f in query.filters]
    named += [_describe(model, ([], [s]), language) for s in query.segments]
    named += [
        getattr(model.dimension(d.name)[1].label, language)
        for d in query.dimensions
        if d.name in model.dimension_names()
    ]
    if not named:
        named = [getattr(model.metrics[query.metrics[0]].label, language)]
    parts = ("、" if language == "zh" else ", ").join(named)
    return Plan(
        status="clarify", planner=PLANNER, clarification=assumption(language, "share_part_unclear", parts=parts)
    )


def _describe(model: SemanticModel, conditions: Conditions, language: Language) -> str:
    """'Members', 'Status = returned': what the part of a share is, for the assumptions."""
    texts = [getattr(model.segments[s].label, language) for s in conditions[1]]
    for flt in conditions[0]:
        label = getattr(model.dimension(flt["field"])[1].label, language)
        values = ", ".join(str(v) for v in flt.get("values", []))
        texts.append(f"{label} {flt['op']} {values}".strip())
    return ("、" if language == "zh" else ", ").join(texts)


def kept_share(model: SemanticModel, query: SemanticQuery, language: Language) -> tuple[SemanticQuery, list[str]]:
    """A follow-up that keeps a share but asks for a rate or an average ('… and the average order value?' after
    'what share of revenue came from members'): that metric of the part, since a rate has no share."""
    from semantic_layer.compiler.checks import check_query
    from semantic_layer.errors import QueryError

    if query.share is None:
        return query, []
    try:
        check_query(model, query)
        return query, []
    except QueryError:
        pass
    share = query.share
    part = query.model_copy(
        update={
            "share": None,
            "filters": [*query.filters, *share.filters],
            "segments": list(dict.fromkeys([*query.segments, *share.segments])),
        }
    )
    named = _describe(
        model, ([f.model_dump(mode="json", exclude_none=True) for f in share.filters], share.segments), language
    )
    return part, [assumption(language, "share_dropped", part=named)]
