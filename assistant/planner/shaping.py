"""Shared pieces of the offline planner's queries: the anchor entity, the field a word picks, filters from values,
thresholds and negations, and populations that become breakdowns.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.contracts import Language, Plan
from assistant.planner import (
    conditions,
    cues,
    duration_order,
    field_words,
    group_conditions,
    relevance,
    threshold_fields,
    thresholds,
)
from assistant.planner.lexicon import Lexicon
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.summary.formatting import lower_first
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.cache import per_model
from semantic_layer.compiler import model_graph
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import QueryError

PLANNER = "offline"

_lexicon = per_model(Lexicon)


def _unique(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _anchor(model: SemanticModel, query: SemanticQuery) -> str:
    if query.metrics:
        return leaf(model, leaf_names(model, query.metrics[0])[0]).entity
    if query.text_field:
        return model.text_fields[query.text_field].entity
    first = query.dimensions[0].name
    return first.partition(".")[0]


def _reachable(model: SemanticModel, anchor: str, target: str) -> bool:
    try:
        return not any(edge.fans_out for edge in model_graph(model).path(anchor, target))
    except QueryError:
        return False


def _pick(
    model: SemanticModel, language: Language, anchor: str, candidates: list[str], assumptions: list[str], said: str
) -> str:
    """Of several dimensions a word may mean ('channel'), the anchor entity's own, else one it reaches. A word
    that only names another entity's field but is part of the name of the anchor's own ('渠道' of '获客渠道' for new
    customers) is the anchor's own field."""
    if not any(c.partition(".")[0] == anchor for c in candidates):
        own = _own_named_by_part(model, anchor, said)
        candidates = [own, *candidates] if own is not None else candidates
    ranked = sorted(
        candidates, key=lambda c: (c.partition(".")[0] != anchor, not _reachable(model, anchor, c.partition(".")[0]))
    )
    if len(candidates) > 1:
        _, dim = model.dimension(ranked[0])
        label = getattr(dim.label, language) if dim.label else ranked[0]
        assumptions.append(assumption(language, "read_as", said=said.strip(), label=label, field=ranked[0]))
    return ranked[0]


def _own_named_by_part(model: SemanticModel, anchor: str, said: str) -> str | None:
    word = said.strip().lower()
    found = []
    for name, dim in model.entities[anchor].dimensions.items():
        names = [n.lower() for n in [*dim.synonyms, *((dim.label.en, dim.label.zh) if dim.label else ())]]
        if word and any(word in n and word != n for n in names) and dim.type == "categorical":
            found.append(f"{anchor}.{name}")
    return found[0] if len(found) == 1 else None


def _own_field(
    model: SemanticModel, reading: Reading, anchor: str, entries: list[Any], preferred: list[Any]
) -> list[Any]:
    """'新增客户里不是门店渠道来的': a value of the anchor entity's own field wins over another entity's field the
    question names only by a word that is also part of the own field's name ('渠道' of '获客渠道')."""
    own = [e for e in entries if e.target.partition(".")[0] == anchor]
    if not own or any(e.target.partition(".")[0] == anchor for e in preferred):
        return preferred
    words = [
        m.text.strip().lower()
        for cands, m in reading.mentioned_dimensions
        if {e.target for e in preferred} & set(cands)
    ]
    for entry in own:
        _, dim = model.dimension(entry.target)
        names = [n.lower() for n in [*dim.synonyms, *((dim.label.en, dim.label.zh) if dim.label else ())]]
        if words and all(any(w in n and w != n for n in names) for w in words):
            return [entry]
    return preferred


