"""The offline planner: question (+ chat history) -> Plan, using only the semantic model's vocabulary.

When unsure it asks back (clarify) or declines (unsupported) with suggestions: a wrong number is worse
than a question back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner import checks, conditions, cues, grounding, relevance
from assistant.planner.lexicon import Lexicon, Match, normalize
from assistant.planner.messages import assumption, clarify, clarify_about, data_description, decline, suggestions
from assistant.planner.reading import Reading, read
from assistant.planner.words import content_word
from semantic_layer import SemanticModel, SemanticQuery, compile_query
from semantic_layer.cache import per_model
from semantic_layer.compiler import model_graph
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import QueryError, TimeExpressionError
from semantic_layer.model import SimpleMetric
from semantic_layer.query import METRIC_TIME
from semantic_layer.time_calendar import previous_period
from semantic_layer.time_phrases import ResolvedRange

PLANNER = "offline"


_lexicon = per_model(Lexicon)


def plan_question(
    question: str, history: Sequence[Turn], model: SemanticModel, as_of: date, language: Language
) -> Plan:
    """Plan a question; the plan says what each word did (`interpretation`) and which words nothing
    explains (`unrecognized`, asked back rather than guessed)."""
    lexicon = _lexicon(model)
    try:
        reading = read(question, lexicon, as_of)
        corrected = grounding.corrections(reading, lexicon, language)
        if corrected.corrections:
            reading = read(corrected.text, lexicon, as_of)
    except TimeExpressionError as exc:
        return clarify(language, str(exc), suggestions(model, language))
    refused = checks.refusal(model, reading, lexicon, language)
    if refused is not None:
        return refused
    for reason, pattern in cues.DECLINE.items():
        if reason not in ("write", "pii") and pattern.search(reading.text):
            return decline(language, reason, suggestions(model, language), as_of, model)
    every_leftover = [word for _, _, word in grounding.leftover_words(reading)]
    leftover = _unique([word for word in every_leftover if content_word(word, lexicon)])
    unrecognized = [word for word in leftover if not lexicon.contains_part(word)]
    if unrecognized:
        # a question that names nothing of the model also hears what the data covers
        covers = None if reading.matches or reading.times else data_description(model, language)
        return checks.ask_about_words(lexicon, unrecognized, language, suggestions(model, language), covers)
    plan = _plan_reading(reading, history, model, as_of, language)
    # a word inside a phrase of the model ('发送' of '发送量') is explained when the plan uses what it names
    partial = [w for w in leftover if plan.query is None or not lexicon.part_targets(w) & _targets(plan.query)]
    if partial and plan.status == "ok":
        return checks.ask_about_words(lexicon, partial, language, suggestions(model, language))
    if plan.status != "ok" and checks.is_vague(reading, every_leftover):
        plan = checks.overview(model, reading, as_of, language) or plan
    if plan.query is None:
        return plan
    spans = grounding.interpret(reading, plan.query, corrected, question, implied=_implied(model, plan.query))
    ignored = grounding.unused_negation(spans)
    if ignored is not None:
        return clarify(language, assumption(language, "negation_unclear", word=ignored), suggestions(model, language))
    spans += _history_spans(model, history, plan.query, spans, as_of)
    notes = [assumption(language, "corrected", said=c.said, read=c.read) for c in corrected.corrections]
    return plan.model_copy(update={"interpretation": spans, "assumptions": [*notes, *plan.assumptions]})


def _implied(model: SemanticModel, query: SemanticQuery) -> dict[str, list[str]]:
    """For a list of records: the filters each count metric stands for ('complaints' -> ticket.is_complaint)."""
    if query.kind != "records":
        return {}
    found: dict[str, list[str]] = {}
    for name in model.metrics:
        counted = _records_of_count(model, [name])
        if counted is not None and counted[1]:
            fields = [
                f["field"]
                for f in counted[1]
                if f in [x.model_dump(mode="json", exclude_none=True) for x in query.filters]
            ]
            if fields:
                found[name] = fields
    return found


def _targets(query: SemanticQuery) -> set[str]:
    found = {*query.metrics, *query.segments, *(d.name for d in query.dimensions), *(f.field for f in query.filters)}
    if query.time_range is not None and query.time_range.field:
        found.add(query.time_range.field)
    if query.text_field:
        found.add(query.text_field)
    return found


def _history_spans(
    model: SemanticModel, history: Sequence[Turn], query: SemanticQuery, spans: list[Span], as_of: date
) -> list[Span]:
    """Elements a follow-up kept from earlier questions are backed by spans of those questions (turn -1...)."""
    missing = grounding.unbacked(query, spans)
    found: list[Span] = []
    for back, turn in enumerate(reversed(history), start=1):
        if not missing:
            break
        try:
            earlier = read(turn.question, _lexicon(model), as_of)
        except TimeExpressionError:
            continue
        older = grounding.interpret(earlier, query, grounding.identity(earlier.text), turn.question, turn=-back)
        useful = [s for s in older if s.role not in ("filler", "correction")]
        found += useful
        missing = grounding.unbacked(query, [*spans, *found])
    return found


def _plan_reading(
    reading: Reading, history: Sequence[Turn], model: SemanticModel, as_of: date, language: Language
) -> Plan:
    previous = next((turn.query for turn in reversed(history) if turn.query is not None), None)
    assumptions: list[str] = []
    if previous is not None and _is_follow_up(reading):
        query = _follow_up(model, reading, previous, assumptions)
    else:
        query = _fresh(model, reading, assumptions)
    if isinstance(query, Plan):
        return (
            query
            if query.status != "clarify" or query.suggestions
            else query.model_copy(update={"suggestions": suggestions(model, language)})
        )
    if query is None:
        return _not_understood(model, reading, language)
    query, note = checks.share_as_rate(model, reading, query, language)
    if note:
        assumptions.append(note)
    yoy = checks.year_over_year(reading, query, language)
    if isinstance(yoy, Plan):
        return yoy.model_copy(update={"suggestions": suggestions(model, language)})
    query = yoy
    try:
        compile_query(model, query, as_of=as_of)
    except QueryError as exc:
        return clarify(language, "; ".join(exc.problems), suggestions(model, language))
    return Plan(status="ok", query=query, assumptions=assumptions, planner=PLANNER)


# -- a question on its own ------------------------------------------------------------------------


def _fresh(model: SemanticModel, reading: Reading, assumptions: list[str]) -> SemanticQuery | Plan | None:
    themes = reading.has(cues.THEMES) and bool(model.text_fields)
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
    if not themes and metrics:
        metrics, segments = _counted_clause(model, reading, metrics, segments)
    populations = [s for _, s, _ in reading.metric_or_segment]
    if not themes and populations and not reading.metrics and _counted_noun(model, reading, populations):
        metrics, segments = [], _unique([*segments, *populations])  # the count of the noun asked, below
    if themes:
        return _themes_query(model, reading, segments, assumptions)
    latest = cues.count_in(reading.masked) is not None and (reading.has(cues.RECENT) or reading.has(cues.OLDEST))
    listing = (reading.has(cues.RECORDS) or _ranked_rows(model, reading) or latest) and not reading.has(cues.COUNT)
    listing = listing and not reading.breakdowns
    owned = [e for e in reversed(reading.entities) if e not in {i[0] for i in reading.record_ids}]
    if reading.record_ids and owned and not metrics and not reading.has(cues.COUNT) and not reading.breakdowns:
        return _records_query(model, reading, _unique(segments), assumptions, owned[0])  # '客户C0001234的所有工单'
    if listing and all(_counts_population(model, m) for m in metrics):
        segments += [m for m in metrics if m in model.segments]
        return _records_query(model, reading, _unique(segments), assumptions)
    if listing and metrics and (cues.count_in(reading.masked) is not None or reading.has(cues.LIST_VERB)):
        counted = _records_of_count(model, metrics)
        if counted is not None:
            entity, extra = counted
            return _records_query(model, reading, _unique(segments), assumptions, entity, extra)
    qualifiers, qualified = relevance.qualifying_metrics(model, reading)
    counts_entity = reading.has(cues.COUNT) and bool(reading.entities)  # '非投诉工单有多少': count the tickets
    if qualified and (len(qualifiers) < len(metrics) or reading.weak_metrics or counts_entity):
        metrics = [m for m in metrics if m not in qualifiers]
    else:
        qualified = []
    metrics += [name for name, match in reading.weak_metrics if metrics and _listed_with(reading, match)]
    if not metrics and reading.weak_metrics:
        metrics = [reading.weak_metrics[0][0]]
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
    later = [m for m in reading.strong_matches if m.start >= match.end]
    return bool(
        counted and later and re.search(r"\band\b|并且|以及|还有|同时", reading.masked[match.end : later[0].start])
    )


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


def _ranked_rows(model: SemanticModel, reading: Reading) -> bool:
    """'top 3 returned orders by discount': N records ranked by a number field (not a threshold on it)."""
    ranked = reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)
    keys = [c for cands, _ in reading.mentioned_dimensions for c in cands if model.dimension(c)[1].type == "number"]
    return bool(ranked and keys and cues.count_in(reading.masked) and not cues.NUMERIC_CONDITION.search(reading.masked))


def _thresholds(
    model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str]
) -> list[dict[str, Any]] | Plan:
    """'amount over 1,000' becomes a filter on the number field named; a threshold on nothing named is
    asked back, never dropped (dropping it would give a confident wrong number)."""
    found = list(cues.NUMERIC_CONDITION.finditer(reading.masked))
    if not found:
        return []
    numbers = [
        (c, m) for c, m in reading.mentioned_dimensions if any(model.dimension(x)[1].type == "number" for x in c)
    ]
    if len(numbers) != len(found):
        options = [f"{e}.{d}" for e, ent in model.entities.items() for d, dim in ent.dimensions.items()
                   if dim.type == "number" and not dim.pii and _reachable(model, anchor, e)]  # fmt: skip
        phrase = found[0].group(0).strip()
        return Plan(status="clarify", planner=PLANNER,
                    clarification=assumption(reading.language, "threshold_unclear", phrase=phrase, options=", ".join(options)))  # fmt: skip
    filters = []
    for (candidates, match), condition in zip(numbers, found, strict=True):
        field = _pick(
            model,
            reading.language,
            anchor,
            [c for c in candidates if model.dimension(c)[1].type == "number"],
            assumptions,
            match.text,
        )
        number = next(g for g in condition.groups() if g and re.fullmatch(r"\d[\d,]*(?:\.\d+)?", g))
        value = float(number.replace(",", ""))
        filters.append({"field": field, "op": cues.numeric_operator(condition.group(0)), "values": [value]})
    return filters


def _versus_non(model: SemanticModel, reading: Reading, segments: list[str]) -> tuple[str, str] | None:
    """'members versus non-members': a segment defined by one yes/no column becomes a breakdown by it."""
    if not reading.has(cues.SEGMENT_CONTRAST):
        return None
    for name, match in reading.segments:
        if not cues.NON_SEGMENT.search(reading.masked[max(0, match.start - 4) : match.start]):
            continue
        segment = model.segments[name]
        column = (segment.filter or "").strip()
        field = f"{segment.entity}.{column}"
        if field in model.dimension_names() and model.dimension(field)[1].type == "boolean" and name in segments:
            return name, field
    return None


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
    if entity is None and reading.values:
        entity = reading.values[0][0][0].target.partition(".")[0]
    metric = lexicon.count_metric.get(entity or "")
    return ([metric], segments) if metric else ([], segments)


def _counted_noun(model: SemanticModel, reading: Reading, segments: list[str]) -> str | None:
    """'流失的客户…下过多少订单', 'churned customers placed how many orders': the count metric of the entity
    whose noun follows the count word, when that is not the population's own entity."""
    lexicon = _lexicon(model)
    for match in reading.matches:
        counted = re.search(r"(?:多少|几个|\bhow many|\bnumber of)\s*$", reading.masked[: match.start])
        named = [e.target for e in match.of("entity") if e.target in lexicon.count_metric]
        if counted and named and not (segments and model.segments[segments[0]].entity == named[0]):
            return lexicon.count_metric[named[0]]
    return None


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
    grain = _grain(reading)
    if grain:
        dims.append({"name": METRIC_TIME, "grain": grain})
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
    _ranking(model, reading, query, metrics[0], bool(dims))
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
    if reading.has(cues.SEGMENT_CONTRAST) and len(query["segments"]) >= 2:
        query["compare"] = {"segments": query["segments"][1:]}
        query["segments"] = query["segments"][:1]
    return SemanticQuery.model_validate(query)


