"""A question on its own (no follow-up): which metrics, populations, records or themes it asks for."""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Plan
from assistant.planner import (
    conditions,
    counted_apart,
    cues,
    dated_grain,
    duration_order,
    ellipsis,
    listed_counts,
    lists,
    measure_words,
    one_record,
    presence,
    ranked_rows,
    recorded_reasons,
    relevance,
    splits,
    status_verbs,
    subjects,
    thresholds,
    units,
    whether,
    which_rows,
    why_counted,
    with_and_without,
)
from assistant.planner.dating import _population_date, _time
from assistant.planner.lexicon import Entry, Match
from assistant.planner.listing import _records_of_count, _records_query, _themes_query
from assistant.planner.messages import assumption
from assistant.planner.ordering import (
    _grain,
    _partial_breakdown,
    _ranking,
    _unknown_breakdown,
    clarify_unknown_breakdown,
    ranked_noun_breakdown,
)
from assistant.planner.pooled import pooled
from assistant.planner.reading import Reading
from assistant.planner.shaping import (
    PLANNER,
    _filters,
    _lexicon,
    _money_field,
    _negations,
    _pick,
    _segments_as_breakdown,
    _thresholds,
    _unique,
    _unrelated_value,
    _values_as_breakdown,
    _versus_non,
)
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.query import METRIC_TIME


