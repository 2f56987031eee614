"""Issue 9 §3 and §6 through the real CLI: resource bombs are refused or stopped cleanly, list values serialise.

Only the cheapest cases run here (refusals, and one stopped by a short timeout); the full suite with wall
times and peak RSS is benchmarks/bench_resource_bombs.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CHATBI = str(Path(sys.executable).with_name("chatbi"))


def chatbi_sql(sql: str, warehouse: Path, tmp_path: Path, **env: str) -> dict[str, Any]:
    environment = {**os.environ, "CHATBI_WAREHOUSE": str(warehouse), "CHATBI_AUDIT_LOG": str(tmp_path / "a.jsonl"),
                   **env}  # fmt: skip
    done = subprocess.run([CHATBI, "sql", sql, "--json"], capture_output=True, text=True, env=environment, timeout=120)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


REFUSED = [
    "SELECT length(generate_series(1, 100000000)) AS n",
    "SELECT length(range(1000000000)) AS n",
    "SELECT length(generate_series(TIMESTAMP '1970-01-01', TIMESTAMP '2030-01-01', INTERVAL 1 SECOND)) AS n",
    "SELECT sum(length(generate_series(1, CAST(amount AS BIGINT)))) AS n FROM orders",
    "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) AS m FROM r",
    "SELECT max(length(replace(replace(subject, ' ', subject || subject), ' ', subject))) AS n FROM tickets",
]  # more shapes, in process: tests/test_guard_limits.py


@pytest.mark.slow
@pytest.mark.parametrize("sql", REFUSED)
def test_list_and_string_bombs_are_refused(sql: str, demo_warehouse_path: Path, tmp_path: Path) -> None:
    answer = chatbi_sql(sql, demo_warehouse_path, tmp_path)
    assert answer["status"] == "refused", answer["message"]


@pytest.mark.slow
def test_a_row_explosion_stops_at_the_timeout(demo_warehouse_path: Path, tmp_path: Path) -> None:
    answer = chatbi_sql("SELECT count(*) AS n FROM orders AS a, orders AS b, orders AS c", demo_warehouse_path,
                        tmp_path, CHATBI_QUERY_TIMEOUT_S="1")  # fmt: skip
    assert answer["status"] == "error" and "1 s limit" in answer["message"]
    assert answer["timings_ms"]["total"] < 10_000  # generous: the promise is timeout + 2 s (see the benchmark)


@pytest.mark.slow
def test_list_valued_results_are_answered_as_json(demo_warehouse_path: Path, tmp_path: Path) -> None:
    answer = chatbi_sql("SELECT [1,2] AS l, [[1.5], [2.0]] AS m, ['a', NULL] AS s", demo_warehouse_path, tmp_path)
    assert answer["status"] == "answered"
    assert answer["rows"] == [[[1, 2], [[1.5], [2.0]], ["a", None]]]


@pytest.mark.slow
def test_personal_data_through_chatbi_sql_is_refused(demo_warehouse_path: Path, tmp_path: Path) -> None:
    for sql in ("SELECT c FROM customers AS c", "SELECT string_agg(description, ' | ') AS d FROM tickets"):
        answer = chatbi_sql(sql, demo_warehouse_path, tmp_path)
        assert answer["status"] == "refused" and answer["rows"] == []