def _segments_as_breakdown(
    model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]
) -> None:
    """'NPS of churned and active customers', '流失客户和活跃客户的客单价分别是多少': populations that are values
    of one column (status = 'churned', status = 'active') are compared as a breakdown by that column, limited
    to those values — both at once as filters would select nobody."""
    by_field: dict[str, list[tuple[str, Any]]] = {}
    for name in query["segments"]:
        found = conditions.as_filters(model, model.segments[name].entity, model.segments[name].filter)
        if model.segments[name].not_exists is None and found and len(found) == 1 and found[0]["op"] == "=":
            by_field.setdefault(found[0]["field"], []).append((name, found[0]["values"][0]))
    for field, pairs in by_field.items():
        if len(pairs) < 2:
            continue
        names, values = [n for n, _ in pairs], [v for _, v in pairs]
        query["segments"] = [s for s in query["segments"] if s not in names]
        query["dimensions"] = _unique([*query["dimensions"], {"name": field}])
        query["filters"] = [*query["filters"], {"field": field, "op": "in", "values": values}]
        assumptions.append(
            assumption(reading.language, "segments_as_breakdown", segments=", ".join(names), field=field)
        )


def _flag_column(model: SemanticModel, name: str) -> str | None:
    """The yes/no column a segment is defined by ('members' -> customer.is_member), if it is that simple."""
    segment = model.segments[name]
    column = f"{segment.entity}.{(segment.filter or '').strip()}"
    if (
        segment.not_exists is None
        and column in model.dimension_names()
        and model.dimension(column)[1].type == "boolean"
    ):
        return column
    return None


