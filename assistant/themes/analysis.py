"""Themes of a population of texts: assignment, discovery of the rest, then counts, shares, keywords,
typical quotes, change against the previous period and lift against a comparison population."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, overload

import numpy as np
import numpy.typing as npt
import pandas as pd

from assistant.contracts import OTHER_THEME_ID, ThemeReport
from assistant.contracts import Theme as ReportTheme
from assistant.text_safety import quote
from assistant.themes.discovery import discover
from assistant.themes.embeddings import Embedder, Progress
from assistant.themes.features import single_threaded
from assistant.themes.keywords import KeywordMatcher
from assistant.themes.memory import taxonomy_memory
from assistant.themes.novelty import set_apart
from assistant.themes.semantic import embed_and_assign
from assistant.themes.terms import MAX_GROUP_TEXTS, TermStats, distinctive_terms, overlaps, spread
from assistant.themes.tokens import has_cjk
from semantic_layer.model import LabelledText, Theme

Language = Literal["en", "zh"]
MAX_TEXT_CHARS = 5_000  # longer texts are read up to here: a complaint says what it is about early on
EXAMPLES = 3
KEYWORDS = 6
MATCHED_KEYWORDS = 4  # of a taxonomy theme's keywords, the ones found most often lead its keyword list
EXAMPLE_CANDIDATES = 400  # typical examples are picked among this many texts of a theme
# An example this similar (cosine of embeddings) to one already picked says nothing new: the next is taken.
MAX_EXAMPLE_SIMILARITY = 0.85
NEW_PREFIX = {"en": "New: ", "zh": "新主题:"}
OTHER_ID = OTHER_THEME_ID
OTHER_LABEL = {"en": "Other", "zh": "其他"}
# A discovered theme needs this many texts of the population to be shown; smaller ones go to "other".
MIN_DISCOVERED_TEXTS = 3


@dataclass(frozen=True)
class ThemedTexts:
    """The theme id of each text (None: empty, or fits no theme), a secondary theme of mixed texts, and each
    theme's label."""

    assignments: list[str | None]
    labels: dict[str, str]  # theme id -> label in the report language
    secondary: list[str | None]


def analyze_population(
    frame: pd.DataFrame,
    taxonomy: Sequence[Theme],
    *,
    labelled: Sequence[LabelledText] = (),
    language: Language,
    focus: str,
    comparison: str | None = None,
    previous: str | None = None,
    max_themes: int = 8,
    embedder: Embedder | None = None,
) -> ThemeReport:
    """Themes of the `focus` rows of a `kind: themes` query result (DESIGN.md §3).

    `frame` has columns population, id, text (and optionally time, language, author). Every row's text is
    themed together, so the focus, previous and comparison rows are measured with the same themes.
    """
    texts = _distinct_texts(frame["text"]) if "text" in frame else _RowTexts([], np.zeros(0, dtype=np.intp))
    rows = len(texts)
    in_focus = _rows_of(frame, "population", focus, default=True, rows=rows)
    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    with single_threaded():
        theme_of, labels, _ = _themed_unique(
            texts.distinct, taxonomy, labelled=labelled, language=language, embedder=embedder
        )
        # Per row, the index of its theme in `ids` (a few themes: integer codes, not an object per row).
        of_distinct, ids = pd.factorize(theme_of, use_na_sentinel=False)
        theme_ids: list[str | None] = [theme if isinstance(theme, str) else None for theme in ids.tolist()]
        codes = of_distinct[texts.codes] if rows else np.zeros(0, dtype=np.intp)
        focus_codes = codes[in_focus]
        shown = _shown(
            {theme_ids[c]: n for c, n in enumerate(np.bincount(focus_codes, minlength=len(ids)))}, max_themes
        )
        other = len(theme_ids)
        theme_ids.append(OTHER_ID)
        kept = np.array([theme in shown for theme in theme_ids[:other]] + [True], dtype=bool)
        codes = np.where(kept[codes], codes, other)
        labels[OTHER_ID] = OTHER_LABEL[language]
        focus_rows = np.flatnonzero(in_focus)
        summaries = _summaries(
            _RowTexts(texts.distinct, texts.codes[focus_rows]),
            codes[focus_rows],
            theme_ids,
            labels,
            taxonomy=taxonomy,
            labelled=labelled,
            language=language,
            preferred=_in_language(frame, texts, focus_rows, language),
            embedder=embedder,
        )
    in_previous = _rows_of(frame, "population", previous, rows=rows) if previous is not None else None
    in_comparison = _rows_of(frame, "population", comparison, rows=rows) if comparison is not None else None
    previous_shares = _code_shares(codes[in_previous], theme_ids) if in_previous is not None else None
    comparison_shares = _code_shares(codes[in_comparison], theme_ids) if in_comparison is not None else None
    for summary in summaries:
        if previous_shares is not None and previous_shares.total:
            summary.change_vs_previous = summary.share - previous_shares.share(summary.id)
        if comparison_shares is not None and comparison_shares.share(summary.id) > 0:
            summary.lift_vs_comparison = summary.share / comparison_shares.share(summary.id)
    authors = None
    if "author" in frame:
        authors = int(frame["author"][in_focus].dropna().nunique())
    return ThemeReport(
        themes=summaries,
        texts=int(in_focus.sum()),
        authors=authors,
        focus_label=focus,
        comparison_label=comparison,
        comparison_texts=int(in_comparison.sum()) if in_comparison is not None else None,
        previous_texts=int(in_previous.sum()) if in_previous is not None else None,
    )


