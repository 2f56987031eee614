"""Corpus-driven spelling correction of English words towards the vocabulary of the taxonomy's keywords.

A word seen at most a couple of times that is one or two edits away from a keyword word seen many times
in the same texts ("expensvie", "declinedd" next to hundreds of "expensive", "declined") is almost surely
a typo of it. The nearest frequent word wins, keyword or not, so "wrriting" stays away from "waiting"
when "writing" is common. Real words are safe because they are not rare in a large corpus, and a small
corpus never has the counts to trigger a correction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable

from assistant.themes.tokens import is_function_word, stem, trie_pattern

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MIN_LENGTH = 5  # shorter words have too many neighbours one edit away
LONG_WORD = 8  # from this length two edits are allowed
MIN_TARGET_COUNT = 10
MIN_COUNT_RATIO = 10  # the target is at least this many times more frequent than the typo
RARE_PER_TEXTS = 5_000  # a typo occurs at most max(2, texts / RARE_PER_TEXTS) times


def spelling_corrections(texts: Collection[str], keyword_stems: Collection[str]) -> dict[str, str]:
    """Misspelt word -> corrected word, for words of the (normalised) texts near a frequent keyword word."""
    counts = Counter(word for text in texts for word in _WORD.findall(text) if len(word) >= MIN_LENGTH - 1)
    frequent = {word for word, count in counts.items() if count >= MIN_TARGET_COUNT}
    if not any(stem(word) in keyword_stems for word in frequent):
        return {}
    index: dict[str, set[str]] = {}
    for target in frequent:
        for variant in _deletions(target, 2 if len(target) >= LONG_WORD else 1):
            index.setdefault(variant, set()).add(target)
    rare = max(2, len(texts) // RARE_PER_TEXTS)
    corrections: dict[str, str] = {}
    for word, count in counts.items():
        if count > rare or len(word) < MIN_LENGTH or is_function_word(word):
            continue
        allowed = 2 if len(word) >= LONG_WORD else 1
        distances = {
            target: _edit_distance(word, target)
            for variant in _deletions(word, allowed)
            for target in index.get(variant, ())
        }
        near = sorted(
            (distance, -counts[target], target) for target, distance in distances.items() if distance <= allowed
        )
        if near:
            target = near[0][2]
            if stem(target) in keyword_stems and counts[target] >= MIN_COUNT_RATIO * count:
                corrections[word] = target
    return corrections


def corrector(corrections: dict[str, str]) -> Callable[[str], str]:
    """A function replacing the misspelt words of a (normalised) text; the identity when there are none."""
    if not corrections:
        return lambda text: text
    # One trie-shaped pattern of the misspelt words only: texts without a typo cost a single scan.
    pattern = re.compile(r"(?<![a-z'])(?:" + trie_pattern(corrections) + r")(?![a-z'])")
    return lambda text: pattern.sub(lambda match: corrections[match.group()], text)


def _deletions(word: str, depth: int) -> set[str]:
    """The word and every string made by deleting up to `depth` characters (symmetric-delete lookup)."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {variant[:i] + variant[i + 1 :] for variant in frontier for i in range(len(variant))}
        found |= frontier
    return found


def _edit_distance(left: str, right: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions."""
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, a in enumerate(left, 1):
        current = [i] + [0] * len(right)
        for j, b in enumerate(right, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == right[j - 2] and left[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def keyword_stems(keywords: Iterable[str]) -> set[str]:
    """The stems of the English words in `keywords`."""
    return {
        stem(word) for keyword in keywords for word in _WORD.findall(keyword.lower()) if len(word) >= MIN_LENGTH - 1
    }