def _fresh(model: SemanticModel, reading: Reading, assumptions: list[str]) -> SemanticQuery | Plan | None:
    themes = reading.has(cues.THEMES) and bool(model.text_fields) and not why_counted.counted_instead(reading)
    themes = themes and recorded_reasons.reason_field(model, reading) is None  # 'the reasons they left': recorded
    subject = None if themes or reading.asks_records() else subjects.counted_subject(model, reading)
    if subject is None and not themes and not reading.asks_records():  # 'of those who joined, how many have a ticket'
        subject = presence.counted_with_rows(model, reading)
    if subject is not None:  # 'how many members placed orders': the members who did, not the orders
        return _subject_count(model, reading, subject, assumptions)
    metrics = list(dict.fromkeys(reading.metrics))
    segments = [name for name, _ in reading.segments]
    for metric, segment, match in reading.metric_or_segment:
        # in the order the question names them: the first population named is the focus of a comparison
        at = next((i for i, (_, m) in enumerate(reading.segments) if m.start > match.start), len(segments))
        if not themes and metrics and _asked_count(reading, match):
            metrics.insert(0, metric)  # 'how many customers churned ... and what is the churn rate': both asked
        elif themes or metrics or reading.metric_or_segment[0][0] != metric:
            segments.insert(at + len(segments) - len(reading.segments), segment)
        else:
            metrics.append(metric)
    if not themes and metrics:  # '去年流失了多少客户？流失率呢': the verb's population counted, then the rate
        metrics, segments = _population_counted_beside(model, reading, metrics, segments)
    if not themes and metrics:
        metrics, segments = _counted_clause(model, reading, metrics, segments)
        metrics = thresholds.count_as_population(model, reading, metrics)  # '今年新注册的客户…贡献了多少销售额'
    populations = [s for _, s, _ in reading.metric_or_segment]
    if not themes and populations and not reading.metrics and _counted_noun(model, reading, populations):
        metrics, segments = [], _unique([*segments, *populations])  # the count of the noun asked, below
    if themes:
        return _themes_query(model, reading, segments, assumptions)
    named_field = thresholds.threshold_metrics(model, reading, {m: _entity_of(model, m) for m in metrics})
    named_field |= duration_order.bounded_metrics(model, reading) & set(metrics)  # 'resolution time over 48 hours'
    if named_field and (len(named_field) < len(metrics) or reading.entities):
        metrics = [m for m in metrics if m not in named_field]  # 'NPS打分在4分及以下的问卷': NPS names the field
    unsized = _unsized_rows(model, reading, metrics)
    if unsized is not None:
        return unsized
    dating = one_record.event_metrics(model, reading)  # '最新注册的客户是哪个': 注册 dates the row asked
    metrics = [m for m in metrics if m not in dating]
    by_duration = duration_order.records_by_duration(model, _lexicon(model), reading)
    if by_duration is not None:  # 'the 8 tickets that took longest to resolve': rows, ordered by that duration
        return _records_query(model, reading, _unique(segments), assumptions, by_duration[0])
    sized = cues.count_in(reading.masked) is not None or one_record.asks_one(model, reading)
    latest = sized and (reading.has(cues.RECENT) or reading.has(cues.OLDEST))
    listing = (reading.asks_records() or _ranked_rows(model, reading) or latest) and not reading.has(cues.COUNT)
    listing = listing and (not reading.breakdowns or which_rows.only_rows_asked(model, reading))  # 'which customers'
    owned = [e for e in reversed(reading.entities) if e not in {i[0] for i in reading.record_ids}]
    if reading.record_ids and owned and not metrics and not reading.has(cues.COUNT) and not reading.breakdowns:
        return _records_query(model, reading, _unique(segments), assumptions, owned[0])  # '客户C0001234的所有工单'
    if listing and all(_counts_population(model, m) for m in metrics) and not lists.names_a_count(reading):
        segments += [m for m in metrics if m in model.segments]
        return _records_query(model, reading, _unique(segments), assumptions)
    if listing and metrics and lists.rows_asked(reading) and not _grain(reading):  # 'pull up all open tickets'
        counted = _records_of_count(model, metrics) or listed_counts.records_of_counts(model, metrics)
        if counted is not None:  # '贬损者问卷反馈列出来': the detractors' rows, not two counts
            entity, extra = counted
            return _records_query(model, reading, _unique(segments), assumptions, entity, extra)
    other = lists.other_object(model, reading, metrics, {m: _entity_of(model, m) for m in metrics})
    if other is not None:  # 'pull up orders from new customers': the orders, not a count of customers
        return Plan(status="clarify", clarification=other, planner=PLANNER)
    qualifiers, qualified = relevance.qualifying_metrics(model, reading)
    counts_entity = reading.has(cues.COUNT) and bool(reading.entities)  # '非投诉工单有多少': count the tickets
    # 'APP推送没送达的有多少条': values of the qualifier's own records ('app push' of touches) name what is counted
    owners = {entries[0].target.partition(".")[0] for entries, _, _ in reading.values}
    own_values = bool(owners) and owners <= {_entity_of(model, q) for q in qualifiers}
    counts_entity = counts_entity or (reading.has(cues.COUNT) and own_values)
    split = relevance.named_both_ways(model, reading) & set(qualifiers)  # 'complaints and non-complaints'
    if qualified and (len(qualifiers) < len(metrics) or reading.weak_metrics or counts_entity or split):
        metrics = [m for m in metrics if m not in qualifiers]
    else:
        qualified = []
    if split and not metrics and not reading.weak_metrics:  # the records split are counted
        split_entity = relevance.entry_entity(model, Entry("metric", sorted(split)[0], None, False))
        metrics = [m for m in [_lexicon(model).count_metric.get(split_entity or "")] if m]
    metrics += [name for name, match in reading.weak_metrics if metrics and _listed_with(reading, match)]
    if metrics:  # 'how many orders did we have, and how much revenue': the count asked first, then the other
        metrics = _unique(
            [*counted_apart.counted_apart(model, reading, metrics, _lexicon(model).count_metric), *metrics]
        )
    if not metrics and reading.weak_metrics:
        metrics = [reading.weak_metrics[0][0]]
    reason = recorded_reasons.reason_field(model, reading) if not metrics else None
    if reason is not None and reason[1] in segments and reason[1] in model.metrics:  # the count named like it
        metrics, segments = [reason[1]], [s for s in segments if s != reason[1]]
    elif reason is not None:  # 'what was the main reason they left': the people of the population, per reason
        metrics = [m for m in [_lexicon(model).count_metric.get(reason[0].partition(".")[0])] if m]
    if not metrics:
        metrics, segments = _counted(model, reading, segments)
    if not metrics:
        return None
    return _metrics_query(model, reading, _unique(metrics), segments, assumptions, qualified)


