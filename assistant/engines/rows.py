"""Result rows as an answer shows them: JSON-ready values, from a frame or straight from DuckDB's column arrays.

An answer's rows never needed a pandas frame: they were read back out of one, value by value. Building the frame
(`fetch_df()`) was ~0.5 ms of a cold DuckDB query against ~0.07 ms for the driver's own tuples, so a metric
answer now takes DuckDB's column arrays (`fetchnumpy()`, the conversion `fetch_df()` builds its frame from)
and turns each into Python values with `tolist()`. The values are those `json_rows(fetch_df())` gives, byte
for byte: the same float for a DECIMAL or HUGEINT (DuckDB's own conversion, not Python's), the same ISO text
for a DATE (as a midnight timestamp, as the frame holds it) or a TIMESTAMP, null for a missing value or a NaN.
Only the column types checked to agree (`ARRAY_TYPES`, tests/test_engines_rows.py) take this path; any other
(time zones, intervals, lists, structs...) still goes through the frame.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

# DuckDB column types whose `fetchnumpy()` array gives, through `tolist()` and `json_value`, the values of
# `json_rows(fetch_df())`. DECIMAL(w,s) is matched by its prefix.
ARRAY_TYPES = frozenset(
    {
        "BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
        "UBIGINT", "FLOAT", "DOUBLE", "VARCHAR", "DATE", "TIMESTAMP",
    }
)  # fmt: skip


def array_types(type_names: Sequence[str]) -> bool:
    """Whether every column type (DuckDB's spelling, from `cursor.description`) is one of ARRAY_TYPES."""
    return all(name in ARRAY_TYPES or name.startswith("DECIMAL(") for name in type_names)


def rows_from_arrays(arrays: Mapping[str, Any]) -> list[list[Any]]:
    """JSON-ready rows of DuckDB's column arrays (masked where a value is missing), column types in ARRAY_TYPES."""
    columns = [_column_values(array) for array in arrays.values()]
    return [list(row) for row in zip(*columns, strict=True)]


def _column_values(array: np.ndarray[Any, Any]) -> list[Any]:
    values: list[Any] = array.tolist()  # a masked array gives None where masked
    kind = array.dtype.kind
    if kind in "iub":  # integers and booleans: Python ints and bools already
        return values
    if kind == "f":
        return [None if value is None or math.isnan(value) else value for value in values]
    return [value if value is None or type(value) is str else json_value(value) for value in values]


def rows_from_driver(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]] | None:
    """JSON-ready rows of a driver's values (PostgreSQL), the values `json_rows(frame_from_rows(rows))` gives, when
    every column is one whose frame is known to keep them (by the types found, missing values aside): text,
    booleans, floats, Decimals (as floats; not all NaN), dates, datetimes of one time zone, and integers without
    a missing value (with one, pandas makes the column float). None when a column is anything else."""
    columns = [[row[index] for row in rows] for index in range(width)]
    converted = [_driver_column(values) for values in columns]
    if any(values is None for values in converted):
        return None
    return [list(row) for row in zip(*converted, strict=True)] if rows else []


def _driver_column(values: list[Any]) -> list[Any] | None:
    present = [value for value in values if value is not None]
    kinds = {type(value) for value in present}
    if not kinds or kinds == {str} or kinds == {bool}:
        return values
    if len(kinds) > 1:
        return None
    kind = kinds.pop()
    if kind is float:
        return [None if value is None or math.isnan(value) else value for value in values]
    if kind is Decimal:
        if all(value.is_nan() for value in present):
            return None  # pandas leaves such a column as Decimals
        return [None if value is None or value.is_nan() else float(value) for value in values]
    if kind is int:
        return values if len(present) == len(values) else None
    if kind is date:
        return [None if value is None else value.isoformat() for value in values]
    if kind is datetime and len({value.tzinfo for value in present}) == 1:
        return [None if value is None else value.isoformat() for value in values]
    return None


def json_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """Rows as JSON-ready values: numbers stay numbers (Decimal -> float), dates become ISO strings, NaN -> null."""
    return [[json_value(value) for value in row] for row in frame.itertuples(index=False, name=None)]


def json_value(value: Any) -> Any:
    if value is None or value is pd.NaT or value is pd.NA:  # pd.NA: a missing value of a nullable integer column
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):  # STRUCT / MAP values
        return {str(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple) or getattr(value, "ndim", 0) >= 1:  # LIST values (numpy arrays)
        return [json_value(item) for item in value]
    if hasattr(value, "item"):  # numpy scalars
        return json_value(value.item())
    return value
