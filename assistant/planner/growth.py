"""Change between periods. A ranking by change ('which region grew the most', '哪个品类下降最多') after a comparison
with the previous period orders by the metric's change (`<metric>_change`); with one period it is asked back — a
ranking by the level would answer another question. Growth asked of one period ('how fast is revenue growing',
'哪个大区的销售额增长最多' with no comparison): a word of change (grow, growth, increase, decline, 增长, 增速, 涨幅,
下降 …) compares periods; a plan with no comparison and no series over time answers a level, not its change — asked
back, naming what would answer it. With a series or a comparison the change is in the answer and nothing is asked.
"""

from __future__ import annotations

import re

from assistant.contracts import Language, Plan
from assistant.planner import cues
from assistant.planner.messages import assumption, clarify, suggestions
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.query import CHANGE_SUFFIX

CHANGE = re.compile(
    r"\b(?:grow|grows|grew|grown|growing|growth|increase[sd]?|increasing|decrease[sd]?|decreasing|decline[sd]?"
    r"|declining|rise|rises|rising|rose|risen|drop(?:ped|ping)?|shrink|shrank|shrinking)\b"
    r"|增长|增速|增幅|涨幅|涨了|上涨|下降|下滑|降幅|减少了|跌了|增加了"
)
_TEXT: dict[Language, str] = {
    "en": "'{word}' asks how the number changed, which needs two periods. Shall I compare with the previous period "
    "(e.g. 'this month vs last month') or show a series (e.g. 'by month')?",
    "zh": "“{word}”问的是变化,需要两个时期。要和上一期对比(例如“本月和上月比”),还是按时间看趋势(例如“按月”)?",
}


def unchanged(model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language) -> Plan | None:
    """A clarify plan when a word of change meets a plan with no comparison and no series over time."""
    if query.kind != "metrics" or query.compare is not None or any(d.grain for d in query.dimensions):
        return None
    inside = [(m.start, m.end) for m in reading.matches]
    # 'a price increase', '价格上涨': a change said of a value names that value (a churn reason), no period
    valued = [m.end for m in reading.matches if m.of("value")]
    found = next(
        (
            f
            for f in CHANGE.finditer(reading.masked)
            if not any(a <= f.start() < b for a, b in inside)
            and not any(not reading.masked[end : f.start()].strip() for end in valued if end <= f.start())
        ),
        None,
    )
    if found is None:
        return None
    return clarify(language, _TEXT[language].format(word=found.group(0)), suggestions(model, language))


_BETTER_WORSE = re.compile(r"improv|better|改善|变好|提升|worse|恶化|变差")


def ranked_by_change(
    model: SemanticModel, reading: Reading, query: SemanticQuery, language: Language
) -> SemanticQuery | Plan:
    rise, fall = cues.RISE_MOST.search(reading.masked), cues.FALL_MOST.search(reading.masked)
    if not (rise or fall) or query.kind != "metrics" or not query.dimensions:
        return query
    compared = query.compare is not None and query.compare.previous_period
    if not compared:
        return clarify(language, assumption(language, "change_needs_periods"), [])
    metric = next((o.field for o in query.order_by if o.field in query.metrics), query.metrics[0])
    up = bool(rise)
    said = (rise or fall).group(0)  # type: ignore[union-attr]
    if _BETTER_WORSE.search(said) and not model.metrics[metric].higher_is_better:  # churn 'got worse': went up
        up = not up
    order = {"field": f"{metric}{CHANGE_SUFFIX}", "direction": "desc" if up else "asc"}
    ranked = query.model_dump(mode="json", exclude_none=True) | {"order_by": [order], "limit": query.limit or 1}
    return SemanticQuery.model_validate(ranked)


def note(query: SemanticQuery, language: Language) -> list[str]:
    """Said in the assumptions when the ranking is by a change."""
    if not any(o.field.endswith(CHANGE_SUFFIX) for o in query.order_by):
        return []
    return [assumption(language, "ranked_by_change")]
