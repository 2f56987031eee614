"""A clause that names the denominator of a rate the question asks for: 'use each month's opening base as the
denominator', 'denominator = all tickets', '以期初客户数为分母'. When what it names is the denominator the model's
rate already divides by, the clause restates the definition and adds nothing; read word by word, 'denominator' and
'base' name nothing of the model and the question was asked back. A clause naming another denominator ('use all
customers as the denominator' for a churn rate whose base is the customers active at the period start) is left in
the question, so it is still asked back: answering the model's rate would answer another question."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import normalize
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import RatioMetric

_CLAUSES = (
    re.compile(
        r"\b(?:(?:please\s+)?(?:use|using|take|taking|with)\s+)(?P<said>[^.;?!,()]{1,60}?)\s+as\s+(?:the\s+)?"
        r"(?:denominator|base)\b"
    ),
    re.compile(r"\b(?:the\s+)?denominator\s*(?:=|:|is|should be|being)\s*(?P<said>[^.;?!,()]{1,60})"),
    re.compile(r"(?:以|用|拿|按)(?P<said>[^，。；？！,;?!（）()]{1,20}?)(?:作为|作|做|为|当)分母"),
    re.compile(r"分母\s*(?:是|为|用|取|=|:)\s*(?P<said>[^，。；？！,;?!（）()]{1,20})"),
)
# whose or which base: 'each month's', 'the period's', 'all', '每个月的' — the rate's own period and population
_DETERMINERS = re.compile(
    r"^(?:(?:the|all|each|every|our|that|this|its|their)\s+|(?:month|quarter|week|year|period|day)(?:'s|s')?\s+)+"
    r"|^(?:每个?|各|当|该)(?:月|季度|周|年|期)的?"
)


def restated_denominators(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Clauses naming, as the denominator, the denominator of a ratio metric the question names outside them."""
    named = {
        e.target
        for m in reading.matches
        for e in m.of("metric")
        if isinstance(model.metrics.get(e.target), RatioMetric)
    }
    found: list[Excused] = []
    for pattern in _CLAUSES:
        for clause in pattern.finditer(reading.text):
            said = _DETERMINERS.sub("", clause.group("said").strip()).strip()
            outside = {n for n in named if _named_outside(reading, n, clause.start(), clause.end())}
            if said and any(_is_denominator(model, name, said) for name in outside):
                found.append(Excused(clause.start(), clause.end(), "aside"))
    return found


def _named_outside(reading: Reading, metric: str, start: int, end: int) -> bool:
    return any(
        not (start <= m.start < end) and any(e.target == metric for e in m.of("metric")) for m in reading.matches
    )


def _is_denominator(model: SemanticModel, name: str, said: str) -> bool:
    """The words are a phrase of the ratio's denominator metric (its label or synonyms, hidden ones included)."""
    metric = model.metrics[name]
    assert isinstance(metric, RatioMetric)
    denominator = model.metrics.get(metric.denominator)
    if denominator is None:
        return False
    phrases = [denominator.label.en, denominator.label.zh, *denominator.synonyms]
    return normalize(said) in {normalize(p) for p in phrases}
