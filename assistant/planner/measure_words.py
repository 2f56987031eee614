"""A count said with a measure word that two entities share: '工单有几单', '工单一共多少单', '要单数'.

单 counts orders (订单) and tickets (工单) alike. A bare count word of that measure word ('几单', '多少单', '单数')
is a synonym of one entity's count; when the question names the other entity by a noun ending in that measure word
and never names the first one, the rows counted are the named entity's ('高优先级工单有几单' counts tickets, not
orders).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language
from assistant.planner.reading import Reading

# a count word made of the measure word alone: '几单', '多少单', '单数', '单量'
_BARE_COUNT = re.compile(r"(?:几|多少)\s*([\u4e00-\u9fff])|([\u4e00-\u9fff])(?:数|量)")
_TEXT: dict[Language, str] = {
    "en": "Read '{word}' as a count of {noun}: {metric}.",
    "zh": "将“{word}”理解为{noun}的数量:{metric}。",
}


def _measure_word(text: str) -> str | None:
    found = _BARE_COUNT.fullmatch(text.strip())
    return (found.group(1) or found.group(2)) if found else None


def named_entity_counted(
    reading: Reading, query: dict[str, Any], count_metric: dict[str, str], assumptions: list[str]
) -> None:
    """'近30天高优先级工单有几单': the plain count read from a bare measure word counts the entity named by a noun
    ending in that measure word, when the question names no noun of the entity the count word belongs to."""
    metrics = query.get("metrics", [])
    plain = {metric: entity for entity, metric in count_metric.items()}
    if query.get("kind", "metrics") != "metrics" or not metrics or metrics[-1] not in plain:
        return
    counted = metrics[-1]
    said = [m for m in reading.matches if any(e.target == counted for e in m.of("metric"))]
    measure = {_measure_word(m.text) for m in said}
    if not said or len(measure) != 1 or None in measure:
        return
    word = next(iter(measure))
    assert word is not None
    own_nouns = [m for m in reading.matches if any(e.target == plain[counted] for e in m.of("entity"))]
    named = {
        e.target: m.text.strip()
        for m in reading.matches
        for e in m.of("entity")
        if e.target != plain[counted] and e.target in count_metric and m.text.strip().endswith(word)
    }
    if own_nouns or len(named) != 1:
        return
    entity, noun = next(iter(named.items()))
    if count_metric[entity] in metrics:
        query["metrics"] = [m for m in metrics if m != counted]
    else:
        query["metrics"] = [*metrics[:-1], count_metric[entity]]
    assumptions.append(
        _TEXT[reading.language].format(word=said[0].text.strip(), noun=noun, metric=count_metric[entity])
    )
