"""Charts as SVG drawn by our code from an answer's display values: bars (grouped, never stacked; the ranked
top highlighted; long labels whole) and lines (a running last period dashed and hatched).

The chat and the widget show the SVG as an image (`data:image/svg+xml`), so nothing in it can run or load
anything, every text is escaped here, and both front ends draw the same chart without a charting library.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Callable
from dataclasses import replace

from assistant.summary.formatting import compact_value
from assistant.ui.display import ChartData, Series

WIDTH = 680
PLOT_HEIGHT = 240
FONT = 12
PALETTE = ("#4f46e5", "#0ea5e9", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#ec4899", "#64748b")
MUTED = "#a5b4fc"
GREY = "#cbd5e1"
AXIS = "#94a3b8"
INK = "#1e293b"
SOFT_INK = "#64748b"
FONT_FAMILY = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', "
    "sans-serif"
)
PARTIAL = {"en": "(incomplete)", "zh": "(未完)"}
MAX_LABEL_PX = 300  # a longer category label wraps onto a second line instead of being cut


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def text_width(text: str, size: int = FONT) -> float:
    """Approximate rendered width: CJK characters are about a full em, Latin ones a bit over half."""
    return sum(size if ord(ch) >= 0x2E80 else size * 0.58 for ch in text)


def render(chart: ChartData, kind: str | None = None, sort: str | None = None, *, width: int = WIDTH) -> str:
    """The chart as an SVG document; `kind` (bar | line) and `sort` (value | label) are the reader's choices;
    `width` in pixels at which the text is 12px (the widget draws narrower charts than the chat)."""
    chart = _sorted(chart, sort)
    kind = kind if kind in ("bar", "line") and (kind != "line" or chart.time_axis) else chart.kind
    if chart.horizontal:
        body, height = _horizontal(chart, width)
    elif kind == "line":
        body, height = _lines(chart, width)
    else:
        body, height = _bars(chart, width)
    legend, legend_height = _legend(chart, kind)
    title = f'<text x="0" y="16" font-size="14" font-weight="600" fill="{INK}">{esc(chart.title)}</text>'
    total = height + legend_height + 28
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total:.0f}" '
        f'viewBox="0 0 {width} {total:.0f}" font-family="{esc(FONT_FAMILY)}" font-size="{FONT}" role="img" '
        f'aria-label="{esc(chart.title)}"><rect width="100%" height="100%" fill="#ffffff"/>'
        + _defs()
        + title
        + f'<g transform="translate(0,{24 + legend_height})">{body}</g>'
        + f'<g transform="translate(0,24)">{legend}</g></svg>'
    )


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _defs() -> str:
    return (
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#4f46e5" '
        'stroke-width="3"/></pattern></defs>'
    )


def _sorted(chart: ChartData, sort: str | None) -> ChartData:
    if not chart.sortable or sort not in ("value", "label"):
        return chart
    first = chart.series[0].values
    order = list(range(len(chart.categories)))
    if sort == "label":
        order.sort(key=lambda i: chart.categories[i].casefold())
    else:
        order.sort(key=lambda i: -v if (v := first[i]) is not None else math.inf)
    series = [Series(s.label, [s.values[i] for i in order], [s.texts[i] for i in order], s.muted) for s in chart.series]
    # A reader's sort keeps the highlight on the same categories only when it still leads.
    highlight = chart.highlight if sort == "value" else None
    return replace(chart, categories=[chart.categories[i] for i in order], series=series, highlight=highlight)


def _color(chart: ChartData, index: int, series: Series) -> str:
    if series.muted:
        return MUTED
    return PALETTE[index % len(PALETTE)]


def _legend(chart: ChartData, kind: str) -> tuple[str, float]:
    if len(chart.series) < 2:
        return "", 0
    x, items = 0.0, []
    for index, series in enumerate(chart.series):
        color = _color(chart, index, series)
        mark = (
            f'<rect x="{x:.1f}" y="2" width="12" height="12" rx="2" fill="{color}"/>'
            if kind == "bar" or chart.horizontal
            else f'<line x1="{x:.1f}" y1="8" x2="{x + 14:.1f}" y2="8" stroke="{color}" stroke-width="3"/>'
        )
        items.append(mark + f'<text x="{x + 18:.1f}" y="12" fill="{INK}">{esc(series.label)}</text>')
        x += 30 + text_width(series.label)
    return "".join(items), 24


def _scale(chart: ChartData) -> tuple[float, float, list[float]]:
    values = [v for s in chart.series for v in s.values if v is not None]
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        high = low + 1
    step = _nice((high - low) / 4)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    return low, high, ticks


def _nice(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _tick(chart: ChartData, ticks: list[float], tick: float) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else None
    return compact_value(tick, chart.fmt, chart.language, chart.currency, step=step)


def _axis(chart: ChartData, left: float, ticks: list[float], y: Callable[[float], float], width: int) -> str:
    parts = []
    for tick in ticks:
        ty = y(tick)
        label = _tick(chart, ticks, tick)
        parts.append(
            f'<line x1="{left:.1f}" y1="{ty:.1f}" x2="{width - 8}" y2="{ty:.1f}" stroke="#e2e8f0"/>'
            f'<text x="{left - 6:.1f}" y="{ty + 4:.1f}" text-anchor="end" fill="{SOFT_INK}">{esc(label)}</text>'
        )
    return "".join(parts)


def _left_margin(chart: ChartData, ticks: list[float]) -> float:
    widest = max(text_width(_tick(chart, ticks, t)) for t in ticks)
    return max(44.0, widest + 14)


def _x_labels(chart: ChartData, centers: list[float], top: float, slot: float, width: int) -> tuple[str, float]:
    """Category labels under the plot, whole: straight when they fit their slot, else slanted."""
    widths = [text_width(label) for label in chart.categories]
    slanted = any(w > slot - 4 for w in widths)
    parts = []
    for i, (label, x) in enumerate(zip(chart.categories, centers, strict=True)):
        partial = chart.partial_last and i == len(chart.categories) - 1
        weight = ' font-weight="700"' if chart.highlight and i < chart.highlight else ""
        if slanted:
            label = f"{label} {PARTIAL[chart.language]}" if partial else label
            partial = False
            parts.append(
                f'<text transform="translate({x:.1f},{top + 12:.1f}) rotate(-35)" text-anchor="end" '
                f'fill="{INK}"{weight}>{esc(label)}</text>'
            )
        else:
            anchor = "end" if x + text_width(label) / 2 > width - 2 else "middle"
            dx = 8 if anchor == "end" else 0
            parts.append(
                f'<text x="{x + dx:.1f}" y="{top + 16:.1f}" text-anchor="{anchor}" fill="{INK}"{weight}>{esc(label)}</text>'
            )
        if partial:
            anchor = "end" if x + text_width(PARTIAL[chart.language], 11) / 2 > width - 4 else "middle"
            parts.append(
                f'<text x="{x + (8 if anchor == "end" else 0):.1f}" y="{top + (30 if not slanted else 14 + max(widths) * 0.6):.1f}" '
                f'text-anchor="{anchor}" fill="{SOFT_INK}" font-size="11">{esc(PARTIAL[chart.language])}</text>'
            )
    if slanted and chart.partial_last and widths:
        widths[-1] += text_width(" " + PARTIAL[chart.language])
    height = max(widths) * 0.6 + 20 if slanted else 24 + (16 if chart.partial_last else 0)
    return "".join(parts), height


def _bars(chart: ChartData, width: int) -> tuple[str, float]:
    low, high, ticks = _scale(chart)
    left = _left_margin(chart, ticks)
    plot_w = width - left - 8
    n, groups = len(chart.categories), len(chart.series)
    slot = plot_w / max(n, 1)
    bar_w = min(48.0, slot * 0.8 / groups)

    def y(value: float) -> float:
        return PLOT_HEIGHT - (value - low) / (high - low) * PLOT_HEIGHT

    parts = [_axis(chart, left, ticks, y, width)]
    labels_room = n * groups <= 24
    for i in range(n):
        center = left + slot * (i + 0.5)
        for j, series in enumerate(chart.series):
            value = series.values[i]
            if value is None:
                continue
            x = center - bar_w * groups / 2 + j * bar_w
            top, bottom = sorted((y(value), y(0)))
            color = GREY if i in chart.muted_categories else _color(chart, j, series)
            dimmed = chart.highlight is not None and i >= chart.highlight
            fill = "url(#hatch)" if chart.partial_last and i == n - 1 else color
            opacity = ' fill-opacity="0.35"' if dimmed else ""
            stroke = f' stroke="{color}" stroke-width="1.5"' if fill.startswith("url") else ""
            parts.append(
                f'<rect x="{x + 1:.1f}" y="{top:.1f}" width="{bar_w - 2:.1f}" height="{max(bottom - top, 1):.1f}" '
                f'fill="{fill}"{opacity}{stroke}><title>{esc(chart.categories[i])}: {esc(series.texts[i])}</title></rect>'
            )
            label = _bar_label(chart, series.texts[i], value, bar_w if groups > 1 else slot)
            if labels_room and label:
                weight = ' font-weight="700"' if chart.highlight and i < chart.highlight else ""
                parts.append(
                    f'<text x="{x + bar_w / 2:.1f}" y="{top - 4:.1f}" text-anchor="middle" font-size="11" '
                    f'fill="{INK}"{weight}>{esc(label)}</text>'
                )
    parts.append(f'<line x1="{left:.1f}" y1="{y(0):.1f}" x2="{width - 8}" y2="{y(0):.1f}" stroke="{AXIS}"/>')
    labels, label_height = _x_labels(chart, [left + slot * (i + 0.5) for i in range(n)], PLOT_HEIGHT, slot, width)
    return "".join(parts) + labels, PLOT_HEIGHT + label_height


def _bar_label(chart: ChartData, text: str, value: float, room: float) -> str:
    """The value over a bar: as the table shows it when it fits, else short ('¥61.2M'), else none."""
    for label in (text, compact_value(value, chart.fmt, chart.language, chart.currency)):
        if text_width(label, 11) <= room + 4:
            return label
    return ""


def _lines(chart: ChartData, width: int) -> tuple[str, float]:
    low, high, ticks = _scale(chart)
    left = _left_margin(chart, ticks)
    n = len(chart.categories)
    last = chart.categories[-1] if chart.categories else ""
    room = max(text_width(last), text_width(PARTIAL[chart.language], 11) if chart.partial_last else 0.0)
    plot_w = width - left - 12 - max(12.0, room / 2 + 4)  # the last period's label fits, centred

    def x(i: int) -> float:
        return left + 12 + (plot_w / 2 if n == 1 else i * plot_w / (n - 1))

    def y(value: float) -> float:
        return PLOT_HEIGHT - (value - low) / (high - low) * PLOT_HEIGHT

    parts = [_axis(chart, left, ticks, y, width)]
    for j, series in enumerate(chart.series):
        color = _color(chart, j, series)
        points = [(i, v) for i, v in enumerate(series.values) if v is not None]
        full = [p for p in points if not (chart.partial_last and p[0] == n - 1)]
        if len(full) > 1:
            path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in full)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>')
        if chart.partial_last and points and points[-1][0] == n - 1 and full:
            (i0, v0), (i1, v1) = full[-1], points[-1]
            parts.append(
                f'<line x1="{x(i0):.1f}" y1="{y(v0):.1f}" x2="{x(i1):.1f}" y2="{y(v1):.1f}" stroke="{color}" '
                'stroke-width="2.5" stroke-dasharray="5 4"/>'
            )
        for i, value in points:
            hollow = chart.partial_last and i == n - 1
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{"#ffffff" if hollow else color}" '
                f'stroke="{color}" stroke-width="2"><title>{esc(chart.categories[i])}: {esc(series.texts[i])}</title>'
                "</circle>"
            )
    widest = max((text_width(c) for c in chart.categories), default=0.0)
    step = max(1, math.ceil((widest + 10) / (plot_w / max(n - 1, 1))))
    shown = replace(chart, categories=[c if (n - 1 - i) % step == 0 else "" for i, c in enumerate(chart.categories)])
    labels, label_height = _x_labels(shown, [x(i) for i in range(n)], PLOT_HEIGHT, plot_w / max(n, 1) * step, width)
    return "".join(parts) + labels, PLOT_HEIGHT + label_height


def _horizontal(chart: ChartData, width: int) -> tuple[str, float]:
    """Horizontal bars (themes): every label whole on the left, wrapped onto two lines when long."""
    limit = min(MAX_LABEL_PX, width * 0.42)
    wrapped = [_wrap(label, limit) for label in chart.categories]
    label_w = min(limit, max(text_width(line) for lines in wrapped for line in lines)) + 12
    row_h = 30 if any(len(lines) > 1 for lines in wrapped) else 24
    values = chart.series[0].values
    top = max([v for v in values if v is not None] or [1.0]) or 1.0
    plot_w = width - label_w - 70
    parts = []
    for i, (lines, value) in enumerate(zip(wrapped, values, strict=True)):
        y0 = i * row_h
        for k, line in enumerate(lines):
            dy = row_h / 2 + 4 + (k - (len(lines) - 1) / 2) * 13
            parts.append(
                f'<text x="{label_w - 8:.1f}" y="{y0 + dy:.1f}" text-anchor="end" fill="{INK}">{esc(line)}</text>'
            )
        if value is None:
            continue
        bar = max(2.0, value / top * plot_w)
        color = GREY if i in chart.muted_categories else PALETTE[0]
        parts.append(
            f'<rect x="{label_w:.1f}" y="{y0 + 5:.1f}" width="{bar:.1f}" height="{row_h - 10}" rx="3" fill="{color}">'
            f"<title>{esc(chart.categories[i])}: {esc(chart.series[0].texts[i])}</title></rect>"
            f'<text x="{label_w + bar + 6:.1f}" y="{y0 + row_h / 2 + 4:.1f}" fill="{INK}">'
            f"{esc(chart.series[0].texts[i])}</text>"
        )
    return "".join(parts), len(values) * row_h + 8


def _wrap(label: str, limit: float) -> list[str]:
    """A label in two lines when wider than `limit`, split on a space (or anywhere for CJK); never cut."""
    if text_width(label) <= limit:
        return [label]
    words = label.split(" ") if " " in label else list(label)
    joiner = " " if " " in label else ""
    first: list[str] = []
    while words and text_width(joiner.join([*first, words[0]])) <= limit:
        first.append(words.pop(0))
    return [joiner.join(first), joiner.join(words)]
