"""The dates of a fiscal year, quarter or half-year, given the month the model's fiscal year starts in.

A fiscal year need not be the calendar one, so 'FY2025' or '上个财年' has no dates until the model says where its
fiscal year starts (`fiscal_year_start_month`). A fiscal year is named by the calendar year it ends in (FY2025 with an
April start runs 2024-04-01..2025-03-31); with a January start FY2025 is the calendar year 2025.
"""

from __future__ import annotations

from datetime import date, timedelta

from semantic_layer.errors import TimeExpressionError
from semantic_layer.time_calendar import add_months

__all__ = ["fiscal_part", "fiscal_year_named", "fiscal_year_of", "undeclared"]


def fiscal_year_named(year: int, start_month: int) -> tuple[date, date]:
    """The first and last day of the fiscal year that ends in calendar year `year`."""
    start = date(year if start_month == 1 else year - 1, start_month, 1)
    return start, add_months(start, 12) - timedelta(days=1)


def fiscal_year_of(day: date, start_month: int) -> int:
    """The name (the calendar year it ends in) of the fiscal year that contains `day`."""
    return day.year + (start_month != 1 and day.month >= start_month)


def fiscal_part(year: int, start_month: int, months: int, number: int) -> tuple[date, date]:
    """Quarter (`months` 3) or half (`months` 6) `number` of fiscal year `year`."""
    first, _ = fiscal_year_named(year, start_month)
    start = add_months(first, months * (number - 1))
    return start, add_months(start, months) - timedelta(days=1)


def undeclared(phrase: str, zh: bool) -> TimeExpressionError:
    """The question back for a fiscal period when the model does not say where its fiscal year starts."""
    if zh:
        return TimeExpressionError(
            f"“{phrase}”是按财年算的,但模型没有说明财年从几月开始;请给出具体日期,例如“2025-04-01至2026-03-31”。"
        )
    return TimeExpressionError(
        f"'{phrase}' is a fiscal period, but the model does not say which month its fiscal year starts in; "
        "give the dates, e.g. 'from 2025-04-01 to 2026-03-31'"
    )
