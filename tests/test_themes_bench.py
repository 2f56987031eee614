"""The labelled complaint examples and how benchmarks/bench_themes_blind.py holds corpora out of them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from assistant.themes.classifier import training_texts
from benchmarks.bench_themes_blind import SCORED_SOURCES, examples, learnt_without, topic
from semantic_layer import load_model
from semantic_layer.model import LabelledText


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["text", "theme", "source"])


def test_novel_topics_hold_out_every_text_of_the_corpus_unlisted_topics() -> None:
    frame = _frame(
        [
            ("a", "late", "corpus-a"),
            ("b", "unlisted:store_experience", "corpus-a"),
            ("c", "late", "corpus-b"),
            ("d", "unlisted:store_staff_or_environment", "corpus-b"),  # the same topic by another name
            ("e", "unlisted:privacy_data", "corpus-b"),
            ("f", "none:store_safety", "bank-none"),  # an alias of the same topic too
            ("g", "none:sustainability", "bank-none"),
            ("h", "none", "bank-en"),
        ]
    )
    plain = [example.text for example in learnt_without(frame, "corpus-a")]
    novel = [example.text for example in learnt_without(frame, "corpus-a", novel_topics=True)]
    assert plain == ["c", "d", "e", "f", "g", "h"]
    assert novel == ["c", "e", "g", "h"]
    assert [example.text for example in learnt_without(frame, None, novel_topics=True)] == list("abcdefgh")
    assert (topic("late"), topic("none"), topic("none:store_safety")) == (None, None, "store_experience")


def test_the_examples_hold_five_scored_corpora_and_written_texts_of_no_listed_theme() -> None:
    frame = examples()
    listed = {theme.id for theme in load_model().text_fields["complaint_text"].taxonomy}
    assert set(SCORED_SOURCES) <= set(frame["source"])
    assert (frame["source"] == "corpus-3").sum() == 420
    assert (frame["source"] == "corpus-4").sum() == 340
    assert (frame["source"] == "corpus-5").sum() == 340
    # corpus 5 is the blind corpus of round 5, learnt from as it was written
    blind = pd.read_csv(Path(__file__).parent / "blind" / "complaints_5.csv", dtype=str, keep_default_na=False)
    assert frame.loc[frame["source"] == "corpus-5", "text"].tolist() == blind["text"].tolist()
    styled = frame[frame["source"] == "bank-style"]  # written for the listed themes in hard styles
    assert set(styled["theme"]) == listed and set(styled.groupby("theme").size()) == {12}
    written = frame[frame["source"] == "bank-none"]
    assert written["theme"].str.startswith("none:").all()
    per_topic = written.groupby(["theme", "language"]).size()
    assert set(per_topic) == {5} and set(written["language"]) == {"en", "zh"}
    # Written from general knowledge, not taken from a corpus; no text is labelled two ways (two corpora may
    # name one unlisted topic differently: "Way too much plastic." is excessive packaging and packaging waste).
    assert not set(written["text"]) & set(frame.loc[frame["source"] != "bank-none", "text"])
    same_topic = frame["theme"].map(lambda label: topic(label) or label)
    assert (same_topic.groupby(frame["text"]).nunique() == 1).all()
    assert not (set(written["theme"]) & listed)


def test_any_label_of_no_listed_theme_trains_the_none_class() -> None:
    taxonomy = load_model().text_fields["complaint_text"].taxonomy
    labelled = [LabelledText(text=text, theme=theme) for text, theme in (("x", "none:spam"), ("y", "unlisted:z"))]
    texts, classes = training_texts(taxonomy, labelled)
    assert texts[-2:] == ["x", "y"] and classes[-2:] == [len(taxonomy), len(taxonomy)]
