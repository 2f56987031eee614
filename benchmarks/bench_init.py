"""`chatbi init` on the small demo warehouse with its model deleted: drafting time, and how many of the dev
set's single-entity count/sum/breakdown questions the unedited draft answers correctly.

Items are chosen by the shape of their gold query (not by hand): one metric, simple, no segment, whose
measure counts every row of its entity or sums a column without a filter; no compare; no chat history; every
dimension, filter and time field on the metric's own entity. Scoring is `chatbi eval`'s: the assistant
answers with the draft model, the gold query runs with the demo model, and the result rows must be equal.

Run: .venv/bin/python benchmarks/bench_init.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from assistant.demo_data import build_demo_warehouse
from assistant.evaluation import load_eval_set
from assistant.evaluation.dataset import EvalItem
from assistant.evaluation.runner import gold_runner, pipeline_ask
from assistant.evaluation.scoring import evaluate
from assistant.modeling import open_introspector
from assistant.modeling.draft import draft_model
from assistant.modeling.render import render_yaml
from assistant.runtime import Runtime
from assistant.settings import load_settings
from semantic_layer import DEMO_MODEL_PATH, SemanticModel, load_model
from semantic_layer.model import SimpleMetric

AS_OF = date(2026, 11, 22)
DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "eval" / "dev_set.yml"


def single_entity_items(items: list[EvalItem], model: SemanticModel) -> list[EvalItem]:
    chosen = []
    for item in items:
        query = item.gold_query
        if query is None or query.kind != "metrics" or len(query.metrics) != 1 or query.segments:
            continue
        if query.compare is not None or item.history:
            continue
        metric = model.metrics[query.metrics[0]]
        if not isinstance(metric, SimpleMetric) or metric.segments:
            continue
        entity, measure = model.measure(metric.measure)
        plain = measure.filter is None and measure.per is None and measure.period_start_state is None
        if not plain or not (measure.agg == "sum" or (measure.agg == "count" and measure.expr is None)):
            continue
        fields = [d.name for d in query.dimensions] + [f.field for f in query.filters]
        if query.time_range is not None and query.time_range.field:
            fields.append(query.time_range.field)
        if all(field.partition(".")[0] == entity for field in fields):
            chosen.append(item)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="timed drafting runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        warehouse = Path(folder) / "demo.duckdb"
        build_demo_warehouse(warehouse, scale="small", seed=7, as_of=AS_OF)
        draft_path = Path(folder) / "draft.yml"
        seconds = []
        for _ in range(args.runs):
            start = time.perf_counter()
            db = open_introspector(str(warehouse))
            draft = draft_model(db, name="demo", source=str(warehouse))
            draft_path.write_text(render_yaml(draft.data, draft.comments, []), encoding="utf-8")
            load_model(draft_path, as_of=AS_OF)
            seconds.append(time.perf_counter() - start)
            db.close()  # type: ignore[attr-defined]
        print(f"init on the small demo warehouse ({warehouse.stat().st_size / 1e6:.0f} MB), {args.runs} runs: "
              f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s (target < 10 s)")  # fmt: skip

        demo = Runtime(load_settings(warehouse=warehouse, as_of=AS_OF, audit_log=Path(folder) / "gold.jsonl"))
        drafted = Runtime(
            load_settings(
                warehouse=warehouse, semantic_model=draft_path, as_of=AS_OF, audit_log=Path(folder) / "draft.jsonl"
            )
        )
        items = single_entity_items(load_eval_set(DEV_SET).items, load_model(DEMO_MODEL_PATH, as_of=AS_OF))
        report = evaluate(items, ask=pipeline_ask(drafted), run_gold=gold_runner(demo))
        for language, stats in sorted(report.languages.items()):
            print(f"  {language}: {stats.correct}/{stats.n}")
        overall = report.overall
        print(
            f"draft answers {overall.correct}/{overall.n} = {overall.execution_accuracy:.0%} of the dev set's "
            f"single-entity count/sum/breakdown questions (target >= 80%); wrong {overall.wrong}, "
            f"abstained {overall.abstained}"
        )
        for result in report.failures:
            print(
                f"  not correct: {result.id}: {result.question!r} -> {result.status}: {result.reason}", file=sys.stderr
            )


if __name__ == "__main__":
    main()
