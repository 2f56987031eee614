"""Assign texts to a taxonomy by meaning: a classifier learnt from labelled texts over sentence embeddings and
character n-grams.

The taxonomy's classifier (classifier.py) is learnt from its themes' descriptions and examples and the text
field's labelled examples; texts labelled with no listed theme train a "none" class. A text's row is its
probability of being about each listed theme (the rest is "none").

A text takes its most probable theme only when that theme is more probable than "none", at least
ACCEPT_PROBABILITY, the text is at least PLAUSIBLE_SIMILARITY close to the texts the theme was learnt
from, and not clearly closer to the texts of no listed theme (its closeness to the theme's texts minus its
closeness to the "none" texts, each the mean of its 3 best cosines, is at least NONE_MARGIN) (open-set
assignment): otherwise it fits no listed theme and goes to discovery (or "other"). Keywords never assign: they name what a theme's texts say (analysis.py). A second theme at least
SECONDARY_PROBABILITY likely is the text's secondary theme: complaints often mix two problems.

A text's probability row depends on the text, the taxonomy, its labelled examples and the embedding model
only: a process computes it once per text (memory.py) and a warm answer only reads it. The probabilities are
exact (see classifier.py), so a remembered row is the very number a fresh computation gives.

The thresholds are chosen by leave-one-corpus-out scoring of the labelled corpora
(benchmarks/bench_themes_blind.py --tune): each corpus is scored by a classifier learnt without it and without
any other text of its unlisted topics (so that they are as new to it as in a fresh corpus). Round 6 (five
corpora, the classifier with character n-grams): the mean share of texts handled right (listed texts given their
theme, unlisted ones kept out) stays within 0.866-0.873 for acceptance 0.25-0.45: the threshold buys kept-out texts
with accuracy one for one. ACCEPT_PROBABILITY stayed 0.25 (90.2% accuracy, 77.8% kept out with novel topics;
0.4 gives 89.6% and 81.3%): at 0.4 enough generated demo texts carrying a hostile payload fell to discovery that
a Chinese headline answer of the browser tests named a new theme "img png, img src" (21%).
Round 7 (six corpora, n-gram weight 2.5; weight 2 before): 0.25 gives 91.2% and 80.7% kept out (90.9% and 79.6%
before); 0.35 would keep the accuracy of before (90.9%) with 82.3% kept out, but from 0.3 up the browser tests'
hostile-payload demo texts again form a theme "img png, img src" in the Chinese headline answer (10-18%), so
ACCEPT_PROBABILITY stays 0.25.
Round 8 (seven corpora; texts themed without their markup, cleaning.py, so the payload no longer forms a theme; the
first sentence's n-grams added, classifier.py): 0.25 gives 91.5% and 74.6% kept out, 0.45 90.9% (EN 89.1%) and 78.2%,
the most texts handled right (0.877, as 0.5; 0.871 at 0.25), so ACCEPT_PROBABILITY is 0.45. Before round 8 (0.25,
no first sentence) the same folds gave 90.8% and 75.9% (0.869).
Per-theme thresholds (chosen on the other corpora), agreement of an embedding-only and an n-gram-only classifier, a
learnt acceptance over the row's scores and a binary listed/none classifier all lay on the same curve.
Round 9: an answer then sets apart the texts of a population's clusters that make a topic of their own next to a
listed theme (novelty.py); this module's rules are per text and unchanged.
The trade-off table is in docs/themes.md. A margin between the two most probable themes, a per-theme radius
(a quantile of the theme's own texts' closeness to each other), a k-NN margin (closeness to the theme's texts
minus to any other class's), per-language thresholds, a "none" class per unlisted topic, other regularisation and
weighting the "none" texts twice lay on the same trade-off curve or below it and were dropped.
NONE_MARGIN (-0.04, chosen in round 5 over four corpora, where it lay above the curve) is on the curve with the
n-grams (no margin to +0.02: the same share handled right, 0.871-0.864); it is kept at -0.04.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from assistant.themes.classifier import Probabilities
from assistant.themes.embeddings import Embedder, Progress
from assistant.themes.memory import taxonomy_memory
from assistant.themes.shards import Keys
from semantic_layer.model import LabelledText, Theme

ACCEPT_PROBABILITY = 0.45
SECONDARY_PROBABILITY = 0.25
# A text whose best cosines to everything its theme was learnt from average less than this is not about it,
# however the classifier splits its probability (it matters most for a taxonomy learnt from a few texts and
# without texts of no theme, where every text would otherwise take some theme).
PLAUSIBLE_SIMILARITY = 0.2
NONE_MARGIN = -0.04


@dataclass(frozen=True)
class Assignment:
    """Per text: the index of its theme in the taxonomy (-1: none) and of a secondary theme (-1: none)."""

    primary: npt.NDArray[np.int64]
    secondary: npt.NDArray[np.int64]
    probabilities: Probabilities  # texts × themes
    support: npt.NDArray[np.float64]  # per text, its closeness to the texts its most probable theme was learnt from
    present: npt.NDArray[np.bool_]  # per text, whether it has a vector (a letter or digit)
    none_support: npt.NDArray[np.float64] | None = None  # per text, its closeness to the "none" texts


def embed_and_assign(
    texts: Sequence[str],
    taxonomy: Sequence[Theme],
    embedder: Embedder,
    *,
    labelled: Sequence[LabelledText] = (),
    progress: Progress | None = None,
) -> tuple[Keys, Assignment]:
    """The texts' embedding-cache keys and their themes (see the module docstring).

    A text's probability row comes from the process's memory (memory.py) when it has themed the text before
    with this taxonomy, and is computed and remembered otherwise; either way the row is the same numbers, so
    the assignment is the same. Only texts not remembered are embedded (or read from the cache): a warm
    answer reads no vector here; a caller that needs some texts' vectors reads them by their keys."""
    memory = taxonomy_memory(embedder, taxonomy, labelled)
    found, rows = memory.texts.find(texts)
    missing = np.flatnonzero(~found)
    if len(missing):
        new = [texts[i] for i in missing.tolist()]
        computed = memory.compute(embedder, new, progress=progress)  # or read from the row store
        rows.keys[missing] = computed.keys
        rows.probability[missing] = computed.probability
        rows.support[missing] = computed.support
        rows.none_support[missing] = computed.none_support
        rows.present[missing] = computed.present
        memory.texts.remember(new, computed)
    return rows.keys, assign(rows.probability, rows.support, rows.present, rows.none_support)