class _RowTexts(Sequence[str]):
    """Texts of rows read through their distinct values: `distinct[codes[i]]` is row i's text. Nothing is built
    per row; the readers of a theme's texts (terms.spread) pick a few hundred of them by position."""

    def __init__(self, distinct: list[str], codes: npt.NDArray[np.intp]) -> None:
        self.distinct = distinct
        self.codes = codes

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return _RowTexts(self.distinct, self.codes[index])
        text: str = self.distinct[self.codes[index]]
        return text

    def __iter__(self) -> Iterator[str]:
        distinct = self.distinct
        return (distinct[code] for code in self.codes.tolist())

    def take(self, rows: npt.NDArray[np.intp]) -> _RowTexts:
        return _RowTexts(self.distinct, self.codes[rows])


def _distinct_texts(column: pd.Series) -> _RowTexts:
    """The column's texts (as `clip_column` reads them) as their distinct values in order of first occurrence
    and each row's index among them: pandas finds the distinct values (in Arrow for a str column), so a Python
    string is made per distinct text, not per row."""
    if not isinstance(column.dtype, pd.StringDtype):
        given, texts = pd.factorize(np.array(clip_column(column), dtype=object), use_na_sentinel=False)
        return _RowTexts(texts.tolist(), np.asarray(given, dtype=np.intp))
    given, found = pd.factorize(column, use_na_sentinel=False)
    codes = np.asarray(given, dtype=np.intp)
    longest = found.str.len().max() if len(found) else 0
    changed = bool(found.hasnans or longest > MAX_TEXT_CHARS)
    if changed:
        found = found.fillna("").str.slice(0, MAX_TEXT_CHARS)
    distinct: list[str] = found.tolist()
    # A missing text next to an empty one, or texts equal once cut, are one text.
    if changed and len(set(distinct)) < len(distinct):
        merged = list(dict.fromkeys(distinct))
        position = {text: i for i, text in enumerate(merged)}
        codes = np.array([position[text] for text in distinct], dtype=np.intp)[codes]
        distinct = merged
    return _RowTexts(distinct, codes)


def _rows_of(
    frame: pd.DataFrame, column: str, value: str | None, *, rows: int, default: bool = False
) -> npt.NDArray[np.bool_]:
    """Which rows have `value` in `column` (compared as strings); every row (`default`) when there is no column."""
    if column not in frame:
        return np.full(rows, default, dtype=bool)
    values = frame[column]
    if not isinstance(values.dtype, pd.StringDtype):
        values = values.astype(str)
    return np.asarray((values == value).to_numpy(dtype=bool, na_value=False), dtype=bool)


