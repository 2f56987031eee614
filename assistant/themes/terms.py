"""Readable, distinctive terms of a group of texts: theme keywords for reports and labels for discovered themes.

Features for classifying and clustering use stems ("deliveri"); people read words. So terms here come
from a light surface tokenization: English words (stopwords out) and adjacent-word pairs, Chinese jieba
words of two or more characters. A term is distinctive when it is frequent in the group and more frequent
there than in the background.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant.text_safety import mask_pii
from assistant.themes.cleaning import theming_text
from assistant.themes.tokens import (
    CACHE_SIZE,
    CJK_RUN,
    chinese_words,
    has_cjk,
    is_function_word,
    is_stopword,
    normalize,
    split_sentences,
)

# Words that appear in complaints of every kind ("problem", "disappointed", "投诉") or stand for masked
# personal data; as theme keywords they would say nothing.
_GENERIC_WORDS = """problem problems issue issues disappointed happy unhappy ridiculous fix sort order orders item items
    stuff take takes took taken long shown keep keeps kept actually last next first second third twice times
    hours weeks months years seriously honestly email phone link com
    问题 处理 投诉 失望 说法 尽快 订单 东西 每次 这里 同样 一下 看看 帮忙 能不能 是不是 不了 不能 怎么回事 希望
    出来 明明 直接 显示 一段话 已经 一直 还是 起来 知道 觉得"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
_SURFACE_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")
# A term of the other language than the report's counts this much (a Chinese report still shows "app").
OTHER_LANGUAGE_WEIGHT = 0.5
# Pairs read better than single words ("dead pixels" over "pixels"), so they get a little extra.
PAIR_BONUS = 1.2
# At most this many texts of a group, and of the background, are read: the top terms are stable well before.
MAX_GROUP_TEXTS = 300
MAX_BACKGROUND_TEXTS = 2_000


@lru_cache(maxsize=CACHE_SIZE)
def surface_terms(text: str) -> frozenset[str]:
    """The distinct readable terms of one text (of its theming form, cleaning.py: no markup or links): content
    words, adjacent content-word pairs, Chinese words."""
    terms: set[str] = set()
    # A masked span becomes a sentence break: no keyword is built from it or across it ("mail john").
    for sentence in split_sentences(normalize(mask_pii(theming_text(text), replacement=" ; "))):
        previous: str | None = None
        position = 0
        for run in [*CJK_RUN.finditer(sentence), None]:
            latin = sentence[position : run.start() if run else len(sentence)]
            for word in _SURFACE_WORD.findall(latin):
                if len(word) < 3 or word in _GENERIC or is_function_word(word):
                    previous = None
                    continue
                terms.add(word)
                if previous is not None:
                    terms.add(f"{previous} {word}")
                previous = word
            if run is None:
                break
            previous = None
            terms.update(
                word
                for word in chinese_words(run.group())
                if len(word) > 1 and word not in _GENERIC and not is_stopword(word)
            )
            position = run.end()
    return frozenset(terms)


@dataclass(frozen=True)
class TermStats:
    """How many of (a spread sample of) some texts contain each term: the background of a comparison."""

    counts: Counter[str]
    texts: int

    @classmethod
    def of(cls, texts: Sequence[str], *, limit: int = MAX_BACKGROUND_TEXTS) -> TermStats:
        sample = spread(texts, limit)
        return cls(Counter(term for text in sample for term in surface_terms(text)), len(sample))


def distinctive_terms(
    group: Sequence[str], background: TermStats, *, language: Literal["en", "zh"], limit: int = 6
) -> list[str]:
    """Up to `limit` terms frequent in `group` and more frequent there than in `background`.

    Only terms occurring in at least two texts of the group count (one when the group has one text); a
    term contained in an already chosen one (or containing it) is skipped so the list does not repeat itself.
    """
    sample = spread(group, MAX_GROUP_TEXTS)
    if not sample:
        return []
    inside = Counter(term for text in sample for term in surface_terms(text))
    floor = 1 if len(sample) == 1 else 2
    scored: list[tuple[float, str]] = []
    for term, count in inside.items():
        if count < floor:
            continue
        share = count / len(sample)
        base = background.counts[term] / background.texts if background.texts else 0.0
        score = share * math.log1p(share / (base + 0.01))
        if " " in term:
            score *= PAIR_BONUS
        if has_cjk(term) != (language == "zh"):
            score *= OTHER_LANGUAGE_WEIGHT
        scored.append((score, term))
    chosen: list[str] = []
    for _, term in sorted(scored, key=lambda item: (-item[0], item[1])):
        if any(overlaps(term, other) for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == limit:
            break
    return chosen


def spread(texts: Sequence[str], limit: int) -> Sequence[str]:
    """At most `limit` texts, evenly spread over the sequence (deterministic, unlike a random sample)."""
    if len(texts) <= limit:
        return texts
    step = len(texts) / limit
    return [texts[int(index * step)] for index in range(limit)]


def overlaps(term: str, other: str) -> bool:
    """Whether one term contains the other (as words in English, as characters in Chinese)."""
    term, other = term.lower(), other.lower()
    if has_cjk(term) or has_cjk(other):
        return term in other or other in term
    words, other_words = set(term.split()), set(other.split())
    return words <= other_words or other_words <= words
