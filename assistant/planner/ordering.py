"""Breakdowns, grains and rankings of a query: 'by month', 'top 3', 'split by reason', and breakdowns the
model cannot make (asked back with the possible ones).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Plan
from assistant.planner import count_polarity, cues
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.shaping import PLANNER, _lexicon, _reachable
from assistant.planner.words import fillers
from semantic_layer import SemanticModel


def _grain(reading: Reading) -> str | None:
    for grain, pattern in cues.GRAINS.items():
        if pattern.search(reading.masked):
            return grain
    if reading.has(cues.TREND):
        return "month"
    return _ranked_grain(reading)


def _ranked_grain(reading: Reading) -> str | None:
    """'which three months had the most orders', '销售额最高的是哪三个月': a ranking whose rows are periods."""
    found = [grain for grain, pattern in cues.RANKED_GRAIN.items() if pattern.search(reading.masked)]
    return found[0] if len(found) == 1 else None


def _ranking(model: SemanticModel, reading: Reading, query: dict[str, Any], metric: str, has_dims: bool) -> None:
    count = cues.count_in(reading.masked)
    ascending = reading.has(cues.ASCENDING) and not reading.has(cues.DESCENDING)
    ranked = count is not None or any(reading.has(c) for c in (cues.DESCENDING, cues.ASCENDING, cues.RANKING))
    speed = cues.speed_direction(reading.masked)
    if speed is not None and metric in model.metrics and model.metrics[metric].format == "hours":
        ranked, ascending = True, speed == "fast"  # the fastest response is the fewest hours
    quality = cues.quality_direction(reading.masked)
    if quality is not None and metric in model.metrics:  # the worst churn rate is the highest one
        ranked, ascending = True, (quality == "worst") == count_polarity.higher_is_better(model, query, metric)
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
        if all(word in fillers("en") for word in words.split()):
            continue  # 'conversion rate for each please': nothing named after the cue
        degree = re.match(r"how\s+", words)
        if degree and any(m.of("value") and m.start == found.start(1) + degree.end() for m in reading.matches):
            continue  # 'by how urgent they were': the field of the value named (whether.by_whether)
        if re.match(r"(?:how|what|which|where|when|who)\b", words):
            return words  # 'by how the customer contacted us': a clause, not a field — asked back, never dropped
        covered = any(
            m.start <= found.start(1) < m.end or found.start(1) <= m.start < found.end(1) for m in reading.matches
        )
        if not covered and not any(p.search(found.group(0)) for p in cues.GRAINS.values()):
            return words
    return None


# 'the top 3 reasons', 'top five sources', 'the 2 most common categories': N ranked rows named by a noun
_RANKED_NOUN = re.compile(
    r"\b(?:top|bottom|the)\s+(?:[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:most\s+common\s+|commonest\s+|biggest\s+|main\s+|leading\s+)?([a-z]{3,20}?)(?:e?s)?\b"
)


def ranked_noun_breakdown(model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str]) -> str | None:
    """'the top 3 reasons customers left': the noun of a top-N that nothing else explains, when it is a word of
    exactly one dimension's name the question can group by ('churn reason'), is that breakdown."""
    found = _RANKED_NOUN.search(reading.masked)
    if found is None or any(m.start <= found.start(1) < m.end for m in reading.matches):
        return None
    if any(model.metrics[m].type != "simple" for m in reading.metrics if m in model.metrics):
        return None  # 'top 3 reasons for churn' ranks churners, not the churn rate: asked back
    noted: list[str] = []
    field = _partial_breakdown(model, reading, anchor, noted, found.group(1))
    if field is None or field.partition(".")[0] != anchor:
        return None  # 'top 3 reasons for returns' is no churn reason of the customers who returned
    assumptions += noted
    return field


def _partial_breakdown(
    model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str], noun: str | None = None
) -> str | None:
    """'split by reason': a word of exactly one dimension's name ('churn reason') the question can group by."""
    words = noun or _head_noun(_unknown_breakdown(reading) or "")
    if not words:
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


_DETERMINERS = frozenset({"the", "their", "its", "his", "her", "our", "a", "an", "each", "every"})
# a relative clause after the noun ('the reason they gave', 'the source they came from'): the noun is the breakdown,
# the clause's words are checked like every other word of the question
_RELATIVE = frozenset({"they", "he", "she", "we", "you", "it", "that", "which", "who", "given", "gave", "stated"})


def _head_noun(words: str) -> str | None:
    """The one noun a breakdown phrase names: 'reason' of 'the reason they gave'; None for several nouns."""
    tokens = words.split()
    while tokens and tokens[0] in _DETERMINERS:
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[1] in _RELATIVE:
        tokens = tokens[:1]
    return tokens[0] if len(tokens) == 1 else None


def clarify_unknown_breakdown(model: SemanticModel, anchor: str, words: str) -> Plan:
    options = [f"{e}.{d}" for e, ent in model.entities.items() for d, dim in ent.dimensions.items()
               if not dim.pii and dim.type != "time" and (e == anchor or _reachable(model, anchor, e)) and d != ent.primary_key]  # fmt: skip
    message = f"I cannot break this down by '{words}'. Possible breakdowns: {', '.join(options[:12])}."
    return Plan(status="clarify", clarification=message, planner=PLANNER)
