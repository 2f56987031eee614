"""An average of a total per record of its own rows: 'how much do they spend on average when they place an order',
'average revenue per order', '平均每笔订单花多少钱', '平均一单花多少钱'.

A sum metric averaged over the rows it sums is the model's ratio of that sum over the count of the same rows (same
entity, same condition): revenue ÷ completed orders is the average order value. The question must name the record
the average is per — its entity noun ('order', '订单') or, in Chinese, the measure word the model counts that entity
with ('单' of '多少单') after 每 / 一 / 平均 or before 均 ('单均'). An average per person ('per customer', '人均',
'每位客户') is another ratio (over buyers or over all customers) and stays asked back (`averages.py`), as does an
average with no record named ('how much does a customer spend on average').
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.planner.averages import AVERAGE
from assistant.planner.lexicon import Entry, Match
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import RatioMetric, SimpleMetric

if TYPE_CHECKING:  # reading.py reads averages when it reads the question
    from assistant.planner.reading import Reading

# averages per person: the unit is a customer, not a row of the total
_PER_PERSON = re.compile(r"per capita|per head|per person|人均|每人|每位客户|户均")
# a unit said right before a noun: 'per customer', 'for each buyer', '每个客户', '每位会员'
_PER = re.compile(r"(?:\bper|\bfor\s+each|\bfor\s+every|\beach|\bevery|每(?:个|位|名)?)\s*$")
# the count word of a Chinese measure word in a synonym of a plain count ('几单', '多少单', '单数', '单量')
_BARE_COUNT = re.compile(r"(?:几|多少)([\u4e00-\u9fff])|([\u4e00-\u9fff])(?:数|量)")


def per_record_ratio(model: SemanticModel, total: str) -> tuple[str, str] | None:
    """The visible ratio of the model dividing the sum metric `total` by the count of the same rows, and the entity
    of those rows; None when the model has no such ratio."""
    metric = model.metrics.get(total)
    if not isinstance(metric, SimpleMetric):
        return None
    entity, measure = model.measure(metric.measure)
    if measure.agg != "sum":
        return None
    for name, ratio in model.metrics.items():
        if not isinstance(ratio, RatioMetric) or ratio.hidden or ratio.numerator != total:
            continue
        below = model.metrics[ratio.denominator]
        if not isinstance(below, SimpleMetric):
            continue
        owner, counted = model.measure(below.measure)
        if owner == entity and counted.agg == "count" and counted.filter == measure.filter:
            return name, entity
    return None


def measure_words(model: SemanticModel, entity: str) -> set[str]:
    """The Chinese measure words the model counts `entity` with: '单' of the order count's '多少单' / '单数'."""
    found: set[str] = set()
    for metric in model.metrics.values():
        if not isinstance(metric, SimpleMetric) or metric.segments:
            continue
        owner, measure = model.measure(metric.measure)
        if owner != entity or measure.agg != "count" or measure.filter:
            continue
        for synonym in metric.synonyms:
            bare = _BARE_COUNT.fullmatch(synonym)
            if bare:
                found.add(bare.group(1) or bare.group(2))
    return found


def unit_matches(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """The matches, with a Chinese measure word of an entity said as the unit of an average ('平均一单', '每单',
    '单均') read as that entity's noun — only in a question with an averaging word."""
    if not AVERAGE.search(masked) or not re.search(r"[\u4e00-\u9fff]", masked):
        return matches
    added: list[Match] = []
    for entity in model.entities:
        for word in measure_words(model, entity):
            unit = re.compile(rf"(?:(?<=每)|(?<=一)|(?<=平均)){word}|{word}(?=均)")
            for found in unit.finditer(masked):
                if not any(m.start < found.end() and found.start() < m.end for m in [*matches, *added]):
                    added.append(Match(found.start(), found.end(), found.group(), (Entry("entity", entity),)))
    return sorted([*matches, *added], key=lambda m: (m.start, m.end)) if added else matches


def as_ratio(model: SemanticModel, reading: Reading, query: SemanticQuery) -> tuple[SemanticQuery, str] | None:
    """The query asking for the per-record ratio of its one sum metric, and the ratio's name; None when the question
    does not average the total over its own records."""
    if query.kind != "metrics" or len(query.metrics) != 1 or query.share is not None:
        return None
    found = per_record_ratio(model, query.metrics[0])
    if found is None:
        return None
    ratio, entity = found
    inside = [(m.start, m.end) for m in reading.matches if not m.of("entity")]
    averaging = [f for f in AVERAGE.finditer(reading.masked) if not any(a <= f.start() < b for a, b in inside)]
    if not averaging or any(_PER_PERSON.fullmatch(f.group(0)) for f in averaging):
        return None
    named = [m for m in reading.matches if any(e.target == entity for e in m.of("entity"))]
    if not named or _per_other_unit(reading, entity):
        return None
    return query.model_copy(update={"metrics": [ratio]}), ratio


def _per_other_unit(reading: Reading, entity: str) -> bool:
    """'per customer', '每个客户': the average is per a noun other than the total's records."""
    for match in reading.matches:
        if not _PER.search(reading.masked[: match.start]):
            continue
        others = [e for e in match.entries if e.kind in ("entity", "segment") and e.target != entity]
        if others and not any(e.kind == "entity" and e.target == entity for e in match.entries):
            return True
    return bool(re.search(r"(?:\bper|\bfor\s+each|\bfor\s+every)\s+(?:person|people|head|capita)\b", reading.masked))