def _asked_count(reading: Reading, match: Match) -> bool:
    """'How many customers churned ... and what is the churn rate?': a count word right before the phrase, and
    the other metric in a clause of its own after 'and' — two things asked, not a population of the other."""
    before = reading.masked[: match.start]
    counted = re.search(r"(?:\bhow many|\bnumber of|多少|几个)\s*$", before) or re.match(
        r"\s*(?:how many|number of)\b", match.text
    )
    # '去年流失了多少客户', '流失客户有多少': the Chinese count word after the verb or noun it counts
    counted = counted or re.match(
        r"\s*(?:了|的|客户)?\s*(?:有|共有|一共有?)?\s*(?:多少|几)", reading.masked[match.end :]
    )
    later = [m for m in reading.strong_matches if m.start >= match.end]
    # 'and …', or a question of its own after '?' / '。': '流失了多少客户？流失率又是多少？'
    apart = r"\band\b|并且|以及|还有|同时|[?？。；;!！]"
    return bool(counted and later and re.search(apart, reading.masked[match.end : later[0].start]))


def _population_counted_beside(
    model: SemanticModel, reading: Reading, metrics: list[str], segments: list[str]
) -> tuple[list[str], list[str]]:
    """'去年流失了多少客户？流失率又是多少？': a population named by its verb and counted, then another metric asked
    apart — the population's count (a metric named like the segment) is asked too, not a filter of the other."""
    for segment, match in reading.segments:
        if segment in model.metrics and segment not in metrics and _asked_count(reading, match):
            metrics = [segment, *metrics]
            segments = [s for s in segments if s != segment]
    return metrics, segments


def _counted_clause(
    model: SemanticModel, reading: Reading, metrics: list[str], segments: list[str]
) -> tuple[list[str], list[str]]:
    """'How many customers churned this year and what is the churn rate?': 'how many' + entity noun + a
    population is a count asked for itself (the metric named like the population), next to the other metric."""
    for name, match in reading.weak_metrics:
        if not re.match(r"\s*(?:how many|number of)\b", match.text):
            continue
        following = next(((s, m) for s, m in reading.segments if m.start >= match.end), None)
        if following is None or reading.masked[match.end : following[1].start].strip():
            continue
        segment, seg_match = following
        if _asked_count(reading, Match(match.start, seg_match.end, match.text, ())):
            counted = segment if segment in model.metrics and not model.metrics[segment].hidden else name
            return [counted, *metrics], [s for s in segments if s != segment]
    return metrics, segments


def _unsized_rows(model: SemanticModel, reading: Reading, metrics: list[str]) -> Plan | None:
    """'the 5 largest tickets': N rows by size, but the rows have no money column and no number field is named:
    asked back with the number fields, never answered with a count."""
    size = cues.SIZE_WORD.search(reading.masked)
    if size is None or cues.count_in(reading.masked) is None or reading.breakdowns or _ranked_rows(model, reading):
        return None
    entities = [*reading.entities, *(_entity_of(model, m) for m in reading.metrics)]
    entity = next((e for e in entities if e), None)
    if entity is None or any(_money_field(model, e) for e in entities if e):
        return None
    options = [
        f"{entity}.{d}" for d, dim in model.entities[entity].dimensions.items() if dim.type == "number" and not dim.pii
    ]
    label = getattr(model.entities[entity].label, reading.language)
    label = label if reading.language == "zh" else label.lower()
    text = assumption(
        reading.language, "size_unclear", phrase=size.group(0), rows=label, options=", ".join(options) or "-"
    )
    return Plan(status="clarify", clarification=text, planner=PLANNER)


def _segments_of_a_split_field(model: SemanticModel, query: dict[str, Any]) -> None:
    """A population named beside a breakdown by the very field that defines it ('do members send back more? return
    rate by membership status'): the breakdown shows it next to the rest, so it is no filter (which would leave one
    row of the split asked for)."""
    split = {d["name"] for d in query.get("dimensions", [])}
    kept = []
    for name in query.get("segments", []):
        segment = model.segments[name]
        fields = {f["field"] for f in conditions.as_filters(model, segment.entity, segment.filter) or []}
        if not (fields and fields <= split):
            kept.append(name)
    query["segments"] = kept


def _entity_of(model: SemanticModel, metric: str) -> str:
    return leaf(model, leaf_names(model, metric)[0]).entity if metric in model.metrics else ""


