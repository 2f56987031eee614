"""Accuracy and latency of the LLM path with a real local model, against the offline planner on the same questions.

Not part of `make bench` or CI: it needs a running OpenAI-compatible server with a model loaded (docs/llm.md,
"Fully local"). The reference setup is llama.cpp's server through llama-cpp-python, in its own venv outside the
repository (the build compiles llama.cpp, ~15 min on 2 cores):

    python3 -m venv /work/llm-venv
    CMAKE_BUILD_PARALLEL_LEVEL=2 /work/llm-venv/bin/pip install 'llama-cpp-python[server]'
    /work/llm-venv/bin/python -m llama_cpp.server --model /work/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf \
        --model_alias qwen2.5-coder-1.5b-instruct --chat_format chatml-function-calling \
        --n_ctx 8192 --n_threads 2 --host 127.0.0.1 --port 8088
    curl -s http://127.0.0.1:8088/v1/models            # answers once the model is loaded

`chatml-function-calling` is needed: the planner asks for the Plan as a forced tool call (langchain's
`with_structured_output(method="function_calling")`), which that chat format answers with a tool call whose
arguments are generated under a grammar built from the Plan's JSON schema.

Run (the settings of the environment apply too, e.g. a prompt-mode setting of the code under test):

    .venv/bin/python benchmarks/bench_llm_local.py --base-url http://127.0.0.1:8088/v1 \
        --model qwen2.5-coder-1.5b-instruct --questions blind.yml --warehouse demo.duckdb --limit 30

For the first --limit items of the questions file, each item is asked through the offline planner and through
the LLM path (the real langchain-openai client, OPENAI_API_KEY=dummy, one generous timeout per call, no
retries) and scored against its gold with `assistant.evaluation` (correct / wrong / abstain). Per path it
prints the outcome counts, median and p90 latency of plan / summary / total, prompt tokens per LLM call, and the
LLM path's failures by kind. Each result is printed as it comes and appended to --out (JSON lines); Ctrl+C
(or SIGTERM) stops early and still reports the items done.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.contracts import Answer, Plan, Turn
from assistant.errors import ChatBIError
from assistant.evaluation import EvalItem, ItemResult, evaluate_item, gold_runner, load_eval_set, pipeline_ask
from assistant.evaluation.report import percentile
from assistant.llm import planner as llm_planner
from assistant.llm.session import Completion
from assistant.runtime import Runtime
from assistant.settings import Settings, load_settings
from semantic_layer.errors import SemanticLayerError
from semantic_layer.time_phrases import find_time_phrases

DROPPED_NOTES = ("Dropped ", "去掉了")  # how the grounding of LLM plans (where the code has it) words a dropped element


@dataclass
class Run:
    """One item on one path: the scored result, the answer's timings and what the audit record says."""

    path: str
    result: ItemResult
    timings_ms: dict[str, float]
    llm_calls: list[dict[str, Any]] = field(default_factory=list)
    llm_notes: list[str] = field(default_factory=list)
    plan_rounds: list[str] = field(default_factory=list)  # per planning round: ok / no_json / schema / semantic
    planner: str = ""
    invented_time_range: bool = False
    dropped: list[str] = field(default_factory=list)  # grounding's notes: elements of the plan nothing asked for

    def failures(self) -> list[str]:
        """The LLM path's failures by kind (an item can have several)."""
        kinds = [f"invalid plan reply ({kind}), repaired or retried" for kind in self.plan_rounds if kind != "ok"]
        for call in self.llm_calls:
            error = call.get("error") or ""
            if error.startswith(("timeout", "deadline")):
                kinds.append(f"timeout ({call['purpose']})")
            elif error:
                kinds.append(f"call error ({call['purpose']}: {error.split(':')[0]})")
        for note in self.llm_notes:
            if note.startswith("planner fell back to offline"):
                kinds.append("plan unusable -> offline planner answered")
            elif note.startswith("summary rejected"):
                kinds.append("summary rejected " + note.removeprefix("summary rejected ").split(":")[0])
        if self.dropped:  # which elements: in the JSON lines of --out
            kinds.append("invented element dropped by grounding")
        if self.invented_time_range:
            kinds.append("time range with no time phrase in the question (accepted)")
        return kinds


