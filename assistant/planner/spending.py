"""Who spends: "how much did customers spend" is revenue (money customers paid us); "how much did we spend on ads",
"上个月广告投放一共花了多少钱", "我们在推送上花了多少钱" is spending BY US (ads, marketing, salaries, purchasing),
which the model does not hold.

A money metric answered for a spending verb (spend / spent / pay / cost, 花 / 花费 / 支出 / 开销 / 投入) is kept only
when the spender is the party the metric's rows belong to: a phrase of the model before the verb that names the
metric's own entity or one its rows reach many-to-one (customers, members, a city, a product category). The
first person ("we", "our", "我们", "公司") spending is declined (no costs in the data); a spender the question does
not name, or a topic of another kind ("推送", "投放"), is asked back rather than answered with revenue.
"""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER, _reachable
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric

_SPEND = re.compile(
    r"\b(?:spend|spends|spent|spending|pay|pays|paid|paying|cost|costs|costing|invest|invested|investing|"
    r"fork(?:ed)?\s+out|shell(?:ed)?\s+out|lay(?:ed)?\s+out)\b|花了|花费|花掉|花在|花出去|花|支出|开销|开支|投入|付出|付了"
)
_FIRST_PERSON = re.compile(r"\b(?:we|we've|we'd|us|our|ours|i|i've|my)\b|我们|咱们|我司|本公司|公司|我")
# 'by spend', 'total spend', 'customer spend': the noun (a name of the metric), not someone spending
_NOUN_BEFORE = re.compile(
    r"\b(?:by|in|of|on|total|the|their|per|avg|average|highest|lowest|most|least|top|biggest)\s+$"
)
# 'spend with us', '在我们这儿花': the first person as the place the money is spent, not the one spending it
_WITH_US = re.compile(r"(?:\b(?:with|at|from)\s+|在|从|跟)$")
_THEY = re.compile(r"\b(?:they|them|their|those|these|he|she|each)\b|他们|她们|这些人|那些人|他|她|各自|每人")
# a metric's synonym that is a question form ('多少钱', 'how much money') names no metric: the verb decides
_ASKING = re.compile(r"多少|几|how\s+much|\bmoney\b")
_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "ours": "The data holds what {people} paid us ({metric}), not money we spent (ads, marketing, salaries, "
        "purchasing); I can't answer what we spent.",
        "whose": "Whose spending do you mean? The data holds what {people} paid us ({metric}); it has no costs of "
        "ours (ads, marketing, salaries, purchasing). Name who spent, e.g. 'how much did {people} spend'.",
    },
    "zh": {
        "ours": "数据里只有{people}付给我们的钱({metric}),没有我们自己的花费(广告、营销、工资、采购),无法回答我们花了多少钱。",
        "whose": "您指的是谁花的钱?数据里只有{people}付给我们的钱({metric}),没有我们自己的花费(广告、营销、工资、采购)。"
        "如果问的是{people},请说明,例如“{people}花了多少钱”。",
    },
}


