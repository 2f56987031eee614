"""'Customers who never placed an order', 'members with no ticket in the last 90 days', '从来没下过单的客户',
'今年一次都没投诉过的会员': a population defined by having NO rows of another entity (an anti-join).

The denial (never / not / no / without / haven't / didn't …, 从没 / 从来没 / 一次都没 / 没有…过 / 未曾 …) stands right
before the event of an entity the counted rows have many of (orders or tickets of a customer). The question is
planned with the denial blanked — the population that DID have such rows, which the planner reads as a semi-join
('how many customers placed an order last month': `order.order_id is_not_null`, dated on `order.ordered_at`) or as a
count of those rows among the population ('complaints of members') — and that reading is then turned into its
absence: `is_null` on the other entity's key, which the compiler writes as NOT EXISTS with the other entity's
conditions and dates inside (README, 'Rows without related rows'). The period next to the event dates the absent rows; a period
on the population's own date ('signed up last year') stays on it. A population the model names by exactly that
absence (the silent customers) is that segment. "Not" on a field value ('not completed', 'non-members', '未关闭')
denies no rows and is left to the other readings, as is an absence whose positive reading is not one of these shapes
(they ask back); a period that could date the absence or another metric is asked back here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner import conditions, definitions
from assistant.planner.lexicon import Match, normalize
from assistant.planner.messages import clarify, suggestions
from assistant.planner.pinned import Planner, compiling
from assistant.planner.rates import counted_rows
from assistant.planner.reading import Reading, read
from assistant.planner.shaping import _lexicon
from assistant.planner.subjects import _object_rows, _verb_like
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler import model_graph
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import QueryError, TimeExpressionError
from semantic_layer.model import SimpleMetric
from semantic_layer.query import METRIC_TIME

_DENIAL_EN = re.compile(
    r"\b(?:never|without|no|not|(?:have|has|had|did|do|does)\s+not|(?:haven|hasn|hadn|didn|don|doesn)['’]?t)\b"
)
_DENIAL_ZH = re.compile(r"(?:一次都|一次也|从来都?|从|还|都|也)?(?:没有|没|未曾|从未|不曾|未)")
# 'not one <event>, none': '一次投诉都没有', '一笔订单也没下过' (the event between the count and the denial)
_FRONTED_ZH = re.compile(
    r"(?P<one>一\s*(?:次|个|笔|单|条|张|封|份|回))\s*(?P<event>[^\s,，。?？;；、]{1,6}?)\s*"
    r"(?P<deny>(?:都|也)\s*(?:没有|没)(?:[下提发买]?过|有)?)"
)
# what may stand between the denial and the event: a verb, an auxiliary, an article or an emphasis
# 'not one, none': '一单都没下过' (the measure word and the verb make the entity's name: 下 + 单 = 下单)
_BARE_ZH = re.compile(
    r"(?P<one>一\s*(?P<measure>[单笔张条封份]))\s*(?P<deny>(?:都|也)\s*(?:没有|没|未))(?P<verb>[\u4e00-\u9fff])(?=[过了])"
)
_GAP_EN = re.compile(r"(?:\s*\b(?:ever|yet|once|even|been|any|a|an|one|single|the|[a-z]+(?:ed|s)?)\b)*\s*")
_GAP_ZH = re.compile(r"[^\s,，。?？;；、a-z0-9]{0,5}")
# emphasis that only a denial carries ('without a single order', 'never ever'); said of present rows it would count
_EMPHASIS_EN = re.compile(r"\b(?:ever|even|a single|single|one single|any|at all)\b")
_PAIRED = re.compile(r"(?:\b(?:vs|versus|or|and)\.?|还是|和|与|或)\s*$")
_ANSWER_FORM = re.compile(r"[,;:\-–—]\s*$")  # 'the rate, not the number of returns' (a Chinese clause may start so)
_ARTICLE = re.compile(r"\s+(?:a|an|any|one|the|a single)\b")
_JOINER = re.compile(r"\b(?:and|or|but|than|by|per|of|in|on|from|is|are|was|were)\b|和|与|或|按|的")


@dataclass(frozen=True)
class Denial:
    """Where a question denies rows of another entity: the words of the denial (with its emphasis), the entity, the
    metrics the denied event's words name ('complained': complaining_customers) and, for '没下过单', the split name of
    the entity to read as '下单过', and values of the entity's fields said as its verb ('never opened a ticket')."""

    words: tuple[tuple[int, int], ...]
    entity: str
    named: frozenset[str]
    split: tuple[int, int, str] | None = None
    verbs: frozenset[str] = frozenset()  # fields of values said as the verb ('open a ticket': not status = open)


