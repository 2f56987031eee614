"""A yes/no split said with the second side left out: 'how many were complaints vs not?', 'members or not',
'orders that were returned and not', '投诉的和不是的各多少', '是会员还是不是', '投诉与否'.

The word right before the elliptic negation names one side of a yes/no field: a count metric whose one condition is
that field (complaints: is_complaint), the field itself (member: is_member) or a population defined by it (members).
Both sides asked is a breakdown by the field; the count of one side becomes the count of all the rows. A word before
the ellipsis that names no yes/no field changes nothing (the negation is then asked back as before).
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language
from assistant.planner import conditions
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

_EN = re.compile(r"\s*(?:vs\.?|versus|or|and)\s+(?:not|non)\b\s*(?=[?.!,;:)]|$|\b(?:each|respectively)\b)")
_ZH_SAID = (
    r"\s*(?:的)?\s*(?:(?:还是|和|与|跟|或者?|vs\.?|对比)\s*(?:不是|没有|没|非|不)\s*"
    r"(?:(?P<verb>[\u4e00-\u9fff]{1,2}?)[了过]?(?=的))?的?|与否)"
)
_ZH = re.compile(_ZH_SAID + r"\s*(?=[?？。!！,，;；)）]|$|各|分别|都|的|有)")
_ZH_BEFORE_NOUN = re.compile(_ZH_SAID + r"\s*")  # '没绑定的客户': the other side named with the same noun
_GAP = re.compile(r"^\s*(?:的|了|过|ones?)?\s*$")
_TEXT: dict[Language, str] = {
    "en": "'{phrase}' asks for both sides of {field}: shown as a breakdown by it.",
    "zh": "“{phrase}”问的是{field}的两种情况:按它拆分显示。",
}


def _flag_of(model: SemanticModel, match: Match) -> tuple[str, str | None] | None:
    """(yes/no field, the count metric standing for its yes side) a word names."""
    for entry in match.of("metric"):
        metric = model.metrics.get(entry.target)
        if isinstance(metric, SimpleMetric) and not metric.segments:
            entity, measure = model.measure(metric.measure)
            column = (measure.filter or "").strip()
            dim = model.entities[entity].dimensions.get(column)
            if measure.agg == "count" and measure.expr is None and dim is not None and dim.type == "boolean":
                return f"{entity}.{column}", entry.target
    for entry in match.of("dimension"):
        if entry.target in model.dimension_names() and model.dimension(entry.target)[1].type == "boolean":
            return entry.target, None
    for entry in match.of("segment"):
        segment = model.segments[entry.target]
        found = conditions.as_filters(model, segment.entity, segment.filter) or []
        if len(found) == 1 and found[0]["values"] == [True] and not segment.not_exists:
            return found[0]["field"], None
    return None


def _said(reading: Reading) -> tuple[Match, str] | None:
    """The match right before an elliptic negation, and the phrase from it through the ellipsis."""
    pattern = _ZH if reading.language == "zh" else _EN
    for match in reading.matches:
        found = pattern.match(reading.masked, _after_noun(reading, match)) or _before_noun(reading, match)
        if found is not None and found.groupdict().get("verb") and not match.text.startswith(found["verb"]):
            continue  # '没绑的' repeats the verb of '绑了APP'; another verb ('没买的') names another event
        if found is None:
            gap = next((m for m in reading.matches if m.start >= match.end), None)
            continue_at = gap.start if gap is not None else len(reading.masked)
            rest = reading.masked[match.end : continue_at]
            tail = re.search(r"(?:vs\.?|versus|or|and|还是|和|与)", rest)
            if tail is None or not _GAP.match(rest[: tail.start()]):
                continue
            found = pattern.match(reading.masked, match.end + tail.start())
            if found is None:
                continue
        return match, reading.masked[match.start : found.end()].strip()
    return None


def _after_noun(reading: Reading, match: Match) -> int:
    """Where the ellipsis may start: after the phrase, or after '的' and the entity noun it qualifies ('绑了APP的客户
    和没绑的': the customers who bound the app and those who did not)."""
    if reading.language != "zh":
        return match.end
    at = match.end + (reading.masked[match.end : match.end + 1] in ("了", "过"))  # '绑定app了的客户'
    if not match.text.endswith("的"):  # '绑定app的' is itself a phrase of the model
        if reading.masked[at : at + 1] != "的":
            return at
        at += 1
    noun = next((m for m in reading.matches if m.start == at and m.of("entity")), None)
    return noun.end if noun is not None else at


def _before_noun(reading: Reading, match: Match) -> re.Match[str] | None:
    """'绑定APP的客户和没绑定的客户': the negated side ends with the entity noun the first side was said with."""
    if reading.language != "zh":
        return None
    found = _ZH_BEFORE_NOUN.match(reading.masked, _after_noun(reading, match))
    if found is None or not found["verb"]:
        return None
    return found if any(m.start == found.end() and m.of("entity") for m in reading.matches) else None


def both_sides(
    model: SemanticModel,
    reading: Reading,
    query: dict[str, Any],
    count_metric: dict[str, str],
    assumptions: list[str],
) -> bool:
    """Turn the query into a breakdown by the yes/no field an elliptic pair names; True when it did."""
    said = _said(reading)
    if said is None or query.get("kind", "metrics") != "metrics":
        return False
    match, phrase = said
    flag = _flag_of(model, match)
    if flag is None:
        return False
    field, side = flag
    entity = field.partition(".")[0]
    plain = count_metric.get(entity)
    metrics = [plain if m == side and plain else m for m in query.get("metrics", [])]
    query["metrics"] = list(dict.fromkeys(metrics))
    query["filters"] = [f for f in query.get("filters", []) if f["field"] != field]
    query["segments"] = [s for s in query.get("segments", []) if _segment_field(model, s) != field]
    if not any(d.get("name") == field for d in query.get("dimensions", [])):
        query["dimensions"] = [*query.get("dimensions", []), {"name": field}]
    _, dim = model.dimension(field)
    label = getattr(dim.label, reading.language) if dim.label else field
    assumptions.append(_TEXT[reading.language].format(phrase=phrase, field=label))
    return True


def _segment_field(model: SemanticModel, name: str) -> str | None:
    segment = model.segments.get(name)
    if segment is None:
        return None
    found = conditions.as_filters(model, segment.entity, segment.filter) or []
    return found[0]["field"] if len(found) == 1 and not segment.not_exists else None
