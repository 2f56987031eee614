"""A ranking of the rows of another entity: 'top 10 customers by revenue', '投诉最多的5个客户', 'our 10 biggest
spenders … customer ids + how much they spent'.

A ranking of N with no breakdown ranks something the question names: the key of an entity the metric reaches
many-to-one, named right after the ranking cue ('5个客户') or as its id ('customer ids'). With nothing to rank, a
top-N is asked back: one total answers no ranking.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language, Plan
from assistant.planner import cues, who_of_named
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER, _reachable
from semantic_layer import SemanticModel

_TEXT: dict[Language, dict[str, str]] = {
    "en": {
        "ranked_by_key": "Ranked {entities} by {metric} ({key}).",
        "rank_what": "'{phrase}' ranks rows, but I can't tell which: name them (e.g. {options}).",
    },
    "zh": {
        "ranked_by_key": "按{metric}对{entities}排名({key})。",
        "rank_what": "“{phrase}”是一个排名,但我不确定要排的是什么。请说明(例如 {options})。",
    },
}


# 'the biggest spenders', '最多的', 'top …': a ranking word that needs rows to rank ('at most', 'most recent' aside)
_SUPERLATIVE = re.compile(
    r"(?<!\bat )\b(?:biggest|largest|highest|top|best|worst|lowest|smallest|most|least|fewest)\b"
    r"(?!\s+(?:recent|recently|expensive|common|likely|of\b))|最(?:多|高|大|少|低|小|好|差)(?!的(?:是|时候))"
)


# 'who' asking about people ('who are our 10 biggest spenders', 'so who spent the most?', '谁买得最多'), not the
# relative pronoun of 'customers who churned'
_WHO = re.compile(r"(?:^|[,.;:!?(]\s*|\b(?:and|so|me|see|know|out)\s+)who\b|谁|哪些人|哪几个人|哪几位|哪位")


_RANKING_AFTER = re.compile(r"\s*的?\s*(?:排行榜?|排名|榜单|\brankings?\b|\bleaderboard\b)")


def _ranked(reading: Reading) -> bool:
    return (
        reading.has(cues.DESCENDING)
        or reading.has(cues.ASCENDING)
        or cues.quality_direction(reading.masked) is not None
    )


def entity_key(model: SemanticModel, reading: Reading, anchor: str, metric: str, assumptions: list[str]) -> str | None:
    """The primary key of the entity a ranking of N ranks, when the question has no breakdown: an id named
    ('customer ids') or an entity noun right after the ranking cue ('the 5 customers', '前10个客户'), or — asked with
    'who' / 谁 — the one entity the metric's rows reach many-to-one (orders → their customer)."""
    if cues.count_in(reading.masked) is None and not _ranked(reading):
        return None
    found: list[str] = []
    for candidates, _ in reading.mentioned_dimensions:  # 'customer ids': the key of an entity reached
        for candidate in candidates:
            _, _, column = candidate.partition(".")
            found += [
                f"{name}.{column}"
                for name, entity in model.entities.items()
                if entity.primary_key == column and name != anchor and _reachable(model, anchor, name)
            ]
    for match in reading.matches:  # 'top 10 customers', '投诉最多的5个客户'
        before = reading.masked[: match.start]
        if not cues.BREAKDOWN_BEFORE.search(before):
            continue
        found += [
            f"{e.target}.{model.entities[e.target].primary_key}"
            for e in match.of("entity")
            if e.target != anchor and _reachable(model, anchor, e.target)
        ]
    for match in reading.matches:  # '客户消费排行榜前10', 'customer revenue ranking': the entity before a ranking
        ranking = _RANKING_AFTER.match(reading.masked, match.end)
        following = [m for m in reading.matches if m.start >= match.end and (ranking or m.of("metric"))]
        if ranking is None and following:
            measured = following[0]
            ranking = _RANKING_AFTER.match(reading.masked, measured.end) if measured.of("metric") else None
            ranking = ranking if not reading.masked[match.end : measured.start].strip(" 的") else None
        if ranking is not None:
            found += [
                f"{e.target}.{model.entities[e.target].primary_key}"
                for e in match.of("entity")
                if e.target != anchor and _reachable(model, anchor, e.target)
            ]
    who = _WHO.search(reading.masked) and not who_of_named.asks_which_of_named(reading)  # not '华东和华南谁卖得多'
    if not found and who:  # 'who are our 10 biggest spenders': the one party the rows reach
        found += [
            f"{name}.{entity.primary_key}"
            for name, entity in model.entities.items()
            if name != anchor and _reachable(model, anchor, name)
        ]
    keys = list(dict.fromkeys(found))
    if len(keys) != 1:
        return None
    entity = keys[0].partition(".")[0]
    label = getattr(model.entities[entity].label, reading.language)
    metric_label = getattr(model.metrics[metric].label, reading.language) if metric in model.metrics else metric
    note = _TEXT[reading.language]["ranked_by_key"].format(
        entities=label if reading.language == "zh" else label.lower() + "s", metric=metric_label, key=keys[0]
    )
    assumptions.append(note)
    return keys[0]


