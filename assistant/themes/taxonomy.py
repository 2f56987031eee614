"""Assign texts to the themes of a taxonomy.

0. English words a couple of edits away from a keyword word that is frequent in the same texts are
   corrected first (spelling.py): "expensvie" counts as "expensive".
1. Keyword scores (keywords.py) of the first content sentence decide where they are clear: one theme
   scores at least CONFIDENT_SCORE and CONFIDENT_RATIO times the runner-up.
2. Those confident texts train a classifier (complement naive Bayes over TF-IDF of first-sentence words
   and bigrams) on the data at hand, which learns the vocabulary the keywords missed ("同城的件走了7天"
   reads like other late-delivery complaints of the same population).
3. The other texts get the theme with the best mix of keyword scores (later sentences counting
   LATER_SENTENCE_WEIGHT) and classifier probability. A text with no keyword anywhere keeps the
   classifier's theme only when the classifier is sure and the text is close to that theme's confident
   texts; otherwise it fits no listed theme (None) and goes to discovery.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from assistant.themes.features import first_sentence_terms, single_threaded, tfidf
from assistant.themes.keywords import KeywordMatcher
from assistant.themes.spelling import corrector, keyword_stems, spelling_corrections
from assistant.themes.tokens import Document, normalize, parse
from semantic_layer.model import Theme

CONFIDENT_SCORE = 1.0
CONFIDENT_RATIO = 1.5
LATER_SENTENCE_WEIGHT = 0.4
# In the mix for unclear texts, keyword scores (scaled to a maximum of 1) count this much against the
# classifier's probabilities.
KEYWORD_MIX_WEIGHT = 0.5
# The classifier alone assigns a keyword-less text only above both bars.
MIN_CLASSIFIER_PROBABILITY = 0.8
MIN_CENTROID_SIMILARITY = 0.15
# Below this many confident texts (or for a single theme) there is nothing to learn from.
MIN_TRAINING_TEXTS = 20
_NB_ALPHA = 0.3

Labels = npt.NDArray[np.int64]  # index into the taxonomy, -1 for none


def assign_themes(texts: Sequence[str], taxonomy: Sequence[Theme]) -> list[str | None]:
    """The taxonomy theme id of each text, or None when it fits no listed theme."""
    with single_threaded():
        labels = assign_documents(prepare_documents(texts, taxonomy), taxonomy)
    return [taxonomy[label].id if label >= 0 else None for label in labels]


def prepare_documents(texts: Sequence[str], taxonomy: Sequence[Theme]) -> list[Document]:
    """Tokenized texts, with English typos of the taxonomy's keyword words corrected."""
    normalized = [normalize(text) for text in texts]
    stems = keyword_stems(keyword for theme in taxonomy for keyword in theme.keywords.en)
    correct = corrector(spelling_corrections(normalized, stems) if stems else {})
    return [parse(correct(text)) for text in normalized]


def assign_documents(docs: Sequence[Document], taxonomy: Sequence[Theme]) -> Labels:
    """Theme index per document (-1: none), by keywords extended with a self-trained classifier."""
    if not docs or not taxonomy:
        return np.full(len(docs), -1, dtype=np.int64)
    scores = KeywordMatcher.build(taxonomy).score(docs)
    ranked = np.sort(scores.first, axis=1)
    top, runner_up = ranked[:, -1], ranked[:, -2] if ranked.shape[1] > 1 else np.zeros(len(docs))
    confident = (top >= CONFIDENT_SCORE) & (top >= CONFIDENT_RATIO * runner_up)
    labels = np.where(confident, scores.first.argmax(axis=1), -1).astype(np.int64)

    combined = scores.first + LATER_SENTENCE_WEIGHT * scores.rest
    has_keyword = combined.max(axis=1) > 0
    keyword_labels = combined.argmax(axis=1)
    unclear = ~confident
    if not unclear.any():
        return labels
    probabilities, similarity = _self_trained(docs, labels, confident, len(taxonomy))
    if probabilities is None or similarity is None:
        labels[unclear & has_keyword] = keyword_labels[unclear & has_keyword]
        return labels
    scaled = combined / np.maximum(combined.max(axis=1, keepdims=True), 1e-12)
    mixed = (KEYWORD_MIX_WEIGHT * scaled + probabilities).argmax(axis=1)
    labels[unclear & has_keyword] = mixed[unclear & has_keyword]
    best = probabilities.argmax(axis=1)
    sure = (probabilities.max(axis=1) >= MIN_CLASSIFIER_PROBABILITY) & (
        similarity[np.arange(len(docs)), best] >= MIN_CENTROID_SIMILARITY
    )
    labels[unclear & ~has_keyword & sure] = best[unclear & ~has_keyword & sure]
    return labels


def _self_trained(
    docs: Sequence[Document], labels: Labels, confident: npt.NDArray[np.bool_], n_themes: int
) -> tuple[npt.NDArray[np.float64] | None, npt.NDArray[np.float64] | None]:
    """Class probabilities and cosine similarity to each theme's confident texts, for every document;
    (None, None) when the confident texts are too few or cover fewer than two themes."""
    seen = np.unique(labels[confident])
    if confident.sum() < MIN_TRAINING_TEXTS or len(seen) < 2:
        return None, None
    # scikit-learn takes seconds to import; only theme queries need it, so it is imported here.
    from sklearn.naive_bayes import ComplementNB  # type: ignore[import-untyped, unused-ignore]
    from sklearn.preprocessing import normalize as l2_normalize  # type: ignore[import-untyped, unused-ignore]

    matrix = tfidf(docs, first_sentence_terms)
    if matrix.shape[1] == 0:
        return None, None
    model = ComplementNB(alpha=_NB_ALPHA).fit(matrix[confident], labels[confident])
    probabilities = np.zeros((len(docs), n_themes))
    probabilities[:, model.classes_] = model.predict_proba(matrix)
    centroids = np.zeros((n_themes, matrix.shape[1]))
    for theme in seen:
        centroids[theme] = np.asarray(matrix[confident & (labels == theme)].mean(axis=0)).ravel()
    similarity = np.asarray(matrix @ l2_normalize(centroids).T)
    return probabilities, similarity
