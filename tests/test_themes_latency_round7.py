"""Round 7, theme latency: the texts' rows kept beside the embedding cache (rowstore.py) and a repeated
population's discovery remembered (memory.py). Answers are the same numbers, byte for byte, either way."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from assistant.contracts import ThemeReport
from assistant.themes import analysis, analyze_population, memory, rowstore
from assistant.themes.classifier import ThemeClassifier
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import DEFAULT_MODEL
from semantic_layer import load_model
from semantic_layer.model import Theme

TEXTS = "SELECT t.description AS text FROM tickets t WHERE t.is_complaint ORDER BY t.ticket_id LIMIT 700"
LABELLED = load_model().text_fields["complaint_text"].labelled_examples


@pytest.fixture(scope="module")
def texts(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    copy = tmp_path_factory.mktemp("round7") / "demo.duckdb"
    shutil.copy(demo_warehouse_path, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        found: list[str] = con.sql(TEXTS).df()["text"].tolist()
    return found


@pytest.fixture(scope="module")
def taxonomy() -> list[Theme]:
    return load_model().text_fields["complaint_text"].taxonomy


@pytest.fixture
def cache(texts: list[str], taxonomy: list[Theme], embedding_cache: Path, tmp_path: Path) -> Path:
    """A cache folder of this test's own (the session's vectors and fitted classifier copied, no stored rows),
    so the rows stored here are never read by another test."""
    session = Embedder(DEFAULT_MODEL, embedding_cache)
    session.embed(texts)
    memory.taxonomy_memory(session, taxonomy, LABELLED).classifier(session)
    own = tmp_path / "cache"
    shutil.copytree(embedding_cache, own, ignore=shutil.ignore_patterns("*.rows", "*.tmp"))
    return own


def _frame(texts: list[str]) -> pd.DataFrame:
    populations = ["churned" if i % 3 else "active" for i in range(len(texts))]
    return pd.DataFrame({"population": populations, "id": range(len(texts)), "text": texts})


def _report(frame: pd.DataFrame, taxonomy: list[Theme], embedder: Embedder, language: str = "en") -> ThemeReport:
    return analyze_population(
        frame, taxonomy, labelled=LABELLED, language="zh" if language == "zh" else "en", focus="churned",
        comparison="active", embedder=embedder,
    )  # fmt: skip


class _Counting:
    """Counts the texts whose probability rows are computed, and the discoveries run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows = 0
        self.discoveries = 0
        probabilities, discover = ThemeClassifier.probabilities, analysis.discover

        def counting_rows(model: ThemeClassifier, vectors: np.ndarray, texts: Sequence[str] | None = None) -> Any:
            self.rows += len(vectors)
            return probabilities(model, vectors, texts)

        def counting_discoveries(*args: Any, **kwargs: Any) -> Any:
            self.discoveries += 1
            return discover(*args, **kwargs)

        monkeypatch.setattr(ThemeClassifier, "probabilities", counting_rows)
        monkeypatch.setattr(analysis, "discover", counting_discoveries)


def _store(embedder: Embedder, taxonomy: list[Theme]) -> rowstore.RowStore:
    store = memory.taxonomy_memory(embedder, taxonomy, LABELLED).row_store(embedder)
    assert store is not None
    return store


def test_a_new_process_reads_the_stored_rows_and_answers_the_same(
    texts: list[str], taxonomy: list[Theme], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rowstore, "MIN_SHARD_ROWS", 100)
    counting = _Counting(monkeypatch)
    first = Embedder(DEFAULT_MODEL, cache)
    frame = _frame(texts)
    expected = {language: _report(frame, taxonomy, first, language).model_dump_json() for language in ("en", "zh")}
    unique = len(set(texts))
    assert counting.rows == unique and len(_store(first, taxonomy)) == unique
    remembered = memory.taxonomy_memory(first, taxonomy, LABELLED).texts.find(texts)[1]
    memory.forget()
    second = Embedder(DEFAULT_MODEL, cache)  # as a new process: nothing remembered, the rows on disk
    for language in ("en", "zh"):
        assert _report(frame, taxonomy, second, language).model_dump_json() == expected[language]
    assert counting.rows == unique  # no row computed again
    read = memory.taxonomy_memory(second, taxonomy, LABELLED).texts.find(texts)[1]
    for name in ("keys", "probability", "support", "none_support", "present"):
        assert np.array_equal(getattr(read, name), getattr(remembered, name)), name


