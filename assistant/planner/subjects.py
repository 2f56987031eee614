"""'How many members placed orders', '多少客户提交过工单': 'how many <A> <verb> <B>' counts A — the rows of the
first entity that have rows of the second (a semi-join on B's key) — not B's rows. The verb's time phrase dates
B, the action ('customers who opened tickets last month': ticket.created_at)."""

from __future__ import annotations

import re
from typing import Any

from assistant.planner import cues
from assistant.planner.dating import _names_population
from assistant.planner.lexicon import Match
from assistant.planner.rates import counted_rows
from assistant.planner.reading import Reading
from assistant.planner.shaping import _lexicon, _reachable
from semantic_layer import SemanticModel
from semantic_layer.compiler.metrics import leaf, leaf_names

_COUNT_BEFORE = re.compile(
    r"(?:\bhow many(?: of (?:our|the|all|these|those|your))?|\bnumber of|\bcount of|有多少|多少个?|几个|多少位|多少名)\s*(?:的\s*)?$"
)
_COUNT_INSIDE = re.compile(r"(?:how many|number of|count of)\b")  # 'how many customers' matched as one phrase
# the verb between subject and object: a few words, not a clause of its own, not 'did <subject> <verb>'
_VERB_GAP = re.compile(
    r"\s*(?:(?:have|has|had|ever|with|who|that|which|actually|already)\s+)*[a-z]+(?:ed|ing|s)?"
    r"(?:\s+(?:up|in|out|any|some|at least one|an?|the|their|new|one or more|more than one))*\s*"
    r"|\s*[^\s,，。?？a-z0-9]{1,4}\s*"
    r"|\s*[a-z]+(?:ed|ing)\s*"
)
# the object of a population's own verb ('customers who left us', 'who bought from us'), before the counted verb
_POPULATION_OBJECT = re.compile(r"^\s*(?:(?:from|with|to)\s+)?(?:us|our company|the company)\b")
_NOT_A_VERB = re.compile(r"\b(?:did|do|does|and|or|by|per|vs|than|in|on|of|from)\b|和|与|及|按|的")


def counted_subject(model: SemanticModel, reading: Reading) -> tuple[str, list[str], list[dict[str, Any]], str] | None:
    """(count metric of A, A's segments, the semi-join filters on B, B's time dimension) or None."""
    lexicon = _lexicon(model)
    if reading.has(cues.NUMERIC_CONDITION):
        return None  # a threshold would be on B's rows, inside the semi-join: not read that way yet
    matches = sorted(reading.matches, key=lambda m: m.start)
    inside = _counted_inside(model, reading, matches)
    if inside is not None:
        return inside
    for i, subject in enumerate(matches[:-1]):
        start = subject.start
        for earlier in reversed(matches[:i]):  # 'how many tier A customers': values before the noun belong to it
            if earlier.of("value") and not reading.masked[earlier.end : start].strip():
                start = earlier.start
            else:
                break
        said = _COUNT_BEFORE.search(reading.masked[:start]) or _COUNT_INSIDE.match(subject.text)
        if not said:
            continue
        first = _entity_of(model, subject)
        if first is None:
            continue  # 'how many tier A customers': the noun after the value is the subject
        later = matches[i + 1 :]
        clause = _own_clause(model, reading, subject, first[0], later)
        if clause is not None:  # 'how many customers who left us … opened a ticket': the population said after
            first, later, subject = (first[0], [*first[1], clause.of("segment")[0].target]), later[1:], clause
        # a verb the model also knows as a column ('opened' of created_at) is still the verb
        while len(later) > 1 and _verb_like(later[0]):
            later = later[1:]
        described, later = _described(model, reading, later)  # 'completed a purchase': a completed order
        obj = later[0]
        gap = _without_values(reading.masked[subject.end : obj.start], subject.end, described)
        if subject.of("segment"):  # 'the customers who left us … filed': 'us' ends the population's own clause
            gap = _POPULATION_OBJECT.sub("", gap, count=1)
        if _verb_like(obj) and re.fullmatch(r"\s*(?:(?:who|that|have|has|had|ever|actually)\s+)*", gap):
            pass  # 'how many members ordered something': the verb names B's event (ordered_at of orders)
        elif not gap.strip() or not _VERB_GAP.fullmatch(gap) or _NOT_A_VERB.search(gap):
            return None
        second = _object_rows(model, obj)
        if second is None:
            return None
        entity, filters = second
        if described:
            filters = [*[f for f in filters if f["op"] != "is_not_null"], *(f for _, f in described)]
        count = lexicon.count_metric.get(first[0])
        if entity == first[0] or count is None:
            return None
        if not _reachable(model, entity, first[0]) or _reachable(model, first[0], entity):
            return None  # only 'A has many B' is a semi-join ('customers placed orders')
        others = {m for m in reading.metrics if m not in {e.target for e in obj.of("metric")}}
        if others - set(first[1]) - {count}:
            return None  # another metric is asked: not a count of the subject
        day = model.entities[entity].default_time_dimension
        return count, first[1], filters, f"{entity}.{day}" if day else ""
    return None


