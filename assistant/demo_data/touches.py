"""Marketing touches: promotions, care messages and win-back campaigns aimed at churned customers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.demo_data.population import Customers
from assistant.demo_data.sampling import (
    CAMPAIGN_HOURS,
    BoolArray,
    FloatArray,
    IntArray,
    choice_by_group,
    chronological,
    day_in_window,
    seconds_at,
)

PROMOTIONS_PER_YEAR = 1.6
PROMOTION_DAYS_AFTER_CHURN = 180
CARE_PER_YEAR = 0.4
WINBACKS_PER_CHURNER = 2.2
AT_RISK_SHARE = 0.06  # active customers who also get a win-back attempt
AT_RISK_DAYS = 180

WINBACK, PROMOTION, CARE = 0, 1, 2
# Channel (sms, app_push, email) by app_bound: push needs the app.
CHANNEL_TABLE: FloatArray = np.array([[0.55, 0.0, 0.45], [0.30, 0.45, 0.25]])
DELIVERED_P: FloatArray = np.array([0.96, 0.85, 0.90])
OPENED_P: FloatArray = np.array([0.18, 0.10, 0.22])  # given delivered
CONVERTED_P: FloatArray = np.array([0.05, 0.03, 0.01])  # given delivered, by campaign


@dataclass(frozen=True)
class Touches:
    """Touches in chronological order."""

    customer: IntArray
    sent: IntArray
    channel: IntArray
    campaign: IntArray
    delivered: BoolArray
    opened: BoolArray
    converted: BoolArray

    @property
    def n(self) -> int:
        return len(self.customer)


def generate_touches(rng: np.random.Generator, customers: Customers) -> Touches:
    """Draw every campaign's sends; nothing is sent on or after the as-of day."""
    c = customers
    n = c.n
    as_of = c.as_of_day
    promo_end = np.minimum(np.where(c.churned, c.end_day + PROMOTION_DAYS_AFTER_CHURN, as_of), as_of)
    winback_start = np.where(c.churned, c.end_day, np.maximum(c.signup_day, as_of - AT_RISK_DAYS))
    winback_counts = np.where(
        c.churned,
        rng.poisson(WINBACKS_PER_CHURNER, n),
        (rng.random(n) < AT_RISK_SHARE) * (1 + rng.poisson(0.5, n)),
    )
    winback_counts = winback_counts * (winback_start < as_of)
    batches = [
        (
            PROMOTION,
            c.signup_day,
            promo_end,
            rng.poisson(PROMOTIONS_PER_YEAR * (promo_end - c.signup_day) / 365.25),
        ),
        (CARE, c.signup_day, c.end_day, rng.poisson(CARE_PER_YEAR * (c.end_day - c.signup_day) / 365.25)),
        (WINBACK, winback_start, np.full(n, as_of, dtype=np.int64), winback_counts),
    ]
    customer = np.concatenate([np.repeat(np.arange(n, dtype=np.int64), counts) for _, _, _, counts in batches])
    campaign = np.concatenate([np.full(counts.sum(), code, dtype=np.int64) for code, _, _, counts in batches])
    start = np.concatenate([np.repeat(lo, counts) for _, lo, _, counts in batches])
    end = np.concatenate([np.repeat(hi, counts) for _, _, hi, counts in batches])
    sent = seconds_at(rng, day_in_window(rng, start, end), CAMPAIGN_HOURS)

    order = chronological(sent, customer)
    customer, sent, campaign = customer[order], sent[order], campaign[order]
    m = len(customer)
    channel = choice_by_group(rng, c.app_bound[customer].astype(np.int64), CHANNEL_TABLE)
    # Many churned customers have uninstalled the app, so pushes after churn rarely land.
    after_churn = c.churned[customer] & (sent >= c.end_day[customer] * 86_400)
    delivered_p = DELIVERED_P[channel] * np.where(after_churn & (channel == 1), 0.6, 1.0)
    delivered = rng.random(m) < delivered_p
    opened = delivered & (rng.random(m) < OPENED_P[channel])
    converted = delivered & (rng.random(m) < CONVERTED_P[campaign] * np.where(opened, 3.0, 0.5))
    return Touches(
        customer=customer,
        sent=sent,
        channel=channel,
        campaign=campaign,
        delivered=delivered,
        opened=opened,
        converted=converted,
    )
