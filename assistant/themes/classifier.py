"""A taxonomy learnt from labelled texts: a multinomial logistic regression over sentence embeddings.

The training texts of a taxonomy are its themes' descriptions and examples (both languages: the embedding
model puts English and Chinese in one space) and the text field's labelled examples (`examples_file`, read by
semantic_layer/labelled_examples.py). A labelled text whose theme is not a taxonomy id is about none of the
listed themes: those texts train one more class, "none", so a complaint near a theme but not about it (an
unlisted problem) can be told apart from one about it. Without such texts the "none" class is absent and only
the acceptance floor (semantic.py) keeps unlisted texts out.

The weights are rounded to multiples of WEIGHT_STEP within ±WEIGHT_BOUND and the embeddings are float16 unit
vectors, so every product is a multiple of 2**-34 and every logit a sum that fits a float64 mantissa: a text's
probabilities are exactly the same whatever texts they are computed with (memory.py relies on that).

Fitting takes about two seconds for 1,500 texts; the fitted weights are kept beside the embedding cache, keyed
by the digest of the training texts, labels, embedding model and settings, so a process fits a taxonomy once
per change of its examples, not once per start.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import Vectors
from semantic_layer.model import LabelledText, Theme

# Inverse regularisation strength: chosen by leave-one-corpus-out scoring (benchmarks/bench_themes_blind.py).
REGULARISATION_C = 10.0
WEIGHT_STEP = 2.0**-10
WEIGHT_BOUND = 31.0
SIMILARITY_BLOCK = 4_096  # texts whose probabilities are computed at once
TOP_PROTOTYPES = 3
_FORMAT = "1"

Probabilities = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ThemeClassifier:
    """Weights (dimensions × classes) and biases; classes are the taxonomy's themes in order, then "none"
    when the training texts had any. `prototypes`: per theme, the vectors of its training texts;
    `none_prototypes`: the vectors of the training texts of no listed theme."""

    weights: npt.NDArray[np.float64]
    bias: npt.NDArray[np.float64]
    has_none: bool
    prototypes: tuple[Vectors, ...]
    none_prototypes: Vectors = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float16))

    def support(self, vectors: Vectors, themes: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Per text, the mean of its TOP_PROTOTYPES best cosines to the training texts of the theme given for
        it: how close it is to anything that theme was learnt from. Exact, like the probabilities (float16
        unit vectors, float64 products)."""
        out = np.zeros(len(vectors))
        for theme in np.unique(themes).tolist():
            rows = np.flatnonzero(themes == theme)
            _closeness(vectors, rows, self.prototypes[theme], out)
        return out

    def none_support(self, vectors: Vectors) -> npt.NDArray[np.float64]:
        """Per text, the mean of its TOP_PROTOTYPES best cosines to the training texts of no listed theme
        (exact like `support`); -inf for every text when there were none."""
        if not len(self.none_prototypes):
            return np.full(len(vectors), -np.inf)
        out = np.zeros(len(vectors))
        _closeness(vectors, np.arange(len(vectors)), self.none_prototypes, out)
        return out

    def probabilities(self, vectors: Vectors) -> Probabilities:
        """texts × themes: each text's probability of being about each listed theme (the rest of its
        probability mass is "none"). A text without a vector (all zeros) gets zeros."""
        themes = self.weights.shape[1] - int(self.has_none)
        out = np.zeros((len(vectors), themes))
        if not themes:
            return out
        for start in range(0, len(vectors), SIMILARITY_BLOCK):
            block = vectors[start : start + SIMILARITY_BLOCK].astype(np.float64)
            logits = block @ self.weights + self.bias
            logits -= logits.max(axis=1, keepdims=True)
            exp = np.exp(logits)
            probabilities = exp / exp.sum(axis=1, keepdims=True)
            present: npt.NDArray[np.bool_] = np.asarray(block.any(axis=1))
            out[start : start + len(block)] = np.where(present[:, None], probabilities[:, :themes], 0.0)
        return out


def _closeness(vectors: Vectors, rows: npt.NDArray[np.intp], own: Vectors, out: npt.NDArray[np.float64]) -> None:
    """out[rows] = the mean of each row's TOP_PROTOTYPES best cosines to `own` (untouched when `own` is empty);
    float64 products of float16 vectors and a fixed summation order, so the same text gets the same number in
    any batch."""
    if not len(own):
        return
    prototypes = own.astype(np.float64)
    for start in range(0, len(rows), SIMILARITY_BLOCK):
        block = rows[start : start + SIMILARITY_BLOCK]
        cosines = np.sort(vectors[block].astype(np.float64) @ prototypes.T, axis=1)[:, -TOP_PROTOTYPES:]
        total = cosines[:, 0].copy()
        for column in range(1, cosines.shape[1]):
            total += cosines[:, column]
        out[block] = total / cosines.shape[1]


