"""Engines compared on the same answers: overhead over the raw engine, Spark local timings, the Postgres guard.

1. Overhead: for each dev-set metric question (tests/eval/dev_set.yml, no history), the compiled SQL is run
   (a) raw through the driver (duckdb / psycopg: execute + fetch all), (b) through the product's engine path
   (guard + Engine.run_rows: watchdog, row cap, the answer's JSON-ready rows as the pipeline takes them for a
   metric answer (Engine.run and its frame for a themes query); the guard is handed the compiler's tree as in the pipeline;
   warm = the guard's verdict kept, cold = forgotten), and (c) as a whole answer (run_question: plan, compile,
   guard, run, summary). Each is the median of --runs runs after a warm-up; the table gives the median over
   questions of (b)/(a) and (c)/(a), and of (b)-(a) in ms (the fixed cost per query). (c) is measured warm
   (the question asked before: the guard's verdict is kept) and cold (the guard's kept verdicts forgotten before
   each run, as for a question seen for the first time); the per-stage line is one cold answer per question. DuckDB at
   --duckdb-scale (small by default; `large` builds ~1M customers first, or --duckdb-path reuses a demo
   warehouse built with the same seed and date:
   `chatbi demo build --scale large --seed 7 --as-of 2026-11-22 --no-index --path FILE`),
   PostgreSQL at the small scale on a throwaway server (tests/pg_server.py).
2. Spark local[2] over the small demo Parquet folder: session start time, and the median answer time of the
   metric questions (the first --spark-questions of them); with --spark-connect the same through a Spark
   Connect server started locally (tests/spark_connect_server.py), with its start and the client session time.
3. The guard's hostile-statement suites (tests/test_guard.py, tests/test_guard_dialects.py) in the postgres
   dialect: share refused (target 100%).

Run: .venv/bin/python benchmarks/bench_engines.py [--runs 5] [--duckdb-scale small|large] [--duckdb-path FILE]
     [--skip-spark] [--skip-postgres] [--skip-duckdb] [--spark-questions N] [--spark-connect] [--engine-only]
     [--guard-text] [--gc-freeze] [--ab] [--frame] [--ab-rows]
(--engine-only: the guard + engine columns only, without the whole answers: a third of the time on a busy machine;
 --guard-text: the guard parses the compiler's text, as before the tree hand-off, for a before/after comparison;
 --gc-freeze: gc.freeze() once the runtime is loaded (start-up objects never scanned again). Each engine's line is
 followed by the garbage collector's share of the cold runs, timed through gc.callbacks;
 --ab: each question's cold guard + engine also with the engines' fetch as it was before the one-fetch/one-page
 change (DuckDB: chunk by chunk; PostgreSQL: server-side cursor and the pandas-per-column Decimal check), the two
 alternating run by run, so both see the same load;
 --frame: every result as the engine's pandas frame (Engine.run), as before the answers' rows came straight from the
 engine (Engine.run_rows); --ab-rows: each question's cold guard + engine both ways, alternating run by run)
The raw baseline is the driver's execute + fetchall (Python tuples, no conversion); the engine path includes the
conversion to the answer's JSON-ready values (dates as ISO text, DECIMAL as float, missing and NaN as null).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.demo_data import build_demo_warehouse  # noqa: E402
from assistant.demo_data.export import export_parquet, export_postgres  # noqa: E402
from assistant.engines import Engine  # noqa: E402
from assistant.errors import GuardRefusal  # noqa: E402
from assistant.evaluation import load_eval_set  # noqa: E402
from assistant.guard import GuardedSQL, clear_guard_cache, guard_sql, guard_tree  # noqa: E402
from assistant.guard_columns import column_policy  # noqa: E402
from assistant.pipeline import final_answer, ranking_query, run_question  # noqa: E402
from assistant.runtime import Runtime  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from semantic_layer import compile_query  # noqa: E402

AS_OF = date(2026, 11, 22)
FREEZE = "--gc-freeze" in sys.argv  # gc.freeze() once the runtime is loaded (tried for the server; see docs/connect.md)
GUARD_TEXT = "--guard-text" in sys.argv
AB = (
    "--ab" in sys.argv
)  # also time the engine's fetch as before the one-fetch/one-page change, interleaved run by run  # guard the compiler's text (parse again) instead of its tree
FRAME = "--frame" in sys.argv  # every query's result as the engine's frame (Engine.run), as before run_rows
AB_ROWS = "--ab-rows" in sys.argv  # the rows through the frame and straight, interleaved run by run (cold)
DEV_SET = ROOT / "tests" / "eval" / "dev_set.yml"


def metric_questions() -> list[str]:
    return [
        item.question
        for item in load_eval_set(DEV_SET).items
        if not item.history and item.expect != "abstain" and not item.is_themes
    ]


class GcClock:
    """Python's cyclic garbage collector, timed through gc.callbacks while `active` (the cold guard + engine runs)."""

    def __init__(self) -> None:
        self.active = False
        self.ms: list[float] = []  # one entry per collection during active runs
        self.generations: list[int] = []
        self._start = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        elif self.active:
            self.ms.append((time.perf_counter() - self._start) * 1000)
            self.generations.append(info["generation"])

    def summary(self, runs: int) -> str:
        by_gen = ", ".join(f"gen{g} {self.generations.count(g)}" for g in sorted(set(self.generations))) or "none"
        total = sum(self.ms)
        return (f"GC during the cold runs: {len(self.ms)} collections ({by_gen}) in {runs} runs, {total:.1f} ms in all, "
                f"{total / max(runs, 1):.3f} ms per run on average, longest {max(self.ms, default=0.0):.2f} ms")  # fmt: skip


