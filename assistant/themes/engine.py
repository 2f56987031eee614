"""The embedder a process uses for themes: the configured model, cached in the configured folder.

The cache folder is `CHATBI_EMBEDDING_CACHE` when set, else `<warehouse>.embeddings/` beside a local
warehouse (which itself stays read-only), or a folder per server URL under the data home for PostgreSQL
and Spark Connect. One embedder per (model, folder) per process, shared by every
request, so the model and the cache's index load once.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

from assistant.settings import Settings, data_home, load_settings
from assistant.themes.embeddings import Embedder

_LOCK = threading.Lock()
_embedders: dict[tuple[str, Path | None], Embedder] = {}


def cache_folder(settings: Settings) -> Path:
    """Where the embeddings of the settings' warehouse are kept."""
    if settings.embedding_cache is not None:
        return settings.embedding_cache
    target = settings.warehouse_target
    if target.is_local:
        return target.path.with_name(target.path.name + ".embeddings")
    digest = hashlib.sha256(target.redacted().encode()).hexdigest()[:16]
    return data_home() / "embeddings" / digest


def embedder_for(settings: Settings) -> Embedder:
    key = (settings.embedding_model, cache_folder(settings))
    with _LOCK:
        if key not in _embedders:
            _embedders[key] = Embedder(*key)
        return _embedders[key]


def default_embedder() -> Embedder:
    """The embedder of the environment's settings (for library calls that get no runtime)."""
    return embedder_for(load_settings())