def training_texts(taxonomy: Sequence[Theme], labelled: Sequence[LabelledText]) -> tuple[list[str], list[int]]:
    """The texts a taxonomy is learnt from and their class (theme index; len(taxonomy) for "none")."""
    index = {theme.id: k for k, theme in enumerate(taxonomy)}
    texts: list[str] = []
    classes: list[int] = []
    for k, theme in enumerate(taxonomy):
        own = [theme.description.en, theme.description.zh, *theme.examples.en, *theme.examples.zh]
        own = [text for text in own if text.strip()] or [theme.label.en, theme.label.zh]
        texts += own
        classes += [k] * len(own)
    for example in labelled:
        texts.append(example.text)
        classes.append(index.get(example.theme, len(taxonomy)))
    return texts, classes


def classifier_for(embedder: Embedder, taxonomy: Sequence[Theme], labelled: Sequence[LabelledText]) -> ThemeClassifier:
    """The taxonomy's classifier: read from beside the embedding cache when fitted before, else fitted (and
    kept there when the cache is writable)."""
    texts, classes = training_texts(taxonomy, labelled)
    labels = np.asarray(classes, dtype=np.int64)
    vectors = embedder.embed(texts)  # read from the embedding cache after the first time
    prototypes = tuple(vectors[labels == k] for k in range(len(taxonomy)))
    none_prototypes = vectors[labels == len(taxonomy)]
    digest = _digest(embedder.version, texts, classes)
    folder = embedder.cache_folder
    path = folder / "classifiers" / f"{digest}.npz" if folder is not None else None
    if path is not None and path.exists():
        try:
            with np.load(path) as stored:
                return ThemeClassifier(
                    stored["weights"], stored["bias"], bool(stored["has_none"]), prototypes, none_prototypes
                )
        except (OSError, ValueError, KeyError):
            pass  # unreadable: fitted again below and rewritten
    fitted = replace(fit(vectors, labels, len(taxonomy), prototypes), none_prototypes=none_prototypes)
    if path is not None:
        _store(path, fitted)
    return fitted


def fit(
    vectors: Vectors, classes: npt.NDArray[np.int64], themes: int, prototypes: tuple[Vectors, ...]
) -> ThemeClassifier:
    """A multinomial logistic regression of the classes on the vectors, weights rounded (module docstring)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped, unused-ignore]

    present = sorted(set(classes.tolist()))
    if len(present) < 2:
        # One class only: every text is about it (probability 1), as far as the examples can tell.
        weights = np.zeros((vectors.shape[1], themes))
        bias = np.full(themes, -np.inf)
        bias[present] = 0.0
        return ThemeClassifier(weights, bias, False, prototypes)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5_000)
    model.fit(vectors.astype(np.float64), classes)
    has_none = themes in present
    columns = themes + int(has_none)
    weights = np.zeros((vectors.shape[1], columns))
    bias = np.full(columns, -np.inf)  # a theme without any training text is never predicted
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        # scikit-learn keeps one row for two classes (the log-odds of the second): the same probabilities as
        # a softmax over half of it and minus half of it.
        coef, intercept = np.vstack([-coef[0] / 2, coef[0] / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
    for row, label in enumerate(model.classes_.tolist()):
        weights[:, label] = coef[row]
        bias[label] = intercept[row]
    weights = np.clip(np.round(weights / WEIGHT_STEP) * WEIGHT_STEP, -WEIGHT_BOUND, WEIGHT_BOUND)
    bias = np.where(np.isfinite(bias), np.round(bias / WEIGHT_STEP) * WEIGHT_STEP, bias)
    return ThemeClassifier(weights, bias, has_none, prototypes)


def _digest(version: str, texts: Sequence[str], classes: Sequence[int]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_FORMAT}|{version}|{REGULARISATION_C}|{WEIGHT_STEP}|{WEIGHT_BOUND}".encode())
    for text, label in zip(texts, classes, strict=True):
        digest.update(f"\x00{label}\x00{text}".encode())
    return digest.hexdigest()


def _store(path: Path, fitted: ThemeClassifier) -> None:
    """Write atomically (a temporary file renamed); a read-only or full disk just skips keeping it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            np.savez(out, weights=fitted.weights, bias=fitted.bias, has_none=np.array(fitted.has_none))
        os.replace(temporary, path)
    except OSError:
        return