GC = GcClock()


def median_ms(action: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None) -> float:
    """Median of `runs` timed calls after a warm-up; `before` (untimed) runs ahead of each, e.g. to forget the
    guard's kept verdicts so every run is a question seen for the first time (cold)."""
    action()  # warm-up
    timings = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def overhead(
    name: str, runtime: Runtime, raw: Callable[[str], Any], questions: list[str], runs: int, engine_only: bool = False
) -> None:
    engine: Engine = runtime.warehouse
    engine_ratios, engine_cold_ratios, answer_ratios, cold_ratios, raw_medians, extra_ms = [], [], [], [], [], []
    stages: dict[str, list[float]] = {}
    GC.ms.clear()
    GC.generations.clear()
    cold_runs = 0
    ab_ratios: list[tuple[float, float]] = []
    ab_rows_ratios: list[tuple[float, float, float, float]] = []
    if FREEZE:  # start-up objects out of the collector's reach, as a server could after start-up
        _ = runtime.model, runtime.as_of
        gc.collect()
        gc.freeze()
    for question in questions:
        answer = final_answer(run_question(runtime, question))
        if answer.status != "answered" or not answer.sql:
            continue
        query = answer.plan.query if answer.plan is not None else None
        if query is None:
            continue
        query = ranking_query(query) or query
        policy = column_policy(runtime.model)
        policy = policy.for_themes() if query.kind == "themes" else policy
        compiled = compile_query(runtime.model, query, as_of=runtime.as_of, dialect=engine.dialect)
        guarded = guard_sql(compiled.sql, allowed_tables=runtime.model.tables(), row_cap=runtime.settings.row_cap,
                            dialect=engine.dialect, columns=policy)  # fmt: skip
        raw_ms = median_ms(lambda sql=guarded.query_sql: raw(sql), runs)  # type: ignore[misc]
        # As the pipeline guards it: the compiler's tree handed over (guard_tree), its text the key of the kept
        # verdicts. The guard takes the tree over, so each run gets a fresh copy (made untimed, in `before`).
        trees: list[Any] = []

        def fresh_tree(cold: bool, c: Any = compiled, t: list[Any] = trees) -> None:
            if cold:
                clear_guard_cache()
            t.append(c.expression.copy())

        # As the pipeline runs it: a metric answer's rows straight from the engine (run_rows), a themes query's
        # frame (run); --frame: every query through the frame, as before run_rows.
        frame = FRAME or query.kind == "themes"

        def guarded_run(c: Any = compiled, p: Any = policy, t: list[Any] = trees, framed: bool = frame) -> Any:
            tree = t.pop() if t else c.expression.copy()
            execute = engine.run if framed else engine.run_rows
            if GUARD_TEXT:  # --guard-text: the compiler's text parsed again, as before the hand-off
                return execute(guard_sql(c.sql, allowed_tables=runtime.model.tables(),
                                         row_cap=runtime.settings.row_cap, dialect=engine.dialect, columns=p))  # fmt: skip
            return execute(guard_tree(tree, c.sql, allowed_tables=runtime.model.tables(),
                                      row_cap=runtime.settings.row_cap, dialect=engine.dialect, columns=p))  # fmt: skip

        engine_ms = median_ms(guarded_run, runs, before=lambda: fresh_tree(False))
        GC.active = True
        engine_cold_ms = median_ms(guarded_run, runs, before=lambda: fresh_tree(True))
        GC.active = False
        cold_runs += runs + 1
        if AB:  # the engine's fetch as before this round against now, cold, run for run on the same question
            earlier_ms, now_ms = _ab_cold(lambda: fresh_tree(True), guarded_run, runs)
            ab_ratios.append((earlier_ms / raw_ms, now_ms / raw_ms))
        if AB_ROWS:  # the answer's rows through the engine's frame (before) against straight (now), cold, alternating
            framed_ms, rows_ms = _ab_rows_cold(lambda: fresh_tree(True), lambda: guarded_run(framed=True),
                                               lambda f=frame: guarded_run(framed=f), runs)  # type: ignore[misc]  # fmt: skip
            ab_rows_ratios.append((framed_ms / raw_ms, rows_ms / raw_ms, framed_ms - raw_ms, rows_ms - raw_ms))
        if engine_only:  # a busy machine: the guard + engine figures only (the whole answers take ~2/3 of the time)
            raw_medians.append(raw_ms)
            extra_ms.append(engine_ms - raw_ms)
            engine_ratios.append(engine_ms / raw_ms)
            engine_cold_ratios.append(engine_cold_ms / raw_ms)
            continue
        answer_ms = median_ms(lambda q=question: final_answer(run_question(runtime, q)), runs)  # type: ignore[misc]
        cold_ms = median_ms(lambda q=question: final_answer(run_question(runtime, q)), runs,  # type: ignore[misc]
                            before=clear_guard_cache)  # fmt: skip
        clear_guard_cache()
        timings = final_answer(run_question(runtime, question)).timings_ms
        for stage in ("plan", "compile", "guard", "execute", "summarize", "total"):
            stages.setdefault(stage, []).append(timings.get(stage, 0.0))
        stages.setdefault("execute-raw", []).append(timings.get("execute", 0.0) - raw_ms)
        cold_ratios.append(cold_ms / raw_ms)
        raw_medians.append(raw_ms)
        extra_ms.append(engine_ms - raw_ms)
        engine_ratios.append(engine_ms / raw_ms)
        engine_cold_ratios.append(engine_cold_ms / raw_ms)
        answer_ratios.append(answer_ms / raw_ms)
    answers = (
        f"{statistics.median(answer_ratios):>14.2f}x {statistics.median(cold_ratios):>14.2f}x"
        if answer_ratios
        else f"{'-':>15} {'-':>15}"
    )
    print(
        f"{name:28} {len(raw_medians):>4} {statistics.median(raw_medians):>10.1f} "
        f"{statistics.median(engine_ratios):>16.2f}x {statistics.median(engine_cold_ratios):>11.2f}x "
        f"{statistics.median(extra_ms):>9.2f} {answers}"
    )
    print(f"{'':28} {GC.summary(cold_runs)}")
    if ab_ratios:
        print(
            f"{'':28} A/B, cold guard + engine / raw, the same runs interleaved: engine fetch as before "
            f"{statistics.median(a for a, _ in ab_ratios):.3f}x, now {statistics.median(b for _, b in ab_ratios):.3f}x"
        )
    if ab_rows_ratios:
        medians = [statistics.median(values[i] for values in ab_rows_ratios) for i in range(4)]
        print(
            f"{'':28} A/B rows, cold guard + engine / raw, the same runs interleaved: the answer's rows through the "
            f"frame {medians[0]:.3f}x (extra {medians[2]:.2f} ms), straight (run_rows) {medians[1]:.3f}x "
            f"(extra {medians[3]:.2f} ms)"
        )
    if not stages:
        return
    print(f"{'':28} cold answer, per stage (median ms): "
          + ", ".join(f"{stage} {statistics.median(values):.2f}" for stage, values in stages.items()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per question and path")
    parser.add_argument("--duckdb-scale", choices=["small", "large"], default="small")
    parser.add_argument("--duckdb-path", type=Path, help="an existing demo warehouse instead of building one")
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--spark-questions", type=int, default=20)
    parser.add_argument("--spark-connect", action="store_true", help="also a local Spark Connect server (sc://)")
    parser.add_argument("--engine-only", action="store_true", help="skip the whole-answer columns (faster)")
    parser.add_argument("--skip-duckdb", action="store_true")
    parser.add_argument("--guard-text", action="store_true", help="guard the compiled text, not the tree (before)")
    parser.add_argument("--ab", action="store_true", help="engine fetch before/now, interleaved (cold)")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() once the runtime is loaded")
    parser.add_argument("--frame", action="store_true", help="results as the engine's frame (before run_rows)")
    parser.add_argument("--ab-rows", action="store_true", help="rows through the frame / straight, interleaved")
    args = parser.parse_args()
    questions = metric_questions()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        small = base / "small.duckdb"
        build_demo_warehouse(small, scale="small", seed=7, as_of=AS_OF)
        print(f"Overhead over the raw engine, {len(questions)} dev-set metric questions, median of {args.runs} runs")
        print(
            f"{'engine (data)':28} {'n':>4} {'raw ms':>10} {'guard+engine/raw':>17} {'cold':>12} {'extra ms':>9} "
            f"{'warm answer/raw':>15} {'cold answer/raw':>15}"
        )
        duck = small
        if args.duckdb_path is not None:
            duck = args.duckdb_path
        elif args.duckdb_scale == "large":
            duck = base / "large.duckdb"
            build_demo_warehouse(duck, scale="large", seed=7, as_of=AS_OF)
        import duckdb

        runtime = _runtime(str(duck), base)
        # A separate in-memory instance with the file attached: the engine's own instance has the sandbox config.
        raw_duck = duckdb.connect()
        raw_duck.execute("ATTACH ? AS raw (READ_ONLY)", [str(duck)])
        raw_duck.execute("USE raw")
        label = runtime.warehouse.info().get("scale", "?") if args.duckdb_path is not None else args.duckdb_scale
        if not args.skip_duckdb:
            overhead(f"duckdb ({label})", runtime, lambda sql: raw_duck.execute(sql).fetchall(), questions,
                     args.runs, args.engine_only)  # fmt: skip
        if not args.skip_postgres:
            _postgres(small, base, questions, args.runs, args.engine_only)
        if not args.skip_spark:
            _spark(small, base, questions[: args.spark_questions], args.runs)
        if args.spark_connect:
            _spark_connect(base / "lake", small, base, questions[: args.spark_questions], args.runs)
    _postgres_guard()


def _ab_cold(prepare: Callable[[], Any], run: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Medians (ms) of `run` with the engines' fetch as before and as now, alternating (which goes first too)."""
    timings: tuple[list[float], list[float]] = ([], [])
    for index in range(2 * runs + 2):
        earlier = (index % 4) in (0, 3)
        with _fetch_as_before(earlier):
            prepare()
            start = time.perf_counter()
            run()
            elapsed = (time.perf_counter() - start) * 1000
        if index >= 2:  # the first pair warms up
            timings[0 if earlier else 1].append(elapsed)
    return statistics.median(timings[0]), statistics.median(timings[1])


def _ab_rows_cold(
    prepare: Callable[[], Any], framed: Callable[[], Any], straight: Callable[[], Any], runs: int
) -> tuple[float, float]:
    """Medians (ms) of the cold guard + engine with the rows through the frame and straight, alternating ABBA."""
    timings: tuple[list[float], list[float]] = ([], [])
    for index in range(2 * runs + 2):
        before = (index % 4) in (0, 3)
        prepare()
        start = time.perf_counter()
        (framed if before else straight)()
        elapsed = (time.perf_counter() - start) * 1000
        if index >= 2:  # the first pair warms up
            timings[0 if before else 1].append(elapsed)
    return statistics.median(timings[0]), statistics.median(timings[1])


@contextmanager
def _fetch_as_before(earlier: bool) -> Iterator[None]:
    """The engines' fetch as before this round: DuckDB pages every statement chunk by chunk (a GuardedSQL not in the
    capped form), PostgreSQL reads through the server-side cursor and finds Decimal columns with pandas."""
    if not earlier:
        yield
        return
    import assistant.engines.postgres as postgres_module
    from assistant.engines import duckdb_file

    run_duckdb, chunked, frame = (
        duckdb_file.DuckDBEngine._run,
        postgres_module._CHUNKED,
        postgres_module.frame_from_rows,  # type: ignore[attr-defined]
    )

    def paged(self: Any, guarded: GuardedSQL) -> Any:
        return run_duckdb(self, replace(guarded, query_sql=guarded.query_sql + " "))

    duckdb_file.DuckDBEngine._run = paged  # type: ignore[method-assign]
    postgres_module._CHUNKED, postgres_module.frame_from_rows = False, _frame_before  # type: ignore[attr-defined]
    try:
        yield
    finally:
        duckdb_file.DuckDBEngine._run = run_duckdb  # type: ignore[method-assign]
        postgres_module._CHUNKED, postgres_module.frame_from_rows = chunked, frame  # type: ignore[attr-defined]


def _frame_before(rows: Sequence[Sequence[Any]], names: list[str]) -> Any:
    from benchmarks.bench_engine_pieces import frame_before

    return frame_before(rows, names)


def _runtime(warehouse: str, base: Path) -> Runtime:
    # A generous deadline: a shared machine under load must not turn a slow run into a missing figure.
    settings = load_settings(warehouse=warehouse, as_of=AS_OF, audit_log=base / "audit.jsonl", llm="offline",
                             query_timeout_s=120.0)  # fmt: skip
    return Runtime(settings)


def _postgres(small: Path, base: Path, questions: list[str], runs: int, engine_only: bool = False) -> None:
    import psycopg

    from tests.pg_server import PostgresUnavailable, grant_reader, temporary_server

    try:
        with temporary_server() as admin:
            export_postgres(small, admin)
            reader = grant_reader(admin, ["customers", "orders", "tickets", "surveys", "touches", "warehouse_info"])
            with psycopg.connect(reader) as raw_pg:

                def raw(sql: str) -> Any:
                    rows = raw_pg.execute(sql.encode()).fetchall()
                    raw_pg.rollback()
                    return rows

                overhead("postgresql (small)", _runtime(reader, base), raw, questions, runs, engine_only)
    except PostgresUnavailable as exc:
        print(f"postgresql: not measured ({exc})")


def _spark(small: Path, base: Path, questions: list[str], runs: int) -> None:
    lake = base / "lake"
    export_parquet(small, lake)
    runtime = _runtime(f"spark-local://{lake}", base)
    start = time.perf_counter()
    engine = runtime.warehouse  # opens the JVM and the session: the first question's extra wait
    started_s = time.perf_counter() - start
    assert engine.dialect == "spark"
    timings = [median_ms(lambda q=q: final_answer(run_question(runtime, q)), max(1, runs // 2)) for q in questions]  # type: ignore[misc]
    print(
        f"spark local[2] (small parquet): session start {started_s:.1f} s; median answer "
        f"{statistics.median(timings):.0f} ms over {len(timings)} metric questions"
    )


def _spark_connect(lake: Path, small: Path, base: Path, questions: list[str], runs: int) -> None:
    from tests.spark_connect_server import SparkConnectUnavailable, temporary_server

    if not lake.is_dir():
        export_parquet(small, lake)
    start = time.perf_counter()
    try:
        with temporary_server() as url:
            server_s = time.perf_counter() - start
            runtime = _runtime(f"{url}?path={lake}", base)
            start = time.perf_counter()
            engine = runtime.warehouse  # the client session, and one view per Parquet file
            session_s = time.perf_counter() - start
            assert engine.dialect == "spark"
            timings = [median_ms(lambda q=q: final_answer(run_question(runtime, q)), max(1, runs // 2))  # type: ignore[misc]
                       for q in questions]  # fmt: skip
            print(
                f"spark connect local[2] (small parquet): server start {server_s:.1f} s, session + views "
                f"{session_s:.1f} s; median answer {statistics.median(timings):.0f} ms over {len(timings)} metric questions"
            )
    except SparkConnectUnavailable as exc:
        print(f"spark connect: not measured ({exc})")


def _postgres_guard() -> None:
    from tests.test_guard import HOSTILE
    from tests.test_guard_dialects import POSTGRES_HOSTILE

    suite = [sql for sql, _ in HOSTILE] + POSTGRES_HOSTILE
    refused = 0
    for sql in suite:
        try:
            guard_sql(sql, allowed_tables=["customers", "orders", "tickets", "surveys", "touches"], row_cap=10,
                      dialect="postgres")  # fmt: skip
        except GuardRefusal:
            refused += 1
    print(f"guard, postgres dialect: {refused}/{len(suite)} hostile statements refused ({refused / len(suite):.0%})")


if __name__ == "__main__":
    main()
