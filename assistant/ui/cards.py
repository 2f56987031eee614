"""HTML of an answer's display values: the table, the chart image, the theme cards, and the conversation's
earlier answers as collapsed cards. Every text is escaped here; values arrive formatted (ui/display.py)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from assistant.contracts import Answer, Language, detect_language
from assistant.ui import svgchart
from assistant.ui.display import AnswerDisplay, ChartData, TableData, ThemeFacts
from assistant.ui.i18n import t

QUOTES_PER_THEME = 3
OPEN_QUOTES = 3  # themes whose quotes show at once; the others' quotes open on a click
CARD_ROWS = 12  # rows of an earlier answer's table in its card


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def quote_text(quote: str) -> str:
    """A quote the themes stage already escaped: decoded once, escaped once (no visible `&amp;lt;`)."""
    return esc(html.unescape(quote))


def table_html(table: TableData | None, *, max_rows: int | None = None, table_id: str | None = None) -> str:
    """The answer's table: headers in the answer's language, numbers right-aligned, ranked rows highlighted."""
    if table is None or not table.rows:
        return ""
    head = "".join(
        f'<th class="{"cb-num" if numeric else ""}" scope="col">{esc(label)}</th>'
        for label, numeric in zip(table.headers, table.numeric, strict=True)
    )
    rows = []
    for index, row in enumerate(table.rows[:max_rows] if max_rows else table.rows):
        cells = "".join(
            f'<td class="{"cb-num" if numeric else ""}">{esc(cell)}</td>'
            for cell, numeric in zip(row, table.numeric, strict=False)
        )
        marked = ' class="cb-top"' if index in table.highlight else ""
        rows.append(f"<tr{marked}>{cells}</tr>")
    ident = f' id="{esc(table_id)}"' if table_id else ""
    return (
        f'<div class="cb-table-wrap"><table class="cb-table"{ident}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def chart_html(chart: ChartData | None, kind: str | None = None, sort: str | None = None) -> str:
    """The chart as an image of our own SVG (nothing in it runs or loads); empty without a chart."""
    if chart is None:
        return ""
    svg = svgchart.render(chart, kind, sort)
    return (
        f'<figure class="cb-chart"><img class="cb-chart-img" alt="{esc(chart.title)}" '
        f'src="{svgchart.data_uri(svg)}"></figure>'
    )


def themes_html(answer: Answer, facts: Sequence[ThemeFacts], language: Language) -> str:
    """Theme cards: label, share bar, facts (count, change, lift) and up to three quotes (class `quote`);
    the `other` theme last and greyed."""
    if not facts:
        return ""
    by_label = {theme.label: theme for theme in answer.themes}
    cards: list[str] = []
    for fact in facts:
        theme = by_label.get(fact.label)
        examples = theme.examples[:QUOTES_PER_THEME] if theme else []
        quotes = "".join(f'<blockquote class="quote">{quote_text(example)}</blockquote>' for example in examples)
        if quotes:
            shown = " open" if len(cards) < OPEN_QUOTES and not fact.other else ""
            heading = esc(t(language, "quotes")) + f" ({len(examples)})"
            quotes = f'<details class="cb-quotes"{shown}><summary>{heading}</summary>{quotes}</details>'
        keywords = ", ".join([k for k in theme.keywords if detect_language(k) == language][:6]) if theme else ""
        other = " cb-theme-other" if fact.other else ""
        cards.append(
            f'<section class="cb-theme{other}"><div class="cb-theme-head"><span class="cb-theme-label">'
            f'{esc(fact.label)}</span><span class="cb-theme-share">{esc(fact.share)}</span></div>'
            f'<div class="cb-bar" aria-hidden="true"><span style="width:{fact.width:.1f}%"></span></div>'
            f'<div class="cb-theme-facts">{esc(" · ".join(fact.facts))}</div>'
            + (f'<div class="cb-keywords">{esc(t(language, "keywords"))}: {esc(keywords)}</div>' if keywords else "")
            + quotes
            + "</section>"
        )
    return f'<div class="cb-themes-list"><h3>{esc(t(language, "themes"))}</h3>{"".join(cards)}</div>'


def question_html(question: str, language: Language) -> str:
    """The question being answered, shown at once when it is asked."""
    if not question:
        return ""
    return (
        f'<div class="cb-asked"><span class="cb-asked-label">{esc(t(language, "you_asked"))}</span>'
        f'<p class="cb-asked-text">{esc(question)}</p></div>'
    )


def conversation_html(cards: Sequence[tuple[Answer, AnswerDisplay]], language: Language) -> str:
    """Earlier answers of this conversation, newest first, each a collapsed card with its summary, chart and
    table; the current answer is in the answer panel, so no summary shows twice."""
    if not cards:
        return f'<div class="cb-chat-empty">{esc(t(language, "chat_empty"))}</div>'
    items = []
    for number, (answer, display) in reversed(list(enumerate(cards, start=1))):
        lead = answer.summary if answer.status == "answered" else answer.message or ""
        body = chart_html(display.chart) + table_html(display.table, max_rows=CARD_ROWS)
        items.append(
            f'<details class="cb-card cb-earlier"><summary><span class="cb-earlier-n">{number}</span> '
            f'<span class="cb-earlier-q">{esc(answer.question)}</span></summary>'
            f'<p class="cb-earlier-summary">{esc(lead)}</p>{body}</details>'
        )
    return f'<div class="cb-earlier-title">{esc(t(language, "earlier"))}</div>' + "".join(items)
