"""Arrays kept on disk in shards keyed by text: the embedding cache (embeddings.py) and the classifier rows stored
beside it (rowstore.py) are both one of these.

A shard is two numpy files written by one process: `<name>.<kind>.npy` (one row per text) and then
`<name>.keys.npy` (the texts' uint64 cache keys, the commit marker). Both are written under a temporary name,
flushed and renamed into place, keys last, so a reader only ever sees whole shards: a writer killed midway leaves at
most `*.tmp` files and a row file whose keys never followed, which are ignored. Row files are memory-mapped, so
looking a text up costs a binary search over the sorted keys and a read of its row.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

Keys = npt.NDArray[np.uint64]


@dataclass
class ShardedArrays:
    """The shards of one kind (`vectors`, `rows`) in one folder, each row `columns` values of `dtype`."""

    folder: Path
    kind: str
    columns: int
    dtype: type[np.floating]
    _names: set[str] = field(default_factory=set)
    _index: _Index = field(default_factory=lambda: _Index.empty())
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __len__(self) -> int:
        return len(self._index.keys)

    def refresh(self) -> None:
        """Read the keys of shards written since the last look (by this or another process)."""
        if not self.folder.is_dir():
            return
        with self._lock:
            new = sorted(p.name[: -len(".keys.npy")] for p in self.folder.glob("*.keys.npy"))
            new = [name for name in new if name not in self._names]
            if not new:
                return
            index = self._index
            keys, shard_of, row_of = [index.keys], [index.shard_of], [index.row_of]
            shards = list(index.shards)
            for name in new:
                try:
                    shard_keys = np.load(self.folder / f"{name}.keys.npy")
                    rows = np.load(self.folder / f"{name}.{self.kind}.npy", mmap_mode="r")
                except (OSError, ValueError):
                    continue  # unreadable: treated as absent, its rows are computed again
                if rows.shape != (len(shard_keys), self.columns) or rows.dtype != self.dtype:
                    continue
                self._names.add(name)
                keys.append(shard_keys.astype(np.uint64))
                shard_of.append(np.full(len(shard_keys), len(shards), dtype=np.int32))
                row_of.append(np.arange(len(shard_keys), dtype=np.int32))
                shards.append(rows)
            all_keys = np.concatenate(keys)
            order = np.argsort(all_keys, kind="stable")
            # One assignment: a lookup running meanwhile reads either the old index or the new one, whole.
            self._index = _Index(
                all_keys[order], np.concatenate(shard_of)[order], np.concatenate(row_of)[order], tuple(shards)
            )

    def lookup(self, keys: Keys, out: npt.NDArray[np.floating]) -> npt.NDArray[np.bool_]:
        """Which keys have a stored row; their rows are copied into `out` (the others are left as they are)."""
        index = self._index
        if not len(index.keys) or not len(keys):
            return np.zeros(len(keys), dtype=bool)
        at = np.minimum(np.searchsorted(index.keys, keys), len(index.keys) - 1)
        found: npt.NDArray[np.bool_] = index.keys[at] == keys
        hits = np.flatnonzero(found)
        shard_of, row_of = index.shard_of[at[hits]], index.row_of[at[hits]]
        by_shard = np.argsort(shard_of, kind="stable")
        bounds = np.flatnonzero(np.diff(shard_of[by_shard])) + 1
        for part in np.split(by_shard, bounds) if len(by_shard) else []:
            rows = row_of[part]
            order = np.argsort(rows)  # memory maps read fastest in file order
            out[hits[part[order]]] = index.shards[int(shard_of[part[0]])][rows[order]]
        return found

    def write(self, keys: Keys, rows: npt.NDArray[np.floating]) -> None:
        """Add rows as a new shard and read it back into the index; OSError when the folder cannot be written."""
        name = f"shard-{time.time_ns():020d}-{os.getpid()}-{threading.get_ident() % 100_000:05d}"
        self.folder.mkdir(parents=True, exist_ok=True)
        _write(self.folder / f"{name}.{self.kind}.npy", np.ascontiguousarray(rows, dtype=self.dtype))
        _write(self.folder / f"{name}.keys.npy", np.ascontiguousarray(keys, dtype=np.uint64))
        self.refresh()


@dataclass(frozen=True)
class _Index:
    """The sorted keys of every shard read so far, where each key's row is, and the (memory-mapped) shards."""

    keys: Keys
    shard_of: npt.NDArray[np.int32]
    row_of: npt.NDArray[np.int32]
    shards: tuple[npt.NDArray[np.floating], ...]

    @classmethod
    def empty(cls) -> _Index:
        none = np.zeros(0, dtype=np.int32)
        return cls(np.zeros(0, dtype=np.uint64), none, none.copy(), ())


def _write(path: Path, array: npt.NDArray[np.generic]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("wb") as handle:
        np.save(handle, array)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
