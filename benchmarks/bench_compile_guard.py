"""Median compile and guard time per query, over the example queries and the model's verified queries.

Run: .venv/bin/python benchmarks/bench_compile_guard.py [--runs 300]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

from assistant.guard import guard_sql
from assistant.guard_columns import column_policy
from semantic_layer import SemanticQuery, compile_query, load_model
from semantic_layer.query import TimeRange
from semantic_layer.time_phrases import resolve_time_phrase

AS_OF = date(2026, 11, 22)
EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "queries"


def queries() -> dict[str, SemanticQuery]:
    model = load_model(as_of=AS_OF)
    found = {p.stem: SemanticQuery.model_validate(json.loads(p.read_text())) for p in sorted(EXAMPLES.glob("*.json"))}
    for index, verified in enumerate(model.verified_queries):
        query = verified.query
        if verified.time_phrase:
            r = resolve_time_phrase(verified.time_phrase, AS_OF)
            query = query.model_copy(
                update={"time_range": TimeRange(field=verified.time_field, start=r.start, end=r.end)}
            )
        found[f"verified_{index}"] = query
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--without-column-policy", action="store_true", help="guard tables/functions only")
    args = parser.parse_args()
    model = load_model(as_of=AS_OF)
    tables = model.tables()
    policy = None if args.without_column_policy else column_policy(model)
    compile_ms, guard_ms, total_ms = [], [], []
    print(f"{'query':40} {'compile ms':>11} {'guard ms':>9} {'both ms':>8}")
    for name, query in queries().items():
        c_times, g_times = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            sql = compile_query(model, query, as_of=AS_OF).sql
            middle = time.perf_counter()
            rules = policy.for_themes() if policy and query.kind == "themes" else policy
            guard_sql(sql, allowed_tables=tables, row_cap=5000, columns=rules)
            end = time.perf_counter()
            c_times.append((middle - start) * 1000)
            g_times.append((end - middle) * 1000)
        c, g = statistics.median(c_times), statistics.median(g_times)
        both = statistics.median(a + b for a, b in zip(c_times, g_times, strict=True))
        compile_ms.append(c)
        guard_ms.append(g)
        total_ms.append(both)
        print(f"{name:40} {c:11.2f} {g:9.2f} {both:8.2f}")
    print(
        f"{'median over queries':40} {statistics.median(compile_ms):11.2f} {statistics.median(guard_ms):9.2f} {statistics.median(total_ms):8.2f}"
    )
    print(f"{'worst query':40} {max(compile_ms):11.2f} {max(guard_ms):9.2f} {max(total_ms):8.2f}")


if __name__ == "__main__":
    main()
