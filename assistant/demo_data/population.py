"""The customer population: who they are, when they joined, whether and why they left.

Besides the visible columns this draws the latent traits the activity generators need (how often a
customer buys, how big their baskets are, the grievance that drove a churned customer away).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.demo_data import vocab
from assistant.demo_data.domain import CATEGORY_WEIGHTS, CHURNED_THEME_P, THEME_CHURN_REASON
from assistant.demo_data.sampling import (
    BoolArray,
    FloatArray,
    IntArray,
    choice,
    choice_by_group,
    day_in_window,
)

HISTORY_DAYS = 5 * 365
MIN_DAYS_BEFORE_CHURN = 45
RECENT_CHURN_DAYS = 90

ACQUISITION_WEIGHTS = [0.36, 0.30, 0.24, 0.10]  # app, web, store, partner
# Daily churn hazard by acquisition channel (app, web, store, partner): partner-acquired customers
# are the least loyal.
CHURN_HAZARD_BY_ACQUISITION: FloatArray = np.array([1.0, 1.15, 1.05, 1.45]) / 2800.0
RECENT_WAVE_P = 0.025
APP_BOUND_P_BY_ACQUISITION: FloatArray = np.array([0.93, 0.45, 0.30, 0.40])

# Churn reasons when the CRM did not record the grievance: price, product_quality, delivery, service,
# competitor, other.
OTHER_CHURN_REASON_WEIGHTS = [0.15, 0.10, 0.10, 0.15, 0.35, 0.15]


@dataclass(frozen=True)
class Customers:
    """One entry per customer in every array; days are counted from 1970-01-01."""

    as_of_day: int
    city: IntArray
    region: IntArray
    acquisition: IntArray
    chinese_name: BoolArray
    surname: IntArray
    given: IntArray
    first: IntArray
    last: IntArray
    email_style: IntArray
    email_domain: IntArray
    email_number: IntArray
    phone: IntArray
    language: IntArray
    signup_day: IntArray
    churned: BoolArray
    end_day: IntArray  # churn day, or the as-of day for active customers: activity stops before it
    churn_reason: IntArray  # -1 for active customers
    dominant_theme: IntArray  # the churned customer's main grievance; -1 for active customers
    is_member: BoolArray
    app_bound: BoolArray
    frequency: FloatArray  # expected orders per year
    basket: FloatArray  # multiplier on basket size
    favourite_category: IntArray
    buyer_kind: IntArray  # 0 repeat buyer, 1 one-time buyer, 2 never ordered

    @property
    def n(self) -> int:
        return len(self.city)


def generate_customers(rng: np.random.Generator, n: int, as_of_day: int) -> Customers:
    """Draw `n` customers who signed up in the five years before `as_of_day`."""
    city_weights = [c[3] for c in vocab.CITIES]
    city = choice(rng, city_weights, n)
    region = np.array([c[0] for c in vocab.CITIES], dtype=np.int64)[city]
    acquisition = choice(rng, ACQUISITION_WEIGHTS, n)

    chinese_name = rng.random(n) < 0.52
    surname = choice(rng, [s[2] for s in vocab.SURNAMES], n)
    given = rng.integers(0, len(vocab.GIVEN_NAMES), n)
    first = rng.integers(0, len(vocab.FIRST_NAMES), n)
    last = rng.integers(0, len(vocab.LAST_NAMES), n)
    # Styles 0-2 build the address from the name; 3 is a QQ number (Chinese names only).
    email_style = np.where(chinese_name, choice(rng, [0.3, 0.25, 0.1, 0.35], n), choice(rng, [0.45, 0.3, 0.25], n))
    domain_table = np.array([[d[1] for d in vocab.EMAIL_DOMAINS], [d[2] for d in vocab.EMAIL_DOMAINS]])
    email_domain = choice_by_group(rng, (~chinese_name).astype(np.int64), domain_table)
    email_number = np.where(email_style == 3, rng.integers(10_000_000, 3_000_000_000, n), rng.integers(1, 10_000, n))
    prefixes = np.array(vocab.PHONE_PREFIXES, dtype=np.int64)
    phone = prefixes[rng.integers(0, len(prefixes), n)] * 100_000_000 + rng.integers(0, 100_000_000, n)
    language = (rng.random(n) < np.where(chinese_name, 0.88, 0.12)).astype(np.int64)

    # Later cohorts are larger: the business grew over the five years.
    signup_day = as_of_day - 1 - np.floor(rng.random(n) ** 1.1 * (HISTORY_DAYS - 1)).astype(np.int64)

    frequency = np.exp(rng.normal(np.log(4.8), 0.6, n))
    basket = np.exp(rng.normal(1.15, 0.8, n))
    buyer_kind = choice(rng, [0.88, 0.08, 0.04], n)
    favourite_category = choice(rng, CATEGORY_WEIGHTS, n)

    spend_z = np.log(frequency * basket)
    spend_z = (spend_z - spend_z.mean()) / spend_z.std()
    is_member = rng.random(n) < 1.0 / (1.0 + np.exp(0.5 - 1.1 * spend_z))
    app_bound = rng.random(n) < np.minimum(APP_BOUND_P_BY_ACQUISITION[acquisition] + 0.1 * is_member, 0.97)

    churned, end_day = _churn_days(rng, signup_day, acquisition, spend_z, as_of_day)
    dominant_theme = np.where(churned, choice(rng, CHURNED_THEME_P, n), -1)
    recorded = rng.random(n) < 0.72
    reason = np.where(
        recorded,
        THEME_CHURN_REASON[np.maximum(dominant_theme, 0)],
        choice(rng, OTHER_CHURN_REASON_WEIGHTS, n),
    )
    churn_reason = np.where(churned, reason, -1)

    return Customers(
        as_of_day=as_of_day,
        city=city,
        region=region,
        acquisition=acquisition,
        chinese_name=chinese_name,
        surname=surname,
        given=given,
        first=first,
        last=last,
        email_style=email_style,
        email_domain=email_domain,
        email_number=email_number,
        phone=phone,
        language=language,
        signup_day=signup_day,
        churned=churned,
        end_day=end_day,
        churn_reason=churn_reason,
        dominant_theme=dominant_theme,
        is_member=is_member,
        app_bound=app_bound,
        frequency=frequency,
        basket=basket,
        favourite_category=favourite_category,
        buyer_kind=buyer_kind,
    )


def _churn_days(
    rng: np.random.Generator, signup_day: IntArray, acquisition: IntArray, spend_z: FloatArray, as_of_day: int
) -> tuple[BoolArray, IntArray]:
    """Who churned and when: a constant hazard after the first weeks, plus a wave in the last quarter."""
    n = len(signup_day)
    earliest = signup_day + MIN_DAYS_BEFORE_CHURN
    hazard = CHURN_HAZARD_BY_ACQUISITION[acquisition] * np.exp(-0.15 * np.clip(spend_z, -2, 2))
    day = earliest + np.floor(rng.exponential(1.0, n) / hazard).astype(np.int64)
    # The recent wave makes "customers who churned in the last three months" a sizeable cohort.
    wave_start = np.maximum(earliest, as_of_day + 1 - RECENT_CHURN_DAYS)
    in_wave = (day > as_of_day) & (wave_start <= as_of_day) & (rng.random(n) < RECENT_WAVE_P)
    day = np.where(in_wave, day_in_window(rng, wave_start, np.full(n, as_of_day + 1, dtype=np.int64)), day)
    churned = day <= as_of_day
    return churned, np.where(churned, day, as_of_day)