def theme_texts(
    texts: Sequence[str],
    taxonomy: Sequence[Theme],
    *,
    labelled: Sequence[LabelledText] = (),
    language: Language,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> ThemedTexts:
    """Assign each text to a taxonomy theme by meaning (semantic.py); cluster the texts no listed theme fits
    into discovered ones. Identical texts are themed once. With a taxonomy, discovered themes are labelled
    "New: ..."."""
    assignments, labels, secondary = _themed_arrays(
        texts, taxonomy, labelled=labelled, language=language, embedder=embedder, progress=progress
    )
    return ThemedTexts(assignments.tolist(), labels, secondary.tolist())


def _themed_arrays(
    texts: Sequence[str],
    taxonomy: Sequence[Theme],
    *,
    labelled: Sequence[LabelledText] = (),
    language: Language,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.object_], dict[str, str], npt.NDArray[np.object_]]:
    """`theme_texts` as arrays (theme id or None per text, labels, secondary theme or None per text)."""
    unique = list(dict.fromkeys(texts))
    position = {text: i for i, text in enumerate(unique)}
    of_text = np.fromiter(map(position.__getitem__, texts), dtype=np.intp, count=len(texts))
    theme_of, names, second_of = _themed_unique(
        unique, taxonomy, labelled=labelled, language=language, embedder=embedder, progress=progress
    )
    return theme_of[of_text], names, second_of[of_text]


