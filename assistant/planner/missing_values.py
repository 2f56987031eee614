"""Rows without a value of a field: "tickets that never received a first response", "tickets with no first response
yet", "customers with no churn date", "没有首次响应的工单"; and the mirror, rows with one ("tickets that got a first
response": `is_not_null`, before read as survey responses). The field is a date of an event that may not have happened
to a row (a date of the entity other than the one it is dated by); denied, it is the condition that the field is
empty (`is_null`). Read as words of the question, the denial was asked back ('never' excludes nothing the model
names) or dropped ('customers with no churn date' counted every customer).

The event is named by the field's label ("first response at", "首次响应时间", "churn date") or by the label without
its 'at' / 'date' / 时间 / 日期 when that stem is no phrase the model reads otherwise and no verb form ('resolved' and
'流失' are states and events of their own, read by the other rules). The question is planned with the denial and the
event blanked; the filter joins the plan when it counts or lists rows of the field's entity."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from assistant.contracts import Language, Plan, Span, Turn
from assistant.planner import empty_scores
from assistant.planner.lexicon import Lexicon, normalize
from assistant.planner.pinned import Planner
from assistant.planner.shaping import _lexicon
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.cache import per_model
from semantic_layer.compiler.metrics import leaf, leaf_names

_DENIAL_EN = (
    r"(?<![a-z])(?:never|without|no|not|(?:have|has|had|did|do|does)\s*n[o']t|(?:haven|hasn|hadn|didn|don|doesn)['’]?t)"
    r"(?:\s+(?:yet|ever|even|been|once))*"
    r"(?:\s+(?:received|receive|receives|got|gotten|get|gets|had|have|has|been\s+given|seen|see))?"
    r"(?:\s+(?:a|an|any|their|its))?\s+"
)
_TAIL_EN = r"(?:\s+(?:at\s+all|yet|so\s+far))?(?![a-z])(?!\s+(?:time|times|hours?|minutes?|days?|rate|within|under)\b)"
_HAVING_EN = r"(?<![a-z])(?:received|receive|receives|got|gotten|get|gets|had|have|has|with)\s+(?:a|an|their|its)\s+"
_HAVING_ZH = r"(?:收到了?|得到了?|有了?|有过)"
_DENIAL_ZH = r"(?:从来|从|一直|还|至今|仍然|仍)?(?:没有|没|未|无)(?:收到|得到|获得|有)?过?"
_TAIL_ZH = r"过?(?!时长|时间|率)"


def missing_value_plan(
    question: str,
    history: Sequence[Turn],
    model: SemanticModel,
    as_of: date,
    language: Language,
    plan_alone: Planner,
) -> Plan | None:
    """The plan of a question about rows without a value of an event's date field, else None."""
    text = normalize(question)
    for field, op, pattern in _patterns(model):
        hits = list(pattern.finditer(text))  # said twice: 'without a recommend score - i.e. left it blank'
        if not hits:
            continue
        blanked = question
        for hit in hits:
            blanked = blanked[: hit.start()] + " " * (hit.end() - hit.start()) + blanked[hit.end() :]
        positive = plan_alone(blanked, history, model, as_of, language)
        if positive.status != "ok" or positive.query is None:
            return None
        if field.partition(".")[0] not in _entities(model, positive.query):
            return None
        if op == "is_not_null" and positive.query.time_range is not None:
            return None  # 'customers with a churn date last year': the period may date the event itself
        query = positive.query.model_dump(mode="json", exclude_none=True)
        query["filters"] = [*query.get("filters", []), {"field": field, "op": op, "values": []}]
        said = [
            Span(text=question[hit.start() : hit.end()], start=hit.start(), end=hit.end(), role="filter", target=field, value=op)
            for hit in hits
        ]  # fmt: skip
        spans = sorted([*positive.interpretation, *said], key=lambda s: (s.start, s.end))
        return positive.model_copy(update={"query": SemanticQuery.model_validate(query), "interpretation": spans})
    return None


def _event_patterns(model: SemanticModel) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(field, op, pattern) for each date of an event that may not have happened to a row: its denial (`is_null`) and
    its having happened ('tickets that got a first response': `is_not_null`). First the denial: 'not' precedes."""
    found: list[tuple[str, str, re.Pattern[str]]] = []
    lexicon = _lexicon(model)
    for name, entity in model.entities.items():
        for column, dimension in entity.dimensions.items():
            if dimension.label is None or column == entity.default_time_dimension:
                continue
            if dimension.type == "time":
                english = _names(dimension.label.en.lower(), re.compile(r"\s+(?:at|date|time)$"), lexicon)
                chinese = _names(dimension.label.zh, re.compile(r"(?:时间|日期)$"), lexicon)
                other_en, other_zh = empty_scores.names(dimension.model_copy(update={"label": None}))
                other_en, other_zh = _not_a_state(other_en, lexicon), _not_a_state(other_zh, lexicon)
                english, chinese = english + other_en, chinese + other_zh  # 'no first reply': a synonym of the date
            elif dimension.type == "number" and empty_scores.may_be_empty(model, name, column):
                english, chinese = empty_scores.names(dimension)  # 'without a recommend score'
            else:
                continue
            said = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(english, key=len, reverse=True))
            zh = "|".join(re.escape(n) for n in sorted(chinese, key=len, reverse=True))
            denied = rf"{_DENIAL_EN}(?:{said}){_TAIL_EN}|{_DENIAL_ZH}(?:{zh}){_TAIL_ZH}"
            denied += "|" + empty_scores.left_blank(said, zh)  # 'left the NPS question blank', '推荐分没填'

            had = rf"{_HAVING_EN}(?:{said}){_TAIL_EN}|{_HAVING_ZH}(?:{zh}){_TAIL_ZH}"
            found.append((f"{name}.{column}", "is_null", re.compile(denied)))
            found.append((f"{name}.{column}", "is_not_null", re.compile(had)))
    return tuple(found)


_patterns = per_model(_event_patterns)


def _names(label: str, suffix: re.Pattern[str], lexicon: Lexicon) -> list[str]:
    """The label, and its stem when the stem names nothing else of the model and is no verb form."""
    stem = suffix.sub("", label)
    if stem == label or stem.endswith("ed") or len(stem) < 3:
        return [label]
    whole = [m for m in lexicon.find(stem) if m.start == 0 and m.end == len(stem)]
    return [label] if whole else [label, stem]


def _not_a_state(synonyms: list[str], lexicon: Lexicon) -> list[str]:
    """The synonyms of a date that name the event, not the state it leaves: 'churned' / '流失' (a verb form, a segment
    or a value of the model) deny the state ('customers not churned': status), not the date."""
    kept = []
    for said in synonyms:
        whole = [m for m in lexicon.find(said) if m.start == 0 and m.end == len(said)]
        if not said.endswith("ed") and not any(m.of("segment") or m.of("value") for m in whole):
            kept.append(said)
    return kept


def _entities(model: SemanticModel, query: SemanticQuery) -> set[str]:
    if query.kind == "records":
        return {d.name.partition(".")[0] for d in query.dimensions}
    return {leaf(model, name).entity for metric in query.metrics for name in leaf_names(model, metric)}
