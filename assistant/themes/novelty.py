"""Texts of a population that make a topic of their own next to a listed theme: set apart for discovery.

A text takes a listed theme on its own evidence (semantic.py). A topic the taxonomy does not list but that sits next
to a listed theme (warranty repairs beside damaged goods, invoices beside billing errors) is taken text by text:
each of its texts looks enough like the theme on its own. What gives the topic away is the population: its texts
are many, alike, and together further from the texts the theme was learnt from than the theme's own training texts
are from each other. So the population's texts are clustered (average linkage over the discovery metric,
discovery.py, about CLUSTERS_PER_ROOT × √n clusters, fitted on at most FIT_SAMPLE texts), and in every cluster of
at least MIN_TEXTS texts the mean closeness of its texts to the training texts of the theme most of them took (the
mean of each text's 3 best cosines, `ThemeClassifier.support`) is compared with that theme's spread: the median of
the same closeness of each of its training texts to the others. A cluster more than MAX_DEFICIT below it is a topic
of its own: its texts of that theme go to discovery (with the other leftover texts), so the answer names it as a
discovered theme instead of spreading it over the listed one. A text outside the fitted sample follows the cluster
whose centroid it is closest to.

Chosen on the labelled corpora, each scored by a classifier learnt without it and without any other text of its
unlisted topics (benchmarks/bench_themes_blind.py --novel-topics, corpora 1-8, round 9): texts of unlisted themes
kept out 76.0% -> 86.4% for accuracy 91.3% -> 90.7% (docs/themes.md, "Round 9"); 2.5-5 clusters per root, 6-12
texts and a deficit of 0.04-0.06 all gave 0.889-0.894 of texts handled right against 0.874-0.877 for any single
acceptance threshold.

Which texts are set apart depends on the population's texts (their cache keys in order) and the taxonomy only, and
everything is seeded: the same population gets the same answer; a repeated one reads it from the taxonomy's memory.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from assistant.themes.discovery import FIT_SAMPLE, SEED, cluster_vectors
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import Vectors
from assistant.themes.metric import DiscoveryMetric
from assistant.themes.semantic import Assignment
from assistant.themes.shards import Keys
from assistant.themes.tokens import has_cjk
from semantic_layer.model import LabelledText, Theme

CLUSTERS_PER_ROOT = 3.0
MIN_TEXTS = 10
MAX_DEFICIT = 0.05
MIN_GAP = 0.04
MIN_OTHERS = 3
MIN_NONE = 0.15

Rows = npt.NDArray[np.int64]
Closeness = Callable[[Vectors, npt.NDArray[np.int64]], npt.NDArray[np.float64]]


def set_apart(
    texts: Sequence[str],
    keys: Keys,
    found: Assignment,
    taxonomy: Sequence[Theme],
    embedder: Embedder,
    *,
    labelled: Sequence[LabelledText] = (),
) -> Assignment:
    """`found` with the texts of clusters that make a topic of their own unassigned (module docstring)."""
    from assistant.themes.memory import taxonomy_memory

    if len(texts) < MIN_TEXTS or not (found.primary >= 0).any():
        return found
    memory = taxonomy_memory(embedder, taxonomy, labelled)
    rows = memory.set_apart(keys)
    if rows is None:
        classifier = memory.classifier(embedder)
        rows = apart_rows(
            texts, keys, found, embedder, memory.metric(embedder), memory.spread(embedder), classifier.support
        )
        memory.remember_set_apart(keys, rows)
    if not len(rows):
        return found
    primary, secondary = found.primary.copy(), found.secondary.copy()
    primary[rows] = -1
    secondary[rows] = -1
    return replace(found, primary=primary, secondary=secondary)


def spread(prototypes: Sequence[Vectors]) -> npt.NDArray[np.float64]:
    """Per theme, the median over its training texts of the mean of each one's 3 best cosines to the others (as
    `ThemeClassifier.support`, the text itself left out); -inf for a theme of fewer than 2 texts (nothing is set
    apart from it)."""
    out = np.full(len(prototypes), -np.inf)
    for theme, own in enumerate(prototypes):
        if len(own) < 2:
            continue
        points = own.astype(np.float64)
        cosines = points @ points.T
        np.fill_diagonal(cosines, -np.inf)
        top = min(3, len(own) - 1)
        best = np.sort(np.partition(cosines, cosines.shape[1] - top, axis=1)[:, -top:], axis=1)
        out[theme] = float(np.median(best.mean(axis=1)))
    return out


def apart_rows(
    texts: Sequence[str],
    keys: Keys,
    found: Assignment,
    embedder: Embedder,
    metric: DiscoveryMetric | None,
    theme_spread: npt.NDArray[np.float64],
    support: Closeness,
) -> Rows:
    """The rows (ascending) of the texts to set apart (module docstring); `support` is the classifier's
    `support(vectors, themes)`."""
    primary = found.primary
    present = np.flatnonzero(found.present)
    if len(present) < MIN_TEXTS:
        return np.zeros(0, dtype=np.int64)
    rng = np.random.default_rng(SEED)
    sample = np.sort(rng.choice(present, size=min(FIT_SAMPLE, len(present)), replace=False))
    vectors = embedder.embed([texts[i] for i in sample.tolist()], keys=keys[sample])
    means = _language_means(vectors, [texts[i] for i in sample.tolist()])
    points = _project(vectors, [texts[i] for i in sample.tolist()], means, metric)
    clusters = cluster_vectors(points, max_clusters=round(CLUSTERS_PER_ROOT * math.sqrt(len(sample))))
    flagged: dict[int, int] = {}  # cluster -> the theme it is set apart from
    for cluster in range(int(clusters.max()) + 1 if len(clusters) else 0):
        members = np.flatnonzero(clusters == cluster)
        taken = primary[sample[members]]
        if len(members) < MIN_TEXTS or not (taken >= 0).any():
            continue
        theme = int(np.bincount(taken[taken >= 0]).argmax())
        near = float(support(vectors[members], np.full(len(members), theme, dtype=np.int64)).mean())
        # the theme's other texts of the population: as close to its training texts as those texts are to each
        # other, or this population is written unlike them (the demo's generated texts): no topic of its own
        others = sample[(clusters != cluster) & (primary[sample] == theme)]
        apart_from_others = len(others) < MIN_OTHERS or float(found.support[others].mean()) - near > MIN_GAP
        doubted = float(1.0 - found.probabilities[sample[members]].sum(axis=1).mean()) >= MIN_NONE
        if theme_spread[theme] - near > MAX_DEFICIT and apart_from_others and doubted:
            flagged[cluster] = theme
    if not flagged:
        return np.zeros(0, dtype=np.int64)
    count = int(clusters.max()) + 1
    set_from = np.array([flagged.get(c, -1) for c in range(count)], dtype=np.int64)  # per cluster, its theme or -1
    apart = sample[primary[sample] == np.where(set_from[clusters] >= 0, set_from[clusters], -2)]
    if len(sample) < len(present):
        # texts outside the fitted sample follow the cluster whose centroid is the most similar
        outside = np.setdiff1d(present, sample, assume_unique=True)
        candidates = outside[np.isin(primary[outside], list(set(flagged.values())))]
        if len(candidates):
            centroids = np.stack([points[clusters == c].mean(axis=0) for c in range(count)]).astype(np.float64)
            centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
            own = embedder.embed([texts[i] for i in candidates.tolist()], keys=keys[candidates])
            nearest = (_project(own, [texts[i] for i in candidates.tolist()], means, metric) @ centroids.T).argmax(1)
            follows = set_from[nearest] == primary[candidates]
            apart = np.union1d(apart, candidates[follows])
    return np.sort(apart).astype(np.int64)


def _language_means(vectors: Vectors, texts: Sequence[str]) -> tuple[npt.NDArray[np.float64], ...]:
    """The mean vector of the Chinese texts and of the others (of all texts for a language with fewer than 5), as
    metric.center_per_language takes off."""
    zh = np.fromiter((has_cjk(text) for text in texts), dtype=bool, count=len(texts))
    points = vectors.astype(np.float64)
    overall = points.mean(axis=0)
    return tuple(points[group].mean(axis=0) if group.sum() >= 5 else overall for group in (zh, ~zh))


def _project(
    vectors: Vectors, texts: Sequence[str], means: tuple[npt.NDArray[np.float64], ...], metric: DiscoveryMetric | None
) -> Vectors:
    """The texts as discovery compares them: centered on their language's mean (of the fitted sample), unit
    length, through the learnt metric when there is one."""
    zh = np.fromiter((has_cjk(text) for text in texts), dtype=bool, count=len(texts))
    centered = vectors.astype(np.float64) - np.where(zh[:, None], means[0], means[1])
    norms = np.linalg.norm(centered, axis=1, keepdims=True)
    unit = np.where(norms > 1e-9, centered / np.maximum(norms, 1e-12), 0.0).astype(np.float32)
    return metric.project(unit) if metric is not None else unit
