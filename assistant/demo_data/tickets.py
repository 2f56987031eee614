"""Support tickets: complaints carrying the planted themes, plus ordinary requests and questions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.demo_data import texts
from assistant.demo_data.compose import Noise, TextSpec, blend, compose, draw_slots, other_theme
from assistant.demo_data.domain import (
    ACTIVE_THEME_P,
    CHURNED_THEME_P,
    REQUEST_CATEGORY,
    REQUEST_TYPES,
    THEME_CATEGORY,
    THEMES,
    TICKET_CATEGORIES,
)
from assistant.demo_data.orders import Orders
from assistant.demo_data.population import RECENT_CHURN_DAYS, Customers
from assistant.demo_data.sampling import (
    SECONDS_PER_DAY,
    SUPPORT_HOURS,
    BoolArray,
    FloatArray,
    IntArray,
    choice,
    choice_by_group,
    chronological,
    day_in_window,
    seconds_at,
)

COMPLAINTS_PER_YEAR_ACTIVE = 0.30
COMPLAINTS_PER_YEAR_CHURNED = 0.55
PRE_CHURN_COMPLAINTS = 1.0  # extra complaints, on average, in the last 90 days before churning
REQUESTS_PER_YEAR = 0.30
DOMINANT_SHARE = 0.6  # share of a churned customer's complaints about their main grievance
CATEGORY_NOISE = 0.10

# Channel (phone, chat, email, app) by app_bound.
CHANNEL_TABLE: FloatArray = np.array([[0.38, 0.34, 0.28, 0.0], [0.20, 0.33, 0.15, 0.32]])
# Median minutes to a first reply per channel (phone, chat, email, app).
FIRST_REPLY_MINUTES: FloatArray = np.array([3.0, 12.0, 300.0, 90.0])
ASYNC_CHANNELS = (2, 3)
UNANSWERED_P_ACTIVE = 0.04
UNANSWERED_P_CHURNED = 0.08
AUTO_CLOSE_DAYS = 7

COMPLAINT_NOISE = Noise(secondary=0.15, opener=0.45, closer=0.40, pii=0.03, hostile=0.002, typo=0.10)
REQUEST_NOISE = Noise(opener=0.5, closer=0.5, pii=0.05, hostile=0.002, typo=0.10)


@dataclass(frozen=True)
class Tickets:
    """Tickets in chronological order; timestamps are seconds since the epoch, -1 meaning NULL."""

    customer: IntArray
    created: IntArray
    channel: IntArray
    category: IntArray
    is_complaint: BoolArray
    priority: IntArray
    language: IntArray
    theme: IntArray  # planted theme of complaints, -1 for requests
    first_response: IntArray
    resolved: IntArray
    status: IntArray
    description: TextSpec
    subject: TextSpec

    @property
    def n(self) -> int:
        return len(self.customer)


def generate_tickets(rng: np.random.Generator, customers: Customers, orders: Orders) -> Tickets:
    """Draw complaints and requests inside each customer's active window."""
    c = customers
    years = (c.end_day - c.signup_day) / 365.25
    ordered = np.bincount(orders.customer, minlength=c.n) > 0
    rate = np.where(c.churned, COMPLAINTS_PER_YEAR_CHURNED, COMPLAINTS_PER_YEAR_ACTIVE)
    base = rng.poisson(rate * years) * ordered
    burst = rng.poisson(PRE_CHURN_COMPLAINTS, c.n) * (ordered & c.churned)
    requests = rng.poisson(REQUESTS_PER_YEAR * years)
    ids = np.arange(c.n, dtype=np.int64)
    customer = np.concatenate([np.repeat(ids, base), np.repeat(ids, burst), np.repeat(ids, requests)])
    in_burst = np.concatenate([np.zeros(base.sum(), bool), np.ones(burst.sum(), bool), np.zeros(requests.sum(), bool)])
    is_complaint = np.concatenate([np.ones(base.sum() + burst.sum(), bool), np.zeros(requests.sum(), bool)])

    start, end = c.signup_day[customer], c.end_day[customer]
    start = np.where(in_burst, np.maximum(start, end - RECENT_CHURN_DAYS), start)
    created = seconds_at(rng, day_in_window(rng, start, end), SUPPORT_HOURS)
    order = chronological(created, customer)
    customer, created = customer[order], created[order]
    in_burst, is_complaint = in_burst[order], is_complaint[order]
    n = len(customer)
    churned = c.churned[customer]

    # Churned customers mostly complain about their one main grievance, above all just before leaving.
    dominant = churned & (rng.random(n) < np.where(in_burst, 0.75, DOMINANT_SHARE))
    fresh = np.where(churned, choice(rng, CHURNED_THEME_P, n), choice(rng, ACTIVE_THEME_P, n))
    theme = np.where(is_complaint, np.where(dominant, c.dominant_theme[customer], fresh), -1)
    request = np.where(is_complaint, -1, choice(rng, [1.0] * len(REQUEST_TYPES), n))

    category = np.where(is_complaint, THEME_CATEGORY[np.maximum(theme, 0)], REQUEST_CATEGORY[np.maximum(request, 0)])
    noisy = rng.random(n) < CATEGORY_NOISE
    category = np.where(noisy, rng.integers(0, len(TICKET_CATEGORIES), n), category).astype(np.int64)
    angry = is_complaint & (rng.random(n) < 0.4)
    priority = np.select(
        [angry, is_complaint],
        [choice(rng, [0.1, 0.4, 0.5], n), choice(rng, [0.3, 0.55, 0.15], n)],
        choice(rng, [0.6, 0.35, 0.05], n),
    )
    channel = choice_by_group(rng, c.app_bound[customer].astype(np.int64), CHANNEL_TABLE)
    first_response, resolved, status = _service_times(rng, created, channel, priority, churned, theme, c.as_of_day)

    lang = c.language[customer]
    slots = draw_slots(rng, customers, orders, customer, created)
    complaint_theme = np.maximum(theme, 0)
    request_type = np.maximum(request, 0)
    secondary = np.where(
        churned,
        other_theme(rng, complaint_theme, CHURNED_THEME_P),
        other_theme(rng, complaint_theme, ACTIVE_THEME_P),
    )
    description = compose(
        rng,
        customer=customer,
        lang=lang,
        body_bank=np.where(is_complaint, texts.COMPLAINT + complaint_theme, texts.REQUEST + request_type),
        slots=slots,
        noise=blend(is_complaint, COMPLAINT_NOISE, REQUEST_NOISE),
        secondary_bank=texts.SECONDARY + secondary,
        angry=angry,
    )
    subject = compose(
        rng,
        customer=customer,
        lang=lang,
        body_bank=np.where(is_complaint, texts.SUBJECT + complaint_theme, texts.REQUEST_SUBJECT + request_type),
        slots=slots,
    )

    return Tickets(
        customer=customer,
        created=created,
        channel=channel,
        category=category,
        is_complaint=is_complaint,
        priority=priority,
        language=lang,
        theme=theme,
        first_response=first_response,
        resolved=resolved,
        status=status,
        description=description,
        subject=subject,
    )


