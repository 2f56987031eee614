"""Queries that cannot be answered get a precise message naming the bad part and the closest valid names."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from semantic_layer import QueryError, SemanticQuery, compile_query, load_model
from tests.conftest import AS_OF


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"metrics": ["churn"]}, "Unknown metric 'churn'. Did you mean: churn_rate"),
        (
            {"metrics": ["revenue"], "dimensions": [{"name": "customer.regoin"}]},
            "Unknown dimension 'customer.regoin'. Did you mean: customer.region",
        ),
        ({"metrics": ["revenue"], "dimensions": [{"name": "region"}]}, "Did you mean: customer.region"),
        (
            {"metrics": ["revenue"], "segments": ["churned"]},
            "Unknown segment 'churned'. Did you mean: churned_customers",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"field": "customer.region", "op": "=", "values": ["Esat"]}]},
            "'Esat' is not a value of customer.region. Did you mean: East",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"field": "customer.tier", "op": "=", "values": ["Z"]}]},
            "Valid values: A, B, C, D",
        ),
        (
            {
                "metrics": ["revenue"],
                "filters": [{"field": "customer.signup_date", "op": ">", "values": ["2026-02-30"]}],
            },
            "2026-02-30",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"field": "order.amount", "op": ">", "values": ["lots"]}]},
            "'lots' is not a number for order.amount",
        ),
        ({"metrics": ["revenue"], "dimensions": [{"name": "customer.email"}]}, "customer.email is personal data"),
        (
            {"metrics": ["revenue"], "filters": [{"field": "customer.phone", "op": "is_not_null"}]},
            "customer.phone is personal data",
        ),
        (
            {"metrics": ["revenue"], "dimensions": [{"name": "customer.region", "grain": "month"}]},
            "not a time dimension, so it takes no grain",
        ),
        (
            {
                "metrics": ["revenue"],
                "time_range": {"field": "customer.region", "start": "2026-01-01", "end": "2026-02-01"},
            },
            "not a time dimension",
        ),
        ({"metrics": ["revenue"], "order_by": [{"field": "complaints"}]}, "Cannot order by 'complaints'"),
        ({"metrics": ["revenue"], "dimensions": [{"name": "metric_time"}]}, "metric_time needs a grain"),
        (
            {"kind": "themes", "text_field": "complaint_txt"},
            "Unknown text field 'complaint_txt'. Did you mean: complaint_text",
        ),
        ({"metrics": ["customers"], "dimensions": [{"name": "order.category"}]}, "one customer has many orders"),
        ({"metrics": ["active_customers"], "dimensions": [{"name": "metric_time", "grain": "month"}]}, "snapshot"),
    ],
)
def test_bad_query_is_explained(model: Any, query: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError) as error:
        compile_query(model, SemanticQuery.model_validate(query), as_of=AS_OF)
    assert message in str(error.value)


def test_all_problems_are_reported_together(model: Any) -> None:
    query = SemanticQuery(metrics=["churn", "revenu"], segments=["vip"])
    with pytest.raises(QueryError) as error:
        compile_query(model, query, as_of=AS_OF)
    assert len(error.value.problems) == 3


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"metrics": []}, "needs at least one metric"),
        ({"kind": "records"}, "needs at least one dimension"),
        ({"kind": "themes"}, "needs a text_field"),
        (
            {"metrics": ["revenue"], "filters": [{"field": "customer.tier", "op": "between", "values": ["A"]}]},
            "takes exactly 2 value(s)",
        ),
        (
            {"metrics": ["revenue"], "filters": [{"field": "customer.tier", "op": "is_null", "values": ["A"]}]},
            "takes exactly 0 value(s)",
        ),
        (
            {"metrics": ["revenue"], "time_range": {"start": "2026-03-01", "end": "2026-02-01"}},
            "ends (2026-02-01) before it starts",
        ),
        ({"metrics": ["revenue"], "compare": {"previous_period": True}}, "needs a time range"),
        ({"metrics": ["revenue"], "limit": 0}, "greater than or equal to 1"),
        ({"metrics": ["revenue"], "colour": "red"}, "Extra inputs are not permitted"),
    ],
)
def test_malformed_query_is_rejected_by_the_contract(query: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as error:
        SemanticQuery.model_validate(query)
    assert message in str(error.value)


def test_snapshot_metric_notes_that_time_range_does_not_apply(model: Any) -> None:
    query = SemanticQuery(metrics=["active_customers"], time_range={"start": "2026-01-01", "end": "2026-03-31"})
    compiled = compile_query(model, query, as_of=AS_OF)
    assert "2026-01-01" not in compiled.sql
    assert any("snapshot" in note for note in compiled.notes)
