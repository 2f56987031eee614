"""A count phrase of the model used as the population of a Chinese question: '今年新增客户中有多少人投诉过'.

'新增客户' is the model's phrase for a plain count of customers by their signup date. Before '里 / 中 / 当中 … 有多少'
it names who is counted, not a second number: the question asks how many of this year's new customers complained
(ever), while the plan answered the two counts side by side. Spelled '新增的客户' the same question was already read
as that cohort (the period dates the signup, the verb after '有多少' is a semi-join on its rows), so the phrase is read
in that spelling: the event word, 的, then the entity's noun. Only a count of every row of an entity by its own date
qualifies (new customers, not churned customers, which is a segment and read as one already), and only with the
period that makes it a cohort right before it.
"""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

__all__ = ["count_phrase_cohorts"]

_AMONG_COUNT = re.compile(r"\s*(?:里面|里|当中|之中|中)\s*[,，]?\s*(?:有|的)?\s*(?:多少|几)")


def count_phrase_cohorts(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, '<event word>的<noun>') for a plain dated count phrase right before '里/中 … 有多少'."""
    model = lexicon.model
    found: list[tuple[int, int, str]] = []
    for match in reading.matches:
        if match.of("segment") or not _AMONG_COUNT.match(reading.masked, match.end) or not _dated(reading, match.start):
            continue
        for entry in match.of("metric"):
            entity = _plainly_counted(model, entry.target)
            noun = _ending_noun(model, entity, match.text) if entity else None
            if noun:
                found.append((match.start, match.end, f"{match.text[: -len(noun)]}的{noun}"))
                break
    return found


def _dated(reading: Reading, start: int) -> bool:
    """Whether a time phrase ends right before the phrase ('今年新增客户'): a cohort needs its period; with none,
    '新增客户中' names no cohort and is left to the other readings."""
    return any(t.span[1] <= start and not reading.text[t.span[1] : start].strip(" 的") for t in reading.times)


def _plainly_counted(model: SemanticModel, metric: str) -> str | None:
    """The entity a metric counts every row of, by the entity's own date ('new customers' by signup date)."""
    measure_name = getattr(model.metrics[metric], "measure", None)
    if not isinstance(measure_name, str) or getattr(model.metrics[metric], "segments", None):
        return None
    owner, measure = model.measure(measure_name)
    return owner if measure.agg == "count" and not measure.filter and measure.agg_time_dimension else None


def _ending_noun(model: SemanticModel, entity: str, text: str) -> str | None:
    """The Chinese noun of the entity the phrase ends with, after an event word ('新增客户' -> '客户')."""
    nouns = [model.entities[entity].label.zh, *model.entities[entity].synonyms]
    endings = [n for n in nouns if n and not n.isascii() and text.endswith(n) and len(text) > len(n)]
    return max(endings, key=len) if endings else None
