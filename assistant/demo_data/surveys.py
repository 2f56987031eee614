"""Survey responses: NPS and CSAT scores and occasional comments, lower for customers who churn."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.demo_data import texts
from assistant.demo_data.compose import Noise, TextSpec, compose, draw_slots
from assistant.demo_data.domain import ACTIVE_THEME_P, CHURNED_THEME_P
from assistant.demo_data.orders import Orders
from assistant.demo_data.population import Customers
from assistant.demo_data.sampling import (
    SECONDS_PER_DAY,
    SHOPPING_HOURS,
    BoolArray,
    FloatArray,
    IntArray,
    choice,
    choice_by_group,
    chronological,
    day_in_window,
    seconds_at,
)

RESPONSES_PER_YEAR = 0.55
# Touchpoint (purchase, delivery, after_sales, app) by app_bound.
TOUCHPOINT_TABLE: FloatArray = np.array([[0.45, 0.35, 0.20, 0.0], [0.35, 0.30, 0.15, 0.20]])
MEAN_SATISFACTION_ACTIVE = 8.2
MEAN_SATISFACTION_CHURNED = 6.3
PRE_CHURN_DIP = 1.2  # extra drop in the 120 days before churning
NPS_MISSING = 0.15
CSAT_MISSING = 0.12
COMMENT_P_NEGATIVE = 0.35
COMMENT_P_OTHER = 0.12
COMMENT_NOISE = Noise(pii=0.01, hostile=0.002, typo=0.10)


@dataclass(frozen=True)
class Surveys:
    """Responses in chronological order; a score of -1 means NULL, `theme` -1 means none planted."""

    customer: IntArray
    responded: IntArray
    touchpoint: IntArray
    nps: IntArray
    csat: IntArray
    language: IntArray
    has_comment: BoolArray
    theme: IntArray
    comment: TextSpec  # one text per response with a comment, in response order

    @property
    def n(self) -> int:
        return len(self.customer)


def generate_surveys(rng: np.random.Generator, customers: Customers, orders: Orders) -> Surveys:
    """Draw responses inside each customer's active window, with scores and comments."""
    c = customers
    counts = rng.poisson(RESPONSES_PER_YEAR * (c.end_day - c.signup_day) / 365.25)
    customer = np.repeat(np.arange(c.n, dtype=np.int64), counts)
    responded = seconds_at(rng, day_in_window(rng, c.signup_day[customer], c.end_day[customer]), SHOPPING_HOURS)
    order = chronological(responded, customer)
    customer, responded = customer[order], responded[order]
    n = len(customer)
    churned = c.churned[customer]

    days_to_churn = c.end_day[customer] - responded // SECONDS_PER_DAY
    mood = np.where(churned, MEAN_SATISFACTION_CHURNED, MEAN_SATISFACTION_ACTIVE)
    mood = mood - np.where(churned & (days_to_churn <= 120), PRE_CHURN_DIP, 0.0)
    nps = np.clip(np.rint(mood + rng.normal(0.0, 1.8, n)), 0, 10).astype(np.int64)
    csat = np.clip(np.rint(mood + 0.3 + rng.normal(0.0, 1.5, n)), 1, 10).astype(np.int64)
    nps = np.where(rng.random(n) < NPS_MISSING, -1, nps)
    csat = np.where(rng.random(n) < CSAT_MISSING, -1, csat)

    negative = ((nps >= 0) & (nps <= 6)) | ((csat >= 1) & (csat <= 5))
    has_comment = rng.random(n) < np.where(negative, COMMENT_P_NEGATIVE, COMMENT_P_OTHER)
    dominant = churned & (rng.random(n) < 0.5)
    fresh = np.where(churned, choice(rng, CHURNED_THEME_P, n), choice(rng, ACTIVE_THEME_P, n))
    theme = np.where(has_comment & negative, np.where(dominant, c.dominant_theme[customer], fresh), -1)
    positive = (nps >= 9) | ((nps < 0) & (csat >= 8)) | (rng.random(n) < 0.3)
    body = np.select(
        [theme >= 0, positive],
        [texts.SURVEY_NEGATIVE + np.maximum(theme, 0), np.full(n, texts.SURVEY_POSITIVE)],
        texts.SURVEY_NEUTRAL,
    )
    lang = c.language[customer]
    rows = np.flatnonzero(has_comment)
    comment = compose(
        rng,
        customer=customer[rows],
        lang=lang[rows],
        body_bank=body[rows],
        slots=draw_slots(rng, customers, orders, customer[rows], responded[rows]),
        noise=COMMENT_NOISE,
    )
    return Surveys(
        customer=customer,
        responded=responded,
        touchpoint=choice_by_group(rng, c.app_bound[customer].astype(np.int64), TOUCHPOINT_TABLE),
        nps=nps,
        csat=csat,
        language=lang,
        has_comment=has_comment,
        theme=theme,
        comment=comment,
    )
