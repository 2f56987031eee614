"""Reading the numbers in a summary and checking that each one comes from the result (DESIGN §8).

A number is grounded when it equals, at the precision it is shown with, one of:
- a numeric cell; the sum of a numeric column; a cell's share of its column sum;
- the difference `a - b` or relative change `(a - b) / b` of two numeric cells of the same row, where the
  column sums count as one more row (so totals can be compared too);
- the number of rows, or of distinct values in a column; a number shown in a text cell (its first
  VALUE_LIMIT characters, as a summary would show it);
- a theme's count, share, change or lift, a number in its label (as shown), the report's text and author
  counts, the number of themes;
- the year of a date in the result; what the question stated (`Stated`: its dates and their years,
  months and days, filter values, the time label, numbers in the model's labels); or `extra`.
Signs are ignored (a summary says "down 5%"); a percentage is compared both as a fraction and as is
("12.3%" matches 0.123 and 12.3), and so are points. A date written out (`2026-08-23`, `2026-08`,
`2026-Q3`, `2026年8月23日`) must be a date of the result or of the question, within its period.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import permutations
from typing import Any

from assistant.contracts import OTHER_THEME_ID, ThemeReport
from assistant.summary.formatting import as_date, as_number, clean_text

_NUMBER = re.compile(
    r"""
    (?P<date>(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?![\d-]))
    | (?P<quarter>(?<!\d)(?P<qy>\d{4})(?:-?Q|年第)(?P<q>[1-4])(?:季度)?(?!\d))
    | (?P<zhdate>(?<!\d)(?P<zy>\d{4})年(?P<zm>\d{1,2})月(?:(?P<zd>\d{1,2})日)?)
    | (?:(?<![A-Za-z0-9_.,+\-−])(?P<sign>[-−+]))?
      (?<![A-Za-z0-9_.,])(?:[¥￥$]\s?)?
      (?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?
      (?P<unit>\s?(?:%|％|个百分点|百分点|万元|万|亿元|亿|倍|×|小时
          |(?:percentage\ points?|points?|pts?|pp|hours?|hrs?|h|x|k|K|M|bn)(?![A-Za-z])))?
    """,
    re.VERBOSE,
)
_PERCENT_UNITS = {
    "%",
    "％",
    "个百分点",
    "百分点",
    "percentage point",
    "percentage points",
    "point",
    "points",
    "pt",
    "pts",
    "pp",
}
_SCALES = {"万": 1e4, "万元": 1e4, "亿": 1e8, "亿元": 1e8, "k": 1e3, "K": 1e3, "M": 1e6, "bn": 1e9}


@dataclass(frozen=True)
class _Token:
    """One number as a reader sees it: candidate values, each with the half-unit its display rounds to."""

    candidates: tuple[tuple[float, float], ...] = ()
    period: tuple[int, int | None, int | None, str] | None = None  # year, month/quarter, day, kind


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _NUMBER.finditer(text):
        if match["date"] or match["zhdate"]:
            year, month = int(match["y"] or match["zy"]), int(match["m"] or match["zm"])
            day = int(match["d"] or match["zd"]) if match["d"] or match["zd"] else None
            tokens += _period_token(year, month, day, "date", valid=_safe_date(year, month, day or 1) is not None)
        elif match["quarter"]:
            year = int(match["qy"])
            tokens += _period_token(year, int(match["q"]), None, "quarter", valid=_safe_date(year, 1, 1) is not None)
        else:
            tokens.append(_number_token(match))
    return tokens


def _period_token(year: int, part: int, day: int | None, kind: str, *, valid: bool) -> list[_Token]:
    """A date, month or quarter; something shaped like one but impossible ('1234-56') is plain numbers."""
    if valid:
        return [_Token(period=(year, part, day, kind))]
    return [_Token(candidates=((float(p), 0.5),)) for p in (year, part, day) if p is not None]


def _number_token(match: re.Match[str]) -> _Token:
    frac = match["frac"] or ""
    value = float(match["int"].replace(",", "") + frac)
    if match["sign"] in ("-", "−"):
        value = -value
    half = 0.5 * 10.0 ** -(len(frac) - 1 if frac else 0)
    unit = (match["unit"] or "").strip()
    if unit in _PERCENT_UNITS:
        return _Token(candidates=((value / 100, half / 100), (value, half)))
    scale = _SCALES.get(unit, 1.0)
    return _Token(candidates=((value * scale, half * scale),))


def numbers_in(text: str) -> list[float]:
    """Every number a reader sees in `text`, normalised: '12.3%' -> 0.123 and 12.3, '1,234' -> 1234,
    '123.5万' -> 1235000, '5.2 h' -> 5.2, '2026-08-23' -> 2026, 8, 23, '-5' -> -5."""
    values: list[float] = []
    for token in _tokens(text):
        if token.period:
            year, part, day, _ = token.period
            values += [float(year)] + ([float(part)] if part else []) + ([float(day)] if day else [])
        else:
            values += [value for value, _ in token.candidates]
    return values


@dataclass(frozen=True)
class Stated:
    """What the question itself states, which a summary may repeat: dates and other numbers."""

    numbers: tuple[float, ...] = ()
    dates: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_texts(cls, texts: Iterable[str], dates: Iterable[date] = ()) -> Stated:
        """The numbers and dates in `texts` (labels, filters as shown), plus `dates` and their parts."""
        numbers: list[float] = []
        known = set(dates)
        for text in texts:
            tokens = _tokens(text)
            known |= _periods(tokens)
            numbers += [value for token in tokens for value, _ in token.candidates]
        for day in known:
            numbers += [day.year, day.month, day.day]
        return cls(numbers=tuple(numbers), dates=frozenset(known))


def _periods(tokens: list[_Token]) -> set[date]:
    """The dates among `tokens`; a month or quarter counts as its first day."""
    found = set()
    for token in tokens:
        if token.period:
            year, part, day, kind = token.period
            month = 3 * (part or 1) - 2 if kind == "quarter" else part or 1
            if (first := _safe_date(year, month, day or 1)) is not None:
                found.add(first)
    return found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def grounded(
    summary: str,
    *,
    rows: Sequence[Sequence[Any]],
    themes: ThemeReport | None,
    extra: Iterable[float] = (),
    stated: Stated | None = None,
) -> bool:
    """True when every number in `summary` can be derived from the result (see the module docstring)."""
    tokens = _tokens(summary)
    if not tokens:
        return True
    stated = stated or Stated()
    allowed, dates = _evidence(rows, themes)
    dates |= stated.dates
    allowed.update(float(v) for v in (*extra, *stated.numbers, *(d.year for d in dates)))
    ordered = sorted({abs(v) for v in allowed})
    return all(_period_known(t.period, dates) if t.period else _number_known(t, ordered) for t in tokens)


def _evidence(rows: Sequence[Sequence[Any]], themes: ThemeReport | None) -> tuple[set[float], set[date]]:
    """The numbers derivable from the result, and the dates in it."""
    values: set[float] = set()
    dates: set[date] = set()
    width = max((len(row) for row in rows), default=0)
    columns: list[list[float]] = [[] for _ in range(width)]
    for row in rows:
        numeric = []
        for index, cell in enumerate(row):
            number, day = as_number(cell), as_date(cell)
            if number is not None:
                columns[index].append(number)
                numeric.append(number)
            elif day is not None:
                dates.add(day)
            elif isinstance(cell, str):
                tokens = _tokens(clean_text(cell))
                values.update(value for token in tokens for value, _ in token.candidates)
                dates.update(_periods(tokens))
        values.update(_pairwise(numeric))
    filled = [column for column in columns if column]
    totals = [sum(column) for column in filled]
    values.update(_pairwise(totals))
    for column, total in zip(filled, totals, strict=True):
        if total:
            values.update(cell / total for cell in column)
    values.add(len(rows))
    values.update(len({repr(row[i]) for row in rows if i < len(row) and row[i] is not None}) for i in range(width))
    if themes is not None:
        values.update(_theme_numbers(themes))
    return values, dates


def _pairwise(cells: list[float]) -> set[float]:
    """The cells, and the difference and relative change of each ordered pair of them."""
    derived = set(cells)
    for a, b in permutations(cells, 2):
        derived.add(a - b)
        if b:
            derived.add((a - b) / b)
    return derived


def _theme_numbers(report: ThemeReport) -> list[float]:
    named = sum(1 for theme in report.themes if theme.id != OTHER_THEME_ID)
    other = sum(theme.count for theme in report.themes if theme.id == OTHER_THEME_ID)  # '0 in Other' when none
    counts = [report.texts, report.authors, report.comparison_texts, report.previous_texts, len(report.themes), named,
              other]  # fmt: skip
    values = [float(c) for c in counts if c is not None]
    for theme in report.themes:
        values += [theme.count, theme.share, *numbers_in(clean_text(theme.label))]
        values += [v for v in (theme.change_vs_previous, theme.lift_vs_comparison) if v is not None]
    return values


def _number_known(token: _Token, allowed: list[float]) -> bool:
    for value, half in token.candidates:
        target = abs(value)
        slack = half + 1e-9 * max(1.0, target)
        index = bisect.bisect_left(allowed, target - slack)
        if index < len(allowed) and allowed[index] <= target + slack:
            return True
    return False


def _period_known(period: tuple[int, int | None, int | None, str], dates: set[date]) -> bool:
    year, part, day, kind = period
    if kind == "quarter":
        return any(d.year == year and (d.month - 1) // 3 + 1 == part for d in dates)
    if day is not None:
        return _safe_date(year, part or 1, day) in dates
    return any(d.year == year and d.month == part for d in dates)
