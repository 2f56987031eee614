"""A rate named and then its formula written out, as analysts used to other BI tools do: '退货率（退货单 / (完成单+退货单)）',
'return rate (returned / (completed + returned))', '(returned as a fraction of completed + returned orders)', 'AOV？
口径：销售额 ÷ 完成订单数'. Each side of the division is read as the rows it names — the model's counts it mentions
and the conditions of the values it mentions, summed over '+' — and compared with the rows of the rate's numerator and
denominator in the model. Read word by word, the status words of such a formula became a breakdown and a filter (a
wrong answer: the returned share of returned orders).

- Both sides are the model's own (`same`): the stretch restates the definition and adds nothing; the plan says so.
- A side that names other rows ('return rate (returned / all orders)') defines another rate: asked back, naming the
  model's definition, since answering the model's rate would answer another question.
- A side with a word that names no rows, or a metric that is no ratio of the model, leaves the question as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlglot
from sqlglot import exp

from assistant.contracts import Language, Plan
from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Match
from assistant.planner.messages import clarify
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import RatioMetric, SimpleMetric

# a bracket (one level of brackets inside it), or a definition marker and the rest of its sentence
_STRETCHES = (
    re.compile(r"[(（](?P<formula>(?:[^()（）]|[(（][^()（）]*[)）]){3,80})[)）]"),
    re.compile(
        r"(?:口径|定义|公式|计算方式|算法|也就是|就是|就看|即|(?<![a-z])(?:i\.e\.|ie(?![a-z])|defined as|definition"
        r"|formula|calculated as|computed as|that is|meaning)(?![a-z]))\s*(?:是|为|:|=|,|，)?\s*"
        r"(?P<formula>[^。？！?!;；,，\n]{3,80})"
    ),
)
_DIVIDED = re.compile(
    r"\s*(?:/|÷|除以|比上|(?<![a-z])(?:divided\s+by|over|out\s+of|as\s+an?\s+(?:fraction|share|percentage|proportion|"
    r"ratio|%)\s+of)(?![a-z]))\s*"
)
# a share said in words: 'A占B的比例' and 'B里A的比例' (the part first or the whole first)
_PART_OF_WHOLE = re.compile(r"^(?P<part>.+?)占(?P<whole>.+?)的?(?:比例|比重|占比|百分比|份额)\s*$")
_WHOLE_THEN_PART = re.compile(
    r"^(?P<whole>.+?)(?:里|中|当中|之中|里面)(?P<part>.+?)的?(?:比例|比重|占比|百分比|份额)\s*$"
)
_PLUS = re.compile(r"\s*(?:\+|＋|加上|和|与|及|(?<![a-z])(?:plus|and)(?![a-z]))\s*")
# words around a count that do not change its rows: 'all orders', '完成单', '全部订单数'
_DETERMINERS = re.compile(r"(?<![a-z])(?:all|the|total|every|our)(?![a-z])|全部|所有|总|的|单|数|量")

Rows = frozenset[tuple[str, str]]  # (entity.column, value) pairs, ORed; ('<entity>', '*') is every row of it


@dataclass(frozen=True)
class Formula:
    start: int
    end: int
    metric: str  # the ratio metric the formula is written for
    same: bool  # both sides are the metric's own numerator and denominator


def formulas(model: SemanticModel, reading: Reading, taken: list[Excused]) -> list[Formula]:
    """The formulas the question writes out for a ratio metric it names before them (offsets of `reading.masked`),
    outside the stretches already `taken`."""
    found: list[Formula] = []
    for pattern in _STRETCHES:
        for stretch in pattern.finditer(reading.masked):
            start, end = stretch.start("formula"), stretch.end("formula")
            spans = [(f.start, f.end) for f in found] + [(t.start, t.end) for t in taken]
            if any(left < end and start < right for left, right in spans):
                continue
            marked = not any(t.start < start and stretch.start() < t.end for t in taken)  # 'i.e.' may be an aside
            named = _rates_named_before(model, reading, stretch.start())
            sides = _sides(reading.masked, start, end)
            if not named or sides is None:
                continue
            read = [_rows_of(model, reading, side) for side in sides]
            if read[0] is None or read[1] is None:
                continue
            for name in named:
                rate = model.metrics[name]
                assert isinstance(rate, RatioMetric)
                dated = bool(reading.times)
                numerator = _is(model, rate.numerator, read[0], dated)
                denominator = _is(model, rate.denominator, read[1], dated)
                if numerator is not None and denominator is not None:
                    found.append(
                        Formula(stretch.start() if marked else start, stretch.end(), name, numerator and denominator)
                    )
                break
    return found


def excused(found: list[Formula]) -> list[Excused]:
    """The formulas that restate their rate's definition, set aside (the plan says so in its assumptions)."""
    return [Excused(f.start, f.end, "restated_formula", keep=f.metric) for f in found if f.same]


