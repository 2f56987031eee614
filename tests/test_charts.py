"""The chart spec follows the result's shape: line over time, bars for categories, nothing for one number."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.charts import MAX_CATEGORIES, chart_spec
from semantic_layer import DEMO_MODEL_PATH, OutputColumn, SemanticQuery, compile_query, load_model

AS_OF = date(2026, 11, 22)
MODEL = load_model(DEMO_MODEL_PATH, as_of=AS_OF)


def spec(query: dict[str, Any], rows: list[list[Any]], language: str = "en") -> dict[str, Any] | None:
    semantic_query = SemanticQuery.model_validate(query)
    columns = compile_query(MODEL, semantic_query, as_of=AS_OF).columns
    return chart_spec(MODEL, semantic_query, columns, rows, language)  # type: ignore[arg-type]


def test_time_dimension_gives_a_line_of_metrics_sharing_a_format() -> None:
    query = {
        "kind": "metrics",
        "metrics": ["revenue", "orders"],
        "dimensions": [{"name": "metric_time", "grain": "month"}],
    }
    chart = spec(query, [["2026-01-01", 10.0, 2], ["2026-02-01", 12.0, 3]])
    assert chart == {
        "type": "line", "x": "metric_time__month", "y": ["revenue"], "series": None, "x_kind": "time",
        "orientation": "vertical", "formats": {"revenue": "currency"}, "title": "Revenue by month",
        "layout": None, "partial_last": False, "highlight": None,
    }  # fmt: skip


def test_category_gives_bars_and_a_second_dimension_becomes_the_series() -> None:
    by_region = {"kind": "metrics", "metrics": ["churn_rate"], "dimensions": [{"name": "customer.region"}]}
    chart = spec(by_region, [["East", 0.1], ["West", 0.2]], "zh")
    assert chart is not None and (chart["type"], chart["x"], chart["y"]) == ("bar", "region", ["churn_rate"])
    assert chart["formats"] == {"churn_rate": "percent"} and chart["title"] == "流失率（按区域）"
    monthly = {"kind": "metrics", "metrics": ["revenue"],
               "dimensions": [{"name": "customer.region"}, {"name": "metric_time", "grain": "month"}]}  # fmt: skip
    chart = spec(monthly, [["East", "2026-01-01", 1.0]])
    assert chart is not None and (chart["type"], chart["x"], chart["series"]) == (
        "line",
        "metric_time__month",
        "region",
    )
    assert chart["title"] == "Revenue by month and region"


def test_segment_comparison_draws_the_population_as_series() -> None:
    query = {"kind": "metrics", "metrics": ["revenue"], "dimensions": [{"name": "customer.region"}],
             "compare": {"segments": ["churned_customers", "active_customers"]}}  # fmt: skip
    chart = spec(query, [["churned_customers", "East", 1.0], ["active_customers", "East", 2.0]])
    assert chart is not None and (chart["x"], chart["series"]) == ("region", "segment")


def test_previous_period_is_drawn_beside_the_current_one_but_not_the_change() -> None:
    query = {"kind": "metrics", "metrics": ["revenue"], "dimensions": [{"name": "customer.region"}],
             "time_range": {"start": "2026-10-01", "end": "2026-10-31"}, "compare": {"previous_period": True}}  # fmt: skip
    chart = spec(query, [["East", 2.0, 1.0, 1.0]])
    assert chart is not None and chart["y"] == ["revenue", "revenue_previous"]


def test_themes_give_a_horizontal_bar_of_shares() -> None:
    query = {"kind": "themes", "metrics": [], "text_field": "ticket.complaint_text"}
    columns = (
        OutputColumn("theme", "dimension", "theme", "categorical"),
        OutputColumn("complaints", "metric", "complaints", "integer"),
        OutputColumn("share", "metric", "share", "percent"),
    )
    chart = chart_spec(MODEL, SemanticQuery.model_validate(query), columns, [["Prices", 3, 0.5]], "en")
    assert chart is not None and (chart["orientation"], chart["y"], chart["title"]) == (
        "horizontal",
        ["share"],
        "Share by theme",
    )


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        ({"kind": "metrics", "metrics": ["customers"]}, [[20000]]),
        ({"kind": "metrics", "metrics": ["revenue"], "dimensions": [{"name": "customer.region"}]}, []),
        ({"kind": "records", "dimensions": [{"name": "customer.customer_id"}]}, [["C1"]]),
        (
            {"kind": "metrics", "metrics": ["revenue"], "dimensions": [{"name": "customer.city"}]},
            [[f"city {i}", 1.0] for i in range(MAX_CATEGORIES + 1)],
        ),
    ],
    ids=["one number", "no rows", "record list", "too many categories"],
)
def test_no_chart_when_it_would_add_nothing(query: dict[str, Any], rows: list[list[Any]]) -> None:
    assert spec(query, rows) is None


def test_a_previous_period_comparison_is_grouped_never_stacked() -> None:
    query = {"kind": "metrics", "metrics": ["revenue"], "dimensions": [{"name": "order.category"}],
             "time_range": {"start": "2026-07-01", "end": "2026-09-30"}, "compare": {"previous_period": True}}  # fmt: skip
    chart = spec(query, [["electronics", 61.0, 46.0, 15.0], ["home", 22.0, 16.0, 6.0]])
    assert chart is not None and chart["layout"] == "grouped" and chart["y"] == ["revenue", "revenue_previous"]


def test_a_segment_comparison_is_grouped() -> None:
    query = {"kind": "metrics", "metrics": ["revenue"], "dimensions": [{"name": "customer.region"}],
             "compare": {"segments": ["churned_customers", "active_customers"]}}  # fmt: skip
    chart = spec(query, [["churned_customers", "East", 1.0], ["active_customers", "East", 2.0]])
    assert chart is not None and chart["layout"] == "grouped"


@pytest.mark.parametrize(
    ("last_month", "as_of", "partial"),
    [("2026-11-01", date(2026, 11, 22), True), ("2026-10-01", date(2026, 11, 22), False),
     ("2026-11-01", date(2026, 11, 30), False)],
)  # fmt: skip
def test_partial_last_marks_a_running_period(last_month: str, as_of: date, partial: bool) -> None:
    query = SemanticQuery.model_validate(
        {"kind": "metrics", "metrics": ["churn_rate"], "dimensions": [{"name": "metric_time", "grain": "month"}]}
    )
    columns = compile_query(MODEL, query, as_of=AS_OF).columns
    chart = chart_spec(MODEL, query, columns, [["2026-09-01", 0.01], [last_month, 0.02]], "en", as_of=as_of)
    assert chart is not None and chart["partial_last"] is partial


def test_a_ranking_highlights_the_rows_asked_for() -> None:
    query = SemanticQuery.model_validate(
        {"kind": "metrics", "metrics": ["churn_rate"], "dimensions": [{"name": "customer.region"}]}
    )
    columns = compile_query(MODEL, query, as_of=AS_OF).columns
    chart = chart_spec(MODEL, query, columns, [["North", 0.2], ["East", 0.1]], "en", highlight=1)
    assert chart is not None and chart["highlight"] == 1 and chart["layout"] is None