def main() -> None:
    args = _arguments()
    # Stop early and still report: Ctrl+C, also when started in the background (SIGINT ignored), or SIGTERM.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    eval_set = load_eval_set(args.questions)
    items = eval_set.items[: args.limit]
    common: dict[str, Any] = {"warehouse": args.warehouse, "as_of": eval_set.as_of}
    audit_dir = Path(tempfile.mkdtemp(prefix="bench_llm_local_"))
    offline = Runtime(load_settings(**common, llm="offline", audit_log=audit_dir / "offline.jsonl"))
    llm_settings = load_settings(
        **common,
        llm="openai",
        openai_base_url=args.base_url,
        openai_api_key="dummy",
        llm_model=args.model,
        llm_max_retries=args.retries,
        audit_log=audit_dir / "llm.jsonl",
    )
    # Past the settings' caps on purpose: a small model on a busy CPU can take longer than any user should wait.
    llm = Runtime(llm_settings.model_copy(update={"llm_timeout_s": args.timeout, "llm_deadline_s": args.deadline}))
    _describe(args, llm.settings, len(items))
    rounds: list[str] = []
    _record_plan_rounds(rounds)
    runs: dict[str, list[Run]] = {"offline": [], "llm": []}
    out = args.out.open("a", encoding="utf-8") if args.out else None
    try:
        for path, runtime in (("offline", offline), ("llm", llm)):
            if path == "llm" and args.offline_only:
                break
            for index, item in enumerate(items, 1):
                rounds.clear()
                run = _ask(path, runtime, item, rounds)
                runs[path].append(run)
                _print_item(index, len(items), run)
                if out is not None:
                    out.write(json.dumps(_jsonable(run), ensure_ascii=False) + "\n")
                    out.flush()
    except KeyboardInterrupt:
        print("\nstopped: reporting the items done so far", flush=True)
    finally:
        if out is not None:
            out.close()
    _report(runs)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--base-url", required=True, help="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8088/v1")
    parser.add_argument("--model", required=True, help="model name sent to the endpoint")
    parser.add_argument("--questions", type=Path, required=True, help="an eval YAML (chatbi eval's format)")
    parser.add_argument("--warehouse", type=Path, help="DuckDB warehouse the questions were written for")
    parser.add_argument("--limit", type=int, default=30, help="first N items of the file (default 30)")
    parser.add_argument("--timeout", type=float, default=1800.0, help="timeout of one LLM call, s (default 1800)")
    parser.add_argument("--deadline", type=float, default=3600.0, help="LLM time per question, s (default 3600)")
    parser.add_argument("--retries", type=int, default=0, help="retries of a failed LLM call (default 0)")
    parser.add_argument("--out", type=Path, help="append each item's result here as a JSON line")
    parser.add_argument("--offline-only", action="store_true", help="only the offline planner (no server needed)")
    args = parser.parse_args()
    if args.limit < 1:
        parser.error("--limit must be at least 1")
    if not args.questions.is_file():
        parser.error(f"no questions file at {args.questions}")
    return args


def _describe(args: argparse.Namespace, settings: Settings, n: int) -> None:
    modes = {name: getattr(settings, name) for name in type(settings).model_fields if "prompt" in name}
    print(f"questions: {args.questions} (first {n}), warehouse: {settings.warehouse_path}, as of {settings.as_of}")
    print(f"LLM: {args.model} at {args.base_url}; per-call timeout {args.timeout:g} s, {args.retries} retries"
          + (f"; {', '.join(f'{k}={v}' for k, v in modes.items())}" if modes else ""), flush=True)  # fmt: skip


def _record_plan_rounds(rounds: list[str]) -> None:
    """Wrap the LLM planner's reply check so each planning round's verdict is recorded (observation only)."""
    check: Callable[..., tuple[Plan | None, list[str]]] = llm_planner.validate_reply

    def recording(completion: Completion, *args: Any, **kwargs: Any) -> tuple[Plan | None, list[str]]:
        plan, problems = check(completion, *args, **kwargs)
        if plan is not None:
            rounds.append("ok")
        elif completion.data is None:
            rounds.append("no tool call or JSON object")
        else:
            try:
                Plan.model_validate({**completion.data, "planner": "check"})
                rounds.append("unknown names, bad dates or query does not compile")
            except ValidationError:
                rounds.append("does not match the Plan schema")
        return plan, problems

    llm_planner.validate_reply = recording


