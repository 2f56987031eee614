"""Themes of a CSV file's text column, for `chatbi themes --input FILE.csv --text-column COL`."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from assistant.errors import UserInputError
from assistant.themes.analysis import OTHER_ID, clip, shown_themes, summarize_themes, theme_texts
from assistant.themes.embeddings import Embedder, Progress
from assistant.themes.features import single_threaded
from assistant.themes.tokens import has_cjk
from semantic_layer.model import LabelledText, Theme

MAX_ROWS = 200_000
MAX_FILE_THEMES = 12  # the biggest themes of a file are named; the tail is counted in "other"
_SNIFF_BYTES = 8_192


def themes_for_file(
    path: Path,
    text_column: str,
    *,
    taxonomy: Sequence[Theme] | None,
    labelled: Sequence[LabelledText] = (),
    language: Literal["en", "zh"] = "en",
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """`{"themes": [Theme JSON...], "assignments": [theme id per row, in order]}`: the MAX_FILE_THEMES
    biggest themes, then "other" for every remaining row (empty ones too), so the counts add up to the rows.

    With `taxonomy=None` every theme is discovered. Raises UserInputError for a missing, empty, non-UTF-8,
    non-CSV or too large file, or an unknown column.
    """
    texts = clip(read_text_column(Path(path), text_column))
    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    languages = np.array(["zh" if has_cjk(text) else "en" for text in texts], dtype=object)
    with single_threaded():
        themed = theme_texts(
            texts, taxonomy or [], labelled=labelled, language=language, embedder=embedder, progress=progress
        )
        shown = shown_themes(np.array(themed.assignments, dtype=object), MAX_FILE_THEMES)
        assignments = [theme if theme in shown else OTHER_ID for theme in themed.assignments]
        themes = summarize_themes(
            texts,
            np.array(assignments, dtype=object),
            themed.labels,
            taxonomy=taxonomy or [],
            labelled=labelled,
            language=language,
            text_languages=languages,
            max_themes=None,
            embedder=embedder,
        )
    return {"themes": [theme.model_dump() for theme in themes], "assignments": assignments}


def read_text_column(path: Path, column: str) -> list[str]:
    """The column's values as strings (empty cells as ""), with a clear error for every unusable file."""
    if not path.is_file():
        raise UserInputError(f"No file at {path}.")
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head.strip():
        raise UserInputError(f"{path} is empty.")
    if b"\x00" in head:
        raise UserInputError(f"{path} is not a text CSV file (it contains binary data).")
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, encoding="utf-8-sig", nrows=MAX_ROWS + 1, on_bad_lines="error"
        )
    except UnicodeDecodeError:
        raise UserInputError(f"{path} is not UTF-8 text; save it as a UTF-8 CSV file.") from None
    except pd.errors.EmptyDataError:
        raise UserInputError(f"{path} is empty.") from None
    except (pd.errors.ParserError, csv.Error) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        raise UserInputError(f"{path} could not be read as CSV: {first_line}") from None
    if column not in frame.columns:
        columns = ", ".join(str(name) for name in frame.columns)
        raise UserInputError(f"{path} has no column {column!r}. Its columns are: {columns}.")
    if frame.empty:
        raise UserInputError(f"{path} has a header but no rows.")
    if len(frame) > MAX_ROWS:
        raise UserInputError(f"{path} has more than {MAX_ROWS:,} rows; split it or take a sample first.")
    return [value if isinstance(value, str) else "" for value in frame[column].tolist()]
