"""A value said with the head noun of its own field: '价格原因' (the churn reason 'price'), '合作渠道' (the acquisition
channel 'partner'), '流失状态' / 'churned status' (the customer status 'churned'), 'partner channel'.

The head nouns come from the model: the last word of an English phrase of the field ('reason' of 'churn reason') and
the tail of a Chinese one after a prefix of two or more characters ('原因' of '流失原因', '渠道' of '获客渠道', '状态'
of '客户状态'). A value (or a population whose condition is on the field: 沉默 of silent customers, status = active)
right before such a head is one phrase with it, so the head adds nothing and is no breakdown or unknown word. A
stretch nothing matched right before a head, that begins exactly one value phrase of those fields ('合作' of '合作伙伴'),
is that value ('合作渠道' = partner). A head of another field, or a prefix of two values, changes nothing.
"""

from __future__ import annotations

import re

from assistant.planner import conditions, cues
from assistant.planner.lexicon import Entry, Match, normalize
from semantic_layer import SemanticModel
from semantic_layer.cache import per_model

_CJK = re.compile(r"[\u4e00-\u9fff]")


@per_model
def _heads(model: SemanticModel) -> dict[str, set[str]]:
    """Head noun -> the categorical fields whose phrases end with it."""
    found: dict[str, set[str]] = {}
    for name, entity in model.entities.items():
        for column, dim in entity.dimensions.items():
            if dim.type != "categorical" or dim.pii or not dim.sample_values:
                continue
            labels = [dim.label.en, dim.label.zh] if dim.label else []
            for phrase in (normalize(p).strip() for p in [*labels, *dim.synonyms]):
                if _CJK.search(phrase):
                    heads = {phrase[cut:] for cut in range(2, len(phrase) - 1) if _CJK.match(phrase[cut])}
                else:
                    words = phrase.split()
                    heads = {words[-1]} if len(words) >= 2 and len(words[-1]) >= 4 else set()
                for head in heads:
                    found.setdefault(head, set()).add(f"{name}.{column}")
    return found


@per_model
def _value_phrases(model: SemanticModel) -> dict[str, list[tuple[str, str]]]:
    """Field -> (phrase, value) of its values, Chinese phrases only (a prefix of an English word is no word)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for name, entity in model.entities.items():
        for column, dim in entity.dimensions.items():
            for value in dim.sample_values:
                for phrase in [str(value), *dim.value_synonyms.get(value, [])]:
                    if _CJK.search(phrase):
                        found.setdefault(f"{name}.{column}", []).append((normalize(phrase), str(value)))
    return found


def _fields_of(model: SemanticModel, match: Match) -> set[str]:
    """The fields a match names a value of: its values, and the columns of its populations' conditions."""
    fields = {e.target for e in match.of("value")}
    for entry in match.of("segment"):
        segment = model.segments[entry.target]
        for flt in conditions.as_filters(model, segment.entity, segment.filter) or []:
            fields.add(flt["field"])
    return fields


def _head_after(model: SemanticModel, masked: str, end: int) -> tuple[str, set[str]] | None:
    """The longest head noun right after `end` (a space before an English one, an optional 's')."""
    heads = _heads(model)
    best: tuple[str, set[str]] | None = None
    for head, fields in heads.items():
        if _CJK.match(head):
            hit = masked.startswith(head, end)
            said = head
        else:
            found = re.match(rf"\s+{re.escape(head)}s?\b", masked[end:])
            hit, said = found is not None, found.group(0) if found else ""
        if hit and (best is None or len(said) > len(best[0])):
            best = (said, fields)
    return best


def headed_values(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """The matches, a value (or population) followed by a head noun of its own field extended over that noun, and
    an unmatched prefix of one value phrase before such a noun read as that value."""
    result: list[Match] = []
    skip: set[int] = set()
    for i, match in enumerate(matches):
        if i in skip:
            continue
        fields = _fields_of(model, match)
        head = _head_after(model, masked, match.end) if fields else None
        if head is None or not fields & head[1]:
            result.append(match)
            continue
        end = match.end + len(head[0])
        following = [j for j in range(i + 1, len(matches)) if matches[j].start < end]
        if any(matches[j].end > end or matches[j].of("value") or matches[j].of("segment") for j in following):
            result.append(match)  # the head word starts a longer phrase of its own
            continue
        skip.update(following)
        kept = tuple(e for e in match.entries if e.kind != "value" or e.target in head[1])  # 'app channel'
        result.append(Match(match.start, end, masked[match.start : end], kept))
    prefixed = _prefixed_values(model, masked, result)
    result = [m for m in result if not any(p.start <= m.start and m.end <= p.end for p in prefixed)]
    return sorted(result + prefixed, key=lambda m: (m.start, m.end))


def _prefixed_values(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """'合作渠道': two to four unmatched characters before a head noun that begin exactly one value phrase of the
    head's fields."""
    taken = [False] * len(masked)
    for m in matches:
        taken[m.start : m.end] = [True] * (m.end - m.start)
    phrases = _value_phrases(model)
    found: list[Match] = []
    for head, fields in _heads(model).items():
        if not _CJK.match(head):
            continue
        for hit in re.finditer(re.escape(head), masked):
            at = hit.start()
            if any(taken[at : hit.end()]) and not _only_field_word(matches, at, hit.end()):
                continue
            for length in (4, 3, 2):
                start = at - length
                prefix = masked[start:at] if start >= 0 else ""
                if not prefix or not all(_CJK.match(c) for c in prefix) or any(taken[start:at]):
                    continue
                values = {(f, v) for f in fields for p, v in phrases.get(f, []) if p.startswith(prefix) and p != prefix}
                if len(values) == 1:
                    ((field, value),) = values
                    entry = Entry("value", field, value)
                    found.append(Match(start, hit.end(), masked[start : hit.end()], (entry,)))
                    break
    return found


def _only_field_word(matches: list[Match], start: int, end: int) -> bool:
    """The head is matched only as a word of a field ('渠道' alone names several channels): a value may own it."""
    inside = [m for m in matches if m.start < end and start < m.end]
    return all(m.start >= start and m.end <= end and not m.of("value") and not m.of("segment") for m in inside)


def graded_numbers(model: SemanticModel, masked: str, matches: list[Match]) -> list[Match]:
    """'low csat scores (5 or under)', 'high amounts over 20k': a value word right before a number field, in a
    question with a numeric condition, grades that number (the condition says how) — it is no filter on another
    field that happens to have the value 'low' (ticket priority). The two read as one phrase of the number field."""
    if not cues.NUMERIC_CONDITION.search(masked):
        return matches
    result: list[Match] = []
    for i, match in enumerate(matches):
        following = matches[i + 1] if i + 1 < len(matches) else None
        numbers = [
            e
            for e in (following.of("dimension") if following is not None else [])
            if e.target in model.dimension_names() and model.dimension(e.target)[1].type == "number"
        ]
        if (
            following is not None
            and numbers
            and match.entries
            and all(e.kind == "value" for e in match.entries)
            and not masked[match.end : following.start].strip()
        ):
            matches[i + 1] = Match(match.start, following.end, masked[match.start : following.end], following.entries)
            continue
        result.append(match)
    return result


def fields_headed_at(model: SemanticModel, masked: str, end: int) -> tuple[str, set[str]] | None:
    """The head noun said right at `end` ('原因' of '其他原因', ' reasons' of 'other reasons') and the fields it heads."""
    return _head_after(model, masked, end)