def absence_plan(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    plan_alone: Planner,
) -> Plan | None:
    """The plan of a question about rows that have no rows of another entity, else None (not such a question)."""
    try:
        reading = read(question, _lexicon(model), as_of)
    except TimeExpressionError:
        return None  # the planner says what is wrong with the period
    denied = _denied(model, reading)
    if denied is None:
        return None
    blanked = question
    for start, end in denied.words:
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    if denied.split is not None:  # '没下过单': the positive question reads '下单过'
        start, end, name = denied.split
        blanked = blanked[:start] + name + blanked[end:]
    positive = plan_alone(blanked, history, model, as_of, language)
    if positive.status != "ok" or positive.query is None:
        return None
    subject = _subject_before(model, reading, denied.words[0][0], denied.entity)
    unclear = _period_unclear(model, reading, denied, positive.query, language) if subject else None
    if unclear is not None:  # 'revenue last month from customers who never complained': whose month?
        return clarify(language, unclear, suggestions(model, language))
    counted = (
        subject or _records_entity(positive.query) or next(iter(_counted_entities(model, positive.query.metrics)), None)
    )
    own_date = _population_date(model, reading, counted)
    asked = {*reading.metrics, *(name for name, _ in reading.weak_metrics)} - denied.named
    absent = _anti_join(model, positive.query, denied, subject, own_date, frozenset(asked), as_of)
    if absent is None:
        return None  # not a shape whose absence is clear: the other readings ask back or read the denial
    query, moved = absent
    if own_date is not None and query.time_range is not None and query.time_range.field != own_date:
        # '去年注册但从没下过单': the period sits against the population's own event, not the absent rows
        query = query.model_copy(update={"time_range": query.time_range.model_copy(update={"field": own_date})})
    key = f"{denied.entity}.{model.entities[denied.entity].primary_key}"
    words = [
        Span(text=question[start:end], start=start, end=end, role="filter", target=key, value="is_null")
        for start, end in denied.words
    ]
    spans = [_as_said(_moved(s, moved, query), question) for s in positive.interpretation]
    named = _model_segment(model, query, as_of)
    if named is not None:
        found, query = named
        spans = definitions.as_segment([*spans, *words], found)
        note = definitions.note(model, found, language)
        return positive.model_copy(
            update={"query": query, "interpretation": spans, "assumptions": [*positive.assumptions, note]}
        )
    spans = sorted([*spans, *words], key=lambda s: (s.start, s.end))
    return positive.model_copy(update={"query": query, "interpretation": spans})


def _period_unclear(
    model: SemanticModel, reading: Reading, denied: Denial, query: SemanticQuery, language: Language
) -> str | None:
    """The question back when the one period could date the other metric or the absent rows: the denied event is
    read as a condition beside another metric and the period was left to each metric's own dates."""
    others = [m for m in query.metrics if m not in denied.named]
    if len(others) == len(query.metrics) or not others or len(reading.times) != 1 or query.time_range is None:
        return None
    if query.time_range.field not in (None, METRIC_TIME):
        return None
    start = denied.words[0][0]
    event = next((m.end for m in sorted(reading.matches, key=lambda m: m.start) if m.start >= denied.words[-1][1]), 0)
    phrase = " ".join(reading.text[start:event].split())
    period = reading.times[0].phrase.strip()
    label = model.metrics[others[0]].label
    if language == "zh":
        return f"“{period}”指的是{label.zh}的时间,还是“{phrase}”的时间?请把时间放在它修饰的内容旁边再问一次。"
    return (
        f"Does '{period}' date the {label.en.lower()} or the '{phrase}'? "
        "Please ask again with the period next to the one it dates."
    )


