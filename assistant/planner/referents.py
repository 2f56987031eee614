"""Words of a follow-up that point back at the previous answer's groups or measure.

- 'ok and how many low-CSAT responses for each?', '那投诉数分别是多少？': a bare 'for each / each / respectively / 分别 /
  各自' (no field named after it) after an answer with a breakdown asks the new measure for each of those groups — a
  follow-up keeping the breakdown, the filters and the period, not a fresh question over everything.
- 'how many low scores (5 or under) for each?' after 'avg CSAT by touchpoint': 'scores' / 'ratings' / '分数' / '评分'
  alone name the one number column the previous measure reads (csat_score), read as a correction to that column's
  name. With no previous measure, or one reading several number columns, nothing is read and the word is asked back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.contracts import Language, Turn
from assistant.planner.messages import assumption
from assistant.planner.reading import Reading
from assistant.planner.scores import number_columns
from semantic_layer import SemanticModel, SemanticQuery

_BARE_EACH = re.compile(
    r"(?:\bfor each(?: (?:one|of them|of those|group))?|\beach(?: (?:one|of them|of those))?|\brespectively|\bper group"
    r"|\bin each(?: (?:one|group))?|分别|各自|各有|每个|每一个)\s*(?:是|有)?\s*(?:多少|几个)?\s*(?:呢|吗)?\s*[?？.。!！]*\s*$"
)
_SCORE_WORD = re.compile(r"\b(?:scores?|ratings?)\b|分数|评分|打分")


def previous_query(history: Sequence[Turn]) -> SemanticQuery | None:
    return next((turn.query for turn in reversed(history) if turn.query is not None), None)


def each_of_previous(reading: Reading, previous: SemanticQuery | None) -> bool:
    """A bare 'for each' after an answer with groups: the same groups for the measure now asked."""
    if previous is None or previous.kind != "metrics" or not previous.dimensions or reading.breakdowns:
        return False
    return bool(_BARE_EACH.search(reading.masked))


def score_fixes(reading: Reading, history: Sequence[Turn], model: SemanticModel) -> list[tuple[int, int, str]]:
    """(start, end, column phrase) for bare score words that name the previous measure's one number column."""
    previous = previous_query(history)
    if previous is None or previous.kind != "metrics":
        return []
    columns = {c for m in previous.metrics if m in model.metrics for c in number_columns(model, m)}
    if len(columns) != 1:
        return []
    (column,) = columns
    _, dim = model.dimension(column)
    label = dim.label.zh if reading.language == "zh" and dim.label else (dim.label.en.lower() if dim.label else "")
    if not label:
        return []
    fixes: list[tuple[int, int, str]] = []
    for hit in _SCORE_WORD.finditer(reading.masked):
        if any(m.start < hit.end() and hit.start() < m.end for m in reading.matches):
            continue  # 'nps score', '满意度评分': a phrase of the model already
        fixes.append((hit.start(), hit.end(), label))
    return fixes


def for_each_group(
    query: SemanticQuery, previous: SemanticQuery, language: Language, assumptions: list[str]
) -> SemanticQuery:
    """The question planned on its own, given the previous answer's groups (and its period and filters when it
    names none): 'and how many low-CSAT responses for each?' after 'avg CSAT by touchpoint over the last 6 months'."""
    if query.kind != "metrics" or query.dimensions:
        return query
    update: dict[str, object] = {"dimensions": list(previous.dimensions)}
    kept = [d.name for d in previous.dimensions]
    if query.time_range is None and previous.time_range is not None:
        update["time_range"] = previous.time_range.model_copy(update={"field": None})
        kept.append(previous.time_range.label or f"{previous.time_range.start}..{previous.time_range.end}")
    if not query.filters and not query.segments and (previous.filters or previous.segments):
        update |= {"filters": list(previous.filters), "segments": list(previous.segments)}
        kept += [f.field for f in previous.filters] + list(previous.segments)
    ranked = [o.field for o in previous.order_by if o.field in previous.metrics] if previous.limit else []
    if ranked:  # 'how many customers in each' after the top 5 cities: the same 5 cities, ranked as before
        update |= {"metrics": [*query.metrics, *[m for m in ranked if m not in query.metrics]],
                   "order_by": list(previous.order_by), "limit": previous.limit}  # fmt: skip
        kept.append(f"top {previous.limit} by {', '.join(ranked)}")
    assumptions.append(assumption(language, "kept_from_previous", kept="; ".join(kept)))
    return query.model_copy(update=update)
