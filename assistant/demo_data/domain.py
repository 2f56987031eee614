"""Label sets of every categorical column and the planted-theme model shared by the generators.

Generators work with small integer codes; the writer turns codes into these labels, so the order of
each tuple is part of the contract between them.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

REGIONS = ("North", "South", "East", "West", "Central")
ACQUISITION_CHANNELS = ("app", "web", "store", "partner")
TIERS = ("A", "B", "C", "D")
CUSTOMER_STATUSES = ("active", "churned")
CHURN_REASONS = ("price", "product_quality", "delivery", "service", "competitor", "other")
LANGUAGES = ("en", "zh")

ORDER_CHANNELS = ("app", "web", "store")
ORDER_CATEGORIES = ("electronics", "apparel", "home", "beauty", "grocery")
CATEGORY_WEIGHTS = [0.16, 0.24, 0.18, 0.16, 0.26]  # how often each category is bought
ORDER_STATUSES = ("completed", "returned", "cancelled")

TICKET_CHANNELS = ("phone", "chat", "email", "app")
TICKET_CATEGORIES = ("delivery", "product", "service", "billing", "app", "other")
PRIORITIES = ("low", "medium", "high")
TICKET_STATUSES = ("open", "resolved", "closed")

TOUCHPOINTS = ("purchase", "delivery", "after_sales", "app")
TOUCH_CHANNELS = ("sms", "app_push", "email")
CAMPAIGNS = ("winback", "promotion", "care")

THEMES = (
    "delivery_delay",
    "damaged_or_defective",
    "slow_support_response",
    "unhelpful_support",
    "refund_return_hassle",
    "price_too_high",
    "app_website_problems",
    "payment_failure",
    "billing_error",
    "membership_benefits",
)

# Non-complaint tickets: questions and requests, each with the category an agent would file it under.
REQUEST_TYPES = (
    "change_address",
    "order_status",
    "invoice_request",
    "coupon_howto",
    "product_question",
    "account_change",
    "membership_question",
    "return_policy",
)
REQUEST_CATEGORY = np.array([0, 0, 3, 5, 1, 4, 5, 2], dtype=np.int8)

FloatArray = npt.NDArray[np.float64]

# The skew behind the headline question: churned customers mostly fought with support, refunds and
# prices (0.68 together); active customers mostly with late parcels and the app (0.52 together).
CHURNED_THEME_P: FloatArray = np.array([0.07, 0.07, 0.20, 0.17, 0.16, 0.15, 0.05, 0.03, 0.05, 0.05])
ACTIVE_THEME_P: FloatArray = np.array([0.30, 0.11, 0.06, 0.04, 0.06, 0.05, 0.22, 0.06, 0.05, 0.05])

# Coarse category an agent files each theme under (index into TICKET_CATEGORIES).
THEME_CATEGORY = np.array([0, 1, 2, 2, 3, 5, 4, 3, 3, 5], dtype=np.int8)

# The churn reason a CRM would record for a customer whose dominant grievance is each theme
# (index into CHURN_REASONS).
THEME_CHURN_REASON = np.array([2, 1, 3, 3, 3, 0, 5, 5, 0, 0], dtype=np.int8)
