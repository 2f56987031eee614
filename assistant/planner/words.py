"""Word lists of the offline planner that are data, not code: filler words per language and the business
shorthand lexicon (assistant/planner/data/*.yml), plus typo correction over the model's vocabulary."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import OSA

from assistant.contracts import Language
from assistant.planner import cues
from assistant.planner.lexicon import Lexicon
from assistant.planner.morphology import lemmas, model_form, names_a_concept, values_of_named

ENGLISH_WORD = re.compile(r"[a-z][a-z']*")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Words of the time grammar and the planner's cues that typos may target besides the model's own vocabulary.
_GRAMMAR_WORDS = (
    "month", "months", "quarter", "quarters", "year", "years", "week", "weeks", "days", "last", "this", "previous",
    "average", "number", "total", "compare", "between", "versus", "trend", "breakdown", "percentage", "share",
    # month and weekday names of the time grammar ('octber', 'novmber', 'feburary', 'wednesay')
    "january", "february", "march", "april", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip


def _load(name: str) -> dict[str, Any]:
    text = resources.files("assistant.planner").joinpath("data", name).read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError(f"assistant/planner/data/{name} must be a mapping of language to words")
    return loaded


@cache
def fillers(language: Language) -> frozenset[str]:
    words = _load("fillers.yml").get(language) or []
    return frozenset(str(w).lower() for w in words if isinstance(w, str | int))


@cache
def zh_fillers_longest_first() -> tuple[str, ...]:
    return tuple(sorted(fillers("zh"), key=len, reverse=True))


@cache
def shorthand(language: Language) -> dict[str, str]:
    entries = _load("shorthand.yml").get(language) or {}
    return {str(k).lower(): str(v) for k, v in entries.items()}


@cache
def shorthand_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """English shorthand entries of several words ('leave out'), as whole-word patterns, longest first."""
    phrases = sorted((k for k in shorthand("en") if " " in k), key=len, reverse=True)
    found = [(re.compile(r"\b" + r"\s+".join(map(re.escape, k.split())) + r"\b"), shorthand("en")[k]) for k in phrases]
    # Chinese phrases that hold filler characters ('第一次' = 首次: '一次' alone is a filler), matched as they are
    chinese = {str(k).lower(): str(v) for k, v in (_load("shorthand.yml").get("zh_phrases") or {}).items()}
    found += [(re.compile(re.escape(k)), chinese[k]) for k in sorted(chinese, key=len, reverse=True)]
    return tuple(found)


@cache
def shorthand_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    entries = _load("shorthand.yml").get("en_patterns") or {}
    return tuple((re.compile(str(k)), str(v)) for k, v in entries.items())


def content_word(word: str, lexicon: Lexicon) -> bool:
    """Whether a leftover word may carry meaning the plan would miss. A word that is part of a phrase of the
    model ('answered' of 'answered within 3 hours', '转化' of '转化率') does: the user means something the
    model names, only not in its words. Otherwise English forms of verbs (-ed/-ing) do not: the event they name
    is told by the model's words around them ('orders placed', 'tickets received'); in Chinese only nouns do
    (jieba's part-of-speech tags), so verbs and particles pass."""
    if word.lower() in cues.NUMBER_WORDS:  # 'those five cities': a number, as '5' is (even one inside a phrase)
        return False
    if lexicon.contains_part(word):
        return True
    if word.isascii():
        return not (len(word) >= 5 and (word.endswith("ed") or word.endswith("ing")))
    if len(word) < 2:
        return False
    import jieba  # type: ignore[import-untyped, unused-ignore]  # lazy: ~1 s to load, only when needed
    import jieba.posseg  # type: ignore[import-untyped, unused-ignore]

    jieba.setLogLevel(logging.WARNING)  # its dictionary loading is DEBUG noise on the command line
    return any(tag.flag.startswith(("n", "eng")) or tag.flag == "vn" for tag in jieba.posseg.cut(word))


@dataclass(frozen=True)
class Correction:
    start: int  # offsets into the text the correction was found in
    end: int
    said: str
    read: str


def correction_for(word: str, lexicon: Lexicon, language: Language, named: frozenset[str] | None = None) -> str | None:
    """What a word the model does not know most likely means: a business shorthand first, then another form of
    a word of the model ('spent' -> 'spend', morphology.py), then the closest word of the model's vocabulary
    within one edit (two for long words). None when nothing is close. `named`: the entities the question names;
    an inflection read as a value needs its field's entity among them ('how many clients did we lose' ->
    'lost' of the customer status, but not 'how much revenue did we lose')."""
    known = lexicon.words()
    if word in known:
        return None
    expanded = shorthand_of(word)
    if expanded:
        return expanded
    inflected = model_form(word, lexicon, fillers("en"))
    # a verb form that passes as filler ('-ed', '-ing') is rewritten only to a word naming a concept of the model
    concept = inflected and (content_word(word, lexicon) or names_a_concept(inflected, lexicon))
    if inflected and concept and (named is None or values_of_named(inflected, lexicon, named)):
        return inflected
    if word.isascii() and lemmas(word) & fillers("en"):
        return None  # 'bringing in more revenue': a form of a filler verb is that verb, not a slip of 'binding'
    swapped = _transposition(word, known)
    if swapped is not None:
        return swapped
    skeleton = _consonant_skeleton(word, known)
    if skeleton is not None:
        return skeleton
    if len(word) < 5 or not word.isascii():  # short words are too close to each other ("cash", "case")
        return None
    budget = 1 if len(word) < 8 else 2
    candidates = [*known, *_GRAMMAR_WORDS]
    found = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=budget)
    if found is None:
        return None
    best, distance, _ = found
    if distance > 1 and str(best)[0] != word[0]:
        return None  # 'hangzhou' is no slip of 'guangzhou': two edits and another first letter make another name
    ties = {str(c) for c in candidates if OSA.distance(word, c) == distance} | {str(best)}
    if len({_stem(t) for t in ties}) > 1:
        return None  # two different words are equally close: guessing would be a coin toss
    # Forms of one word ('churn', 'churned' for 'churnd'): the one ending like the typed word, else the shortest.
    return min(ties, key=lambda t: (t[-1] != word[-1], abs(len(t) - len(word)), len(t), t))


