"""Answers as HTML fragments for the chat. Every text from data, the model or an LLM is escaped here.

Nothing is rendered as Markdown, so a complaint reading `![x](http://evil/t.png)` stays text. Theme quotes
arrive HTML-escaped from the themes stage; they are unescaped once and escaped again, never twice.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

from assistant.contracts import Answer, Language
from assistant.summary.formatting import fixed
from assistant.ui.i18n import t
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.model import Label, SimpleMetric

STEPS = ("plan", "sql", "run", "themes", "summary")
STEP_MARKS = {"done": "✓", "active": "", "todo": "", "skipped": "–", "failed": "!"}
STAGES = ("plan", "compile", "guard", "execute", "themes", "summarize")


def esc(value: object) -> str:
    """Text as inert HTML: `<`, `>`, `&` and quotes become entities."""
    return html.escape(str(value), quote=True)


def _label(label: Label, language: Language) -> str:
    return label.zh if language == "zh" else label.en


def progress_html(states: dict[str, str], language: Language) -> str:
    """The pipeline steps as a row of chips: done, active (spinner), to do, or skipped."""
    items = []
    for step in STEPS:
        state = states.get(step)
        if state is None:
            continue
        mark = STEP_MARKS.get(state, "")
        items.append(
            f'<li class="cb-step cb-step-{esc(state)}"><span class="cb-step-mark">{mark}</span>'
            f"{esc(t(language, 'step_' + step))}</li>"
        )
    return f'<ol class="cb-steps" aria-label="progress">{"".join(items)}</ol>' if items else ""


def welcome_html(language: Language) -> str:
    return (
        f'<div class="cb-card cb-welcome"><h3>{esc(t(language, "welcome_title"))}</h3>'
        f"<p>{esc(t(language, 'welcome_body'))}</p></div>"
    )


def working_html(language: Language) -> str:
    return f'<div class="cb-working">{esc(t(language, "working"))}</div>'


def message_html(title: str, message: str, kind: str = "error") -> str:
    """A friendly notice (error, clarification, refusal): a title and one paragraph, both escaped."""
    return (
        f'<div class="cb-card cb-notice cb-{esc(kind)}" role="status"><h3>{esc(title)}</h3><p>{esc(message)}</p></div>'
    )


def summary_html(answer: Answer, language: Language) -> str:
    """The answer's lead: the summary when answered, else what went wrong or what to ask instead."""
    if answer.status == "answered":
        parts = [f'<p class="cb-summary-text">{esc(answer.summary)}</p>'] if answer.summary else []
        if not answer.rows and not answer.themes:
            parts.append(f'<p class="cb-note">{esc(answer.message or t(language, "no_rows"))}</p>')
        elif answer.truncated:
            parts.append(f'<p class="cb-note">{esc(t(language, "truncated", total=f"{answer.row_count:,}"))}</p>')
        return f'<div class="cb-card cb-answer">{"".join(parts)}</div>'
    titles = {"clarify": "clarify_title", "unsupported": "unsupported_title", "refused": "refused_title"}
    title = t(language, titles.get(answer.status, "error_title"))
    kind = "clarify" if answer.status in ("clarify", "unsupported") else "error"
    # The planner's suggestions show once, as the follow-up buttons under the question box.
    return message_html(title, answer.message or t(language, "internal_error"), kind)


def heading(title: str) -> str:
    return f'<h4 class="cb-heading">{esc(title)}</h4>'


def assumptions_html(answer: Answer, language: Language) -> str:
    """The resolved dates, population, filters and definitions the answer assumed, and the planner used."""
    lines = list(answer.assumptions)
    if not lines:
        return heading(t(language, "assumptions")) + f'<p class="cb-note">{esc(t(language, "no_assumptions"))}</p>'
    items = "".join(f"<li>{esc(line)}</li>" for line in lines)
    planner = answer.plan.planner if answer.plan else None
    tail = f'<p class="cb-note">{esc(t(language, "planner", planner=planner))}</p>' if planner else ""
    return heading(t(language, "assumptions")) + f'<ul class="cb-list">{items}</ul>{tail}'


def definitions_html(model: SemanticModel, query: SemanticQuery | None, language: Language) -> str:
    """The definitions an answer relies on: its metrics (with their formula), segments and text field."""
    title = heading(t(language, "definitions"))
    if query is None:
        return title + f'<p class="cb-note">{esc(t(language, "no_definitions"))}</p>'
    rows = [_metric_definition(model, name, language) for name in query.metrics if name in model.metrics]
    for name in query.segments:
        segment = model.segments.get(name)
        if segment is not None:
            formula = segment.filter or ""
            rows.append(_definition_row(_label(segment.label, language), name, segment.description, formula))
    if query.text_field and query.text_field in model.text_fields:
        field = model.text_fields[query.text_field]
        rows.append(
            _definition_row(_label(field.label, language), query.text_field, field.description, field.filter or "")
        )
    if not rows:
        return title + f'<p class="cb-note">{esc(t(language, "no_definitions"))}</p>'
    return title + f'<dl class="cb-definitions">{"".join(rows)}</dl>'