def _filters(model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str]) -> list[dict[str, Any]]:
    mentioned = {c for cands, _ in reading.mentioned_dimensions for c in cands} | {
        c for cands, _ in reading.breakdowns for c in cands
    }
    chosen: dict[tuple[str, bool], list[str | bool]] = {}
    for _, negated, match in reading.values:
        entries = relevance.related_entries(model, reading, anchor, match)
        if not entries:
            continue  # asked back by _unrelated_value
        preferred = [e for e in entries if e.target in mentioned] or entries
        before, after = reading.masked[: match.start], reading.masked[match.end :]
        preferred = field_words.prefer_means(model, before, preferred, after)  # 'came in via the app', '通过APP提交'
        preferred = field_words.prefer_cause(model, before, preferred)  # '因为服务问题流失': the churn reason
        preferred = _own_field(model, reading, anchor, entries, preferred)
        field = _pick(model, reading.language, anchor, sorted({e.target for e in preferred}), assumptions, match.text)
        if field not in {e.target for e in preferred}:  # a field named by part holds no such value ('tier D'): kept
            field = sorted({e.target for e in preferred})[0]
        value = next(e.value for e in preferred if e.target == field)
        chosen.setdefault((field, negated), [])
        if value not in chosen[(field, negated)]:
            chosen[(field, negated)].append(value or "")
    filters: list[dict[str, Any]] = []
    for (field, negated), values in chosen.items():
        op = ("!=" if negated else "=") if len(values) == 1 else ("not_in" if negated else "in")
        filters.append({"field": field, "op": op, "values": values})
    for entity, typed, _, _ in reading.record_ids:  # 'customer C0000123': that record's primary key
        if entity == anchor or _reachable(model, anchor, entity):
            filters.append({"field": f"{entity}.{model.entities[entity].primary_key}", "op": "=", "values": [typed]})
    for candidates, match in reading.mentioned_dimensions:
        field = _pick(model, reading.language, anchor, candidates, assumptions, match.text)
        if model.dimension(field)[1].type == "boolean":
            negated = cues.negated_at(reading.masked, match, reading.matches)
            filters.append({"field": field, "op": "=", "values": [not negated]})
    return filters


def _unrelated_value(model: SemanticModel, reading: Reading, anchor: str) -> Plan | None:
    """A value word whose fields are all on entities the question is not about ('low' of ticket priority in
    'low-CSAT survey responses'): asked back, never a filter on an unrelated field nor silently dropped."""
    for _, _, match in reading.values:
        if not relevance.related_entries(model, reading, anchor, match):
            if match.of("entity"):
                continue  # 'a completed purchase': the noun of an entity the question is about, not a value
            field = match.of("value")[0].target
            _, dim = model.dimension(field)
            label = getattr(dim.label, reading.language) if dim.label else field
            text = assumption(reading.language, "value_unrelated", word=match.text.strip(), field=label)
            return Plan(status="clarify", clarification=text, planner=PLANNER)
    return None


def _thresholds(
    model: SemanticModel, reading: Reading, anchor: str, assumptions: list[str]
) -> list[dict[str, Any]] | Plan:
    """'amount over 1,000' becomes a filter on the number field named; a threshold on nothing named is
    asked back, never dropped (dropping it would give a confident wrong number)."""
    found = list(cues.NUMERIC_CONDITION.finditer(reading.masked))
    if not found:
        return []
    numbers = [
        (c, m) for c, m in reading.mentioned_dimensions if any(model.dimension(x)[1].type == "number" for x in c)
    ]
    grouped = (
        group_conditions.picks_groups(model, reading.masked, reading.matches, found[0].start())
        if len(found) == 1
        else None
    )
    if grouped is not None:  # 'cities whose AOV is over 500': a condition on each city's AOV, not a row filter
        dimension = model.dimension(grouped[1])[1]
        labels = (model.metrics[grouped[0]].label, dimension.label)
        metric, group = (
            [str(getattr(label, "zh", grouped[1])) for label in labels]
            if reading.language == "zh"
            else [lower_first(str(getattr(label, "en", grouped[1]))) for label in labels]
        )
        text = assumption(reading.language, "threshold_on_groups", metric=metric, group=group,
                          phrase=found[0].group(0).strip())  # fmt: skip
        return Plan(status="clarify", clarification=text, planner=PLANNER)
    money = _money_field(model, anchor) if not numbers and len(found) == 1 else None
    # 'orders above 20,000 yuan' / 'over 20k': the order's amount; 'NPS打分在4分及以下': the column NPS is built on
    named = None
    if not numbers and len(found) == 1:
        money_said = cues.CURRENCY.search(found[0].group(0)) or thresholds.scaled_amount(found[0].group(0))
        named = (
            money if money is not None and money_said else thresholds.metric_column(model, reading, anchor, found[0])
        )
        named = named or duration_order.threshold_duration(model, reading, anchor, found[0])  # '首次响应超过24小时'
    if named is not None:
        field = named
        _, dim = model.dimension(field)
        label = getattr(dim.label, reading.language) if dim.label else field
        assumptions.append(
            assumption(reading.language, "read_as", said=found[0].group(0).strip(), label=label, field=field)
        )
        return [_threshold(found[0], field)]
    numbers = threshold_fields.nearest_before(numbers, found) or numbers  # '金额超过10万…按金额排'
    if len(numbers) != len(found):
        options = [f"{e}.{d}" for e, ent in model.entities.items() for d, dim in ent.dimensions.items()
                   if dim.type == "number" and not dim.pii and _reachable(model, anchor, e)]  # fmt: skip
        phrase = found[0].group(0).strip()
        key = "threshold_unclear" if options else "threshold_no_field"  # an empty list of fields reads as a bug
        return Plan(status="clarify", planner=PLANNER,
                    clarification=assumption(reading.language, key, phrase=phrase, options=", ".join(options)))  # fmt: skip
    filters = []
    for (candidates, match), condition in zip(numbers, found, strict=True):
        field = _pick(
            model,
            reading.language,
            anchor,
            [c for c in candidates if model.dimension(c)[1].type == "number"],
            assumptions,
            match.text,
        )
        filters.append(_threshold(condition, field))
    return filters


