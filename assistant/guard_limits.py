"""Bounds on values a query can build, so DuckDB's memory limit and the watchdog's timeout hold.

DuckDB's memory_limit governs its buffer manager (hash tables, sorts, joins), not the vectors an expression
fills while it runs: one `generate_series(1, 1e8)` is a single 800 MB list built in one call, which neither
the limit nor an interrupt (checked between chunks) can stop. So the guard bounds what one value can grow to:

- generate_series/range: only in the SELECT list of a query without FROM (one row, so one list), with at most
  MAX_SERIES elements when the bounds are literals; bounds that are not literals (e.g. a scalar subquery over a
  date column, as the compiler's time spine) need a step of at least one day.
- unnest: only of a generate_series or a list literal.
- string and list builders (concat, ||, concat_ws, replace, list literals): the estimated size of any value
  stays under MAX_VALUE_BYTES, counting a table cell as CELL_BYTES; a chunk of 2,048 such values stays far
  below the memory limit. Nested replace() calls, the way to grow a string exponentially, are refused.
Row explosions (cross joins), regex and aggregates are left to the engine: they are buffer-managed or checked
between chunks, so the memory limit and the timeout stop them (see benchmarks/bench_resource_bombs.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlglot import exp

from assistant.errors import GuardRefusal

MAX_SERIES = 1_000_000
MAX_VALUE_BYTES = 256 * 1024
CELL_BYTES = 4 * 1024
MAX_LIST_ITEMS = 1_000

_DAY_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years"})
_UNIT_DAYS = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}


def check_limits(query: exp.Expr | Sequence[exp.Expr]) -> None:
    """Refuse values that could outgrow the bounds; `query` is a tree or the list of its nodes breadth first (as
    the guard walks it once for all its checks)."""
    nodes = list(query.walk()) if isinstance(query, exp.Expr) else query
    for series in _of_type(nodes, exp.GenerateSeries):
        _check_series(series)
    for explode in _of_type(nodes, exp.Explode):
        if not isinstance(explode.this, (exp.GenerateSeries, exp.Array)):
            raise GuardRefusal("unnest() is only allowed over generate_series() or a list literal.")
    for replace in _of_type(nodes, exp.Replace):
        if any(child.find(exp.Replace) for child in replace.iter_expressions()):
            raise GuardRefusal("Nested replace() calls are not allowed (they can grow a value without bound).")
    for builder in _of_type(nodes, exp.Array, exp.Concat, exp.ConcatWs):
        if len(builder.expressions) > MAX_LIST_ITEMS:
            raise GuardRefusal(f"{builder.key.upper()} has more than {MAX_LIST_ITEMS:,} items.")
    for select in _of_type(nodes, exp.Select):
        for projection in select.expressions:
            _check_size(projection)
        for key in ("where", "having", "qualify", "group", "order"):
            if select.args.get(key):
                _check_size(select.args[key])


def _of_type(nodes: Sequence[exp.Expr], *kinds: type[exp.Expr]) -> Iterator[Any]:
    return (node for node in nodes if isinstance(node, kinds))


def _check_series(node: exp.GenerateSeries) -> None:
    select = node.find_ancestor(exp.Select)
    if select is None or select.args.get("from_") or select.args.get("joins"):
        raise GuardRefusal(
            "generate_series()/range() is only allowed in a SELECT without FROM (one list, not one per row)."
        )
    start, end, step = node.args.get("start"), node.args.get("end"), node.args.get("step")
    if start is None:  # range(n)
        start, end = exp.Literal.number(0), end
    low, high = _literal_value(start), _literal_value(end)
    per_step = _step_days(step) if isinstance(step, exp.Interval) else None
    if low is not None and high is not None:
        count = _series_length(low, high, step, per_step)
        if count is None or count > MAX_SERIES:
            raise GuardRefusal(f"generate_series()/range() may build at most {MAX_SERIES:,} values.")
        return
    if per_step is None or per_step < 1:
        raise GuardRefusal(
            "generate_series()/range() with bounds that are not literals needs a step of at least one day."
        )


def _literal_value(node: exp.Expr | None) -> float | date | None:
    while isinstance(node, (exp.Cast, exp.Paren)):
        node = node.this
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        return -float(node.this.name)
    if not isinstance(node, exp.Literal):
        return None
    if not node.is_string:
        try:
            return float(node.name)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(node.name.strip())
    except ValueError:
        return None


def _step_days(step: exp.Interval) -> float | None:
    """Days per step of an interval literal; 0 for units under a day, None when not a literal amount."""
    unit = step.unit.name.lower() if step.unit else ""
    if unit not in _DAY_UNITS:
        return 0.0
    try:
        amount = float(step.this.name) if isinstance(step.this, exp.Literal) else None
    except ValueError:
        amount = None
    return None if amount is None else amount * _UNIT_DAYS[unit.rstrip("s")]


def _series_length(
    low: float | date, high: float | date, step: exp.Expr | None, per_step: float | None
) -> float | None:
    if isinstance(low, float) and isinstance(high, float):
        size = _literal_value(step) if step is not None else 1.0
        if not isinstance(size, float) or size == 0:
            return None
        return abs(high - low) / abs(size) + 1
    if isinstance(low, datetime) and isinstance(high, datetime):
        if per_step is None or per_step <= 0:
            return None  # steps under a day (hours, seconds) over dates: refuse rather than estimate
        return abs((high - low).days) / per_step + 1
    return None


def _check_size(node: exp.Expr) -> None:
    size = _size(node)
    if size > MAX_VALUE_BYTES:
        raise GuardRefusal(
            f"An expression could build values of about {size / 1024:,.0f} KB each (limit "
            f"{MAX_VALUE_BYTES // 1024} KB); build fewer or shorter pieces."
        )


def _size(node: exp.Expr) -> float:
    """An upper estimate of one value's size in bytes (a table cell counts as CELL_BYTES)."""
    if isinstance(node, exp.Column):
        return CELL_BYTES
    if isinstance(node, exp.Literal):
        return max(len(node.name), 8)
    if isinstance(node, exp.Query):
        return CELL_BYTES  # a scalar subquery's own projections are checked on their own
    if isinstance(node, (exp.Concat, exp.ConcatWs, exp.Array, exp.DPipe)):
        return sum(_size(child) for child in node.iter_expressions()) + 8
    if isinstance(node, exp.Replace):
        pattern = node.args.get("expression")
        replacement = node.args.get("replacement")
        pattern_len = len(pattern.name) if isinstance(pattern, exp.Literal) and pattern.name else 1
        grow = _size(replacement) / pattern_len if replacement is not None else 1
        return _size(node.this) * max(1.0, grow)
    if isinstance(node, exp.GenerateSeries):
        return 8.0  # bounded by _check_series; one list per query
    children = [_size(child) for child in node.iter_expressions()]
    return max(children, default=8.0)
