"""Lists of records asked with a verb of showing, and the order they are asked in.

'Pull up all open tickets from last week', '给我看看昨天进来的所有投诉单', '把上周的投诉单都拉出来': a verb of
showing with 'all', a number of rows or a record noun asks for the rows a count metric counts, never the count.
'largest first', '按注册时间从早到晚', 'sorted by amount, smallest first': which field orders the rows and which way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.planner import cues
from assistant.planner.lexicon import Match
from semantic_layer import SemanticModel

if TYPE_CHECKING:  # reading.py asks orders_field() while it reads
    from assistant.planner.reading import Reading

# A verb of showing or fetching at the start of the request (after a greeting or 'please').
SHOW_VERB = re.compile(
    r"^\s*(?:(?:hi|hey|ok|okay|so|and)\b[\s,!]*)?(?:please\s+|pls\s+|can you\s+|could you\s+|would you\s+)?"
    r"(?:show|give|get|pull(?:\s+up|\s+out)?|bring up|display|fetch|dig out|dig up)\b"
    r"|给我看看|给我看下|给我看一下|给我瞅瞅|帮我看看|拉一下|拉出来|拉个|拉一份|调出来|调一下|捞一下|捞出来|翻出来"
)
# 'all' said Chinese-style after the rows ('投诉单都拉出来', '全都列出来').
_ALL_AFTER = re.compile(r"都(?:给我)?(?:拉|列|调|捞|翻|找|显示|展示)")
# A record noun made of a count word and 单 / 明细: '投诉单', '退货单', '退货明细'.
_RECORD_NOUN_AFTER = re.compile(r"^\s*(?:单(?![量数价])|明细|清单|记录)")

# Orders said after or next to the field: (pattern, sorts by 'time' or 'size', direction).
_ORDER_PHRASES: list[tuple[re.Pattern[str], str, str]] = [
    (re.compile(r"\b(?:oldest|earliest)\s+(?:ones?\s+)?first\b|从早到晚|由早到晚|从早到近|从旧到新|由旧到新|从远到近|由远及近|最早的在前"), "time", "asc"),
    (re.compile(r"\b(?:newest|latest|most recent)\s+(?:ones?\s+)?first\b|从晚到早|由晚到早|从新到旧|由新到旧|从近到远|由近及远|最新的在前|最近的在前"), "time", "desc"),
    (re.compile(r"\b(?:largest|biggest|highest|most expensive|priciest|top)\s+(?:ones?\s+)?first\b|从高到低|由高到低|从大到小|由大到小|从多到少|由多到少"), "size", "desc"),
    (re.compile(r"\b(?:smallest|lowest|cheapest|least expensive)\s+(?:ones?\s+)?first\b|从低到高|由低到高|从小到大|由小到大|从少到多|由少到多"), "size", "asc"),
]  # fmt: skip
_DIRECTION_WORDS = [
    (re.compile(r"\bdescending\b|\bdesc\b|降序|倒序"), "desc"),
    (re.compile(r"\bascending\b|\basc\b|升序|正序|顺序"), "asc"),
]
# Between a field and its order: '按注册时间从早到晚', 'by signup date, oldest first', 'by amount in descending order'.
_BETWEEN = re.compile(r"^[\s,，]*(?:in\s+|排序|排列|来排|排)?\s*")
_SORT_VERB = re.compile(r"\b(?:sort(?:ed)?|order(?:ed)?)\s+(?:them\s+|it\s+|the\s+\w+\s+)?by(?:\s+the)?\s*$|排序按\s*$")


def rows_asked(reading: Reading) -> bool:
    """In a request for rows ('show me', 'pull up', '给我看看', '列一下'): 'all' / '所有' / '都…出来', a number of
    rows, a list verb or a record noun ask for the rows a count metric counts ('the open tickets'), not its count."""
    return (
        reading.has(cues.ALL_ROWS)
        or reading.has(cues.LIST_VERB)
        or bool(_ALL_AFTER.search(reading.masked))
        or cues.count_in(reading.masked) is not None
        or rows_noun(reading)
        or shown_records(reading)
    )


def shown_records(reading: Reading) -> bool:
    """'show me yesterday's detractor survey responses', '问卷反馈给我看看': a verb of showing with the rows' own noun
    (an entity noun that is also its count, not a count word such as '订单量') asks for the rows."""
    shown = reading.has(SHOW_VERB) or reading.has(cues.SHOW_ROWS) or "给我看看" in reading.masked
    nouns = [m for m in reading.strong_matches if m.of("entity") and not COUNT_NOUN.search(m.text)]
    return shown and bool(nouns) and not names_a_count(reading)


def every_row(reading: Reading) -> bool:
    """'show me …', 'pull up …', '都拉出来', 'all': every matching row (up to the row cap), not a first page."""
    return reading.has(SHOW_VERB) or bool(_ALL_AFTER.search(reading.masked))


# A metric word that names a count, not the rows: '订单量', '客户数', 'order count', 'number of orders'.
COUNT_NOUN = re.compile(r"量|数|总|\b(?:count|number|total|volume)\b")


def names_a_count(reading: Reading) -> bool:
    """'给我看看会员的订单量': the metric is said as a count ('订单量'), so a verb of showing asks for that number."""
    return any(COUNT_NOUN.search(m.text) for m in reading.strong_matches)


def rows_noun(reading: Reading) -> bool:
    """'投诉单', '退货明细': a count word followed by a record noun names the records, not their count."""
    return any(_RECORD_NOUN_AFTER.match(reading.masked[m.end :]) for m in reading.matches if m.of("metric"))


def ordering_phrase(text: str) -> tuple[str, str] | None:
    """('time' | 'size', 'asc' | 'desc') of 'largest first', '从早到晚', 'oldest first' …, if one is said."""
    found = {(kind, direction) for pattern, kind, direction in _ORDER_PHRASES if pattern.search(text)}
    return found.pop() if len(found) == 1 else None


def says_first_as_order(text: str) -> bool:
    """'largest first' / 'newest first': 'first' orders by the word before it, it is no 'first N rows'."""
    return any(pattern.search(text) for pattern, _, _ in _ORDER_PHRASES)


def orders_field(reading: Reading, match: Match) -> bool:
    """A field named with an order phrase right after it or a sort verb before it, in a request for rows:
    '按注册时间从早到晚', 'sorted by signup date', 'by amount, largest first' sort the rows, they group nothing."""
    near = _BETWEEN.sub("", reading.masked[match.end : match.end + 40], count=1)
    phrase = any(p.match(near) for p, _, _ in _ORDER_PHRASES) or any(p.match(near) for p, _ in _DIRECTION_WORDS)
    return phrase or bool(_SORT_VERB.search(reading.masked[: match.start]))


def sort_field(
    model: SemanticModel, reading: Reading, entity: str, time_column: str | None, money: str | None
) -> tuple[str, str] | None:
    """The (field, direction) rows of `entity` are asked in: a time or number field of the entity named with an
    order phrase ('按注册时间从早到晚'), else an order phrase alone ('largest first' → the money column, 'oldest first'
    → the records' time column)."""
    said = ordering_phrase(reading.masked)
    words = {d for p, d in _DIRECTION_WORDS if p.search(reading.masked)}
    for candidates, match in reading.mentioned_dimensions:
        fields = [
            c for c in candidates if c.startswith(entity + ".") and model.dimension(c)[1].type in ("time", "number")
        ]
        if len(fields) != 1 or not orders_field(reading, match):
            continue
        kind = "time" if model.dimension(fields[0])[1].type == "time" else "size"
        if said is not None and said[0] != kind:
            continue  # 'a 0 on the NPS score, newest first': 'newest' orders by a time, not by the score before it
        if said is not None:
            return fields[0], said[1]
        if len(words) == 1:
            return fields[0], words.pop()
        if kind == "size" and (reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)):
            return fields[0], "asc" if reading.has(cues.ASCENDING) and not reading.has(cues.DESCENDING) else "desc"
        if kind == "time" and reading.has(cues.RECENT) and not reading.has(cues.OLDEST):
            return fields[0], "desc"  # 'the 10 newest members, sorted by signup date'
        return fields[0], "asc"
    if said is None:
        return None
    kind, direction = said
    if kind == "time" and time_column:
        return f"{entity}.{time_column}", direction
    if kind == "size" and money:
        return money, direction
    return None


