"""Theme answers with cached embeddings: latency of the headline question against the SQL behind it,
the cold first question, indexing throughput and the cache's size on disk.

For each headline question (English and Chinese), in one process:
- cold: the first answer of the process (model load, cache index load; texts not cached yet are embedded);
- warm: the median end-to-end time of --runs more answers, with its themes stage;
- SQL: the median time of running the question's population query alone (guarded, same warehouse), and
  the ratio warm / SQL; both also in CPU time of the process (all threads), which a shared machine's load
  disturbs less than wall time.
Then the embedding cache of the warehouse: texts, bytes on disk; and the indexing throughput: --throughput
texts of the warehouse embedded into an empty temporary cache (texts/s).

Run: .venv/bin/python benchmarks/bench_themes_latency.py --warehouse PATH [--runs 5] [--throughput 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from assistant.guard import guard_sql
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from assistant.themes.embeddings import Embedder
from assistant.themes.engine import embedder_for
from semantic_layer import SemanticQuery, compile_query

QUESTIONS = (
    "What did churned customers complain about in the last three months?",
    "最近三个月流失的客户主要反映了哪些问题?",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--throughput", type=int, default=2000, help="texts embedded to measure throughput (0: skip)")
    args = parser.parse_args()
    runtime = Runtime(load_settings(warehouse=args.warehouse))
    print(f"machine load average (1 min) at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for question in QUESTIONS:
        load = os.getloadavg()[0]
        started = time.perf_counter()
        answer = final_answer(run_question(runtime, question))
        cold = time.perf_counter() - started
        totals, themes, cpu = [], [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            answer = final_answer(run_question(runtime, question))
            totals.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
            themes.append(answer.timings_ms["themes"] / 1000)
        assert answer.plan is not None and answer.plan.query is not None
        compiled = compile_query(runtime.model, answer.plan.query, as_of=runtime.as_of)
        guarded = guard_sql(compiled.sql, allowed_tables=runtime.model.tables(), row_cap=runtime.settings.max_texts)
        sql, sql_cpu = [], []
        for _ in range(args.runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            rows = len(runtime.warehouse.run(guarded).frame)
            sql.append(time.perf_counter() - started)
            sql_cpu.append(time.process_time() - started_cpu)
        warm, raw = statistics.median(totals), statistics.median(sql)
        counted = sum(theme.count for theme in answer.themes)
        print(f"{question}  (load {load:.1f} -> {os.getloadavg()[0]:.1f})")
        print(f"  texts in the answer {counted:,} (population query rows {rows:,})")
        print(
            f"  first answer of the process {cold:.2f} s; warm median {warm:.3f} s (themes {statistics.median(themes):.3f} s)"
        )
        print(f"  population SQL median {raw:.3f} s; warm / SQL = {warm / raw:.1f}x")
        warm_cpu, raw_cpu = statistics.median(cpu), statistics.median(sql_cpu)
        print(
            f"  CPU time (the process, all threads): warm {warm_cpu:.3f} s, SQL {raw_cpu:.3f} s = {warm_cpu / raw_cpu:.1f}x"
        )
    store = embedder_for(runtime.settings).store
    print(f"cache: {len(store):,} texts, {store.disk_bytes() / 1e6:.1f} MB on disk in {store.folder}")
    if args.throughput < 1:
        print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
        return
    field = next(name for name, text_field in runtime.model.text_fields.items() if text_field.taxonomy)
    population = compile_query(
        runtime.model, SemanticQuery(kind="themes", text_field=field, limit=None), as_of=runtime.as_of
    )
    frame = runtime.warehouse.run(
        guard_sql(population.sql, allowed_tables=runtime.model.tables(), row_cap=10 * args.throughput)
    ).frame
    texts = list(dict.fromkeys(frame["text"].tolist()))[: args.throughput]
    with tempfile.TemporaryDirectory() as folder:
        embedder = Embedder(runtime.settings.embedding_model, Path(folder))
        embedder.encoder.encode(["load the model first"])
        started = time.perf_counter()
        embedder.embed(texts)
        seconds = time.perf_counter() - started
    print(f"indexing throughput: {len(texts):,} texts in {seconds:.1f} s = {len(texts) / seconds:,.0f} texts/s")
    print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
