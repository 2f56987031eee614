"""Round 7 (themes7): blind corpus 6 as the `corpus-6` source of the labelled examples, held out fairly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from benchmarks.bench_themes_blind import SCORED_SOURCES, examples, learnt_without, topic

BLIND_6 = Path(__file__).parent / "blind" / "complaints_6.csv"


def test_corpus_6_is_a_scored_source_learnt_from_as_it_was_written() -> None:
    frame = examples()
    assert "corpus-6" in SCORED_SOURCES
    own = frame[frame["source"] == "corpus-6"].reset_index(drop=True)
    blind = pd.read_csv(BLIND_6, dtype=str, keep_default_na=False)
    assert len(own) == 340
    columns = ["id", "language", "text", "theme", "secondary_theme", "style"]
    assert own[columns].equals(blind[columns])
    assert not set(own["id"]) & set(frame.loc[frame["source"] != "corpus-6", "id"])


def test_corpus_6_unlisted_topics_hold_out_the_written_texts_that_name_them_otherwise() -> None:
    frame = examples()
    assert topic("none:courier_behaviour") == topic("unlisted:courier_conduct") == "courier_conduct"
    assert topic("none:product_information") == topic("none:size_fit") == "misleading_product_info"
    kept = {example.theme for example in learnt_without(frame, "corpus-6", novel_topics=True)}
    gone = {"none:courier_behaviour", "none:product_information", "none:size_fit"}
    gone |= {"unlisted:courier_conduct", "unlisted:misleading_product_info"}
    assert not kept & gone
    # without novel topics only corpus 6 itself is left out
    plain = {example.theme for example in learnt_without(frame, "corpus-6")}
    assert gone - plain == {"unlisted:courier_conduct", "unlisted:misleading_product_info"}