_OTHER = {
    "en": "The formula you gave for {metric} differs from its definition in the model ({definition}). Do you want "
    "{metric} as the model defines it, or another measure?",
    "zh": "您给出的{metric}口径和模型的定义({definition})不同。是按模型定义的{metric}回答,还是另一个指标?",
}
_SAME = {
    "en": "The formula you gave for {metric} is its definition in the model ({definition}); nothing else was changed.",
    "zh": "您给出的{metric}口径就是模型的定义({definition}),没有另加条件。",
}


def other_definition(model: SemanticModel, found: list[Formula], language: Language) -> Plan | None:
    """A question back when a formula defines its rate over other rows than the model's."""
    differing = next((f for f in found if not f.same), None)
    metric = model.metrics[differing.metric] if differing is not None else None
    if not isinstance(metric, RatioMetric):
        return None
    text = _OTHER[language].format(
        metric=getattr(metric.label, language), definition=_definition(model, metric, language, dated=True)
    )
    return clarify(language, text, [])


def notes(model: SemanticModel, stretches: list[Excused], language: Language, dated: bool) -> list[str]:
    """One assumption per rate whose formula the question restated (`dated`: the question names a period)."""
    names = dict.fromkeys(s.keep for s in stretches if s.kind == "restated_formula")
    rates = [m for n in names if isinstance(m := model.metrics[n], RatioMetric)]
    return [
        _SAME[language].format(metric=getattr(m.label, language), definition=_definition(model, m, language, dated))
        for m in rates
    ]


def _definition(model: SemanticModel, rate: RatioMetric, language: Language, dated: bool) -> str:
    """'Returned orders ÷ Completed or returned orders', in the question's language."""
    numerator, denominator = model.metrics[rate.numerator], model.metrics[rate.denominator]
    whole = _every_row(model, rate.denominator)
    if not dated and whole is not None and _metric_rows(model, rate.denominator, dated=False) == whole:
        # with no period, a base standing at the period start is every row: 'Churned customers ÷ Customers'
        plain = (m for n, m in model.metrics.items() if not m.hidden and _metric_rows(model, n, dated=False) == whole)
        denominator = next(plain, denominator)
    return f"{getattr(numerator.label, language)} ÷ {getattr(denominator.label, language)}"


def _every_row(model: SemanticModel, name: str) -> Rows | None:
    metric = model.metrics.get(name)
    return frozenset({(metric.measure.partition(".")[0], "*")}) if isinstance(metric, SimpleMetric) else None


def _rates_named_before(model: SemanticModel, reading: Reading, start: int) -> list[str]:
    """Ratio metrics the question names before the stretch, nearest first."""
    before = sorted((m for m in reading.matches if m.end <= start), key=lambda m: -m.end)
    return [e.target for m in before for e in m.of("metric") if isinstance(model.metrics.get(e.target), RatioMetric)]


