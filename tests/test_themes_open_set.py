"""Open-set assignment: a text clearly closer to the texts of no listed theme than to its theme's stays out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.themes import assign_themes, classifier, semantic
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import DEFAULT_MODEL
from semantic_layer.model import Label, LabelledText, Theme, ThemeDescription

TAXONOMY = [
    Theme(
        id="damaged",
        label=Label(en="Damaged goods", zh="商品破损"),
        description=ThemeDescription(en="Products that arrive broken or stop working.", zh="商品破损或有质量问题。"),
    ),
    Theme(
        id="late",
        label=Label(en="Late delivery", zh="物流慢"),
        description=ThemeDescription(en="Parcels that arrive late.", zh="包裹送得太慢。"),
    ),
]
LABELLED = [
    *(
        LabelledText(text=text, theme="damaged")
        for text in ("The mug arrived cracked.", "My kettle stopped working after a week.", "收到的盘子碎了。")
    ),
    *(
        LabelledText(text=text, theme="late")
        for text in ("My parcel is a week overdue.", "Tracking has not moved since Monday.", "快递十天了还没到。")
    ),
    *(
        LabelledText(text=text, theme="none:packaging")
        for text in (
            "Far too much plastic wrapping around a tiny item.",
            "The box was five times bigger than the product, what a waste.",
            "一个小东西包了好几层塑料，太浪费了。",
            "So much bubble wrap and foam, none of it recyclable.",
        )
    ),
]


def test_a_text_clearly_closer_to_the_none_texts_than_to_its_theme_takes_no_theme() -> None:
    probabilities = np.array([[0.8, 0.1]] * 3)
    support = np.array([0.50, 0.50, 0.50])
    margin = semantic.NONE_MARGIN
    none_support = np.array([0.30, 0.50 - margin - 0.005, 0.50 - margin + 0.005])
    found = semantic.assign(probabilities, support, np.ones(3, dtype=bool), none_support)
    # 0: closer to its theme; 1: a little closer to the "none" texts, within the margin; 2: past it.
    assert found.primary.tolist() == [0, 0, -1]
    assert found.none_support is none_support
    # Without closeness to "none" texts (a caller that has none) the rule is not applied.
    assert semantic.assign(probabilities, support, np.ones(3, dtype=bool)).primary.tolist() == [0, 0, 0]


def test_closeness_to_the_none_texts_is_exact_and_minus_infinity_without_them(
    embedding_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = Embedder(DEFAULT_MODEL, embedding_cache)
    model = classifier.classifier_for(embedder, TAXONOMY, LABELLED)
    assert len(model.none_prototypes) == 4
    texts = ["Way too much packaging for one lipstick.", "The lamp arrived broken.", "包裹一周了还没送到。"] * 5
    vectors = embedder.embed(texts)
    together = model.none_support(vectors)
    alone = np.concatenate([model.none_support(vectors[i : i + 1]) for i in range(len(texts))])
    assert np.array_equal(together, alone)
    monkeypatch.setattr(classifier, "SIMILARITY_BLOCK", 2)
    assert np.array_equal(together, model.none_support(vectors))
    assert together[0] > together[1] and together[0] > together[2]  # packaging is what the none texts say
    without = classifier.classifier_for(embedder, TAXONOMY, [t for t in LABELLED if ":" not in t.theme])
    assert np.all(without.none_support(vectors) == -np.inf)


def test_an_unlisted_problem_stays_out_and_listed_ones_are_assigned(embedding_cache: Path) -> None:
    # End to end with "none" texts of a topic (the "none" class and the closeness margin together).
    texts = [
        "The box was enormous and stuffed with plastic for one small candle.",
        "The candle arrived snapped in half.",
        "My parcel is still not here after twelve days.",
    ]
    assert assign_themes(texts, TAXONOMY, labelled=LABELLED) == [None, "damaged", "late"]
