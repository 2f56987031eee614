"""Round 9 (themes9): blind corpus 8 as the `corpus-8` source of the labelled examples, held out fairly; a cluster of a
population's texts that makes a topic of its own next to a listed theme is set apart for discovery (novelty.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from assistant.themes import novelty
from assistant.themes.classifier import ThemeClassifier
from assistant.themes.embeddings import Embedder, text_keys
from assistant.themes.encoder import Encoder
from assistant.themes.memory import taxonomy_memory
from assistant.themes.semantic import Assignment
from benchmarks.bench_themes_blind import SCORED_SOURCES, examples, learnt_without, topic
from semantic_layer.model import Label, Theme, ThemeDescription

BLIND_8 = Path(__file__).parent / "blind" / "complaints_8.csv"


def test_corpus_8_is_a_scored_source_learnt_from_as_it_was_written() -> None:
    frame = examples()
    assert "corpus-8" in SCORED_SOURCES
    own = frame[frame["source"] == "corpus-8"].reset_index(drop=True)
    blind = pd.read_csv(BLIND_8, dtype=str, keep_default_na=False)
    assert len(own) == 340
    columns = ["id", "language", "text", "secondary_theme", "style"]
    assert own[columns].equals(blind[columns])
    renamed = blind["theme"].replace({"invoice_request": "unlisted:invoice_request", "size_fit": "unlisted:size_fit"})
    assert own["theme"].tolist() == renamed.tolist()
    assert not set(own["id"]) & set(frame.loc[frame["source"] != "corpus-8", "id"])
    assert len(frame) == 4258


def test_corpus_8_unlisted_topics_hold_out_the_texts_that_name_them_otherwise() -> None:
    frame = examples()
    # size and fit is bank-none's topic, which round 7 made one with misleading product information
    assert topic("unlisted:size_fit") == topic("none:size_fit") == topic("unlisted:misleading_product_info")
    assert topic("unlisted:invoice_request") == "invoice_request"
    kept = {example.theme for example in learnt_without(frame, "corpus-8", novel_topics=True)}
    gone = {"none:size_fit", "none:product_information", "unlisted:misleading_product_info"}
    gone |= {"unlisted:size_fit", "unlisted:invoice_request"}
    assert not kept & gone
    plain = {example.theme for example in learnt_without(frame, "corpus-8")}
    assert gone - plain == {"unlisted:size_fit", "unlisted:invoice_request"}
    # and corpus 6, whose size-chart texts are misleading product information, is scored without corpus 8's
    assert "unlisted:size_fit" not in {e.theme for e in learnt_without(frame, "corpus-6", novel_topics=True)}


# A population as vectors (8 dimensions, a table encoder): the theme's training texts point at e0; its own texts in
# the population do too; a neighbouring topic sits between e0 and e1.
THEME = Theme(
    id="damaged",
    label=Label(en="Damaged goods", zh="商品破损"),
    description=ThemeDescription(en="Products that arrive broken.", zh="商品破损。"),
)
E0, E1, E2 = np.eye(8)[0], np.eye(8)[1], np.eye(8)[2]
NEIGHBOUR = 0.6 * E0 + 0.8 * E1
SHIFTED = 0.7 * E0 + 0.714 * E2


def _embedder(table: dict[str, npt.NDArray[np.float64]]) -> Embedder:
    def encode(texts: list[str]) -> npt.NDArray[np.float32]:
        return np.stack([table[text] for text in texts]).astype(np.float32)

    return Embedder("fake", None, encoder=Encoder("fake", "fake@1", 8, encode))


def _prototypes() -> npt.NDArray[np.float16]:
    rng = np.random.default_rng(0)
    points = E0 + 0.05 * rng.standard_normal((20, 8))
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float16)


def _set_apart(groups: list[tuple[npt.NDArray[np.float64], int, float]]) -> npt.NDArray[np.int64]:
    """The rows set apart in a population of groups (direction, texts, probability of the theme; the rest "none")."""
    table: dict[str, npt.NDArray[np.float64]] = {}
    probability: list[float] = []
    for g, (direction, count, likely) in enumerate(groups):
        for i in range(count):
            table[f"group {g} text {i}"] = direction / np.linalg.norm(direction)
            probability.append(likely)
    texts = list(table)
    embedder = _embedder(table)
    model = ThemeClassifier(np.zeros((8, 2)), np.zeros(2), True, (_prototypes(),))
    vectors = embedder.embed(texts)
    found = Assignment(
        primary=np.zeros(len(texts), dtype=np.int64),
        secondary=np.full(len(texts), -1, dtype=np.int64),
        probabilities=np.array(probability)[:, None],
        support=model.support(vectors, np.zeros(len(texts), dtype=np.int64)),
        present=np.ones(len(texts), dtype=bool),
    )
    spread = novelty.spread(model.prototypes)
    return novelty.apart_rows(texts, text_keys(texts), found, embedder, None, spread, model.support)


def test_a_doubted_cluster_far_from_the_themes_examples_is_set_apart() -> None:
    rows = _set_apart([(E0, 30, 0.95), (NEIGHBOUR, 15, 0.6)])
    assert rows.tolist() == list(range(30, 45))  # the neighbouring topic's texts, not the theme's own


@pytest.mark.parametrize(
    "groups",
    [
        # a population written unlike the examples (the demo's generated texts): far, but the classifier is sure
        [(SHIFTED, 30, 0.97), (NEIGHBOUR, 15, 0.97)],
        # as far from the examples as the theme's other texts of the population: no topic of its own
        [(NEIGHBOUR, 30, 0.6), (NEIGHBOUR + 0.01 * E2, 15, 0.6)],
        # too few texts to be a topic
        [(E0, 30, 0.95), (NEIGHBOUR, novelty.MIN_TEXTS - 1, 0.6)],
    ],
)
def test_nothing_is_set_apart_without_every_sign(groups: list[tuple[npt.NDArray[np.float64], int, float]]) -> None:
    assert _set_apart(groups).tolist() == []


def test_set_apart_unassigns_the_rows_and_remembers_the_population() -> None:
    texts = [f"group 0 text {i}" for i in range(30)] + [f"group 1 text {i}" for i in range(15)]
    table = {text: (E0 if text.startswith("group 0") else NEIGHBOUR / np.linalg.norm(NEIGHBOUR)) for text in texts}
    embedder = _embedder(table)
    memory = taxonomy_memory(embedder, [THEME])
    keys = text_keys(texts)
    vectors = embedder.embed(texts)
    model = ThemeClassifier(np.zeros((8, 2)), np.zeros(2), True, (_prototypes(),))
    probability = np.array([0.95] * 30 + [0.6] * 15)[:, None]
    found = Assignment(
        primary=np.zeros(len(texts), dtype=np.int64),
        secondary=np.full(len(texts), -1, dtype=np.int64),
        probabilities=probability,
        support=model.support(vectors, np.zeros(len(texts), dtype=np.int64)),
        present=np.ones(len(texts), dtype=bool),
    )
    memory.remember_set_apart(keys, np.arange(30, 45))  # as if computed by an earlier answer
    again = novelty.set_apart(texts, keys, found, [THEME], embedder)
    assert again.primary.tolist() == [0] * 30 + [-1] * 15
    assert (again.secondary == -1).all()
    assert found.primary.tolist() == [0] * 45  # the rows given are not changed
    assert memory.set_apart(keys) is not None and memory.set_apart(keys[::-1]) is None


def test_spread_is_the_median_closeness_of_a_themes_texts_to_each_other() -> None:
    points = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=np.float16)
    # each text's 2 best cosines to the others: (0 + 1) / 2 for the two alike, (0 + 0) / 2 for the other
    assert novelty.spread((points, points[:1])).tolist() == [0.5, -np.inf]
