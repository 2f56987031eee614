"""Discover themes in texts that no listed theme fits: clustering of sentence embeddings, then c-TF-IDF labels.

The embedding model puts English and Chinese texts about one thing close together, so both languages are
clustered at once and a theme written in both comes out as one. Before clustering, each language's mean vector
is taken off its texts (centering per language): what every complaint of a language shares, the language
itself and "this is a complaint", is not what tells themes apart. When the text field has labelled texts
(its taxonomy's descriptions and examples, its `examples_file`), the texts are compared by the similarity
learnt from them (metric.py): the directions that separate labelled themes beside the plain centered vector.
The vectors are cut into k clusters by average-linkage agglomerative clustering on cosine distance, with k
about the square root of the number of texts (a few hundred texts are not cut into dozens of themes); it is
fitted on a sample of at most FIT_SAMPLE texts (its memory grows with the square of the texts) and every other
text joins the cluster whose centroid is the most similar. Clusters whose centroids are nearly the same
(cosine >= MERGE_SIMILARITY) are then merged. Each cluster is labelled by its c-TF-IDF terms (a term's
frequency in the cluster against its spread over all clusters), in the report language first.

Chosen by `--taxonomy none` NMI against the labels of the four labelled corpora (benchmarks/bench_themes_blind.py,
every text of a corpus, 340-488 texts, 12-14 themes each, each corpus clustered with a metric learnt without
it and its unlisted topics; mean of corpora 1-4): per-language centering alone 0.541 (0.522 / 0.630 / 0.533 /
0.479), with the learnt metric 0.695 (metric.py). With the metric, k = 0.75√n, 1.25√n and 1.5√n give 0.680,
0.700 and 0.707 (a quarter and a half more themes for half a point and a point), Ward linkage and complete
linkage fall below average linkage, and the near-duplicate merge changes nothing at cosine 0.7-0.85 (one merge
in four corpora at 0.5). Before (centering only): Ward 0.536, spectral clustering 0.563-0.566, k-means 0.53,
PCA to 32-128 dimensions 0.553-0.569, LSA dimensions of TF-IDF terms 0.538-0.565; cosine distance thresholds
reach 0.61 only with 90-380 clusters for 340-488 texts (NMI rewards many small clusters), and with the clusters
under 3 texts put in "other", as an answer does, 0.16-0.54; HDBSCAN (scikit-learn) put nearly every text in
one cluster or noise at these sizes; the cosine silhouette picked 3 clusters for 14 themes, so it does not
choose k either.
Everything is seeded: the same texts give the same themes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from assistant.themes.encoder import Vectors
from assistant.themes.metric import DiscoveryMetric, center_per_language
from assistant.themes.terms import MAX_GROUP_TEXTS, overlaps, spread, surface_terms
from assistant.themes.tokens import has_cjk
from semantic_layer.model import Label, LabelledText, Theme, ThemeKeywords

SEED = 0
DISCOVERED_PREFIX = "discovered_"
MIN_CLUSTER_TEXTS = 5  # fewer texts per cluster on average is not a theme
MAX_CLUSTERS = 64
FIT_SAMPLE = 1_000  # clustering is fitted on a sample; every other text joins the nearest centroid
MERGE_SIMILARITY = 0.85
LABEL_TERMS = 2
KEYWORD_TERMS = 6

Clusters = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Discovery:
    """Discovered themes (ids `discovered_1`... by size; labels are their top terms, without an "Other:"
    prefix) and the theme id of each input text (None for an empty text)."""

    assignments: list[str | None]
    themes: list[Theme]


def discover_themes(
    texts: Sequence[str],
    *,
    language_hint: str | None = None,
    taxonomy: Sequence[Theme] = (),
    labelled: Sequence[LabelledText] = (),
) -> Discovery:
    """Cluster `texts` into labelled themes; `language_hint` ("en"/"zh") prefers that language's terms. A
    taxonomy and labelled examples, when given, only teach the similarity texts are compared by (metric.py):
    every text is clustered, none is assigned a listed theme."""
    from assistant.themes.engine import default_embedder
    from assistant.themes.memory import taxonomy_memory

    language: Literal["en", "zh"] = "zh" if language_hint == "zh" else "en"
    embedder = default_embedder()
    metric = taxonomy_memory(embedder, taxonomy, labelled).metric(embedder) if taxonomy or labelled else None
    return discover(texts, embedder.embed(texts), language=language, metric=metric)


def discover(
    texts: Sequence[str],
    vectors: Vectors,
    *,
    language: Literal["en", "zh"] = "en",
    first_id: int = 1,
    metric: DiscoveryMetric | None = None,
) -> Discovery:
    """`discover_themes` over already embedded texts; theme ids start at `discovered_<first_id>`; `metric`:
    the similarity learnt from labelled texts (None: per-language centered vectors)."""
    from assistant.themes.features import single_threaded

    clusters = np.full(len(texts), -1, dtype=np.int64)
    present = np.flatnonzero(vectors.any(axis=1) if len(texts) else np.zeros(0, dtype=bool))
    if len(present):
        with single_threaded():
            centered = center_per_language(
                vectors[present], [texts[i] for i in present.tolist()], min_texts=MIN_CLUSTER_TEXTS
            )
            compared = metric.project(centered) if metric is not None else centered
            clusters[present] = merge_near_duplicates(vectors[present], cluster_vectors(compared))
    return _name_clusters(texts, clusters, language=language, first_id=first_id)


def cluster_vectors(points: Vectors, *, max_clusters: int | None = None) -> Clusters:
    """Average-linkage (cosine) cluster per vector, k about the square root of the number of texts (at most MAX_CLUSTERS and
    MIN_CLUSTER_TEXTS texts per cluster on average), fitted on at most FIT_SAMPLE of them, the rest placed at
    the most similar cluster centroid; one cluster when there are too few to split."""
    distinct = len(np.unique(points.round(4), axis=0))
    limit = math.isqrt(len(points)) if max_clusters is None else max_clusters
    k = min(limit, len(points) // MIN_CLUSTER_TEXTS, distinct, MAX_CLUSTERS)
    if k < 2:
        return np.zeros(len(points), dtype=np.int64)
    from sklearn.cluster import AgglomerativeClustering  # type: ignore[import-untyped, unused-ignore]

    rng = np.random.default_rng(SEED)
    chosen = np.sort(rng.choice(len(points), size=min(FIT_SAMPLE, len(points)), replace=False))
    fitted = AgglomerativeClustering(n_clusters=k, linkage="average", metric="precomputed").fit_predict(
        cosine_distances(points[chosen])
    )
    if len(chosen) == len(points):
        return np.asarray(fitted, dtype=np.int64)
    centroids = np.stack([points[chosen][fitted == c].mean(axis=0) for c in range(k)]).astype(np.float64)
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    clusters: Clusters = (points.astype(np.float64) @ centroids.T).argmax(axis=1).astype(np.int64)
    clusters[chosen] = fitted
    return clusters


def cosine_distances(points: Vectors) -> npt.NDArray[np.float64]:
    """1 - cosine of every pair of rows (0 for a zero row's pairs with itself), by one matrix product: the
    same distances as scipy's `pdist(metric="cosine")` up to rounding, in a fraction of its time."""
    rows = points.astype(np.float64)
    norms = np.linalg.norm(rows, axis=1)
    unit = rows / np.where(norms > 0, norms, 1.0)[:, None]
    distances: npt.NDArray[np.float64] = np.clip(1.0 - unit @ unit.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    return distances


def merge_near_duplicates(points: Vectors, clusters: Clusters) -> Clusters:
    """Clusters whose unit centroids have cosine >= MERGE_SIMILARITY joined (transitively), renumbered."""
    count = int(clusters.max()) + 1 if len(clusters) else 0
    if count < 2:
        return clusters
    centroids = np.stack([points[clusters == c].mean(axis=0) for c in range(count)])
    centroids /= np.maximum(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12)
    parent = list(range(count))

    def root(c: int) -> int:
        while parent[c] != c:
            c = parent[c]
        return c

    similar = centroids @ centroids.T
    for a in range(count):
        for b in range(a + 1, count):
            if similar[a, b] >= MERGE_SIMILARITY:
                parent[root(b)] = root(a)
    merged = np.array([root(c) for c in range(count)])
    result: Clusters = np.unique(merged[clusters], return_inverse=True)[1].astype(np.int64)
    return result


def class_terms(groups: Sequence[Sequence[str]], *, language: Literal["en", "zh"], limit: int) -> list[list[str]]:
    """c-TF-IDF: per group, the terms most frequent in it relative to their frequency over all groups.

    Weight of term t in group c: tf(t, c) / words(c) × log(1 + mean words per group / tf(t, all)); terms of
    the other language than the report's count half; a term contained in a chosen one is skipped."""
    counts = [
        Counter(term for text in spread(group, MAX_GROUP_TEXTS) for term in surface_terms(text)) for group in groups
    ]
    total = Counter[str]()
    for counter in counts:
        total.update(counter)
    mean_words = sum(total.values()) / max(len(groups), 1)
    chosen: list[list[str]] = []
    for counter, group in zip(counts, groups, strict=True):
        words = max(sum(counter.values()), 1)
        floor = 1 if len(group) < 3 else 2
        scored = sorted(
            (
                (
                    -(count / words) * math.log1p(mean_words / total[term])
                    * (0.5 if has_cjk(term) != (language == "zh") else 1.0)
                    * (1.2 if " " in term else 1.0),
                    term,
                )
                for term, count in counter.items()
                if count >= floor
            )
        )  # fmt: skip
        picked: list[str] = []
        for _, term in scored:
            if not any(overlaps(term, other) for other in picked):
                picked.append(term)
            if len(picked) == limit:
                break
        chosen.append(picked)
    return chosen


def _name_clusters(
    texts: Sequence[str], labels: Clusters, *, language: Literal["en", "zh"], first_id: int
) -> Discovery:
    """Themes for the clusters, biggest first, labelled with their c-TF-IDF terms."""
    clustered = labels >= 0
    sizes = np.bincount(labels[clustered]) if clustered.any() else np.zeros(0, dtype=np.int64)
    order = sorted((c for c in range(len(sizes)) if sizes[c]), key=lambda c: (-int(sizes[c]), c))
    groups = [[texts[i] for i in np.flatnonzero(labels == c).tolist()] for c in order]
    terms_of = class_terms(groups, language=language, limit=KEYWORD_TERMS)
    themes: list[Theme] = []
    ids: dict[int, str] = {}
    for rank, (cluster, terms) in enumerate(zip(order, terms_of, strict=True)):
        named = sorted(terms, key=lambda term: has_cjk(term) != (language == "zh"))[:LABEL_TERMS]
        ids[cluster] = f"{DISCOVERED_PREFIX}{first_id + rank}"
        themes.append(
            Theme(
                id=ids[cluster],
                label=Label(en=", ".join(named) or "unlabelled texts", zh="、".join(named) or "未归类"),
                keywords=ThemeKeywords(
                    en=[term for term in terms if not has_cjk(term)], zh=[term for term in terms if has_cjk(term)]
                ),
            )
        )
    return Discovery([ids.get(int(label)) for label in labels], themes)