def _negations(model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]) -> Plan | None:
    """'non-members' filters on the segment's negated condition; 'members and non-members', 'app-bound vs not'
    (a yes/no column named both ways) becomes a breakdown by that column instead of two contradicting filters."""
    for name, match in reading.negated_segments:
        segment = model.segments[name]
        column = _flag_column(model, name)
        if column and name in query["segments"]:
            query["segments"] = [x for x in query["segments"] if x != name]
            query["dimensions"] = _unique([*query.get("dimensions", []), {"name": column}])
            continue
        flipped = conditions.negated(model, segment.entity, segment.filter) if not segment.not_exists else None
        if flipped is None:
            label = getattr(segment.label, reading.language)
            return Plan(status="clarify", planner=PLANNER,
                        clarification=assumption(reading.language, "cannot_negate", phrase=match.text.strip(), label=label))  # fmt: skip
        query["filters"] = [*query.get("filters", []), *flipped]
    broken_down = {d["name"] for d in query.get("dimensions", [])} if query.get("kind") != "records" else set()
    query["filters"] = [  # 'by opened vs not opened': the breakdown shows both, no filter on it
        f for f in query.get("filters", []) if not (f["field"] in broken_down and isinstance(f["values"][0], bool))
    ]
    rest = reading.has(cues.THE_REST)
    flags = [f["field"] for f in query["filters"] if f["op"] == "=" and f["values"] in ([True], [False])]
    flag_segments = [s for s in query.get("segments", []) if _flag_column(model, s)]
    if rest and len(flags) + len(flag_segments) == 1 and query.get("kind") != "records":
        column = flags[0] if flags else _flag_column(model, flag_segments[0])
        query["filters"] = [f for f in query["filters"] if f["field"] != column]
        query["segments"] = [s for s in query.get("segments", []) if s not in flag_segments]
        query["dimensions"] = _unique([*query.get("dimensions", []), {"name": column}])
    by_field: dict[str, set[Any]] = {}
    for item in query.get("filters", []):
        if item["op"] == "=" and len(item["values"]) == 1 and isinstance(item["values"][0], bool):
            by_field.setdefault(item["field"], set()).add(item["values"][0])
    both = [f for f, values in by_field.items() if values == {True, False}]
    if both and query.get("kind") != "records":
        query["filters"] = [f for f in query["filters"] if f["field"] not in both]
        query["dimensions"] = _unique([*query.get("dimensions", []), *({"name": f} for f in both)])
    return None


