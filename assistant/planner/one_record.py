"""The one record at an end of time: '华北区最早注册的那个客户是哪个', '最新注册的客户是谁', 'who was the earliest
customer to sign up in the North'. A superlative of time ('最早', 'latest') said of one entity noun of the model,
with no number, asks for that one row: the entity's records ordered by its own date, limit 1. Before, with no
number the superlative was no listing cue and the question was answered with a count of the entity.

The event the superlative dates must be the entity's own date (its default time dimension, or a plain count of the
entity such as 'sign up'): 'the first customer to place an order' is dated by an order, which a list of customers
ordered by signup would answer wrongly. That one is the first row of the event's entity instead ('the first
customer to place an order', '最早下单的那个客户是谁': the earliest order, with its customer's id), when the event is a
noun or plain count of an entity that holds the person's key; before, it was answered with a count of orders (a wrong
answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.planner import cues
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer.model import SemanticModel, SimpleMetric

# '最早注册的那个客户', '最新的一笔订单', '最晚下单的那位': the superlative, the event it dates, 的, maybe 'that one'
_ZH_EDGE = re.compile(
    r"(?:最早|最晚|最新|最近)(?P<event>[^\s,，。?？!！;；的]{0,6})的\s*"
    r"(?P<one>(?:那|这)\s*一?\s*(?:个|位|家|笔|单|张|条|份))?\s*"
)
# '…是哪个', '…是谁', '哪一位': one asked for, not several ('哪些')
_ZH_ONE_ASKED = re.compile(r"是(?:哪|谁)(?!些)|哪一?(?:个|位|家|笔|张|条|份)")
# 'the earliest customer', 'the very first order', 'the most recent ticket'
_EN_EDGE = re.compile(r"\bthe\s+(?:very\s+)?(?:earliest|oldest|first|latest|newest|most\s+recent(?:ly)?)\s+$")
_EN_EVENT = re.compile(r"\s*(?:to|who|that)\s+")


_VERB_AND_ARTICLE = re.compile(r"[a-z]+\s+(?:(?:an?|the|their|its|one)\s+)?")


@dataclass(frozen=True)
class OneRecord:
    entity: str
    event: Match | None  # the word of the entity's own date the superlative is said of ('注册', 'sign up'), if any
    of_event: bool = False  # the row is the event's ('the first customer to place an order': the first order)


def asks_one(model: SemanticModel, reading: Reading) -> bool:
    """One row asked at an end of the entity's own time, with no number of rows."""
    return one_asked(model, reading) is not None


def listed_entity(model: SemanticModel, reading: Reading) -> str | None:
    """The entity whose one row is listed when it is not the noun's: the event's ('the first customer to place an
    order': order)."""
    one = one_asked(model, reading)
    return one.entity if one is not None and one.of_event else None


def event_metrics(model: SemanticModel, reading: Reading) -> set[str]:
    """The count metrics that only name the event dating the one row asked ('新注册' of '最新注册的客户是哪个',
    'sign up' of 'the earliest customer to sign up'): they date the row, nobody asked for the count."""
    one = one_asked(model, reading)
    if one is None or one.event is None:
        return set()
    return {entry.target for entry in one.event.of("metric")}


def one_asked(model: SemanticModel, reading: Reading) -> OneRecord | None:
    if cues.count_in(reading.masked) is not None:
        return None
    nouns = [m for m in reading.matches if m.of("entity")]
    if reading.language == "zh":
        found = (_zh_one(model, reading, edge, nouns) for edge in _ZH_EDGE.finditer(reading.masked))
    else:
        found = (_en_one(model, reading, noun) for noun in nouns)
    return next((one for one in found if one is not None), None)


def _zh_one(model: SemanticModel, reading: Reading, edge: re.Match[str], nouns: list[Match]) -> OneRecord | None:
    noun = next((m for m in nouns if edge.end() <= m.start <= edge.end() + 6), None)
    if noun is None or not (edge["one"] or _ZH_ONE_ASKED.search(reading.masked[noun.end :])):
        return None
    entity = noun.of("entity")[0].target
    if not edge["event"]:
        return OneRecord(entity, None)
    event = [m for m in reading.matches if m.start < edge.end("event") and m.end > edge.start("event")]
    if len(event) != 1:
        return None
    return OneRecord(entity, event[0]) if _own_date(model, entity, event[0]) else _owned_event(model, entity, event[0])


def _owned_event(model: SemanticModel, entity: str, event: Match) -> OneRecord | None:
    """The first row of another entity whose plain count names the event and which holds `entity`'s key ('the first
    customer to place an order': the earliest order, whose customer it shows)."""
    key = model.entities[entity].primary_key
    owners = {e.target for e in event.of("entity")}
    for entry in event.of("metric"):
        metric = model.metrics.get(entry.target)
        if isinstance(metric, SimpleMetric) and not metric.segments:
            owner, measure = model.measure(metric.measure)
            owners |= {owner} if measure.filter is None and measure.agg == "count" else set()
    found = [o for o in owners if o != entity and key in model.entities[o].record_columns]
    return OneRecord(found[0], event, of_event=True) if len(found) == 1 else None


def _en_one(model: SemanticModel, reading: Reading, noun: Match) -> OneRecord | None:
    if noun.text.strip().endswith("s") or not _EN_EDGE.search(reading.masked[: noun.start]):
        return None
    entity = noun.of("entity")[0].target
    clause = _EN_EVENT.match(reading.masked[noun.end :])
    if clause is None:
        return OneRecord(entity, None)
    event = next((m for m in reading.matches if m.start == noun.end + clause.end()), None)
    if event is not None:
        return OneRecord(entity, event) if _own_date(model, entity, event) else _owned_event(model, entity, event)
    start = noun.end + clause.end()  # 'to place an order': a verb, then the noun of another entity's rows
    later = next((m for m in reading.matches if m.start >= start), None)
    if later is None or not _VERB_AND_ARTICLE.fullmatch(reading.masked[start : later.start]):
        return None
    return _owned_event(model, entity, later)


def _own_date(model: SemanticModel, entity: str, event: Match) -> bool:
    """The event word names the entity's own date: its default time dimension, or a count of the entity with no
    condition (the count is dated by that same dimension)."""
    own = model.entities[entity].default_time_dimension
    for entry in event.entries:
        if entry.kind == "dimension" and entry.target == f"{entity}.{own}":
            return True
        metric = model.metrics.get(entry.target) if entry.kind == "metric" else None
        if isinstance(metric, SimpleMetric):
            owner, measure = model.measure(metric.measure)
            if owner == entity and measure.filter is None and measure.agg == "count":
                return True
    return False
