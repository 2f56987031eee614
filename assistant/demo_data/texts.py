"""All text templates as one bank table, so the writer can fill texts with a join instead of a loop.

A row of the bank is (bank, lang, k, text): `bank` says what the text is for (the complaint body of
theme 3, the subject of request type 5, an opener, ...), `lang` is 0 for English and 1 for Chinese,
and `k` numbers the variants. Generators pick `k` per row with `pick`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from assistant.demo_data import texts_en, texts_zh
from assistant.demo_data.domain import REQUEST_TYPES, THEMES
from assistant.demo_data.vocab import HOSTILE

IntArray = npt.NDArray[np.int64]

# Banks indexed by theme or request type occupy a block of ten ids starting here.
COMPLAINT = 0
SUBJECT = 10
SECONDARY = 20
SURVEY_NEGATIVE = 30
REQUEST = 40
REQUEST_SUBJECT = 50
SURVEY_POSITIVE = 60
SURVEY_NEUTRAL = 61
OPENER = 62
CLOSER_POLITE = 63
CLOSER_ANGRY = 64
PII = 65
HOSTILE_TEXT = 66
N_BANKS = 67


@dataclass(frozen=True)
class TextBank:
    """The templates as parallel columns plus the number of variants per (bank, lang)."""

    bank: IntArray
    lang: IntArray
    k: IntArray
    text: tuple[str, ...]
    sizes: IntArray  # shape (N_BANKS, 2)


def _entries() -> list[tuple[int, int, tuple[str, ...]]]:
    entries: list[tuple[int, int, tuple[str, ...]]] = []
    for lang, module in enumerate((texts_en, texts_zh)):
        for i, theme in enumerate(THEMES):
            entries.append((COMPLAINT + i, lang, module.COMPLAINTS[theme]))
            entries.append((SUBJECT + i, lang, module.SUBJECTS[theme]))
            entries.append((SECONDARY + i, lang, module.SECONDARY[theme]))
            entries.append((SURVEY_NEGATIVE + i, lang, module.SURVEY_NEGATIVE[theme]))
        for i, request in enumerate(REQUEST_TYPES):
            entries.append((REQUEST + i, lang, module.REQUESTS[request]))
            entries.append((REQUEST_SUBJECT + i, lang, module.REQUEST_SUBJECTS[request]))
        entries.append((SURVEY_POSITIVE, lang, module.SURVEY_POSITIVE))
        entries.append((SURVEY_NEUTRAL, lang, module.SURVEY_NEUTRAL))
        entries.append((OPENER, lang, module.OPENERS))
        entries.append((CLOSER_POLITE, lang, module.CLOSERS_POLITE))
        entries.append((CLOSER_ANGRY, lang, module.CLOSERS_ANGRY))
        entries.append((PII, lang, module.PII))
        entries.append((HOSTILE_TEXT, lang, HOSTILE))
    return entries


@cache
def text_bank() -> TextBank:
    """Build the bank once per process; it is a few hundred short strings."""
    banks: list[int] = []
    langs: list[int] = []
    ks: list[int] = []
    texts: list[str] = []
    sizes = np.zeros((N_BANKS, 2), dtype=np.int64)
    for bank, lang, variants in _entries():
        sizes[bank, lang] = len(variants)
        for k, text in enumerate(variants):
            banks.append(bank)
            langs.append(lang)
            ks.append(k)
            texts.append(text)
    return TextBank(
        bank=np.array(banks, dtype=np.int64),
        lang=np.array(langs, dtype=np.int64),
        k=np.array(ks, dtype=np.int64),
        text=tuple(texts),
        sizes=sizes,
    )


def pick(rng: np.random.Generator, bank: IntArray, lang: IntArray) -> IntArray:
    """A uniformly chosen variant number for each row's (bank, lang)."""
    sizes = np.asarray(text_bank().sizes[bank, lang], dtype=np.float64)
    return np.floor(rng.random(len(bank)) * sizes).astype(np.int64)
