"""The taxonomy classifier (assistant/themes/classifier.py): learnt from labelled texts, kept, exact."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.themes import assign_themes, classifier
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import DEFAULT_MODEL
from semantic_layer.model import Label, LabelledText, Theme, ThemeDescription

TAXONOMY = [
    Theme(
        id="late",
        label=Label(en="Late delivery", zh="物流慢"),
        description=ThemeDescription(en="Parcels that arrive late."),
    ),
    Theme(
        id="refund",
        label=Label(en="Refund trouble", zh="退款问题"),
        description=ThemeDescription(en="Refunds not paid."),
    ),
]
LABELLED = [
    *(
        LabelledText(text=text, theme="late")
        for text in (
            "My parcel is a week overdue.",
            "The courier never turned up.",
            "包裹十天了还没送到。",
            "Tracking has not moved since Monday.",
        )
    ),
    *(
        LabelledText(text=text, theme="refund")
        for text in (
            "Still waiting for my money back.",
            "退款申请一直没有处理。",
            "They refused to refund the returned jacket.",
            "The refund was only half of what I paid.",
        )
    ),
    *(
        LabelledText(text=text, theme="none")
        for text in (
            "Please sell more vegetarian food.",
            "Can you open a shop near the station?",
            "希望多上几款儿童玩具。",
            "I would love a dark mode in your newsletter.",
        )
    ),
]


def _embedder(folder: Path | None) -> Embedder:
    return Embedder(DEFAULT_MODEL, folder)


def test_texts_of_no_theme_train_a_none_class(embedding_cache: Path) -> None:
    embedder = _embedder(embedding_cache)
    texts = [
        "Where is my package? It is ten days late.",
        "我的退款到现在还没到账",
        "Please add more gluten-free bread.",
    ]
    assert assign_themes(texts, TAXONOMY, embedder, labelled=LABELLED) == ["late", "refund", None]
    model = classifier.classifier_for(embedder, TAXONOMY, LABELLED)
    assert model.has_none and model.weights.shape == (512, 3)


def test_weights_are_rounded_so_probabilities_are_exact(embedding_cache: Path) -> None:
    model = classifier.classifier_for(_embedder(embedding_cache), TAXONOMY, LABELLED)
    steps = model.weights / classifier.WEIGHT_STEP
    assert np.array_equal(steps, np.round(steps)) and np.abs(model.weights).max() <= classifier.WEIGHT_BOUND


def test_two_classes_give_the_probabilities_of_the_logistic_regression() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(40, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    classes = (vectors[:, 0] > 0).astype(np.int64)
    prototypes = (vectors[classes == 0], vectors[classes == 1])
    fitted = classifier.fit(vectors, classes, 2, prototypes)
    reference = LogisticRegression(C=classifier.REGULARISATION_C, max_iter=5_000).fit(vectors, classes)
    assert np.allclose(fitted.probabilities(vectors), reference.predict_proba(vectors), atol=0.01)
    assert not fitted.has_none


def test_a_fitted_classifier_is_kept_beside_the_embeddings_and_read_back(
    tmp_path: Path, embedding_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATBI_EMBEDDING_CACHE", str(tmp_path))
    first = classifier.classifier_for(_embedder(tmp_path), TAXONOMY, LABELLED)
    kept = list((tmp_path / "classifiers").glob("*.npz"))
    assert len(kept) == 1

    def no_fitting(*args: object) -> None:
        raise AssertionError("fitted again")

    monkeypatch.setattr(classifier, "fit", no_fitting)
    again = classifier.classifier_for(_embedder(tmp_path), TAXONOMY, LABELLED)
    assert np.array_equal(again.weights, first.weights) and np.array_equal(again.bias, first.bias)
    monkeypatch.undo()
    kept[0].write_bytes(b"not a numpy file")  # damaged: learnt again and rewritten
    repaired = classifier.classifier_for(_embedder(tmp_path), TAXONOMY, LABELLED)
    assert np.array_equal(repaired.weights, first.weights)
    with np.load(kept[0]) as stored:
        assert np.array_equal(stored["weights"], first.weights)


def test_other_examples_are_another_classifier(embedding_cache: Path) -> None:
    embedder = _embedder(embedding_cache)
    one = classifier.classifier_for(embedder, TAXONOMY, LABELLED)
    other = classifier.classifier_for(embedder, TAXONOMY, LABELLED[:-1])
    assert not np.array_equal(one.weights, other.weights)
    without_none = classifier.classifier_for(embedder, TAXONOMY, [e for e in LABELLED if e.theme != "none"])
    assert not without_none.has_none and without_none.weights.shape == (512, 2)


def test_without_a_cache_folder_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    model = classifier.classifier_for(_embedder(None), TAXONOMY, LABELLED)
    assert model.has_none and not list(tmp_path.iterdir())
