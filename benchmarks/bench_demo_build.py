"""Benchmark the demo warehouse build: seconds (median of runs), row counts, file size and peak RSS.

Each build runs in a fresh child process, so its peak resident memory is its own:

    python benchmarks/bench_demo_build.py --scale small --runs 3
    python benchmarks/bench_demo_build.py --scale large
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_RUNS = {"small": 3, "large": 1}


def build_once(scale: str, seed: int, as_of: date, directory: Path) -> dict[str, Any]:
    """Build in this process and describe the result (called in the child)."""
    from assistant.demo_data import build_demo_warehouse

    report = build_demo_warehouse(
        directory / f"{scale}.duckdb", scale="large" if scale == "large" else "small", seed=seed, as_of=as_of
    )
    # ru_maxrss is in KiB on Linux.
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "seconds": report.seconds,
        "row_counts": report.row_counts,
        "file_mib": report.path.stat().st_size / 2**20,
        "peak_rss_mib": peak_mib,
    }


def run_in_child(scale: str, seed: int, as_of: date) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as directory:
        command = [sys.executable, __file__, "--worker", scale, "--seed", str(seed), "--as-of", as_of.isoformat()]
        command += ["--dir", directory]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def report(scale: str, results: list[dict[str, Any]]) -> None:
    seconds = [r["seconds"] for r in results]
    last = results[-1]
    print(f"scale={scale} runs={len(results)}")
    print(f"  build seconds: median {statistics.median(seconds):.2f} (min {min(seconds):.2f}, max {max(seconds):.2f})")
    print(f"  file size: {last['file_mib']:.1f} MiB")
    print(f"  peak RSS: {max(r['peak_rss_mib'] for r in results):.0f} MiB")
    for table, count in last["row_counts"].items():
        print(f"  {table:<20} {count:>12,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "large", "both"], default="small")
    parser.add_argument("--runs", type=int, help="builds per scale (default: 3 for small, 1 for large)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 22))
    parser.add_argument("--worker", choices=["small", "large"], help=argparse.SUPPRESS)
    parser.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(build_once(args.worker, args.seed, args.as_of, args.dir)))
        return 0
    scales = ["small", "large"] if args.scale == "both" else [args.scale]
    for scale in scales:
        runs = args.runs or DEFAULT_RUNS[scale]
        report(scale, [run_in_child(scale, args.seed, args.as_of) for _ in range(runs)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
