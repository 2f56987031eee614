"""Themes of a population of texts: assignment, discovery of the rest, then counts, shares, keywords,
typical quotes, change against the previous period and lift against a comparison population."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

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
    texts = clip_column(frame["text"]) if "text" in frame else []
    populations = (
        frame["population"].astype(str).to_numpy()
        if "population" in frame
        else np.full(len(texts), focus, dtype=object)
    )
    in_focus = populations == focus
    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    with single_threaded():
        assignments, labels, _ = _themed_arrays(
            texts, taxonomy, labelled=labelled, language=language, embedder=embedder
        )
        shown = shown_themes(assignments[in_focus], max_themes)
        kept = np.zeros(len(assignments), dtype=bool)
        for theme in shown:
            kept |= assignments == theme
        assignments = np.where(kept, assignments, OTHER_ID)
        labels[OTHER_ID] = OTHER_LABEL[language]
        summaries = summarize_themes(
            [texts[i] for i in np.flatnonzero(in_focus).tolist()],
            assignments[in_focus],
            labels,
            taxonomy=taxonomy,
            labelled=labelled,
            language=language,
            text_languages=_text_languages(frame, texts, in_focus),
            max_themes=None,
            embedder=embedder,
        )
    previous_shares = _shares(assignments[populations == previous]) if previous is not None else None
    comparison_shares = _shares(assignments[populations == comparison]) if comparison is not None else None
    for summary in summaries:
        if previous_shares is not None and previous_shares.total:
            summary.change_vs_previous = summary.share - previous_shares.share(summary.id)
        if comparison_shares is not None and comparison_shares.share(summary.id) > 0:
            summary.lift_vs_comparison = summary.share / comparison_shares.share(summary.id)
    authors = None
    if "author" in frame:
        authors = int(frame.loc[in_focus, "author"].dropna().nunique())
    return ThemeReport(
        themes=summaries,
        texts=int(in_focus.sum()),
        authors=authors,
        focus_label=focus,
        comparison_label=comparison,
        comparison_texts=int((populations == comparison).sum()) if comparison is not None else None,
        previous_texts=int((populations == previous).sum()) if previous is not None else None,
    )


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
    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    unique = list(dict.fromkeys(texts))
    position = {text: i for i, text in enumerate(unique)}
    of_text = np.fromiter(map(position.__getitem__, texts), dtype=np.intp, count=len(texts))
    keys, found = embed_and_assign(unique, taxonomy, embedder, labelled=labelled, progress=progress)
    ids = np.array([*(theme.id for theme in taxonomy), None], dtype=object)  # index -1: no theme
    theme_of, second_of = ids[found.primary], ids[found.secondary]
    names = {theme.id: theme.label.zh if language == "zh" else theme.label.en for theme in taxonomy}
    unassigned = np.flatnonzero(found.primary < 0)
    left = unassigned[found.present[unassigned]]
    if len(left):
        leftover = [unique[i] for i in left.tolist()]
        vectors = embedder.embed(leftover, keys=keys[left])  # only the texts discovery clusters
        metric = taxonomy_memory(embedder, taxonomy, labelled).metric(embedder) if taxonomy or labelled else None
        discovery = discover(leftover, vectors.astype(np.float32), language=language, metric=metric)
        prefix = NEW_PREFIX[language] if taxonomy else ""
        for theme in discovery.themes:
            names[theme.id] = prefix + (theme.label.zh if language == "zh" else theme.label.en)
        theme_of[left] = np.array(discovery.assignments, dtype=object)
    return theme_of[of_text], names, second_of[of_text]


def shown_themes(assignments: npt.NDArray[np.object_], max_themes: int | None) -> set[str]:
    """The themes an answer names: the biggest `max_themes` (all when None), discovered ones only with at
    least MIN_DISCOVERED_TEXTS texts. Every other text is counted in "other"."""
    counts = Counter(theme for theme in assignments if theme is not None and theme != OTHER_ID)
    ranked = [
        theme
        for theme, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
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
    assignments = np.array([OTHER_ID if theme is None else theme for theme in assignments.tolist()], dtype=object)
    counts = Counter(theme for theme in assignments if theme != OTHER_ID)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    if max_themes is not None:
        kept = dict(ranked[: max(max_themes, 0)])
        assignments = np.array([theme if theme in kept else OTHER_ID for theme in assignments], dtype=object)
        ranked = ranked[: max(max_themes, 0)]
    others = int((assignments == OTHER_ID).sum())
    if others:
        ranked.append((OTHER_ID, others))
        labels = {**labels, OTHER_ID: labels.get(OTHER_ID, OTHER_LABEL[language])}
    if not ranked:
        return []
    background = TermStats.of(texts)
    matcher = taxonomy_memory(embedder, taxonomy, labelled).matcher if taxonomy else None
    index_of = {theme.id: index for index, theme in enumerate(taxonomy)}
    summaries: list[ReportTheme] = []
    for theme_id, count in ranked:
        members = np.flatnonzero(assignments == theme_id)
        group = [texts[i] for i in members.tolist()]
        summaries.append(
            ReportTheme(
                id=theme_id,
                label=labels.get(theme_id, theme_id),
                count=count,
                share=count / len(texts),
                keywords=theme_keywords(group, background, matcher, index_of.get(theme_id), language=language),
                examples=typical_examples(group, text_languages[members], language=language, embedder=embedder),
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
    preferred = [text for text, lang in zip(texts, languages, strict=True) if lang == language]
    others = [text for text, lang in zip(texts, languages, strict=True) if lang != language]
    picked = _typical(preferred, EXAMPLES, embedder)
    if len(picked) < EXAMPLES:
        picked += _typical(others, EXAMPLES - len(picked), embedder)
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


def _text_languages(frame: pd.DataFrame, texts: Sequence[str], rows: npt.NDArray[np.bool_]) -> npt.NDArray[np.object_]:
    """The language of each of the texts in `rows`: the `language` column where it says en/zh, else by script."""
    chosen = np.flatnonzero(rows)
    given = frame["language"].to_numpy()[chosen].tolist() if "language" in frame else [None] * len(chosen)
    return np.array(
        [
            lang if lang in ("en", "zh") else ("zh" if has_cjk(texts[i]) else "en")
            for lang, i in zip(given, chosen.tolist(), strict=True)
        ],
        dtype=object,
    )