def _cued_text_field(model: SemanticModel, reading: Reading) -> str | None:
    """The text field a survey/feedback word names: the field or its entity lists the word as a synonym."""
    said = {normalize(m.group()) for m in cues.SURVEY_TEXT.finditer(reading.text)}
    for name, field in model.text_fields.items():
        entity = model.entities[field.entity]
        phrases = {normalize(p) for p in [*field.synonyms, *entity.synonyms, entity.label.en, entity.label.zh]}
        if said & phrases:
            return name
    return None


def _themes_query(model: SemanticModel, reading: Reading, segments: list[str], assumptions: list[str]) -> SemanticQuery:
    wanted = _cued_text_field(model, reading) if reading.has(cues.SURVEY_TEXT) else None
    text_field = wanted or next(iter(dict.fromkeys(reading.text_fields)), None) or next(iter(model.text_fields))
    anchor = model.text_fields[text_field].entity
    query: dict[str, Any] = {"kind": "themes", "text_field": text_field, "segments": _unique(segments),
                             "filters": _filters(model, reading, anchor, assumptions)}  # fmt: skip
    _time(model, reading, query, assumptions)
    compare: dict[str, Any] = {}
    contrast = [s for s in query["segments"][1:]] if reading.has(cues.SEGMENT_CONTRAST) else []
    if contrast:
        query["segments"], compare["segments"] = query["segments"][:1], contrast
    elif len(query["segments"]) == 1 and model.segments[query["segments"][0]].compare_with:
        compare["segments"] = [model.segments[query["segments"][0]].compare_with]
    if query.get("time_range"):
        compare["previous_period"] = True
    if compare:
        query["compare"] = compare
    return SemanticQuery.model_validate(query)


