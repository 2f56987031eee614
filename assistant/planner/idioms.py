"""Idioms of the business lexicon (assistant/planner/data/shorthand.yml `en_idioms`, `en_idiom_patterns`): verb
phrases in any form of their verb ("gone quiet" -> "silent") and patterns ("how long did it take us to resolve"
-> "time to resolve", "w/o" -> "without"), read as the model's words before planning (role `correction`)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from assistant.planner.lexicon import Match
from assistant.planner.morphology import forms


@cache
def _section(name: str) -> dict[str, str]:
    text = resources.files("assistant.planner").joinpath("data", "shorthand.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    entries = loaded.get(name) or {}
    return {str(k).lower(): str(v) for k, v in entries.items()}


@cache
def idiom_patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    """Every idiom as a pattern (its verb in all forms), then the explicit patterns; longest idioms first. The
    flag says whether a phrase of the model inside the match wins (idioms) or not (explicit patterns, whose
    words are grammar: 'raised by' in 'excluding the ones raised by phone')."""
    found: list[tuple[re.Pattern[str], str, bool]] = []
    for phrase, read_as in sorted(_section("en_idioms").items(), key=lambda kv: len(kv[0]), reverse=True):
        verb, *rest = phrase.split()
        alternatives = "|".join(sorted(map(re.escape, forms(verb)), key=len, reverse=True))
        words = r"\s+".join([f"(?:{alternatives})", *map(re.escape, rest)])
        found.append((re.compile(rf"(?<![a-z0-9]){words}(?![a-z0-9])"), read_as, True))
    found += [(re.compile(k), v, False) for k, v in _section("en_idiom_patterns").items()]
    return tuple(found)


def idiom_fixes(text: str, matched: list[Match]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) of the idioms in the text, where no phrase of the model matched."""
    found: list[tuple[int, int, str]] = []
    for pattern, read_as, model_wins in idiom_patterns():
        for hit in pattern.finditer(text):
            overlaps = model_wins and any(m.start < hit.end() and hit.start() < m.end for m in matched)
            taken = any(a < hit.end() and hit.start() < b for a, b, _ in found)
            if hit.end() > hit.start() and not overlaps and not taken:
                found.append((hit.start(), hit.end(), hit.expand(read_as)))
    return found


# a cohort named by its period ("the 2025 cohort", "our Q3 2026 signup cohort") is the customers who signed up in it
_COHORT_BEFORE = re.compile(r"(?:\b(?:the|our|that|this)\s+)?$")
_COHORT_AFTER = re.compile(r"^(?:'s)?\s+(?:sign-?up\s+|customer\s+|new\s+customer\s+)?cohorts?\b")


def cohort_fixes(text: str, times: list[tuple[int, int]], phrase: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each time phrase (offsets in `text`) followed by 'cohort': '<phrase> <period>',
    with `phrase` the shorthand.yml words for those who signed up ('customers who signed up in')."""
    found: list[tuple[int, int, str]] = []
    for start, end in times:
        after = _COHORT_AFTER.match(text[end:])
        if after is None:
            continue
        before = _COHORT_BEFORE.search(text[:start])
        begin = before.start() if before is not None else start
        period = re.sub(r"^(?:in|during|for|over|the)\s+", "", text[start:end])
        found.append((begin, end + after.end(), f"{phrase} {period}"))
    return found


def cohort_phrase() -> str:
    return _section("en_cohort").get("cohort", "")


def new_population_phrases() -> dict[str, str]:
    """Per language, the shorthand.yml words for those who signed up ('customers who signed up', '注册的客户')."""
    return {language: _section(f"{language}_new_population").get("new", "") for language in ("en", "zh")}
