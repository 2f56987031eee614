"""Where a warm theme answer spends its time: the median ms of each stage of the headline questions.

The pipeline's own stages (plan, compile, guard, execute = population SQL and fetch, themes, summarize) and,
inside themes, the steps of the theme answer, timed by wrapping the functions that do them (each wrapper adds
about a microsecond per call; nested steps are indented and included in their parent's figure), in wall time
and in the process's CPU time (all its threads: DuckDB runs two), which a shared machine's load disturbs less. The answers
are the product's own: the first answer of each question is left out (model and cache index load, per-text
rows computed), then --runs warm answers are timed. --answers writes their JSON (without timings), so two
versions of the code can be checked for identical answers.

Run: .venv/bin/python benchmarks/bench_themes_stages.py --warehouse PATH [--runs 5] [--answers FILE.json]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant import themes
from assistant.engines import Engine
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import load_settings
from assistant.themes import analysis, discovery, embeddings, memory, metric, semantic

QUESTIONS = (
    "What did churned customers complain about in the last three months?",
    "最近三个月流失的客户主要反映了哪些问题?",
)
# (module or class, function, label): the label's indentation shows what it is part of. Steps of the code
# before round 6 (clip_column ... _shares) are timed too when present, so both versions can be compared.
STEPS: list[tuple[Any, str, str]] = [
    (Engine, "run", "population SQL and fetch (the execute stage)"),
    (themes, "analyze_population", "theme answer (in the themes stage)"),
    (analysis, "clip_column", "  texts of the rows (before round 6)"),
    (analysis, "_themed_arrays", "  distinct texts, assignment, discovery (before round 6)"),
    (analysis, "_distinct_texts", "  distinct texts of the rows"),
    (analysis, "_rows_of", "  population masks"),
    (analysis, "embed_and_assign", "  taxonomy assignment (remembered rows)"),
    (memory.TextMemory, "find", "    per-text memory lookup"),
    (semantic, "assign", "    thresholds"),
    (embeddings.Embedder, "embed", "  cache reads (discovery input, quotes)"),
    (analysis, "discover", "  discovery of the unassigned"),
    (discovery, "center_per_language", "    center per language"),
    (metric.DiscoveryMetric, "project", "    metric projection"),
    (discovery, "cluster_vectors", "    clustering"),
    (discovery, "merge_near_duplicates", "    merge near-duplicates"),
    (discovery, "_name_clusters", "    cluster labels"),
    (analysis, "shown_themes", "  shown themes (before round 6)"),
    (analysis, "_text_languages", "  text languages (before round 6)"),
    (analysis, "_in_language", "  text languages"),
    (analysis, "summarize_themes", "  counts, keywords, quotes (before round 6)"),
    (analysis, "_summaries", "  counts, keywords, quotes"),
    (analysis, "theme_keywords", "    keywords"),
    (analysis, "typical_examples", "    quotes (before round 6)"),
    (analysis, "_examples", "    quotes"),
    (analysis, "_shares", "  previous / comparison shares (before round 6)"),
    (analysis, "_code_shares", "  previous / comparison shares"),
]


def _timed(
    function: Callable[..., Any], label: str, spent: dict[str, float], cpu: dict[str, float]
) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started, started_cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.perf_counter() - started
            cpu[label] += time.process_time() - started_cpu

    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--answers", type=Path, help="write the warm answers' JSON (timings left out) here")
    args = parser.parse_args()
    spent: dict[str, float] = defaultdict(float)
    cpu: dict[str, float] = defaultdict(float)
    for owner, name, label in STEPS:
        if hasattr(owner, name):  # a step another version of the code does not have is not shown
            setattr(owner, name, _timed(getattr(owner, name), label, spent, cpu))
    runtime = Runtime(load_settings(warehouse=args.warehouse))
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        final_answer(run_question(runtime, question))
        load = os.getloadavg()[0]
        figures: dict[str, list[float]] = defaultdict(list)
        cpu_figures: dict[str, list[float]] = defaultdict(list)
        for _ in range(args.runs):
            spent.clear()
            cpu.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            answer = final_answer(run_question(runtime, question))
            total, total_cpu = time.perf_counter() - started, time.process_time() - started_cpu
            started = time.perf_counter()
            body = answer.model_dump(mode="json")
            figures["answer JSON"].append(time.perf_counter() - started)
            for stage, ms in answer.timings_ms.items():
                if stage != "total":
                    figures[stage].append(ms / 1000)
            for label, seconds in spent.items():
                figures[label].append(seconds)
                cpu_figures[label].append(cpu[label])
            figures["end to end"].append(total)
            cpu_figures["end to end"].append(total_cpu)
        body.pop("timings_ms", None)
        answers[question] = body
        print(f"{question}  (load {load:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
        print(f"  {'median of ' + str(args.runs) + ' warm answers':56s} {'wall ms':>8s} {'CPU ms':>8s}")
        order = ["plan", "compile", "guard", "execute", "themes"] + [label for _, _, label in STEPS]
        for label in [*order, "summarize", "answer JSON", "end to end"]:
            if label in figures:
                wall = f"{statistics.median(figures[label]) * 1000:8.1f}"
                used = f"{statistics.median(cpu_figures[label]) * 1000:8.1f}" if label in cpu_figures else ""
                print(f"  {label:56s} {wall} {used}")
    if args.answers is not None:
        args.answers.write_text(json.dumps(answers, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
