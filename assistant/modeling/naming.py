"""Model names, English labels and synonyms from database names ('signup_date' -> 'Signup date')."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

_ACRONYMS = {"id": "ID", "ids": "IDs", "nps": "NPS", "csat": "CSAT", "url": "URL", "sku": "SKU", "mrr": "MRR",
             "arr": "ARR", "api": "API", "ip": "IP", "vat": "VAT", "gmv": "GMV", "sms": "SMS", "uuid": "UUID"}  # fmt: skip
_INVARIANT = ("status", "series", "species", "news", "analysis", "basis", "data", "staff", "info", "bus", "feedback",
              "information", "equipment", "software", "inventory")  # fmt: skip


def model_name(raw: str) -> str:
    """A valid model name (lower_snake_case, starting with a letter) for any database name."""
    name = re.sub(r"[^a-z0-9]+", "_", raw.strip().lower()).strip("_")
    if not name:
        return "table"
    return name if name[0].isalpha() else f"t_{name}"


def singular(word: str) -> str:
    if word.endswith(_INVARIANT) or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    if word.endswith(_INVARIANT):
        return word
    if word.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    if len(word) > 1 and word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def entity_name(table: str) -> str:
    """'customers' -> 'customer', 'order_items' -> 'order_item'."""
    name = model_name(table)
    head, _, last = name.rpartition("_")
    return f"{head}_{singular(last)}" if head else singular(last)


def plural_name(name: str) -> str:
    head, _, last = name.rpartition("_")
    return f"{head}_{plural(last)}" if head else plural(last)


def words(name: str) -> str:
    """'signup_date' -> 'signup date', with acronyms in capitals ('customer_id' -> 'customer ID')."""
    return " ".join(_ACRONYMS.get(part, part) for part in model_name(name).split("_"))


def label(name: str) -> str:
    text = words(name)
    return text[0].upper() + text[1:] if text else text


@lru_cache(maxsize=1)
def _glossary() -> dict[str, str]:
    data = yaml.safe_load((Path(__file__).parent / "glossary_zh.yml").read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in data.items()}


def chinese(name: str) -> str | None:
    """'signup_date' -> '注册日期' when every word is in the glossary, else None (the label falls back)."""
    glossary = _glossary()
    parts = model_name(name).split("_")
    found = [glossary.get(part) or glossary.get(singular(part)) for part in parts]
    if not parts or any(text is None for text in found):
        return None
    return "".join(text for text in found if text)