def _ranked_rows(model: SemanticModel, reading: Reading) -> bool:
    """'top 3 returned orders by discount': N records ranked by a number field (not a threshold on it)."""
    ranked = reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)
    keys = [c for cands, _ in reading.mentioned_dimensions for c in cands if model.dimension(c)[1].type == "number"]
    if not keys and reading.has(cues.SIZE_WORD):  # 'the 5 largest completed orders': by the records' money column
        entities = [*reading.entities, *(_entity_of(model, m) for m in reading.metrics)]
        keys = [f for f in (_money_field(model, e) for e in entities if e) if f]
    return bool(ranked and keys and cues.count_in(reading.masked) and not cues.NUMERIC_CONDITION.search(reading.masked))


def _counts_population(model: SemanticModel, metric: str) -> bool:
    """A metric that just counts a population ('churned customers'): 'which ...' then asks for the rows."""
    return metric in model.segments or metric in _lexicon(model).count_metric.values()


def _listed_with(reading: Reading, match: Match) -> bool:
    """'Orders, revenue and AOV': an entity noun in a list of metrics is itself a metric."""
    for other in reading.strong_matches:
        gap = (
            reading.masked[match.end : other.start]
            if match.end <= other.start
            else reading.masked[other.end : match.start]
        )
        if cues.LIST_SEPARATOR.match(gap):
            return True
    return False


def _counted(model: SemanticModel, reading: Reading, segments: list[str]) -> tuple[list[str], list[str]]:
    """'How many active customers', '北京有多少客户', '沉默客户按区域分布': count the population asked about —
    the metric named like the segment if there is one, else the count of the entity mentioned."""
    lexicon = _lexicon(model)
    most = next(  # '订单最多的10个客户', '工单最少的渠道': the count of the entity named right before 最多 / 最少
        (
            m
            for m in reading.matches
            if m.of("entity") and re.match(r"\s*的?(?:数量?|量)?\s*最(?:多|少)", reading.masked[m.end :])
        ),
        None,
    )
    if most is not None and most.of("entity")[0].target in lexicon.count_metric:
        return [lexicon.count_metric[most.of("entity")[0].target]], segments
    asked = reading.has(cues.COUNT) or bool(reading.breakdowns) or reading.has(cues.SHARE)
    if not asked:
        return [], segments
    noun = _counted_noun(model, reading, segments)
    if noun:
        return [noun], segments
    for name in segments:
        if name in model.metrics and not model.metrics[name].hidden:
            return [name], [s for s in segments if s != name]
    entity = next(iter(reading.entities), None) or (model.segments[segments[0]].entity if segments else None)
    if entity is None and reading.negated_segments:  # '非会员客户一共有多少': the entity of the population negated
        entity = model.segments[reading.negated_segments[0][0]].entity
    if entity is None and reading.values:
        entity = reading.values[0][0][0].target.partition(".")[0]
    if entity is None and reading.has(cues.NUMERIC_CONDITION):  # 'how many csat scores of 5 or under': their rows
        owners = {c.partition(".")[0] for cands, _ in reading.mentioned_dimensions for c in cands}
        entity = owners.pop() if len(owners) == 1 else None
    metric = lexicon.count_metric.get(entity or "")
    return ([metric], segments) if metric else ([], segments)


def _counted_noun(model: SemanticModel, reading: Reading, segments: list[str]) -> str | None:
    """'流失的客户…下过多少订单', 'churned customers placed how many orders': the count metric of the entity
    whose noun follows the count word, when that is not the population's own entity."""
    lexicon = _lexicon(model)
    for match in reading.matches:
        named = [e.target for e in match.of("entity") if e.target in lexicon.count_metric]
        counted = re.search(  # '多少张工单', '几笔订单': a measure word may stand between
            r"(?:(?:多少|几)\s*(?:张|个|笔|条|份|件|封)?|\bhow many|\bnumber of)\s*$",
            reading.masked[: _before_own_values(reading, match, named)],
        )
        if counted and named and not (segments and model.segments[segments[0]].entity == named[0]):
            return lexicon.count_metric[named[0]]
    return None


