"""Themes engine: assignment accuracy (EN/ZH/all), discovery NMI, and seconds for 50,000 texts.

Builds small demo warehouses (one per seed) in a temporary folder, reads the complaints with their planted
themes (the eval_* tables, for evaluation only), and measures:
- accuracy of `assign_themes` with the model's complaint taxonomy, per seed, overall and per language;
- NMI of `discover_themes` (no taxonomy) against the planted themes, overall (English and Chinese texts
  together, so a theme split by language costs) and within each language; the number of discovered themes,
  how many of them hold texts of both languages, and the seconds discovery took;
- seconds for `analyze_population` over 50,000 texts (churned vs active customers), median of --runs,
  with the tokenizer caches emptied before each run (jieba's dictionary load is reported apart).

Run: .venv/bin/python benchmarks/bench_themes.py [--seeds 7,11,13] [--texts 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score

from assistant.demo_data import build_demo_warehouse
from assistant.themes import analyze_population, assign_themes, clear_caches, discover_themes, warm_up
from semantic_layer import load_model

AS_OF = date(2026, 11, 22)
COMPLAINTS = """
    SELECT t.ticket_id AS id, t.description AS text, t.language, t.customer_id AS author, t.created_at AS time,
           CASE c.status WHEN 'churned' THEN 'churned_customers' ELSE 'active_customers' END AS population,
           e.theme AS planted
    FROM tickets t JOIN customers c USING (customer_id) JOIN eval_ticket_themes e USING (ticket_id)
    WHERE t.is_complaint ORDER BY t.ticket_id
"""


def load_complaints(folder: Path, seed: int, scale: str) -> pd.DataFrame:
    path = folder / f"demo_{scale}_{seed}.duckdb"
    build_demo_warehouse(path, scale=scale, seed=seed, as_of=AS_OF)
    with duckdb.connect(str(path), read_only=True) as con:
        frame = con.sql(COMPLAINTS).df()
    frame["id"] = f"s{seed}-" + frame["id"].astype(str)
    return frame


def accuracy(frame: pd.DataFrame) -> dict[str, float]:
    taxonomy = load_model().text_fields["complaint_text"].taxonomy
    predicted = np.array([theme or "" for theme in assign_themes(frame["text"].tolist(), taxonomy)], dtype=object)
    correct = predicted == frame["planted"].to_numpy()
    found = {"all": float(correct.mean())}
    for language in ("en", "zh"):
        found[language] = float(correct[(frame["language"] == language).to_numpy()].mean())
    return found


def nmi(frame: pd.DataFrame) -> dict[str, float]:
    start = time.perf_counter()
    discovery = discover_themes(frame["text"].tolist())
    elapsed = time.perf_counter() - start
    discovered = np.array([theme or "" for theme in discovery.assignments], dtype=object)
    planted = frame["planted"].to_numpy()
    found = {"all": float(normalized_mutual_info_score(planted, discovered))}
    chinese = (frame["language"] == "zh").to_numpy()
    for language, mask in (("en", ~chinese), ("zh", chinese)):
        found[language] = float(normalized_mutual_info_score(planted[mask], discovered[mask]))
    found["themes"] = len(discovery.themes)
    found["bilingual"] = len(set(discovered[chinese]) & set(discovered[~chinese]) - {""})
    found["seconds"] = elapsed
    return found


def seconds(frame: pd.DataFrame, runs: int) -> list[float]:
    taxonomy = load_model().text_fields["complaint_text"].taxonomy
    timings = []
    for _ in range(runs):
        clear_caches()
        start = time.perf_counter()
        report = analyze_population(
            frame, taxonomy, language="en", focus="churned_customers", comparison="active_customers"
        )
        timings.append(time.perf_counter() - start)
    assert report.texts + (report.comparison_texts or 0) == len(frame)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="7,11,13", help="demo warehouse seeds, comma-separated")
    parser.add_argument("--scale", default="small", choices=["small", "large"])
    parser.add_argument("--texts", type=int, default=50_000, help="texts for the timing")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    seeds = [int(seed) for seed in args.seeds.split(",")]

    start = time.perf_counter()
    warm_up()
    print(f"jieba, scikit-learn and the embedding model load: {time.perf_counter() - start:.2f} s (once per process)")
    with tempfile.TemporaryDirectory() as folder:
        frames = {seed: load_complaints(Path(folder), seed, args.scale) for seed in seeds}
    print(
        f"{'seed':>5} {'texts':>7} {'acc all':>8} {'acc en':>7} {'acc zh':>7} {'NMI all':>8} {'NMI en':>7} {'NMI zh':>7}"
        f" {'themes':>7} {'both':>5} {'disc s':>7}"
    )
    for seed, frame in frames.items():
        acc, found = accuracy(frame), nmi(frame)
        print(
            f"{seed:>5} {len(frame):>7} {acc['all']:>8.3f} {acc['en']:>7.3f} {acc['zh']:>7.3f}"
            f" {found['all']:>8.3f} {found['en']:>7.3f} {found['zh']:>7.3f}"
            f" {found['themes']:>7.0f} {found['bilingual']:>5.0f} {found['seconds']:>7.2f}"
        )
    everything = pd.concat(frames.values(), ignore_index=True)
    sample = everything.iloc[: args.texts]
    if len(sample) < args.texts:
        print(f"only {len(sample)} complaints in these warehouses; add seeds for {args.texts}")
    timings = seconds(sample, args.runs)
    print(
        f"analyze_population, {len(sample)} texts: median {statistics.median(timings):.2f} s"
        f" (runs: {', '.join(f'{t:.2f}' for t in timings)})"
    )


if __name__ == "__main__":
    main()
