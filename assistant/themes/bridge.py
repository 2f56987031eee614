"""Join clusters of Chinese texts with clusters of English texts about the same thing, through a dictionary.

English and Chinese texts share no words, so discovery clusters them apart; without a bridge every theme
of a bilingual corpus would come out twice, once per language. Each cluster is described by the share of
its texts that contain each word. The two languages are compared both ways through CC-CEDICT glosses
(glossary.py): a Chinese cluster read as English words against the English clusters, and an English
cluster read as the Chinese words whose glosses contain its words against the Chinese clusters; the
similarity is the mean of the two cosines. Reading both ways evens out what each direction misses (a
gloss the English texts never use; an English word many Chinese words gloss).

A Chinese and an English cluster are joined when each is the other's most similar cluster of the other
language (mutual nearest neighbours): a clear match both ways, found without a threshold to tune. Most
clusters of one language have no counterpart that clear, and they stay as they are.

Glosses are read only as far as the texts go: a sense counts through the English words of the texts it
contains, so "贵" (expensive; noble; precious) reads as "expensive" in a corpus of shopping complaints.
Earlier senses, the usual ones, weigh more (1, 1/2, 1/3, ... in dictionary order).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped, unused-ignore]

from assistant.themes import glossary
from assistant.themes.tokens import Document, has_cjk, is_stopword

Clusters = npt.NDArray[np.int64]
# An English word must occur in at least this many English texts to be a gloss target (a one-off typo
# is no translation of anything).
MIN_TARGET_TEXTS = 2


def join_languages(docs: Sequence[Document], clusters: Clusters, chinese: npt.NDArray[np.bool_]) -> Clusters:
    """`clusters` (per document, -1 for none) with each mutually most similar pair of a Chinese-text cluster
    and an English-text cluster made one (clusters renumbered 0, 1, ... in their order)."""
    found = clusters >= 0
    if not found.any():
        return clusters
    count = int(clusters.max()) + 1
    is_chinese = np.zeros(count, dtype=bool)
    is_chinese[clusters[found & chinese]] = True
    zh_clusters, en_clusters = np.flatnonzero(is_chinese), np.flatnonzero(~is_chinese)
    if len(zh_clusters) == 0 or len(en_clusters) == 0 or not glossary.available():
        return clusters
    words, presence = _word_presence(docs)
    shares = _cluster_shares(presence[found], clusters[found], count)
    similarity = _similarity(words, shares, zh_clusters, en_clusters, presence[found & ~chinese])
    joined = np.arange(count)
    best_en, best_zh = similarity.argmax(axis=1), similarity.argmax(axis=0)
    for row, column in enumerate(best_en.tolist()):
        if best_zh[column] == row and similarity[row, column] > 0:
            joined[zh_clusters[row]] = en_clusters[column]
    result = np.full(len(clusters), -1, dtype=np.int64)
    result[found] = np.unique(joined[clusters[found]], return_inverse=True)[1]
    return result


def _word_presence(docs: Sequence[Document]) -> tuple[list[str], sp.csr_matrix]:
    """The content words of the documents and which document contains which (0/1, documents × words)."""
    index: dict[str, int] = {}
    # Sentences repeat across texts, so each distinct sentence's words are looked up once.
    sentence_columns: dict[tuple[str, ...], list[int]] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, doc in enumerate(docs):
        seen: set[int] = set()
        for tokens in doc.tokens:
            found = sentence_columns.get(tokens)
            if found is None:
                found = sentence_columns[tokens] = [
                    index.setdefault(token, len(index)) for token in tokens if not is_stopword(token)
                ]
            seen.update(found)
        rows.extend([row] * len(seen))
        columns.extend(seen)
    matrix = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(docs), len(index)))
    return list(index), matrix


def _cluster_shares(presence: sp.csr_matrix, clusters: Clusters, count: int) -> npt.NDArray[np.float64]:
    """Share of each cluster's documents containing each word (clusters × words)."""
    membership = sp.csr_matrix(
        (np.ones(len(clusters)), (clusters, np.arange(len(clusters)))), shape=(count, len(clusters))
    )
    sizes = np.maximum(np.bincount(clusters, minlength=count), 1)
    shares: npt.NDArray[np.float64] = np.asarray((membership @ presence).todense()) / sizes[:, None]
    return shares


def _similarity(
    words: list[str],
    shares: npt.NDArray[np.float64],
    zh_clusters: npt.NDArray[np.int64],
    en_clusters: npt.NDArray[np.int64],
    english_presence: sp.csr_matrix,
) -> npt.NDArray[np.float64]:
    """Cosine similarity (Chinese clusters × English clusters), the mean of reading each side in the
    other's words."""
    english_texts = np.asarray(english_presence.sum(axis=0)).ravel()
    targets = {
        word: column
        for column, word in enumerate(words)
        if not has_cjk(word) and english_texts[column] >= MIN_TARGET_TEXTS
    }
    translation = _translation(words, targets)  # words × words: Chinese word -> English words
    # A Latin word in a Chinese text ("APP一打开就闪退") is itself.
    latin = np.array([not has_cjk(word) for word in words])
    identity = sp.diags(latin.astype(np.float64))
    chinese_as_english = translation + identity
    zh, en = shares[zh_clusters], shares[en_clusters] * latin  # English clusters hold Latin words only
    forward = _cosine(np.asarray(zh @ chinese_as_english), en)
    # Backward: an English word spreads evenly over the Chinese words that gloss to it.
    fan_out = np.asarray((chinese_as_english > 0).sum(axis=0)).ravel()
    en_as_chinese = np.asarray(chinese_as_english @ (en / np.maximum(fan_out, 1)).T).T
    backward = _cosine(zh, en_as_chinese)
    return (forward + backward) / 2


def _translation(words: list[str], targets: dict[str, int]) -> sp.csr_matrix:
    """words × words: each Chinese word's weight on each English target word, from its glosses."""
    rows: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for row, word in enumerate(words):
        if not has_cjk(word):
            continue
        pieces = glossary.glosses(word)
        weights: dict[int, float] = {}
        for senses in pieces:
            kept = [found for sense in senses if (found := [targets[w] for w in sense if w in targets])]
            for rank, columns_of_sense in enumerate(kept):
                for column in columns_of_sense:
                    weights[column] = weights.get(column, 0.0) + 1.0 / (rank + 1) / len(pieces)
        for column, weight in weights.items():
            rows.append(row)
            columns.append(column)
            values.append(weight)
    return sp.csr_matrix((values, (rows, columns)), shape=(len(words), len(words)))


def _cosine(left: npt.NDArray[np.float64], right: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    left = left / np.maximum(np.linalg.norm(left, axis=1, keepdims=True), 1e-12)
    right = right / np.maximum(np.linalg.norm(right, axis=1, keepdims=True), 1e-12)
    result: npt.NDArray[np.float64] = left @ right.T
    return result