def _described(
    model: SemanticModel, reading: Reading, later: list[Match]
) -> tuple[list[tuple[Match, dict[str, Any]]], list[Match]]:
    """Values of the object's own fields said right before its noun ('completed a purchase', 'raised a high priority
    ticket'): they describe the object's rows (filters inside the semi-join), they are not the object. Negated
    values are left to the other readings. Returns the values with their filters and the matches from the noun on."""
    described: list[tuple[Match, dict[str, Any]]] = []
    negated = {id(m) for _, neg, m in reading.values if neg}
    while len(later) > 1 and later[0].of("value") and id(later[0]) not in negated:
        rows = _object_rows(model, later[1])
        owner = rows[0] if rows else next((e.target.partition(".")[0] for e in later[1].of("value")), None)
        own = [e for e in later[0].of("value") if e.target.partition(".")[0] == owner]
        if not own:
            break
        described.append((later[0], {"field": own[0].target, "op": "=", "values": [own[0].value]}))
        later = later[1:]
    return (described, later) if later and _object_rows(model, later[0]) else ([], later)


def _without_values(gap: str, offset: int, described: list[tuple[Match, dict[str, Any]]]) -> str:
    """The verb gap without the describing values; the gap as said when the value is the only verb ('completed
    purchases')."""
    kept = list(gap)
    for match, _ in described:
        kept[match.start - offset : match.end - offset] = " " * (match.end - match.start)
    rest = "".join(kept)
    return rest if rest.strip() else gap


_AMONG_COUNT = re.compile(
    r"^\s*(?:的)?\s*(?:里|中|当中|之中|里面)\s*(?:面)?\s*[,，]?\s*有?\s*(?:多少|几)(?:个|位|名|人|家){0,2}\s*$"
)


# a quantity of the related rows between the verb and their noun: having any is what is counted
_QUANTITY = re.compile(r"(?:至少|起码|哪怕)?\s*一\s*(?:张|个|笔|份|条|次|单|封)|任何|任意")


def _counted_inside(
    model: SemanticModel, reading: Reading, matches: list[Match]
) -> tuple[str, list[str], list[dict[str, Any]], str] | None:
    """'流失的客户里有多少提交过工单': the subject before '里有多少', the verb and the object after it."""
    lexicon = _lexicon(model)
    for i, subject in enumerate(matches[:-1]):
        obj = matches[i + 1]
        between = reading.masked[subject.end : obj.start]
        count = re.search(r"(?:多少|几)(?:个|位|名|人|家){0,2}", between)  # '里，有几个人…
        if count is None or not _AMONG_COUNT.match(between[: count.end()]):
            continue
        first = _entity_of(model, subject)
        second = _object_rows(model, obj)
        verb = _QUANTITY.sub("", between[count.end() :])  # '提过至少一张工单': the verb is 提过
        if not verb.strip() and reading.masked[obj.end : obj.end + 1] in ("过", "了"):
            verb = reading.masked[obj.end]  # '有几个人购买过', '多少人下单了': the object's noun is the verb
        if first is None or second is None or not verb.strip() or not _VERB_GAP.fullmatch(verb):
            return None
        entity, filters = second
        metric = lexicon.count_metric.get(first[0])
        if metric is None or entity == first[0] or not _reachable(model, entity, first[0]):
            return None
        if _reachable(model, first[0], entity):
            return None
        day = model.entities[entity].default_time_dimension
        return metric, first[1], filters, f"{entity}.{day}" if day else ""
    return None