def _threshold(condition: re.Match[str], field: str) -> dict[str, Any]:
    op = cues.numeric_operator(condition.group(0))
    if op == "between":  # 'NPS在0到2分之间', '1到2万': both ends; a lower end with no scale takes the upper's
        ends = re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*(万|千|k\b|m\b)?", condition.group(0))[-2:]
        upper = cues.SCALES.get(ends[-1][1], 1.0)
        values = [float(n.replace(",", "")) * cues.SCALES.get(s, upper) for n, s in ends]
        return {"field": field, "op": op, "values": sorted(values)}
    groups = [g for g in condition.groups() if g]
    at = next(i for i, g in enumerate(groups) if re.fullmatch(r"\d[\d,]*(?:\.\d+)?", g))
    scale = cues.SCALES.get(groups[at + 1], 1.0) if at + 1 < len(groups) else 1.0
    value = float(groups[at].replace(",", "")) * scale
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", condition.group(0))]
    if op == "=" and len(numbers) > 1:  # '打了0分或1分', 'rated 1 or 2': one of the scores
        return {"field": field, "op": "in", "values": list(dict.fromkeys(numbers))}
    return {"field": field, "op": op, "values": [value]}


def _money_field(model: SemanticModel, anchor: str) -> str | None:
    """The one money column of a record ('an order of 20,000 yuan'): a number column shown in the entity's
    records that a currency metric sums. None when there is no such column or more than one."""
    entity = model.entities.get(anchor)
    if entity is None:
        return None
    found: set[str] = set()
    for metric in model.metrics.values():
        measure_name = getattr(metric, "measure", None)
        if metric.format != "currency" or not isinstance(measure_name, str):
            continue
        owner, measure = model.measure(measure_name)
        column = (measure.expr or "").strip()
        dim = entity.dimensions.get(column)
        if owner == anchor and dim is not None and dim.type == "number" and column in entity.record_columns:
            found.add(column)
    return f"{anchor}.{found.pop()}" if len(found) == 1 else None


def _flag_column(model: SemanticModel, name: str) -> str | None:
    """The yes/no column a segment is defined by ('members' -> customer.is_member), if it is that simple."""
    segment = model.segments[name]
    column = f"{segment.entity}.{(segment.filter or '').strip()}"
    if (
        segment.not_exists is None
        and column in model.dimension_names()
        and model.dimension(column)[1].type == "boolean"
    ):
        return column
    return None


