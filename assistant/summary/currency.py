"""Money in summaries follows the model's `locale.currency` (DESIGN.md §10): the symbols of each currency, and
the check that rejects an LLM summary writing another currency's symbol ("$57,370,018.75" for CNY amounts)."""

from __future__ import annotations

import re

SYMBOLS: dict[str, tuple[str, ...]] = {
    "CNY": ("¥", "￥", "元", "RMB", "CNY", "yuan"),
    "USD": ("$", "US$", "USD", "dollars"),
    "EUR": ("€", "EUR", "euros"),
    "GBP": ("£", "GBP", "pounds"),
    "JPY": ("¥", "円", "JPY", "yen"),
    "HKD": ("HK$", "HKD", "港元", "港币"),
}


def wrong_currency(text: str, currency: str) -> str | None:
    """The first symbol of another currency next to a number in `text`, if any (ours never counts as wrong)."""
    ours = set(SYMBOLS.get(currency, (currency,)))
    for other, symbols in SYMBOLS.items():
        if other == currency:
            continue
        for symbol in symbols:
            if symbol in ours or (symbol.isalpha() and symbol.lower() in {s.lower() for s in ours}):
                continue
            escaped = re.escape(symbol)
            near_number = (
                rf"{escaped}\s?\d|\d\s?{escaped}"
                if not symbol.isalpha()
                else rf"\d[\d,.]*\s?{escaped}\b|\b{escaped}\s?\d"
            )
            if re.search(near_number, text):
                return symbol
    return None
