"""Everyday names of the model's fields and values, read as the model's words before planning (corrections, DESIGN.md
§10; words in assistant/planner/data/event_words.yml `en_field_heads`):

- a generic head noun said instead of the one the model uses: "product type", "kind of product" -> "product
  category" when "product category" is a phrase of the model (and "product type" is not);
- an abbreviation that is a filler on its own ("avg") but starts a longer phrase of the model once expanded:
  "avg order value" -> "average order value" (not the order amount field);
- a field named together with one of its own values: "whose status is now churned", "with a status of churned" ->
  "who are churned" (the value says it; the field word is no breakdown left over)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TypeVar

import yaml

from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.words import fillers, shorthand_of
from semantic_layer import SemanticModel

Fix = tuple[int, int, str]
T = TypeVar("T")


@cache
def _heads() -> dict[str, str]:
    text = resources.files("assistant.planner").joinpath("data", "event_words.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return {str(k).lower(): str(v).lower() for k, v in (loaded.get("en_field_heads") or {}).items()}


def _whole_phrase(lexicon: Lexicon, phrase: str) -> bool:
    found = lexicon.find(phrase)
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(phrase) and bool(found[0].of("dimension"))


def head_fixes(text: str, lexicon: Lexicon) -> list[Fix]:
    """'product type' / 'type of product' -> 'product category' when only the latter is the model's phrase."""
    found: list[Fix] = []
    for head, canonical in _heads().items():
        plural = f"{head}s" if not head.endswith("s") else head
        for hit in re.finditer(rf"\b([a-z]+)\s+(?:{head}|{plural})\b", text):
            said, read_as = hit.group(), f"{hit.group(1)} {canonical}"
            if not _whole_phrase(lexicon, said) and _whole_phrase(lexicon, read_as):
                found.append((hit.start(), hit.end(), read_as))
        for hit in re.finditer(rf"\b(?:{head}|{plural})\s+of\s+(?:the\s+)?([a-z]+?)s?\b", text):
            read_as = f"{hit.group(1)} {canonical}"
            if _whole_phrase(lexicon, read_as) and not any(a < hit.end() and hit.start() < b for a, b, _ in found):
                found.append((hit.start(), hit.end(), read_as))
    return found


def abbreviation_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """'avg order value' -> 'average order value': a filler abbreviation whose expansion makes a longer phrase of
    the model with the words after it than the model matched there."""
    english = fillers("en")
    found: list[Fix] = []
    for hit in re.finditer(r"\b[a-z]+\b", text):
        word = hit.group()
        expanded = shorthand_of(word) if word in english else None
        if not expanded:
            continue
        rest = text[hit.end() : hit.end() + 80]
        longer = lexicon.find(expanded + rest)
        after = [m for m in matched if m.start > hit.end() and not text[hit.end() : m.start].strip()]
        reach = max((m.end - hit.end() for m in after if m.start == after[0].start), default=0) if after else 0
        if longer and longer[0].start == 0 and longer[0].end - len(expanded) >= max(reach, 1):
            found.append((hit.start(), hit.end(), expanded))
    return found


_OWNER = re.compile(r"\b(?:whose|with|having|where)\s+(?:an?\s+|the\s+|their\s+|its\s+)?$")
_LINK = re.compile(
    r"\s*(?:(?:is|are|was|were|=|:|of|equals?|equal\s+to|being|set\s+to)\s+)?(?:(?:now|currently|still|presently|already)\s+)?"
)


def field_value_fixes(text: str, matched: list[Match]) -> list[Fix]:
    """'whose status is now churned' -> 'who are churned': a field word, after whose / with, and one of its own
    values right after it."""
    found: list[Fix] = []
    for field in matched:
        fields = {e.target for e in field.of("dimension")}
        owner = _OWNER.search(text[: field.start])
        link = _LINK.match(text, field.end)
        if not fields or owner is None or link is None:
            continue
        value = next((m for m in matched if m.start == link.end() and m is not field), None)
        if value is not None and fields & {e.target for e in value.of("value")}:
            found.append((owner.start(), value.end, f"who are {text[value.start : value.end]}"))
    return found


_MEANS = re.compile(r"\b(?:via|through|thru|by|over|from|using)\s+(?:the\s+|our\s+|a\s+|an\s+|their\s+)?$")
# '通过APP提交的投诉', '经由官网', '在APP上提交': a preposition of means before the value
_MEANS_ZH = re.compile(r"(?:通过|经由|经过|借助|使用|利用|用|走|在)\s*$")
# 'APP提交的投诉', 'APP上反馈的', 'APP端进线的工单': the value right before a verb of sending something in
_SENT_IN_ZH = re.compile(r"^\s*(?:上|端|里|渠道)?\s*(?:提交|进线|进来|打进|发起|反馈|提出|投诉|联系|找)")


_ZH_MEANS_HEADS = ("渠道", "方式", "途径")  # '工单渠道', '进线方式': names of a way of coming, as en_means_heads
# '因为服务问题流失', 'churned because of price': a value said as the cause of leaving is the field of reasons
_CAUSE_BEFORE = re.compile(r"(?:因为|由于|因)\s*$|\b(?:because\s+of|due\s+to|over)\s+(?:the\s+)?$")
_CAUSE_HEADS = ("原因", "reason", "cause")


def prefer_cause(model: SemanticModel, before: str, entries: list[T]) -> list[T]:
    """'今年因为服务问题流失的客户': after 'because of' / '因为', of the fields a value word belongs to, the one whose
    name says a reason (churn reason) — not the ticket category 'service'."""
    if len({getattr(e, "target", "") for e in entries}) < 2 or not _CAUSE_BEFORE.search(before):
        return entries

    def cause(target: str) -> bool:
        _, dim = model.dimension(target)
        names = [target.partition(".")[2], *((dim.label.en, dim.label.zh) if dim.label else ()), *dim.synonyms]
        return any(head in name.lower() for name in names for head in _CAUSE_HEADS)

    return [e for e in entries if cause(getattr(e, "target", ""))] or entries


@cache
def _means_heads() -> frozenset[str]:
    text = resources.files("assistant.planner").joinpath("data", "event_words.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return frozenset(str(w).lower() for w in loaded.get("en_means_heads") or ())


def prefer_means(model: SemanticModel, before: str, entries: list[T], after: str = "") -> list[T]:
    """'tickets that came in via the app', '通过APP提交的投诉', 'APP上提交的工单': after a preposition of means (or before
    a verb of sending in), of the fields a value word belongs to, the ones whose names say a way of coming (a channel)
    — not the ticket category 'app'."""
    said = _MEANS.search(before) or _MEANS_ZH.search(before) or _SENT_IN_ZH.match(after)
    if len({getattr(e, "target", "") for e in entries}) < 2 or not said:
        return entries

    def means(target: str) -> bool:
        _, dim = model.dimension(target)
        names = [target.partition(".")[2], *((dim.label.en, dim.label.zh) if dim.label else ()), *dim.synonyms]
        words = [word for name in names for word in re.split(r"[\s_]+", name.lower())]
        return any(w in _means_heads() or any(h in w for h in _ZH_MEANS_HEADS) for w in words)

    chosen = [e for e in entries if means(getattr(e, "target", ""))]
    return chosen or entries


def field_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    found: list[Fix] = []
    for fixes in (
        field_value_fixes(text, matched),
        head_fixes(text, lexicon),
        abbreviation_fixes(text, matched, lexicon),
    ):
        found += [f for f in fixes if not any(a < f[1] and f[0] < b for a, b, _ in found)]
    return found