def _before_own_values(reading: Reading, match: Match, entities: list[str]) -> int:
    """Where the noun's phrase starts: 'how many win-back messages', '多少条短信营销消息' — values of the noun's own
    entity said right before it belong to the noun."""
    start = match.start
    for value in sorted((m for m in reading.matches if m.end <= start), key=lambda m: -m.end):
        own = any(e.target.partition(".")[0] in entities for e in value.of("value"))
        if not own or reading.masked[value.end : start].strip(" -"):
            break
        start = value.start
    return start


def _metrics_query(
    model: SemanticModel,
    reading: Reading,
    metrics: list[str],
    segments: list[str],
    assumptions: list[str],
    qualified: list[dict[str, Any]] | None = None,
) -> SemanticQuery | Plan:
    anchor = leaf(model, leaf_names(model, metrics[0])[0]).entity
    said = [m for _, m in reading.breakdowns]  # '哪些渠道…按获客渠道': the shorter word is the longer breakdown
    dims: list[dict[str, Any]] = [
        {"name": _pick(model, reading.language, anchor, c, assumptions, m.text)}
        for c, m in reading.breakdowns
        if not any(o is not m and m.text.strip() in o.text and len(o.text) > len(m.text) for o in said)
    ]
    unknown = _unknown_breakdown(reading)
    partial = _partial_breakdown(model, reading, anchor, assumptions) if unknown else None
    if partial:
        dims.append({"name": partial})
    elif unknown:
        return clarify_unknown_breakdown(model, anchor, unknown)
    elif not dims and (ranked_noun := ranked_noun_breakdown(model, reading, anchor, assumptions)):
        dims.append({"name": ranked_noun})  # 'the top 3 reasons customers left'
    elif (
        not dims and (reason := recorded_reasons.reason_field(model, reading)) and reason[0].partition(".")[0] == anchor
    ):
        dims.append({"name": reason[0]})  # 'the #1 reason they left', '流失原因分别占多少人': a count per reason
    dims = units.without_own_condition(model, metrics, dims)  # '各投诉了几次': no breakdown by the count's own flag
    ranked_population = ranked_rows.population_ranked(model, reading, dims, assumptions)
    if ranked_population is not None:  # 'top 10 members by revenue': members ranked by their key, not by is_member
        dims, more_segments, more_filters = ranked_population
        segments = [*segments, *more_segments]
        qualified = [*(qualified or []), *more_filters]
    grain = _grain(reading)
    if grain:
        dims.append({"name": METRIC_TIME, "grain": grain})
    key = None if dims else ranked_rows.entity_key(model, reading, anchor, metrics[0], assumptions)
    if key is not None:  # 'top 10 customers by revenue', '投诉最多的5个客户': ranked by the customer's key
        dims.append({"name": key})
    thresholds = _thresholds(model, reading, anchor, assumptions)
    if isinstance(thresholds, Plan):
        return thresholds
    unrelated = _unrelated_value(model, reading, anchor)
    if unrelated is not None:
        return unrelated
    query: dict[str, Any] = {"kind": "metrics", "metrics": metrics, "dimensions": _unique(dims), "segments": _unique(segments),
                             "filters": _filters(model, reading, anchor, assumptions)}  # fmt: skip
    query["filters"] += thresholds + [f for f in qualified or [] if f not in query["filters"]]
    _time(model, reading, query, assumptions)
    dated_grain.grain_on_dated_field(model, query)  # 'customers we lost each month of H1': months of the churn
    if not query["dimensions"] and not any(negated for _, negated, _ in reading.values) and not pooled(reading):
        _values_as_breakdown(
            query, reading.language, assumptions
        )  # '短信、推送、邮件里哪种送达率最高': ranked over them
    _ranking(model, reading, query, metrics[0], bool(dims) or bool(query["dimensions"]))
    _set_size_is_no_limit(reading, query)  # '北京、上海、广州三个城市里哪个…': three is how many were named
    unranked = ranked_rows.unranked(model, reading, query, anchor)
    if unranked is not None:  # 'our 10 biggest spenders' with nothing named to rank: never one total
        return unranked
    if reading.has(cues.SEGMENT_CONTRAST):  # 'app vs web': compare the values side by side
        contrasted = [{"name": f["field"]} for f in query["filters"] if f["op"] == "in"]
        query["dimensions"] = _unique([*query["dimensions"], *contrasted])
    flag = _versus_non(model, reading, query["segments"])
    if flag is not None:
        segment, column = flag
        query["segments"] = [x for x in query["segments"] if x != segment]
        query["dimensions"] = _unique([*query["dimensions"], {"name": column}])
        assumptions.append(assumption(reading.language, "compared_rest", segment=segment, column=column))
    problem = _negations(model, reading, query, assumptions)
    if problem is not None:
        return problem
    _segments_as_breakdown(model, reading, query, assumptions)
    _segments_of_a_split_field(model, query)  # 'do members return more? return rate by membership status'
    if not pooled(reading):  # 'sms + push + email all together': one total over the values listed
        _values_as_breakdown(query, reading.language, assumptions)
    whether.by_whether(reading, query, assumptions)  # 'complaints by whether it was high priority'
    splits.each_of_the_rest(reading.masked, query, reading.language, assumptions)  # '除了华北以外，其他几个区各…'
    ellipsis.both_sides(model, reading, query, _lexicon(model).count_metric, assumptions)  # 'complaints vs not'
    with_and_without.both_sides(model, reading, query, assumptions)  # 'with vs without a membership'
    unsplit = splits.both_ways(  # '转化了的和没转化的各多少条': a breakdown by the yes/no field
        model, reading.masked, query, _lexicon(model).count_metric, reading.language, assumptions
    )
    if unsplit is not None:
        return unsplit
    status_verbs.state_counted(  # '上个月一共退了多少单': the returned orders, not all orders
        model, reading.masked, query, _lexicon(model).count_metric, reading.language, assumptions
    )
    measure_words.named_entity_counted(  # '高优先级工单有几单': tickets, though 几单 alone counts orders
        reading, query, _lexicon(model).count_metric, assumptions
    )
    contradicted = splits.contradiction(query)
    if contradicted is not None:  # 'returned vs not returned': both filters would select nothing
        return splits.ask_both_ways(model, contradicted, reading.language)
    if reading.has(cues.SEGMENT_CONTRAST) and len(query["segments"]) >= 2:
        query["compare"] = {"segments": query["segments"][1:]}
        query["segments"] = query["segments"][:1]
    return SemanticQuery.model_validate(query)


