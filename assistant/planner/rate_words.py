"""A rate named by a word the model has no rate for: 'open rate by channel' was answered as the count of open
tickets, '打开率' / '取消率' / 'click rate' likewise. A 'X rate' / 'X率' / 'X ratio' outside every phrase of the model asks
for a proportion; a plan with no percent metric and no share answers something else — asked back, naming the
phrase and the rates the model has."""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.messages import clarify, suggestions
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery

_RATE = re.compile(r"\b[a-z]+(?:[ -][a-z]+)?\s+(?:rate|ratio)s?\b|[\u4e00-\u9fff]{1,3}(?:率|比率)")
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "what", "which", "its", "their", "our", "my", "your", "same"}
)
_TEXT: dict[Language, str] = {
    "en": "I don't have a measure for '{phrase}'. Rates I have: {options}. Which do you mean?",
    "zh": "模型里没有“{phrase}”这个指标。可用的比率:{options}。您指的是哪一个?",
}


def unrated(model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language) -> Plan | None:
    """A clarify plan when a rate phrase of no model rate meets a plan with no rate and no share."""
    if query.kind != "metrics" or query.share is not None:
        return None
    if any(model.metrics[m].format == "percent" for m in query.metrics if m in model.metrics):
        return None
    inside = [(m.start, m.end) for m in reading.matches if m.of("metric")]
    for found in _RATE.finditer(reading.masked):
        end = found.end()
        if any(a <= end - 1 < b for a, b in inside):
            continue  # the rate word is part of a phrase of the model ('return rate', '退货率')
        words = found.group(0).split()
        if words and words[0].isascii() and all(w in _DETERMINERS for w in words[:-1]):
            continue  # 'the rate, not the count': no qualifier names a rate
        options = [getattr(m.label, language) for m in model.metrics.values() if m.format == "percent" and not m.hidden]
        phrase = re.sub(r"^(?:a|an|the|our|its|their)\s+", "", found.group(0).strip())
        return clarify(
            language, _TEXT[language].format(phrase=phrase, options=", ".join(options)), suggestions(model, language)
        )
    return None
