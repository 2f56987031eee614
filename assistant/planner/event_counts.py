"""How many events each counted row had: "去年有多少客户买了两次及以上", "customers with at least two completed orders",
"how many members placed 3 or more orders this year", "买过多次的客户".

A number of times (or orders) with 'or more / at least / more than / 及以上 / 至少 / 多次' said of the customers' events is
a condition on the count of each customer's rows, which no filter of the query can hold. Read word by word it was
dropped ('两次及以上' left no trace: every buying customer was counted) or the number was taken for an amount. The
model may declare such a count as a measure grouped per customer with a `having` floor (repeat buyers: customers with
at least two completed orders): with the same floor, and the question's other words reading as those customers'
events, the question is that metric, with the rest of its plan (period, population) kept. Any other floor, or an
event the measure does not count, is asked back naming what the model can count — never answered without the
condition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner.lexicon import normalize
from assistant.planner.messages import clarify, suggestions
from assistant.planner.pinned import Planner
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.compiler.metrics import leaf
from semantic_layer.model import SimpleMetric

_NUMBER = r"(?P<n>\d+|[一二两三四五六七八九十]|one|two|three|four|five|six|seven|eight|nine|ten)"
_UNIT_ZH = r"(?:次|单|笔|回|个订单|张订单)"


# 'or more' said of a number of events; the unit stays in the text when it names the event (a noun of the model's rows,
# 'purchases'), not for 次/times
@cache
def _at_least(row_nouns: str) -> tuple[re.Pattern[str], ...]:
    unit_en = rf"(?:times|(?:completed\s+|separate\s+|different\s+)?(?:{row_nouns}|purchases?|transactions?))"
    return tuple(
        re.compile(pattern)
        for pattern in (
            rf"{_NUMBER}\s*{_UNIT_ZH}\s*(?:及|或|或者)?(?:以上|更多)",
            rf"至少\s*{_NUMBER}\s*{_UNIT_ZH}",
            rf"(?<![a-z])(?:at\s+least|a\s+minimum\s+of|(?P<more>more\s+than))\s+{_NUMBER}(?=\s+{unit_en})",
            rf"(?<![a-z]){_NUMBER}\s*(?:\+|or\s+more)(?=\s+{unit_en})",
            rf"(?<![a-z]){_NUMBER}\s+times\s+or\s+more",
            r"(?P<twice>twice|more\s+than\s+once|multiple\s+times|repeatedly)(?:\s+or\s+more)?|多次|不止一次",
        )
    )


def _row_nouns(model: SemanticModel) -> str:
    """The English nouns of the model's rows ('orders'), each also in the singular, longest first."""
    nouns = {w.lower() for e in model.entities.values() for w in (e.label.en, *e.synonyms) if w.isascii()}
    nouns |= {n[:-1] for n in nouns if n.endswith("s")}
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(nouns, key=len, reverse=True))


_DIGITS = {"一": 1, "one": 1, "两": 2, "二": 2, "two": 2, "三": 3, "three": 3, "四": 4, "four": 4, "五": 5, "five": 5}
_DIGITS |= {"六": 6, "six": 6, "七": 7, "seven": 7, "八": 8, "eight": 8, "九": 9, "nine": 9, "十": 10, "ten": 10}
_FLOOR = re.compile(r"^\s*count\s*\(\s*\*\s*\)\s*(?P<op>>=|>)\s*(?P<k>\d+)\s*$", re.IGNORECASE)

_TEXT: dict[Language, str] = {
    "en": "'{phrase}' is a number of events of each one counted. The data counts those with at least {k} of them "
    "only as {metric} ({description}); shall I show that?",
    "zh": "“{phrase}”是每位客户的次数条件。数据里只能按“至少{k}次”来数,也就是{metric};要看这个吗?",
}
_NONE: dict[Language, str] = {
    "en": "'{phrase}' is a number of events of each one counted, which I can't count in this data.",
    "zh": "“{phrase}”是每位客户的次数条件,这份数据里没法按它来数。",
}


