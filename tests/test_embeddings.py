"""The embedding cache: computed once per text, stored beside the warehouse, resumable, never half-read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from assistant.errors import UserInputError
from assistant.themes.embeddings import Embedder, EmbeddingStore, text_keys
from assistant.themes.encoder import Encoder, load_encoder
from tests.conftest import AS_OF


class CountingEncoder:
    """A deterministic stand-in for the model: a vector from the text's hash; counts what it encodes and can
    fail after a number of calls (a crash midway)."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.encoded: list[str] = []
        self.calls = 0
        self.fail_after = fail_after

    def __call__(self, texts: list[str]) -> npt.NDArray[np.float32]:
        if self.fail_after is not None and self.calls >= self.fail_after:
            raise RuntimeError("killed")
        self.calls += 1
        self.encoded += texts
        rng = [np.random.default_rng(int(key)) for key in text_keys(texts)]
        return np.stack([r.standard_normal(8) for r in rng]).astype(np.float32)

    def encoder(self) -> Encoder:
        return Encoder("fake", "fake@1", 8, self)


TEXTS = [f"complaint number {i}" for i in range(50)]


def test_texts_are_embedded_once_and_read_back_from_disk(tmp_path: Path) -> None:
    first = CountingEncoder()
    vectors = Embedder("fake", tmp_path, encoder=first.encoder()).embed([*TEXTS, TEXTS[0]], batch=16)
    assert len(first.encoded) == 50  # the repeated text once
    assert np.allclose(vectors[0], vectors[-1]) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-2)
    assert sorted(p.name.split(".")[-2] for p in (tmp_path / "fake_1").glob("*.npy")).count("keys") == 4
    again = CountingEncoder()
    cached = Embedder("fake", tmp_path, encoder=again.encoder()).embed(TEXTS)
    assert again.encoded == [] and np.allclose(cached, vectors[:50])


def test_a_run_killed_midway_resumes_without_redoing_finished_batches(tmp_path: Path) -> None:
    crashing = CountingEncoder(fail_after=2)
    with pytest.raises(RuntimeError):
        Embedder("fake", tmp_path, encoder=crashing.encoder()).embed(TEXTS, batch=10)
    folder = tmp_path / "fake_1"
    # Leftovers of a writer killed while writing: a temporary file and vectors whose keys never came.
    (folder / "shard-x.keys.npy.tmp").write_bytes(b"garbage")
    np.save(folder / "shard-y.vectors.npy", np.zeros((3, 8), dtype=np.float16))
    resumed = CountingEncoder()
    Embedder("fake", tmp_path, encoder=resumed.encoder()).embed(TEXTS, batch=10)
    assert resumed.encoded == TEXTS[20:]  # the two finished batches were not redone
    store = EmbeddingStore.open(tmp_path, "fake@1", 8)
    assert len(store) == 50
    os.utime(folder / "shard-x.keys.npy.tmp", (0, 0))
    os.utime(folder / "shard-y.vectors.npy", (0, 0))
    store.sweep()
    assert not (folder / "shard-x.keys.npy.tmp").exists() and not (folder / "shard-y.vectors.npy").exists()


def test_an_unwritable_cache_keeps_vectors_in_memory(tmp_path: Path) -> None:
    counting = CountingEncoder()
    embedder = Embedder("fake", None, encoder=counting.encoder())
    first = embedder.embed(TEXTS[:5])
    again = embedder.embed(TEXTS[:5])
    assert len(counting.encoded) == 5
    assert np.array_equal(first, again)  # kept rounded to float16, as a shard on disk would return them


def test_vectors_are_the_same_whether_encoded_now_or_read_back(tmp_path: Path) -> None:
    fresh = Embedder("fake", tmp_path, encoder=CountingEncoder().encoder()).embed(TEXTS)
    read = Embedder("fake", tmp_path, encoder=CountingEncoder().encoder()).embed(TEXTS, keys=text_keys(TEXTS))
    assert np.array_equal(fresh, read) and np.array_equal(fresh, fresh.astype(np.float16).astype(np.float32))


def test_texts_without_letters_get_no_vector() -> None:
    vectors = CountingEncoder().encoder().encode(["", "  ", "!!", "ok"])
    assert not vectors[:3].any() and vectors[3].any()


def test_an_unknown_model_is_a_clear_error() -> None:
    with pytest.raises(UserInputError, match="Unknown embedding model 'nope'"):
        load_encoder("nope")


def test_chatbi_index_builds_the_cache_beside_the_warehouse_and_then_has_nothing_to_do(
    demo_warehouse_path: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "embeddings"
    env = {**os.environ, "CHATBI_EMBEDDING_CACHE": str(cache), "CHATBI_AS_OF": AS_OF.isoformat()}
    command = [sys.executable, "-m", "assistant", "index", "--warehouse", str(demo_warehouse_path)]
    command += ["--text-field", "survey_comment"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert "Indexing survey_comment [" in first.stderr
    assert "newly embedded" in first.stdout and any(cache.glob("*/*.keys.npy"))
    second = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert " 0 newly embedded" in second.stdout
    bad = subprocess.run([*command[:-1], "nope"], capture_output=True, text=True, env=env)
    assert bad.returncode == 1 and "Unknown text field 'nope'" in bad.stderr
