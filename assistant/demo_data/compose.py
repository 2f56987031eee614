"""Plans for free texts: which templates, slot values and noise each text gets.

Nothing here builds a string: a `TextSpec` holds, per text, the bank entries to join and the slot
values to put in, and the writer assembles the texts inside DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.demo_data import texts
from assistant.demo_data.orders import Orders
from assistant.demo_data.population import Customers
from assistant.demo_data.sampling import BoolArray, FloatArray, IntArray, choice
from assistant.demo_data.vocab import COURIERS, GADGETS, GARMENTS, LIQUIDS, PRODUCTS_PER_CATEGORY

NONE = -1
COUPONS = np.array([10, 20, 30, 50, 100], dtype=np.int64)


def _product_index(pairs: tuple[tuple[int, int], ...]) -> IntArray:
    return np.array([category * PRODUCTS_PER_CATEGORY + k for category, k in pairs], dtype=np.int64)


GADGET_INDEX = _product_index(GADGETS)
GARMENT_INDEX = _product_index(GARMENTS)
LIQUID_INDEX = _product_index(LIQUIDS)


@dataclass(frozen=True)
class Slots:
    """Values for the template slots, one per text."""

    product: IntArray  # category * PRODUCTS_PER_CATEGORY + variant, like the three below
    gadget: IntArray
    garment: IntArray
    liquid: IntArray
    order_number: IntArray
    days: IntArray
    hours: IntArray
    amount_cents: IntArray
    fee_cents: IntArray
    count: IntArray
    pct: IntArray
    coupon: IntArray
    courier: IntArray
    city: IntArray


@dataclass(frozen=True)
class TextSpec:
    """Per text: the customer and language, (bank, variant) pairs for each piece, and the noise.

    A piece whose bank is NONE is left out. Typo kinds: 0 none, 1 swap, 2 drop, 3 double a letter.
    """

    customer: IntArray
    lang: IntArray
    body: tuple[IntArray, IntArray]
    secondary: tuple[IntArray, IntArray]
    opener: tuple[IntArray, IntArray]
    closer: tuple[IntArray, IntArray]
    pii: tuple[IntArray, IntArray]
    hostile: tuple[IntArray, IntArray]
    hostile_first: BoolArray
    typo_kind: tuple[IntArray, IntArray]
    typo_pos: tuple[FloatArray, FloatArray]
    slots: Slots

    @property
    def n(self) -> int:
        return len(self.customer)


@dataclass(frozen=True)
class Noise:
    """How often each kind of noise is added: one probability for all rows, or one per row."""

    secondary: float | FloatArray = 0.0
    opener: float | FloatArray = 0.0
    closer: float | FloatArray = 0.0
    pii: float | FloatArray = 0.0
    hostile: float | FloatArray = 0.0
    typo: float | FloatArray = 0.0  # English texts only


PLAIN = Noise()


def blend(mask: BoolArray, a: Noise, b: Noise) -> Noise:
    """Per-row noise: `a` where `mask` holds, `b` elsewhere."""
    return Noise(
        secondary=np.where(mask, a.secondary, b.secondary),
        opener=np.where(mask, a.opener, b.opener),
        closer=np.where(mask, a.closer, b.closer),
        pii=np.where(mask, a.pii, b.pii),
        hostile=np.where(mask, a.hostile, b.hostile),
        typo=np.where(mask, a.typo, b.typo),
    )


def draw_slots(
    rng: np.random.Generator, customers: Customers, orders: Orders, customer: IntArray, seconds: IntArray
) -> Slots:
    """Slot values that agree with the data: the order a text mentions is the customer's latest one."""
    n = len(customer)
    ref = orders.latest_before(customer, seconds)
    has_ref = ref >= 0
    ref = np.maximum(ref, 0)
    category = np.where(has_ref, orders.category[ref], choice(rng, [1.0] * 5, n))
    # Without an earlier order the customer quotes some number of their own making.
    random_order = rng.integers(1, max(orders.n, 1) + 1, n)
    random_amount = np.ceil(np.exp(rng.normal(6.5, 1.0, n)) / 10.0).astype(np.int64) * 1000 - 100
    return Slots(
        product=category * PRODUCTS_PER_CATEGORY + rng.integers(0, PRODUCTS_PER_CATEGORY, n),
        gadget=GADGET_INDEX[rng.integers(0, len(GADGET_INDEX), n)],
        garment=GARMENT_INDEX[rng.integers(0, len(GARMENT_INDEX), n)],
        liquid=LIQUID_INDEX[rng.integers(0, len(LIQUID_INDEX), n)],
        order_number=np.where(has_ref, orders.number[ref], random_order),
        days=rng.integers(3, 16, n),
        hours=rng.integers(3, 73, n),
        amount_cents=np.where(has_ref, orders.amount_cents[ref], random_amount),
        fee_cents=rng.integers(5, 300, n) * 100,
        count=rng.integers(2, 7, n),
        pct=rng.integers(10, 46, n),
        coupon=COUPONS[rng.integers(0, len(COUPONS), n)],
        courier=rng.integers(0, len(COURIERS), n),
        city=customers.city[customer],
    )


def compose(
    rng: np.random.Generator,
    *,
    customer: IntArray,
    lang: IntArray,
    body_bank: IntArray,
    slots: Slots,
    noise: Noise = PLAIN,
    secondary_bank: IntArray | None = None,
    angry: BoolArray | None = None,
) -> TextSpec:
    """Plan one text per row from `body_bank`, adding the pieces and noise `noise` asks for.

    `secondary_bank` is where a second-theme sentence comes from when one is added; `angry` rows
    close with an angry sign-off instead of a polite one.
    """
    n = len(customer)

    def optional(p: float | FloatArray, bank: IntArray | int) -> tuple[IntArray, IntArray]:
        banks = np.where(rng.random(n) < p, bank, NONE)
        return banks, np.where(banks >= 0, texts.pick(rng, np.maximum(banks, 0), lang), 0)

    none = np.full(n, NONE, dtype=np.int64)
    secondary = optional(noise.secondary, none if secondary_bank is None else secondary_bank)
    is_angry = np.zeros(n, dtype=bool) if angry is None else angry
    closer_bank = np.where(is_angry, texts.CLOSER_ANGRY, texts.CLOSER_POLITE)
    english = lang == 0
    typo1 = english & (rng.random(n) < noise.typo)
    typo2 = typo1 & (rng.random(n) < 0.3)
    return TextSpec(
        customer=customer,
        lang=lang,
        body=(body_bank, texts.pick(rng, body_bank, lang)),
        secondary=secondary,
        opener=optional(noise.opener, texts.OPENER),
        closer=optional(noise.closer, closer_bank),
        pii=optional(noise.pii, texts.PII),
        hostile=optional(noise.hostile, texts.HOSTILE_TEXT),
        hostile_first=rng.random(n) < 0.5,
        typo_kind=(np.where(typo1, rng.integers(1, 4, n), 0), np.where(typo2, rng.integers(1, 4, n), 0)),
        typo_pos=(rng.random(n), rng.random(n)),
        slots=slots,
    )


def other_theme(rng: np.random.Generator, theme: IntArray, weights: FloatArray) -> IntArray:
    """A theme drawn from `weights` per row, never the row's own `theme`."""
    drawn = choice(rng, weights, len(theme))
    shift = rng.integers(1, len(weights), len(theme))
    return np.where(drawn == theme, (theme + shift) % len(weights), drawn)
