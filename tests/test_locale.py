"""Money and labels follow the model's `locale`: currency in summaries, other answer languages declared, and
labels falling back to the first language."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from assistant.summarize import grounded, stated_by, summarize
from assistant.summary.formatting import currency_unit, format_money
from semantic_layer import OutputColumn, SemanticQuery, load_model
from semantic_layer.model import Label, Locale, SemanticModel

DEMO = load_model()


@pytest.mark.parametrize(
    ("amount", "currency", "en", "zh"),
    [
        (1234567.8, "CNY", "¥1,234,568", "123.5万元"),
        (356.42, "CNY", "¥356.42", "356.42元"),
        (1234567.8, "USD", "$1,234,568", "123.5万美元"),
        (-8520, "EUR", "-€8,520", "-8,520欧元"),
        (356.42, "CHF", "356.42 CHF", "356.42 CHF"),
    ],
)
def test_format_money(amount: float, currency: str, en: str, zh: str) -> None:
    assert format_money(amount, currency, "en") == en
    assert format_money(amount, currency, "zh") == zh


def test_currency_unit() -> None:
    assert (currency_unit("USD", "en"), currency_unit("USD", "zh"), currency_unit("CHF", "en")) == ("$", "美元", "CHF")


def _with_locale(**locale: Any) -> SemanticModel:
    return DEMO.model_copy(update={"locale": Locale(**locale)})


@pytest.mark.parametrize(("language", "expected"), [("en", "$1,234,568"), ("zh", "123.5万美元")])
def test_summaries_use_the_models_currency(language: str, expected: str) -> None:
    model = _with_locale(currency="USD")
    query = SemanticQuery.model_validate({"metrics": ["revenue"]})
    columns = [OutputColumn("revenue", "metric", "revenue", "currency")]
    rows = [[1234567.8]]
    text = summarize(model=model, query=query, columns=columns, rows=rows, language=language)  # type: ignore[arg-type]
    assert expected in text and "¥" not in text and "元" not in text.replace("美元", "")
    assert grounded(text, rows=rows, themes=None, stated=stated_by(model, query))


def test_the_demo_model_declares_its_currency() -> None:
    assert DEMO.locale.currency == "CNY" and DEMO.locale.languages[0] == "en"


def test_locale_rejects_bad_codes() -> None:
    with pytest.raises(ValidationError):
        Locale(currency="dollars")
    with pytest.raises(ValidationError):
        Locale(languages=[])


def test_labels_in_other_languages_fall_back_to_the_first() -> None:
    label = Label.model_validate({"de": "Kunde", "en": "Customer"})
    assert (label.en, label.zh, label.text("de"), label.text("fr")) == ("Customer", "Customer", "Kunde", "Kunde")
    only_german = Label.model_validate({"de": "Kunde"})
    assert (only_german.en, only_german.zh, only_german.text("en")) == ("Kunde", "Kunde", "Kunde")
    with pytest.raises(ValidationError):
        Label.model_validate({"english": "Customer"})
