"""What a process remembers per text for themes (assistant/themes/memory.py): a warm answer is the cold one."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from assistant.contracts import ThemeReport
from assistant.themes import analyze_population, classifier, memory
from assistant.themes.classifier import ThemeClassifier
from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import DEFAULT_MODEL
from semantic_layer import load_model
from semantic_layer.model import LabelledText, Theme, ThemeDescription, ThemeExamples, ThemeKeywords

TEXTS = "SELECT t.description AS text, t.language FROM tickets t WHERE t.is_complaint ORDER BY t.ticket_id LIMIT 1200"


@pytest.fixture(scope="module")
def texts(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    copy = tmp_path_factory.mktemp("memory") / "demo.duckdb"
    shutil.copy(demo_warehouse_path, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        found: list[str] = con.sql(TEXTS).df()["text"].tolist()
    return found


@pytest.fixture(scope="module")
def taxonomy() -> list[Theme]:
    return load_model().text_fields["complaint_text"].taxonomy


# Answers learn the taxonomy from the model's labelled examples too: so do these tests.
LABELLED = load_model().text_fields["complaint_text"].labelled_examples


def _frame(texts: list[str]) -> pd.DataFrame:
    populations = ["churned" if i % 3 else "active" for i in range(len(texts))]
    return pd.DataFrame({"population": populations, "id": range(len(texts)), "text": texts})


def _report(
    frame: pd.DataFrame,
    taxonomy: list[Theme],
    embedder: Embedder,
    language: str = "en",
    labelled: Sequence[LabelledText] = LABELLED,
) -> ThemeReport:
    return analyze_population(
        frame, taxonomy, labelled=labelled, language="zh" if language == "zh" else "en", focus="churned",
        comparison="active", embedder=embedder,
    )  # fmt: skip


def _fresh(cache: Path) -> Embedder:
    """An embedder that remembers nothing yet (the vectors come from the session's disk cache)."""
    return Embedder(DEFAULT_MODEL, cache)


class _Counting:
    """Counts the texts whose probability rows are computed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows = 0
        real = ThemeClassifier.probabilities

        def counting(model: ThemeClassifier, vectors: np.ndarray, texts: Sequence[str] | None = None) -> np.ndarray:
            self.rows += len(vectors)
            return real(model, vectors, texts)

        monkeypatch.setattr(ThemeClassifier, "probabilities", counting)


def test_a_warm_report_is_the_cold_report(
    texts: list[str], taxonomy: list[Theme], embedding_cache: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    counting = _Counting(monkeypatch)
    # the session's vectors without the rows other tests stored beside them (rowstore.py): each row is computed here
    own_cache = tmp_path / "cache"
    shutil.copytree(embedding_cache, own_cache, ignore=shutil.ignore_patterns("classifiers"))
    embedder = _fresh(own_cache)
    frame = _frame(texts)
    for language in ("en", "zh"):
        cold = _report(frame, taxonomy, embedder, language)
        computed = counting.rows
        warm = _report(frame, taxonomy, embedder, language)
        assert warm.model_dump() == cold.model_dump()
        assert counting.rows == computed  # the warm answer computed no row
    unique = len(set(texts))
    assert len(memory.taxonomy_memory(embedder, taxonomy, LABELLED).texts) == unique
    assert counting.rows == unique  # each text once, whatever the language of the answer
    assert sum(theme.count for theme in cold.themes) == cold.texts


def test_rows_remembered_from_other_populations_give_the_same_report(
    texts: list[str], taxonomy: list[Theme], embedding_cache: Path
) -> None:
    """Rows computed in other batches (other questions) are the same numbers: the report does not depend on
    what the process answered before."""
    warm = _fresh(embedding_cache)
    _report(_frame(texts[:700]), taxonomy, warm)
    _report(_frame(texts[650:660]), taxonomy, warm)
    _report(_frame(texts[1199:]), taxonomy, warm)  # one text alone
    target = _frame(texts[400:])
    assert (
        _report(target, taxonomy, warm).model_dump() == _report(target, taxonomy, _fresh(embedding_cache)).model_dump()
    )


def test_probabilities_and_support_of_a_text_do_not_depend_on_its_batch(
    texts: list[str], taxonomy: list[Theme], embedding_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedder = _fresh(embedding_cache)
    vectors = embedder.embed(texts[:300])
    model = memory.taxonomy_memory(embedder, taxonomy, LABELLED).classifier(embedder)
    assert model.terms is not None  # the n-gram part is batch-independent too

    def rows(start: int, stop: int) -> np.ndarray:
        block = vectors[start:stop]
        found = model.probabilities(block, texts[start:stop])
        return np.column_stack([found, model.support(block, found.argmax(axis=1))])

    together = rows(0, 300)
    alone = np.concatenate([rows(i, i + 1) for i in range(300)])
    in_sevens = np.concatenate([rows(i, min(i + 7, 300)) for i in range(0, 300, 7)])
    assert np.array_equal(together, alone) and np.array_equal(together, in_sevens)
    monkeypatch.setattr(classifier, "SIMILARITY_BLOCK", 16)
    assert np.array_equal(together, rows(0, 300))


def _edited(taxonomy: list[Theme]) -> list[Theme]:
    """The taxonomy with its first theme rewritten to mean something else."""
    first = taxonomy[0].model_copy(
        update={
            "description": ThemeDescription(en="Questions about gardening and plants.", zh="关于园艺和植物的问题。"),
            "examples": ThemeExamples(en=["How often should I water a cactus?"], zh=["仙人掌多久浇一次水?"]),
            "keywords": ThemeKeywords(en=["cactus"], zh=["仙人掌"]),
        }
    )
    return [first, *taxonomy[1:]]


def test_a_changed_taxonomy_gets_fresh_rows(texts: list[str], taxonomy: list[Theme], embedding_cache: Path) -> None:
    embedder = _fresh(embedding_cache)
    frame = _frame(texts[:600])
    before = _report(frame, taxonomy, embedder)
    edited = _edited(taxonomy)
    # The first theme now means something else, and none of the labelled examples speaks for it any more.
    relabelled = [example for example in LABELLED if example.theme != taxonomy[0].id]
    assert memory.taxonomy_fingerprint(edited) != memory.taxonomy_fingerprint(taxonomy)
    assert memory.taxonomy_fingerprint(taxonomy, relabelled) != memory.taxonomy_fingerprint(taxonomy, LABELLED)
    after = _report(frame, edited, embedder, labelled=relabelled)
    assert after.model_dump() == _report(frame, edited, _fresh(embedding_cache), labelled=relabelled).model_dump()
    counts = {theme.id: theme.count for theme in before.themes}
    assert {theme.id: theme.count for theme in after.themes}.get(taxonomy[0].id, 0) < counts.get(taxonomy[0].id, 0)
    assert memory.taxonomy_memory(embedder, edited, relabelled) is not memory.taxonomy_memory(
        embedder, taxonomy, LABELLED
    )
    # The old taxonomy's rows are still there, and still right.
    assert _report(frame, taxonomy, embedder).model_dump() == before.model_dump()


def test_concurrent_answers_are_the_sequential_ones(
    texts: list[str], taxonomy: list[Theme], embedding_cache: Path
) -> None:
    frames = [_frame(texts[start : start + 500]) for start in (0, 200, 400, 700)]
    expected = [_report(frame, taxonomy, _fresh(embedding_cache)).model_dump() for frame in frames]
    shared = _fresh(embedding_cache)
    results: list[dict[str, object] | None] = [None] * len(frames)
    errors: list[BaseException] = []

    def answer(index: int) -> None:
        try:
            results[index] = _report(frames[index], taxonomy, shared).model_dump()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    for _ in range(2):  # cold, then warm
        threads = [threading.Thread(target=answer, args=(index,)) for index in range(len(frames))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors and results == expected


def test_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "MAX_TEXTS", 10)
    table = memory.TextMemory(themes=2)
    batch = [f"text {i}" for i in range(25)]
    rows = memory.TextRows.empty(25, 2)
    rows.probability[:] = np.arange(25)[:, None]
    table.remember(batch[:8], rows.take(np.arange(8)))
    table.remember(batch[8:12], rows.take(np.arange(8, 12)))  # would pass 10: the table starts again
    assert len(table) == 4
    found, got = table.find(batch[:12])
    assert found.tolist() == [False] * 8 + [True] * 4
    assert got.probability[8:12, 0].tolist() == [8, 9, 10, 11] and not got.probability[:8].any()
    table.remember(batch, rows)  # more than fit at once: the first MAX_TEXTS new ones
    assert len(table) == 10


def test_an_embedder_keeps_the_rows_of_a_few_taxonomies(
    taxonomy: list[Theme], embedding_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memory, "MAX_TAXONOMIES", 2)
    embedder = _fresh(embedding_cache)
    first = memory.taxonomy_memory(embedder, taxonomy)
    memory.taxonomy_memory(embedder, _edited(taxonomy))
    assert memory.taxonomy_memory(embedder, taxonomy) is first
    memory.taxonomy_memory(embedder, taxonomy[1:])  # a third: the least recently used one goes
    assert memory.taxonomy_memory(embedder, taxonomy) is first
    memory.forget(embedder)
    assert memory.taxonomy_memory(embedder, taxonomy) is not first
