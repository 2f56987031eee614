"""Which number field a threshold with no field named applies to (set 5 records causes):

- money shorthand ("orders over 20k", "2万以上的订单", "5k+"): a scaled amount is money, so it applies to the
  record's one money column (as an amount with a currency does);
- a metric named right before the threshold ("NPS打分在4分及以下", "CSAT of 3 or below") whose measures are all
  built on one number column of the records: that column.
Anything else stays asked back by `shaping._thresholds`.
"""

from __future__ import annotations

import re

from sqlglot import exp

from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.compiler.fragments import parse_fragment
from semantic_layer.compiler.metrics import leaf_names
from semantic_layer.model import SimpleMetric

# the scale of an amount: a number written with k / m / 万 / 千 is an amount of money, never a score
_SCALED = re.compile(r"\d\s*(?:万|千|k\b|m\b)")
# what may stand between a metric and its threshold: 'NPS打分在', 'csat score of', 'nps of'
_BRIDGE = re.compile(r"^\s*(?:打分|评分|得分|分数|分|score|rating)?\s*(?:在|为|是|of|was|is|at)?\s*$")


# what may stand between a threshold and the metric named after it: '5 or lower on satisfaction', '3 or below for NPS'
_BRIDGE_AFTER = re.compile(r"^\s*(?:on|for|in)\s+(?:the\s+|our\s+|their\s+|its\s+)?$")


def _metric_beside(reading: Reading, condition: re.Match[str]) -> Match | None:
    """The metric named right before a threshold ('NPS of 3 or lower', 'NPS打分在4分及以下') or right after it with 'on' /
    'for' ('scored us 5 or lower on satisfaction'): the score the bound is on."""
    before = next((m for m in reversed(reading.matches) if m.end <= condition.start() and m.of("metric")), None)
    if before is not None and _BRIDGE.match(reading.masked[before.end : condition.start()]):
        return before
    after = next((m for m in reading.matches if m.start >= condition.end()), None)
    if after is not None and after.of("metric") and _BRIDGE_AFTER.match(reading.masked[condition.end() : after.start]):
        return after
    return None


def scaled_amount(phrase: str) -> bool:
    """'over 20k', '2万以上', '5k+': an amount with a money scale."""
    return bool(_SCALED.search(phrase))


def metric_column(model: SemanticModel, reading: Reading, anchor: str, condition: re.Match[str]) -> str | None:
    """The one number column of `anchor` that the metric named right before `condition` is built on."""
    before = _metric_beside(reading, condition)
    if before is None:
        return None
    columns: set[str] = set()
    for entry in before.of("metric"):
        if entry.target not in model.metrics:
            return None
        for name in leaf_names(model, entry.target):
            metric = model.metrics[name]
            if not isinstance(metric, SimpleMetric):
                return None
            entity, measure = model.measure(metric.measure)
            if entity != anchor:
                return None
            for sql in (measure.expr, measure.filter):
                if sql:
                    columns |= {c.name for c in parse_fragment(sql).find_all(exp.Column)}
    numbers = {c for c in columns if c in model.entities[anchor].dimensions}
    numbers = {c for c in numbers if model.entities[anchor].dimensions[c].type == "number"}
    return f"{anchor}.{numbers.pop()}" if len(numbers) == 1 else None


def threshold_metrics(model: SemanticModel, reading: Reading, anchor_of: dict[str, str]) -> set[str]:
    """Metrics named only as the field of a threshold ('NPS打分在4分及以下的问卷': NPS names survey.nps_score):
    they are no metric of the answer. `anchor_of` maps a metric to its entity."""
    from assistant.planner import cues  # local: cues is imported by modules this one is imported from

    found: set[str] = set()
    for condition in cues.NUMERIC_CONDITION.finditer(reading.masked):
        before = _metric_beside(reading, condition)
        if before is None:
            continue
        for entry in before.of("metric"):
            anchor = anchor_of.get(entry.target)
            if anchor and metric_column(model, reading, anchor, condition):
                found.add(entry.target)
    return found


def count_as_population(model: SemanticModel, reading: Reading, metrics: list[str]) -> list[str]:
    """'今年新注册的客户，上个月贡献了多少销售额': a plain count of an entity ('新注册' = new customers) right before
    that entity's noun, next to another metric, names who is counted — the entity dated by the count's own
    time column — not a second metric. Its match becomes a mention of that date (so a period right against it
    dates the population); returns the metrics that remain."""
    if len(metrics) < 2:
        return metrics
    kept = list(metrics)
    for match in list(reading.matches):
        names = [e.target for e in match.of("metric") if e.target in kept]
        column = dated_population(model, reading, match, names[0]) if len(names) == 1 else None
        if column is None:
            continue
        kept.remove(names[0])
        reading.mentioned_dimensions.append(([column], match))
    return kept if kept else metrics


# between a count and its entity's noun: '新注册的客户', '新注册的那批客户', '新注册的这些客户' (a demonstrative of the
# group just named restricts nothing more)
_NOUN_GAP = re.compile(r"^\s*的?\s*(?:(?:那|这)(?:批|些|群|部分|帮)\s*)?$")


def dated_population(model: SemanticModel, reading: Reading, match: Match, name: str) -> str | None:
    """The time column ('customer.signup_date') when `match` names the plain count `name` of an entity right before
    that entity's noun with a period right before it ('上个月新注册的那批客户'): the entity dated by the count's
    own time column is who is meant, not the count itself."""
    metric = model.metrics[name]
    if not isinstance(metric, SimpleMetric):
        return None
    entity, measure = model.measure(metric.measure)
    column = measure.agg_time_dimension or model.entities[entity].default_time_dimension
    if measure.agg != "count" or measure.expr or measure.filter or metric.segments or not column:
        return None
    noun = next((m for m in reading.matches if m.start >= match.end), None)
    if noun is None or not _NOUN_GAP.match(reading.masked[match.end : noun.start]):
        return None
    if entity not in [e.target for e in noun.of("entity")]:
        return None
    if re.match(r"\s*(?:有|是)?\s*(?:多少|几)", reading.masked[noun.end :]):
        return None  # '新注册的客户有多少': the count itself is asked
    dated = any(
        t.span[1] <= match.start and not reading.text[t.span[1] : match.start].strip(" 的") for t in reading.times
    )
    return f"{entity}.{column}" if dated else None  # with no period of its own the count would drop 'new'
