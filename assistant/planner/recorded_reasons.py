"""Reasons the model records for a population: "the two most common reasons high-value customers left us", "the #1
reason they left", "流失原因分别占多少人", "每种原因多少人".

When a population (a segment) has a field of its own that records the reason for its state — a categorical field
whose label is the reason noun ('reason', '原因') after a word of the segment's label ('Churn reason' of 'Churned
customers', '流失原因' of '流失客户') — a question about the reasons of that population asks for its head count per
recorded reason, not for the themes of what its members wrote. Reading the free texts instead would answer another
question, counted in texts. A question that names texts ('what did they complain about', '投诉的原因') stays a themes
question, and a question naming a value of the field ('left because of price') filters on it as before.
"""

from __future__ import annotations

import re

from assistant.planner import conditions
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

# the reason noun, said in the question or heading a field's label
_REASON = re.compile(r"\breasons?\b|原因")
# the question is about what people wrote or said: their texts answer it
_TEXTS = re.compile(
    r"\bcomplain\w*|\bcomments?\b|\bfeedback\b|\bwr[oi]te\b|\bsaid\b|\bsay\b|\bmention\w*|\btickets?\b"
    r"|投诉|抱怨|吐槽|反馈|反映|评论|意见|说了|提到|工单"
)


def reason_field(model: SemanticModel, reading: Reading) -> tuple[str, str] | None:
    """The recorded-reason field and the segment it belongs to, when the question asks for the reasons of that
    segment's population and names no value of the field; None otherwise."""
    if not _REASON.search(reading.masked) or _TEXTS.search(reading.masked):
        return None
    named = _named_segments(model, reading)
    found = [(f, s) for s in named if (f := _recorded_reason(model, s, reading.language)) is not None]
    if len(found) != 1:
        return None
    field, _ = found[0]
    if any(e.target == field for entries, _, _ in reading.values for e in entries):
        return None  # 'customers who left because of price': a value of the field, filtered as before
    return found[0]


def _named_segments(model: SemanticModel, reading: Reading) -> list[str]:
    """The populations the question names: segments, counts named like a segment (as a metric or a population), and a value that is a segment's
    own condition ('the customers we lost': status churned)."""
    named = [s for s, _ in reading.segments] + [s for _, s, _ in reading.metric_or_segment]
    named += [m for m in reading.metrics if m in model.segments]  # 'the reasons customers churned': the count's name
    said = {(e.target, e.value) for entries, negated, _ in reading.values if not negated for e in entries}
    for name, seg in model.segments.items():
        condition = conditions.as_filters(model, seg.entity, seg.filter) if seg.filter else None
        if condition and len(condition) == 1 and condition[0]["op"] in ("=", "in") and len(condition[0]["values"]) == 1:
            named += [name] if (condition[0]["field"], condition[0]["values"][0]) in said else []
    return list(dict.fromkeys(n for n in named if n in model.segments))


def _recorded_reason(model: SemanticModel, segment: str, language: str) -> str | None:
    """The one categorical field of the segment's entity labelled as the reason for the segment's state."""
    seg = model.segments[segment]
    entity = model.entities[seg.entity]
    seg_label = (getattr(seg.label, language, None) or segment).lower() if seg.label else segment.lower()
    fields = []
    for name, dim in entity.dimensions.items():
        if dim.type != "categorical" or dim.pii or dim.label is None:
            continue
        label = (getattr(dim.label, language, None) or "").lower()
        head = _REASON.search(label)
        stem = label[: head.start()].strip() if head else ""
        if stem and _shares_stem(stem, seg_label):
            fields.append(f"{seg.entity}.{name}")
    return fields[0] if len(fields) == 1 else None


def _shares_stem(stem: str, label: str) -> bool:
    """'churn' of 'churned customers', '流失' of '流失客户': the reason's qualifier starts a word of the label."""
    if re.search(r"[a-z]", stem):
        return any(word.startswith(stem) for word in label.split())
    return stem in label
