"""Vectorised sampling helpers shared by the generators (no loops over rows)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

SECONDS_PER_DAY = 86_400

# Relative activity by hour of day (0-23): shopping peaks at lunch and in the evening, support and
# campaigns follow office-ish hours.
SHOPPING_HOURS: FloatArray = np.array(
    [2, 1, 0.5, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 6, 6, 5, 4, 4, 4, 5, 6, 8, 9, 9, 7, 4], dtype=np.float64
)
SUPPORT_HOURS: FloatArray = np.array(
    [0.5, 0.3, 0.2, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 8, 6, 7, 8, 8, 7, 6, 5, 5, 5, 4, 2, 1], dtype=np.float64
)
CAMPAIGN_HOURS: FloatArray = np.array(
    [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 4, 3, 2, 2, 2, 2, 2, 2, 3, 4, 4, 2, 0, 0], dtype=np.float64
)


def choice(rng: np.random.Generator, weights: FloatArray | list[float], size: int) -> IntArray:
    """Codes 0..k-1 drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return np.asarray(rng.choice(len(p), size=size, p=p / p.sum()), dtype=np.int64)


def choice_by_group(rng: np.random.Generator, group: IntArray, table: FloatArray) -> IntArray:
    """Codes drawn per row from `table[group[row]]` (rows of unnormalised weights).

    Each row's cumulative distribution is shifted by its group number, which makes the flattened
    table globally increasing, so one `searchsorted` serves every group at once.
    """
    weights = np.asarray(table, dtype=np.float64)
    k = weights.shape[1]
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0
    flat = (cum + np.arange(len(weights))[:, None]).ravel()
    u = rng.random(len(group))
    codes = np.searchsorted(flat, group + u, side="right") - group * k
    return np.asarray(np.minimum(codes, k - 1), dtype=np.int64)


def day_in_window(rng: np.random.Generator, start: IntArray, end: IntArray, u: FloatArray | None = None) -> IntArray:
    """A day in [start, end) per row (end > start); `u` in [0, 1) shapes where in the window it falls."""
    where = rng.random(len(start)) if u is None else u
    return start + np.floor(where * (end - start)).astype(np.int64)


def seconds_at(rng: np.random.Generator, day: IntArray, hours: FloatArray) -> IntArray:
    """Seconds since the epoch at a time of day drawn from `hours`; never exactly midnight."""
    hour = choice(rng, hours, len(day))
    return day * SECONDS_PER_DAY + hour * 3600 + rng.integers(1, 3600, size=len(day))


# Sort keys pack (customer, time) into one int64; customer numbers stay below 2**24 (ids have seven
# digits) and a time span below 2**39 seconds.
_CUSTOMER_BITS = 24


def chronological(seconds: IntArray, customer: IntArray) -> IntArray:
    """Stable sort order by time, then customer (one packed key sorts far faster than lexsort)."""
    key = ((seconds - seconds.min(initial=0)) << _CUSTOMER_BITS) + customer
    return np.asarray(np.argsort(key, kind="stable"), dtype=np.int64)


def by_customer(customer: IntArray, seconds: IntArray) -> IntArray:
    """Stable sort order by customer, then time."""
    key = (customer << (63 - _CUSTOMER_BITS)) + (seconds - seconds.min(initial=0))
    return np.asarray(np.argsort(key, kind="stable"), dtype=np.int64)
