"""In-process `run_question` latency on a small demo warehouse: median and p95, metric vs theme questions.

The questions are the dev set's (tests/eval/dev_set.yml) without chat history, split by the kind of their
gold answer; each is asked --runs times after one warm-up.

Run: .venv/bin/python benchmarks/bench_ask.py [--runs 5] [--customers N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from assistant.demo_data import build_demo_warehouse
from assistant.evaluation import load_eval_set
from assistant.evaluation.report import percentile
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings

AS_OF = date(2026, 11, 22)
DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "eval" / "dev_set.yml"


def question_groups() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {"metrics": [], "themes": []}
    for item in load_eval_set(DEV_SET).items:
        if item.history or item.expect == "abstain":
            continue
        groups["themes" if item.is_themes else "metrics"].append(item.question)
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per question")
    parser.add_argument("--customers", type=int, default=None, help="override the small scale's customer count")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.duckdb"
        build_demo_warehouse(path, scale="small", seed=7, as_of=AS_OF, customers=args.customers)
        settings = load_settings(warehouse=path, as_of=AS_OF, audit_log=Path(folder) / "audit.jsonl")
        runtime = Runtime(settings)
        print(f"{'questions':10} {'n':>4} {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'answered':>9}")
        for name, questions in question_groups().items():
            timings: list[float] = []
            answered = 0
            for question in questions:
                final_answer(run_question(runtime, question))  # warm-up: caches, DuckDB buffers
                for _ in range(args.runs):
                    start = time.perf_counter()
                    answer = final_answer(run_question(runtime, question))
                    timings.append((time.perf_counter() - start) * 1000)
                answered += answer.status == "answered"
            timings.sort()
            print(
                f"{name:10} {len(questions):>4} {len(timings):>5} {statistics.median(timings):>10.1f}"
                f" {percentile(timings, 95):>8.1f} {timings[-1]:>8.1f} {answered:>4}/{len(questions):<4}"
            )
        runtime.warehouse.close()


if __name__ == "__main__":
    main()
