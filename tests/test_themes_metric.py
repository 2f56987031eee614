"""The similarity discovery clusters by (assistant/themes/metric.py): learnt from labelled texts, kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.metrics import normalized_mutual_info_score

from assistant.themes import discover_themes, discovery, metric
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import DEFAULT_MODEL
from semantic_layer.model import Label, LabelledText, Theme, ThemeDescription, ThemeExamples

TAXONOMY = [
    Theme(
        id="late",
        label=Label(en="Late delivery", zh="物流慢"),
        description=ThemeDescription(en="Parcels that arrive late.", zh="包裹送得太慢。"),
        examples=ThemeExamples(en=["My parcel is a week overdue."], zh=["快递十天了还没到。"]),
    ),
    Theme(
        id="refund",
        label=Label(en="Refund trouble", zh="退款问题"),
        description=ThemeDescription(en="Refunds not paid.", zh="退款一直没到账。"),
    ),
]
LABELLED = [
    LabelledText(text="Still waiting for my money back.", theme="refund"),
    LabelledText(text="退款申请一直没有处理。", theme="refund"),
    LabelledText(text="The courier left it at the wrong door.", theme="none:courier_behaviour"),
    LabelledText(text="快递员态度很差。", theme="unlisted:courier_behaviour"),
    LabelledText(text="Please sell more vegetarian food.", theme="none"),
    LabelledText(text="Your newsletter comes three times a day.", theme="none:marketing_spam"),
    LabelledText(text="每天都收到促销短信，太烦了。", theme="none:marketing_spam"),
]


def _points(seed: int, per_class: int = 30) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Unit vectors of three themes that differ a little along their own directions, written in two
    "languages" that differ a lot along another: raw cosines group the texts by language, not by theme."""
    rng = np.random.default_rng(seed)
    dims, rows, labels, texts = 24, [], [], []
    for theme in range(3):
        for i in range(per_class):
            chinese = i % 2 == 1
            point = rng.normal(scale=0.3, size=dims)
            point[theme] += 1.0  # what the text is about
            point[10] += rng.normal(scale=3.0)  # style: varies within every theme
            rows.append(point)
            labels.append(theme)
            texts.append(f"文本{theme}-{i}" if chinese else f"text {theme}-{i}")
    points = np.array(rows)
    return (points / np.linalg.norm(points, axis=1, keepdims=True)).astype(np.float32), texts, np.array(labels)


def test_the_texts_it_learns_from_are_themes_and_labelled_topics_not_the_bare_none() -> None:
    texts, classes = metric.metric_texts(TAXONOMY, LABELLED)
    assert texts[:4] == [
        "Parcels that arrive late.",
        "包裹送得太慢。",
        "My parcel is a week overdue.",
        "快递十天了还没到。",
    ]
    assert classes[:4] == ["late"] * 4
    # `none:x` and `unlisted:x` are one topic; the bare "none" (about nothing in particular) teaches nothing.
    assert classes.count("courier_behaviour") == 2 and classes.count("marketing_spam") == 2
    assert "none" not in classes and "Please sell more vegetarian food." not in texts


def test_the_learnt_similarity_groups_texts_by_theme_where_raw_cosines_group_them_by_style() -> None:
    points, texts, labels = _points(3)
    learnt = metric.learn_metric(points, texts, [f"theme-{label}" for label in labels])
    assert learnt is not None and learnt.scalings.shape == (24, 2)  # classes - 1 directions
    fresh, fresh_texts, truth = _points(4)  # other texts of the same themes
    centered = metric.center_per_language(fresh, fresh_texts)
    plain = discovery.cluster_vectors(centered, max_clusters=3)
    compared = learnt.project(centered)
    assert np.allclose(np.linalg.norm(compared, axis=1), 1.0, atol=1e-5)
    by_metric = discovery.cluster_vectors(compared, max_clusters=3)
    assert normalized_mutual_info_score(truth, by_metric) >= 0.8
    assert normalized_mutual_info_score(truth, by_metric) > normalized_mutual_info_score(truth, plain) + 0.3


