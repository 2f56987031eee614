"""The themes stage (DESIGN.md §3 `themes`): what a population of free texts is about.

Texts are assigned to the model's theme taxonomy (keywords, extended by a classifier trained on the
confident matches), texts no listed theme fits are clustered into discovered themes (the English and
Chinese clusters of one theme joined through a bilingual dictionary), and the focus population's themes
are measured: counts, shares, keywords, typical quotes, change against the previous period and lift
against a comparison population. English and Chinese; deterministic; no network.

Importing this package is cheap: jieba's dictionary, scikit-learn and the bilingual dictionary of
discovery load on first use (`warm_up` loads them ahead of time, e.g. when a server starts).
"""

from __future__ import annotations

from assistant.themes import features, glossary, terms, tokens
from assistant.themes.analysis import analyze_population
from assistant.themes.discovery import Discovery, discover_themes
from assistant.themes.files import themes_for_file
from assistant.themes.taxonomy import assign_themes
from assistant.themes.tokens import warm_up

__all__ = [
    "Discovery",
    "analyze_population",
    "assign_themes",
    "clear_caches",
    "discover_themes",
    "themes_for_file",
    "warm_up",
]


def clear_caches() -> None:
    """Empty the per-sentence tokenization caches (for benchmarks, or to give memory back)."""
    for cached in (
        tokens.tokenize_sentence,
        tokens.chinese_words,
        tokens.stem,
        tokens.word_tokens,
        features.sentence_terms,
        terms.surface_terms,
        glossary.glosses,
    ):
        cached.cache_clear()