def spender_unclear(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language, follow_up: bool = False
) -> Plan | None:
    """A question back (or a decline) when a money metric answers spending whose spender is not its rows' party;
    `follow_up`: 'they' may name the previous question's population."""
    if query.kind != "metrics":
        return None
    money = [m for m in query.metrics if model.metrics[m].format == "currency"]
    verb = next(
        (v for v in _SPEND.finditer(reading.masked) if not _NOUN_BEFORE.search(reading.masked[: v.start()])), None
    )
    if not money or verb is None:
        return None
    named = [
        m
        for m in reading.matches
        if any(e.target in money for e in m.of("metric"))
        and not _overlaps(m.start, m.end, verb.start(), verb.end())
        and not _SPEND.search(m.text)
        and not _ASKING.search(m.text)
    ]
    if named:  # 'revenue … spent': the metric is named by its own words, the verb does not choose it
        return None
    label = getattr(model.metrics[money[0]].label, language)
    anchor = _entity_of(model, money[0])
    payer = _payer(model, anchor)
    people = getattr(model.entities[payer].label, language) if payer else ""
    people = people if language == "zh" or not payer else people.lower() + "s"
    before = reading.masked[: verb.start()]
    clause = re.split(r"[,.;!?，。；！？]", before)[-1]
    start = len(before) - len(clause)
    owned = [m for m in reading.matches if _owns(model, m, anchor)]
    ours = [
        hit
        for hit in _FIRST_PERSON.finditer(clause.lower())
        if not any(_possessed(before[start + hit.end() : m.start], hit.group()) for m in owned if m.start >= start)
        and not _WITH_US.search(clause.lower()[: hit.start()])
    ]  # 'our customers', '我们的会员' name customers; 'we', '我们在推送上' spend themselves
    if ours:
        return Plan(
            status="unsupported",
            clarification=_TEXT[language]["ours"].format(metric=label, people=people),
            planner=PLANNER,
        )
    after = re.split(r"[,.;!?，。；！？]", reading.masked[verb.end() :])[0]
    spender = any(m.end <= verb.start() or m.start < verb.end() + len(after) for m in owned)
    spender = spender or any(_reaches(model, anchor, d.name) and _is_key(model, d.name) for d in query.dimensions)
    if _THEY.search(clause.lower()):  # 'who are our biggest spenders? … how much they spent': named elsewhere
        spender = bool(owned) or any(_reaches(model, anchor, d.name) for d in query.dimensions)
        spender = spender or (follow_up and bool(query.segments or query.filters))
    if spender:
        return None
    return Plan(
        status="clarify", clarification=_TEXT[language]["whose"].format(metric=label, people=people), planner=PLANNER
    )


def _possessed(between: str, pronoun: str) -> bool:
    """'our customers', 'our top 5 members', '我们的会员': the pronoun owns the party that spends."""
    if re.fullmatch(r"\s*的?\s*", between):
        return True
    return pronoun in ("our", "my") and re.fullmatch(r"(?:\s+[a-z0-9-]+){0,3}\s+", between) is not None


def _payer(model: SemanticModel, anchor: str | None) -> str | None:
    """The one entity the money's rows belong to (orders -> customer), for the messages."""
    if anchor is None:
        return None
    reached = [n for n in model.entities if n != anchor and _reachable(model, anchor, n)]
    return reached[0] if len(reached) == 1 else None


def _is_key(model: SemanticModel, field: str) -> bool:
    entity, _, column = field.partition(".")
    return entity in model.entities and model.entities[entity].primary_key == column


def _reaches(model: SemanticModel, anchor: str | None, field: str) -> bool:
    entity = field.partition(".")[0]
    return anchor is not None and entity in model.entities and (entity == anchor or _reachable(model, anchor, entity))


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def _entity_of(model: SemanticModel, name: str) -> str | None:
    found = model.metrics[name]
    while not isinstance(found, SimpleMetric):
        numerator = getattr(found, "numerator", None)
        if numerator is None:
            return None
        found = model.metrics[numerator]
    return model.measure(found.measure)[0]


def _owns(model: SemanticModel, match: object, anchor: str | None) -> bool:
    """A phrase naming the party whose rows the money metric sums: its entity or one reached many-to-one."""
    if anchor is None:
        return False
    for entry in getattr(match, "entries", []):
        entity = None
        if entry.kind == "entity":
            entity = entry.target
        elif entry.kind == "segment":
            entity = model.segments[entry.target].entity
        elif entry.kind in ("dimension", "value") and "." in entry.target:
            entity = entry.target.partition(".")[0]
        elif (
            entry.kind == "metric"
            and entry.target in model.metrics
            and model.metrics[entry.target].format != "currency"
        ):
            entity = _entity_of(model, entry.target)
        if entity is not None and (entity == anchor or _reachable(model, anchor, entity)):
            return True
    return False
