"""Assign texts to the themes of a taxonomy (the library entry points; semantic.py holds the method).

English words a couple of edits away from a keyword word that is frequent in the same texts are corrected
before keywords are matched (spelling.py): "expensvie" counts as "expensive".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.themes.embeddings import Embedder
from assistant.themes.spelling import corrector, keyword_stems, spelling_corrections
from assistant.themes.tokens import Document, normalize, parse
from semantic_layer.model import Theme


def assign_themes(
    texts: Sequence[str], taxonomy: Sequence[Theme], embedder: Embedder | None = None
) -> list[str | None]:
    """The taxonomy theme id of each text, or None when it fits no listed theme."""
    return [primary for primary, _ in assign_with_secondary(texts, taxonomy, embedder)]


def assign_with_secondary(
    texts: Sequence[str], taxonomy: Sequence[Theme], embedder: Embedder | None = None
) -> Iterator[tuple[str | None, str | None]]:
    """(theme id or None, secondary theme id or None) of each text."""
    from assistant.themes.features import single_threaded
    from assistant.themes.semantic import embed_and_assign

    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    with single_threaded():
        _, found = embed_and_assign(texts, taxonomy, embedder)
    for primary, secondary in zip(found.primary.tolist(), found.secondary.tolist(), strict=True):
        yield (taxonomy[primary].id if primary >= 0 else None, taxonomy[secondary].id if secondary >= 0 else None)


def prepare_documents(texts: Sequence[str], taxonomy: Sequence[Theme]) -> list[Document]:
    """Tokenized texts, with English typos of the taxonomy's keyword words corrected."""
    normalized = [normalize(text) for text in texts]
    stems = keyword_stems(keyword for theme in taxonomy for keyword in theme.keywords.en)
    correct = corrector(spelling_corrections(normalized, stems) if stems else {})
    return [parse(correct(text)) for text in normalized]