def _sides(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The numerator's and the denominator's offsets: the formula split at its one division."""
    for said in (_PART_OF_WHOLE, _WHOLE_THEN_PART):
        share = said.match(text[start:end])
        if share is not None:
            return (start + share.start("part"), start + share.end("part")), (
                start + share.start("whole"),
                start + share.end("whole"),
            )
    divisions = list(_DIVIDED.finditer(text, start, end))
    if len(divisions) != 1:
        return None
    cut = divisions[0]
    if not text[start : cut.start()].strip() or not text[cut.end() : end].strip():
        return None
    return (start, cut.start()), (cut.end(), end)


def _rows_of(model: SemanticModel, reading: Reading, side: tuple[int, int]) -> list[list[Rows | str]] | None:
    """Per term of a side (split at '+'), per mention in it: the candidate readings (a metric name or the rows of a
    value). None when a term mentions nothing of the model or has words no mention covers."""
    start, end = side
    text = reading.masked
    terms: list[list[Rows | str]] = []
    bounds = [start, *(p for m in _PLUS.finditer(text, start, end) for p in (m.start(), m.end())), end]
    for left, right in zip(bounds[::2], bounds[1::2], strict=True):
        inside = [m for m in reading.matches if left <= m.start and m.end <= right]
        rest = list(text[left:right])
        for match in inside:
            rest[match.start - left : match.end - left] = " " * (match.end - match.start)
        if not inside or _DETERMINERS.sub(" ", "".join(rest)).strip(" ()（）"):
            return None
        candidates: list[Rows | str] = []
        for match in inside:
            candidates += _readings(model, match)
        terms.append(candidates)
    return terms


def _readings(model: SemanticModel, match: Match) -> list[Rows | str]:
    found: list[Rows | str] = [e.target for e in match.of("metric")]
    found += [frozenset({(e.target, str(e.value).lower())}) for e in match.of("value") if e.value is not None]
    found += [frozenset({(e.target, "*")}) for e in match.of("entity")]
    for entry in match.of("segment"):  # '流失客户': the rows of the segment's own condition
        segment = model.segments[entry.target]
        rows = None if segment.exists or segment.not_exists else _condition_rows(segment.entity, segment.filter)
        found += [rows] if rows is not None else []
    return found


def _is(model: SemanticModel, name: str, terms: list[list[Rows | str]], dated: bool) -> bool | None:
    """Whether the terms of a side are the metric `name`: the metric itself, or rows that add up to its rows. None
    when the two cannot be compared (the metric counts no plain rows: repeat buyers)."""
    if len(terms) == 1 and name in terms[0]:
        return True
    wanted = _metric_rows(model, name, dated)
    said = [[r for c in candidates if (r := _as_rows(model, c, dated)) is not None] for candidates in terms]
    if wanted is None or not all(said):
        return None
    columns = {column for column, _ in wanted} | {entity for entity, value in wanted if value == "*"}
    if not any(column in columns or value == "*" for found in said for rows in found for column, value in rows):
        return None  # 'churn rate by tier (A/B)': values of another field, no formula of this rate
    covered: set[tuple[str, str]] = set()
    for rows in said:
        inside = [r for r in rows if r <= wanted]
        if not inside:
            return False
        covered |= max(inside, key=len)
    return covered == wanted


def _as_rows(model: SemanticModel, candidate: Rows | str, dated: bool) -> Rows | None:
    return _metric_rows(model, candidate, dated) if isinstance(candidate, str) else candidate


def _metric_rows(model: SemanticModel, name: str, dated: bool) -> Rows | None:
    """The rows a count metric counts, as ORed values of one column; None for anything else. A count of the rows
    standing at the period start counts all rows when the question names no period, other rows when it does."""
    metric = model.metrics.get(name)
    if not isinstance(metric, SimpleMetric) or metric.segments:
        return None
    entity, _, measure_name = metric.measure.partition(".")
    measure = model.entities[entity].measures[measure_name]
    if measure.period_start_state and not (measure.filter or measure.per or measure.having):
        return frozenset({(entity, "at the period start" if dated else "*")})
    if measure.agg != "count" or measure.per or measure.having:
        return None
    return _condition_rows(entity, measure.filter)


def _condition_rows(entity: str, condition_sql: str | None) -> Rows | None:
    """A condition of one column ('status = \'churned\'', 'status IN (…)', 'is_member') as its ORed values."""
    if not condition_sql:
        return frozenset({(entity, "*")})
    condition = sqlglot.parse_one(condition_sql)
    if isinstance(condition, exp.Column):
        return frozenset({(f"{entity}.{condition.name}", "true")})
    if isinstance(condition, exp.EQ) and isinstance(condition.left, exp.Column):
        return frozenset({(f"{entity}.{condition.left.name}", str(condition.right.this).lower())})
    if isinstance(condition, exp.In) and isinstance(condition.this, exp.Column):
        column = f"{entity}.{condition.this.name}"
        return frozenset((column, str(v.this).lower()) for v in condition.expressions)
    return None
