"""The engine's fixed cost per query, piece by piece, next to the driver's own execute + fetch (no guard).

For each dev-set metric question (tests/eval/dev_set.yml, no history) the offline planner's query is compiled
and guarded for DuckDB, and on a DuckDB demo warehouse (--path; the small demo built with seed 7 by default) these
are timed, interleaved per query so every variant sees the same machine load:

- raw: the driver on the engine's own connection, execute + fetchall (Python tuples), the capped statement;
- engine pieces: a cursor, registering the deadline with the watchdog, execute, the frame, releasing the cursor;
- the frame two ways: one `fetch_df()` of the capped statement and the chunk loop up to the cap (before round 5:
  a second, empty chunk is a pandas frame of its own);
- the answer's rows two ways: from DuckDB's column arrays without a frame (Engine.run_rows, now) and read back out
  of the frame (`json_rows(fetch_df())`, as the pipeline did before);
- the frame of driver rows (PostgreSQL and Spark build theirs from tuples): `frame_from_rows` now, and the
  pandas-per-column version it replaced, on the same rows (DuckDB's tuples: DECIMAL columns arrive as Decimal);
- the whole `Engine.run` (frame) and `Engine.run_rows` (answer rows), and the garbage collector's time during
  `Engine.run` (gc.callbacks).

Each figure is the median over questions of the median of --runs runs (ms). Run:
.venv/bin/python benchmarks/bench_engine_pieces.py [--runs 7] [--path FILE.duckdb]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from assistant.demo_data import build_demo_warehouse  # noqa: E402
from assistant.engines import Limits, connect  # noqa: E402
from assistant.engines.base import frame_from_rows  # noqa: E402
from assistant.engines.duckdb_file import DuckDBEngine, _fetch_at_most, _fetch_rows  # noqa: E402
from assistant.engines.rows import json_rows  # noqa: E402
from assistant.guard import guard_tree  # noqa: E402
from assistant.guard_columns import column_policy  # noqa: E402
from benchmarks.bench_guard_cold import compiled_trees  # noqa: E402
from semantic_layer import load_model  # noqa: E402
from tests.test_engines_fetch import reference_frame as frame_before  # noqa: E402  (frame_from_rows before round 5)

AS_OF = date(2026, 11, 22)


def _finish(engine: DuckDBEngine, cursor: Any, deadline: Any) -> None:
    deadline.__exit__(None, None, None)
    engine._release(cursor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--path", type=Path, help="a demo DuckDB warehouse (default: build the small demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.path
        if path is None:
            path = Path(folder) / "small.duckdb"
            build_demo_warehouse(path, scale="small", seed=7, as_of=AS_OF)
        measure(path, args.runs)


def measure(path: Path, runs: int) -> None:
    model = load_model(as_of=AS_OF)
    policy = column_policy(model)
    guarded = []
    for compiled, themes in compiled_trees("duckdb"):
        rules = policy.for_themes() if themes else policy
        guarded.append(guard_tree(compiled.expression.copy(), compiled.sql, allowed_tables=model.tables(),
                                  row_cap=5000, dialect="duckdb", columns=rules))  # fmt: skip
    engine = connect(str(path), Limits(timeout_s=120.0))
    assert isinstance(engine, DuckDBEngine)
    stages: dict[str, list[list[float]]] = {}
    gc_ms = [0.0, 0.0]  # collection start, time collected during Engine.run

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            gc_ms[0] = time.perf_counter()
        elif measuring[0]:
            gc_ms[1] += (time.perf_counter() - gc_ms[0]) * 1000

    measuring = [False]
    gc.callbacks.append(on_gc)

    def timed(name: str, index: int, action: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        result = action()
        stages.setdefault(name, [[] for _ in guarded])[index].append((time.perf_counter() - start) * 1000)
        return result

    con = engine._con
    for _ in range(runs):
        for index, query in enumerate(guarded):
            rows = timed("raw: execute + fetchall (tuples)", index, lambda q=query: con.execute(q.sql).fetchall())  # type: ignore[misc]
            cursor = timed("engine: cursor", index, engine._cursor)
            deadline = timed("engine: register the deadline", index,
                             lambda c=cursor: engine.watchdog.watch(c.interrupt, 120.0).__enter__())  # type: ignore[misc]  # fmt: skip
            timed("engine: execute", index, lambda c=cursor, q=query: c.execute(q.sql))  # type: ignore[misc]
            timed("frame: one fetch_df (before run_rows)", index, cursor.fetch_df)
            timed("engine: deadline done + release", index, lambda c=cursor, d=deadline: _finish(engine, c, d))  # type: ignore[misc]
            cursor = engine._cursor()
            cursor.execute(query.sql)
            timed("answer rows: arrays, no frame (now)", index, lambda c=cursor: _fetch_rows(c))  # type: ignore[misc]
            engine._release(cursor)
            cursor = engine._cursor()
            cursor.execute(query.sql)
            timed("answer rows: json_rows(fetch_df())", index, lambda c=cursor: json_rows(c.fetch_df()))  # type: ignore[misc]
            engine._release(cursor)
            cursor = engine._cursor()
            cursor.execute(query.sql)
            timed(
                "frame: chunk loop (before round 5)", index, lambda c=cursor, q=query: _fetch_at_most(c, q.row_cap + 1)
            )  # type: ignore[misc]
            engine._release(cursor)
            names = [f"c{i}" for i in range(len(rows[0]))] if rows else []
            timed("driver rows to frame (now)", index, lambda r=rows, n=names: frame_from_rows(r, n))  # type: ignore[misc]
            timed("driver rows to frame (before)", index, lambda r=rows, n=names: frame_before(r, n))  # type: ignore[misc]
            gc_ms[1], measuring[0] = 0.0, True
            timed("Engine.run (whole, frame)", index, lambda q=query: engine.run(q))  # type: ignore[misc]
            timed("Engine.run_rows (whole, as answers)", index, lambda q=query: engine.run_rows(q))  # type: ignore[misc]
            measuring[0] = False
            stages.setdefault("GC during Engine.run", [[] for _ in guarded])[index].append(gc_ms[1])
    engine.close()
    print(f"Engine pieces, {len(guarded)} dev-set metric questions on {path.name} (DuckDB), median of {runs} runs (ms)")
    for name, per_query in stages.items():
        medians = [statistics.median(values) for values in per_query]
        print(f"  {name:36} {statistics.median(medians):7.3f}   (mean {statistics.mean(medians):.3f})")


if __name__ == "__main__":
    main()