def _records_of_count(model: SemanticModel, metrics: list[str]) -> tuple[str, list[dict[str, Any]]] | None:
    """'The 5 latest complaints': the rows a count metric counts, when its condition translates to filters."""
    if len(metrics) != 1 or not isinstance(model.metrics[metrics[0]], SimpleMetric):
        return None
    metric = model.metrics[metrics[0]]
    assert isinstance(metric, SimpleMetric)
    entity, measure = model.measure(metric.measure)
    if (
        measure.agg != "count"
        or measure.expr is not None
        or metric.segments
        or not model.entities[entity].record_columns
    ):
        return None
    extra = conditions.as_filters(model, entity, measure.filter)
    return None if extra is None else (entity, extra)


def _records_query(
    model: SemanticModel,
    reading: Reading,
    segments: list[str],
    assumptions: list[str],
    entity: str | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> SemanticQuery | Plan | None:
    entity = entity or next(iter(reading.entities), None) or (model.segments[segments[0]].entity if segments else None)
    if entity is None or not model.entities[entity].record_columns:
        return None
    columns = model.entities[entity].record_columns
    query: dict[str, Any] = {"kind": "records", "dimensions": [{"name": f"{entity}.{c}"} for c in columns],
                             "segments": _unique(segments), "filters": _filters(model, reading, entity, assumptions)}  # fmt: skip
    query["filters"] += [f for f in extra or [] if f["field"] not in {x["field"] for x in query["filters"]}]
    unrelated = _unrelated_value(model, reading, entity)
    if unrelated is not None:
        return unrelated
    thresholds = _thresholds(model, reading, entity, assumptions)
    if isinstance(thresholds, Plan):
        return thresholds
    query["filters"] += thresholds
    problem = _negations(model, reading, query, assumptions)
    if problem is not None:
        return problem
    _time(model, reading, query, assumptions)
    dated = [model.segments[s].time_dimension for s in query["segments"] if model.segments[s].time_dimension]
    if dated and "time_range" in query and "field" not in query["time_range"]:
        query["time_range"]["field"] = f"{entity}.{dated[0]}"  # a list of churned customers 'yesterday': churned then
    time_column = dated[0] if dated else model.entities[entity].default_time_dimension
    sizes = [c for c in columns if model.entities[entity].dimensions[c].type == "number"]
    named = [  # the number field named to sort by ('by discount'), even when not a record column
        c
        for cands, _ in reading.mentioned_dimensions
        for c in cands
        if c.startswith(entity + ".") and model.dimension(c)[1].type == "number"
    ]
    if time_column and (reading.has(cues.RECENT) or reading.has(cues.OLDEST)):
        direction = "asc" if reading.has(cues.OLDEST) and not reading.has(cues.RECENT) else "desc"
        query["order_by"] = [{"field": f"{entity}.{time_column}", "direction": direction}]
    elif (sizes or named) and (reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)):
        direction = "asc" if reading.has(cues.ASCENDING) and not reading.has(cues.DESCENDING) else "desc"
        size = named[0] if named else f"{entity}.{sizes[0]}"
        query["dimensions"] = _unique([*query["dimensions"], {"name": size}])
        query["order_by"] = [{"field": size, "direction": direction}]
    count = cues.count_in(reading.masked)
    if count or not reading.has(cues.ALL_ROWS):
        query["limit"] = count or 20
    return SemanticQuery.model_validate(query)


# -- follow-ups ("and by region?", "what about last year?", "只看A类客户") ---------------------------


def _is_follow_up(reading: Reading) -> bool:
    said_what = reading.metrics or reading.metric_or_segment or reading.has(cues.THEMES) or reading.has(cues.RECORDS)
    return reading.has(cues.FOLLOW_UP) or not said_what