def _negations(model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]) -> Plan | None:
    """'non-members' filters on the segment's negated condition; 'members and non-members', 'app-bound vs not'
    (a yes/no column named both ways) becomes a breakdown by that column instead of two contradicting filters."""
    for name, match in reading.negated_segments:
        segment = model.segments[name]
        column = _flag_column(model, name)
        if column and name in query["segments"]:
            query["segments"] = [x for x in query["segments"] if x != name]
            query["dimensions"] = _unique([*query.get("dimensions", []), {"name": column}])
            continue
        flipped = conditions.negated(model, segment.entity, segment.filter) if not segment.not_exists else None
        if flipped is None:
            label = getattr(segment.label, reading.language)
            return Plan(status="clarify", planner=PLANNER,
                        clarification=assumption(reading.language, "cannot_negate", phrase=match.text.strip(), label=label))  # fmt: skip
        query["filters"] = [*query.get("filters", []), *flipped]
    broken_down = {d["name"] for d in query.get("dimensions", [])} if query.get("kind") != "records" else set()
    query["filters"] = [  # 'by opened vs not opened': the breakdown shows both, no filter on it
        f for f in query.get("filters", []) if not (f["field"] in broken_down and isinstance(f["values"][0], bool))
    ]
    rest = reading.has(cues.THE_REST)
    flags = [f["field"] for f in query["filters"] if f["op"] == "=" and f["values"] in ([True], [False])]
    flag_segments = [s for s in query.get("segments", []) if _flag_column(model, s)]
    if rest and len(flags) + len(flag_segments) == 1 and query.get("kind") != "records":
        column = flags[0] if flags else _flag_column(model, flag_segments[0])
        query["filters"] = [f for f in query["filters"] if f["field"] != column]
        query["segments"] = [s for s in query.get("segments", []) if s not in flag_segments]
        query["dimensions"] = _unique([*query.get("dimensions", []), {"name": column}])
    by_field: dict[str, set[Any]] = {}
    for item in query.get("filters", []):
        if item["op"] == "=" and len(item["values"]) == 1 and isinstance(item["values"][0], bool):
            by_field.setdefault(item["field"], set()).add(item["values"][0])
    both = [f for f, values in by_field.items() if values == {True, False}]
    if both and query.get("kind") != "records":
        query["filters"] = [f for f in query["filters"] if f["field"] not in both]
        query["dimensions"] = _unique([*query.get("dimensions", []), *({"name": f} for f in both)])
    return None


def _versus_non(model: SemanticModel, reading: Reading, segments: list[str]) -> tuple[str, str] | None:
    """'members versus non-members': a segment defined by one yes/no column becomes a breakdown by it."""
    if not reading.has(cues.SEGMENT_CONTRAST):
        return None
    for name, match in reading.segments:
        if not cues.NON_SEGMENT.search(reading.masked[max(0, match.start - 4) : match.start]):
            continue
        segment = model.segments[name]
        column = (segment.filter or "").strip()
        field = f"{segment.entity}.{column}"
        if field in model.dimension_names() and model.dimension(field)[1].type == "boolean" and name in segments:
            return name, field
    return None


def _segments_as_breakdown(
    model: SemanticModel, reading: Reading, query: dict[str, Any], assumptions: list[str]
) -> None:
    """'NPS of churned and active customers', '流失客户和活跃客户的客单价分别是多少': populations that are values
    of one column (status = 'churned', status = 'active') are compared as a breakdown by that column, limited
    to those values — both at once as filters would select nobody."""
    by_field: dict[str, list[tuple[str, Any]]] = {}
    for name in query["segments"]:
        found = conditions.as_filters(model, model.segments[name].entity, model.segments[name].filter)
        if model.segments[name].not_exists is None and found and len(found) == 1 and found[0]["op"] == "=":
            by_field.setdefault(found[0]["field"], []).append((name, found[0]["values"][0]))
    for field, pairs in by_field.items():
        if len(pairs) < 2:
            continue
        names, values = [n for n, _ in pairs], [v for _, v in pairs]
        query["segments"] = [s for s in query["segments"] if s not in names]
        query["dimensions"] = _unique([*query["dimensions"], {"name": field}])
        query["filters"] = [*query["filters"], {"field": field, "op": "in", "values": values}]
        assumptions.append(
            assumption(reading.language, "segments_as_breakdown", segments=", ".join(names), field=field)
        )


def _values_as_breakdown(query: dict[str, Any], language: Language, assumptions: list[str]) -> None:
    """'active customers in Hangzhou, Chengdu and Wuhan', '渠道A和渠道B的销售额分别是多少': several values of one
    field asked about together get one row each (a breakdown by the field limited to them), not one sum that
    hides which is which."""
    if query.get("kind", "metrics") != "metrics":
        return
    named = {d["name"] for d in query.get("dimensions", [])}
    for item in query.get("filters", []):
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in item["values"])
        if numbers:  # 'rated 1 or 2': either score, one count (values of a category name groups; scores do not)
            continue
        if item["op"] == "in" and len(item["values"]) >= 2 and item["field"] not in named:
            query["dimensions"] = _unique([*query.get("dimensions", []), {"name": item["field"]}])
            named.add(item["field"])
            values = ", ".join(str(v) for v in item["values"])
            assumptions.append(assumption(language, "values_as_breakdown", values=values, field=item["field"]))