def test_rows_stored_in_other_batches_give_the_same_report(
    texts: list[str], taxonomy: list[Theme], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some rows stored, some not: the report is the one computed from nothing."""
    expected = _report(_frame(texts[200:]), taxonomy, Embedder(DEFAULT_MODEL, cache)).model_dump_json()
    assert not len(_store(Embedder(DEFAULT_MODEL, cache), taxonomy))  # below MIN_SHARD_ROWS: nothing stored
    memory.forget()
    monkeypatch.setattr(rowstore, "MIN_SHARD_ROWS", 100)
    _report(_frame(texts[:400]), taxonomy, Embedder(DEFAULT_MODEL, cache))
    memory.forget()
    assert _report(_frame(texts[200:]), taxonomy, Embedder(DEFAULT_MODEL, cache)).model_dump_json() == expected


def test_a_changed_classifier_reads_other_rows(taxonomy: list[Theme], cache: Path) -> None:
    embedder = Embedder(DEFAULT_MODEL, cache)
    fitted = memory.taxonomy_memory(embedder, taxonomy, LABELLED).classifier(embedder)
    assert fitted.terms is not None
    digest = rowstore.classifier_digest(fitted)
    weights = fitted.weights.copy()
    weights[0, 0] += 2.0**-10
    terms = replace(fitted.terms, idf=fitted.terms.idf * 2)
    changed = [
        replace(fitted, weights=weights),
        replace(fitted, terms=terms),
        replace(fitted, prototypes=fitted.prototypes[1:]),
        replace(fitted, none_prototypes=fitted.none_prototypes[1:]),
    ]
    assert len({digest, *(rowstore.classifier_digest(model) for model in changed)}) == 1 + len(changed)
    assert rowstore.classifier_digest(replace(fitted)) == digest


def test_unreadable_or_unfinished_shards_are_ignored(tmp_path: Path) -> None:
    store = rowstore.RowStore(tmp_path / "rows", columns=3)
    keys = np.array([5, 1, 9], dtype=np.uint64)
    rows = np.arange(9, dtype=np.float64).reshape(3, 3)
    store.add(keys, rows)
    (tmp_path / "rows" / "shard-bad.keys.npy").write_bytes(b"not numpy")
    (tmp_path / "rows" / "shard-short.rows.npy").write_bytes(b"")  # its keys never written
    np.save(tmp_path / "rows" / "shard-wide.rows.npy", np.zeros((1, 4)))
    np.save(tmp_path / "rows" / "shard-wide.keys.npy", np.array([7], dtype=np.uint64))
    again = rowstore.RowStore(tmp_path / "rows", columns=3)
    again.refresh()
    found, got = again.lookup(np.array([9, 7, 2, 5], dtype=np.uint64))
    assert found.tolist() == [True, False, False, True]
    assert np.array_equal(got[[0, 3]], rows[[2, 0]]) and not got[[1, 2]].any()


def test_an_unwritable_folder_keeps_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    store = rowstore.RowStore(blocked / "rows", columns=2)
    store.add(np.array([1], dtype=np.uint64), np.ones((1, 2)))
    assert not store.writable and not len(store)


def test_a_repeated_population_reuses_its_discovery(
    texts: list[str], taxonomy: list[Theme], cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counting = _Counting(monkeypatch)
    embedder = Embedder(DEFAULT_MODEL, cache)
    frame = _frame(texts)
    cold = _report(frame, taxonomy, embedder).model_dump_json()
    assert counting.discoveries == 1
    assert _report(frame, taxonomy, embedder).model_dump_json() == cold
    assert counting.discoveries == 1  # the same leftover texts: clustered once
    chinese = _report(frame, taxonomy, embedder, "zh").model_dump_json()
    assert counting.discoveries == 2  # labels in the other language
    other = _frame(texts[:500])
    expected = _report(other, taxonomy, Embedder(DEFAULT_MODEL, cache)).model_dump_json()
    assert counting.discoveries == 3
    memory.forget()
    fresh = Embedder(DEFAULT_MODEL, cache)
    assert _report(frame, taxonomy, fresh, "zh").model_dump_json() == chinese
    assert _report(other, taxonomy, fresh).model_dump_json() == expected
    assert counting.discoveries == 5


def test_remembered_discoveries_are_bounded(taxonomy: list[Theme], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "MAX_DISCOVERIES", 2)
    remembered = memory.TaxonomyMemory(taxonomy)
    found = analysis.discover([], np.zeros((0, 4), dtype=np.float32))
    for key in range(3):
        remembered.remember_discovery("en", np.array([key], dtype=np.uint64), found)
    assert remembered.discovered("en", np.array([0], dtype=np.uint64)) is None
    assert remembered.discovered("en", np.array([2], dtype=np.uint64)) is found
    assert remembered.discovered("zh", np.array([2], dtype=np.uint64)) is None