def _follow_up(
    model: SemanticModel, reading: Reading, previous: SemanticQuery, assumptions: list[str]
) -> SemanticQuery | Plan | None:
    query = previous.model_dump(mode="json", exclude_none=True)
    restricting = reading.has(cues.ONLY)  # 'same thing but only churned customers': a population, not a metric
    metrics = [m for m in reading.metrics] + [
        m for m, _, _ in reading.metric_or_segment if not reading.segments and not restricting
    ]
    if previous.kind == "metrics" and metrics:
        query["metrics"] = _unique(metrics)
    anchor = _anchor(model, previous)
    partial = _partial_breakdown(model, reading, anchor, assumptions) if _unknown_breakdown(reading) else None
    if reading.breakdowns or partial:
        dims = [{"name": _pick(model, reading.language, anchor, c, assumptions, m.text)} for c, m in reading.breakdowns]
        dims += [{"name": partial}] if partial else []
        kept = (
            [d for d in query.get("dimensions", []) if d["name"] == METRIC_TIME] if previous.kind == "metrics" else []
        )
        query["dimensions"] = _unique(dims + kept)
        query.pop("order_by", None)
    grain = _grain(reading)
    if grain and previous.kind == "metrics":
        query["dimensions"] = [d for d in query.get("dimensions", []) if d.get("grain") is None] + [
            {"name": METRIC_TIME, "grain": grain}
        ]
    new_segments = [name for name, _ in reading.segments] + [
        s for _, s, _ in reading.metric_or_segment if reading.segments or metrics == [] or restricting
    ]
    if new_segments:
        replace = bool(cues.REPLACE_SEGMENT.search(reading.masked))
        query["segments"] = _unique(new_segments if replace else [*query.get("segments", []), *new_segments])
    filters = _filters(model, reading, anchor, assumptions)
    if filters:
        fields = {f["field"] for f in filters}
        query["filters"] = [f for f in query.get("filters", []) if f["field"] not in fields] + filters
    before = cues.PERIOD_BEFORE.search(reading.text) and not reading.has(cues.PREVIOUS_PERIOD)
    if reading.times and not (before and previous.time_range is not None):
        _time(model, reading, query, assumptions)
    elif previous.time_range is not None and before:
        start, end = previous_period(previous.time_range.start, previous.time_range.end)
        query["time_range"] = {**query["time_range"], "start": start.isoformat(), "end": end.isoformat()}
        query["time_range"]["label"] = f"{start}..{end}"
        query.pop("compare", None)
    ranked = cues.count_in(reading.masked) is not None or reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)
    if ranked and previous.kind == "metrics":
        _ranking(model, reading, query, query["metrics"][0], bool(query.get("dimensions")))
    elif previous.limit is not None and previous.kind == "metrics" and (reading.breakdowns or grain):
        # 'which region sells most?' then 'and by month?': the top-1 does not silently carry over
        query.pop("limit", None)
        query.pop("order_by", None)
        assumptions.append(assumption(reading.language, "dropped_limit", limit=str(previous.limit)))
    if query == previous.model_dump(mode="json", exclude_none=True):
        return None
    kept = [*previous.metrics, *(s for s in previous.segments if s in query.get("segments", []))]
    kept += [
        f.field for f in previous.filters if f.model_dump(mode="json", exclude_none=True) in query.get("filters", [])
    ]
    if previous.time_range is not None and query.get("time_range") == previous.time_range.model_dump(
        mode="json", exclude_none=True
    ):
        kept.append(previous.time_range.label or f"{previous.time_range.start}..{previous.time_range.end}")
    kept = [k for k in kept if k not in reading.metrics]
    if kept:
        assumptions.append(assumption(reading.language, "kept_from_previous", kept=", ".join(dict.fromkeys(kept))))
    return SemanticQuery.model_validate(query)


# -- shared pieces ----------------------------------------------------------------------------------


def _anchor(model: SemanticModel, query: SemanticQuery) -> str:
    if query.metrics:
        return leaf(model, leaf_names(model, query.metrics[0])[0]).entity
    if query.text_field:
        return model.text_fields[query.text_field].entity
    first = query.dimensions[0].name
    return first.partition(".")[0]


def _reachable(model: SemanticModel, anchor: str, target: str) -> bool:
    try:
        return not any(edge.fans_out for edge in model_graph(model).path(anchor, target))
    except QueryError:
        return False


def _pick(
    model: SemanticModel, language: Language, anchor: str, candidates: list[str], assumptions: list[str], said: str
) -> str:
    """Of several dimensions a word may mean ('channel'), the anchor entity's own, else one it reaches."""
    ranked = sorted(
        candidates, key=lambda c: (c.partition(".")[0] != anchor, not _reachable(model, anchor, c.partition(".")[0]))
    )
    if len(candidates) > 1:
        _, dim = model.dimension(ranked[0])
        label = getattr(dim.label, language) if dim.label else ranked[0]
        assumptions.append(assumption(language, "read_as", said=said.strip(), label=label, field=ranked[0]))
    return ranked[0]


