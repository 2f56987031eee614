"""What the question asks for that the plan must carry, else it is asked back (DESIGN.md §10: never answer
something else): "how long" / "多久" asks for a duration (a metric of the model in `hours`), and a word of
difference ("is X different for A and B", "A和B的X有区别吗") asks for two things side by side."""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner.messages import clarify, suggestions
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.query import METRIC_TIME

DURATION = re.compile(r"\bhow long\b|\bhow many hours\b|多久|多长时间|多少(?:个)?小时")
DIFFERENCE = re.compile(r"\bdiffer(?:s|ed|ent|ence|ences)?\b|区别|差异|差别|不一样|一样吗")

# 'how many different customers': 'different' as 'distinct', not a comparison
_DISTINCT = re.compile(r"\b(?:how many|number of|count of|several|various|so many|\d+) different\b")

_TEXT = {
    "en": {
        "duration": "You asked how long, but {metrics} is not a duration. Durations I have: {options}. Which do you mean?",
        "difference": "Different compared with what? Name the groups or periods to set side by side (e.g. 'for members and non-members', 'this month vs last month').",
    },
    "zh": {
        "duration": "您问的是多长时间,但{metrics}不是时长。可用的时长指标:{options}。您指的是哪一个?",
        "difference": "和什么比较?请说明要并列比较的人群或时间(例如“会员和非会员”、“本月和上月”)。",
    },
}


def unmet(model: SemanticModel, text: str, query: SemanticQuery, language: Language) -> Plan | None:
    """A clarify plan when the question (normalised text) asks for a duration or a difference the query does
    not carry; None when it does."""
    texts = _TEXT["zh" if language == "zh" else "en"]
    durations = [name for name, m in model.metrics.items() if m.format == "hours" and not m.hidden]
    if query.kind == "metrics" and DURATION.search(text) and not set(query.metrics) & set(durations):
        labels = [_label(model, name, language) for name in durations]
        shown = [_label(model, name, language) for name in query.metrics]
        detail = texts["duration"].format(metrics=", ".join(shown) or "-", options=", ".join(labels) or "-")
        return clarify(language, detail, suggestions(model, language))
    if DIFFERENCE.search(_DISTINCT.sub(" ", text)) and not _compares(query):
        return clarify(language, texts["difference"], suggestions(model, language))
    return None


def _compares(query: SemanticQuery) -> bool:
    """Two or more things side by side: a comparison, a breakdown, a series or several populations."""
    if query.compare is not None or len(query.segments) > 1:
        return True
    return any(d.name != METRIC_TIME or d.grain for d in query.dimensions)


def _label(model: SemanticModel, metric: str, language: Language) -> str:
    label = model.metrics[metric].label
    return label.zh if language == "zh" else label.en