def repeat_plan(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    plan_alone: Planner,
) -> Plan | None:
    """The plan of a question counting customers by how many events each had, else None (no such phrase)."""
    text = normalize(question)
    found = min(
        (hit for hit in (p.search(text) for p in _at_least(_row_nouns(model))) if hit is not None),
        key=lambda h: h.start(),
        default=None,
    )
    if found is None:
        return None
    floor = _floor(found)
    if floor < 2:  # 'at least one completed purchase': any such row, which the other readings express
        return None
    phrase = question[found.start() : found.end()]
    blanked = question[: found.start()] + " " * len(phrase) + question[found.end() :]
    positive = plan_alone(blanked, history, model, as_of, language)
    if positive.status != "ok" or positive.query is None:
        return positive if positive.status != "ok" else None
    floors = _floors(model)
    event = _event_entity(model, positive.query, text[: found.start()], floors)
    if event is None or event not in {e for e, _ in floors.values()}:
        return clarify(language, _NONE[language].format(phrase=phrase.strip()), suggestions(model, language))
    same = [name for name, (entity, k) in floors.items() if entity == event and k == floor]
    lead = len(phrase) - len(phrase.lstrip())
    said = Span(
        text=phrase.strip(), start=found.start() + lead, end=found.start() + lead + len(phrase.strip()), role="metric"
    )
    if len(same) == 1 and same[0] in positive.query.metrics:  # '回头客？就是…两单及以上的客户数': its definition
        others = [m for m in positive.query.metrics if m != same[0]]
        if all(_counts_people(model, [m], event) or _entity_of(model, m) == event for m in others):
            return _as_metric(model, positive, same[0], event, said, language)
    counts = positive.query.kind == "metrics" and _counts_people(model, positive.query.metrics, event)
    if len(same) != 1 or not counts or not _condition_said(model, positive.query, same[0], text[: found.start()]):
        offered = next((n for n, (e, _) in floors.items() if e == event), "")
        k = floors[offered][1] if offered else floor
        label = getattr(model.metrics[offered].label, language) if offered else ""
        description = model.metrics[offered].description if offered else ""
        text_back = _TEXT[language].format(
            phrase=phrase.strip(), k=k, metric=label, description=description.rstrip(".")
        )
        return clarify(language, text_back, suggestions(model, language))
    return _as_metric(model, positive, same[0], event, said, language)


def _floor(found: re.Match[str]) -> int:
    groups = found.groupdict()
    if groups.get("n") is None:  # 'twice or more', 'more than once', '多次'
        return 2
    said = groups["n"]
    number = int(said) if said.isdigit() else _DIGITS.get(said, 0)
    return number + 1 if groups.get("more") else number


def _floors(model: SemanticModel) -> dict[str, tuple[str, int]]:
    """Metrics counting customers by a floor on their rows: name -> (entity of the rows, least number of rows)."""
    found: dict[str, tuple[str, int]] = {}
    for name in model.metrics:
        if _entity_of(model, name) is None:
            continue
        counted = leaf(model, name)
        floor = _FLOOR.match(counted.measure.having or "")
        if counted.measure.per and floor:
            k = int(floor.group("k")) + (floor.group("op") == ">")
            found[name] = (counted.entity, k)
    return found


def _event_entity(
    model: SemanticModel, query: SemanticQuery, before: str, floors: dict[str, tuple[str, int]]
) -> str | None:
    """The entity whose rows the question counts per customer: the one its plan reaches for a condition, a date or
    a metric, or — when the plan holds none — the one a name of which the verb right before is part of ('买' of
    '购买')."""
    reached = {f.field.partition(".")[0] for f in query.filters}
    if query.time_range is not None and query.time_range.field:
        reached.add(query.time_range.field.partition(".")[0])
    reached |= {entity for entity in (_entity_of(model, metric) for metric in query.metrics) if entity}
    events = {entity for entity, _ in floors.values()}
    linked = reached & events
    if linked:
        return next(iter(linked)) if len(linked) == 1 else None
    tail = re.sub(r"[\s了过的]+$", "", before)[-2:]
    for entity in events:
        names = [normalize(n) for n in [model.entities[entity].label.zh, *model.entities[entity].synonyms]]
        if tail and any(not tail[-1].isascii() and tail[-1] in n for n in names):
            return entity
    return None