def assign(
    probabilities: Probabilities,
    support: npt.NDArray[np.float64],
    present: npt.NDArray[np.bool_],
    none_support: npt.NDArray[np.float64] | None = None,
) -> Assignment:
    """Themes from the texts' probability rows (see the module docstring); without `none_support` the
    NONE_MARGIN rule is not applied."""
    n, themes = probabilities.shape
    if not n or not themes:
        empty = np.full(n, -1, dtype=np.int64)
        return Assignment(empty, empty.copy(), np.zeros((n, themes)), np.zeros(n), present, none_support)
    first, runner = _top_two(probabilities)
    rows = np.arange(n)
    best = probabilities[rows, first]
    none = 1.0 - probabilities.sum(axis=1)
    accepted = present & (best >= ACCEPT_PROBABILITY) & (best > none) & (support >= PLAUSIBLE_SIMILARITY)
    if none_support is not None:
        accepted &= support - none_support >= NONE_MARGIN
    primary = np.where(accepted, first, -1).astype(np.int64)
    secondary = np.full(n, -1, dtype=np.int64)
    if themes > 1:
        likely = probabilities[rows, runner] >= SECONDARY_PROBABILITY
        secondary = np.where((primary >= 0) & likely & (runner != first), runner, -1).astype(np.int64)
    return Assignment(primary, secondary, probabilities, support, present, none_support)


def _top_two(scores: Probabilities) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Per row, the best column and the runner-up (ties to the lower column, as a stable sort would rank
    them); the runner-up is the best again when there is one column."""
    first = scores.argmax(axis=1)
    if scores.shape[1] < 2:
        return first, first
    rest = scores.copy()
    rest[np.arange(len(scores)), first] = -np.inf
    return first, rest.argmax(axis=1)