def _denied(model: SemanticModel, reading: Reading) -> Denial | None:
    """The first denial followed by a match that names rows of an entity ('orders', 'complaints', 'complained',
    'ordered'), with only a verb, an article, an emphasis or values of that entity's own fields ('completed') in
    between."""
    zh = reading.language == "zh"
    pattern, gap = (_DENIAL_ZH, _GAP_ZH) if zh else (_DENIAL_EN, _GAP_EN)
    matches = sorted(reading.matches, key=lambda m: m.start)
    fronted = _fronted(model, reading, matches) if zh else None
    if fronted is not None:
        return fronted
    for hit in pattern.finditer(reading.masked):
        if any(m.start <= hit.start() < m.end for m in matches):
            continue  # '未关闭', 'non-members': a value or a population said with its own denial
        if _PAIRED.search(reading.masked[: hit.start()]) or (
            not zh and _ANSWER_FORM.search(reading.masked[: hit.start()])
        ):
            continue  # 'opened vs not opened', '买过还是没买过', 'the rate, not the number': a split or an answer form
        split = _split_entity(model, reading.masked, hit.end()) if zh else None
        if split is not None:
            return Denial(((hit.start(), hit.end()),), split[3], frozenset(), split[:3])
        between = list(reading.masked)
        verbs: set[str] = set()
        for match in (m for m in matches if m.start >= hit.end()):
            entity = _rows_named(model, match)
            if entity is not None:
                said = "".join(between[hit.end() : match.start])
                if gap.fullmatch(said) and not _JOINER.search(said) and _has_owner(model, entity):
                    emphasis = [(hit.end() + e.start(), hit.end() + e.end()) for e in _EMPHASIS_EN.finditer(said)]
                    named = frozenset(e.target for e in match.of("metric"))
                    return Denial(((hit.start(), hit.end()), *emphasis), entity, named, None, frozenset(verbs))
                break
            if not (_verb_like(match) or match.of("value")):
                break
            if _ARTICLE.match(reading.masked, match.end):  # 'open a ticket': the verb, not the status
                verbs |= {e.target for e in match.of("value") if not _state_said(model, match, e.target)}
            between[match.start : match.end] = " " * (match.end - match.start)
    return None


def _state_said(model: SemanticModel, match: Match, field: str) -> bool:
    """'never completed an order', 'hasn't cancelled an order': a participle that is the value itself names the state
    the rows end in, which the absent rows must have; 'opened' of the value 'open' is the verb of making them."""
    said = normalize(match.text)
    values = [e.value for e in match.of("value") if e.target == field]
    spellings = {str(v) for v in values} | {
        normalize(s) for v in values for s in model.dimension(field)[1].value_synonyms.get(str(v), [])
    }
    return said.endswith("ed") and said in spellings


def _fronted(model: SemanticModel, reading: Reading, matches: list[Match]) -> Denial | None:
    """'一次投诉都没有', '一笔订单也没下过': the event put between 'not one' and the denial; the same absence as
    '一次都没有投诉'. The event must be exactly a phrase naming rows of an entity that has an owner."""
    for hit in _FRONTED_ZH.finditer(reading.masked):
        event = next((m for m in matches if m.start == hit.start("event") and m.end == hit.end("event")), None)
        entity = _rows_named(model, event) if event is not None else None
        if event is None or entity is None or not _has_owner(model, entity):
            continue
        named = frozenset(e.target for e in event.of("metric"))
        return Denial((hit.span("one"), hit.span("deny")), entity, named)
    return _bare(model, reading)


def _bare(model: SemanticModel, reading: Reading) -> Denial | None:
    """'一单都没下过': no event said, only the measure word of its rows and the verb; together they are a Chinese
    name of an entity with an owner (下单: orders), read as '下单过' for the positive question."""
    for hit in _BARE_ZH.finditer(reading.masked):
        said = hit["verb"] + hit["measure"]
        for entity, found in model.entities.items():
            if said in {normalize(n) for n in found.synonyms} and _has_owner(model, entity):
                return Denial((hit.span("one"), hit.span("deny")), entity, frozenset(), (*hit.span("verb"), said))
    return None


def _split_entity(model: SemanticModel, text: str, at: int) -> tuple[int, int, str, str] | None:
    """'没下过单': an entity's Chinese name split by 过 / 了 right after the denial (下过单 = 下单 + 过), as (start, end,
    the name with the particle after it, the entity); aspect.py leaves entity nouns whole elsewhere."""
    for entity, found in model.entities.items():
        for name in (normalize(n) for n in found.synonyms if len(n) >= 2 and not n.isascii()):
            for verb in (1, 2):
                head, tail = name[:verb], name[verb:]
                for particle in "过了":
                    said = head + particle + tail
                    found_at = text[at : at + 2 + len(said)].find(said) if tail else -1
                    if found_at >= 0 and _has_owner(model, entity):
                        start = at + found_at
                        return start, start + len(said), name + particle, entity
    return None