def _ask(path: str, runtime: Runtime, item: EvalItem, rounds: list[str]) -> Run:
    answers: list[Answer] = []
    ask = pipeline_ask(runtime)

    def keep(question: str, history: Sequence[Turn]) -> Answer:
        answer = ask(question, history)
        answers.append(answer)
        return answer

    audit = runtime.settings.audit_log
    start = audit.stat().st_size if audit.exists() else 0
    result = evaluate_item(item, ask=keep, run_gold=gold_runner(runtime))
    records = _records_since(audit, start)
    last = records[-1] if records else {}
    llm = last.get("llm") or {}
    answer = answers[-1] if answers else None
    plan = answer.plan if answer is not None else None
    return Run(
        path=path, result=result, timings_ms=answer.timings_ms if answer is not None else {},
        llm_calls=list(llm.get("calls", [])), llm_notes=list(llm.get("notes", [])), plan_rounds=list(rounds),
        planner=plan.planner if plan is not None else "", invented_time_range=_invented_time(item, plan, runtime),
        dropped=[a for a in (answer.assumptions if answer is not None else []) if a.startswith(DROPPED_NOTES)],
    )  # fmt: skip


def _records_since(audit: Path, start: int) -> list[dict[str, Any]]:
    if not audit.exists():
        return []
    with audit.open("rb") as handle:
        handle.seek(start)
        return [json.loads(line) for line in handle.read().decode("utf-8").splitlines() if line.strip()]


def _invented_time(item: EvalItem, plan: Plan | None, runtime: Runtime) -> bool:
    """The plan restricts time though the question names no time phrase (only for the question's own turn)."""
    if plan is None or plan.query is None or plan.query.time_range is None or item.history:
        return False
    try:
        return not find_time_phrases(item.question.lower(), runtime.as_of)
    except (SemanticLayerError, ChatBIError):
        return False


def _print_item(index: int, n: int, run: Run) -> None:
    t = run.timings_ms
    tokens = "/".join(str(call.get("prompt_tokens")) for call in run.llm_calls)
    line = (f"[{run.path} {index}/{n}] {run.result.id} {run.result.outcome:8} plan {t.get('plan', 0) / 1000:7.1f} s"
            f"  summary {t.get('summarize', 0) / 1000:6.1f} s  total {t.get('total', 0) / 1000:7.1f} s")  # fmt: skip
    if run.path == "llm":
        line += f"  planner {run.planner}  prompt tokens {tokens or '-'}"
    failures = run.failures() if run.path == "llm" else []
    print(line + (f"  [{'; '.join(failures)}]" if failures else ""), flush=True)
    if run.result.outcome != "correct":
        print(f"    {run.result.question}  ->  {run.result.reason}", flush=True)


def _report(runs: dict[str, list[Run]]) -> None:
    print()
    for path, done in runs.items():
        if not done:
            continue
        outcomes = Counter(run.result.outcome for run in done)
        n = len(done)
        print(f"== {path} path: {n} questions")
        print("   " + ", ".join(f"{name} {outcomes[name]} ({outcomes[name] / n:.0%})"
                                for name in ("correct", "wrong", "abstain")))  # fmt: skip
        for stage, label in (("plan", "plan"), ("summarize", "summary"), ("total", "total")):
            values = sorted(run.timings_ms.get(stage, 0.0) / 1000 for run in done)
            print(f"   {label:8} median {statistics.median(values):9.3f} s   p90 {percentile(values, 90):9.3f} s")
        if path != "llm":
            continue
        for purpose in ("plan", "summary"):
            tokens = sorted(c["prompt_tokens"] for r in done for c in r.llm_calls
                            if c["purpose"] == purpose and c.get("prompt_tokens"))  # fmt: skip
            if tokens:
                print(f"   prompt tokens ({purpose} call): median {statistics.median(tokens):.0f}, max {tokens[-1]}")
        repairs = sum(1 for r in done for c in r.llm_calls if c["purpose"].startswith("plan_repair"))
        planned = sum(1 for r in done if r.planner.startswith("llm:"))
        print(
            f"   planned by the LLM {planned}/{n} (the rest fell back to the offline planner); repair calls {repairs}"
        )
        kinds = Counter(kind for run in done for kind in set(run.failures()))
        print("   failures by kind (questions):" + ("" if kinds else " none"))
        for kind, count in kinds.most_common():
            print(f"     {count:3}  {kind}")
    print(flush=True)


def _jsonable(run: Run) -> dict[str, Any]:
    return {"path": run.path, **run.result.model_dump(mode="json"), "timings_ms": run.timings_ms,
            "planner": run.planner, "llm_calls": run.llm_calls, "llm_notes": run.llm_notes,
            "plan_rounds": run.plan_rounds, "dropped": run.dropped, "failures": run.failures() if run.path == "llm" else [],
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}  # fmt: skip


if __name__ == "__main__":
    try:
        main()
    except ChatBIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(2)
