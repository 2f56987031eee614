"""The texts' rows kept on disk beside the embedding cache, so a new process reads them instead of computing them.

A text's row (its probability per listed theme, its closeness to its most probable theme's training texts and to
the "none" texts, whether it has a vector; memory.py) depends on the text and the classifier only, and is exact
(classifier.py): a stored row is the very row a computation gives. A process remembers rows per text (memory.py);
without this store its first theme answer computes the rows of every text of its population, mostly their
character n-grams (round 6: 8-13 s for the 65k texts of the large warehouse's English headline).

Layout: `<cache folder>/classifiers/<digest>.rows/shard-….rows.npy` (float64, one row per text: the probabilities,
then support, "none" support and 1.0 for a text with a vector) and `….keys.npy` (the texts' uint64 cache keys,
embeddings.py), written like the embedding shards (temporary name, fsync, rename, keys last), so a reader sees
whole shards only. The digest covers every array of the classifier (weights, bias, n-grams and their idf and
weights, the training texts' vectors), the source of classifier.py (how rows are computed from them) and
ROWS_FORMAT: a refitted or edited classifier reads another folder and never an old row.

`chatbi index` stores the rows of every text it indexes; an answer stores the rows it had to compute when they
are at least MIN_SHARD_ROWS (fewer are cheap to compute again and would only add small shards).
Rows stored are read by the next process; an answer's JSON is byte-identical either way.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.themes import classifier as classifier_module
from assistant.themes.classifier import ThemeClassifier
from assistant.themes.embeddings import Keys

ROWS_FORMAT = "1"
# An answer computing fewer new rows keeps them in memory only: they take a few seconds at most to compute again
# (about 0.3 s per 1,000 texts), and small shards would pile up. More than any small demo warehouse's texts.
MIN_SHARD_ROWS = 16_384

Rows = npt.NDArray[np.float64]


def classifier_digest(classifier: ThemeClassifier) -> str:
    """A digest of everything a text's row is computed from, besides the text (module docstring)."""
    digest = hashlib.blake2b(f"rows|{ROWS_FORMAT}|".encode(), digest_size=16)
    digest.update(inspect.getsource(classifier_module).encode("utf-8"))
    arrays = [classifier.weights, classifier.bias, np.array(classifier.has_none), *classifier.prototypes]
    arrays.append(classifier.none_prototypes)
    if classifier.terms is not None:
        arrays += [classifier.terms.idf, classifier.terms.weights]
        digest.update("\x00".join(classifier.terms.ngrams).encode("utf-8", "surrogatepass"))
    for array in arrays:
        digest.update(f"|{array.dtype}|{array.shape}|".encode())
        digest.update(np.ascontiguousarray(array).tobytes())
    return digest.hexdigest()


@dataclass
class RowStore:
    """The stored rows of one classifier in one folder (`columns` floats per text)."""

    folder: Path
    columns: int
    writable: bool = True
    _names: set[str] = field(default_factory=set)
    # sorted keys, where each key's row is (shard number in the high 32 bits, row in the low ones), the shards
    _index: tuple[Keys, npt.NDArray[np.int64], tuple[Rows, ...]] = (
        np.zeros(0, dtype=np.uint64),
        np.zeros(0, dtype=np.int64),
        (),
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, cache_folder: Path, classifier: ThemeClassifier) -> RowStore:
        themes = classifier.weights.shape[1] - int(classifier.has_none)
        folder = cache_folder / "classifiers" / f"{classifier_digest(classifier)}.rows"
        store = cls(folder, themes + 3, writable=True)
        store.refresh()
        return store

    def __len__(self) -> int:
        return len(self._index[0])

    def refresh(self) -> None:
        """Read the keys of shards written since the last look (by this or another process)."""
        if not self.folder.is_dir():
            return
        with self._lock:
            new = sorted(p.name[: -len(".keys.npy")] for p in self.folder.glob("*.keys.npy"))
            new = [name for name in new if name not in self._names]
            if not new:
                return
            old_keys, old_where, old_shards = self._index
            keys, where, shards = [old_keys], [old_where], list(old_shards)
            for name in new:
                try:
                    shard_keys = np.load(self.folder / f"{name}.keys.npy")
                    rows = np.load(self.folder / f"{name}.rows.npy", mmap_mode="r")
                except (OSError, ValueError):
                    continue  # unreadable: its rows are computed again
                if rows.shape != (len(shard_keys), self.columns) or rows.dtype != np.float64:
                    continue
                self._names.add(name)
                keys.append(shard_keys.astype(np.uint64))
                where.append((len(shards) << 32) + np.arange(len(shard_keys), dtype=np.int64))
                shards.append(rows)
            all_keys = np.concatenate(keys)
            order = np.argsort(all_keys, kind="stable")
            # One assignment: a lookup running meanwhile reads either the old index or the new one, whole.
            self._index = (all_keys[order], np.concatenate(where)[order], tuple(shards))

    def lookup(self, keys: Keys) -> tuple[npt.NDArray[np.bool_], Rows]:
        """Which keys have a stored row, and the rows (zeros for the others)."""
        out = np.zeros((len(keys), self.columns))
        stored_keys, where, shards = self._index
        if not len(stored_keys) or not len(keys):
            return np.zeros(len(keys), dtype=bool), out
        at = np.minimum(np.searchsorted(stored_keys, keys), len(stored_keys) - 1)
        found = stored_keys[at] == keys
        hits = np.flatnonzero(found)
        place = where[at[hits]]
        shard_of, row_of = place >> 32, place & 0xFFFFFFFF
        for shard in np.unique(shard_of).tolist():
            own = np.flatnonzero(shard_of == shard)
            order = own[np.argsort(row_of[own])]  # memory maps read fastest in file order
            out[hits[order]] = shards[shard][row_of[order]]
        return found, out

    def add(self, keys: Keys, rows: Rows) -> None:
        """Keep rows as a new shard (nothing when the folder cannot be written)."""
        if not len(keys) or not self.writable:
            return
        name = f"shard-{time.time_ns():020d}-{os.getpid()}-{threading.get_ident() % 100_000:05d}"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(self.folder / f"{name}.rows.npy", np.ascontiguousarray(rows, dtype=np.float64))
            _write(self.folder / f"{name}.keys.npy", np.ascontiguousarray(keys, dtype=np.uint64))
        except OSError:
            self.writable = False
            return
        self.refresh()


def _write(path: Path, array: npt.NDArray[np.generic]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        np.save(handle, array)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
