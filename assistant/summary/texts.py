"""Summaries of row lists (records) and of free-text analyses (themes)."""

from __future__ import annotations

from assistant.contracts import OTHER_THEME_ID, Theme, ThemeReport
from assistant.summary.context import Result
from assistant.summary.formatting import clean_text, fixed, format_share
from semantic_layer.errors import QueryError

_MOST_RECORDS = 3  # records named in a summary
_MOST_THEMES = 3
_MOST_DETAILS = 2  # values shown beside each named record


def records_sentences(result: Result) -> list[str]:
    """'10 customers, most recent first: C0000123 (2026-11-20, East), ...'."""
    order_index = _order_index(result)
    details = [i for i in range(1, len(result.columns)) if i != order_index]
    if order_index not in (None, 0):
        details.insert(0, order_index)
    items = []
    for row in result.rows[:_MOST_RECORDS]:
        shown = [result.cell(row, i) for i in details if i < len(row) and row[i] is not None][:_MOST_DETAILS]
        name = result.cell(row, 0)
        items.append(result.say("record", name=name, details=result.say("detail_sep").join(shown)) if shown else name)
    return [
        result.say(
            "records",
            count=fixed(len(result.rows), 0),
            entities=result.plural(_entity_label(result)),
            order=_order(result, order_index),
            items=result.say("list_sep").join(items),
        )
    ]


def _entity_label(result: Result) -> str:
    try:
        entity = result.model.dimension(result.columns[0].source)[0]
    except QueryError:
        return result.say("groups")
    return result.label(result.model.entities[entity].label)


def _order_index(result: Result) -> int | None:
    if not result.query.order_by:
        return None
    wanted = result.query.order_by[0].field
    for index, column in enumerate(result.columns):
        if wanted in (column.name, column.source) or column.source.endswith("." + wanted):
            return index
    return None


def _order(result: Result, index: int | None) -> str:
    if index is None:
        return ""
    column = result.columns[index]
    descending = result.query.order_by[0].direction == "desc"
    if column.format == "time":
        key = "order_recent" if descending else "order_oldest"
    else:
        key = "order_desc" if descending else "order_asc"
    return result.say(key, label=result.mid(result.dimension_label(column.source)))


def themes_sentences(result: Result, report: ThemeReport | None) -> list[str]:
    """Who wrote how many texts when, the top themes with shares, the lift against the comparison
    population and the change on the previous period for the top theme."""
    field = result.model.text_fields.get(result.query.text_field or "")
    texts = result.plural(result.label(field.label)) if field else result.say("texts")
    count = report.texts if report else _focus_rows(result)
    authors = ""
    if report and report.authors is not None:
        authors = result.say("themes_authors", count=fixed(report.authors, 0), authors=_author_noun(result))
    segments = result.query.segments
    key = "themes_head" if segments else "themes_head_all"
    population = result.segment_label("+".join(segments)) if segments else ""
    head = result.say(key, population=population, count=fixed(count, 0), texts=texts, authors=authors, **result.times())
    dated_by = _population_date(result)
    if dated_by and segments:  # the window dates the population (churn date), not the texts: say exactly that
        head = result.say("themes_head_population", population=population, field=result.mid(dated_by),
                          when=result.when(), count=fixed(count, 0), texts=texts, authors=authors)  # fmt: skip
    if report is None:
        return [head]
    named = [theme for theme in report.themes if theme.id != OTHER_THEME_ID]
    other = sum(theme.count for theme in report.themes if theme.id == OTHER_THEME_ID)
    ranked = sorted(named, key=lambda theme: -theme.count)[:_MOST_THEMES]
    if not ranked:
        return [head, result.say("themes_none")]
    items = [
        result.say("theme_item", label=result.mid(_theme_label(result, t)), share=format_share(t.share)) for t in ranked
    ]
    # Every text is accounted for: the named themes and "other" add up to the texts (DESIGN §10).
    accounted = result.say(
        "themes_accounted", count=fixed(count, 0), texts=texts, themes=fixed(len(named), 0), other=fixed(other, 0)
    )
    sentences = [head, accounted, result.say("themes_top", items=result.say("list_sep").join(items))]
    top = ranked[0]
    compared = result.query.compare.segments if result.query.compare else []
    comparison = report.comparison_label or next(iter(compared), None)
    if top.lift_vs_comparison is not None and comparison:
        lift = result.say("lift", value=fixed(top.lift_vs_comparison, 1))
        label = result.mid(_theme_label(result, top))
        sentences.append(
            result.say("themes_lift", comparison=result.mid(result.segment_label(comparison)), label=label, lift=lift)
        )
    if top.change_vs_previous is not None:
        points = fixed(abs(top.change_vs_previous) * 100, 1)
        moved = result.say("up" if top.change_vs_previous > 0 else "down", amount=result.say("points", value=points))
        if not any(ch in "123456789" for ch in points):
            moved = result.say("flat")
        sentences.append(result.say("themes_change", label=_theme_label(result, top), change=moved))
    return sentences


def _population_date(result: Result) -> str | None:
    """The label of the date the time range applies to when it is not the texts' own date, else None."""
    time_range, field = result.query.time_range, result.model.text_fields.get(result.query.text_field or "")
    if time_range is None or not time_range.field or field is None:
        return None
    own = f"{field.entity}.{field.time_dimension}" if field.time_dimension else None
    return result.dimension_label(time_range.field) if time_range.field != own else None


def _focus_rows(result: Result) -> int:
    """Texts of the focus population when no theme report came with the rows."""
    index = result.index("population")
    if index is None or not result.rows:
        return len(result.rows)
    focus = result.rows[0][index]
    return sum(1 for row in result.rows if row[index] == focus)


def _author_noun(result: Result) -> str:
    """The entity whose key identifies a text's author ('customers'), else 'authors'."""
    field = result.model.text_fields.get(result.query.text_field or "")
    for entity in result.model.entities.values():
        if field is not None and entity.primary_key == field.author_expr:
            return result.plural(result.label(entity.label))
    return result.say("authors")


def _theme_label(result: Result, theme: Theme) -> str:
    """The taxonomy's label in the summary's language; a discovered theme's label is data, so cleaned."""
    field = result.model.text_fields.get(result.query.text_field or "")
    for known in field.taxonomy if field else []:
        if known.id == theme.id:
            return result.label(known.label)
    return clean_text(theme.label)
