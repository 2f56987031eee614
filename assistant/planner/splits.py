"""Breakdowns said around an exclusion or a yes/no pair, in English and Chinese.

- '除了华北以外，其他几个区各有多少客户', 'excluding electronics, revenue for each of the other categories': the rest of
  a field's values, each on its own: a breakdown by the field of the excluded value (which stays excluded); 'other'
  after an exclusion is a determiner ('the other regions'), never the value 'other' of some field.
- '数码电子' (two synonyms of one value side by side) is one value: the negation before the first covers both.
- '转化了的和没转化的各多少条', 'converted and non-converted touches, each': a yes/no field named both ways with
  各 / each / respectively is a breakdown by the field, not a filter on either side.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language, Plan
from assistant.planner import cues
from assistant.planner.lexicon import Match, normalize
from assistant.planner.messages import clarify
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

# 'each', '各', '分别', 'respectively', 'individually', 'one by one': every value on its own row
EACH = re.compile(r"\b(?:each|respectively|individually|separately|one by one)\b|各(?!种|类问题)|分别|各自")
_OTHER = re.compile(r"\b(?:the\s+)?(?:other|others|rest|remaining)\b|其他|其它|其余|剩下的?|别的")
_TEXT: dict[Language, str] = {
    "en": "Excluded {values} and showed each of the other values of {field}.",
    "zh": "排除{values}后,按{field}分别列出其余各项。",
}


def other_after_exclusion(masked: str, match: Match, matches: list[Match]) -> bool:
    """'except electronics, the other categories', '除了华北以外，其他区', '除了投诉以外，其他工单': 'other' after
    something the question excludes is 'the others', not a value of its own."""
    if not _OTHER.fullmatch(match.text.strip()):
        return False
    return any(
        m.end <= match.start and cues.negated_at(masked, m, matches) for m in matches
    )  # '除了投诉以外，其他工单'


def same_value_as_previous(masked: str, match: Match, previous: Match | None) -> bool:
    """'数码电子', 'electronic gadgets': a value word right after another word of the same value (nothing between)
    is part of one phrase."""
    if previous is None or masked[previous.end : match.start].strip():
        return False
    mine = {(e.target, e.value) for e in match.of("value")}
    return bool(mine) and mine == {(e.target, e.value) for e in previous.of("value")}


def each_of_the_rest(masked: str, query: dict[str, Any], language: Language, assumptions: list[str]) -> None:
    """A breakdown by the field of an excluded value when 'each / 各 / 分别' or 'the other <noun>' + each follows the
    exclusion, and the query has no breakdown of its own ('除了华北以外，其他几个区各有多少客户')."""
    if query.get("dimensions") or query.get("kind", "metrics") != "metrics":
        return
    excluded = [f for f in query.get("filters", []) if f["op"] in ("!=", "not_in")]
    fields = {f["field"] for f in excluded}
    if len(fields) != 1:
        return
    negation = cues.NEGATION.search(masked)
    rest = masked[negation.end() :] if negation else masked
    other = _OTHER.search(rest)
    if other is None or not EACH.search(rest):
        return
    field = fields.pop()
    query["dimensions"] = [{"name": field}]
    values = ", ".join(str(v) for f in excluded for v in f["values"])
    assumptions.append(_TEXT[language].format(values=values, field=field))


# A stretch said plainly and again with a negation: '转化了的和没转化的', '送达和未送达', 'opened and unopened',
# 'converted vs not converted', 'converted or non-converted'.
_BOTH_ZH = re.compile(
    r"(?P<stem>[\u4e00-\u9fff]{2,4}?)(?:了|过)?的?\s*(?:和|与|跟|及|、|还是|或者?|vs\.?|对比)\s*(?:没有?|未|不|非)(?P=stem)"
)
_BOTH_EN = re.compile(
    r"\b(?P<stem>[a-z]{4,})\b\s+(?:and|vs\.?|versus|or|against)\s+(?:(?:not|never)\s+(?:been\s+)?|non[- ]?|un)(?P=stem)\b"
)

# 'how many touches converted and how many didn't', 'opened, and those that weren't': the verb, then its negated rest
_BOTH_EN_REST = re.compile(
    r"\b(?P<stem>[a-z]{4,})\b\s*,?\s+(?:and|vs\.?|versus|or)\s+(?:how\s+many|those|the\s+ones|ones|which|the\s+rest)"
    r"\s+(?:that\s+|who\s+|which\s+)?(?:didn't|did\s+not|don't|do\s+not|doesn't|does\s+not|weren't|were\s+not"
    r"|wasn't|was\s+not|haven't|have\s+not|hasn't|has\s+not|aren't|are\s+not|never|not)\b"
)


_AUX_BOTH = re.compile(
    r"\b(have|has|had|did|do|does|are|is|were|was|can|could|will|would)\s+(?:and|or|vs\.?|versus)\s+\1(?:n't|\s+not)\b"
)


def contradiction(query: dict[str, Any]) -> str | None:
    """A field filtered both to a value and away from it ('returned vs not returned' as two filters) selects
    nothing: the field named, so that the planner asks back instead of answering zero."""
    kept: dict[str, set[tuple[str, str]]] = {}
    for f in query.get("filters", []):
        for value in f["values"]:
            kept.setdefault(f["field"], set()).add((f["op"], str(value)))
    for field, pairs in kept.items():
        equal = {v for op, v in pairs if op in ("=", "in")}
        unequal = {v for op, v in pairs if op in ("!=", "not_in")}
        if equal & unequal or (field and {"True", "False"} <= equal):
            return field
    return None


def _boolean_fields(model: SemanticModel, stem: str, entities: set[str]) -> set[str]:
    """Yes/no fields of `entities` whose names, labels or synonyms contain the stem, or that are the one
    condition of a count metric whose names do ('转化了' of converted touches → touch.converted)."""
    found: set[str] = set()
    for name in entities:
        for column, dim in model.entities[name].dimensions.items():
            if dim.type != "boolean":
                continue
            words = [column, *(dim.synonyms or [])] + ([dim.label.en, dim.label.zh] if dim.label else [])
            if any(stem in normalize(w) for w in words):
                found.add(f"{name}.{column}")
    for metric in model.metrics.values():
        if not isinstance(metric, SimpleMetric) or metric.segments:
            continue
        entity, measure = model.measure(metric.measure)
        column = (measure.filter or "").strip()
        flag = model.entities[entity].dimensions.get(column)
        if entity not in entities or measure.agg != "count" or flag is None or flag.type != "boolean":
            continue
        if any(stem in normalize(w) for w in [metric.label.en, metric.label.zh, *metric.synonyms]):
            found.add(f"{entity}.{column}")
    return found


def both_ways(
    model: SemanticModel, masked: str, query: dict[str, Any], count_metric: dict[str, str], language: Language,
    assumptions: list[str],
) -> Plan | None:  # fmt: skip
    """'转化了的和没转化的各多少条', 'opened vs unopened messages, how many each': a yes/no field named plainly and
    negated is a breakdown by the field; the count of one side (converted touches) becomes the count of the rows."""
    if query.get("kind", "metrics") != "metrics":
        return None
    both = _AUX_BOTH.search(masked)
    if both is not None:  # 'customers who have and haven't bound the app': the one yes/no filter, both ways
        flags = [f for f in query.get("filters", []) if f["op"] == "=" and f["values"] in ([True], [False])]
        if len(flags) == 1 and not query.get("dimensions"):
            query["filters"] = [f for f in query["filters"] if f is not flags[0]]
            query["dimensions"] = [{"name": flags[0]["field"]}]
            assumptions.append(_BOTH_TEXT[language].format(field=flags[0]["field"]))
            return None
        if not query.get("dimensions"):  # 'members who did and didn't complain': no field splits them
            return clarify(language, _NO_SPLIT[language].format(phrase=both.group(0)), [])
        return None
    said = _BOTH_ZH.search(masked) or _BOTH_EN.search(masked) or _BOTH_EN_REST.search(masked)
    if said is None:
        return None
    stem = said.group("stem")
    anchors = {_metric_entity(model, m) for m in query.get("metrics", [])} - {""}  # the rows counted
    fields = _boolean_fields(model, stem, anchors)
    if len(fields) != 1:
        return None
    field = fields.pop()
    entity, _, column = field.partition(".")
    metrics = []
    for name in query.get("metrics", []):
        definition = model.metrics.get(name)
        condition = model.measure(definition.measure)[1].filter if isinstance(definition, SimpleMetric) else None
        plain = count_metric.get(entity)
        metrics.append(plain if condition and condition.strip() == column and plain else name)
    query["metrics"] = list(dict.fromkeys(metrics))
    query["filters"] = [f for f in query.get("filters", []) if f["field"] != field]
    query["dimensions"] = [
        *query.get("dimensions", []),
        *([] if any(d["name"] == field for d in query.get("dimensions", [])) else [{"name": field}]),
    ]
    assumptions.append(_BOTH_TEXT[language].format(field=field))
    return None


def _metric_entity(model: SemanticModel, name: str) -> str:
    definition = model.metrics.get(name)
    return model.measure(definition.measure)[0] if isinstance(definition, SimpleMetric) else ""


_NO_SPLIT: dict[Language, str] = {
    "en": "'{phrase}' asks for both sides, but I have no field that splits them that way. Which side do you mean?",
    "zh": "“{phrase}”问的是两种情况,但模型里没有能这样拆分的字段。您指的是哪一种?",
}
_BOTH_TEXT: dict[Language, str] = {
    "en": "Both sides of {field} were asked: shown as a breakdown by it.",
    "zh": "问到了{field}的两种情况:按它拆分显示。",
}


_ASK_BOTH: dict[Language, str] = {
    "en": "You asked for {field} both as a value and as its opposite. I can show a breakdown by {field} (every "
    "value on its own row) — would that do, or which side do you mean?",
    "zh": "您同时问到了{field}的某个取值和它的反面。我可以按{field}拆分(每个取值一行),可以吗?还是您指其中一边?",
}


def ask_both_ways(model: SemanticModel, field: str, language: Language) -> Plan:
    _, dim = model.dimension(field)
    label = getattr(dim.label, language) if dim.label else field
    return clarify(language, _ASK_BOTH[language].format(field=label), [])
