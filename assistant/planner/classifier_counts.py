"""'今年的工单都是从哪些渠道进来的？…各多少单': a count said with a Chinese measure word ('多少单', '几单') counts the
rows of the entity the question names when that entity's noun ends in the same measure word ('工单' — 单 is the
classifier of a ticket as much as of an order). The model lists '多少单' as a synonym of the order count because
'单' alone is an order; beside a named noun of another entity the measure word counts that noun's rows, and the
order count would answer another question (and join a field of one entity to the rows of another)."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Entry, Lexicon, Match
from semantic_layer.model import SimpleMetric

# a count word before a measure word: '多少单', '几单', '各多少单'
_COUNT_OF = re.compile(r"(?:多少|几)([\u4e00-\u9fff])")


def counted_by_named_noun(lexicon: Lexicon, matches: list[Match]) -> list[Match]:
    """The matches, with a measure-word count of one entity read as the count of the other entity the question names
    whose noun ends in that measure word; unchanged when no such noun is named, or when it names the same entity."""
    result: list[Match] = []
    for match in matches:
        result.append(_recounted(lexicon, match, matches) or match)
    return result


def _recounted(lexicon: Lexicon, match: Match, matches: list[Match]) -> Match | None:
    said = _COUNT_OF.fullmatch(match.text.strip())
    counts = [e for e in match.entries if e.kind == "metric"]
    if said is None or len(counts) != 1 or len(match.entries) != 1:
        return None
    own = _entity_of(lexicon, counts[0].target)
    nouns = {
        e.target
        for m in matches
        if m is not match and m.text.strip().endswith(said.group(1))
        for e in m.of("entity")
        if e.target != own
    }
    if len(nouns) != 1:
        return None
    metric = lexicon.count_metric.get(next(iter(nouns)))
    return Match(match.start, match.end, match.text, (Entry("metric", metric),)) if metric else None


def _entity_of(lexicon: Lexicon, metric: str) -> str | None:
    found = lexicon.model.metrics.get(metric)
    return found.measure.partition(".")[0] if isinstance(found, SimpleMetric) else None
