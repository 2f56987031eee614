"""The LLM path's cost with a local stub endpoint (tests/llm_stub.py; no network, no real model).

1. Planning prompt size for the demo model: system + user message + the Plan tool schema, in characters and
   estimated tokens (characters / 4), over every dev-set question (English and Chinese, with their chat
   history) — median and max.
2. LLM calls per answer, as the audit record counts them, for a metrics answer, a repaired plan and a theme
   answer with LLM theme labels.
3. Added latency: `run_question` with the LLM (stub replies at once) against the offline path for the same
   question, median of --runs after a warm-up; plus the one-time import of langchain/openai.

Run: .venv/bin/python benchmarks/bench_llm.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/llm_stub.py

from assistant.contracts import Turn, detect_language  # noqa: E402
from assistant.demo_data import build_demo_warehouse  # noqa: E402
from assistant.evaluation import load_eval_set  # noqa: E402
from assistant.llm.planner import plan_schema, planning_messages  # noqa: E402
from assistant.pipeline import final_answer, run_question  # noqa: E402
from assistant.planner import plan_question  # noqa: E402
from assistant.runtime import Runtime  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from semantic_layer import load_model  # noqa: E402
from tests.llm_stub import LLMStub, plan_reply, text_reply, tool_call_reply  # noqa: E402

AS_OF = date(2026, 11, 22)
DEV_SET = ROOT / "tests" / "eval" / "dev_set.yml"
QUESTION = "Revenue by region last quarter"
PLAN = {"status": "ok", "query": {"metrics": ["revenue"], "dimensions": [{"name": "customer.region"}],
        "time_range": {"start": "2026-07-01", "end": "2026-09-30", "label": "last quarter"}}}  # fmt: skip
SUMMARY = "East had the highest revenue last quarter, followed by South."


def prompt_sizes() -> None:
    model = load_model(as_of=AS_OF)
    schema = len(json.dumps(plan_schema(), ensure_ascii=False))
    sizes: dict[str, list[int]] = {"en": [], "zh": []}
    for item in load_eval_set(DEV_SET, model).items:
        history: list[Turn] = []
        for earlier in item.history:  # earlier turns as the chat would hold them
            plan = plan_question(earlier, history, model, AS_OF, detect_language(earlier))
            history.append(Turn(question=earlier, query=plan.query))
        messages = planning_messages(item.question, history, model, AS_OF)
        sizes[detect_language(item.question)].append(sum(len(m.content) for m in messages) + schema)
    print("1. Planning prompt (system + user + Plan schema), demo model, dev-set questions")
    print(f"   {'lang':5} {'n':>4} {'median chars':>13} {'max chars':>10} {'max ~tokens':>12}")
    for language, values in sizes.items():
        print(
            f"   {language:5} {len(values):>4} {statistics.median(values):>13.0f} {max(values):>10} {max(values) / 4:>12.0f}"
        )
    print(f"   (of which the Plan schema: {schema} chars)")


def calls_per_answer(path: Path, folder: Path) -> None:
    cases: list[tuple[str, str, list[Any], dict[str, Any]]] = [
        ("metrics answer", QUESTION, [tool_call_reply(PLAN), text_reply(SUMMARY)], {}),
        ("one repair round", QUESTION,
         [plan_reply({"status": "ok", "query": {"metrics": ["revenu"]}}), plan_reply(PLAN), text_reply(SUMMARY)], {}),
        ("themes + labels", "What do survey comments say about last month?",
         [plan_reply({"status": "ok", "query": {"kind": "themes", "text_field": "survey_comment",
                      "time_range": {"start": "2026-10-01", "end": "2026-10-31", "label": "last month"}}}),
          plan_reply({"labels": [{"id": "discovered_1", "label": "Packaging complaints"}]}),
          text_reply("Survey comments last month were mostly about delivery.")], {}),
    ]  # fmt: skip
    print("2. LLM calls per answer (from the audit record)")
    for name, question, replies, overrides in cases:
        with LLMStub() as stub:
            stub.enqueue(*replies)
            runtime = llm_runtime(path, folder, stub.base_url, **overrides)
            answer = final_answer(run_question(runtime, question))
            record = json.loads((folder / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])
            purposes = [call["purpose"] for call in record["llm"]["calls"]]
            print(f"   {name:18} {len(purposes)} calls: {', '.join(purposes)}  (status {answer.status})")
    print("   at most 1 + 2 repairs + theme labels + summary = 5 calls")


def added_latency(path: Path, folder: Path, runs: int) -> None:
    offline = Runtime(load_settings(warehouse=path, as_of=AS_OF, audit_log=folder / "audit.jsonl", llm="offline"))
    import_ms = import_time()
    with LLMStub() as stub:
        runtime = llm_runtime(path, folder, stub.base_url)
        timings: dict[str, list[float]] = {"offline": [], "llm": [], "llm_calls": []}
        for index in range(runs + 1):
            stub.enqueue(tool_call_reply(PLAN), text_reply(SUMMARY))
            for name, target in (("offline", offline), ("llm", runtime)):
                start = time.perf_counter()
                answer = final_answer(run_question(target, QUESTION))
                elapsed = (time.perf_counter() - start) * 1000
                assert answer.status == "answered", answer.message
                if index:  # the first round warms caches and imports
                    timings[name].append(elapsed)
            if index:
                record = json.loads((folder / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])
                timings["llm_calls"].append(sum(call["latency_ms"] for call in record["llm"]["calls"]))
    offline_ms, llm_ms = statistics.median(timings["offline"]), statistics.median(timings["llm"])
    print(f"3. Added latency with the stub ('{QUESTION}', median of {runs} runs after a warm-up)")
    print(f"   offline path {offline_ms:8.1f} ms")
    print(f"   LLM path     {llm_ms:8.1f} ms  (+{llm_ms - offline_ms:.1f} ms; of it the 2 calls: "
          f"{statistics.median(timings['llm_calls']):.1f} ms)")  # fmt: skip
    print(f"   one-time import of langchain/openai in a fresh process: {import_ms:.0f} ms")


def import_time() -> float:
    code = "import time; t = time.perf_counter(); import assistant.llm.adapter; print((time.perf_counter() - t) * 1000)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.strip())


def llm_runtime(path: Path, folder: Path, base_url: str, **overrides: Any) -> Runtime:
    return Runtime(load_settings(warehouse=path, as_of=AS_OF, audit_log=folder / "audit.jsonl", llm="openai",
                                 openai_base_url=base_url, openai_api_key="sk-stub", llm_model="stub-model",
                                 **overrides))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per path")
    args = parser.parse_args()
    prompt_sizes()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "demo.duckdb"
        build_demo_warehouse(path, scale="small", seed=7, as_of=AS_OF)
        calls_per_answer(path, folder)
        added_latency(path, folder, args.runs)


if __name__ == "__main__":
    main()