def _transposition(word: str, known: frozenset[str] | set[str]) -> str | None:
    """Two neighbouring letters typed the other way round ('mnay', 'lsat', 'teh', 'cusotmers'): the word of the
    model, of the time grammar or a filler word that swapping them gives, when exactly one does. Other edits of
    short words are not guessed ('cash' is no typo of 'case'), a swap is the commonest slip of the fingers."""
    if len(word) < 3 or not word.isascii() or not word.isalpha():
        return None
    # a filler word only for a typed word no English word could be ('mnay', 'lsat'): 'form' stays 'form', a word
    # the data may lack, not the filler 'from' (a dropped word could change the answer)
    vocabulary = [known, _GRAMMAR_WORDS, *([fillers("en")] if not _spellable(word) else [])]
    found = {
        swapped
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
        and any((swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) in words for words in vocabulary)
    }
    return found.pop() if len(found) == 1 else None


_VOWELS = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"(.)\1+")


def _skeleton(word: str) -> str:
    """A word's first letter and its consonants, doubled letters once: 'channel' -> 'chnl', 'orders' -> 'ordrs'."""
    return _DOUBLED.sub(r"\1", word[0] + _VOWELS.sub("", word[1:]))


def _consonant_skeleton(word: str, known: frozenset[str] | set[str]) -> str | None:
    """Chat shorthand by dropped vowels ('chnl', 'rgn', 'cmplnts', 'dlvry', 'msgs', 'regn'): a typed word whose
    consonant skeleton is that of one word of the model or of the time grammar (or forms of one word), which holds
    every letter typed in order when some vowels were typed (words of four letters or more). A skeleton of fewer than
    three letters is never guessed."""
    if len(word) < 3 or not word.isascii() or not word.isalpha():
        return None
    vowelled = bool(_VOWELS.search(word[1:]))  # 'regn': some vowels dropped; then every letter typed is in the word
    if vowelled and len(word) < 4:
        return None
    typed = _skeleton(word)
    if len(typed) < 3:
        return None
    ties = {
        c
        for c in [*known, *_GRAMMAR_WORDS]
        if len(c) > len(word) and c.isalpha() and _skeleton(c) == typed and (not vowelled or _subsequence(word, c))
    }
    exact = {t for t in ties if word[0] + _VOWELS.sub("", t[1:]) == word[0] + _VOWELS.sub("", word[1:])}
    # 'cmplnts': complaints, not complainants
    ties = exact or ties
    base = _stem(min(ties, key=len)) if ties else ""
    if not ties or not all(t.startswith(base) for t in ties):  # forms of one word only ('messages', 'messagess')
        return None
    return str(min(ties, key=lambda t: (t[-1] != word[-1], len(t), t)))


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


