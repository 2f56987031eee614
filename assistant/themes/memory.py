"""What a process remembers about each text it has themed: the figures that depend on the text, the taxonomy
and the model only, never on the population the text is in.

Per text: its embedding-cache key (embeddings.py), its probability row (one probability per theme,
classifier.py), and whether it has a vector at all. A server answers many questions over the same texts, so
these are computed once per process: a warm answer hashes its texts and reads these rows; it reads vectors
only for the texts discovery clusters and those it quotes, and computes nothing per text against the
taxonomy. A row not remembered yet is read from the rows stored beside the embedding cache (rowstore.py) when
there, else computed. The latest discoveries are remembered too (by their texts' keys and the report language),
so a repeated question does not cluster its leftover texts again, and so are the texts of the latest populations
set apart as a topic of their own (novelty.py), which do depend on the population.

The rows are kept per embedder (model and cache folder) and per taxonomy: the taxonomy's fingerprint covers
every field of every theme (ids, labels, descriptions, examples, keywords) and the labelled examples, so an
edited taxonomy gets fresh rows, and an embedder with another model version is another embedder.

Texts are found by their Python hash (64 bits, seeded per process) and length, in sorted arrays: no Python
object is kept per text. Two different texts would have to agree on both to be confused (about one chance in
10^11 among MAX_TEXTS texts, against about one in 10^7 for the on-disk cache's own 64-bit keys).

Memory is bounded: a table holds at most MAX_TEXTS texts at (41 + 8 × themes) bytes each (hash, length,
cache key and the two closenesses 8 bytes each, a flag, a float64 row), about 61 MB at ten themes when full, twice that for a
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

from assistant.themes import rowstore
from assistant.themes.classifier import ThemeClassifier, classifier_for
from assistant.themes.discovery import Discovery
from assistant.themes.embeddings import Embedder, Progress, text_keys
from assistant.themes.keywords import KeywordMatcher
from assistant.themes.metric import DiscoveryMetric, metric_for
from assistant.themes.rowstore import RowStore
from assistant.themes.shards import Keys
from semantic_layer.model import LabelledText, Theme

MAX_TEXTS = 500_000  # texts remembered per embedder and taxonomy
MAX_TAXONOMIES = 4  # taxonomies remembered per embedder
MAX_DISCOVERIES = 16  # discovery results remembered per embedder and taxonomy (the latest ones)

Scores = npt.NDArray[np.float64]


@dataclass(frozen=True)
class TextRows:
    """Per text (same order as the texts asked for): cache key, probability row, support of its most
    probable theme and its closeness to the "none" texts (classifier.py), and whether the text has a vector
    (a text without a letter or digit has none)."""

    keys: Keys
    probability: Scores
    support: npt.NDArray[np.float64]
    present: npt.NDArray[np.bool_]
    none_support: npt.NDArray[np.float64]

    @classmethod
    def empty(cls, texts: int, themes: int) -> TextRows:
        return cls(
            np.zeros(texts, dtype=np.uint64),
            np.zeros((texts, themes)),
            np.zeros(texts),
            np.zeros(texts, dtype=bool),
            np.zeros(texts),
        )

    def take(self, rows: npt.NDArray[np.intp]) -> TextRows:
        return TextRows(
            self.keys[rows], self.probability[rows], self.support[rows], self.present[rows], self.none_support[rows]
        )


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
        rows.probability[missing] = 0
        rows.support[missing] = 0
        rows.none_support[missing] = 0
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
                    np.concatenate([table.rows.probability, added.probability])[order],
                    np.concatenate([table.rows.support, added.support])[order],
                    np.concatenate([table.rows.present, added.present])[order],
                    np.concatenate([table.rows.none_support, added.none_support])[order],
                ),
            )


class TaxonomyMemory:
    """What a process keeps for one embedder and one taxonomy: the texts' rows, the compiled keywords and the
    taxonomy's classifier and discovery metric."""

    def __init__(self, taxonomy: Sequence[Theme], labelled: Sequence[LabelledText] = ()) -> None:
        self.taxonomy = tuple(taxonomy)
        self.labelled = tuple(labelled)
        self.texts = TextMemory(len(taxonomy))
        self._lock = threading.Lock()
        self._matcher: KeywordMatcher | None = None
        self._classifier: ThemeClassifier | None = None
        self._metric: tuple[DiscoveryMetric | None] | None = None
        self._rows: tuple[RowStore | None] | None = None
        self._discoveries: OrderedDict[bytes, Discovery] = OrderedDict()
        self._spread: npt.NDArray[np.float64] | None = None
        self._set_apart: OrderedDict[bytes, npt.NDArray[np.int64]] = OrderedDict()
        self._discoveries_lock = threading.Lock()  # not the loading lock: a fit must not hold up a lookup

    @property
    def matcher(self) -> KeywordMatcher:
        if self._matcher is None:
            with self._lock:
                if self._matcher is None:
                    self._matcher = KeywordMatcher.build(self.taxonomy)
        return self._matcher

    def classifier(self, embedder: Embedder) -> ThemeClassifier:
        """The taxonomy's classifier (classifier.py), loaded or fitted once."""
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    self._classifier = classifier_for(embedder, self.taxonomy, self.labelled)
        return self._classifier

    def metric(self, embedder: Embedder) -> DiscoveryMetric | None:
        """The similarity discovery compares texts by (metric.py), loaded or learnt once; None when the
        taxonomy and its labelled texts teach none."""
        if self._metric is None:
            with self._lock:
                if self._metric is None:
                    self._metric = (metric_for(embedder, self.taxonomy, self.labelled),)
        return self._metric[0]

    def spread(self, embedder: Embedder) -> npt.NDArray[np.float64]:
        """Per theme, how close its training texts are to each other (novelty.spread), computed once."""
        if self._spread is None:
            prototypes = self.classifier(embedder).prototypes
            with self._lock:
                if self._spread is None:
                    from assistant.themes.novelty import spread  # novelty.py reads this module's memories

                    self._spread = spread(prototypes)
        return self._spread

    def row_store(self, embedder: Embedder) -> RowStore | None:
        """The rows of this taxonomy's classifier kept beside the embedding cache (rowstore.py); None without a
        taxonomy or a cache folder."""
        if self._rows is None:
            classifier = self.classifier(embedder) if self.taxonomy else None
            with self._lock:
                if self._rows is None:
                    folder = embedder.cache_folder
                    store = RowStore.open(folder, classifier) if classifier is not None and folder else None
                    self._rows = (store,)
        return self._rows[0]

    def compute(
        self,
        embedder: Embedder,
        texts: Sequence[str],
        progress: Progress | None = None,
        *,
        store_from: int | None = None,
    ) -> TextRows:
        """The rows of `texts`, not from this memory: read from the row store when kept there, else computed
        from the texts' vectors (and kept in the store when there are `store_from` of them or more; default
        rowstore.MIN_SHARD_ROWS)."""
        keys = text_keys(texts)
        themes = len(self.taxonomy)
        out = TextRows.empty(len(texts), themes)
        out.keys[:] = keys
        todo = np.arange(len(texts))
        store = self.row_store(embedder)
        if store is not None:
            found, stored = store.lookup(keys)
            if not found.all():
                store.refresh()  # another process may have stored them meanwhile
                found, stored = store.lookup(keys)
            out.probability[found] = stored[found, :themes]
            out.support[found] = stored[found, themes]
            out.none_support[found] = stored[found, themes + 1]
            out.present[found] = stored[found, themes + 2] > 0
            todo = np.flatnonzero(~found)
        if not len(todo):
            return out
        new = [texts[i] for i in todo.tolist()]
        vectors = embedder.embed(new, keys=keys[todo], progress=progress)
        if self.taxonomy:
            classifier = self.classifier(embedder)
            probability = classifier.probabilities(vectors, new)
            out.probability[todo] = probability
            out.support[todo] = classifier.support(vectors, probability.argmax(axis=1))
            out.none_support[todo] = classifier.none_support(vectors)
        out.present[todo] = vectors.any(axis=1)
        if store is not None and len(todo) >= (rowstore.MIN_SHARD_ROWS if store_from is None else store_from):
            computed = out.take(todo)
            packed = np.column_stack(
                [computed.probability, computed.support, computed.none_support, computed.present.astype(np.float64)]
            )
            store.add(computed.keys, packed)
        return out

    def discovered(self, language: str, keys: Keys) -> Discovery | None:
        """The discovery of the texts with these cache keys (in this order) in `language`, when remembered."""
        digest = _discovery_key(language, keys)
        with self._discoveries_lock:
            found = self._discoveries.get(digest)
            if found is not None:
                self._discoveries.move_to_end(digest)
            return found

    def remember_discovery(self, language: str, keys: Keys, discovery: Discovery) -> None:
        """Keep the discovery of the texts with these cache keys: it depends on them (their order, texts and
        vectors), the report language and the taxonomy's metric only, and is seeded, so the same texts get the
        same themes again (a repeated question skips the clustering). The latest MAX_DISCOVERIES are kept."""
        digest = _discovery_key(language, keys)
        with self._discoveries_lock:
            self._discoveries[digest] = discovery
            self._discoveries.move_to_end(digest)
            while len(self._discoveries) > MAX_DISCOVERIES:
                self._discoveries.popitem(last=False)

    def set_apart(self, keys: Keys) -> npt.NDArray[np.int64] | None:
        """The rows novelty.py set apart in the population of texts with these cache keys (in this order), when
        remembered."""
        digest = _discovery_key("set apart", keys)
        with self._discoveries_lock:
            found = self._set_apart.get(digest)
            if found is not None:
                self._set_apart.move_to_end(digest)
            return found

    def remember_set_apart(self, keys: Keys, rows: npt.NDArray[np.int64]) -> None:
        """Keep the rows set apart in this population (they depend on its texts in order and the taxonomy only,
        and are seeded); the latest MAX_DISCOVERIES populations are kept."""
        digest = _discovery_key("set apart", keys)
        with self._discoveries_lock:
            self._set_apart[digest] = rows
            self._set_apart.move_to_end(digest)
            while len(self._set_apart) > MAX_DISCOVERIES:
                self._set_apart.popitem(last=False)


