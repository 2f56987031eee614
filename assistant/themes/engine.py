"""The embedder a process uses for themes: the configured model, cached in the configured folder.

The cache folder is `CHATBI_EMBEDDING_CACHE` when set, else `<warehouse file>.embeddings/` beside the
warehouse (which itself stays read-only). One embedder per (model, folder) per process, shared by every
request, so the model and the cache's index load once.
"""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.settings import Settings, load_settings
from assistant.themes.embeddings import Embedder

_LOCK = threading.Lock()
_embedders: dict[tuple[str, Path | None], Embedder] = {}


def cache_folder(settings: Settings) -> Path:
    """Where the embeddings of the settings' warehouse are kept."""
    if settings.embedding_cache is not None:
        return settings.embedding_cache
    warehouse = settings.warehouse_path
    return warehouse.with_name(warehouse.name + ".embeddings")


def embedder_for(settings: Settings) -> Embedder:
    key = (settings.embedding_model, cache_folder(settings))
    with _LOCK:
        if key not in _embedders:
            _embedders[key] = Embedder(*key)
        return _embedders[key]


def default_embedder() -> Embedder:
    """The embedder of the environment's settings (for library calls that get no runtime)."""
    return embedder_for(load_settings())
