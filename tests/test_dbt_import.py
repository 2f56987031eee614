"""`chatbi model import-dbt`: a MetricFlow project written for this test (tests/fixtures/dbt_shop, the documented
standalone spec) converted to a semantic model whose metrics give the same results as hand-written SQL."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from assistant.cli import main
from semantic_layer import SemanticModel, SemanticQuery, compile_query, load_model
from semantic_layer.dbt_import import DbtImportError, import_dbt_project, render_model_yaml

PROJECT = Path(__file__).parent / "fixtures" / "dbt_shop"
AS_OF = date(2026, 6, 30)
MARCH = {"start": "2026-03-01", "end": "2026-03-31", "label": "March 2026"}

# Each converted metric and its meaning as a plain SQL aggregate: customers over `customers`, orders over
# `orders JOIN customers c USING (customer_id)` (every order has its customer).
CUSTOMER_SQL = {
    "customer_count": "count(customer_id)",
    "returning_customers": "count(customer_id) FILTER (WHERE customer_type = 'returning')",
}
ORDER_SQL = {
    "order_total": "sum(order_total)",
    "orders": "count(*)",
    "order_cost": "sum(order_cost)",
    "customers_with_orders": "count(DISTINCT customer_id)",
    "average_order_total": "avg(order_total)",
    "largest_order": "max(order_total)",
    "food_orders": "count(*) FILTER (WHERE is_food_order)",
    "large_orders": "count(*) FILTER (WHERE status = 'completed' AND NOT is_food_order)",
    "returning_customer_orders": "count(*) FILTER (WHERE c.customer_type = 'returning')",
    "food_order_share": "count(*) FILTER (WHERE is_food_order) / count(*)",
    "completed_food_share": "count(*) FILTER (WHERE is_food_order AND status = 'completed') "
    "/ count(*) FILTER (WHERE status = 'completed')",
    "order_gross_profit": "sum(order_total) - sum(order_cost)",
    "food_revenue_per_order": "sum(order_total) FILTER (WHERE is_food_order) / count(*)",
}
ORDERS = "FROM orders JOIN customers c USING (customer_id)"
NOT_CONVERTED = {
    "median_spend": "percentiles and medians",
    "balance": "non-additive",
    "order_total_growth": "offset in time",
    "cumulative_order_total": "cumulative metrics",
    "this_month_orders": "metric_time",
    "visit_to_order": "metric type 'conversion'",
    "location": "no semantic model has it as a key",
}


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    rng = random.Random(11)
    con = duckdb.connect(str(tmp_path_factory.mktemp("shop") / "shop.duckdb"))
    con.execute("CREATE TABLE customers (customer_id VARCHAR, customer_type VARCHAR, region VARCHAR, "
                "first_ordered_at DATE, lifetime_spend DECIMAL(12, 2))")  # fmt: skip
    con.execute("CREATE TABLE orders (order_id VARCHAR, customer_id VARCHAR, location_id VARCHAR, ordered_at TIMESTAMP, "
                "is_food_order BOOLEAN, status VARCHAR, order_total DECIMAL(12, 2), order_cost DECIMAL(12, 2))")  # fmt: skip
    customers = [
        (f"C{i:03d}", rng.choice(["new", "returning"]), rng.choice(["North", "South", "East"]),
         date(2026, 1, 1) + timedelta(days=rng.randrange(150)), round(rng.uniform(0, 900), 2))
        for i in range(60)
    ]  # fmt: skip
    con.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?)", customers)
    orders = []
    for i in range(400):
        total = round(rng.uniform(3, 60), 2)
        orders.append((f"O{i:04d}", rng.choice(customers)[0], f"L{rng.randrange(3)}",
                       datetime(2026, 1, 1) + timedelta(hours=rng.randrange(24 * 180)), rng.random() < 0.4,
                       rng.choice(["completed", "completed", "returned"]), total, round(total * rng.uniform(0.3, 0.7), 2)))  # fmt: skip
    con.executemany("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)", orders)
    return con


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[SemanticModel, list[str]]:
    result = import_dbt_project(PROJECT)
    path = tmp_path_factory.mktemp("model") / "shop.yml"
    path.write_text(render_model_yaml(result), encoding="utf-8")
    return load_model(path, as_of=AS_OF), result.skipped


def _value(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    rows = con.execute(sql).fetchall()
    assert len(rows) == 1, sql
    return rows[0][-1]


def _close(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is want
    return abs(float(got) - float(want)) <= 1e-9 * max(1.0, abs(float(want)))


def _run(model: SemanticModel, con: duckdb.DuckDBPyConnection, **query: Any) -> list[tuple[Any, ...]]:
    sql = compile_query(model, SemanticQuery.model_validate(query), as_of=AS_OF).sql
    return con.execute(sql).fetchall()


def test_every_convertible_metric_is_converted(converted: tuple[SemanticModel, list[str]]) -> None:
    model, _ = converted
    visible = {name for name, metric in model.metrics.items() if not metric.hidden}
    assert visible == {*CUSTOMER_SQL, *ORDER_SQL}
    assert model.entities["orders"].relationships[0].to == "customers"
    assert model.entities["customers"].dimensions["region"].label.en == "Sales region"
    assert model.entities["customers"].dimensions["region"].label.zh == "Sales region"  # falls back to English


def test_what_cannot_be_converted_is_listed_with_its_reason(converted: tuple[SemanticModel, list[str]]) -> None:
    _, skipped = converted
    for name, reason in NOT_CONVERTED.items():
        assert any(name in line and reason in line for line in skipped), (name, skipped)
    assert not any("should_not_be_read" in line for line in skipped)


@pytest.mark.parametrize("metric", sorted([*CUSTOMER_SQL, *ORDER_SQL]))
def test_metric_total_matches_hand_sql(
    metric: str, converted: tuple[SemanticModel, list[str]], shop: duckdb.DuckDBPyConnection
) -> None:
    model, _ = converted
    hand = (
        f"SELECT {CUSTOMER_SQL[metric]} FROM customers"
        if metric in CUSTOMER_SQL
        else f"SELECT {ORDER_SQL[metric]} {ORDERS}"
    )
    (row,) = _run(model, shop, metrics=[metric])
    assert _close(row[-1], _value(shop, hand)), metric


@pytest.mark.parametrize("metric", sorted(ORDER_SQL))
def test_order_metric_by_customer_region_in_march_matches_hand_sql(
    metric: str, converted: tuple[SemanticModel, list[str]], shop: duckdb.DuckDBPyConnection
) -> None:
    """A dimension across the foreign key and a time range on the measure's agg_time_dimension."""
    model, _ = converted
    got = dict(_run(model, shop, metrics=[metric], dimensions=[{"name": "customers.region"}], time_range=MARCH))
    march = "ordered_at >= DATE '2026-03-01' AND ordered_at < DATE '2026-04-01'"
    want = dict(shop.execute(f"SELECT c.region, {ORDER_SQL[metric]} {ORDERS} WHERE {march} GROUP BY 1").fetchall())
    assert want and set(got) == set(want), metric
    for region, value in want.items():
        assert _close(got[region], value), (metric, region)


def test_cli_writes_a_model_that_passes_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "models" / "shop.yml"
    assert main(["model", "import-dbt", str(PROJECT), "--out", str(out), "--name", "shop"]) == 0
    err = capsys.readouterr().err
    assert "passes `chatbi model check`" in err and "not converted: metric 'visit_to_order'" in err
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["name"] == "shop" and "orders" in data["entities"]
    assert main(["model", "check", str(out)]) == 0


def test_cli_prints_the_model_without_out(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "import-dbt", str(PROJECT)]) == 0
    assert yaml.safe_load(capsys.readouterr().out)["name"] == "dbt_shop"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "No dbt `semantic_models`"),
        ({"models/bad.yml": "semantic_models: [\n  - name: x\n  bad"}, "bad.yml:"),
    ],
)
def test_bad_projects_get_one_clear_line(
    tmp_path: Path, files: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(DbtImportError, match=message.replace("`", ".")):
        import_dbt_project(tmp_path)
    assert main(["model", "import-dbt", str(tmp_path)]) == 1
    assert message in capsys.readouterr().err


def test_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "import-dbt", str(tmp_path / "nope")]) == 1
    assert "No folder at" in capsys.readouterr().err
