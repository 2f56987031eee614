"""The unit of a count: people or events. "有多少人投诉过", "how many customers filed a complaint", "按人头算" count
the distinct people behind the rows; "how many complaints", "投诉次数" count the rows.

- **People asked**: a count cue whose noun is a person ("多少人", "多少个客户", "how many people / customers",
  "headcount", "按人头算") over a count of another entity's rows (tickets, orders, responses) becomes the model's
  distinct count of the same rows' people (same entity, same condition and date: `complaints` ->
  `complaining_customers`). When the model has no such measure the question is asked back, naming why: counting
  the rows would answer another question.
- **Ranked per person**: a distinct count of people broken down by the people's key ("which customers complained
  the most") is 1 on every row; the rows themselves are counted (`complaining_customers` -> `complaints`).
- **What not to count** ("按人头算，不是投诉次数", "count people, not complaints", "不要按次数") is an instruction
  about the unit, not a filter and not a negation: the clause is excused (an answer form, DESIGN §10 `filler`)
  and its kept unit applies.

Person words are grammar (人, 人头, people, headcount) plus the model's own nouns of the people entity (the entity
a distinct-count measure counts, e.g. customer: customers, 客户, 顾客).
"""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan, Span
from assistant.planner.discourse import Excused
from assistant.planner.events import _event_count
from assistant.planner.grounding import unbacked
from assistant.planner.rates import counted_rows
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER, _lexicon
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric

PEOPLE = "headcount"  # the kept form of an excused unit clause ('answer_form' kind; discourse keeps counts)
TIMES = "times"

_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "people": "Counted distinct {people}, not {rows} ({swap}).",
        "rows": "Counted {rows} per {person}, not distinct {people} ({swap}).",
        "no_people": "You asked how many {people}, but I can only count {rows} here, not the different {people} "
        "behind them; counting {rows} would answer another question.",
        "nearest": " The nearest count of people I have is '{label}': {description}",
        "having": "Counted the {people} with at least one of the {rows}, not the {rows} ({swap}).",
        "population": "You asked how many {people} there are, but the words of the question named {metric}, which "
        "counts no one. Could you say which population to count?",
        "counted": "Counted the population asked about ({swap}).",
    },
    "zh": {
        "people": "按人数(去重的{people})统计,不是{rows}的条数({swap})。",
        "rows": "按{person}统计{rows}的条数,不是去重人数({swap})。",
        "no_people": "您问的是有多少{people},但这里我只能统计{rows}的条数,无法统计背后有多少不同的{people};"
        "按条数回答会答非所问。",
        "nearest": "最接近的人数指标是“{label}”:{description}",
        "having": "统计的是至少有一条{rows}的{people}人数,不是{rows}本身({swap})。",
        "population": "您问的是有多少{people},但问题里的词指向了{metric},它不是人数。请说明要统计哪一群人?",
        "counted": "统计的是所问人群的人数({swap})。",
    },
}

_PERSON_EN = r"(?:people|persons|individuals|folks|humans|heads|{nouns})"
_PERSON_ZH = r"(?:人(?!次|均)|位|名(?![单字称])|{nouns})"
_ASK_PEOPLE_EN = (
    r"\b(?:how\s+many|number\s+of|count\s+of|no\.\s+of|count(?:ing)?|total)\s+(?:different\s+|distinct\s+|unique\s+|"
    r"individual\s+|separate\s+)?{person}(?![a-z])|\bhead\s?counts?\b|\b(?:by|per)\s+head\b"
)
_ASK_PEOPLE_ZH = r"(?:多少|(?<!哪)几)(?:个|位|名)?{person}|人数|人头|的{person}(?:数)?(?:有|是|一共|总共|共)*(?:多少|几)(?:个|位|名)?(?=\s*(?:[?？。,，!！;；]|$|人|呢|啊))"
# the unit clause: 'count people, not complaints', '按人头算，不是投诉次数', 'not the number of tickets'
# ('按人头去重': counted once per person; '（按人头）' with the verb left out)
_KEEP_PEOPLE_ZH = (
    r"(?:按|以)(?:人头|人数|人|{nouns})(?:数)?(?:(?:来|去)?(?:算|计|统计|计算|数|去重)(?:的话)?|(?=\s*[)）,，。;；]|$))"
)
_KEEP_TIMES_ZH = r"(?:按|以)(?:次数|件数|单数|条数|笔数|人次)(?:来|去)?(?:算|计|统计|计算|数)(?:的话)?"
_NOT_ZH = r"(?:而)?(?:不是|不要|别|不按|不算|并非|而非)(?:按|算|看)?"
_DROP_TIMES_ZH = _NOT_ZH + r"[^，,。；;？?！!\s]{0,8}?(?:次数|件数|条数|笔数|单数|人次)(?:来算|算)?"
_DROP_PEOPLE_ZH = _NOT_ZH + r"(?:人头|人数|{nouns}数|去重)(?:来算|算)?"
_NOT_EN = r"(?:[,;]\s*)?(?:and\s+|but\s+)?(?:not|rather\s+than|instead\s+of)\s+(?:the\s+|by\s+)?"
_KEEP_PEOPLE_EN = r"\b(?:count(?:ing)?|by|in)\s+(?:the\s+)?(?:unique\s+|distinct\s+|individual\s+)?{person}(?![a-z])"
_DROP_ROWS_EN = _NOT_EN + r"(?:(?:number|count|total)\s+of\s+)?(?P<rows>[a-z]+(?:\s+[a-z]+)?)\s*(?=[.?!;,]|$)"


