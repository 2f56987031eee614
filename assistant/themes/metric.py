"""The similarity discovery clusters by: learnt from the labelled texts of a text field, when it has them.

Sentence embeddings of complaints are close to each other in many ways that are not what a complaint is
about: its language, its length and tone, "this is a complaint". The labelled texts of a text field (its
taxonomy's descriptions and examples and its `examples_file`, both languages) say which differences matter:
texts of one theme or topic vary in wording, style and language, texts of two themes differ in what they are
about. A linear discriminant analysis of those texts (classes: the taxonomy's themes and every labelled topic,
`none:<topic>` and `unlisted:<topic>` alike; the bare label `none`, texts about nothing in particular, teaches
nothing and is left out) gives the directions that separate themes, scaled so that the variation within a
theme counts one unit in every direction (shrunk covariance, SHRINKAGE).

Discovery compares texts by both: the text's position on those directions (unit length) beside its plain,
per-language centered embedding (unit length), with equal weight. The discriminant directions pull the texts
of a known theme together across languages and styles; the plain embedding keeps what they do not cover, the
topics no labelled text was about (a fresh corpus's unlisted themes).

Chosen by `--taxonomy none` NMI on the four labelled corpora, each clustered with a metric learnt without it
and without any other text of its unlisted topics (benchmarks/bench_themes_blind.py; figures in
docs/themes.md): per-language centering alone 0.541, the discriminant directions alone 0.695 (but the texts of
unlisted topics were split more: 53% in their largest cluster against 58%), both 0.695 (62%). Within-class
whitening without the projection 0.601; taking off the top principal components of the labelled texts 0.33-0.52.

Learning it takes about a second for 2,700 labelled texts; like the classifier it is kept beside the
embedding cache (`classifiers/<digest>.metric.npz`, keyed by the texts, classes, model and settings) and
`chatbi index` learns it, so a question does not wait for it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from assistant.themes.embeddings import Embedder
from assistant.themes.encoder import Vectors
from assistant.themes.tokens import has_cjk
from semantic_layer.model import LabelledText, Theme

SHRINKAGE = 0.6  # of the covariances towards a multiple of the identity (0.3-0.9 gave NMI 0.66-0.67 alone)
MIN_CLASS_TEXTS = 2  # a class with fewer labelled texts has no variation to learn from
MIN_CLASSES = 3
GENERIC_LABEL = "none"
_FORMAT = "1"


@dataclass(frozen=True)
class DiscoveryMetric:
    """The discriminant projection (discovery compares texts by `project`)."""

    scalings: npt.NDArray[np.float64]  # dimensions × components

    def project(self, centered: Vectors) -> Vectors:
        """Per-language centered vectors -> unit vectors of [discriminant position, plain vector], each half
        of unit length (a zero row stays zero)."""
        plain = _unit(centered.astype(np.float64))
        projected = _unit(centered.astype(np.float64) @ self.scalings)
        joined = np.hstack([projected, plain])
        return _unit(joined).astype(np.float32)


def metric_texts(taxonomy: Sequence[Theme], labelled: Sequence[LabelledText]) -> tuple[list[str], list[str]]:
    """The texts the metric learns from and their class (a theme id or a labelled topic)."""
    texts: list[str] = []
    classes: list[str] = []
    for theme in taxonomy:
        own = [theme.description.en, theme.description.zh, *theme.examples.en, *theme.examples.zh]
        kept = [text for text in own if text.strip()]
        texts += kept
        classes += [theme.id] * len(kept)
    for example in labelled:
        label = example.theme.split(":", 1)[1] if ":" in example.theme else example.theme
        if label.strip() and label != GENERIC_LABEL:
            texts.append(example.text)
            classes.append(label)
    return texts, classes


def metric_for(
    embedder: Embedder, taxonomy: Sequence[Theme], labelled: Sequence[LabelledText]
) -> DiscoveryMetric | None:
    """The metric of a taxonomy and its labelled texts: read from beside the embedding cache when learnt
    before, else learnt (and kept there when the cache is writable); None when they teach none."""
    texts, classes = metric_texts(taxonomy, labelled)
    if len(set(classes)) < MIN_CLASSES:
        return None
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"metric|{_FORMAT}|{embedder.version}|{SHRINKAGE}|{MIN_CLASS_TEXTS}".encode())
    for text, label in zip(texts, classes, strict=True):
        digest.update(f"\x00{label}\x00{text}".encode())
    folder = embedder.cache_folder
    path = folder / "classifiers" / f"{digest.hexdigest()}.metric.npz" if folder is not None else None
    if path is not None and path.exists():
        try:
            with np.load(path) as stored:
                scalings = np.asarray(stored["scalings"], dtype=np.float64)
            return DiscoveryMetric(scalings) if scalings.size else None
        except (OSError, ValueError, KeyError):
            pass  # unreadable: learnt again below and rewritten
    learnt = learn_metric(embedder.embed(texts), texts, classes)
    if path is not None:
        _store(path, learnt)
    return learnt


def learn_metric(vectors: Vectors, texts: Sequence[str], classes: Sequence[str]) -> DiscoveryMetric | None:
    """The discriminant projection of the labelled texts (module docstring); None when they have fewer than
    MIN_CLASSES classes of MIN_CLASS_TEXTS texts with a vector."""
    present: npt.NDArray[np.bool_] = np.asarray(vectors.any(axis=1), dtype=bool)
    counts: dict[str, int] = {}
    for label, has_vector in zip(classes, present.tolist(), strict=True):
        counts[label] = counts.get(label, 0) + int(has_vector)
    usable = {label for label, count in counts.items() if count >= MIN_CLASS_TEXTS}
    if len(usable) < MIN_CLASSES:
        return None
    keep = present & np.array([label in usable for label in classes], dtype=bool)
    rows = np.flatnonzero(keep)
    centered = center_per_language(vectors[rows], [texts[i] for i in rows.tolist()])
    labels = np.array([classes[i] for i in rows.tolist()], dtype=object)
    scalings = _discriminant_directions(centered.astype(np.float64), labels)
    return DiscoveryMetric(scalings[:, : min(len(usable) - 1, vectors.shape[1])])


def _discriminant_directions(
    points: npt.NDArray[np.float64], labels: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    """Linear discriminant analysis (as scikit-learn's eigen solver with a fixed shrinkage towards a multiple of
    the identity): the generalised eigenvectors of the between-class against the within-class covariance, best
    first, scaled to unit within-class variance."""
    from scipy.linalg import eigh  # type: ignore[import-untyped, unused-ignore]

    def shrunk(cov: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        scale = float(np.trace(cov)) / len(cov)
        result: npt.NDArray[np.float64] = (1.0 - SHRINKAGE) * cov + SHRINKAGE * scale * np.eye(len(cov))
        return result

    within = np.zeros((points.shape[1], points.shape[1]))
    for label in sorted(set(labels.tolist())):
        own = points[labels == label]
        deviations = own - own.mean(axis=0)
        within += (len(own) / len(points)) * shrunk(deviations.T @ deviations / len(own))
    deviations = points - points.mean(axis=0)
    between = shrunk(deviations.T @ deviations / len(points)) - within
    values, vectors = eigh(between, within)
    directions: npt.NDArray[np.float64] = np.asarray(vectors[:, np.argsort(values)[::-1]], dtype=np.float64)
    return directions


def _store(path: Path, learnt: DiscoveryMetric | None) -> None:
    """Write atomically (a temporary file renamed); a read-only or full disk just skips keeping it. No metric
    is kept as an empty matrix, so that it is not learnt again either."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            np.savez(out, scalings=learnt.scalings if learnt is not None else np.zeros((0, 0)))
        os.replace(temporary, path)
    except OSError:
        return


def center_per_language(points: Vectors, texts: Sequence[str], *, min_texts: int = 5) -> Vectors:
    """Unit vectors of the texts minus the mean vector of their language (Chinese script or not); a language
    with fewer than `min_texts` texts is centered with the mean of all texts."""
    zh = np.fromiter((has_cjk(text) for text in texts), dtype=bool, count=len(texts))
    centered = points.astype(np.float64)
    overall = centered.mean(axis=0) if len(centered) else np.zeros(points.shape[1])
    for group in (zh, ~zh):
        if group.any():
            mean = centered[group].mean(axis=0) if group.sum() >= min_texts else overall
            centered[group] -= mean
    return _unit(centered).astype(np.float32)


def _unit(points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    norms = np.linalg.norm(points, axis=1, keepdims=True)
    return np.where(norms > 1e-9, points / np.maximum(norms, 1e-12), 0.0)