def _condition_said(model: SemanticModel, query: SemanticQuery, metric: str, before: str) -> bool:
    """Whether the question says the rows the floor metric counts: its measure's condition as a filter ('completed
    orders'), a metric over the same condition ('buyers'), or a verb in a name of such a metric ('买' of '购买客户数').
    'placed more than one order' counts orders of any status, which the repeat buyers do not."""
    counted = leaf(model, metric)
    own = counted.measure.filter or ""
    if any(_restates(f.field, f.values, own) for f in query.filters if f.field.startswith(f"{counted.entity}.")):
        return True
    alike = [
        name
        for name, found in model.metrics.items()
        if _entity_of(model, name) == counted.entity and (leaf(model, name).measure.filter or "") == own and own
    ]
    if any(name in query.metrics for name in alike if name != metric):
        return True
    verb = re.sub(r"[\s了过的]+$", "", before)[-1:]
    names = [n for name in alike for n in (model.metrics[name].label.zh, *model.metrics[name].synonyms)]
    return bool(verb) and not verb.isascii() and any(verb in n for n in names)


def _counts_people(model: SemanticModel, metrics: list[str], event: str) -> bool:
    """The plan counts the customers the event's rows belong to (a count of them, or of the event's buyers)."""
    if len(metrics) != 1 or _entity_of(model, metrics[0]) is None:
        return False
    counted = leaf(model, metrics[0])
    owner = next((r.to for r in model.entities[event].relationships if r.type == "many_to_one"), None)
    return counted.entity == owner or (counted.entity == event and counted.measure.agg == "count_distinct")


def _entity_of(model: SemanticModel, metric: str) -> str | None:
    """The entity a simple metric counts the rows of (None for a ratio or a derived metric)."""
    return leaf(model, metric).entity if isinstance(model.metrics.get(metric), SimpleMetric) else None


def _as_metric(model: SemanticModel, positive: Plan, metric: str, event: str, said: Span, language: Language) -> Plan:
    """The positive plan with its count replaced by the floor metric; the event's conditions that the metric's
    measure already holds (its status) and its date field are the metric's own."""
    assert positive.query is not None
    counted = leaf(model, metric)
    own = counted.measure.filter or ""
    kept = [
        f
        for f in positive.query.filters
        if not (f.field.partition(".")[0] == event and (f.op in ("is_not_null",) or _restates(f.field, f.values, own)))
    ]
    conflicting = [f for f in kept if f.field.partition(".")[0] == event and f.field.endswith(".status")]
    if conflicting:  # 'returned twice or more': rows the metric does not count
        return clarify(language, _NONE[language].format(phrase=said.text), suggestions(model, language))
    time_range = positive.query.time_range
    if time_range is not None and time_range.field and time_range.field.partition(".")[0] == event:
        time_range = time_range.model_copy(update={"field": None})
    replaced = set(positive.query.metrics) - {metric}
    query = positive.query.model_copy(update={"metrics": [metric], "filters": kept, "time_range": time_range})
    dropped = {f.field for f in positive.query.filters} - {f.field for f in kept}
    spans = [
        s.model_copy(update={"role": "metric", "target": metric, "value": None})
        if s.target in replaced or (s.role == "filter" and s.target in dropped)
        else s
        for s in positive.interpretation
    ]
    spans.append(said.model_copy(update={"target": metric}))
    return positive.model_copy(update={"query": query, "interpretation": sorted(spans, key=lambda s: (s.start, s.end))})


def _restates(field: str, values: Sequence[object], condition: str) -> bool:
    """A filter the measure's own condition already holds ('status = completed' of repeat buyers)."""
    column = field.partition(".")[2]
    return len(values) == 1 and bool(re.search(rf"\b{column}\s*=\s*'{values[0]}'", condition))