_OBJECT_TEXT = {
    "en": "You asked to see {noun}, but the figure I found is {metric}, which counts other rows. Do you want the {noun} "
    "themselves (a list), or {metric}?",
    "zh": "您想看的是{noun},但我找到的指标是{metric},它统计的是别的记录。您要的是{noun}的明细,还是{metric}?",
}


def other_object(model: SemanticModel, reading: Reading, metrics: list[str], entity_of: dict[str, str]) -> str | None:
    """'pull up orders from new customers': rows asked for (the first noun after a verb of showing is an entity's)
    while the only metric counts another entity's rows: answering the metric would show something else."""
    if not reading.has(SHOW_VERB) or not metrics:
        return None
    nouns_said = [m for m in reading.matches if m.of("entity") or m.of("metric") or m.of("segment")]
    # the head noun: the first in English, the last in Chinese ('新客户的订单': the orders of new customers)
    first = (nouns_said[-1] if reading.language == "zh" else nouns_said[0]) if nouns_said else None
    if first is None or not first.of("entity") or first.of("segment"):
        return None
    strong = [e for e in first.of("metric") if not e.weak]
    if strong:
        return None  # the first noun is itself a metric ('show me orders by channel' counts orders)
    nouns = {e.target for e in first.of("entity")}
    if any(entity_of.get(m) in nouns for m in metrics):
        return None
    label = first.text.strip()
    metric = model.metrics[metrics[0]].label
    return _OBJECT_TEXT[reading.language].format(noun=label, metric=getattr(metric, reading.language))