def _filters(model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str]) -> list[dict[str, Any]]:
    mentioned = {c for cands, _ in reading.mentioned_dimensions for c in cands} | {
        c for cands, _ in reading.breakdowns for c in cands
    }
    chosen: dict[tuple[str, bool], list[str | bool]] = {}
    for _, negated, match in reading.values:
        entries = relevance.related_entries(model, reading, anchor, match)
        if not entries:
            continue  # asked back by _unrelated_value
        preferred = [e for e in entries if e.target in mentioned] or entries
        field = _pick(model, reading.language, anchor, sorted({e.target for e in preferred}), assumptions, match.text)
        value = next(e.value for e in preferred if e.target == field)
        chosen.setdefault((field, negated), [])
        if value not in chosen[(field, negated)]:
            chosen[(field, negated)].append(value or "")
    filters: list[dict[str, Any]] = []
    for (field, negated), values in chosen.items():
        op = ("!=" if negated else "=") if len(values) == 1 else ("not_in" if negated else "in")
        filters.append({"field": field, "op": op, "values": values})
    for entity, typed, _, _ in reading.record_ids:  # 'customer C0000123': that record's primary key
        if entity == anchor or _reachable(model, anchor, entity):
            filters.append({"field": f"{entity}.{model.entities[entity].primary_key}", "op": "=", "values": [typed]})
    for candidates, match in reading.mentioned_dimensions:
        field = _pick(model, reading.language, anchor, candidates, assumptions, match.text)
        if model.dimension(field)[1].type == "boolean":
            before = reading.masked[: match.start]
            negated = bool(cues.NEGATION_BEFORE.search(before) or cues.NEGATION_NEAR.search(before))
            filters.append({"field": field, "op": "=", "values": [not negated]})
    return filters


def _unrelated_value(model: SemanticModel, reading: Reading, anchor: str) -> Plan | None:
    """A value word whose fields are all on entities the question is not about ('low' of ticket priority in
    'low-CSAT survey responses'): asked back, never a filter on an unrelated field nor silently dropped."""
    for _, _, match in reading.values:
        if not relevance.related_entries(model, reading, anchor, match):
            field = match.of("value")[0].target
            _, dim = model.dimension(field)
            label = getattr(dim.label, reading.language) if dim.label else field
            text = assumption(reading.language, "value_unrelated", word=match.text.strip(), field=label)
            return Plan(status="clarify", clarification=text, planner=PLANNER)
    return None


def _time(model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]) -> None:
    if not reading.times:
        return
    current = reading.times[0]
    time_range: dict[str, Any] = {
        "start": current.start.isoformat(),
        "end": current.end.isoformat(),
        "label": current.label,
    }
    dated = _population_date(model, reading, current, query.get("segments"))
    if dated and query.get("kind") == "metrics" and query.get("metrics"):
        anchor = leaf(model, leaf_names(model, query["metrics"][0])[0]).entity
        owner = dated.partition(".")[0]
        if owner != anchor and not _reachable(model, anchor, owner):
            dated = None  # a time column of an unrelated entity ('opened' of tickets for marketing touches)
    if not dated and query.get("kind") == "metrics" and query.get("metrics"):
        dated = _counted_population_date(model, query)
    if dated:
        time_range["field"] = dated
        assumptions.append(assumption(reading.language, "dates_population", phrase=current.phrase.strip(), field=dated))
    query["time_range"] = time_range
    later = reading.times[1:]
    between = reading.text[current.span[1] : later[0].span[0]] if later else ""
    compare_cue = bool(cues.PREVIOUS_PERIOD.search(reading.text)) or bool(
        later and cues.TIME_CONTRAST.search(between) and later[0].end < current.start
    )
    if compare_cue and query.get("kind") == "metrics" and not any(d.get("grain") for d in query.get("dimensions", [])):
        query["compare"] = {"previous_period": True}


def _counted_population_date(model: SemanticModel, query: dict[str, Any]) -> str | None:
    """'How many customers churned because of price in the last 6 months': when the metric only counts the
    entity of a dated population (a segment with an 'entered on' date), the time phrase dates the population
    (churn_date), not the entity's own default date (sign-up)."""
    counts = set(_lexicon(model).count_metric.items())
    for name in query.get("segments", []):
        segment = model.segments[name]
        if segment.time_dimension and all((segment.entity, m) in counts for m in query["metrics"]):
            return f"{segment.entity}.{segment.time_dimension}"
    return None


def _names_population(model: SemanticModel, entity: str, text: str) -> bool:
    """'churned customers' ends with a noun of the segment's entity (its label or synonyms, from the model)."""
    nouns = [model.entities[entity].label.en, *model.entities[entity].synonyms]
    stem = normalize(text).rstrip("s")
    return any(stem.endswith(normalize(noun).rstrip("s")) for noun in nouns if noun.isascii())


