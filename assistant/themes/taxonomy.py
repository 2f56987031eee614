"""Assign texts to the themes of a taxonomy (the library entry points; semantic.py holds the method)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from assistant.themes.embeddings import Embedder
from semantic_layer.model import LabelledText, Theme


def assign_themes(
    texts: Sequence[str],
    taxonomy: Sequence[Theme],
    embedder: Embedder | None = None,
    *,
    labelled: Sequence[LabelledText] = (),
) -> list[str | None]:
    """The taxonomy theme id of each text, or None when it fits no listed theme."""
    return [primary for primary, _ in assign_with_secondary(texts, taxonomy, embedder, labelled=labelled)]


def assign_with_secondary(
    texts: Sequence[str],
    taxonomy: Sequence[Theme],
    embedder: Embedder | None = None,
    *,
    labelled: Sequence[LabelledText] = (),
    population: bool = False,
) -> Iterator[tuple[str | None, str | None]]:
    """(theme id or None, secondary theme id or None) of each text; with `population`, as an answer assigns the
    texts of one population: texts that make a topic of their own next to a listed theme get none
    (novelty.py)."""
    from assistant.themes.features import single_threaded
    from assistant.themes.semantic import embed_and_assign

    if embedder is None:
        from assistant.themes.engine import default_embedder

        embedder = default_embedder()
    with single_threaded():
        keys, found = embed_and_assign(texts, taxonomy, embedder, labelled=labelled)
        if population:
            from assistant.themes.novelty import set_apart

            found = set_apart(texts, keys, found, taxonomy, embedder, labelled=labelled)
    for primary, secondary in zip(found.primary.tolist(), found.secondary.tolist(), strict=True):
        yield (taxonomy[primary].id if primary >= 0 else None, taxonomy[secondary].id if secondary >= 0 else None)
