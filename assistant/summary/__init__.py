"""Template summaries in English and Chinese, grounded in the result (DESIGN §3, §8).

A summary leads with the answer in one to four short sentences of plain text. Every number in it comes
from the rows, the theme report or what the question stated; `summarize` checks this with `grounded`
before returning and falls back to a sentence without numbers if a template ever breaks the rule.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from assistant.contracts import Language, ThemeReport
from assistant.summary.context import Result, stated_by
from assistant.summary.formatting import fixed, format_value
from assistant.summary.grounding import Stated, grounded, numbers_in
from assistant.summary.metrics import metrics_sentences
from assistant.summary.templates import TEXT
from assistant.summary.texts import records_sentences, themes_sentences
from semantic_layer import OutputColumn, SemanticModel, SemanticQuery
from semantic_layer.errors import QueryError

__all__ = ["Stated", "format_value", "grounded", "numbers_in", "stated_by", "summarize"]

logger = logging.getLogger(__name__)


def summarize(
    *,
    model: SemanticModel,
    query: SemanticQuery,
    columns: Sequence[OutputColumn],
    rows: Sequence[Sequence[Any]],
    language: Language,
    truncated: bool = False,
    themes: ThemeReport | None = None,
    time_label: str | None = None,
    partial_last: bool = False,
) -> str:
    """The summary of a result; `time_label` names the time range in `language` ('最近3个月');
    `partial_last`: the last period of a series is still running, so it is not compared with full ones."""
    result = Result(model, query, columns, rows, language, truncated, time_label, partial_last)
    text = compose(result, themes)
    if grounded(text, rows=rows, themes=themes, stated=stated_by(model, query, time_label)):
        return text
    logger.warning("template summary not grounded in the result, replaced: %r", text)
    return TEXT[language]["fallback"]


def compose(result: Result, themes: ThemeReport | None) -> str:
    """The summary's sentences, joined; not yet checked against the result."""
    if result.query.kind == "themes":
        has_texts = themes.texts > 0 if themes is not None else bool(result.rows)
        sentences = themes_sentences(result, themes) if has_texts else []
    elif not result.rows:
        sentences = []
    elif result.query.kind == "records":
        sentences = records_sentences(result)
    else:
        sentences = metrics_sentences(result)
    if not sentences:
        sentences = [_empty(result)]
    if result.truncated and result.rows:
        sentences.append(result.say("truncated", count=fixed(len(result.rows), 0)))
    if result.language == "zh":
        return "".join(sentences)
    # A sentence may open with a data value ('electronics had the highest revenue').
    return " ".join(s[:1].upper() + s[1:] if s[:1].isascii() else s for s in sentences)


def _empty(result: Result) -> str:
    """'No complaints matched: churned customers, 2026-08-23 to 2026-11-22.'"""
    query = result.query
    if query.kind == "themes":
        field = result.model.text_fields.get(query.text_field or "")
        what = result.plural(result.label(field.label)) if field else result.say("texts")
    elif query.kind == "records":
        try:
            entity = result.model.dimension(query.dimensions[0].name)[0]
            what = result.plural(result.label(result.model.entities[entity].label))
        except QueryError:
            what = result.say("groups")
    else:
        metric = query.metrics[0]
        definition = result.model.metrics.get(metric)
        label = result.metric_label(metric)
        counted = definition is not None and definition.format == "integer"
        what = result.mid(label) if counted else result.say("empty_metric", metric=result.mid(label))
    items = result.conditions()
    conditions = result.say("conditions", items=result.say("condition_sep").join(items)) if items else ""
    return result.say("empty", what=what, conditions=conditions)
