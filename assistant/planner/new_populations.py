"""'今年注册的新客户上个月贡献了多少销售额', '本季度新客户的投诉数', 'complaints from new customers this quarter': a count of new
entities (the model's second name for an entity's plain count, dated by its entry date: `new_customers`) said as the
people another measure is counted over is that population, dated by its entry date, not a second measure.

Read as a measure, the question answered two numbers for one period (new customers, and everyone's complaints: the
population dropped) or asked back for two periods. Its words are read as the entity noun of those who signed up
(shorthand.yml `en_cohort` / `zh_cohort`), so the dating rules date the population and the other period, if any, the
measure. Only beside a measure of another entity the population reaches ('the new customers' complaints'); a count of
new customers alone, or with other counts of the same entity, keeps its reading.
"""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.reading import Reading
from assistant.planner.shaping import _reachable
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.model import SimpleMetric

__all__ = ["new_population_fixes"]

# the event word said right before the new entities already ('今年注册的新客户', 'who signed up as new customers')
_ZH_EVENT_BEFORE = re.compile(r"注册\s*的?\s*$")


def new_population_fixes(reading: Reading, lexicon: Lexicon, phrases: dict[str, str]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for each count of new entities said as the population of another measure;
    `phrases` gives, per language, the words for those who signed up ('customers who signed up')."""
    model = lexicon.model
    fixes: list[tuple[int, int, str]] = []
    for match in reading.matches:
        dated = [e.target for e in match.of("metric") if _new_count(lexicon, e.target)]
        if not dated or len(match.of("metric")) != len(match.entries):
            continue
        entity = model.metrics[dated[0]].measure.partition(".")[0]  # type: ignore[union-attr]
        others = [m for m in reading.metrics if m != dated[0]]
        if not others or not all(_measured_over(lexicon, m, entity) for m in others):
            continue
        if not any(_owns(reading, match, other) for other in reading.matches if set(_metrics(other)) & set(others)):
            continue  # 'revenue and new customers last month': two measures side by side
        if not any(_touches(reading, match, period.span) for period in reading.times):
            continue  # 'revenue from new customers last month': new since when? left to the measures' reading
        said = phrases.get(reading.language, "")
        if reading.language == "zh" and _ZH_EVENT_BEFORE.search(reading.text[: match.start]):
            said = said.rpartition("的")[2]  # '注册的新客户' -> '注册的客户'
        if said:
            fixes.append((match.start, match.end, said))
    return fixes


# words that only join two measures ('revenue and new customers', '新客户和投诉数')
_JOINED = re.compile(r"^[\s,，、;；:：]*(?:and|&|plus|as\s+well\s+as|和|与|跟|及|以及|还有|、|，|,)?[\s,，、]*$")
_ZH_VERB_ASPECT = re.compile(r"\s*(?:了|过)")
# the population after the measure it is counted over: 'complaints from new customers', 'revenue of our new customers'
# or its subject after an auxiliary: 'how much revenue did new customers bring in'
_OVER = re.compile(
    r"\b(?:from|by|of|among|for|made\s+by|placed\s+by|did|do|does|have|has|had)\s+(?:the\s+|our\s+|all\s+)?$"
)


def _metrics(match: Match) -> list[str]:
    return [e.target for e in match.of("metric")]


def _owns(reading: Reading, population: Match, measure: Match) -> bool:
    """Whether the new entities are said as the people the measure is counted over, not as a measure beside it."""
    if population.end <= measure.start:
        gap = reading.text[population.end : measure.start]
        # '新客户，投诉了多少次': the measure's word used as the verb of the population, its subject
        return not _JOINED.match(gap) or bool(_ZH_VERB_ASPECT.match(reading.text[measure.end :]))
    if measure.end <= population.start:
        return bool(_OVER.search(reading.masked[measure.end : population.start]))
    return False


# between new entities and the period they came in: 'new customers (acquired / signed up) in Q3', '今年(注册的)新客户'
_EN_CAME_IN = re.compile(
    r"^\s*(?:(?:who\s+|that\s+)?(?:joined|signed\s+up|came|arrived|acquired|added)\s*)?(?:from\s+)?$"
)
_ZH_CAME_IN = re.compile(r"^\s*(?:新?注册的?|新?加入的?|的)?\s*$")


def _touches(reading: Reading, population: Match, span: tuple[int, int]) -> bool:
    """Whether a period is said right against the new entities, dating them ('本季度新客户', 'new customers this
    quarter', 'new customers acquired in 2025')."""
    if span[1] <= population.start:
        return bool(_ZH_CAME_IN.match(reading.text[span[1] : population.start]))
    if population.end <= span[0]:
        return bool(_EN_CAME_IN.match(reading.text[population.end : span[0]]))
    return False


def _new_count(lexicon: Lexicon, name: str) -> bool:
    """A plain count of an entity's rows under another name than its own count ('new_customers' beside 'customers'),
    dated by the entity's entry date."""
    metric = lexicon.model.metrics[name]
    if not isinstance(metric, SimpleMetric) or metric.segments or metric.snapshot:
        return False
    entity = metric.measure.partition(".")[0]
    own = lexicon.count_metric.get(entity)
    if own is None or own == name:
        return False
    own_metric = lexicon.model.metrics[own]
    return isinstance(own_metric, SimpleMetric) and own_metric.measure == metric.measure


def _measured_over(lexicon: Lexicon, name: str, entity: str) -> bool:
    """A measure of rows of another entity that the population reaches (orders, complaints of customers)."""
    owners = {leaf(lexicon.model, n).entity for n in leaf_names(lexicon.model, name)}
    return bool(owners) and all(o != entity and _reachable(lexicon.model, o, entity) for o in owners)
