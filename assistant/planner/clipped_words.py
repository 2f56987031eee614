"""A word clipped short before the rest of a phrase of the model: 'reso time', 'rtn rate', 'conv rt'. Chat and
dashboard headers cut a long first word to its first letters ('reso' of 'resolution') or to a few of its consonants
('rtn' of 'return'); the words after it, which the model has as the rest of one of its phrases ('time' of 'resolution
time', 'rate' of 'return rate'), say which word was cut.

A clipped word is read as the first word of such a phrase when it begins with the same letter, is shorter, and is
either its first three or more letters or, with no vowel after the first letter, some of its letters in order. When
the clipped word fits the first words of two different phrases ('re time': 'resolution', 'response') nothing is
guessed."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon, normalize

_VOWELS = re.compile(r"[aeiou]")
_WORD = re.compile(r"[a-z]+")


def clipped_word(word: str, after: str, lexicon: Lexicon) -> str | None:
    """The whole word `word` was clipped from, judged by the text right `after` it; None when no phrase of the model
    completes it or when two different words do."""
    if not (2 <= len(word) <= 6 and word.isascii() and word.isalpha()):
        return None
    following = _WORD.findall(after.lower())[:4]
    whole = set()
    for phrase in lexicon.phrases():
        first, *rest = normalize(phrase).split()
        if rest and following[: len(rest)] == rest and first.isalpha() and _clips(word, first):
            whole.add(first)
    if not whole:
        return None
    shortest = min(whole, key=len)
    return shortest if all(w.startswith(shortest.rstrip("s")) for w in whole) else None


def _clips(word: str, whole: str) -> bool:
    if len(word) >= len(whole) or word[0] != whole[0]:
        return False
    if whole.startswith(word):
        return len(word) >= 3
    if _VOWELS.search(word[1:]):
        return False
    letters = iter(whole)
    return all(char in letters for char in word)
