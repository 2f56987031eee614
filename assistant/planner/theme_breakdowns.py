"""Breakdowns said in a themes question: a population read as one, or a split themes cannot show.

Themes are read over one population's texts (DESIGN §3), so the planner's breakdowns never reach a themes query, and
before they were dropped without a word:
- 'summarise what members wrote in their survey comments': 'what' is the object of 'wrote', not a determiner of
  'members' ('what regions' would ask for a split). The population after it is whose texts are read: its segment
  applies. Before, 'members' was taken as a split by membership and dropped — every customer's comments were read.
- 'complaint themes by region', '按会员分看投诉主题': a split of the texts into groups, which one list of themes does not
  show. It is asked back (one group's themes, or the count of texts per group), never answered for everyone.
"""

from __future__ import annotations

import re

from assistant.contracts import Plan
from assistant.planner.lexicon import Match
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

# 'what members wrote', 'what churned customers said': 'what' / 'which' right before the population
_WHAT_BEFORE = re.compile(r"\b(?:what|which)\s+$")
# 'by city', 'for each channel', 'across regions', '按渠道', '各渠道', '每个城市': a split said in words
_SPLIT_BEFORE = re.compile(
    r"(?:\b(?:by|per|for\s+each|for\s+every|each|every|across)\s+(?:the\s+|our\s+|all\s+)?|按照?|各个?|每个?|分)\s*$"
)

_TEXT = {
    "en": "Themes are read over one group's texts, so I can't split them by {field}. Do you want the themes of one "
    "{field}{example}, or the number of texts per {field}?",
    "zh": "主题分析针对一组文本,无法按{field}拆分。您要的是某一个{field}{example}的主题,还是按{field}统计文本数量?",
}
_EXAMPLE = {"en": " (e.g. {value})", "zh": "(例如{value})"}


def populations(model: SemanticModel, reading: Reading) -> list[str]:
    """The segments named right after 'what' / 'which' where a breakdown was read: whose texts are asked about."""
    return [
        entry.target
        for _, match in reading.breakdowns
        for entry in match.of("segment")[:1]
        if _WHAT_BEFORE.search(_before_populations(reading, match)) and entry.target in model.segments
    ]


def unthemed_split(model: SemanticModel, reading: Reading) -> Plan | None:
    """A question back for a breakdown of the texts other than such a population."""
    taken = set(populations(model, reading))
    valued = {e.target for entries, _, _ in reading.values for e in entries}  # 'tier A': a filter, no split
    for candidates, match in reading.breakdowns:
        if any(e.target in taken for e in match.of("segment")) or valued & set(candidates):
            continue
        if not _SPLIT_BEFORE.search(_before_populations(reading, match)):
            continue  # only a split said as one ('by', '按', 'each'); a word read as a breakdown otherwise is left alone
        texts = {f.entity for f in model.text_fields.values()}  # '按渠道': the channel of the texts' rows
        field = model.dimension(next((c for c in candidates if c.partition(".")[0] in texts), candidates[0]))[1]
        label = getattr(field.label, reading.language) if field.label else match.text.strip()
        label = label if reading.language == "zh" else label.lower()
        value = next(iter(field.sample_values), None)
        said = field.chinese_value(value) if value is not None and reading.language == "zh" else value
        example = _EXAMPLE[reading.language].format(value=said) if said else ""
        text = _TEXT[reading.language].format(field=label, example=example)
        return Plan(status="clarify", clarification=text, planner="offline")
    return None


def _before_populations(reading: Reading, match: Match) -> str:
    """The text before `match` without the values and populations said right before it ('what Beijing members')."""
    start = match.start
    for before in reversed([m for m in reading.matches if m.end <= match.start]):
        if reading.masked[before.end : start].strip() or not (before.of("value") or before.of("segment")):
            break
        start = before.start
    return reading.masked[:start]