def _discovery_key(language: str, keys: Keys) -> bytes:
    digest = hashlib.blake2b(language.encode(), digest_size=16)
    digest.update(np.ascontiguousarray(keys, dtype=np.uint64).tobytes())
    return digest.digest()


def taxonomy_fingerprint(taxonomy: Sequence[Theme], labelled: Sequence[LabelledText] = ()) -> str:
    """A digest of every field of every theme and of every labelled example, in order.

    A model's taxonomy and labelled examples are the same list objects question after question: their digest
    is remembered by identity (the lists are kept alive with it, so an identity is never reused)."""
    key = (id(taxonomy), id(labelled))
    known = _FINGERPRINTS.get(key)
    if known is not None and known[0] is taxonomy and known[1] is labelled:
        return known[2]
    digest = hashlib.blake2b(digest_size=16)
    for item in [*taxonomy, *labelled]:
        digest.update(item.model_dump_json().encode("utf-8"))
        digest.update(b"\x00")
    fingerprint = digest.hexdigest()
    if isinstance(taxonomy, list | tuple) and isinstance(labelled, list | tuple):
        with _LOCK:
            if len(_FINGERPRINTS) >= MAX_TAXONOMIES * 4:
                _FINGERPRINTS.clear()
            _FINGERPRINTS[key] = (taxonomy, labelled, fingerprint)
    return fingerprint


_LOCK = threading.Lock()
_FINGERPRINTS: dict[tuple[int, int], tuple[object, object, str]] = {}
_memories: weakref.WeakKeyDictionary[Embedder, OrderedDict[str, TaxonomyMemory]] = weakref.WeakKeyDictionary()


def taxonomy_memory(
    embedder: Embedder, taxonomy: Sequence[Theme], labelled: Sequence[LabelledText] = ()
) -> TaxonomyMemory:
    """The process's memory for `taxonomy` (and its labelled examples) with `embedder` (created on first use)."""
    fingerprint = taxonomy_fingerprint(taxonomy, labelled)
    with _LOCK:
        tables = _memories.setdefault(embedder, OrderedDict())
        memory = tables.get(fingerprint)
        if memory is None:
            memory = tables[fingerprint] = TaxonomyMemory(taxonomy, labelled)
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
