"""`chatbi index`: embed every text of a text field once and keep the vectors beside the warehouse.

The texts come through the semantic layer (a `kind: themes` query over the whole field, guarded and run
read-only like any question); the embedder skips texts already cached and stores each batch as it goes, so
an interrupted run resumes where it stopped. Progress goes to stderr. A field with a taxonomy also gets its
classifier and discovery metric learnt and kept (classifier.py, metric.py), and its texts' rows against the
classifier stored (rowstore.py), so the first question does not wait.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import TextIO

from assistant.runtime import Runtime
from assistant.themes.engine import cache_folder, embedder_for
from assistant.themes.memory import taxonomy_memory

MAX_INDEX_TEXTS = 20_000_000
ROWS_BATCH = 16_384  # texts whose rows are computed (and stored) at once


@dataclass(frozen=True)
class IndexReport:
    field: str
    texts: int  # distinct texts of the field
    embedded: int  # of them, newly embedded by this run
    seconds: float
    folder: str
    disk_bytes: int
    model: str


def index_text_fields(
    runtime: Runtime, names: list[str] | None = None, *, show_progress: bool = True
) -> list[IndexReport]:
    """Embed the distinct texts of each named text field (default: every text field of the model)."""
    from assistant.errors import UserInputError
    from assistant.guard import guard_sql
    from assistant.guard_columns import column_policy
    from semantic_layer import SemanticQuery, compile_query

    fields = names or list(runtime.model.text_fields)
    unknown = [name for name in fields if name not in runtime.model.text_fields]
    if unknown:
        known = ", ".join(runtime.model.text_fields) or "none"
        raise UserInputError(f"Unknown text field {unknown[0]!r}. The model's text fields: {known}.")
    embedder = embedder_for(runtime.settings)
    embedder.store.sweep()
    reports = []
    for name in fields:
        started = time.perf_counter()
        query = SemanticQuery(kind="themes", text_field=name, limit=None)
        compiled = compile_query(runtime.model, query, as_of=runtime.as_of, dialect=runtime.dialect)
        guarded = guard_sql(
            compiled.sql, allowed_tables=runtime.model.tables(), row_cap=MAX_INDEX_TEXTS, dialect=runtime.dialect,
            columns=column_policy(runtime.model).for_themes(),
        )  # fmt: skip
        frame = runtime.warehouse.run(guarded).frame
        texts = list(dict.fromkeys(text[:5_000] for text in frame["text"].tolist() if isinstance(text, str)))
        before = len(embedder.store)
        embedder.embed(texts, progress=ProgressBar(f"Indexing {name}") if show_progress else None)
        field = runtime.model.text_fields[name]
        memory = taxonomy_memory(embedder, field.taxonomy, field.labelled_examples)
        if field.taxonomy:  # learnt now (and kept beside the vectors), not at the first question
            memory.classifier(embedder)
            for start in range(0, len(texts), ROWS_BATCH):  # and the texts' rows (rowstore.py)
                memory.compute(embedder, texts[start : start + ROWS_BATCH], store_from=1)
        if field.taxonomy or field.labelled_examples:
            memory.metric(embedder)
        reports.append(
            IndexReport(
                field=name,
                texts=len(texts),
                embedded=len(embedder.store) - before,
                seconds=time.perf_counter() - started,
                folder=str(cache_folder(runtime.settings)),
                disk_bytes=embedder.store.disk_bytes(),
                model=embedder.version,
            )
        )
    return reports


class ProgressBar:
    """A progress callback drawing `title [#####     ] 1,234/5,678 texts, 420/s` on stderr (a line per
    tenth when stderr is not a terminal). Nothing is drawn when there is nothing to do."""

    def __init__(self, title: str, stream: TextIO | None = None) -> None:
        self.title = title
        self.out = stream or sys.stderr
        self.started = time.perf_counter()
        self.tenth = -1  # the last tenth printed, when not a terminal

    def __call__(self, done: int, total: int) -> None:
        if total == 0:
            return
        rate = done / max(time.perf_counter() - self.started, 1e-9)
        filled = int(30 * done / total)
        line = f"{self.title} [{'#' * filled}{' ' * (30 - filled)}] {done:,}/{total:,} texts, {rate:,.0f}/s"
        if self.out.isatty():
            self.out.write("\r" + line + ("\n" if done == total else ""))
        elif done * 10 // total > self.tenth:
            self.tenth = done * 10 // total
            self.out.write(line + "\n")
        self.out.flush()
