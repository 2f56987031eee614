"""Assign texts to a taxonomy by meaning: sentence embeddings, helped by keywords, with a floor for "none".

Each theme is represented by the embeddings of its description and examples in both languages (the model
puts English and Chinese in one space, so an English example speaks for a Chinese text too). A text's
similarity to a theme is the mean of its TOP_PROTOTYPES best cosines to that theme's prototypes. The
taxonomy's keywords add KEYWORD_WEIGHT per matched keyword weight (capped), the first content sentence
counting fully and later sentences LATER_SENTENCE_WEIGHT. Then, when enough texts of a theme were assigned
confidently, the theme is also represented by the centroid of those confirmed texts: the data's own way of
saying it (CONFIRMED_WEIGHT).

A text takes its best-scoring theme when a keyword of that theme occurs in it or its similarity alone clears
MIN_SIMILARITY; else it fits no listed theme and goes to discovery (or "other"). A second theme close behind
the first (within SECONDARY_GAP, and itself passing the same test) is the text's secondary theme: complaints
often mix two problems.

The weights and thresholds were chosen on the development half of the blind corpus
(benchmarks/bench_themes_blind.py): forced to a theme, that half scores 88%; the floor of 0.28 keeps 18%
of its texts of unlisted themes out at no cost to that accuracy, while higher floors cost about a point of
accuracy per 2-3 points of unlisted texts kept out.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import Vectors
from assistant.themes.keywords import KeywordMatcher
from assistant.themes.tokens import normalize, parse
from semantic_layer.model import Theme

TOP_PROTOTYPES = 3
KEYWORD_WEIGHT = 0.1
MAX_KEYWORD_SCORE = 3.0
LATER_SENTENCE_WEIGHT = 0.4
MIN_SIMILARITY = 0.28
CONFIDENT_MARGIN = 0.06  # a text this far ahead of its runner-up confirms its theme
MIN_CONFIRMED = 5  # confirmed texts a theme needs before their centroid counts
CONFIRMED_WEIGHT = 0.5
SECONDARY_GAP = 0.04

Scores = npt.NDArray[np.float64]
MAX_CACHED_ROWS = 2_000_000  # keyword rows kept per process (about 200 bytes each)


@dataclass(frozen=True)
class Assignment:
    """Per text: the index of its theme in the taxonomy (-1: none) and of a secondary theme (-1: none)."""

    primary: npt.NDArray[np.int64]
    secondary: npt.NDArray[np.int64]
    scores: Scores  # texts × themes, the final scores


def theme_prototypes(taxonomy: Sequence[Theme], embedder: Embedder) -> list[Vectors]:
    """Per theme, the embeddings of its descriptions and examples (its label when it has neither)."""
    prototypes: list[Vectors] = []
    for theme in taxonomy:
        texts = [theme.description.en, theme.description.zh, *theme.examples.en, *theme.examples.zh]
        texts = [text for text in texts if text.strip()] or [theme.label.en, theme.label.zh]
        prototypes.append(embedder.embed(texts))
    return prototypes


def assign_by_meaning(
    texts: Sequence[str], vectors: Vectors, taxonomy: Sequence[Theme], embedder: Embedder
) -> Assignment:
    """Theme of each text (see the module docstring); `vectors` are the texts' embeddings."""
    n = len(texts)
    if not n or not taxonomy:
        empty = np.full(n, -1, dtype=np.int64)
        return Assignment(empty, empty.copy(), np.zeros((n, len(taxonomy))))
    similarity = _prototype_similarity(vectors, theme_prototypes(taxonomy, embedder))
    keywords = _keyword_scores(texts, taxonomy)
    primary, margin = _best(similarity + KEYWORD_WEIGHT * keywords)
    confirmed = margin >= CONFIDENT_MARGIN
    centroids = _confirmed_centroids(vectors, primary, confirmed, len(taxonomy))
    if centroids is not None:
        learned = vectors @ centroids.T
        has = np.linalg.norm(centroids, axis=1) > 0
        similarity[:, has] = (1 - CONFIRMED_WEIGHT) * similarity[:, has] + CONFIRMED_WEIGHT * learned[:, has]
    scores = similarity + KEYWORD_WEIGHT * keywords
    present: npt.NDArray[np.bool_] = np.asarray(vectors.any(axis=1))
    fits = ((keywords > 0) | (similarity >= MIN_SIMILARITY)) & present[:, None]
    rows = np.arange(n)
    ranked = np.argsort(-scores, axis=1, kind="stable")
    first = ranked[:, 0]
    primary = np.where(fits[rows, first], first, -1).astype(np.int64)
    secondary = np.full(n, -1, dtype=np.int64)
    if len(taxonomy) > 1:
        runner = ranked[:, 1]
        close = scores[rows, first] - scores[rows, runner] <= SECONDARY_GAP
        secondary = np.where((primary >= 0) & close & fits[rows, runner], runner, -1).astype(np.int64)
    return Assignment(primary, secondary, scores)


