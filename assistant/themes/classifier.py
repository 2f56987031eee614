"""A taxonomy learnt from labelled texts: a multinomial logistic regression over sentence embeddings and the
texts' character n-grams.

The training texts of a taxonomy are its themes' descriptions and examples (both languages: the embedding
model puts English and Chinese in one space) and the text field's labelled examples (`examples_file`, read by
semantic_layer/labelled_examples.py). A labelled text whose theme is not a taxonomy id is about none of the
listed themes: those texts train one more class, "none", so a complaint near a theme but not about it (an
unlisted problem) can be told apart from one about it. Without such texts the "none" class is absent and only
the acceptance floor (semantic.py) keeps unlisted texts out.

Features: a text's embedding (512 dimensions) beside its TF-IDF row of character 1- to 4-grams within words
(`TermFeatures`; in Chinese, which has no spaces, the n-grams of the whole run of characters), scaled by
TERM_WEIGHT. The embedding carries the meaning across languages; the n-grams carry the words a theme's texts
share, typos included, which the embedding blurs: leave one corpus out over corpora 1-5 with novel unlisted
topics, adding them took accuracy from 86.7% to 90.1% and unlisted texts kept out from 70.3% to 76.4%
(docs/themes.md, round 6); over corpora 1-6 (round 7) weight 2.5 beats 2 at every acceptance threshold (0.004-0.007
more texts handled right). Round 8: the n-gram logits of the text's first sentence are added at FIRST_SENTENCE_WEIGHT
(at inference only): a complaint that mixes two problems names its main one first, and the whole text's features
weigh both alike. Over corpora 1-7 with novel topics it lifted texts handled right by 0.003-0.007 at every acceptance
from 0.35 to 0.55, mixed texts most (docs/themes.md, round 8).

The weights are rounded to multiples of WEIGHT_STEP within ±WEIGHT_BOUND and the embeddings are float16 unit
vectors, so every embedding product is a multiple of 2**-34 and the embedding logits sums that fit a float64
mantissa, exact in any order; the n-gram logits are summed row by row over a text's own n-grams in column order
(a sparse row times the weights), the same additions whatever other texts are in the batch. So a text's
probabilities are exactly the same whatever texts they are computed with (memory.py relies on that).

Fitting takes a few seconds for 3,000 texts; the fitted weights are kept beside the embedding cache, keyed
by the digest of the training texts, labels, embedding model and settings, so a process fits a taxonomy once
per change of its examples, not once per start.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp  # type: ignore[import-untyped, unused-ignore]

from assistant.themes.cleaning import theming_text
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import Vectors
from assistant.themes.tokens import split_sentences
from semantic_layer.model import LabelledText, Theme

# Inverse regularisation strength: chosen by leave-one-corpus-out scoring (benchmarks/bench_themes_blind.py).
REGULARISATION_C = 10.0
# Character n-grams beside the embedding: their range, the fewest training texts an n-gram must be in, and the
# scale of their (unit-length) TF-IDF rows against the unit-length embedding (chosen like REGULARISATION_C).
TERM_NGRAMS = (1, 4)
TERM_MIN_TEXTS = 2
TERM_WEIGHT = 2.5  # round 7, six corpora: 2.5 lies above 2 on the accuracy / kept-out curve (docs/themes.md)
# A complaint states its main problem first: the n-gram logits of a text's first sentence are added, at this weight
# (a power of two, so the sum stays exact), to those of the whole text (round 8, module docstring).
FIRST_SENTENCE_WEIGHT = 0.25
WEIGHT_STEP = 2.0**-10
WEIGHT_BOUND = 31.0
SIMILARITY_BLOCK = 4_096  # texts whose probabilities are computed at once
TOP_PROTOTYPES = 3
_FORMAT = "3"  # 3: n-grams of the theming forms (cleaning.py)

Probabilities = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TermFeatures:
    """The character n-grams a classifier learnt from (in column order), their inverse document frequencies
    and their weights (n-grams × classes, already scaled by TERM_WEIGHT)."""

    ngrams: tuple[str, ...]
    idf: npt.NDArray[np.float64]
    weights: npt.NDArray[np.float64]

    @classmethod
    def learn(cls, texts: Sequence[str]) -> tuple[TermFeatures, sp.csr_matrix] | None:
        """The n-grams of the training texts and the texts' rows (weights to be set); None when no n-gram is
        in TERM_MIN_TEXTS texts (a taxonomy learnt from a few descriptions)."""
        vectorizer = _vectorizer(min_df=TERM_MIN_TEXTS)
        try:
            rows = vectorizer.fit_transform([theming_text(text) for text in texts])
        except ValueError:  # no n-gram left
            return None
        ngrams = tuple(vectorizer.get_feature_names_out().tolist())
        return cls(ngrams, np.asarray(vectorizer.idf_, dtype=np.float64), np.zeros((0, 0))), sp.csr_matrix(rows)

    def rows(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The texts' TF-IDF rows over the learnt n-grams (unit length; zeros when none occurs): the rows
        scikit-learn's vectorizer gives (`char_wb`: the 1- to 4-grams of each lowercased word padded with a
        space; sublinear counts times idf, l2-normalised), found for the whole batch at once with numpy: every
        character becomes its 16-bit number in the n-grams' alphabet (0 for a character in no n-gram, and
        between words), an n-gram the number of its characters in base 2**16, looked up among the n-grams'
        numbers: 3-4 times faster than scikit-learn's Python loop (68 against 256 ms for 1,000 texts on a loaded
        machine). Each row comes from
        its own text only, in column order. The n-grams are of the texts' theming forms (cleaning.py)."""
        texts = [theming_text(text) for text in texts]
        codes = self._codes
        if codes is None:  # an alphabet too big for 16-bit numbers: scikit-learn's own loop
            return sp.csr_matrix(_vectorizer(vocabulary=self._index, idf=self.idf).transform(texts))
        alphabet, keys, columns = codes
        # every padded word of every text, 0 between words and between texts
        words = [text.lower().split() for text in texts]
        joined = "\x00".join("\x00".join(f" {word} " for word in own) for own in words)
        lengths = np.fromiter((sum(len(word) + 3 for word in own) or 1 for own in words), np.int64, len(texts))
        points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        text_of = np.repeat(np.arange(len(texts)), lengths)[: len(points)]
        ids = alphabet[np.minimum(points, len(alphabet) - 1)].astype(np.uint64)
        ids[points >= len(alphabet)] = 0
        found_rows: list[npt.NDArray[np.int64]] = []
        found_columns: list[npt.NDArray[np.int64]] = []
        low, high = TERM_NGRAMS
        key = np.zeros(len(ids), dtype=np.uint64)
        valid = np.ones(len(ids), dtype=bool)
        for n in range(1, high + 1):
            size = len(ids) - n + 1
            if size <= 0:
                break
            key = (key[:size] << np.uint64(16)) | ids[n - 1 :]
            valid = valid[:size] & (ids[n - 1 :] > 0)
            if n < low:
                continue
            candidates = np.flatnonzero(valid)
            at = np.searchsorted(keys, key[candidates])
            at[at == len(keys)] = 0
            hit = keys[at] == key[candidates]
            found_rows.append(text_of[candidates[hit]])
            found_columns.append(columns[at[hit]])
        if not found_rows:  # no text has a character
            return sp.csr_matrix((len(texts), len(self.ngrams)))
        shape = (len(texts), len(self.ngrams))
        hits = np.concatenate(found_rows), np.concatenate(found_columns)
        rows = sp.csr_matrix(sp.coo_matrix((np.ones(len(hits[0])), hits), shape=shape))
        rows.sum_duplicates()  # each row's counts in column order
        rows.data = (np.log(rows.data) + 1.0) * self.idf[rows.indices]
        from sklearn.preprocessing import normalize  # type: ignore[import-untyped, unused-ignore]

        return sp.csr_matrix(normalize(rows, norm="l2", copy=False))  # row by row

    def logits(self, texts: Sequence[str]) -> npt.NDArray[np.float64]:
        """texts × classes: each text's n-gram part of the logits (module docstring: the same numbers in any
        batch)."""
        return np.asarray(self.rows(texts) @ self.weights, dtype=np.float64)

    @cached_property
    def _index(self) -> dict[str, int]:
        """Column of each n-gram (built on first use; read-only afterwards)."""
        return {ngram: column for column, ngram in enumerate(self.ngrams)}

    @cached_property
    def _codes(
        self,
    ) -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint64], npt.NDArray[np.int64]] | None:
        """The n-grams' alphabet (per code point up to the largest one in an n-gram, its number: 1, 2, ... in
        code point order, 0 for a character in no n-gram and for NUL), the n-grams' numbers (sorted) and their
        columns; None when the alphabet has 2**16 - 1 characters or more."""
        points = sorted({ord(c) for ngram in self.ngrams for c in ngram} - {0})
        if not points or len(points) >= 2**16 - 1 or any("\x00" in ngram for ngram in self.ngrams):
            return None
        number = {point: k + 1 for k, point in enumerate(points)}
        alphabet = np.zeros(points[-1] + 1, dtype=np.uint16)
        alphabet[points] = np.arange(1, len(points) + 1)
        keys = np.zeros(len(self.ngrams), dtype=np.uint64)
        for column, ngram in enumerate(self.ngrams):
            value = 0
            for c in ngram:
                value = (value << 16) | number[ord(c)]
            keys[column] = value
        order = np.argsort(keys, kind="stable")
        return alphabet, keys[order], order.astype(np.int64)


