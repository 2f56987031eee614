"""What a process remembers about each text it has themed: the figures that depend on the text, the taxonomy
and the model only, never on the population the text is in.

Per text: its embedding-cache key (embeddings.py), its keyword row (one score per theme, keywords.py) and its
prototype-similarity row (one score per theme, semantic.py), and whether it has a vector at all. A server
answers many questions over the same texts, so these are computed once per process: a warm answer hashes its
texts, reads these rows and the texts' vectors (for the steps that depend on the population: the centroids of
confirmed texts, discovery, quotes), and computes nothing per text against the taxonomy.

The rows are kept per embedder (model and cache folder) and per taxonomy: the taxonomy's fingerprint covers
every field of every theme (ids, labels, descriptions, examples, keywords), so an edited taxonomy gets fresh
rows, and an embedder with another model version is another embedder.

Texts are found by their Python hash (64 bits, seeded per process) and length, in sorted arrays: no Python
object is kept per text. Two different texts would have to agree on both to be confused (about one chance in
10^11 among MAX_TEXTS texts, against about one in 10^7 for the on-disk cache's own 64-bit keys).

Memory is bounded: a table holds at most MAX_TEXTS texts at (25 + 16 × themes) bytes each (hash, length and
cache key 8 bytes each, a flag, two float64 rows), about 93 MB at ten themes when full, twice that for a
moment while a batch is added; a batch that would pass the bound empties the table first. An embedder keeps
the tables of its MAX_TAXONOMIES most recently used taxonomies. The taxonomy's keyword matcher also
remembers the keywords found in up to keywords.MAX_REMEMBERED texts (those texts are kept).

Thread-safe: readers take the current table (one immutable snapshot) without a lock; writers build a new
snapshot under the lock and swap it in whole.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.themes.embeddings import Embedder, Keys
from assistant.themes.encoder import Vectors
from assistant.themes.keywords import KeywordMatcher
from semantic_layer.model import Theme

MAX_TEXTS = 500_000  # texts remembered per embedder and taxonomy
MAX_TAXONOMIES = 4  # taxonomies remembered per embedder

Scores = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TextRows:
    """Per text (same order as the texts asked for): cache key, keyword row, prototype-similarity row, and
    whether the text has a vector (a text without a letter or digit has none)."""

    keys: Keys
    keyword: Scores
    similarity: Scores
    present: npt.NDArray[np.bool_]

    @classmethod
    def empty(cls, texts: int, themes: int) -> TextRows:
        return cls(
            np.zeros(texts, dtype=np.uint64),
            np.zeros((texts, themes)),
            np.zeros((texts, themes)),
            np.zeros(texts, dtype=bool),
        )

    def take(self, rows: npt.NDArray[np.intp]) -> TextRows:
        return TextRows(self.keys[rows], self.keyword[rows], self.similarity[rows], self.present[rows])


@dataclass(frozen=True)
class _Table:
    hashes: npt.NDArray[np.int64]  # sorted
    lengths: npt.NDArray[np.int64]
    rows: TextRows


def text_ids(texts: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(Python hash, length) of each text."""
    count = len(texts)
    return (
        np.fromiter(map(hash, texts), dtype=np.int64, count=count),
        np.fromiter(map(len, texts), dtype=np.int64, count=count),
    )


