"""Orders: how many each customer places, when, in which category, and what they paid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.demo_data.domain import CATEGORY_WEIGHTS
from assistant.demo_data.population import Customers
from assistant.demo_data.sampling import (
    SHOPPING_HOURS,
    FloatArray,
    IntArray,
    by_customer,
    choice,
    choice_by_group,
    chronological,
    day_in_window,
    seconds_at,
)

# Typical basket in CNY per ORDER_CATEGORIES (electronics, apparel, home, beauty, grocery) and spread.
CATEGORY_MEDIAN_YUAN: FloatArray = np.array([2600.0, 380.0, 750.0, 300.0, 180.0])
CATEGORY_SIGMA: FloatArray = np.array([0.7, 0.55, 0.75, 0.55, 0.5])
FAVOURITE_SHARE = 0.45
RETURN_P_BY_CATEGORY: FloatArray = np.array([0.06, 0.13, 0.06, 0.04, 0.02])
CANCEL_P = 0.06
DISCOUNT_FRACTIONS: FloatArray = np.array([0.05, 0.10, 0.15, 0.20, 0.30])
DISCOUNT_FRACTION_WEIGHTS = [0.25, 0.30, 0.20, 0.15, 0.10]
FIRST_ORDER_WITHIN_DAYS = 14
_TIME_BITS = 36  # seconds span of the combined (customer, time) key: two thousand years

# Order channel (app, web, store) by app_bound * 4 + acquisition channel (app, web, store, partner).
CHANNEL_TABLE: FloatArray = np.array(
    [
        [0.10, 0.70, 0.20],
        [0.05, 0.80, 0.15],
        [0.03, 0.30, 0.67],
        [0.05, 0.75, 0.20],
        [0.80, 0.15, 0.05],
        [0.55, 0.40, 0.05],
        [0.50, 0.15, 0.35],
        [0.60, 0.30, 0.10],
    ]
)


@dataclass(frozen=True)
class Orders:
    """Orders sorted by customer, then time; `number` is the chronological order id (1..N)."""

    customer: IntArray
    seconds: IntArray
    number: IntArray
    channel: IntArray
    category: IntArray
    status: IntArray
    amount_cents: IntArray
    discount_cents: IntArray

    @property
    def n(self) -> int:
        return len(self.customer)

    def latest_before(self, customer: IntArray, seconds: IntArray) -> IntArray:
        """Index of each customer's latest order placed strictly before `seconds`, or -1 if none."""
        if self.n == 0:
            return np.full(len(customer), -1, dtype=np.int64)
        # Orders are sorted by (customer, time), so one combined key keeps them sorted for searchsorted.
        origin = min(int(self.seconds.min()), int(seconds.min(initial=0)))
        keys = (self.customer << _TIME_BITS) + (self.seconds - origin)
        found = np.searchsorted(keys, (customer << _TIME_BITS) + (seconds - origin), side="left") - 1
        same = (found >= 0) & (self.customer[np.maximum(found, 0)] == customer)
        return np.where(same, found, -1)


def generate_orders(rng: np.random.Generator, customers: Customers) -> Orders:
    """Draw every customer's orders inside their active window (signup up to churn or as-of)."""
    c = customers
    span_days = c.end_day - c.signup_day
    repeat = rng.poisson(c.frequency * span_days / 365.25)
    counts = np.select([c.buyer_kind == 0, c.buyer_kind == 1], [1 + repeat, 1], 0)
    customer = np.repeat(np.arange(c.n, dtype=np.int64), counts)
    starts = np.cumsum(counts) - counts
    first = np.zeros(len(customer), dtype=bool)
    first[starts[counts > 0]] = True

    start, end = c.signup_day[customer], c.end_day[customer]
    u = rng.random(len(customer))
    # Churners' buying tapers off towards the churn date; loyal customers buy more as they get to know
    # the shop, so their density rises towards the as-of date.
    shape = rng.random(len(customer)) < 0.8
    taper = c.churned[customer] & shape
    grow = ~c.churned[customer] & shape
    u = np.select([taper, grow], [1.0 - (1.0 - u) ** (1.0 / 1.5), u**0.33], u)
    # Most people buy for the first time right after signing up.
    end = np.where(first, np.minimum(end, start + FIRST_ORDER_WITHIN_DAYS), end)
    seconds = seconds_at(rng, day_in_window(rng, start, end, u), SHOPPING_HOURS)

    by_customer_time = by_customer(customer, seconds)
    customer, seconds = customer[by_customer_time], seconds[by_customer_time]
    number = np.empty_like(seconds)
    number[chronological(seconds, customer)] = np.arange(1, len(seconds) + 1)

    m = len(customer)
    favourite = rng.random(m) < FAVOURITE_SHARE
    category = np.where(favourite, c.favourite_category[customer], choice(rng, CATEGORY_WEIGHTS, m))
    channel = choice_by_group(rng, c.app_bound[customer] * 4 + c.acquisition[customer], CHANNEL_TABLE)

    basket = (
        CATEGORY_MEDIAN_YUAN[category] * c.basket[customer] * np.exp(rng.normal(0.0, 1.0, m) * CATEGORY_SIGMA[category])
    )
    # Shelf prices end in 9 (299, 1299, ...).
    list_cents = np.maximum(np.ceil(basket / 10.0) * 10.0 - 1.0, 9.0).astype(np.int64) * 100
    discounted = rng.random(m) < np.where(c.is_member[customer], 0.5, 0.3)
    fraction = DISCOUNT_FRACTIONS[choice(rng, DISCOUNT_FRACTION_WEIGHTS, m)]
    discount_cents = np.where(discounted, np.round(list_cents * fraction), 0).astype(np.int64)

    u = rng.random(m)
    returned_p = RETURN_P_BY_CATEGORY[category] + 0.03 * c.churned[customer]
    status = np.select([u < returned_p, u < returned_p + CANCEL_P], [1, 2], 0).astype(np.int64)

    return Orders(
        customer=customer,
        seconds=seconds,
        number=number,
        channel=channel,
        category=category,
        status=status,
        amount_cents=list_cents - discount_cents,
        discount_cents=discount_cents,
    )
