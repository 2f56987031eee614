"""Load on `chatbi serve`: concurrent clients asking POST /api/ask on loopback, while /healthz is probed.

Starts `chatbi serve` on a free loopback port against a small demo warehouse (built in a temporary folder
unless --warehouse is given), then runs --clients threads that each ask --questions questions in turn (a
mix of metric and theme questions in English and Chinese). Prints throughput, answer latency (p50, p95,
max) and /healthz latency measured during the load; exits 1 unless every request got a 200.

Run: .venv/bin/python benchmarks/bench_load.py [--clients 8] [--questions 50] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import httpx

from assistant.demo_data import build_demo_warehouse
from assistant.evaluation.report import percentile

AS_OF = date(2026, 11, 22)
QUESTIONS = [
    "What did churned customers complain about in the last three months?",
    "Revenue by region last quarter",
    "最近三个月流失的客户主要反映了哪些问题?",
    "What is the churn rate by month this year?",
    "上季度各区域的销售额",
    "How many active customers are there?",
    "今年每月的流失率是多少?",
    "NPS by touchpoint last quarter",
    "What did high-value customers complain about this year?",
    "List the 10 most recently churned high-value customers",
    "本月的投诉数是多少?",
    "Average order value by channel this year",
]
THEME_WORDS = ("complain", "反映")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(
    warehouse: Path, port: int, folder: Path, concurrency: int, queue_size: int
) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "CHATBI_AUDIT_LOG": str(folder / "audit.jsonl"),
        "CHATBI_FEEDBACK_LOG": str(folder / "feedback.jsonl"),
        "CHATBI_LLM": "offline",
        "CHATBI_CONCURRENCY": str(concurrency),
        "CHATBI_QUEUE_SIZE": str(queue_size),
        # Every client asks from 127.0.0.1: the per-client rate limit would answer most of them 429.
        "CHATBI_RATE_LIMIT_PER_MINUTE": "0",
    }
    command = [sys.executable, "-m", "assistant", "serve", "--warehouse", str(warehouse), "--as-of", AS_OF.isoformat(),
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until_ready(base: str, server: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            error = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise SystemExit(f"the server exited early:\n{error}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not come up in time")


def run_client(
    base: str, index: int, count: int, latencies: dict[str, list[float]], failures: list[str], themes: list[int]
) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        for n in range(count):
            question = QUESTIONS[(index * 7 + n) % len(QUESTIONS)]
            started = time.perf_counter()
            try:
                response = client.post("/api/ask", json={"question": question})
            except httpx.HTTPError as exc:
                failures.append(f"{question!r}: {type(exc).__name__}")
                continue
            kind = "theme" if any(word in question for word in THEME_WORDS) else "metric"
            latencies[kind].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200 or response.json().get("status") != "answered":
                failures.append(f"{question!r}: HTTP {response.status_code} {response.text[:120]}")
            elif any(word in question for word in THEME_WORDS):
                themes.append(len(response.json()["themes"]))


def probe_health(base: str, stop: threading.Event, latencies: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get("/healthz").raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)
            stop.wait(0.2)


def report(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    return (f"{name:<10} n={len(ordered):<4} p50 {statistics.median(ordered):8.1f} ms   "
            f"p95 {percentile(ordered, 95):8.1f} ms   max {ordered[-1]:8.1f} ms")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--questions", type=int, default=50, help="questions per client (default 50)")
    parser.add_argument("--concurrency", type=int, default=4, help="the server's CHATBI_CONCURRENCY (default 4)")
    parser.add_argument("--queue-size", type=int, default=32, help="the server's CHATBI_QUEUE_SIZE (default 32)")
    parser.add_argument("--warehouse", type=Path, help="warehouse file (default: build a small demo in a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        warehouse = args.warehouse
        if warehouse is None:
            warehouse = folder / "demo.duckdb"
            build_demo_warehouse(warehouse, scale="small", seed=7, as_of=AS_OF)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(warehouse, port, folder, args.concurrency, args.queue_size)
        try:
            wait_until_ready(base, server)
            for question in QUESTIONS:  # warm-up: first-use caches, as a running server would have them
                httpx.post(base + "/api/ask", json={"question": question}, timeout=120)
            latencies: dict[str, list[float]] = {"metric": [], "theme": []}
            failures: list[str] = []
            themes: list[int] = []
            health: list[float] = []
            stop = threading.Event()
            prober = threading.Thread(target=probe_health, args=(base, stop, health))
            clients = [
                threading.Thread(target=run_client, args=(base, i, args.questions, latencies, failures, themes))
                for i in range(args.clients)
            ]
            prober.start()
            started = time.perf_counter()
            for client in clients:
                client.start()
            for client in clients:
                client.join()
            elapsed = time.perf_counter() - started
            stop.set()
            prober.join()
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    total = args.clients * args.questions
    answered = latencies["metric"] + latencies["theme"]
    print(f"{args.clients} clients x {args.questions} questions = {total} requests on loopback, "
          f"server concurrency {args.concurrency}, queue {args.queue_size}, {os.cpu_count()} CPUs")  # fmt: skip
    print(f"answered   {len(answered) - len(failures)}/{total} with HTTP 200 in {elapsed:.1f} s: "
          f"{len(answered) / elapsed:.1f} requests/s ({sum(1 for n in themes if n)} theme answers with themes)")  # fmt: skip
    print(report("/api/ask", answered))
    print(report("  metric", latencies["metric"]))
    print(report("  theme", latencies["theme"]))
    print(report("/healthz", health))
    print(f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
    for failure in failures[:10]:
        print("FAILED", failure)
    return 0 if not failures and len(answered) == total else 1


if __name__ == "__main__":
    sys.exit(main())