def _rows_named(model: SemanticModel, match: Match) -> str | None:
    """The entity whose rows a match names: an entity noun or a count of its rows ('orders', 'complaints'), or the
    owners who have such rows ('complained': customers with a complaint)."""
    rows = _object_rows(model, match)
    if rows is not None:
        other = [e for e in match.of("dimension") + match.of("value") if e.target.partition(".")[0] != rows[0]]
        return None if other and _verb_like(match) else rows[0]  # 'opened': a ticket's or a touch's?
    found = (_owners_of_rows(model, e.target) for e in match.of("metric"))
    return next((f[0] for f in found if f is not None), None)


def _owners_of_rows(model: SemanticModel, metric: str) -> tuple[str, str, list[dict[str, Any]]] | None:
    """(rows' entity, owner entity, rows' condition) of a count of distinct owners with such rows
    ('complaining_customers': customers with a ticket that is a complaint), else None."""
    found = model.metrics.get(metric)
    if not isinstance(found, SimpleMetric) or found.segments:
        return None
    entity, measure = model.measure(found.measure)
    if measure.agg != "count_distinct" or measure.expr is None:
        return None
    for relationship in model.entities[entity].relationships:
        if relationship.local_key == measure.expr and _fans_out(model, relationship.to, entity):
            filters = conditions.as_filters(model, entity, measure.filter)
            if filters is None:
                return None
            return entity, relationship.to, filters
    return None


def _has_owner(model: SemanticModel, entity: str) -> bool:
    """Rows that belong to rows of another entity (a customer's orders) can be absent for them."""
    return any(_fans_out(model, other, entity) for other in model.entities)


def _anti_join(
    model: SemanticModel,
    query: SemanticQuery,
    denied: Denial,
    subject: str | None,
    own_date: str | None,
    asked: frozenset[str],
    as_of: date,
) -> tuple[SemanticQuery, dict[str, str]] | None:
    """The positive query turned into the absence of `entity` rows, and the metrics that became conditions on those
    rows (metric -> field); None when the query is not of a shape whose absence is clear. The positive reading may
    count the owners with such rows ('complaining customers'), the rows themselves among a population ('complaints
    of members', 'orders of customers'), or the owners with a semi-join on the rows ('customers who placed orders').
    Next to another metric, the denied event's own metric is a condition ('revenue from customers who never
    complained'), unless a period would then date either."""
    entity = denied.entity
    key = f"{entity}.{model.entities[entity].primary_key}"
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters if f.field not in denied.verbs]
    moved: dict[str, str] = {verb: key for verb in denied.verbs}
    metrics = list(query.metrics)
    time_range = query.time_range.model_dump(mode="json", exclude_none=True) if query.time_range else None
    counts_rows = _owner_and_conditions(model, query, entity, subject) if query.kind == "metrics" else None
    if counts_rows is not None:  # 'members who complained' counted the complaints or the complaining customers
        owner, conditions = counts_rows
        count = _lexicon(model).count_metric.get(owner)
        if count is None or asked - {count}:
            return None  # another metric the question names ('orders … from members who never complained')
        moved[metrics[0]] = conditions[0]["field"] if conditions else key
        time_range = _dated_on(model, time_range, entity)
        metrics, filters = [count], [*filters, *conditions]
    beside = [m for m in metrics if m in denied.named] if len(metrics) > 1 else []
    for metric in beside:  # 'revenue from customers who never complained'
        stands_for = _conditions_of(model, metric, entity)
        undated = time_range is not None and time_range.get("field") in (None, METRIC_TIME)
        if stands_for is None or undated:
            return None  # the period would date the absent rows or the other metric: asked back
        metrics = [m for m in metrics if m != metric]
        filters = [*filters, *stands_for]
        moved[metric] = stands_for[0]["field"] if stands_for else key
    dimensions = [d.model_dump(mode="json", exclude_none=True) for d in query.dimensions]
    order_by = [o.model_dump(mode="json", exclude_none=True) for o in query.order_by]
    if query.kind == "records" and _records_entity(query) == entity and subject is not None:
        # 'list customers with no ticket …' listed the tickets of those customers: list the customers instead
        dimensions = [{"name": f"{subject}.{c}"} for c in model.entities[subject].record_columns]
        order_by = [o for o in order_by if o["field"].partition(".")[0] != entity]
        time_range = _dated_on(model, time_range, entity)
        moved[entity] = key
    counted = _counted_entities(model, metrics) if query.kind == "metrics" else {_records_entity_of(dimensions)}
    if not counted or any(c is None or not _has_many(model, c, entity) for c in counted):
        return None
    related = [f for f in filters if f["field"].partition(".")[0] == entity]
    if not related and not moved and time_range is not None and time_range.get("field") != own_date:
        return None  # the event was not read: whether the period dates it is not known
    if any(f["op"] in ("is_null", "!=", "not_in") for f in related):
        return None  # already denied once: a double negation is asked back
    segments = list(query.segments)
    as_segment = _state_as_segment(model, metrics) if query.kind == "metrics" else None
    if as_segment is not None:  # 'active customers who got no touch this year': the period dates the absent rows
        metrics, segments = [as_segment[0]], [*segments, as_segment[1]]
        time_range = _dated_on(model, time_range, entity)
    filters = [f for f in filters if f != {"field": key, "op": "is_not_null", "values": []}]
    filters.append({"field": key, "op": "is_null", "values": []})
    update: dict[str, Any] = {
        "metrics": metrics,
        "segments": segments,
        "filters": filters,
        "time_range": time_range,
        "dimensions": dimensions,
        "order_by": order_by,
    }
    found = compiling(model, query.model_dump(mode="json", exclude_none=True) | update, as_of)
    return None if found is None else (found, moved)