def _set_size_is_no_limit(reading: Reading, query: dict[str, Any]) -> None:
    """A number equal to the count of values listed for the ranked field is the size of the set named, not a top-N:
    'which' (singular) over it asks for the one first."""
    listed = [f for f in query["filters"] if f["op"] == "in" and {"name": f["field"]} in query["dimensions"]]
    singular = reading.has(cues.WHICH) and not cues.plural_which(reading.masked)
    if listed and singular and query.get("limit") == len(listed[0]["values"]) and query.get("order_by"):
        query["limit"] = 1


def _subject_count(
    model: SemanticModel,
    reading: Reading,
    subject: tuple[str, list[str], list[dict[str, Any]], str],
    assumptions: list[str],
) -> SemanticQuery | Plan:
    count, segments, having, action_date = subject
    query = _metrics_query(model, reading, [count], segments, assumptions, having)
    if isinstance(query, Plan) or query.time_range is None or not action_date or len(reading.times) != 1:
        return query
    own = _population_date(model, reading, reading.times[0], segments)
    if own and own.partition(".")[0] == leaf(model, count).entity:
        return query  # '上个月流失的客户里有多少提交过工单': the period sits against the population's event
    if subjects.dated_by_count_phrase(model, reading, reading.times[0].span, leaf(model, count).entity):
        return query  # '上个月新注册的客户里有几个人下过单': the period dates the signups
    dated = query.time_range.model_copy(update={"field": action_date})  # the verb's time: when B happened
    notes = [
        n
        for n in assumptions
        if n
        != assumption(
            reading.language,
            "dates_population",
            phrase=reading.times[0].phrase.strip(),
            field=query.time_range.field or "",
        )
    ]
    assumptions[:] = [*notes, assumption(reading.language, "dates_activity", phrase=query.time_range.label or "")]
    return query.model_copy(update={"time_range": dated})
