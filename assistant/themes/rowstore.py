"""The texts' rows kept on disk beside the embedding cache, so a new process reads them instead of computing them.

A text's row (its probability per listed theme, its closeness to its most probable theme's training texts and to
the "none" texts, whether it has a vector; memory.py) depends on the text and the classifier only, and is exact
(classifier.py): a stored row is the very row a computation gives. A process remembers rows per text (memory.py);
without this store its first theme answer computes the rows of every text of its population, mostly their
character n-grams (round 6: 8-13 s for the 65k texts of the large warehouse's English headline).

Layout: `<cache folder>/classifiers/<digest>.rows/shard-….rows.npy` (float64, one row per text: the probabilities,
then support, "none" support and 1.0 for a text with a vector) and `….keys.npy` (the texts' uint64 cache keys,
embeddings.py), written as shards like the embedding cache (shards.py), so a reader sees whole shards only.
The digest covers every array of the classifier (weights, bias, n-grams and their idf and weights, the training
texts' vectors), the source of classifier.py (how rows are computed from them) and
ROWS_FORMAT: a refitted or edited classifier reads another folder and never an old row.

`chatbi index` stores the rows of every text it indexes; an answer stores the rows it had to compute when they
are at least MIN_SHARD_ROWS (fewer are cheap to compute again and would only add small shards).
Rows stored are read by the next process; an answer's JSON is byte-identical either way.
"""

from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.themes import classifier as classifier_module
from assistant.themes.classifier import ThemeClassifier
from assistant.themes.shards import Keys, ShardedArrays

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

    def __post_init__(self) -> None:
        self._shards = ShardedArrays(self.folder, "rows", self.columns, np.float64)
        self._shards.refresh()

    @classmethod
    def open(cls, cache_folder: Path, classifier: ThemeClassifier) -> RowStore:
        themes = classifier.weights.shape[1] - int(classifier.has_none)
        return cls(cache_folder / "classifiers" / f"{classifier_digest(classifier)}.rows", themes + 3)

    def __len__(self) -> int:
        return len(self._shards)

    def refresh(self) -> None:
        """Read the keys of shards written since the last look (by this or another process)."""
        self._shards.refresh()

    def lookup(self, keys: Keys) -> tuple[npt.NDArray[np.bool_], Rows]:
        """Which keys have a stored row, and the rows (zeros for the others)."""
        out = np.zeros((len(keys), self.columns))
        return self._shards.lookup(keys, out), out

    def add(self, keys: Keys, rows: Rows) -> None:
        """Keep rows as a new shard (nothing when the folder cannot be written)."""
        if not len(keys) or not self.writable:
            return
        try:
            self._shards.write(keys, rows)
        except OSError:
            self.writable = False