def _themed_unique(
    unique: Sequence[str],
    taxonomy: Sequence[Theme],
    *,
    labelled: Sequence[LabelledText] = (),
    language: Language,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> tuple[npt.NDArray[np.object_], dict[str, str], npt.NDArray[np.object_]]:
    """`_themed_arrays` of distinct texts."""
    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    keys, found = embed_and_assign(unique, taxonomy, embedder, labelled=labelled, progress=progress)
    found = set_apart(unique, keys, found, taxonomy, embedder, labelled=labelled)
    ids = np.array([*(theme.id for theme in taxonomy), None], dtype=object)  # index -1: no theme
    theme_of, second_of = ids[found.primary], ids[found.secondary]
    names = {theme.id: theme.label.zh if language == "zh" else theme.label.en for theme in taxonomy}
    unassigned = np.flatnonzero(found.primary < 0)
    left = unassigned[found.present[unassigned]]
    if len(left):
        leftover = [unique[i] for i in left.tolist()]
        memory = taxonomy_memory(embedder, taxonomy, labelled)
        discovery = memory.discovered(language, keys[left])  # the same leftover texts as an earlier answer
        if discovery is None:
            vectors = embedder.embed(leftover, keys=keys[left])  # only the texts discovery clusters
            metric = memory.metric(embedder) if taxonomy or labelled else None
            discovery = discover(leftover, np.asarray(vectors, dtype=np.float32), language=language, metric=metric)
            memory.remember_discovery(language, keys[left], discovery)
        prefix = NEW_PREFIX[language] if taxonomy else ""
        for theme in discovery.themes:
            names[theme.id] = prefix + (theme.label.zh if language == "zh" else theme.label.en)
        theme_of[left] = np.array(discovery.assignments, dtype=object)
    return theme_of, names, second_of


def shown_themes(assignments: npt.NDArray[np.object_], max_themes: int | None) -> set[str]:
    """The themes an answer names: the biggest `max_themes` (all when None), discovered ones only with at
    least MIN_DISCOVERED_TEXTS texts. Every other text is counted in "other"."""
    return _shown(Counter(assignments.tolist()), max_themes)


def _shown(counts: Mapping[str | None, int], max_themes: int | None) -> set[str]:
    """`shown_themes` from the number of texts of each theme (None and "other" are never shown)."""
    ranked = [
        theme
        for theme, count in sorted(
            ((theme, count) for theme, count in counts.items() if count and theme is not None and theme != OTHER_ID),
            key=lambda item: (-item[1], item[0]),
        )
        if count >= MIN_DISCOVERED_TEXTS or not theme.startswith("discovered_")
    ]
    return set(ranked if max_themes is None else ranked[: max(max_themes, 0)])


def clip(texts: Sequence[object]) -> list[str]:
    """Texts cut to MAX_TEXT_CHARS, which bounds the work a pasted novel can cause ("" for a missing one)."""
    return [text[:MAX_TEXT_CHARS] if isinstance(text, str) else "" for text in texts]


def clip_column(column: pd.Series) -> list[str]:
    """`clip` of a column of texts, without a Python step per text when they are all strings (the usual case)."""
    column = column.fillna("")
    try:
        lengths = column.str.len()  # NaN for a value that is not a string
    except AttributeError:  # no string in the column at all
        return clip(column.tolist())
    if lengths.isna().any():
        return clip(column.tolist())
    if len(lengths) and int(lengths.max()) > MAX_TEXT_CHARS:
        column = column.str.slice(0, MAX_TEXT_CHARS)
    texts: list[str] = column.tolist()
    return texts


def summarize_themes(
    texts: Sequence[str],
    assignments: npt.NDArray[np.object_],
    labels: dict[str, str],
    *,
    taxonomy: Sequence[Theme],
    labelled: Sequence[LabelledText] = (),
    language: Language,
    text_languages: npt.NDArray[np.object_],
    max_themes: int | None,
    embedder: Embedder,
) -> list[ReportTheme]:
    """Count, share, keywords and typical quotes of the themes of `texts`, biggest first (ties by id), and
    last the "other" entry holding every text of no shown theme (None counts as other): the counts add up
    to the number of texts, the shares to 1."""
    codes, ids = pd.factorize(np.asarray(assignments, dtype=object), use_na_sentinel=False)
    theme_ids: list[str | None] = [theme if isinstance(theme, str) else None for theme in ids.tolist()]
    if max_themes is not None:
        counts = np.bincount(codes, minlength=len(theme_ids))
        ranked = sorted(
            ((theme, int(counts[c])) for c, theme in enumerate(theme_ids) if theme is not None and theme != OTHER_ID),
            key=lambda item: (-item[1], item[0]),
        )
        kept = {theme for theme, _ in ranked[: max(max_themes, 0)]}
        codes = np.where(np.array([theme in kept for theme in theme_ids], dtype=bool)[codes], codes, len(theme_ids))
        theme_ids.append(OTHER_ID)
    return _summaries(
        texts,
        np.asarray(codes, dtype=np.intp),
        theme_ids,
        labels,
        taxonomy=taxonomy,
        labelled=labelled,
        language=language,
        preferred=np.asarray(text_languages == language, dtype=bool),
        embedder=embedder,
    )


def _summaries(
    texts: Sequence[str],
    codes: npt.NDArray[np.intp],
    theme_ids: Sequence[str | None],
    labels: dict[str, str],
    *,
    taxonomy: Sequence[Theme],
    labelled: Sequence[LabelledText],
    language: Language,
    preferred: npt.NDArray[np.bool_],
    embedder: Embedder,
) -> list[ReportTheme]:
    """`summarize_themes` of texts whose themes are `theme_ids[codes[i]]` (None and "other": other), with
    `preferred` marking the texts in the report language."""
    counts = np.bincount(codes, minlength=len(theme_ids)) if len(codes) else np.zeros(len(theme_ids), dtype=np.intp)
    is_other = np.array([theme is None or theme == OTHER_ID for theme in theme_ids], dtype=bool)
    ranked = sorted(
        ((str(theme), int(counts[c])) for c, theme in enumerate(theme_ids) if counts[c] and not is_other[c]),
        key=lambda item: (-item[1], item[0]),
    )
    code_of = {str(theme): c for c, theme in enumerate(theme_ids) if not is_other[c]}
    others = int(counts[is_other].sum())
    if others:
        ranked.append((OTHER_ID, others))
        labels = {**labels, OTHER_ID: labels.get(OTHER_ID, OTHER_LABEL[language])}
    if not ranked:
        return []
    rows = texts if isinstance(texts, _RowTexts) else _RowTexts(list(texts), np.arange(len(texts), dtype=np.intp))
    background = TermStats.of(rows)
    matcher = taxonomy_memory(embedder, taxonomy, labelled).matcher if taxonomy else None
    index_of = {theme.id: index for index, theme in enumerate(taxonomy)}
    summaries: list[ReportTheme] = []
    for theme_id, count in ranked:
        members = np.flatnonzero(is_other[codes] if theme_id == OTHER_ID else codes == code_of[theme_id])
        group = rows.take(members)
        summaries.append(
            ReportTheme(
                id=theme_id,
                label=labels.get(theme_id, theme_id),
                count=count,
                share=count / len(texts),
                keywords=theme_keywords(group, background, matcher, index_of.get(theme_id), language=language),
                examples=_examples(group, preferred[members], embedder=embedder),
            )
        )
    return summaries


def theme_keywords(
    group: Sequence[str],
    background: TermStats,
    matcher: KeywordMatcher | None,
    theme: int | None,
    *,
    language: Language,
) -> list[str]:
    """Up to KEYWORDS terms of a theme's texts: for a taxonomy theme its keywords found most often (in the
    report language first), then the texts' own most distinctive terms."""
    chosen: list[str] = []
    if matcher is not None and theme is not None:
        found = Counter(
            keyword
            for text in spread(group, MAX_GROUP_TEXTS)
            for keyword in {found.text for found in matcher.keywords_in(text) if theme in found.themes}
        )
        ranked = sorted(found.items(), key=lambda item: (has_cjk(item[0]) != (language == "zh"), -item[1], item[0]))
        chosen = [keyword for keyword, _ in ranked[:MATCHED_KEYWORDS]]
    for term in distinctive_terms(group, background, language=language, limit=KEYWORDS + len(chosen)):
        if len(chosen) == KEYWORDS:
            break
        if not any(overlaps(term, other) for other in chosen):
            chosen.append(term)
    return chosen


def typical_examples(
    texts: Sequence[str], languages: npt.NDArray[np.object_], *, language: Language, embedder: Embedder
) -> list[str]:
    """Up to EXAMPLES safe quotes of typical texts, in the report language first (the other language fills
    up when there are too few)."""
    rows = _RowTexts(list(texts), np.arange(len(texts), dtype=np.intp))
    return _examples(rows, np.asarray(languages == language, dtype=bool), embedder=embedder)


def _examples(texts: _RowTexts, preferred: npt.NDArray[np.bool_], *, embedder: Embedder) -> list[str]:
    """`typical_examples` of texts of which `preferred` marks those in the report language."""
    picked = _typical(texts.take(np.flatnonzero(preferred)), EXAMPLES, embedder)
    if len(picked) < EXAMPLES:
        picked += _typical(texts.take(np.flatnonzero(~preferred)), EXAMPLES - len(picked), embedder)
    return [quote(text) for text in picked]


def _typical(texts: Sequence[str], limit: int, embedder: Embedder) -> list[str]:
    """The text closest to the centroid of `texts` (their embeddings, already cached), then the next closest
    ones that are not near-copies of one already picked (cosine above MAX_EXAMPLE_SIMILARITY), up to `limit`."""
    pool = list(dict.fromkeys(text for text in spread(texts, EXAMPLE_CANDIDATES) if text.strip()))
    if not pool or limit <= 0:
        return []
    vectors = embedder.embed(pool)
    centroid = vectors.mean(axis=0)
    typicality = vectors @ (centroid / max(float(np.linalg.norm(centroid)), 1e-12))
    picked: list[int] = []
    for index in sorted(range(len(pool)), key=lambda i: (-float(typicality[i]), i)):
        if picked and float((vectors[picked] @ vectors[index]).max()) > MAX_EXAMPLE_SIMILARITY:
            continue
        picked.append(index)
        if len(picked) == limit:
            break
    return [pool[index] for index in picked]


@dataclass(frozen=True)
class _Shares:
    counts: Counter[str]
    total: int

    def share(self, theme_id: str) -> float:
        return self.counts[theme_id] / self.total if self.total else 0.0


def _shares(assignments: npt.NDArray[np.object_]) -> _Shares:
    return _Shares(Counter(OTHER_ID if theme is None else theme for theme in assignments), len(assignments))


def _code_shares(codes: npt.NDArray[np.intp], theme_ids: Sequence[str | None]) -> _Shares:
    """`_shares` of texts whose themes are `theme_ids[codes[i]]`."""
    counts: Counter[str] = Counter()
    for code, count in enumerate(np.bincount(codes, minlength=len(theme_ids)).tolist()):
        if count:
            theme = theme_ids[code]
            counts[OTHER_ID if theme is None else theme] += count
    return _Shares(counts, len(codes))


def _in_language(
    frame: pd.DataFrame, texts: _RowTexts, rows: npt.NDArray[np.intp], language: Language
) -> npt.NDArray[np.bool_]:
    """Whether each of the texts in `rows` is in `language`: the `language` column where it says en/zh, else
    by script."""
    if "language" not in frame:
        return np.array([has_cjk(texts[i]) == (language == "zh") for i in rows.tolist()], dtype=bool)
    given = frame["language"]
    if not isinstance(given.dtype, pd.StringDtype):
        given = given.astype(object)
    said = given.iloc[rows]
    english = np.array((said == "en").to_numpy(dtype=bool, na_value=False), dtype=bool)
    chinese = np.array((said == "zh").to_numpy(dtype=bool, na_value=False), dtype=bool)
    preferred = chinese if language == "zh" else english
    unsaid = np.flatnonzero(~(english | chinese))
    if len(unsaid):
        preferred[unsaid] = [has_cjk(texts[i]) == (language == "zh") for i in rows[unsaid].tolist()]
    return preferred
