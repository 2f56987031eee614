"""Discover themes in texts that no listed theme fits: clustering, then labels from each cluster's words.

Texts are grouped by script first (Chinese or not): the two vocabularies barely overlap, so the groups are
clustered apart, each with its own number of clusters. Within a group: TF-IDF of stemmed words and bigrams
(the first content sentence counted twice), truncated SVD, k-means. k is the candidate with the best
silhouette on a sample, up to about the square root of the number of texts (the usual rule of thumb that
keeps a few hundred texts from being cut into dozens of themes). The cap counts all texts, not the group's:
a theme written in both languages is one theme, and bridge.py joins its Chinese and English clusters
through a bilingual dictionary. Everything is seeded: the same texts give the same themes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from assistant.themes.bridge import join_languages
from assistant.themes.features import document_terms, single_threaded, tfidf
from assistant.themes.terms import TermStats, distinctive_terms
from assistant.themes.tokens import Document, document, has_cjk
from semantic_layer.model import Label, Theme, ThemeKeywords

SEED = 0
DISCOVERED_PREFIX = "discovered_"
MIN_CLUSTER_TEXTS = 5  # fewer texts per cluster on average is not a theme
K_CANDIDATES = (2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 80, 96, 112, 128)
SVD_DIMENSIONS = 100
# k is chosen on a sample; the chosen clustering then places every text.
SELECTION_SAMPLE = 3_000
SILHOUETTE_SAMPLE = 2_000
LABEL_TERMS = 2
KEYWORD_TERMS = 6

Clusters = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Discovery:
    """Discovered themes (ids `discovered_1`... by size; labels are their top terms, without an "Other:"
    prefix) and the theme id of each input text (None for a text without a single word to go by)."""

    assignments: list[str | None]
    themes: list[Theme]


def discover_themes(texts: Sequence[str], *, language_hint: str | None = None) -> Discovery:
    """Cluster `texts` into labelled themes; `language_hint` ("en"/"zh") prefers that language's terms."""
    language: Literal["en", "zh"] = "zh" if language_hint == "zh" else "en"
    with single_threaded():
        return discover_documents(texts, [document(text) for text in texts], language=language)


def discover_documents(
    texts: Sequence[str], docs: Sequence[Document], *, language: Literal["en", "zh"] = "en", first_id: int = 1
) -> Discovery:
    """`discover_themes` over already tokenized texts; theme ids start at `discovered_<first_id>`."""
    labels = np.full(len(docs), -1, dtype=np.int64)
    chinese = np.array([has_cjk(text) for text in texts], dtype=bool)
    next_cluster = 0
    for script in (False, True):
        members = np.flatnonzero(chinese == script)
        if len(members) == 0:
            continue
        clusters = cluster_documents([docs[i] for i in members.tolist()], max_clusters=math.isqrt(len(docs)))
        found = clusters >= 0
        labels[members[found]] = clusters[found] + next_cluster
        next_cluster += int(clusters.max()) + 1 if found.any() else 0
    labels = join_languages(docs, labels, chinese)
    return _name_clusters(texts, labels, language=language, first_id=first_id)


def cluster_documents(docs: Sequence[Document], *, max_clusters: int | None = None) -> Clusters:
    """Cluster index per document (-1: no terms at all); one cluster when there are too few documents.
    At most `max_clusters` clusters (default: the square root of the number of documents)."""
    matrix = tfidf(docs, document_terms)
    clusters = np.full(len(docs), -1, dtype=np.int64)
    if matrix.shape[1] == 0:
        return clusters
    rows = np.flatnonzero(matrix.getnnz(axis=1) > 0)
    if len(rows) < 2 * MIN_CLUSTER_TEXTS:
        clusters[rows] = 0
        return clusters
    # scikit-learn takes seconds to import; only theme queries need it, so it is imported here.
    from sklearn.decomposition import TruncatedSVD  # type: ignore[import-untyped, unused-ignore]
    from sklearn.preprocessing import normalize as l2_normalize  # type: ignore[import-untyped, unused-ignore]

    points = matrix[rows]
    if points.shape[1] > SVD_DIMENSIONS and len(rows) > SVD_DIMENSIONS:
        reduced = TruncatedSVD(n_components=SVD_DIMENSIONS, random_state=SEED).fit_transform(points)
    else:
        reduced = points.toarray()
    limit = math.isqrt(len(docs)) if max_clusters is None else max_clusters
    clusters[rows] = _kmeans_best_k(l2_normalize(reduced), limit)
    return clusters


def _kmeans_best_k(points: npt.NDArray[np.float64], max_clusters: int) -> Clusters:
    """k-means with the candidate k (up to `max_clusters`) whose clustering of a seeded sample has the best
    cosine silhouette."""
    from sklearn.cluster import KMeans  # type: ignore[import-untyped, unused-ignore]
    from sklearn.metrics import silhouette_score  # type: ignore[import-untyped, unused-ignore]

    rng = np.random.default_rng(SEED)
    sample = points[np.sort(rng.choice(len(points), size=min(SELECTION_SAMPLE, len(points)), replace=False))]
    distinct = len(np.unique(sample.round(6), axis=0))  # k-means cannot make more clusters than points
    max_k = min(len(points) // MIN_CLUSTER_TEXTS, max_clusters, distinct)
    candidates = [k for k in K_CANDIDATES if k <= max_k]
    if not candidates:
        return np.zeros(len(points), dtype=np.int64)
    scored = rng.choice(len(sample), size=min(SILHOUETTE_SAMPLE, len(sample)), replace=False)
    # Rows are unit vectors, so cosine distance is 1 - dot product; computed once for every k.
    distances = np.clip(1.0 - sample[scored] @ sample[scored].T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    best: tuple[float, Any] | None = None
    for k in candidates:
        model = KMeans(n_clusters=k, n_init=1, random_state=SEED).fit(sample)
        if len(np.unique(model.labels_[scored])) < 2:
            continue
        score = float(silhouette_score(distances, model.labels_[scored], metric="precomputed"))
        if best is None or score > best[0]:
            best = (score, model)
    if best is None:
        return np.zeros(len(points), dtype=np.int64)
    clusters: Clusters = np.asarray(best[1].predict(points), dtype=np.int64)
    return clusters


def _name_clusters(
    texts: Sequence[str], labels: Clusters, *, language: Literal["en", "zh"], first_id: int
) -> Discovery:
    """Themes for the clusters, biggest first, labelled with their most distinctive terms."""
    clustered = labels >= 0
    sizes = np.bincount(labels[clustered]) if clustered.any() else np.zeros(0, dtype=np.int64)
    order = sorted((cluster for cluster in range(len(sizes)) if sizes[cluster]), key=lambda c: (-int(sizes[c]), c))
    background = TermStats.of([text for text, keep in zip(texts, clustered, strict=True) if keep])
    themes: list[Theme] = []
    ids: dict[int, str] = {}
    for rank, cluster in enumerate(order):
        group = [texts[i] for i in np.flatnonzero(labels == cluster).tolist()]
        terms = distinctive_terms(group, background, language=language, limit=KEYWORD_TERMS)
        # A theme with texts in both languages is labelled with its terms in the report's language first.
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
