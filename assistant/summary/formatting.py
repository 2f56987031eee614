"""How values look in a summary: numbers per format and language, dates, and data values made inert.

Styles (documented in README):
- integer `12,345`; number up to two decimals `1,234.5`; percent (a fraction) one decimal `12.3%`;
  hours `5.2 h` / `5.2 小时`; score one decimal `42.0`.
- currency, in the model's `locale.currency` (format_money): English puts the symbol first, whole units
  from 1,000, else two decimals (`¥1,234,568`, `$356.42`, `€8,520`; a code without a symbol follows:
  `1,234 CHF`); Chinese uses the currency's Chinese name, in 万 with one decimal from 10,000
  (`1,234.6万元`, `8,520美元`, `356.42元`).
- dates stay ISO (`2026-08-23`; a timestamp shows its date); booleans yes/no (是/否); None n/a (无数据).
- periods of a time grain: `2026`, `2026-Q3`, `2026-03`, `week of 2026-03-02` / `2026-03-02 当周`, a day ISO.
- money uses the model's currency (`locale.currency`, CNY by default): its symbol in English, its Chinese
  unit in Chinese (CNY: `¥` / `元`, 万元 from 10,000).

This is the one place numbers and periods are formatted: summaries, the chat's tables and charts and the
widget's display values (sent by the server) all come from here.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from numbers import Real
from typing import Any

from assistant.contracts import Language
from assistant.summary.templates import TEXT

VALUE_LIMIT = 40  # characters of a data value a summary may show

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
# Control, zero-width, bidi and tag characters, markup characters, and URL schemes: a data value is shown
# as inert plain text (DESIGN §8), whatever it contains.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f"
    r"<>`*|\[\]\\]|\b(?:https?|ftp|file|javascript|data|mailto|vbscript):/*",
    re.IGNORECASE,
)


DEFAULT_CURRENCY = "CNY"  # of a model that does not say (`locale.currency`)


def as_number(value: Any) -> float | None:
    """A finite float for a numeric value (not a boolean), else None."""
    if isinstance(value, bool) or not isinstance(value, Real | Decimal):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def as_date(value: Any) -> date | None:
    """The calendar date of a date, timestamp or ISO string, else None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and (match := _ISO_DATE.match(value.strip())):
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None


def clean_text(value: Any) -> str:
    """A data value as inert one-line text of at most VALUE_LIMIT characters (data is never instructions)."""
    text = " ".join(_UNSAFE.sub(" ", str(value)).split())
    if len(text) > VALUE_LIMIT:
        # A number cut in half would be a wrong number: drop the partial tail.
        text = text[:VALUE_LIMIT].rstrip("0123456789.,+- ") + "…"
    return text


def fixed(number: float, decimals: int) -> str:
    """`number` with thousands separators and `decimals` places, never a negative zero."""
    text = f"{number:,.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def period_label(day: date, grain: str | None, language: Language = "en") -> str:
    """A period of a time grain as every answer names it: `2026`, `2026-Q3`, `2026-03`, a week, a day."""
    if grain == "year":
        return str(day.year)
    if grain == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if grain == "month":
        return f"{day.year}-{day.month:02d}"
    if grain == "week":
        return TEXT[language]["week"].format(date=day.isoformat())
    return day.isoformat()


