"""Which rows a share is taken of: 'among churned customers, what share left because of price?', '所有流失客户里，因为
价格原因流失的占多大比例', 'what % of churned customers were members', 'what share of customers churned because of
price?'.

A population named as the whole — after 'among / of all / out of / within', after 'share of' itself, or before
里 / 中 / 当中 — is the base of the share; the conditions said after it are the part. The model's rate over that
population's count (the churn rate) is then no answer: the price-reason customers' churn rate is 100%, not the share
of churned customers who left over price. A value said as the cause of the counted event ('because of price', '因为价格')
is part of the event, never a population of the rate either: the share is of the entity's rows (all customers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.planner.event_words import person_words
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticQuery

_WHOLE_BEFORE = re.compile(
    r"(?:\bamong(?:st)?|\bof all|\bout of(?: all)?|\bwithin|(?:^|[.;:!?]\s*)of|(?:\bshare|\bpercent(?:age)?|\bproportion|\bfraction|%|\bpct)\s+of)"
    r"\s+(?:the\s+|our\s+|all\s+|all the\s+|those\s+)?$"
)
_WHOLE_AFTER = re.compile(r"^\s*的?\s*(?:里面|里头|当中|之中|中间|里|中)")
_CAUSE_BEFORE = re.compile(
    r"(?:\bbecause of|\bdue to|\bowing to|\bfor reasons? of|\bciting|\bcited|\bover|因为|由于|因|出于)\s*(?:the\s+|a\s+)?$"
)


@dataclass(frozen=True)
class Split:
    whole: bool  # a population named as the whole (else: a cause of the counted event)
    base: tuple[list[dict[str, Any]], list[str]]  # filters, segments
    part: tuple[list[dict[str, Any]], list[str]]


def _filter_matches(reading: Reading, flt: dict[str, Any]) -> list[Match]:
    return [
        m
        for entries, _, m in reading.values
        if any(e.target == flt["field"] and e.value in [str(v) for v in flt.get("values", [])] for e in entries)
    ]


def _population_mentions(reading: Reading, names: set[str]) -> list[Match]:
    found = [m for name, m in reading.segments if name in names]
    found += [m for metric, segment, m in reading.metric_or_segment if metric in names or segment in names]
    found += [m for m in reading.matches if any(e.target in names for e in m.of("metric"))]  # 'the customers'
    return found


_CLAUSE_END = re.compile(r"[,，;；:：]|\bwhat\b|\bhow\b|\bwhich\b")


def _clause_end(reading: Reading, end: int) -> int:
    """The end of the clause naming the whole ('of the customers we lost, …'): what it says there is the base."""
    found = _CLAUSE_END.search(reading.masked, end)
    return found.start() if found else end


_RELATIVE = r"(?:who|that|which|whom|we|they|you)\b"
_RELATIVE_TAIL = re.compile(
    rf"(?P<noun>\b[a-z]+\s+)?{_RELATIVE}\s+(?:(?:has|have|had|ever|already|once|previously|since)\s+)*$"
)
_NOUN_TAIL = re.compile(r"(?P<noun>\b[a-z]+\s+)$")


def _without_relative_clause(before: str, said: str, nouns: set[str]) -> str:
    """'out of all customers who have ever churned', 'among everyone who has churned' (the person word read as the
    customers): the whole is the population its relative clause names, so the noun and the clause's pronoun and
    auxiliaries are taken off before the cue ('out of all') is looked for. The noun is one of the model's entity
    nouns or a person word ('everyone we have lost')."""
    relative = re.match(rf"\s*{_RELATIVE}", said)  # 'out of everyone + who left us' (a phrase of the model)
    found = (_NOUN_TAIL if relative else _RELATIVE_TAIL).search(before)
    noun = (found.group("noun") or "").strip() if found else ""
    if found is None or (noun and noun not in nouns and noun not in person_words()):
        return before
    return before[: found.start()]


def _named_whole(reading: Reading, match: Match, nouns: set[str]) -> bool:
    """'among churned customers', 'share of lost customers', '流失客户里', '投诉工单中' (an entity noun may follow the
    population's word). After 'share of' the phrase must end on a noun: in 'share of customers churned' the
    population is the verb's, and the customers are the whole."""
    following = next((m for m in reading.matches if m.start >= match.end), None)
    end = match.end
    if following is not None and following.of("entity") and reading.masked[end : following.start].strip() in ("", "的"):
        end = following.end
    if _WHOLE_AFTER.match(reading.masked[end:]):
        return True
    plain = reading.masked[: match.start]
    unclaused = _without_relative_clause(plain, match.text, nouns)
    before = _WHOLE_BEFORE.search(unclaused)
    if before is None:
        return False
    if re.search(r"(?:share|percent(?:age)?|proportion|fraction|%|pct)\s+of", before.group(0)):
        # 'the customers who churned', 'customers who have churned': a noun phrase, not the verb of the part
        relative = unclaused != plain or re.search(r"\b(?:who|that|which|whom|we|they|you)\b", match.text)
        return end > match.end or bool(relative) or (match.text.strip().split() or [""])[-1] in nouns
    return True


def share_split(reading: Reading, query: SemanticQuery, populations: set[str], nouns: set[str]) -> Split | None:
    """The base and part conditions of a share of one count whose population (`populations`: the counted metric
    and its segments) or another population the question names as the whole, or whose filter is said as the event's
    cause. `nouns`: the words of the model's entity nouns ('customers')."""
    filters = [f.model_dump(mode="json", exclude_none=True) for f in query.filters]
    segments = [s for s in query.segments if s not in populations]
    if not filters and not segments:
        return None
    said = [(f, _filter_matches(reading, f)) for f in filters]
    named = [(s, _population_mentions(reading, {s})) for s in segments]
    mentions = _population_mentions(reading, populations | set(segments))
    mentions += [m for _, found in said for m in found]  # 'A类客户中会员的比例': a value's rows as the whole
    wholes = [m for m in mentions if _named_whole(reading, m, nouns)]
    if wholes:
        end = _clause_end(reading, min(m.end for m in wholes))
        base_f = [f for f, found in said if any(m.end <= end for m in found)]
        base_s = [s for s, found in named if any(m.end <= end for m in found)]
        part_f, part_s = [f for f in filters if f not in base_f], [s for s in segments if s not in base_s]
        noun_only = all(not m.of("segment") and all(e.weak for e in m.of("metric")) for m in wholes)
        if noun_only and not base_f and not base_s:
            return None  # 'what % of orders were returned': the entity itself is the whole, the model's rate says it
        return Split(True, (base_f, base_s), (part_f, part_s)) if part_f or part_s else None
    caused = [f for f, found in said if any(_CAUSE_BEFORE.search(reading.masked[: m.start]) for m in found)]
    if caused:
        return Split(False, ([f for f in filters if f not in caused], segments), (caused, []))
    return None