def dated_by_count_phrase(model: SemanticModel, reading: Reading, span: tuple[int, int], entity: str) -> bool:
    """'上个月新注册的客户里…': the period sits right before a phrase of a plain count of the subject's own entity
    (新注册 = new customers, counted by signup date), so it dates the subject, not the verb's rows."""
    for match in reading.matches:
        if span[1] > match.start or reading.text[span[1] : match.start].strip(" 的"):
            continue
        for entry in match.of("metric"):
            measure_name = getattr(model.metrics[entry.target], "measure", None)
            if not isinstance(measure_name, str):
                continue
            owner, measure = model.measure(measure_name)
            if owner == entity and measure.agg == "count" and not measure.filter and measure.agg_time_dimension:
                return True
    return False


def _own_clause(
    model: SemanticModel, reading: Reading, subject: Match, entity: str, later: list[Match]
) -> Match | None:
    """The population phrase right after a plain noun of the same rows ('customers' + 'who left us'), which says
    which of them are counted; None when the next phrase is something else."""
    if subject.of("segment") or len(later) < 2 or reading.masked[subject.end : later[0].start].strip():
        return None
    segments = [e.target for e in later[0].of("segment")]
    if not segments or later[0].of("metric") or model.segments[segments[0]].entity != entity:
        return None
    return later[0]


def _verb_like(match: Match) -> bool:
    return all(e.kind == "dimension" for e in match.entries) and bool(
        re.fullmatch(r"[a-z]+(?:ed|ing)|\S{1,3}", match.text)
    )


def _entity_of(model: SemanticModel, match: Match) -> tuple[str, list[str]] | None:
    """The subject's entity and population: an entity noun ('customers'), a segment ('members', 'churned
    customers')."""
    segments = [e.target for e in match.of("segment")]
    if segments:
        return model.segments[segments[0]].entity, segments[:1]
    entities = [e.target for e in match.of("entity")]
    if entities:
        return entities[0], []
    for entry in match.of("value"):  # 'tier A customers': a value naming rows of its own entity
        entity = entry.target.partition(".")[0]
        if _names_population(model, entity, match.text):
            return entity, []
    plain = {metric: entity for entity, metric in _lexicon(model).count_metric.items()}
    counted = [plain[e.target] for e in match.of("metric") if e.target in plain]  # 'how many customers'
    return (counted[0], []) if counted else None


def _object_rows(model: SemanticModel, match: Match) -> tuple[str, list[dict[str, Any]]] | None:
    """The object's entity and the condition its rows meet: an entity noun ('orders': any order) or a count
    metric with a simple condition ('complaints': tickets that are complaints)."""
    for entry in match.of("metric"):
        rows = counted_rows(model, entry.target)
        if rows is not None and not rows[1]:
            entity, _, filters = rows
            key = model.entities[entity].primary_key
            return entity, filters or [{"field": f"{entity}.{key}", "op": "is_not_null", "values": []}]
    for entry in match.of("entity"):
        key = model.entities[entry.target].primary_key
        return entry.target, [{"field": f"{entry.target}.{key}", "op": "is_not_null", "values": []}]
    days = [e.target for e in match.of("dimension") if model.dimension(e.target)[1].type == "time"]
    owners = {d.partition(".")[0] for d in days}
    if len(owners) == 1 and _verb_like(match):  # 'ordered' (order.ordered_at): any row of B
        (entity,) = owners
        key = model.entities[entity].primary_key
        return entity, [{"field": f"{entity}.{key}", "op": "is_not_null", "values": []}]
    return None


def anchor_entity(model: SemanticModel, metric: str) -> str:
    return leaf(model, leaf_names(model, metric)[0]).entity
