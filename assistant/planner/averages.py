"""An average asked of a total: '人均消费是多少', '平均销售额', 'average revenue per customer', 'on average how many
orders'. An averaging word outside every phrase of the model (平均 of '平均客单价' belongs to the metric) asks for an
average; when every metric of the plan is a plain total (a sum or a count), answering would give the total instead —
asked back, naming the averages the model has. Averages, rates, ratios and durations carry the word themselves.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.contracts import Language, Plan
from assistant.planner.messages import clarify, suggestions
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import SimpleMetric

if TYPE_CHECKING:  # reading.py reads averages when it reads the question
    from assistant.planner.reading import Reading

AVERAGE = re.compile(r"\b(?:average|avg|mean|per capita|per head|per person)\b|平均|人均|均值|户均|单均|每人|每位客户")
_TEXT: dict[Language, str] = {
    "en": "'{word}' asks for an average, but {metrics} is a total. Averages I have: {options}. Which do you mean?",
    "zh": "“{word}”问的是平均值,但{metrics}是总数。可用的平均类指标:{options}。您指的是哪一个?",
}


def _is_total(model: SemanticModel, name: str) -> bool:
    metric = model.metrics[name]
    if not isinstance(metric, SimpleMetric):
        return False
    return model.measure(metric.measure)[1].agg in ("sum", "count", "count_distinct")


def unaveraged(model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language) -> Plan | None:
    """A clarify plan when an averaging word outside the model's phrases meets a plan of totals only."""
    if query.kind != "metrics" or not query.metrics:
        return None
    inside = [(m.start, m.end) for m in reading.matches]
    found = next(
        (f for f in AVERAGE.finditer(reading.masked) if not any(a <= f.start() < b for a, b in inside)),
        None,
    )
    if found is None or not all(_is_total(model, m) for m in query.metrics):
        return None
    options = [
        getattr(m.label, language)
        for name, m in model.metrics.items()
        if not m.hidden and not _is_total(model, name) and m.format != "percent"
    ]
    shown = ", ".join(getattr(model.metrics[m].label, language) for m in query.metrics)
    text = _TEXT[language].format(word=found.group(0), metrics=shown, options=", ".join(options) or "-")
    return clarify(language, text, suggestions(model, language))
