"""The themes stage (DESIGN.md §3 `themes`): what a population of free texts is about.

Texts are embedded with a multilingual sentence encoder (encoder.py; cached on disk, embeddings.py) and
assigned to the model's theme taxonomy by a classifier learnt from labelled texts (classifier.py, semantic.py); texts no listed theme fits are
clustered into discovered themes across languages (discovery.py); the focus population's themes are measured:
counts, shares, keywords, typical quotes, change against the previous period and lift against a comparison
population, with one "other" entry so the counts add up to the texts. English and Chinese; deterministic;
no network.

Importing this package is cheap: the embedding model, jieba's dictionary and scikit-learn load on first use
(`warm_up` loads them ahead of time, e.g. when a server starts).
"""

from __future__ import annotations

from assistant.themes import features, terms, tokens
from assistant.themes.analysis import analyze_population
from assistant.themes.discovery import Discovery, discover_themes
from assistant.themes.files import themes_for_file
from assistant.themes.taxonomy import assign_themes, assign_with_secondary
from assistant.themes.tokens import warm_up

__all__ = [
    "Discovery",
    "analyze_population",
    "assign_themes",
    "assign_with_secondary",
    "clear_caches",
    "discover_themes",
    "themes_for_file",
    "warm_up",
]


def clear_caches() -> None:
    """Empty the per-sentence tokenization caches and forget the per-text theme rows (memory.py): for
    benchmarks of the cold path, or to give memory back."""
    from assistant.themes import memory

    memory.forget()
    for cached in (
        tokens.tokenize_sentence,
        tokens.chinese_words,
        tokens.stem,
        tokens.word_tokens,
        features.sentence_terms,
        terms.surface_terms,
    ):
        cached.cache_clear()