def _state_as_segment(model: SemanticModel, metrics: list[str]) -> tuple[str, str] | None:
    """(count metric, segment) for one count of a state ('active customers', a snapshot with no date): the entity's
    plain count within the segment of the same condition, so that a period can date the absent rows instead."""
    if len(metrics) != 1:
        return None
    found = model.metrics[metrics[0]]
    if not isinstance(found, SimpleMetric) or not found.snapshot:
        return None
    entity, measure = model.measure(found.measure)
    count = _lexicon(model).count_metric.get(entity)
    state = conditions.as_filters(model, entity, measure.filter)
    for name, segment in model.segments.items():
        same = segment.entity == entity and segment.exists is None and segment.not_exists is None
        if same and count and state and conditions.as_filters(model, entity, segment.filter) == state:
            return count, name
    return None


def _owner_and_conditions(
    model: SemanticModel, query: SemanticQuery, entity: str, subject: str | None
) -> tuple[str, list[dict[str, Any]]] | None:
    """For a query of one count of `entity` rows ('complaints' of members) or of their owners ('complaining
    customers'): whose rows are absent and the condition on the rows that count stands for."""
    if len(query.metrics) != 1:
        return None
    owned = _owners_of_rows(model, query.metrics[0])
    if owned is not None and owned[0] == entity:
        return owned[1], owned[2]
    rows = counted_rows(model, query.metrics[0])
    owner = subject or _subject(model, query, entity)
    if rows is not None and rows[0] == entity and not rows[1] and owner is not None:
        return owner, rows[2]
    return None


def _subject(model: SemanticModel, query: SemanticQuery, entity: str) -> str | None:
    """Whose rows are absent: the one entity of the query's populations and filters that has many `entity` rows."""
    owners = {model.segments[s].entity for s in query.segments}
    owners |= {f.field.partition(".")[0] for f in query.filters}
    owners = {o for o in owners if _fans_out(model, o, entity)}
    return owners.pop() if len(owners) == 1 else None


def _subject_before(model: SemanticModel, reading: Reading, start: int, entity: str) -> str | None:
    """The nearest population named before the denial whose rows have many `entity` rows ('customers who never …')."""
    for match in sorted((m for m in reading.matches if m.end <= start), key=lambda m: -m.start):
        named = [e.target for e in match.of("entity")]
        named += [model.segments[e.target].entity for e in match.of("segment")]
        named += [rows[0] for e in match.of("metric") if (rows := counted_rows(model, e.target)) is not None]
        owners = [n for n in named if _fans_out(model, n, entity)]
        if owners:
            return owners[0]
    return None


def _population_date(model: SemanticModel, reading: Reading, subject: str | None) -> str | None:
    """The subject's own date when the question's one period sits right against a word naming it ('signed up in
    2025', '去年注册')."""
    if subject is None or len(reading.times) != 1:
        return None
    start, end = reading.times[0].span
    for match in reading.matches:
        touching = (
            not reading.masked[match.end : start].strip(" 的于在") or not reading.masked[end : match.start].strip()
        )
        if (match.end > start and match.start < end) or not touching:
            continue
        for entry in match.of("dimension"):
            owner = entry.target.partition(".")[0]
            if owner == subject and model.dimension(entry.target)[1].type == "time":
                return entry.target
    return None


