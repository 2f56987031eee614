"""Themes on hand-written complaints, scored on texts the assignment did not learn from.

The demo taxonomy learns from semantic_layer/models/complaint_examples.csv (id, language, text, theme,
secondary_theme, style, source): hand-written, labelled complaints in English and Chinese from twelve sources:
- `bank-en`, `bank-zh`: 30 texts per theme and 40 about none of them, per language, written as examples;
- `corpus-1`: 488 texts (ten themes + four themes the taxonomy lacks, `unlisted:<x>`), the first blind corpus;
- `corpus-2`: 340 texts (ten themes + two unlisted themes), the second blind corpus;
- `corpus-3`: 420 texts (ten themes + four unlisted themes), the third blind corpus;
- `corpus-4`: 340 texts (ten themes + two unlisted themes, out of stock and packaging waste), the fourth;
- `corpus-5`: 340 texts (ten themes + two unlisted themes, installation service and account security), the fifth
  (tests/blind/complaints_5.csv);
- `corpus-6`: 340 texts (ten themes + two unlisted themes next to listed ones, misleading product information and
  courier conduct), the sixth (tests/blind/complaints_6.csv);
- `corpus-7`: 340 texts (ten themes + two unlisted themes, warranty and repair service and personal data and
  privacy), the seventh (tests/blind/complaints_7.csv);
- `corpus-8`: 340 texts (ten themes + two unlisted themes, invoices and receipts and size and fit), the eighth
  (tests/blind/complaints_8.csv);
- `bank-none`: 510 texts about 51 things customers complain about that the taxonomy does not list (store
  visits, marketing messages, privacy, stock, packaging, couriers' behaviour, product information, repairs,
  sizes, pick-up points, recalls, scams...), 5 per topic and language, labelled `none:<topic>`; written by the
  themes helpers of rounds 4 and 6 from general retail knowledge, not from any corpus;
- `bank-style`: 120 texts of the listed themes (6 per theme and language) in the styles that were left
  unassigned most (sarcasm, typos, long formal letters, emoji, very short), written by the themes helper of
  round 6 (no corpus text paraphrased; the closest of them to any corpus text is at cosine 0.81).
Every source but `bank-none` and `bank-style` was written by helpers who saw only the theme ids and one-line descriptions (never
the demo generator, the code or each other's texts).
A labelled corpus is scored by a classifier learnt WITHOUT it (leave one source out): its own texts never
teach the classifier that scores them. With `--novel-topics` the classifier also learns without every other
labelled text of the corpus's unlisted topics (another corpus's `unlisted:<x>`, `bank-none`'s `none:<x>`, with
the aliases of SAME_TOPIC): each unlisted theme is then one the classifier never saw, as in a fresh corpus.
`--corpus FILE` scores an outside corpus (same columns, no source) with the whole example file: that is how a
fresh blind corpus is scored once.

Reported for each corpus:
- taxonomy accuracy (the primary theme; texts of listed themes), overall, per language and per style, and
  the share whose labelled theme is the primary or the secondary one assigned;
- per-theme accuracy and the confusion (labelled theme -> assigned theme, "-" for unassigned);
- unlisted texts kept out of the listed themes (assigned nothing, a discovered theme or other), per theme;
- NMI of `--taxonomy none` discovery against the labelled themes (every text, both languages together),
  compared by the similarity learnt from the same labelled examples (assistant/themes/metric.py), and NMI of
  the discovery of the texts no listed theme took (as in an answer).

Run: .venv/bin/python benchmarks/bench_themes_blind.py [--source corpus-1 ...] [--novel-topics] [--corpus FILE]
     [--failures] [--tune] [--rules] [--embedding-model NAME]
`--tune` prints accuracy / kept-out over a grid of the acceptance threshold of assistant/themes/semantic.py
and then of its NONE_MARGIN,
each corpus scored leave-one-source-out (corpora 1-8, never an outside corpus), with and without
`--novel-topics`, and "right": the share of all of a corpus's texts handled right (a listed text given its
theme, an unlisted one kept out of the listed themes). The thresholds are chosen by the mean "right" over the
eight corpora with novel topics (semantic.py says how).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import normalized_mutual_info_score

from assistant.themes import assign_with_secondary, discover_themes
from semantic_layer import load_model
from semantic_layer.model import LabelledText, TextField

EXAMPLES = Path(__file__).resolve().parents[1] / "semantic_layer" / "models" / "complaint_examples.csv"
SCORED_SOURCES = ("corpus-1", "corpus-2", "corpus-3", "corpus-4", "corpus-5", "corpus-6", "corpus-7", "corpus-8")
# Unlisted themes of different corpora (and bank-none topics) that are one topic, for --novel-topics.
SAME_TOPIC = {
    "store_staff_or_environment": "store_experience",
    "store_safety": "store_experience",
    "packaging_waste": "excessive_packaging",
    # bank-none topics of round 6 next to a corpus's unlisted theme: held out with it, to keep the estimate fair.
    "accused_of_theft": "store_experience",
    "store_accessibility": "store_experience",
    "scam_impersonation": "account_security",
    "warranty_repair": "installation_service",
    # bank-none topics (rounds 4 and 6) that are corpus 6's unlisted themes: its size-chart texts are misleading
    # product information too.
    "courier_behaviour": "courier_conduct",
    "product_information": "misleading_product_info",
    "size_fit": "misleading_product_info",
    # corpus 7's unlisted themes: personal data and privacy is corpus 1's and bank-none's privacy topic; its
    # warranty repairs are bank-none's `warranty_repair`, already one topic with installation service (above).
    "data_privacy": "privacy_data",
    # corpus 8's size and fit is bank-none's `size_fit`, already one topic with misleading product information
    # (above); its invoices and receipts are named by no other source.
}
ACCEPT_GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6)
MARGIN_GRID: tuple[float | str, ...] = ("off", -0.1, -0.06, -0.05, -0.04, -0.03, -0.02, -0.01, 0.0, 0.01, 0.02, 0.05)


def complaint_field() -> TextField:
    return load_model().text_fields["complaint_text"]


def examples() -> pd.DataFrame:
    return pd.read_csv(EXAMPLES, dtype=str, keep_default_na=False)


def topic(label: str) -> str | None:
    """The topic of a label of no listed theme (`unlisted:<x>`, `none:<x>`); None for others."""
    if ":" not in label:
        return None
    name = label.split(":", 1)[1]
    return SAME_TOPIC.get(name, name)


def learnt_without(frame: pd.DataFrame, source: str | None, *, novel_topics: bool = False) -> list[LabelledText]:
    """The labelled examples of every source but `source` (all of them for None); with `novel_topics`, also
    without any text of an unlisted topic of `source` (module docstring)."""
    kept = frame if source is None else frame[frame["source"] != source]
    if novel_topics and source is not None:
        own = {topic(label) for label in frame.loc[frame["source"] == source, "theme"]} - {None}
        kept = kept[~kept["theme"].map(lambda label: topic(label) in own)]
    return [LabelledText(text=row.text, theme=row.theme) for row in kept.itertuples()]


def score(frame: pd.DataFrame, labelled: Sequence[LabelledText], *, failures: bool) -> dict[str, object]:
    taxonomy = complaint_field().taxonomy
    listed = {theme.id for theme in taxonomy}
    started = time.perf_counter()
    # As an answer assigns them: the corpus is one population (texts of a topic of their own set apart, novelty.py).
    detailed = list(assign_with_secondary(frame["text"].tolist(), taxonomy, labelled=labelled, population=True))
    assign_s = time.perf_counter() - started
    primary = np.array([p or "-" for p, _ in detailed], dtype=object)
    secondary = np.array([s or "-" for _, s in detailed], dtype=object)
    gold = frame["theme"].to_numpy()
    in_taxonomy = np.isin(gold, list(listed))
    correct = primary == gold
    either = correct | (secondary == gold)
    result: dict[str, object] = {"texts": len(frame), "assign_s": round(assign_s, 2)}
    result["accuracy"] = _share(correct[in_taxonomy])
    result["accuracy_primary_or_secondary"] = _share(either[in_taxonomy])
    for language in ("en", "zh"):
        mask = in_taxonomy & (frame["language"].to_numpy() == language)
        result[f"accuracy_{language}"] = _share(correct[mask])
    result["unassigned_listed"] = _share(~np.isin(primary[in_taxonomy], list(listed)))
    unlisted = ~in_taxonomy
    result["unlisted_kept_out"] = _share(~np.isin(primary[unlisted], list(listed)))
    result["unlisted_texts"] = int(unlisted.sum())
    result["right"] = _share(np.where(in_taxonomy, correct, ~np.isin(primary, list(listed))))
    result["unlisted_kept_out_per_theme"] = {
        theme: _share(~np.isin(primary[gold == theme], list(listed))) for theme in sorted(set(gold[unlisted]))
    }
    landed: dict[str, Counter[str]] = {}
    for g, p in zip(gold[unlisted], primary[unlisted], strict=True):
        if p in listed:
            landed.setdefault(g, Counter())[p] += 1
    result["unlisted_landed_in"] = {g: dict(c.most_common(3)) for g, c in sorted(landed.items())}
    result["per_style"] = {
        style: _share(correct[in_taxonomy & (frame["style"].to_numpy() == style)])
        for style in sorted(set(frame["style"]))
    }
    result["per_theme"] = {
        theme: f"{_share(correct[gold == theme]):.2f} (n={int((gold == theme).sum())})" for theme in sorted(listed)
    }
    confusion: dict[str, Counter[str]] = {}
    for g, p in zip(gold, primary, strict=True):
        shown = p if p in listed or p == "-" else "discovered/other"
        if shown != g:
            confusion.setdefault(g, Counter())[shown] += 1
    result["confusion"] = {g: dict(c.most_common()) for g, c in sorted(confusion.items())}
    # As an answer: the texts no listed theme takes are clustered (with the metric the taxonomy's texts teach).
    left = np.flatnonzero(primary == "-")
    if len(left) > 1:
        leftover = discover_themes(frame["text"].iloc[left].tolist(), taxonomy=taxonomy, labelled=labelled)
        found = [theme or "-" for theme in leftover.assignments]
        result["leftover_texts"] = len(left)
        result["leftover_discovery_nmi"] = round(float(normalized_mutual_info_score(gold[left], found)), 3)
    started = time.perf_counter()
    # As `chatbi themes --taxonomy none`: no listed theme; the labelled examples only teach the similarity.
    discovered = discover_themes(frame["text"].tolist(), labelled=labelled)
    result["discovery_s"] = round(time.perf_counter() - started, 2)
    clusters = [theme or "-" for theme in discovered.assignments]
    result["discovery_nmi"] = round(float(normalized_mutual_info_score(gold, clusters)), 3)
    result["discovered_themes"] = len(set(clusters) - {"-"})
    if failures:
        result["failures"] = [
            f"{row.id} [{row.language}/{row.style}] gold={row.theme} got={p} second={s}: {row.text}"
            for row, p, s, ok, listed_gold in zip(
                frame.itertuples(), primary, secondary, correct, in_taxonomy, strict=True
            )
            if (listed_gold and not ok) or (not listed_gold and p in listed)
        ]
    return result


def tune() -> None:
    """Accuracy / kept-out / right of each scored corpus (leave-one-source-out, with and without novel topics)
    over a grid of acceptance thresholds (with the chosen NONE_MARGIN), then over a grid of NONE_MARGIN (with
    the chosen acceptance threshold; "off": the rule not applied), and their means."""
    from assistant.themes import semantic
    from assistant.themes.engine import default_embedder
    from assistant.themes.features import single_threaded

    field, frame = complaint_field(), examples()
    listed = [theme.id for theme in field.taxonomy]
    chosen = semantic.ACCEPT_PROBABILITY, semantic.NONE_MARGIN
    for novel in (True, False):
        rows = {}
        with single_threaded():
            for source in SCORED_SOURCES:
                corpus = frame[frame["source"] == source]
                labelled = learnt_without(frame, source, novel_topics=novel)
                _, found = semantic.embed_and_assign(
                    corpus["text"].tolist(), field.taxonomy, default_embedder(), labelled=labelled
                )
                rows[source] = (found, corpus["theme"].to_numpy(), corpus["language"].to_numpy())
        print(
            f"{'novel topics' if novel else 'leave one source out'}: accuracy (EN / ZH) / kept out / right per corpus; mean"
        )
        grid = [("accept", value) for value in ACCEPT_GRID] + [("margin", value) for value in MARGIN_GRID]
        for setting, value in grid:
            semantic.ACCEPT_PROBABILITY, semantic.NONE_MARGIN = chosen
            if setting == "accept":
                semantic.ACCEPT_PROBABILITY = float(value)  # type: ignore[arg-type]
            elif value != "off":
                semantic.NONE_MARGIN = float(value)  # type: ignore[arg-type]
            cells, means = [], []
            for found, gold, language in rows.values():
                none_support = None if value == "off" else found.none_support
                again = semantic.assign(
                    found.probabilities, found.support, np.ones(len(gold), dtype=bool), none_support
                )
                ids = np.array([*listed, "-"], dtype=object)[again.primary]
                listed_gold = np.isin(gold, listed)
                right = ids == gold
                kept = ~np.isin(ids, listed)
                figures = (
                    _share(right[listed_gold]),
                    _share(right[listed_gold & (language == "en")]),
                    _share(right[listed_gold & (language == "zh")]),
                    _share(kept[~listed_gold]),
                    _share(np.where(listed_gold, right, kept)),
                )
                means.append(figures)
                cells.append(
                    f"{figures[0]:.3f} ({figures[1]:.3f}/{figures[2]:.3f}) / {figures[3]:.3f} / {figures[4]:.3f}"
                )
            mean = np.mean(means, axis=0)
            label = f"{setting} {value}"
            print(
                f"  {label:<13} " + "  ".join(cells)
                + f"  mean {mean[0]:.3f} ({mean[1]:.3f}/{mean[2]:.3f}) / {mean[3]:.3f} / {mean[4]:.3f}"
            )  # fmt: skip
        semantic.ACCEPT_PROBABILITY, semantic.NONE_MARGIN = chosen


def open_set_rules() -> None:
    """Accuracy (EN / ZH) / kept out / right, mean of the scored corpora with novel topics, for the acceptance
    rule of semantic.py (at its thresholds) plus one more open-set rule each: a margin between the two most
    probable themes; a per-theme radius (a text must be at least as close to its theme's training texts as the
    q-quantile of those texts' own closeness to each other, leave one out); a k-NN margin (closeness to the
    theme's texts minus the closest other class's, "none" included)."""
    from assistant.themes import semantic
    from assistant.themes.classifier import ThemeClassifier
    from assistant.themes.engine import default_embedder
    from assistant.themes.features import single_threaded
    from assistant.themes.memory import taxonomy_memory

    field, frame, embedder = complaint_field(), examples(), default_embedder()
    listed = [theme.id for theme in field.taxonomy]
    themes = len(listed)
    folds = []
    with single_threaded():
        for source in SCORED_SOURCES:
            corpus = frame[frame["source"] == source]
            labelled = learnt_without(frame, source, novel_topics=True)
            texts = corpus["text"].tolist()
            _, found = semantic.embed_and_assign(texts, field.taxonomy, embedder, labelled=labelled)
            model = taxonomy_memory(embedder, field.taxonomy, labelled).classifier(embedder)
            folds.append(
                (found, model, embedder.embed(texts), corpus["theme"].to_numpy(), corpus["language"].to_numpy())
            )

    def radius(model: ThemeClassifier, q: float) -> np.ndarray:  # type: ignore[type-arg]
        out = np.zeros(themes)
        for k in range(themes):
            own = model.prototypes[k].astype(np.float64)
            cosines = own @ own.T
            np.fill_diagonal(cosines, -np.inf)
            out[k] = np.quantile(np.sort(cosines, axis=1)[:, -3:].mean(axis=1), q)
        return out

    def rule(name: str, value: float) -> list[np.ndarray]:  # type: ignore[type-arg]
        accepted = []
        for found, model, vectors, _, _ in folds:
            again = semantic.assign(found.probabilities, found.support, found.present, found.none_support)
            first = found.probabilities.argmax(axis=1)
            keep = again.primary >= 0
            if name == "top-two margin":
                ranked = np.sort(found.probabilities, axis=1)
                keep &= ranked[:, -1] - ranked[:, -2] >= value
            elif name == "per-theme radius":
                keep &= found.support >= radius(model, value)[first]
            elif name == "k-NN margin":
                others = [model.none_support(vectors)]
                for k in range(themes):
                    theirs = model.support(vectors, np.full(len(vectors), k))
                    others.append(np.where(first == k, -np.inf, theirs))
                keep &= found.support - np.max(others, axis=0) >= value
            accepted.append(np.where(keep, again.primary, -1))
        return accepted

    print("open-set rules, novel topics: mean accuracy (EN / ZH) / kept out / right")
    grid = [("acceptance only", 0.0)] + [("top-two margin", v) for v in (0.1, 0.2, 0.3)]
    grid += [("per-theme radius", v) for v in (0.02, 0.05, 0.1)] + [("k-NN margin", v) for v in (-0.05, -0.02, 0.0)]
    for name, value in grid:
        means = []
        for primary, (_, _, _, gold, language) in zip(rule(name, value), folds, strict=True):
            ids = np.array([*listed, "-"], dtype=object)[primary]
            listed_gold, right, kept = np.isin(gold, listed), ids == gold, ~np.isin(ids, listed)
            means.append(
                (
                    _share(right[listed_gold]),
                    _share(right[listed_gold & (language == "en")]),
                    _share(right[listed_gold & (language == "zh")]),
                    _share(kept[~listed_gold]),
                    _share(np.where(listed_gold, right, kept)),
                )
            )
        m = np.mean(means, axis=0)
        print(f"  {name} {value:<6} {m[0]:.3f} ({m[1]:.3f}/{m[2]:.3f}) / {m[3]:.3f} / {m[4]:.3f}")


def _share(mask: np.ndarray) -> float:  # type: ignore[type-arg]
    return round(float(mask.mean()), 3) if len(mask) else float("nan")


def _print(title: str, result: dict[str, object]) -> None:
    print(f"== {title} ==")
    for key, value in result.items():
        if key != "failures":
            print(f"{key}: {value}")
    for line in result.get("failures", []):  # type: ignore[attr-defined]
        print("  FAIL", line)
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", action="append", choices=SCORED_SOURCES, help="score these sources only")
    parser.add_argument(
        "--novel-topics", action="store_true", help="also learn without other texts of the corpus's unlisted topics"
    )
    parser.add_argument("--corpus", type=Path, help="score an outside labelled corpus with every example")
    parser.add_argument("--failures", action="store_true", help="list the misassigned texts")
    parser.add_argument("--tune", action="store_true", help="accuracy / kept-out over a grid of thresholds")
    parser.add_argument("--rules", action="store_true", help="accuracy / kept-out of other open-set rules")
    parser.add_argument("--embedding-model", help="CHATBI_EMBEDDING_MODEL for this run")
    args = parser.parse_args()
    if args.embedding_model:
        os.environ["CHATBI_EMBEDDING_MODEL"] = args.embedding_model
    if args.tune:
        tune()
        return
    if args.rules:
        open_set_rules()
        return
    frame = examples()
    if args.corpus:
        corpus = pd.read_csv(args.corpus, dtype=str, keep_default_na=False)
        result = score(corpus, learnt_without(frame, None), failures=args.failures)
        # A blind corpus shares no text with the examples; a long shared list means it was learnt from.
        result["texts_also_in_examples"] = int(corpus["text"].isin(set(frame["text"])).sum())
        _print(f"{args.corpus.name} (learnt from every example)", result)
        return
    for source in args.source or SCORED_SOURCES:
        corpus = frame[frame["source"] == source].reset_index(drop=True)
        result = score(corpus, learnt_without(frame, source, novel_topics=args.novel_topics), failures=args.failures)
        _print(f"{source} (learnt without it{' and its unlisted topics' if args.novel_topics else ''})", result)


if __name__ == "__main__":
    main()
