"""Resource bombs through the real CLI: each runs `chatbi sql QUERY --json` in its own process.

For every bomb it prints the answer status (refused / error / answered), the wall time and the peak RSS of the
process (polled from /proc every 20 ms). The product's promise (issue 9 §3): every accepted query ends within
the query timeout + 2 s (the answer's own execute time, so process start-up does not count) and stays
within the memory limit + 1 GB. A process passing `--kill-rss-gb` (default:
memory limit + 1.5 GB) is killed so the benchmark cannot take the machine down; it is reported as KILLED.

    .venv/bin/python benchmarks/bench_resource_bombs.py [--only NAME] [--runs 3]

Uses the warehouse and settings of the environment (CHATBI_WAREHOUSE, CHATBI_QUERY_TIMEOUT_S,
CHATBI_MEMORY_LIMIT); the demo warehouse by default.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHATBI = str(Path(sys.executable).with_name("chatbi"))

BOMBS: dict[str, str] = {
    "list: generate_series 1e8": "SELECT length(generate_series(1, 100000000)) AS n",
    "list: range 1e9": "SELECT length(range(1000000000)) AS n",
    "list: series of timestamps by second": "SELECT length(generate_series(TIMESTAMP '1970-01-01', "
    "TIMESTAMP '2030-01-01', INTERVAL 1 SECOND)) AS n",
    "list: series per row": "SELECT sum(length(generate_series(1, CAST(amount AS BIGINT)))) AS n FROM orders",
    "list: unnest of a huge series": "SELECT count(*) AS n FROM (SELECT unnest(generate_series(1, 1000000000)) AS x) AS s",
    "list: array literal of columns": "SELECT length([" + ", ".join(["t.subject"] * 2000) + "]) AS n FROM tickets AS t",
    "recursion: WITH RECURSIVE": "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n) AS m FROM r",
    "cross join: 3 tables count": "SELECT count(*) AS n FROM orders AS a, orders AS b, orders AS c",
    "cross join: median": "SELECT median(a.amount + b.amount) AS m FROM orders AS a, orders AS b",
    "cross join: mode": "SELECT mode(a.order_id || b.order_id) AS m FROM orders AS a, orders AS b",
    "cross join: quantile": "SELECT quantile_cont(a.amount * b.amount, 0.9) AS q FROM orders AS a, orders AS b",
    "cross join: count distinct": "SELECT count(DISTINCT a.order_id || b.order_id) AS n FROM orders AS a, orders AS b",
    "cross join: order by": "SELECT a.order_id, b.order_id FROM orders AS a, orders AS b ORDER BY a.amount * b.amount",
    "cross join: window": "SELECT max(r) AS m FROM (SELECT row_number() OVER (ORDER BY a.amount * b.amount) AS r "
    "FROM orders AS a, orders AS b) AS s",
    "string: string_agg over cross join": "SELECT length(string_agg(a.order_id, '')) AS n FROM orders AS a, orders AS b",
    "string: repeat": "SELECT length(repeat('x', 2000000000)) AS n",
    "string: nested replace": "SELECT max(length(replace(replace(replace(t.subject, ' ', t.subject || t.subject), "
    "' ', t.subject || t.subject), ' ', t.subject || t.subject))) AS n FROM tickets AS t",
    "string: wide concat": "SELECT max(length(concat(" + ", ".join(["t.subject"] * 3000) + "))) AS n FROM tickets AS t",
    "string: lpad": "SELECT length(lpad('x', 2000000000, 'y')) AS n",
    "regex: catastrophic pattern": "SELECT count(*) AS n FROM tickets AS a, tickets AS b "
    "WHERE regexp_matches(a.subject || b.subject, '(a+)+$')",
    "aggregate: huge group by": "SELECT a.order_id, b.order_id, count(*) AS n FROM orders AS a, orders AS b "
    "GROUP BY a.order_id, b.order_id",
    "nesting: deep parentheses": "SELECT " + "(" * 3000 + "1" + ")" * 3000 + " AS n",
    "nesting: deep subqueries": "SELECT n FROM " + "(SELECT 1 AS n FROM " * 200 + "orders" + ") AS s" * 200,
}


def _memory_limit_bytes() -> int:
    text = os.environ.get("CHATBI_MEMORY_LIMIT", "2GB").strip().upper().replace("IB", "B")
    units = {"KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12, "B": 1}
    for unit, factor in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * factor)
    return int(text)


def _rss_bytes(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return 0


def run_bomb(sql: str, kill_rss: int, hard_timeout_s: float) -> tuple[str, float, float, int]:
    """(status, wall seconds, seconds executing (the answer's timings_ms.execute), peak RSS bytes) of one run."""
    # Output goes to files: a pipe nobody reads while polling would block a child printing a long answer.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen([CHATBI, "sql", sql, "--json"], stdout=out, stderr=err, text=True)
        peak, killed = 0, ""
        while process.poll() is None:
            peak = max(peak, _rss_bytes(process.pid))
            if peak > kill_rss:
                killed = "KILLED (RSS)"
            elif time.perf_counter() - start > hard_timeout_s:
                killed = "KILLED (time)"
            if killed:
                process.kill()
                break
            time.sleep(0.02)
        process.wait()
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if killed:
        return killed, wall, wall, peak
    try:
        answer = json.loads(stdout)
        status = str(answer.get("status"))
        query_s = float(answer.get("timings_ms", {}).get("execute", 0.0)) / 1000
        message = str(answer.get("message") or "")
        if status == "error" and "limit" in message:
            status = "error: timeout" if "s limit" in message else "error: memory"
    except json.JSONDecodeError:
        status, query_s = "CRASH: " + (stderr.strip().splitlines() or ["no output"])[-1][:60], wall
    return status, wall, query_s, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run the bombs whose name contains this text")
    parser.add_argument("--runs", type=int, default=1, help="runs per bomb (median reported)")
    parser.add_argument("--kill-rss-gb", type=float, help="kill a run above this RSS (default: limit + 1.5 GB)")
    args = parser.parse_args()
    limit = _memory_limit_bytes()
    timeout = float(os.environ.get("CHATBI_QUERY_TIMEOUT_S", "10"))
    kill_rss = int(args.kill_rss_gb * 1e9) if args.kill_rss_gb else limit + int(1.5e9)
    budget_rss, budget_s = limit + int(1e9), timeout + 2
    print(f"memory limit {limit / 1e9:.1f} GB, timeout {timeout:g} s; budget: RSS <= {budget_rss / 1e9:.1f} GB, "
          f"wall <= {budget_s:g} s (+ process start-up)")  # fmt: skip
    print(f"{'bomb':42} {'status':16} {'wall s':>7} {'exec s':>8} {'peak RSS MB':>12}  within budget")
    for name, sql in BOMBS.items():
        if args.only and args.only not in name:
            continue
        runs = [run_bomb(sql, kill_rss, hard_timeout_s=timeout * 3 + 10) for _ in range(args.runs)]
        status = runs[-1][0]
        wall = statistics.median(run[1] for run in runs)
        query_s = statistics.median(run[2] for run in runs)
        peak = int(statistics.median(run[3] for run in runs))
        ok = peak <= budget_rss and query_s <= budget_s and not status.startswith(("KILLED", "CRASH"))
        print(
            f"{name:42} {status:16} {wall:7.2f} {query_s:8.2f} {peak / 1e6:12.0f}  {'yes' if ok else 'NO'}", flush=True
        )


if __name__ == "__main__":
    main()