def _counted_entities(model: SemanticModel, metrics: list[str]) -> set[str | None]:
    return {leaf(model, name).entity for metric in metrics for name in leaf_names(model, metric)}


def _records_entity(query: SemanticQuery) -> str | None:
    return _records_entity_of([d.model_dump(mode="json") for d in query.dimensions])


def _records_entity_of(dimensions: list[dict[str, Any]]) -> str | None:
    owners = {d["name"].partition(".")[0] for d in dimensions if d["name"] != METRIC_TIME}
    return owners.pop() if len(owners) == 1 else None


def _dated_on(model: SemanticModel, time_range: dict[str, Any] | None, entity: str) -> dict[str, Any] | None:
    """A period that dated the rows counted or listed ('complaints since July') dates the absent rows."""
    day = model.entities[entity].default_time_dimension
    if time_range is not None and time_range.get("field") in (None, METRIC_TIME) and day:
        return {**time_range, "field": f"{entity}.{day}"}
    return time_range


def _conditions_of(model: SemanticModel, metric: str, entity: str) -> list[dict[str, Any]] | None:
    """The condition on `entity` rows a count of them or of their owners stands for ('complaints': is_complaint)."""
    owned = _owners_of_rows(model, metric)
    if owned is not None and owned[0] == entity:
        return owned[2]
    rows = counted_rows(model, metric)
    return rows[2] if rows is not None and rows[0] == entity and not rows[1] else None


def _has_many(model: SemanticModel, anchor: str, target: str) -> bool:
    """Whether each `anchor` row stands for many `target` rows, through rows it has one of (an order's customer's
    tickets): the rows NOT EXISTS looks for."""
    try:
        path = model_graph(model).path(anchor, target)
    except QueryError:
        return False
    return bool(path) and path[-1].fans_out and not any(edge.fans_out for edge in path[:-1])


def _fans_out(model: SemanticModel, anchor: str, target: str) -> bool:
    """Whether one `anchor` row has many `target` rows, directly (a customer's orders)."""
    try:
        path = model_graph(model).path(anchor, target)
    except QueryError:
        return False
    return len(path) == 1 and path[0].fans_out


def _moved(span: Span, moved: dict[str, str], query: SemanticQuery) -> Span:
    """A metric that became the condition on the absent rows ('complaints' -> ticket.is_complaint) backs it, as the
    noun of rows that were listed and a value said as the verb do; a period that now dates the absent rows names their date."""
    if span.role in ("metric", "list", "filter") and span.target in moved:
        return span.model_copy(update={"role": "filter", "target": moved[span.target], "value": None})
    if span.role == "time_range" and query.time_range is not None and query.time_range.field:
        return span.model_copy(update={"target": query.time_range.field})
    return span


def _as_said(span: Span, question: str) -> Span:
    """Spans of the split phrase ('下单过' read for '下过单') show the words as typed."""
    said = question[span.start : span.end]
    return span if span.turn != 0 or span.text == said else span.model_copy(update={"text": said})


def _model_segment(
    model: SemanticModel, query: SemanticQuery, as_of: date
) -> tuple[definitions.Restated, SemanticQuery] | None:
    """The model's own population when the absence is its definition ('active customers with no completed order in
    the last 90 days' = silent customers): one way to say each thing. The related-rows check of `definitions.restated`
    reads the denial as a negated filter over the metric's window; it is given that form here."""
    for name, segment in model.segments.items():
        related = segment.not_exists
        if related is None or query.time_range is None:
            continue
        day = model.entities[related.entity].default_time_dimension
        key = f"{related.entity}.{model.entities[related.entity].primary_key}"
        dated = query.time_range.field in (None, METRIC_TIME, f"{related.entity}.{day}")
        if not dated or not any(f.field == key for f in query.filters):
            continue
        negated = [
            f.model_copy(update={"op": "!="}) if f.field.partition(".")[0] == related.entity and f.op == "=" else f
            for f in query.filters
            if f.field != key
        ]
        spelled = query.model_copy(
            update={"filters": negated, "time_range": query.time_range.model_copy(update={"field": None})}
        )
        found = definitions.restated(model, spelled, as_of)
        if found is not None and found.segment == name:
            return definitions.Restated(found.segment, found.query, found.dropped | {("filter", key)}), found.query
    return None
