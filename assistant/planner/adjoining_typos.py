"""A Chinese typo right against a phrase of the model: '退货律' for '退货率', '定单数' for '订单数'.

The typo reader of `words.zh_typos` only looks at stretches no phrase of the model matched. When the mistyped
character sits right beside a shorter phrase that did match ('退货' is the returned status), that phrase wins and the
character is left alone; a rate then silently becomes the count of its numerator ('退货律多少' answered the number of
returned orders). Read here: a stretch made of one or more whole matched phrases and unmatched characters that differs
from one longer phrase of the model in exactly one unmatched character, that character read aloud as the phrase's own
character is read inside the phrase (pypinyin, tone included: the input method offered the wrong character). A
character that merely differs ('退货单' is no typo of '退货率') is left to the other rules.
"""

from __future__ import annotations

from functools import cache

from assistant.planner.lexicon import Lexicon
from assistant.planner.reading import Reading
from assistant.planner.words import CJK_RUN

__all__ = ["adjoining_typos"]

_NEVER_TYPED_FOR = frozenset("过着的地了未没不非无否")  # particles and negations say something, they are no slip


def adjoining_typos(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, phrase) for each stretch beside a matched phrase that is a homophone typo of a longer phrase."""
    phrases = _longer_phrases(lexicon)
    matched = [False] * len(reading.masked)
    for m in reading.matches:
        matched[m.start : m.end] = [True] * (m.end - m.start)
    found: list[tuple[int, int, str]] = []
    for run in CJK_RUN.finditer(reading.masked):
        for m in reading.matches:
            if not (run.start() <= m.start and m.end <= run.end()):
                continue
            fix = _typo_around(reading, m.start, m.end, run.start(), run.end(), matched, phrases)
            if fix is not None and not any(a < fix[1] and fix[0] < b for a, b, _ in found):
                found.append(fix)
    return found


def _typo_around(
    reading: Reading,
    start: int,
    end: int,
    run_start: int,
    run_end: int,
    matched: list[bool],
    phrases: dict[int, list[str]],
) -> tuple[int, int, str] | None:
    """The one longer phrase that the stretch around the match [start, end) is a homophone typo of, if any."""
    text = reading.masked
    hits: set[tuple[int, int, str]] = set()
    for length in sorted(phrases, reverse=True):
        if length <= end - start:
            break
        for first in range(max(run_start, end - length), min(start, run_end - length) + 1):
            piece = text[first : first + length]
            if not _whole_matches(reading, first, first + length):
                continue
            for phrase in phrases[length]:
                differ = [i for i in range(length) if phrase[i] != piece[i]]
                if len(differ) != 1 or matched[first + differ[0]] or piece[differ[0]] in _NEVER_TYPED_FOR:
                    continue
                if _sounds_alike(phrase, differ[0], piece[differ[0]]):
                    hits.add((first, first + length, phrase))
        if hits:
            break
    return hits.pop() if len(hits) == 1 else None


def _whole_matches(reading: Reading, first: int, last: int) -> bool:
    """Whether every matched phrase touching [first, last) lies wholly inside it: a typo never cuts a word."""
    return all(m.end <= first or last <= m.start or (first <= m.start and m.end <= last) for m in reading.matches)


@cache
def _phrase_readings(phrase: str) -> tuple[str, ...]:
    """Each character of a phrase as it is read inside the phrase ('率' of '退货率' is lü4, not shuai4)."""
    from pypinyin import Style, pinyin  # lazy: its dictionaries load in ~0.3 s, only for a Chinese typo

    return tuple(syllable[0] for syllable in pinyin(phrase, style=Style.TONE3, heteronym=False))


@cache
def _usual_reading(character: str) -> str:
    from pypinyin import Style, pinyin

    return str(pinyin(character, style=Style.TONE3, heteronym=False)[0][0])


def _sounds_alike(phrase: str, index: int, typed: str) -> bool:
    readings = _phrase_readings(phrase)
    return len(readings) == len(phrase) and readings[index] == _usual_reading(typed)


def _longer_phrases(lexicon: Lexicon) -> dict[int, list[str]]:
    """The model's Chinese phrases of two to six characters, by length."""
    by_length: dict[int, list[str]] = {}
    for phrase in lexicon.phrases():
        if 2 <= len(phrase) <= 6 and CJK_RUN.fullmatch(phrase):
            by_length.setdefault(len(phrase), []).append(phrase)
    return by_length
