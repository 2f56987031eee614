"""Execution accuracy: does the assistant's result table hold the gold result?

Columns are matched by content, not by name or position (the assistant may name and order them
differently and may add columns); rows compare as multisets unless the question asks for an order.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

REL_TOL = 1e-6
ABS_TOL = 1e-9  # so that 0.0 equals a rounding residue such as 1e-15
MAX_ASSIGNMENTS = 2000  # column assignments tried before giving up (only reached with many look-alike columns)


@dataclass(frozen=True)
class ResultTable:
    """Columns and rows of a result, values as JSON-ready Python scalars (dates may be ISO strings)."""

    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


class _Time(NamedTuple):
    day: str  # ISO date
    time: str  # ISO time, "" for a plain date


Cell = None | bool | float | str | _Time
_SortKey = tuple[int, float, str]


def table_mismatch(gold: ResultTable, got: ResultTable, *, ordered: bool) -> str | None:
    """None when `got` holds `gold`'s result, else why not (one line)."""
    if len(got.columns) < len(gold.columns):
        return f"the answer has {len(got.columns)} column(s), the gold result {len(gold.columns)}"
    if len(got.rows) != len(gold.rows):
        return f"the answer has {len(got.rows)} row(s), the gold result {len(gold.rows)}"
    gold_columns = _columns(gold)
    got_columns = _columns(got)
    candidates: list[list[int]] = []
    for j, column in enumerate(gold_columns):
        # Columns fit as multisets even for ordered questions, so that a wrong order is reported as such.
        fits = [i for i, other in enumerate(got_columns) if _columns_fit(column, other)]
        if not fits:
            return f"no answer column holds the values of gold column '{gold.columns[j]}'"
        # Try the column of the same name first: it is the right one in nearly every case.
        fits.sort(key=lambda i: got.columns[i] != gold.columns[j])
        candidates.append(fits)
    reordered = False
    for tries, assignment in enumerate(_assignments(candidates)):
        if tries >= MAX_ASSIGNMENTS:
            break
        pairs = [_aligned(gold_columns[j], got_columns[i]) for j, i in enumerate(assignment)]
        left = _transpose([g for g, _ in pairs], len(gold.rows))
        right = _transpose([a for _, a in pairs], len(got.rows))
        if _rows_equal(left, right, ordered=ordered):
            return None
        reordered = reordered or (ordered and _rows_equal(left, right, ordered=False))
    if reordered:
        return "the answer has the gold rows but in a different order"
    return "each gold column has a matching answer column, but the rows do not line up"


def _columns(table: ResultTable) -> list[list[Cell]]:
    width = len(table.columns)
    return [[canonical(row[i]) for row in table.rows] for i in range(width)]


def canonical(value: Any) -> Cell:
    """One comparable form per value: numbers as float, dates and timestamps split into day and time."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, datetime):
        if value != value:  # pandas NaT
            return None
        return _Time(value.date().isoformat(), value.time().isoformat())
    if isinstance(value, date):
        return _Time(value.isoformat(), "")
    if isinstance(value, str):
        return _parse_time(value) or value
    if hasattr(value, "item"):  # numpy scalars
        return canonical(value.item())
    return str(value)


def _parse_time(text: str) -> _Time | None:
    if len(text) < 10 or not (text[:4].isdigit() and text[4] == "-" and text[7] == "-"):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return _Time(parsed.date().isoformat(), "" if len(text) == 10 else parsed.time().isoformat())


def _aligned(left: list[Cell], right: list[Cell]) -> tuple[list[Cell], list[Cell]]:
    """When one side holds plain dates, compare both sides by date only (DATE vs TIMESTAMP grains)."""
    if _has_plain_dates(left) or _has_plain_dates(right):
        return _dates_only(left), _dates_only(right)
    return left, right


def _has_plain_dates(column: list[Cell]) -> bool:
    return any(isinstance(cell, _Time) and not cell.time for cell in column)


def _dates_only(column: list[Cell]) -> list[Cell]:
    return [_Time(cell.day, "") if isinstance(cell, _Time) else cell for cell in column]


def _columns_fit(gold: list[Cell], got: list[Cell]) -> bool:
    left, right = _aligned(gold, got)
    return all(map(same_cell, sorted(left, key=_cell_key), sorted(right, key=_cell_key)))


def same_cell(a: Cell, b: Cell) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return type(a) is type(b) and a == b  # keeps True apart from 1.0


def _cell_key(cell: Cell) -> _SortKey:
    if cell is None:
        return (0, 0.0, "")
    if isinstance(cell, bool):
        return (1, float(cell), "")
    if isinstance(cell, float):
        return (2, cell, "")
    if isinstance(cell, _Time):
        return (4, 0.0, f"{cell.day}T{cell.time}")
    return (3, 0.0, cell)


def _row_key(row: tuple[Cell, ...]) -> tuple[tuple[_SortKey, ...], tuple[_SortKey, ...]]:
    # Exact values (names, dates) first: they identify a row, so tiny float differences cannot reorder rows.
    exact = tuple(_cell_key(c) for c in row if not isinstance(c, float))
    numbers = tuple(_cell_key(c) for c in row if isinstance(c, float))
    return exact, numbers


def _transpose(columns: list[list[Cell]], height: int) -> list[tuple[Cell, ...]]:
    return [tuple(column[r] for column in columns) for r in range(height)]


def _rows_equal(left: list[tuple[Cell, ...]], right: list[tuple[Cell, ...]], *, ordered: bool) -> bool:
    if not ordered:
        left, right = sorted(left, key=_row_key), sorted(right, key=_row_key)
    return all(all(map(same_cell, a, b)) for a, b in zip(left, right, strict=True))


def _assignments(candidates: list[list[int]]) -> Iterator[list[int]]:
    """Injective choices of one answer column per gold column, most constrained gold column first."""
    order = sorted(range(len(candidates)), key=lambda j: len(candidates[j]))
    chosen: dict[int, int] = {}

    def extend(position: int) -> Iterator[list[int]]:
        if position == len(order):
            yield [chosen[j] for j in range(len(candidates))]
            return
        j = order[position]
        for i in candidates[j]:
            if i not in chosen.values():
                chosen[j] = i
                yield from extend(position + 1)
                del chosen[j]

    return extend(0)