# a second question in the message ('how many … and what's their revenue'): its metric is asked, not pulled in
_SECOND_ASK = re.compile(
    r"\b(?:and|also|plus)\s+(?:what|how\s+much|how\s+many)\b|[,;?]\s*(?:and\s+)?(?:what|how\s+much)\b"
    r"|(?:以及|还有|并且|另外|同时)|[，,；;？?].{0,12}(?:多少|几|什么|啥)"
)


_COUNT_CUE = re.compile(r"\bhow\s+many\b|\bnumber\s+of\b|多少(?!钱)|(?<!哪)几(?:个|位|名)")


def unit_clauses(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Stretches of the question that only say which unit to count (offsets of `reading.text`)."""
    text, found = reading.text, []
    nouns_zh, nouns_en = _person_nouns(model)
    person_en = _PERSON_EN.format(nouns=nouns_en)
    keep_zh = [(_KEEP_PEOPLE_ZH.format(nouns=nouns_zh), PEOPLE), (_KEEP_TIMES_ZH, TIMES)]
    drop_zh = [(_DROP_TIMES_ZH, PEOPLE), (_DROP_PEOPLE_ZH.format(nouns=nouns_zh), TIMES)]
    for pattern, keep in [*keep_zh, *drop_zh]:
        found += [Excused(m.start(), m.end(), "answer_form", keep) for m in re.finditer(pattern, text)]
    kept = re.search(_KEEP_PEOPLE_EN.format(person=person_en), text)
    for hit in re.finditer(_DROP_ROWS_EN, text):
        rows = [m for m in reading.matches if hit.start("rows") <= m.start < hit.end("rows")]
        if rows and all(_counts_rows(model, m) for m in rows) and (kept or _asks_people(model, reading)):
            found.append(Excused(hit.start(), hit.end(), "answer_form", PEOPLE))
    if kept and found:  # 'count customers, not complaints': the kept unit is said with the rejected one
        found.append(Excused(kept.start(), kept.end(), "answer_form", PEOPLE))
    head = re.search(r"(?:,\s*|^|\?\s*)(?:just\s+|only\s+)?(?:the\s+)?head\s?count\b", text)
    if head:  # 'just the headcount': the whole clause is the unit
        found.append(Excused(head.start(), head.end(), "answer_form", PEOPLE))
    return _disjoint(found)


def counted_unit(
    model: SemanticModel, reading: Reading, aside: list[Excused], query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, str | None] | Plan:
    """The query counting the unit the question asks for, with a note; or a question back."""
    if query.kind != "metrics":
        return query, None
    kept = {s.keep for s in aside if s.kind == "answer_form"}
    if kept - {PEOPLE, TIMES}:  # 'the rate, not the count': the answer form decides (discourse.answer_form)
        return query, None
    ranked = _per_person(model, query, language)
    if ranked is not None or TIMES in kept:
        return ranked or (query, None)
    if PEOPLE not in kept and not _asks_people(model, reading):
        return query, None
    if {d.name for d in query.dimensions} & _person_keys(model):  # '哪几个客户投诉最多': rows per person, ranked
        return query, None
    asked = _COUNT_CUE.search(reading.masked) and not _SECOND_ASK.search(reading.masked)
    population = _population_count(model, query, language) if asked else None
    if population is not None:  # '有多少客户是…没成交过的': the population is counted, not the money its words name
        return population
    swapped: list[str] = []
    for name in query.metrics:
        rows = _row_count(model, name)
        if rows is None:
            swapped.append(name)
            continue
        people = _people_count(model, name, rows)
        if people is None and len(query.metrics) == 1:  # 'how many people placed an order': customers with one
            having = _people_with_rows(model, query, name, rows, language)
            if having is not None:
                return having
        if people is None:
            return _no_people(model, name, rows, language)
        swapped.append(people)
    if swapped == query.metrics:
        return query, None
    return _swapped(model, query, swapped, "people", language)


def without_own_condition(
    model: SemanticModel, metrics: list[str], dims: list[dict[str, object]]
) -> list[dict[str, object]]:
    """Breakdowns minus a yes/no field that is the counted rows' own condition ('各投诉了几次' beside complaints: every
    complaint has is_complaint = true, so the word restates the measure, it splits nothing)."""
    own = {f for name in metrics for f in _condition_fields(model, name)}
    return [d for d in dims if d.get("name") not in own]


def _people_with_rows(
    model: SemanticModel, query: SemanticQuery, name: str, entity: str, language: Language
) -> tuple[SemanticQuery, str | None] | None:
    """The people who have at least one of the counted rows, as the planner writes 'how many customers placed an
    order' (subjects.py): the people entity's plain count, the rows' condition and existence as filters, the period
    on the rows' date. None when the rows' condition is no simple filter or the rows have no one person."""
    people = _people_entity(model, name)
    rows = counted_rows(model, name)
    plain = {e: m for e, m in _lexicon(model).count_metric.items()}
    if people is None or rows is None or rows[1] or people not in plain:
        return None
    key = model.entities[entity].primary_key
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    filters += [
        f for f in rows[2] or [{"field": f"{entity}.{key}", "op": "is_not_null", "values": []}] if f not in filters
    ]
    update: dict[str, object] = {"metrics": [plain[people]], "filters": filters}
    if query.time_range is not None:
        _, measure = model.measure(_simple(model, name).measure)
        day = measure.agg_time_dimension or model.entities[entity].default_time_dimension
        update["time_range"] = query.time_range.model_copy(update={"field": f"{entity}.{day}"})
    changed = SemanticQuery.model_validate({**query.model_dump(mode="json", exclude_none=True), **update})
    label = getattr(model.entities[people].label, language)
    words = {
        "people": label if language == "zh" else label.lower() + "s",
        "rows": _label(model, name, language),
        "swap": f"{name} -> {plain[people]}",
    }
    return changed, _TEXT[language]["having"].format(**words)


def backing(old_spans: list[Span], before: SemanticQuery, after: SemanticQuery, spans: list[Span]) -> list[Span]:
    """Spans for the elements the unit change added (a metric, the rows' existence filter): the words that named
    the metric it replaced."""
    replaced = [m for m in before.metrics if m not in after.metrics] or list(before.metrics)
    words = [s for s in old_spans if s.role == "metric" and s.target in replaced]
    added: list[Span] = []
    for missing in unbacked(after, [*spans, *added]):
        role, _, target = missing.partition(":")
        if role in ("metric", "filter"):
            added += [w.model_copy(update={"role": role, "target": target}) for w in words[:1]]
    return added


def _population_count(
    model: SemanticModel, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, str | None] | Plan | None:
    """'How many customers are …' answered with no count at all (revenue, a rate): the words defining the population
    pulled in a metric. The population's own count (a metric counting exactly the one segment named) answers it;
    without one the question is asked back rather than answered with the money or rate."""
    if any(model.metrics[m].format == "integer" for m in query.metrics):
        return None
    counts = [
        name
        for name, metric in model.metrics.items()
        if isinstance(metric, SimpleMetric)
        and not metric.hidden
        and metric.segments == query.segments
        and len(query.segments) == 1
        and model.measure(metric.measure)[1].agg == "count"
    ]
    old = ", ".join(query.metrics)
    if len(counts) != 1:
        entities = _people_entities(model)
        label = getattr(model.entities[entities[0]].label, language) if entities else ""
        people = ", ".join(query.segments) or (label if language == "zh" else label.lower() + "s")
        text = _TEXT[language]["population"].format(people=people, metric=old)
        return Plan(status="clarify", clarification=text, planner=PLANNER)
    update = {"metrics": counts, "segments": [], "order_by": []}
    note = _TEXT[language]["counted"].format(swap=f"{old} -> {counts[0]}")
    return query.model_copy(update=update), note


def _per_person(
    model: SemanticModel, query: SemanticQuery, language: Language
) -> tuple[SemanticQuery, str | None] | None:
    keys = {d.name for d in query.dimensions}
    swapped = []
    for name in query.metrics:
        people = _distinct_key(model, name)
        event = _event_count(model, name) if people is not None and people & keys else None
        swapped.append(event or name)
    if swapped == query.metrics:
        return None
    return _swapped(model, query, swapped, "rows", language)


def _swapped(
    model: SemanticModel, query: SemanticQuery, swapped: list[str], kind: str, language: Language
) -> tuple[SemanticQuery, str | None]:
    renamed = dict(zip(query.metrics, swapped, strict=True))
    order = [o.model_copy(update={"field": renamed.get(o.field, o.field)}) for o in query.order_by]
    # the condition of the new count is its own ('投诉' read as is_complaint = true beside complaints)
    implied = {f for new in swapped for f in _condition_fields(model, new)}
    filters = [f for f in query.filters if not (f.field in implied and f.op == "=" and f.values == [True])]
    update = {"metrics": list(dict.fromkeys(swapped)), "order_by": order, "filters": filters}
    old, new = next((o, n) for o, n in renamed.items() if o != n)
    entity, _ = model.measure(_simple(model, new).measure)
    people = _people_entity(model, old if kind == "rows" else new) or entity
    label = model.entities[people].label
    person = getattr(label, language)
    words = {
        "people": person if language == "zh" else person.lower() + "s",
        "person": person if language == "zh" else person.lower(),
        "rows": _label(model, old if kind == "people" else new, language),
        "swap": f"{old} -> {new}",
    }
    return query.model_copy(update=update), _TEXT[language][kind].format(**words)


def _label(model: SemanticModel, name: str, language: Language) -> str:
    label = getattr(model.metrics[name].label, language)
    return str(label if language == "zh" else label.lower())


def _no_people(model: SemanticModel, name: str, rows: str, language: Language) -> Plan:
    person = _people_entity(model, name)
    label = getattr(model.entities[person].label, language) if person else ("人" if language == "zh" else "people")
    people = label if language == "zh" or not person else label.lower() + "s"
    text = _TEXT[language]["no_people"].format(people=people, rows=_label(model, name, language))
    nearest = [m for m in model.metrics if _distinct_of(model, m) == person and _same_entity(model, m, name)]
    if nearest:  # 'placed an order': customers with a completed one is another count, offered, not answered
        found = model.metrics[nearest[0]]
        text += _TEXT[language]["nearest"].format(label=getattr(found.label, language), description=found.description)
    return Plan(status="clarify", clarification=text, planner=PLANNER)


def _same_entity(model: SemanticModel, one: str, other: str) -> bool:
    return model.measure(_simple(model, one).measure)[0] == model.measure(_simple(model, other).measure)[0]


def _asks_people(model: SemanticModel, reading: Reading) -> bool:
    nouns_zh, nouns_en = _person_nouns(model)
    person_en, person_zh = _PERSON_EN.format(nouns=nouns_en), _PERSON_ZH.format(nouns=nouns_zh)
    text = reading.masked
    return bool(
        re.search(_ASK_PEOPLE_EN.format(person=person_en), text)
        or re.search(_ASK_PEOPLE_ZH.format(person=person_zh), text)
    )


def _person_nouns(model: SemanticModel) -> tuple[str, str]:
    """The nouns of the entities that distinct-count measures count (customer: 客户, 顾客, customers …)."""
    zh: list[str] = []
    en: list[str] = []
    for name in _people_entities(model):
        entity = model.entities[name]
        words = [*entity.synonyms, entity.label.en, entity.label.zh]
        zh += [w for w in words if not w.isascii()]
        en += [w.lower() for w in words if w.isascii() and " " not in w]
        en += [w.lower() + "s" for w in words if w.isascii() and " " not in w and not w.endswith("s")]
    alt_zh = "|".join(sorted(set(zh), key=len, reverse=True)) or "(?!)"
    alt_en = "|".join(sorted(set(en), key=len, reverse=True)) or "(?!)"
    return alt_zh, alt_en


def _people_entities(model: SemanticModel) -> list[str]:
    found: list[str] = []
    for name in model.metrics:
        person = _people_entity(model, name)
        if person is not None and person not in found:
            found.append(person)
    return found


def _person_keys(model: SemanticModel) -> set[str]:
    """Every dimension naming one person: the people entity's key and the keys that link rows to it."""
    people = set(_people_entities(model))
    keys = {f"{p}.{model.entities[p].primary_key}" for p in people}
    for name in model.entities:
        keys |= {f"{name}.{key}" for key, to in _links(model, name).items() if to in people}
    return keys


def _simple(model: SemanticModel, name: str) -> SimpleMetric:
    found = model.metrics[name]
    assert isinstance(found, SimpleMetric)
    return found


def _row_count(model: SemanticModel, name: str) -> str | None:
    """The entity whose rows the metric counts, when it is a plain count of another entity's rows than people."""
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    if measure.agg != "count" or measure.expr is not None or measure.per is not None:
        return None
    if entity in _people_entities(model) or not _links(model, entity):
        return None
    return entity


def _links(model: SemanticModel, entity: str) -> dict[str, str]:
    """Many-to-one links of the entity: {local key: entity reached}."""
    return {r.local_key: r.to for r in model.entities[entity].relationships or [] if r.type == "many_to_one"}


def _people_entity(model: SemanticModel, name: str) -> str | None:
    """The entity a distinct-count metric counts (complaining_customers -> customer), or that a row count's rows
    belong to (complaints -> customer)."""
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    links = _links(model, entity)
    if measure.agg == "count_distinct" and measure.expr in links:
        return links[measure.expr]
    people = [p for p in links.values() if any(_distinct_of(model, m) == p for m in model.metrics)]
    return people[0] if len(people) == 1 else None


def _distinct_of(model: SemanticModel, name: str) -> str | None:
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    links = _links(model, entity)
    return links.get(measure.expr or "") if measure.agg == "count_distinct" else None


def _distinct_key(model: SemanticModel, name: str) -> set[str] | None:
    """The dimensions naming the person a distinct count counts ({'customer.customer_id', 'ticket.customer_id'})."""
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return None
    entity, measure = model.measure(found.measure)
    person = _distinct_of(model, name)
    if person is None:
        return None
    return {f"{person}.{model.entities[person].primary_key}", f"{entity}.{measure.expr}"}


def _people_count(model: SemanticModel, name: str, entity: str) -> str | None:
    """The distinct count of people over the same rows (entity, condition, date, segments) as the row count."""
    found = _simple(model, name)
    _, measure = model.measure(found.measure)
    for other_name, other in model.metrics.items():
        if not isinstance(other, SimpleMetric) or other.hidden or other.segments != found.segments:
            continue
        other_entity, counted = model.measure(other.measure)
        same = counted.filter == measure.filter and counted.agg_time_dimension == measure.agg_time_dimension
        if other_entity == entity and same and _distinct_of(model, other_name) is not None:
            return other_name
    return None


def _condition_fields(model: SemanticModel, name: str) -> list[str]:
    found = model.metrics.get(name)
    if not isinstance(found, SimpleMetric):
        return []
    entity, measure = model.measure(found.measure)
    condition = (measure.filter or "").strip()
    return [f"{entity}.{condition}"] if re.fullmatch(r"[a-z_]+", condition) else []


def _counts_rows(model: SemanticModel, match: object) -> bool:
    """A phrase naming rows of an entity that is not the people (an entity noun or a count metric of its rows)."""
    entries = getattr(match, "entries", [])
    people = _people_entities(model)
    for entry in entries:
        if entry.kind == "entity" and entry.target not in people:
            return True
        if entry.kind == "metric" and _row_count(model, entry.target) is not None:
            return True
    return False


def _disjoint(found: list[Excused]) -> list[Excused]:
    kept: list[Excused] = []
    for item in sorted(found, key=lambda e: (e.start, -(e.end - e.start))):
        if not any(item.start < k.end and k.start < item.end for k in kept):
            kept.append(item)
    return kept