def test_the_directions_are_those_of_a_shrunk_linear_discriminant_analysis() -> None:
    points, texts, labels = _points(5)
    learnt = metric.learn_metric(points, texts, [str(label) for label in labels])
    assert learnt is not None
    centered = metric.center_per_language(points, texts).astype(np.float64)
    reference = LinearDiscriminantAnalysis(solver="eigen", shrinkage=metric.SHRINKAGE).fit(centered, labels)

    def cosines(projected: np.ndarray) -> np.ndarray:
        unit = projected / np.linalg.norm(projected, axis=1, keepdims=True)
        result: np.ndarray = unit @ unit.T
        return result

    mine, theirs = centered @ learnt.scalings, reference.transform(centered)
    assert np.allclose(cosines(mine), cosines(theirs), atol=1e-8)


def test_too_few_classes_teach_no_metric() -> None:
    points, texts, labels = _points(6)
    two = [f"theme-{min(label, 1)}" for label in labels]
    assert metric.learn_metric(points, texts, two) is None
    one_text_each = [f"class-{i}" for i in range(len(texts))]  # no class has two texts to vary
    assert metric.learn_metric(points, texts, one_text_each) is None


def test_the_metric_is_kept_beside_the_embeddings_and_read_back(
    tmp_path: Path, embedding_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = metric.metric_for(Embedder(DEFAULT_MODEL, tmp_path), TAXONOMY, LABELLED)
    assert first is not None
    kept = list((tmp_path / "classifiers").glob("*.metric.npz"))
    assert len(kept) == 1

    def no_learning(*args: object) -> None:
        raise AssertionError("learnt again")

    monkeypatch.setattr(metric, "learn_metric", no_learning)
    again = metric.metric_for(Embedder(DEFAULT_MODEL, tmp_path), TAXONOMY, LABELLED)
    assert again is not None and np.array_equal(again.scalings, first.scalings)
    monkeypatch.undo()
    kept[0].write_bytes(b"not a numpy file")  # damaged: learnt again and rewritten
    repaired = metric.metric_for(Embedder(DEFAULT_MODEL, tmp_path), TAXONOMY, LABELLED)
    assert repaired is not None and np.array_equal(repaired.scalings, first.scalings)
    other = metric.metric_for(Embedder(DEFAULT_MODEL, tmp_path), TAXONOMY, LABELLED[:-1])
    assert other is not None and len(list((tmp_path / "classifiers").glob("*.metric.npz"))) == 2
    assert metric.metric_for(Embedder(DEFAULT_MODEL, None), TAXONOMY[:1], []) is None  # one class


def test_discovery_with_labelled_texts_clusters_every_text_and_assigns_no_listed_theme() -> None:
    texts = [
        *(f"My refund for order {i} never arrived." for i in range(6)),
        *(f"订单{i}的退款一直没有到账。" for i in range(6)),
        *(f"The app crashes every time I open the cart, version {i}." for i in range(6)),
        *(f"APP一打开购物车就闪退，版本{i}。" for i in range(6)),
    ]
    found = discover_themes(texts, taxonomy=TAXONOMY, labelled=LABELLED)
    assert all(theme is not None and theme.startswith("discovered_") for theme in found.assignments)
    assert not set(found.assignments[:12]) & set(found.assignments[12:])
    assert found == discover_themes(texts, taxonomy=TAXONOMY, labelled=LABELLED)


def test_themes_command_without_a_taxonomy_lets_the_model_examples_teach_discovery_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.themes
    from assistant.cli import main

    seen: dict[str, object] = {}

    def recorded(path: Path, column: str, **options: object) -> dict[str, list[object]]:
        seen.update(options)
        return {"themes": [], "assignments": []}

    monkeypatch.setattr(assistant.themes, "themes_for_file", recorded)
    path = tmp_path / "texts.csv"
    path.write_text("text\nlate parcel\n", encoding="utf-8")
    assert main(["themes", "--input", str(path), "--text-column", "text", "--taxonomy", "none", "--json"]) == 0
    labelled = seen["labelled"]
    assert seen["taxonomy"] is None and isinstance(labelled, list) and len(labelled) > 1_000
    monkeypatch.setenv("CHATBI_SEMANTIC_MODEL", str(tmp_path / "missing.yaml"))  # no model: discovery alone
    assert main(["themes", "--input", str(path), "--text-column", "text", "--taxonomy", "none", "--json"]) == 0
    assert seen["labelled"] == []