def _prototype_similarity(vectors: Vectors, prototypes: list[Vectors]) -> Scores:
    """texts × themes: mean of each text's TOP_PROTOTYPES best cosines to a theme's prototypes."""
    out = np.zeros((len(vectors), len(prototypes)))
    for k, theme_vectors in enumerate(prototypes):
        cosines = vectors @ theme_vectors.T
        top = min(TOP_PROTOTYPES, cosines.shape[1])
        out[:, k] = np.sort(cosines, axis=1)[:, -top:].mean(axis=1)
    return out


class _KeywordRows:
    """Each text's keyword row, computed once per process and taxonomy: a server answers many questions over
    the same texts, and a row depends on nothing but the text and the taxonomy's keywords."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.fingerprint: tuple[tuple[str, ...], ...] = ()
        self.matcher: KeywordMatcher | None = None
        self.rows: dict[str, Scores] = {}

    def scores(self, texts: Sequence[str], taxonomy: Sequence[Theme]) -> Scores:
        fingerprint = tuple((theme.id, *theme.keywords.en, "|", *theme.keywords.zh) for theme in taxonomy)
        with self.lock:
            if self.matcher is None or fingerprint != self.fingerprint or len(self.rows) > MAX_CACHED_ROWS:
                self.fingerprint, self.matcher, self.rows = fingerprint, KeywordMatcher.build(taxonomy), {}
            matcher, rows = self.matcher, self.rows
            found = [rows.get(text) for text in texts]
        missing = list(dict.fromkeys(text for text, row in zip(texts, found, strict=True) if row is None))
        if missing:
            scored = matcher.score([parse(normalize(text)) for text in missing])
            combined = np.minimum(scored.first + LATER_SENTENCE_WEIGHT * scored.rest, MAX_KEYWORD_SCORE)
            computed = dict(zip(missing, combined, strict=True))
            with self.lock:
                rows.update(computed)
            found = [computed[text] if row is None else row for text, row in zip(texts, found, strict=True)]
        return np.array(found, dtype=np.float64).reshape(len(texts), len(taxonomy))


_KEYWORD_ROWS = _KeywordRows()


def _keyword_scores(texts: Sequence[str], taxonomy: Sequence[Theme]) -> Scores:
    """texts × themes: matched keyword weights, the first content sentence in full, later ones discounted."""
    return _KEYWORD_ROWS.scores(texts, taxonomy)


def _best(scores: Scores) -> tuple[npt.NDArray[np.int64], Scores]:
    ranked = np.sort(scores, axis=1)
    margin = ranked[:, -1] - ranked[:, -2] if scores.shape[1] > 1 else ranked[:, -1]
    return scores.argmax(axis=1).astype(np.int64), margin


def _confirmed_centroids(
    vectors: Vectors, primary: npt.NDArray[np.int64], confirmed: npt.NDArray[np.bool_], themes: int
) -> Vectors | None:
    """Unit centroid of each theme's confirmed texts (zero rows for themes with too few); None if none."""
    centroids = np.zeros((themes, vectors.shape[1]), dtype=np.float32)
    any_theme = False
    for k in range(themes):
        members = confirmed & (primary == k)
        if members.sum() >= MIN_CONFIRMED:
            centroid = vectors[members].mean(axis=0)
            centroids[k] = centroid / max(float(np.linalg.norm(centroid)), 1e-12)
            any_theme = True
    return centroids if any_theme else None