def _vectorizer(idf: npt.NDArray[np.float64] | None = None, **settings: Any) -> Any:
    """scikit-learn's TF-IDF vectorizer of the n-grams (learning them; or of given n-grams and frequencies)."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped, unused-ignore]

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=TERM_NGRAMS, sublinear_tf=True, lowercase=True, dtype=np.float64, **settings
    )
    if idf is not None:
        vectorizer.idf_ = idf
    return vectorizer


@dataclass(frozen=True)
class ThemeClassifier:
    """Weights (dimensions × classes) and biases; classes are the taxonomy's themes in order, then "none"
    when the training texts had any. `terms`: the n-gram features and their weights (None: embeddings only).
    `prototypes`: per theme, the vectors of its training texts; `none_prototypes`: the vectors of the training
    texts of no listed theme."""

    weights: npt.NDArray[np.float64]
    bias: npt.NDArray[np.float64]
    has_none: bool
    prototypes: tuple[Vectors, ...]
    none_prototypes: Vectors = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float16))
    terms: TermFeatures | None = None

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

    def probabilities(self, vectors: Vectors, texts: Sequence[str] | None = None) -> Probabilities:
        """texts × themes: each text's probability of being about each listed theme (the rest of its
        probability mass is "none"), from its vector and, when the classifier learnt n-grams, its text (the
        texts are then required, in the vectors' order). A text without a vector (all zeros) gets zeros."""
        themes = self.weights.shape[1] - int(self.has_none)
        out = np.zeros((len(vectors), themes))
        if not themes:
            return out
        if self.terms is not None and (texts is None or len(texts) != len(vectors)):
            raise ValueError("this classifier learnt from the texts' n-grams: give the texts with their vectors")
        for start in range(0, len(vectors), SIMILARITY_BLOCK):
            block = vectors[start : start + SIMILARITY_BLOCK].astype(np.float64)
            logits = block @ self.weights + self.bias
            if self.terms is not None and texts is not None:
                chunk = [theming_text(text) for text in texts[start : start + SIMILARITY_BLOCK]]
                first = self.terms.logits([first_sentence(text) for text in chunk])
                logits = logits + self.terms.logits(chunk) + FIRST_SENTENCE_WEIGHT * first
            logits -= logits.max(axis=1, keepdims=True)
            exp = np.exp(logits)
            probabilities = exp / exp.sum(axis=1, keepdims=True)
            present: npt.NDArray[np.bool_] = np.asarray(block.any(axis=1))
            out[start : start + len(block)] = np.where(present[:, None], probabilities[:, :themes], 0.0)
        return out


def first_sentence(text: str) -> str:
    """The first sentence of a text with a letter or digit in it (a greeting like "Hi!" counts: it adds
    nothing the whole text does not have); the text itself when it has none."""
    for sentence in split_sentences(text):
        if any(ch.isalnum() for ch in sentence):
            return sentence
    return text


def _closeness(vectors: Vectors, rows: npt.NDArray[np.intp], own: Vectors, out: npt.NDArray[np.float64]) -> None:
    """out[rows] = the mean of each row's TOP_PROTOTYPES best cosines to `own` (untouched when `own` is empty);
    float64 products of float16 vectors and a fixed summation order, so the same text gets the same number in
    any batch."""
    if not len(own):
        return
    prototypes = own.astype(np.float64)
    for start in range(0, len(rows), SIMILARITY_BLOCK):
        block = rows[start : start + SIMILARITY_BLOCK]
        cosines = vectors[block].astype(np.float64) @ prototypes.T
        top = min(TOP_PROTOTYPES, cosines.shape[1])
        # the `top` best of each row (a partition, not a sort of the row), then in ascending order as before
        cosines = np.sort(np.partition(cosines, cosines.shape[1] - top, axis=1)[:, -top:], axis=1)
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
                terms = None
                if len(stored["ngrams"]):
                    terms = TermFeatures(tuple(stored["ngrams"].tolist()), stored["idf"], stored["term_weights"])
                return ThemeClassifier(
                    stored["weights"], stored["bias"], bool(stored["has_none"]), prototypes, none_prototypes, terms
                )
        except (OSError, ValueError, KeyError):
            pass  # unreadable: fitted again below and rewritten
    fitted = replace(fit(vectors, labels, len(taxonomy), prototypes, texts), none_prototypes=none_prototypes)
    if path is not None:
        _store(path, fitted)
    return fitted


def fit(
    vectors: Vectors,
    classes: npt.NDArray[np.int64],
    themes: int,
    prototypes: tuple[Vectors, ...],
    texts: Sequence[str] | None = None,
) -> ThemeClassifier:
    """A multinomial logistic regression of the classes on the vectors and, given the texts, their n-grams;
    weights rounded (module docstring)."""
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped, unused-ignore]

    present = sorted(set(classes.tolist()))
    if len(present) < 2:
        # One class only: every text is about it (probability 1), as far as the examples can tell.
        weights = np.zeros((vectors.shape[1], themes))
        bias = np.full(themes, -np.inf)
        bias[present] = 0.0
        return ThemeClassifier(weights, bias, False, prototypes)
    learnt = TermFeatures.learn(texts) if texts is not None else None
    features: npt.NDArray[np.float64] | sp.csr_matrix = vectors.astype(np.float64)
    if learnt is not None:
        features = sp.hstack([sp.csr_matrix(features), TERM_WEIGHT * learnt[1]]).tocsr()
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5_000)
    model.fit(features, classes)
    has_none = themes in present
    columns = themes + int(has_none)
    dimensions = vectors.shape[1]
    weights = np.zeros((features.shape[1], columns))
    bias = np.full(columns, -np.inf)  # a theme without any training text is never predicted
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:
        # scikit-learn keeps one row for two classes (the log-odds of the second): the same probabilities as
        # a softmax over half of it and minus half of it.
        coef, intercept = np.vstack([-coef[0] / 2, coef[0] / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
    for row, label in enumerate(model.classes_.tolist()):
        weights[:, label] = coef[row]
        bias[label] = intercept[row]
    weights[dimensions:] *= TERM_WEIGHT  # applied to the unscaled TF-IDF rows
    weights = np.clip(np.round(weights / WEIGHT_STEP) * WEIGHT_STEP, -WEIGHT_BOUND, WEIGHT_BOUND)
    bias = np.where(np.isfinite(bias), np.round(bias / WEIGHT_STEP) * WEIGHT_STEP, bias)
    terms = replace(learnt[0], weights=weights[dimensions:]) if learnt is not None else None
    return ThemeClassifier(weights[:dimensions], bias, has_none, prototypes, terms=terms)


def _digest(version: str, texts: Sequence[str], classes: Sequence[int]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    settings = f"{REGULARISATION_C}|{WEIGHT_STEP}|{WEIGHT_BOUND}|{TERM_NGRAMS}|{TERM_MIN_TEXTS}|{TERM_WEIGHT}"
    digest.update(f"{_FORMAT}|{version}|{settings}".encode())
    for text, label in zip(texts, classes, strict=True):
        digest.update(f"\x00{label}\x00{text}".encode())
    return digest.hexdigest()


def _store(path: Path, fitted: ThemeClassifier) -> None:
    """Write atomically (a temporary file renamed); a read-only or full disk just skips keeping it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            terms = fitted.terms
            np.savez(
                out,
                weights=fitted.weights,
                bias=fitted.bias,
                has_none=np.array(fitted.has_none),
                ngrams=np.array(terms.ngrams if terms is not None else [], dtype=str),
                idf=terms.idf if terms is not None else np.zeros(0),
                term_weights=terms.weights if terms is not None else np.zeros((0, len(fitted.bias))),
            )
        os.replace(temporary, path)
    except OSError:
        return
