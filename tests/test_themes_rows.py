"""The theme answer reads rows through their distinct texts and counts by integer codes (analysis.py): the same
texts, counts and reports whichever dtype the warehouse's frame has (pandas' str or object)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from assistant.contracts import ThemeReport
from assistant.themes import analyze_population
from assistant.themes.analysis import (
    MAX_TEXT_CHARS,
    OTHER_ID,
    _distinct_texts,
    _RowTexts,
    clip_column,
    shown_themes,
    summarize_themes,
)
from assistant.themes.engine import default_embedder
from tests.test_themes import SMALL_TAXONOMY

LONG = "x" * MAX_TEXT_CHARS
COLUMNS = [
    ["b", None, LONG + "a", "b", "", None, "c", LONG + "b", "中文 😀"],  # missing, empty, equal once cut
    ["only", "only"],
    [None, None],
    [],
]


@pytest.mark.parametrize("values", COLUMNS)
@pytest.mark.parametrize("dtype", ["str", object])
def test_distinct_texts_read_as_clip_column_reads_them(values: list[str | None], dtype: Any) -> None:
    column = pd.Series(values, dtype=dtype)
    rows = _distinct_texts(column)
    texts = clip_column(column)
    assert list(rows) == texts
    assert rows.distinct == list(dict.fromkeys(texts))  # in order of first occurrence, once each
    assert [rows[i] for i in range(len(rows))] == texts
    assert list(rows[1:3]) == texts[1:3]
    assert list(rows.take(np.zeros(2 if texts else 0, dtype=np.intp))) == texts[:1] * 2


def test_distinct_texts_of_a_column_of_other_values() -> None:
    rows = _distinct_texts(pd.Series([3, None, "3", 3.5], dtype=object))
    assert list(rows) == ["", "", "3", ""] and rows.distinct == ["", "3"]


def _report(frame: pd.DataFrame) -> ThemeReport:
    return analyze_population(
        frame, SMALL_TAXONOMY, language="en", focus="current", comparison="active", previous="previous"
    )


def test_a_frame_of_object_columns_gives_the_report_a_str_frame_gives() -> None:
    rows: list[tuple[str, str | None]] = [("current", "The courier is late."), ("current", "Where is my refund?")]
    rows += [("current", "快递还没到")]
    rows += [("current", None), ("current", "Please add vegetarian options."), ("previous", "Refund please.")]
    rows += [("active", "Late parcel, the courier lost it."), ("active", "I want a refund.")]
    languages = ["en", "en", "fr", None, "en", "en", "zh", "en"]  # unknown or missing: told by script
    frame = pd.DataFrame(rows, columns=["population", "text"], dtype="str")
    frame["language"] = pd.Series(languages, dtype="str")
    frame["author"] = pd.Series(["A", "B", "A", None, "C", "D", "E", "F"], dtype="str")
    as_objects = frame.astype(object)
    report = _report(frame)
    assert report == _report(as_objects)
    assert (report.texts, report.authors, report.previous_texts, report.comparison_texts) == (5, 3, 1, 2)
    assert sum(theme.count for theme in report.themes) == 5
    assert report.themes[-1].id == OTHER_ID


def test_summarize_themes_counts_none_as_other_and_cuts_to_max_themes() -> None:
    texts = ["The courier is late.", "Late again, courier.", "Where is my refund?", "Add soup.", ""]
    assignments = np.array(["late", "late", "refund", None, None], dtype=object)
    labels = {"late": "Late delivery", "refund": "Refund trouble"}
    languages = np.array(["en"] * len(texts), dtype=object)
    embedder = default_embedder()

    def summary(max_themes: int | None) -> list[tuple[str, int]]:
        themes = summarize_themes(
            texts, assignments, labels, taxonomy=SMALL_TAXONOMY, language="en",
            text_languages=languages, max_themes=max_themes, embedder=embedder,
        )  # fmt: skip
        assert sum(theme.share for theme in themes) == pytest.approx(1.0)
        return [(theme.id, theme.count) for theme in themes]

    assert summary(None) == [("late", 2), ("refund", 1), (OTHER_ID, 2)]
    assert summary(1) == [("late", 2), (OTHER_ID, 3)]
    assert summary(0) == [(OTHER_ID, 5)]
    assert shown_themes(assignments, 1) == {"late"} and shown_themes(assignments, None) == {"late", "refund"}


def test_row_texts_of_no_rows() -> None:
    rows = _RowTexts(["a"], np.zeros(0, dtype=np.intp))
    assert len(rows) == 0 and list(rows) == [] and not rows