def _service_times(
    rng: np.random.Generator,
    created: IntArray,
    channel: IntArray,
    priority: IntArray,
    churned: BoolArray,
    theme: IntArray,
    as_of_day: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """First reply, resolution and status; customers who later churn were served more slowly."""
    n = len(created)
    limit = as_of_day * SECONDS_PER_DAY
    slow = np.where(churned, 2.2, 1.0) * np.where(theme == THEMES.index("slow_support_response"), 2.5, 1.0)
    minutes = FIRST_REPLY_MINUTES[channel] * np.exp(rng.normal(0.0, 1.2, n)) * slow * np.where(priority == 2, 0.6, 1.0)
    delay = np.clip(minutes * 60.0, 30.0, 14 * SECONDS_PER_DAY).astype(np.int64)
    # Written channels are not staffed at night: the clock only starts at 08:00.
    hour = (created % SECONDS_PER_DAY) // 3600
    night = np.isin(channel, ASYNC_CHANNELS) & ((hour < 8) | (hour >= 21))
    wait_until_8 = ((8 - hour) % 24) * 3600 - created % 3600
    delay = delay + np.where(night, wait_until_8, 0)
    answered = rng.random(n) >= np.where(churned, UNANSWERED_P_CHURNED, UNANSWERED_P_ACTIVE)
    first = created + delay
    answered &= first < limit

    hours_to_fix = np.exp(rng.normal(np.log(20.0), 1.1, n)) * np.where(churned, 1.6, 1.0)
    done = np.where(
        answered, first + (hours_to_fix * 3600).astype(np.int64), created + AUTO_CLOSE_DAYS * SECONDS_PER_DAY
    )
    is_done = (done < limit) & (rng.random(n) >= 0.02)
    status = np.where(is_done, np.where(~answered | (rng.random(n) < 0.3), 2, 1), 0)
    return np.where(answered, first, -1), np.where(is_done, done, -1), status