def _metric_definition(model: SemanticModel, name: str, language: Language) -> str:
    metric = model.metrics[name]
    if isinstance(metric, SimpleMetric):
        entity, measure = model.measure(metric.measure)
        target = "*" if measure.expr is None else measure.expr
        agg = f"COUNT(DISTINCT {target})" if measure.agg == "count_distinct" else f"{measure.agg.upper()}({target})"
        formula = f"{agg} FROM {model.entities[entity].table}"
        formula += f" WHERE {measure.filter}" if measure.filter else ""
        formula += "".join(f" [{segment}]" for segment in metric.segments)
    elif metric.type == "ratio":
        numerator, denominator = model.metric(metric.numerator), model.metric(metric.denominator)
        formula = f"{_label(numerator.label, language)} ÷ {_label(denominator.label, language)}"
    else:
        formula = metric.expr
    return _definition_row(_label(metric.label, language), name, metric.description, formula, metric.format)


def _definition_row(label: str, name: str, description: str, formula: str, fmt: str | None = None) -> str:
    meta = f' <span class="cb-tag">{esc(fmt)}</span>' if fmt else ""
    code = f"<code>{esc(formula)}</code>" if formula else ""
    return (
        f'<dt>{esc(label)} <span class="cb-name">{esc(name)}</span>{meta}</dt>'
        f"<dd>{esc(description)}{'<br>' if description and code else ''}{code}</dd>"
    )


def timings_html(timings: dict[str, float], language: Language) -> str:
    cells = []
    for stage in STAGES:
        value = timings.get(stage, 0.0)
        if value > 0:
            cells.append(f"<tr><th>{esc(t(language, 'stage_' + stage))}</th><td>{fixed(value, 1)} ms</td></tr>")
    total = timings.get("total", 0.0)
    cells.append(f'<tr class="cb-total"><th>{esc(t(language, "stage_total"))}</th><td>{fixed(total, 1)} ms</td></tr>')
    return heading(t(language, "timings")) + f'<table class="cb-timings">{"".join(cells)}</table>'


def rows_note(shown: int, total: int, language: Language) -> str:
    if total == 1:
        return t(language, "rows_one")
    if shown < total:
        return t(language, "rows_shown", shown=f"{shown:,}", total=f"{total:,}")
    return t(language, "rows_all", total=f"{total:,}")


def model_browser_html(model: SemanticModel, language: Language, needle: str = "") -> str:
    """The semantic model for a reader: metrics, segments, dimensions per entity and free-text fields."""
    match = _matcher(needle)
    sections = []
    metrics = [
        _browser_row(_label(m.label, language), name, m.description, m.synonyms, m.format)
        for name, m in model.metrics.items()
        if not m.hidden and match(name, m.label, m.description, m.synonyms)
    ]
    sections.append(_browser_section(t(language, "metrics"), metrics))
    segments = [
        _browser_row(_label(s.label, language), name, s.description, s.synonyms, None)
        for name, s in model.segments.items()
        if match(name, s.label, s.description, s.synonyms)
    ]
    sections.append(_browser_section(t(language, "segments"), segments))
    for entity_name, entity in model.entities.items():
        dimensions = [
            _browser_row(
                _label(d.label, language) if d.label else name,
                f"{entity_name}.{name}",
                d.description,
                d.synonyms,
                d.type,
            )
            for name, d in entity.dimensions.items()
            if not d.pii and match(f"{entity_name}.{name}", d.label, d.description, d.synonyms)
        ]
        title = f"{t(language, 'dimensions')} · {_label(entity.label, language)}"
        sections.append(_browser_section(title, dimensions))
    fields = []
    for name, field in model.text_fields.items():
        themes = [_label(theme.label, language) for theme in field.taxonomy]
        if match(name, field.label, field.description, field.synonyms + themes):
            listed = t(language, "themes_listed", count=len(themes)) + (": " + ", ".join(themes) if themes else "")
            fields.append(
                _browser_row(
                    _label(field.label, language), name, f"{field.description} {listed}".strip(), field.synonyms, None
                )
            )
    sections.append(_browser_section(t(language, "text_fields"), fields))
    body = "".join(section for section in sections if section)
    return f'<div class="cb-model">{body or "<p class=cb-note>" + esc(t(language, "no_match")) + "</p>"}</div>'


def _matcher(needle: str) -> Callable[[str, Label | None, str, Iterable[str]], bool]:
    """Whether an entry matches every word of the filter, in its name, labels, description or synonyms."""
    words = (needle or "").casefold().split()

    def match(name: str, label: Label | None, description: str, synonyms: Iterable[str]) -> bool:
        if not words:
            return True
        haystack = " ".join([name, label.en if label else "", label.zh if label else "", description, *synonyms])
        return all(word in haystack.casefold() for word in words)

    return match


def _browser_row(label: str, name: str, description: str, synonyms: Sequence[str], kind: str | None) -> str:
    tag = f' <span class="cb-tag">{esc(kind)}</span>' if kind else ""
    shown = ", ".join(synonyms[:12]) + (" …" if len(synonyms) > 12 else "")
    synonyms_html = f'<div class="cb-synonyms">{esc(shown)}</div>' if synonyms else ""
    return (
        f'<tr><td><strong>{esc(label)}</strong><div class="cb-name">{esc(name)}</div>{tag}</td>'
        f"<td>{esc(description)}{synonyms_html}</td></tr>"
    )


def _browser_section(title: str, rows: list[str]) -> str:
    if not rows:
        return ""
    return f'<section class="cb-model-section"><h3>{esc(title)}</h3><table>{"".join(rows)}</table></section>'