def unranked(model: SemanticModel, reading: Reading, query: dict[str, Any], anchor: str) -> Plan | None:
    """'our 10 biggest spenders' with no rows named to rank: asked back with what could be ranked, never one total."""
    count = cues.count_in(reading.masked)
    if (
        query.get("kind", "metrics") != "metrics"
        or query.get("dimensions")
        or cues.NUMERIC_CONDITION.search(reading.masked)
    ):
        return None
    if (count is None or count < 2 or not _ranked(reading)) and not _SUPERLATIVE.search(reading.masked):
        return None
    phrase = next((p.search(reading.masked) for p in cues.TOP_N if p.search(reading.masked)), None)
    phrase = phrase or _SUPERLATIVE.search(reading.masked)
    options = [
        f"{name}.{entity.primary_key}"
        for name, entity in model.entities.items()
        if name != anchor and _reachable(model, anchor, name)
    ]
    keys = {entity.primary_key for entity in model.entities.values()}
    options += [
        f"{anchor}.{d}"
        for d, dim in model.entities[anchor].dimensions.items()
        if dim.type == "categorical" and not dim.pii and d not in keys
    ]
    text = _TEXT[reading.language]["rank_what"].format(
        phrase=phrase.group(0).strip() if phrase else str(count or ""), options=", ".join(options[:6])
    )
    return Plan(status="clarify", clarification=text, planner=PLANNER)


def population_ranked(
    model: SemanticModel, reading: Reading, dims: list[dict[str, Any]], assumptions: list[str]
) -> tuple[list[dict[str, Any]], list[str], list[dict[str, Any]]] | None:
    """'top 10 members by revenue', '消费最高的5个会员': N rows of a yes/no field have no meaning (it has two values);
    the noun names a population of the entity, ranked by its key: (dimensions, segments, filters) to use instead."""
    count = cues.count_in(reading.masked)
    if count is None or count <= 2:
        return None
    flags = [
        d for d in dims if d.get("name") in model.dimension_names() and model.dimension(d["name"])[1].type == "boolean"
    ]
    if len(flags) != 1:
        return None
    field = flags[0]["name"]
    entity, _, column = field.partition(".")
    key = f"{entity}.{model.entities[entity].primary_key}"
    segment = next(
        (
            n
            for n, s in model.segments.items()
            if s.entity == entity and (s.filter or "").strip() == column and not s.not_exists
        ),
        None,
    )
    rest = [d for d in dims if d is not flags[0]]
    label = getattr(model.entities[entity].label, reading.language)
    assumptions.append(
        _TEXT[reading.language]["ranked_by_key"].format(
            entities=label if reading.language == "zh" else label.lower() + "s", metric=segment or column, key=key
        )
    )
    if segment is not None:
        return [*rest, {"name": key}], [segment], []
    return [*rest, {"name": key}], [], [{"field": field, "op": "=", "values": [True]}]
