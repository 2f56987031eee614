"""Display values and SVG charts: milliseconds the server adds to an answer for the chat and the widget.

Answers a few questions on a small demo warehouse (built in a temporary folder), then times, per answer,
`answer_display` (table as text, chart data, theme facts) and `svgchart.render` (the SVG), median of --runs,
and prints the SVG size. These run once per answer in the chat and once per `POST /api/ask`.

Run: .venv/bin/python benchmarks/bench_display.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from assistant.demo_data import build_demo_warehouse
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.ui import svgchart
from assistant.ui.display import answer_display

AS_OF = date(2026, 11, 22)
QUESTIONS = [
    "Which region has the highest churn rate this year?",
    "Revenue by category last quarter compared with the previous quarter",
    "What is the churn rate by month this year?",
    "What did churned customers complain about in the last three months?",
    "上季度各区域的销售额",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        warehouse = Path(folder) / "demo.duckdb"
        build_demo_warehouse(warehouse, scale="small", seed=7, as_of=AS_OF)
        settings = Settings(warehouse=warehouse, as_of=AS_OF, llm="offline", audit_log=Path(folder) / "audit.jsonl",
                            feedback_log=Path(folder) / "feedback.jsonl")  # fmt: skip
        runtime = Runtime(settings)
        print(f"{'question':<72} {'display ms':>10} {'svg ms':>7} {'svg KB':>7}")
        for question in QUESTIONS:
            answer = final_answer(run_question(runtime, question))
            display_ms, svg_ms, size = [], [], 0
            for _ in range(args.runs):
                started = time.perf_counter()
                shown = answer_display(runtime.model, answer, AS_OF)
                display_ms.append((time.perf_counter() - started) * 1000)
                if shown.chart is not None:
                    started = time.perf_counter()
                    svg = svgchart.render(shown.chart)
                    svg_ms.append((time.perf_counter() - started) * 1000)
                    size = len(svg.encode())
            svg_median = f"{statistics.median(svg_ms):7.2f}" if svg_ms else "      -"
            print(f"{question[:72]:<72} {statistics.median(display_ms):10.2f} {svg_median} {size / 1024:7.1f}")


if __name__ == "__main__":
    main()
