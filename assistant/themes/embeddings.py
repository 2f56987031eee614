"""Text embeddings computed once per text and kept on disk beside the warehouse (which stays read-only).

Layout: `<folder>/<model version>/` holds shards (shards.py): `<name>.vectors.npy` (float16 rows) and then
`<name>.keys.npy` (uint64 text hashes, the commit marker), so a reader only ever sees whole shards: a run killed
midway leaves at most one unfinished batch behind as `*.tmp` files, which are ignored (and swept by the next
`chatbi index`). Re-running skips every text already in a shard, so indexing is
incremental and resumable. Vectors are memory-mapped, so a warm cache costs a lookup, not a load.

The key is the first 8 bytes of the BLAKE2b hash of the text: at a million texts the chance of any collision
is below one in ten million.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.themes.cleaning import theming_text
from assistant.themes.encoder import Encoder, Vectors, load_encoder, model_version
from assistant.themes.shards import Keys, ShardedArrays

SHARD_TEXTS = 2_048  # texts per shard written by indexing: the most work a kill can lose
STALE_TMP_S = 600  # temporary files older than this belong to a dead writer
Progress = Callable[[int, int], None]  # (texts done, texts to do)


def text_keys(texts: Sequence[str]) -> Keys:
    """The cache key of each text: the key of its theming form (cleaning.py), whose vector it gets; a text without
    markup or links is its own theming form."""
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(theming_text(text).encode("utf-8"), digest_size=8).digest(), "little")
            for text in texts
        ),
        dtype=np.uint64,
        count=len(texts),
    )


def _slug(version: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in version)


@dataclass
class EmbeddingStore:
    """The shards of one model version in one folder; `writable=False` keeps new vectors in memory only."""

    folder: Path
    dimensions: int
    writable: bool = True
    _memory: dict[int, Vectors] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._shards = ShardedArrays(self.folder, "vectors", self.dimensions, np.float16)

    @classmethod
    def open(cls, root: Path, version: str, dimensions: int) -> EmbeddingStore:
        folder = root / _slug(version)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            writable = os.access(folder, os.W_OK)
        except OSError:
            writable = False
        store = cls(folder, dimensions, writable)
        store.refresh()
        return store

    def __len__(self) -> int:
        return len(self._shards) + len(self._memory)

    def refresh(self) -> None:
        """Read the keys of shards written since the last look (by this or another process)."""
        self._shards.refresh()

    def lookup(self, keys: Keys) -> tuple[npt.NDArray[np.bool_], Vectors]:
        """Which keys are cached, and their vectors (zero rows for the others)."""
        out = np.zeros((len(keys), self.dimensions), dtype=np.float32)
        found = self._shards.lookup(keys, out)
        if self._memory:
            for i in np.flatnonzero(~found).tolist():
                vector = self._memory.get(int(keys[i]))
                if vector is not None:
                    out[i], found[i] = vector, True
        return found, out

    def add(self, keys: Keys, vectors: Vectors) -> None:
        """Keep new vectors: as a shard on disk, or in memory when the folder is not writable."""
        if not len(keys):
            return
        if self.writable:
            try:
                self._shards.write(keys, vectors)
                return
            except OSError:
                self.writable = False
        # Kept as a cache read would return them: rounded to float16.
        rounded = vectors.astype(np.float16).astype(np.float32)
        with self._lock:
            self._memory.update(zip(keys.tolist(), rounded, strict=True))

    def sweep(self) -> None:
        """Remove temporary files a killed writer left behind, and vectors whose keys never followed."""
        now = time.time()
        for path in self.folder.glob("*.tmp"):
            if now - path.stat().st_mtime > STALE_TMP_S:
                path.unlink(missing_ok=True)
        for path in self.folder.glob("*.vectors.npy"):
            stem = path.name[: -len(".vectors.npy")]
            if not (self.folder / f"{stem}.keys.npy").exists() and now - path.stat().st_mtime > STALE_TMP_S:
                path.unlink(missing_ok=True)

    def disk_bytes(self) -> int:
        return sum(path.stat().st_size for path in self.folder.glob("*.npy"))


class Embedder:
    """Embeddings of texts through the cache: cached ones are read, the rest encoded and stored."""

    def __init__(self, model: str, cache_folder: Path | None, *, encoder: Encoder | None = None) -> None:
        """`encoder` replaces the named model (tests); its version then keys the cache."""
        self.model = model
        self.version = encoder.version if encoder is not None else model_version(model)
        self._cache_folder = cache_folder
        self._encoder = encoder
        self._store: EmbeddingStore | None = None
        self._lock = threading.Lock()

    @property
    def cache_folder(self) -> Path | None:
        """Where embeddings (and what is derived from them, e.g. fitted classifiers) are kept; None: nowhere."""
        return self._cache_folder

    @property
    def encoder(self) -> Encoder:
        return self._encoder if self._encoder is not None else load_encoder(self.model)

    @property
    def store(self) -> EmbeddingStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    dims = self.encoder.dimensions
                    if self._cache_folder is None:
                        self._store = EmbeddingStore(Path(os.devnull), dims, writable=False)
                    else:
                        self._store = EmbeddingStore.open(self._cache_folder, self.version, dims)
        return self._store

    def embed(
        self,
        texts: Sequence[str],
        *,
        progress: Progress | None = None,
        batch: int = SHARD_TEXTS,
        keys: Keys | None = None,
    ) -> Vectors:
        """Vectors of `texts` (same order): of their theming forms (cleaning.py: without markup, scripts and
        links); texts not yet cached are encoded in batches, each stored at once.
        `keys`: the texts' `text_keys` when the caller already has them. Every vector is float16-rounded, as
        stored: a text gets the same vector whether it was just encoded or read back."""
        keys = text_keys(texts) if keys is None else keys
        store = self.store
        found, vectors = store.lookup(keys)
        if not found.all():
            store.refresh()  # another process may have written them meanwhile
            again, cached = store.lookup(keys[~found])
            missing = np.flatnonzero(~found)
            vectors[missing[again]] = cached[again]
            found[missing[again]] = True
        todo = np.flatnonzero(~found)
        # One encoding per distinct text, even when it repeats.
        _, first = np.unique(keys[todo], return_index=True)
        distinct = todo[np.sort(first)]
        if progress is not None:
            progress(0, len(distinct))
        for start in range(0, len(distinct), batch):
            chunk = distinct[start : start + batch]
            encoded = self.encoder.encode([theming_text(texts[i]) for i in chunk.tolist()])
            store.add(keys[chunk], encoded)
            vectors[chunk] = encoded.astype(np.float16).astype(np.float32)  # as a later cache read returns them
            if progress is not None:
                progress(min(start + batch, len(distinct)), len(distinct))
        if len(distinct) < len(todo):
            by_key = {int(keys[i]): vectors[i] for i in distinct.tolist()}
            for i in np.setdiff1d(todo, distinct).tolist():
                vectors[i] = by_key[int(keys[i])]
        return vectors