def _population_date(
    model: SemanticModel, reading: Reading, when: ResolvedRange, used: list[str] | None = None
) -> str | None:
    """'customers who churned in the last 3 months' / '最近三个月流失的客户': the time phrase dates the
    segment (its entry date) when it sits right against a segment word naming the event. `used`: the query's
    segments (a population counted as a metric of its own does not date the other metrics)."""
    named = [(n, m) for n, m in reading.segments if used is None or n in used]
    for name, match in [*named, *((s, m) for _, s, m in reading.metric_or_segment)]:
        segment = model.segments[name]
        if not segment.time_dimension:
            continue
        gap_after = reading.text[match.end : when.span[0]]
        gap_before = reading.text[when.span[1] : match.start]
        names_event = not _names_population(model, segment.entity, match.text)
        if match.end <= when.span[0] and len(gap_after.strip()) == 0 and names_event:
            return f"{segment.entity}.{segment.time_dimension}"
        if when.span[1] <= match.start and len(gap_before.strip(" 的")) == 0:
            return f"{segment.entity}.{segment.time_dimension}"
    for candidates, match in reading.mentioned_dimensions:
        times = [c for c in candidates if model.dimension(c)[1].type == "time"]
        touching = (
            reading.text[match.end : when.span[0]].strip() == ""
            or reading.text[when.span[1] : match.start].strip(" 的") == ""
        )
        if times and touching:
            return times[0]
    return None


def _grain(reading: Reading) -> str | None:
    for grain, pattern in cues.GRAINS.items():
        if pattern.search(reading.masked):
            return grain
    return "month" if reading.has(cues.TREND) else None


def _ranking(model: SemanticModel, reading: Reading, query: dict[str, Any], metric: str, has_dims: bool) -> None:
    count = cues.count_in(reading.masked)
    ascending = reading.has(cues.ASCENDING) and not reading.has(cues.DESCENDING)
    ranked = count is not None or reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)
    speed = cues.speed_direction(reading.masked)
    if speed is not None and metric in model.metrics and model.metrics[metric].format == "hours":
        ranked, ascending = True, speed == "fast"  # the fastest response is the fewest hours
    if not (ranked and has_dims):
        return
    query["order_by"] = [{"field": metric, "direction": "asc" if ascending else "desc"}]
    singular = reading.has(cues.WHICH) and not cues.plural_which(reading.masked)
    limit = count or (1 if singular else None)
    if limit:
        query["limit"] = limit


def _unknown_breakdown(reading: Reading) -> str | None:
    for found in cues.UNKNOWN_BREAKDOWN.finditer(reading.masked):
        words = found.group(1).strip()
        covered = any(
            m.start <= found.start(1) < m.end or found.start(1) <= m.start < found.end(1) for m in reading.matches
        )
        if not covered and not any(p.search(found.group(0)) for p in cues.GRAINS.values()):
            return words
    return None


def _partial_breakdown(model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str]) -> str | None:
    """'split by reason': a word of exactly one dimension's name ('churn reason') the question can group by."""
    words = _unknown_breakdown(reading)
    if not words or len(words.split()) != 1:
        return None
    fields = {
        t
        for t in _lexicon(model).part_targets(words)
        if t in model.dimension_names()
        and not model.dimension(t)[1].pii
        and model.dimension(t)[1].type not in ("time", "number")
        and (t.partition(".")[0] == anchor or _reachable(model, anchor, t.partition(".")[0]))
    }
    if len(fields) != 1:
        return None
    field = fields.pop()
    _, dim = model.dimension(field)
    label = getattr(dim.label, reading.language) if dim.label else field
    assumptions.append(assumption(reading.language, "read_as", said=words, label=label, field=field))
    return field


def clarify_unknown_breakdown(model: SemanticModel, anchor: str, words: str) -> Plan:
    options = [f"{e}.{d}" for e, ent in model.entities.items() for d, dim in ent.dimensions.items()
               if not dim.pii and dim.type != "time" and (e == anchor or _reachable(model, anchor, e)) and d != ent.primary_key]  # fmt: skip
    message = f"I cannot break this down by '{words}'. Possible breakdowns: {', '.join(options[:12])}."
    return Plan(status="clarify", clarification=message, planner=PLANNER)


def _not_understood(model: SemanticModel, reading: Reading, language: Language) -> Plan:
    about = [n for n, _ in reading.segments] + [s for _, s, _ in reading.metric_or_segment]
    if about:
        question = clarify_about(model, about, language)
        return clarify(language, question, suggestions(model, language, about=about))
    if reading.entities or reading.breakdowns or reading.values:
        return clarify(language, None, suggestions(model, language))
    return decline(language, "outside", suggestions(model, language), None, model)


def _unique(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