class TextMemory:
    """The remembered rows of one taxonomy's texts."""

    def __init__(self, themes: int) -> None:
        self.themes = themes
        self._lock = threading.Lock()
        self._table = _Table(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), TextRows.empty(0, themes))

    def __len__(self) -> int:
        return len(self._table.hashes)

    def find(self, texts: Sequence[str]) -> tuple[npt.NDArray[np.bool_], TextRows]:
        """Which texts are remembered, and their rows (zero rows for the others)."""
        return self._find(self._table, *text_ids(texts))

    def _find(
        self, table: _Table, hashes: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.bool_], TextRows]:
        if not len(table.hashes):
            return np.zeros(len(hashes), dtype=bool), TextRows.empty(len(hashes), self.themes)
        at = np.minimum(np.searchsorted(table.hashes, hashes), len(table.hashes) - 1)
        found = (table.hashes[at] == hashes) & (table.lengths[at] == lengths)
        rows = table.rows.take(at)
        missing = ~found
        rows.keys[missing] = 0
        rows.keyword[missing] = 0
        rows.similarity[missing] = 0
        rows.present[missing] = False
        return found, rows

    def remember(self, texts: Sequence[str], rows: TextRows) -> None:
        """Keep the rows of `texts` (those not remembered yet; repeats once)."""
        hashes, lengths = text_ids(texts)
        with self._lock:
            table = self._table
            found, _ = self._find(table, hashes, lengths)
            new = np.flatnonzero(~found)
            _, first = np.unique(np.stack([hashes[new], lengths[new]]), axis=1, return_index=True)
            new = new[np.sort(first)][:MAX_TEXTS]
            if not len(new):
                return
            if len(table.hashes) + len(new) > MAX_TEXTS:
                table = _Table(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), TextRows.empty(0, self.themes))
            added = rows.take(new)
            all_hashes = np.concatenate([table.hashes, hashes[new]])
            order = np.argsort(all_hashes, kind="stable")
            self._table = _Table(
                all_hashes[order],
                np.concatenate([table.lengths, lengths[new]])[order],
                TextRows(
                    np.concatenate([table.rows.keys, added.keys])[order],
                    np.concatenate([table.rows.keyword, added.keyword])[order],
                    np.concatenate([table.rows.similarity, added.similarity])[order],
                    np.concatenate([table.rows.present, added.present])[order],
                ),
            )


class TaxonomyMemory:
    """What a process keeps for one embedder and one taxonomy: the texts' rows, the compiled keywords and the
    embeddings of the themes' descriptions and examples."""

    def __init__(self, taxonomy: Sequence[Theme]) -> None:
        self.taxonomy = tuple(taxonomy)
        self.texts = TextMemory(len(taxonomy))
        self._lock = threading.Lock()
        self._matcher: KeywordMatcher | None = None
        self._prototypes: list[Vectors] | None = None

    @property
    def matcher(self) -> KeywordMatcher:
        if self._matcher is None:
            with self._lock:
                if self._matcher is None:
                    self._matcher = KeywordMatcher.build(self.taxonomy)
        return self._matcher

    def prototypes(self, embedder: Embedder) -> list[Vectors]:
        """Per theme, the embeddings of its descriptions and examples (its labels when it has neither)."""
        if self._prototypes is None:
            found: list[Vectors] = []
            for theme in self.taxonomy:
                texts = [theme.description.en, theme.description.zh, *theme.examples.en, *theme.examples.zh]
                texts = [text for text in texts if text.strip()] or [theme.label.en, theme.label.zh]
                found.append(embedder.embed(texts))
            self._prototypes = found
        return self._prototypes


def taxonomy_fingerprint(taxonomy: Sequence[Theme]) -> str:
    """A digest of every field of every theme, in order."""
    digest = hashlib.blake2b(digest_size=16)
    for theme in taxonomy:
        digest.update(theme.model_dump_json().encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


_LOCK = threading.Lock()
_memories: weakref.WeakKeyDictionary[Embedder, OrderedDict[str, TaxonomyMemory]] = weakref.WeakKeyDictionary()


def taxonomy_memory(embedder: Embedder, taxonomy: Sequence[Theme]) -> TaxonomyMemory:
    """The process's memory for `taxonomy` with `embedder` (created on first use)."""
    fingerprint = taxonomy_fingerprint(taxonomy)
    with _LOCK:
        tables = _memories.setdefault(embedder, OrderedDict())
        memory = tables.get(fingerprint)
        if memory is None:
            memory = tables[fingerprint] = TaxonomyMemory(taxonomy)
            while len(tables) > MAX_TAXONOMIES:
                tables.popitem(last=False)
        tables.move_to_end(fingerprint)
        return memory


def forget(embedder: Embedder | None = None) -> None:
    """Drop what the process remembers (for one embedder, or all): for benchmarks and tests of the cold path."""
    with _LOCK:
        if embedder is None:
            _memories.clear()
        else:
            _memories.pop(embedder, None)