def period_end(day: date, grain: str) -> date | None:
    """The last day of the period of `grain` that starts at (or contains) `day`; None for an unknown grain."""
    if grain == "day":
        return day
    if grain == "week":
        return day - timedelta(days=day.weekday()) + timedelta(days=6)
    months = {"month": 1, "quarter": 3, "year": 12}.get(grain)
    if months is None:
        return None
    first = date(day.year, 1 if grain == "year" else (day.month - 1) // months * months + 1, 1)
    month = first.month - 1 + months
    return date(first.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def shown_number(value: float, fmt: str, language: Language) -> float:
    """`value` rounded as `format_value` shows it, so that a difference of shown numbers adds up on screen."""
    if fmt == "percent":
        return round(value, 3)
    if fmt == "currency":
        if language == "zh" and abs(value) >= 10_000:
            return round(value / 10_000, 1) * 10_000
        return round(value, 0 if abs(value) >= 1000 else 2)
    if fmt == "integer":
        return round(value)
    return round(value, 1 if fmt in ("hours", "score") else 2)


def format_value(value: Any, fmt: str, language: Language, currency: str = DEFAULT_CURRENCY) -> str:
    """A cell as a summary shows it; `fmt` is an OutputColumn format (metric format or dimension type);
    money is in `currency`, the model's `locale.currency`."""
    text = TEXT[language]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text["missing"]
    if isinstance(value, bool):
        return text["yes"] if value else text["no"]
    if fmt == "time" or isinstance(value, date):
        day = as_date(value)
        return day.isoformat() if day else clean_text(value)
    number = as_number(value)
    if number is None:
        return clean_text(value)
    if fmt == "integer":
        return fixed(number, 0)
    if fmt == "percent":
        return fixed(number * 100, 1) + "%"
    if fmt == "currency":
        return format_money(number, currency, language)
    if fmt == "hours":
        return text["hours"].format(value=fixed(number, 1))
    if fmt == "score":
        return fixed(number, 1)
    if fmt == "boolean":
        return text["yes"] if number else text["no"]
    return _plain(number)


def format_points(difference: float, fmt: str, language: Language) -> str:
    """A change of a percent (as percentage points) or of a score (as points), sign dropped."""
    scale = 100 if fmt == "percent" else 1
    return TEXT[language]["points"].format(value=fixed(abs(difference) * scale, 1))


def format_share(share: float) -> str:
    """A share of a total as a whole percent: shares are read as proportions, not measured values."""
    return fixed(share * 100, 0) + "%"


def percent_share(share: float) -> str:
    """A computed share of a total (`share` queries) with one decimal: '61.2%'."""
    return fixed(share * 100, 1) + "%"


def format_ratio(ratio: float) -> str:
    return fixed(abs(ratio) * 100, 1) + "%"


def _plain(number: float) -> str:
    text = fixed(number, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


# Symbols written before an English amount, and Chinese names written after a Chinese one; other ISO codes
# are written as they are.
CURRENCY_SYMBOLS = {"CNY": "¥", "RMB": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$",
                    "TWD": "NT$", "SGD": "S$", "AUD": "A$", "CAD": "C$", "KRW": "₩", "INR": "₹"}  # fmt: skip
CURRENCY_NAMES_ZH = {"CNY": "元", "RMB": "元", "USD": "美元", "EUR": "欧元", "GBP": "英镑", "JPY": "日元",
                     "HKD": "港元", "TWD": "新台币", "SGD": "新加坡元", "AUD": "澳元", "CAD": "加元", "KRW": "韩元",
                     "INR": "卢比"}  # fmt: skip


def currency_unit(currency: str, language: Language) -> str:
    """The unit for axis titles and column headers: '¥' / '$' in English, '元' / '美元' in Chinese."""
    if language == "zh":
        return CURRENCY_NAMES_ZH.get(currency, currency)
    return CURRENCY_SYMBOLS.get(currency, currency)


def format_money(number: float, currency: str, language: Language) -> str:
    """An amount of money as every answer shows it (summaries, the CLI; the chat and the widget may call it)."""
    sign, amount = ("-" if number < 0 else ""), abs(number)
    whole = fixed(amount, 0 if amount >= 1000 else 2)
    if language == "zh":
        name = CURRENCY_NAMES_ZH.get(currency, f" {currency}")
        if amount >= 10_000:
            return f"{sign}{fixed(amount / 10_000, 1)}万{name}"
        return f"{sign}{whole}{name}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{whole}" if symbol else f"{sign}{whole} {currency}"


def lower_first(label: str) -> str:
    """'Churn rate' -> 'churn rate' in mid-sentence English; acronyms ('NPS', 'CSAT score') stay."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def plural_en(noun: str) -> str:
    """A naive English plural for labels ('region' -> 'regions', 'category' -> 'categories')."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if len(noun) > 1 and noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def compact_value(
    number: float, fmt: str, language: Language, currency: str = DEFAULT_CURRENCY, *, step: float | None = None
) -> str:
    """A short axis label: `¥61M` / `6,120万元`, `12%`, `1.2K`; the table and summary keep full values.
    `step` (the distance between axis ticks) keeps the decimals of a percent axis alike."""
    if fmt == "percent":
        decimals = (0 if step * 100 >= 1 else 1) if step else (0 if abs(number) >= 0.1 or number == 0 else 1)
        return fixed(number * 100, decimals) + "%"
    sign, amount = ("-" if number < 0 else ""), abs(number)
    if language == "zh":
        for size, unit in ((100_000_000, "亿"), (10_000, "万")):
            if amount >= size:
                text = _plain(round(amount / size, 1)) + unit
                break
        else:
            text = _plain(round(amount, 1))
        suffix = CURRENCY_NAMES_ZH.get(currency, currency) if fmt == "currency" else ""
        return sign + text + suffix
    for scale, letter in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if amount >= scale:
            text = _plain(round(amount / scale, 1)) + letter
            break
    else:
        text = _plain(round(amount, 1))
    prefix = CURRENCY_SYMBOLS.get(currency, currency + " ") if fmt == "currency" else ""
    return sign + prefix + text + (" h" if fmt == "hours" else "")