# consonant clusters that begin English words (spelling, not sound); a word starting with any other cluster
# ('mn', 'ls', 'ht') or with no vowel at all is no English word
_ONSETS = frozenset(
    "b bl br c ch chr cl cr d dr dw f fl fr g gh gl gn gr h j k kh kl kn kr l m n p ph phr pl pr ps q r rh s sc "  # noqa: SIM905
    "sch scr sh shr sk sl sm sn sp sph spl spr sq st str sw t th thr tr ts tw v w wh wr x y z".split()
)


def _spellable(word: str) -> bool:
    """Whether a word could be an English word by its first consonant cluster and its vowels."""
    vowels = re.search(r"[aeiouy]", word)
    if vowels is None:
        return False
    return vowels.start() == 0 or word[: vowels.start()] in _ONSETS


def _stem(word: str) -> str:
    """A crude English stem, enough to tell inflections of one word from different words."""
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def shorthand_of(word: str) -> str | None:
    """The expansion of a business shorthand ('qtr', '30d'), if the word is one."""
    expanded = shorthand("en").get(word) if word.isascii() else None
    if expanded:
        return expanded
    for pattern, replacement in shorthand_patterns():
        if pattern.fullmatch(word):
            return pattern.sub(replacement, word)
    return None


def zh_typos(run: str, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """A Chinese phrase of the model with one character mistyped ('退或率' for '退货率'): a stretch of three or
    more characters that differs from exactly one phrase of the model, in one character, at the same length."""
    phrases = [p for p in lexicon.phrases() if not p.isascii() and len(p) >= 2]
    inside = _inside_fillers(run)
    found: list[tuple[int, int, str]] = []
    position = 0
    while position < len(run):
        hit: tuple[int, str] | None = None
        for length in range(min(6, len(run) - position), 1, -1):
            if position in inside:  # '献了多少' of '贡献了多少' starts inside a word: no typo of '卖了多少'
                break
            piece = run[position : position + length]
            close = {p for p in phrases if len(p) == length and _one_off(p, piece)}
            if length == 2 and close and not _aligned(run, position, position + 2):
                close = set()  # '客复' of '老客复购' straddles two words: no typo of '客服'
            if len(close) == 1 and zh_leftover(piece):  # all filler words ('下了多少') is no typo of '卖了多少'
                phrase = close.pop()
                if not _shares_content(piece, phrase):  # '建了多少' shares only fillers with '卖了多少': no typo
                    break
                if _flips_polarity(piece, phrase):  # '未送达' is no typo of '已送达': it says the opposite
                    break
                hit = (length, phrase)
                break
        if hit:
            found.append((position, position + hit[0], hit[1]))
            position += hit[0]
        else:
            position += 1
    return found


def _one_off(phrase: str, piece: str) -> bool:
    """One character different: any character in a phrase of three or more ('退或率'), and in a two-character
    phrase only a homophone with the same tone ('官往' for '官网': the input method offered the wrong character)."""
    differ = [i for i, (a, b) in enumerate(zip(phrase, piece, strict=True)) if a != b]
    if len(differ) != 1:
        return False
    if piece[differ[0]] in _PARTICLES:  # '成交过' is the verb with its aspect, no typo of '成交额'
        return False
    return len(phrase) >= 3 or _homophone(phrase[differ[0]], piece[differ[0]])


_PARTICLES = frozenset("过着的地")


def _aligned(run: str, start: int, end: int) -> bool:
    """Whether a stretch of a run begins and ends on word boundaries (jieba's segmentation)."""
    import jieba  # type: ignore[import-untyped, unused-ignore]  # lazy: ~1 s to load, only when needed

    jieba.setLogLevel(logging.WARNING)
    bounds = {0}
    position = 0
    for token in jieba.cut(run):
        position += len(token)
        bounds.add(position)
    return start in bounds and end in bounds


def _homophone(a: str, b: str) -> bool:
    """Whether two characters read the same, tone included, each in its usual reading (pypinyin): a rare reading
    would make far-fetched pairs ('复' and '服' through the rare fù of 服)."""
    from pypinyin import Style, pinyin  # lazy: its dictionaries load in ~0.3 s, only for a Chinese typo

    first, second = (pinyin(c, style=Style.TONE3, heteronym=False)[0][0] for c in (a, b))
    return bool(first == second)


_POLARITY = frozenset("未没不非无否")


def _flips_polarity(piece: str, phrase: str) -> bool:
    """Whether the one character that differs is a negation (typed or in the phrase): the opposite meaning."""
    return any(a != b and (a in _POLARITY or b in _POLARITY) for a, b in zip(piece, phrase, strict=True))


def _shares_content(piece: str, phrase: str) -> bool:
    """Whether the typed piece keeps a character of the phrase outside its filler words: a phrase whose only
    content character is the mistyped one ('卖' of '卖了多少') is a different word, not a typo of it."""
    content = {i for a, b in zh_leftover(phrase) for i in range(a, b)}
    return any(piece[i] == phrase[i] for i in content)


def _inside_fillers(run: str) -> set[int]:
    """Positions strictly inside a filler word of the run (greedy, longest filler first, as zh_leftover)."""
    words = zh_fillers_longest_first()
    inside: set[int] = set()
    position = 0
    while position < len(run):
        hit = next((w for w in words if run.startswith(w, position)), None)
        if hit:
            inside.update(range(position + 1, position + len(hit)))
            position += len(hit)
        else:
            position += 1
    return inside


def zh_corrections(run: str) -> list[tuple[int, int, str]]:
    """Chinese shorthand inside a run of characters: (start, end, expansion) per occurrence, longest first."""
    table = shorthand("zh")
    found: list[tuple[int, int, str]] = []
    position = 0
    while position < len(run):
        hit = next((k for k in sorted(table, key=len, reverse=True) if run.startswith(k, position)), None)
        if hit:
            found.append((position, position + len(hit), table[hit]))
            position += len(hit)
        else:
            position += 1
    return found


def zh_leftover(run: str) -> list[tuple[int, int]]:
    """Stretches of a run of Chinese characters that are not filler words (greedy, longest filler first)."""
    words = zh_fillers_longest_first()
    leftover: list[tuple[int, int]] = []
    position = 0
    start: int | None = None
    while position < len(run):
        hit = next((w for w in words if run.startswith(w, position)), None)
        if hit:
            if start is not None:
                leftover.append((start, position))
                start = None
            position += len(hit)
            continue
        if start is None:
            start = position
        position += 1
    if start is not None:
        leftover.append((start, len(run)))
    return leftover
