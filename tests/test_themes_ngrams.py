"""Character n-grams beside the embeddings in the taxonomy classifier (assistant/themes/classifier.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp  # type: ignore[import-untyped, unused-ignore]

from assistant.themes import classifier
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import DEFAULT_MODEL
from semantic_layer import load_model
from semantic_layer.model import Label, LabelledText, Theme, ThemeDescription

TAXONOMY = [
    Theme(id="late", label=Label(en="Late delivery", zh="物流慢"), description=ThemeDescription(en="Late parcels.")),
    Theme(id="refund", label=Label(en="Refund trouble", zh="退款问题"), description=ThemeDescription(en="Refunds.")),
]
LABELLED = [
    LabelledText(text=text, theme=theme)
    for theme, texts in (
        ("late", ["My parcel is a week overdue.", "包裹十天了还没送到。", "The parcel is late again.", "包裹还没到"]),
        ("refund", ["Still waiting for my refund.", "退款申请一直没有处理。", "No refund yet.", "退款还没到"]),
        ("none", ["Please sell more vegetarian food.", "希望多上几款儿童玩具。", "Open a shop near me.", "多开几家店"]),
    )
    for text in texts
]


def test_ngrams_separate_texts_the_vectors_cannot() -> None:
    """With vectors that carry nothing (the same for every text), only the n-grams can tell the classes
    apart: the classifier learns them, and a new text with a class's words (one misspelt) goes to that class."""
    texts = ["parcel late", "parcel delayed", "late parcel again", "refund missing", "no refund", "refund please"]
    classes = np.array([0, 0, 0, 1, 1, 1])
    vectors = np.tile(np.eye(8, dtype=np.float16)[0], (6, 1))
    prototypes = (vectors[:3], vectors[3:])
    fitted = classifier.fit(vectors, classes, 2, prototypes, texts)
    assert fitted.terms is not None and "parc" in fitted.terms.ngrams
    found = fitted.probabilities(vectors[:2], ["my parcle is late", "where is my refnud"])
    assert found.argmax(axis=1).tolist() == [0, 1]
    embeddings_only = classifier.fit(vectors, classes, 2, prototypes)
    assert embeddings_only.terms is None
    assert np.allclose(embeddings_only.probabilities(vectors[:2]), 0.5)


def test_a_classifier_with_ngrams_needs_the_texts(embedding_cache: Path) -> None:
    model = classifier.classifier_for(Embedder(DEFAULT_MODEL, embedding_cache), TAXONOMY, LABELLED)
    assert model.terms is not None and model.terms.weights.shape == (len(model.terms.ngrams), 3)
    vectors = Embedder(DEFAULT_MODEL, embedding_cache).embed(["Where is my parcel?"])
    with pytest.raises(ValueError, match="give the texts"):
        model.probabilities(vectors)
    row = model.probabilities(vectors, ["Where is my parcel?"])
    assert row.shape == (1, 2) and row.argmax() == 0 and row.sum() <= 1.0


def test_the_kept_classifier_keeps_its_ngrams(tmp_path: Path, embedding_cache: Path) -> None:
    """Read back from beside the cache, the classifier gives the very probabilities it gave when fitted."""
    texts = ["包裹怎么还没到", "I want my refund", "Please open on Sundays", "parcle never came"]
    first = classifier.classifier_for(Embedder(DEFAULT_MODEL, tmp_path), TAXONOMY, LABELLED)
    again = classifier.classifier_for(Embedder(DEFAULT_MODEL, tmp_path), TAXONOMY, LABELLED)
    assert first.terms is not None and again.terms is not None and again.terms.ngrams == first.terms.ngrams
    vectors = Embedder(DEFAULT_MODEL, embedding_cache).embed(texts)
    assert np.array_equal(first.probabilities(vectors, texts), again.probabilities(vectors, texts))


def test_texts_with_no_ngram_in_common_fall_back_to_the_embeddings() -> None:
    """No n-gram in two training texts: no n-gram features, embeddings only (and no texts needed)."""
    vectors = np.eye(4, dtype=np.float16)[:2]
    fitted = classifier.fit(vectors, np.array([0, 1]), 2, (vectors[:1], vectors[1:]), ["", "?"])
    assert fitted.terms is None
    assert fitted.probabilities(vectors).argmax(axis=1).tolist() == [0, 1]


def test_the_rows_are_scikit_learns_rows() -> None:
    """The batch's n-gram rows (numpy, classifier.py) are the very rows scikit-learn's vectorizer gives, on the
    demo's labelled texts and on odd ones (whitespace of every kind, case that changes length, emoji, NUL, a lone
    surrogate, no word at all)."""
    texts = [example.text for example in load_model().text_fields["complaint_text"].labelled_examples]
    learnt = classifier.TermFeatures.learn(texts)
    assert learnt is not None
    terms = learnt[0]
    odd = [
        "",
        "  ",
        "!!",
        "  a  b ",
        "İstanbul ÄÖ Straße",
        "😀😀 👍",
        "\t tab\nnew\x1cline",
        "a\x00b",
        "\u3000全角 空格",
        "\ud800 x",
    ]
    reference = classifier._vectorizer(vocabulary=terms._index, idf=terms.idf)
    for batch in (texts[:500], odd, [*odd, *texts[-50:]]):
        ours, theirs = terms.rows(batch), reference.transform(batch)
        assert ours.shape == theirs.shape and ours.nnz == theirs.nnz
        assert abs(ours - theirs).max() < 1e-15
    assert terms.rows([]).shape == (0, len(terms.ngrams))
    assert np.array_equal(terms.rows(texts[:40]).toarray(), sp.vstack([terms.rows([t]) for t in texts[:40]]).toarray())


def test_an_alphabet_too_big_for_16_bits_falls_back_to_scikit_learn() -> None:
    ngrams = tuple(chr(point) for point in range(0x20000, 0x20000 + 2**16))
    terms = classifier.TermFeatures(ngrams, np.ones(len(ngrams)), np.zeros((len(ngrams), 2)))
    rows = terms.rows([chr(0x20001) + chr(0x20002), "x"])
    assert rows.shape == (2, len(ngrams)) and rows.nnz == 2 and np.isclose(rows[0].sum(), 2**0.5)
