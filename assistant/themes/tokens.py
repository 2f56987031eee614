"""Normalisation, sentence splitting and tokenization for English and Chinese complaint texts.

English: lower-cased words, contractions expanded (incl. the apostrophe-less typos "dont", "doesnt"),
light suffix stemming. Chinese: jieba words. Any text may mix both scripts ("APP一打开就闪退"), so
every text goes through both tokenizers; there is no language switch to get wrong.
"""

from __future__ import annotations

import importlib
import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from assistant.text_safety import strip_invisible

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK}]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
# Sentence ends: CJK and Latin terminators; a full stop only before a space or the end, so "¥926.10" stays whole.
_SENTENCE_SPLIT = re.compile(r"[!?;。！？；…\n]+|\.+(?=\s|$)")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Words without their apostrophe are common typos; both spellings become "<base> not".
_NEGATIONS = {
    "can't": "can", "cant": "can", "cannot": "can", "won't": "will", "wont": "will", "don't": "do",
    "dont": "do", "doesn't": "does", "doesnt": "does", "didn't": "did", "didnt": "did", "isn't": "is",
    "isnt": "is", "wasn't": "was", "wasnt": "was", "aren't": "are", "arent": "are", "haven't": "have",
    "havent": "have", "hasn't": "has", "hasnt": "has", "hadn't": "had", "hadnt": "had", "couldn't": "could",
    "couldnt": "could", "wouldn't": "would", "wouldnt": "would", "shouldn't": "should", "shouldnt": "should",
    "weren't": "were", "werent": "were",
}  # fmt: skip
_CLITICS = ("'s", "'ve", "'re", "'ll", "'d", "'m")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})

# Function words and the greetings, courtesies and sign-offs that open or close almost any ticket; they
# say nothing about the topic and would otherwise pull clusters together.
_EN_STOPWORDS = """a about above after again against all am an and any are as at be been before being below between both
    but by could did do does doing down during each few for from further had has have having he her here hers
    him his how i if in into is it its itself just me more most my myself no nor not of off on once only or
    other our ours out over own same she should so some such than that the their them then there these they
    this those through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself also still even already ever yet ok okay
    hi hello hey dear morning afternoon evening good thank thanks please regards sincerely best kind team sir
    madam customer service support hope help soon asap cheers anyone someone guys
    get got one two three time today yesterday week day days now back let can may might must shall
    say says said though although every everything nothing anything something never always since ago
    much many lot lots quite else another others such via per etc whether either neither each able within
    upon instead rather almost enough maybe perhaps sure thing things way want need tell told give gave make
    made go going went come came see look know knew"""
_ZH_STOPWORDS = """的 了 我 你 您 他 她 它 我们 你们 他们 是 在 有 和 就 都 也 还 又 很 太 吧 吗 呢 啊 呀 哦 嘛 么 这 那 这个 那个
    一个 一下 一直 已经 什么 怎么 为什么 没有 没 不 就是 还是 但是 可是 然后 而且 结果 因为 所以 如果 自己 现在
    今天 昨天 之前 以后 时候 一次 两次 几次 次 个 到 给 把 被 让 说 要 会 能 可以 上 下 里 去 来 过 着 对 从 跟 与 及
    你好 您好 在吗 谢谢 麻烦 请 请问 辛苦 客服 亲 好的 真的 实在 根本 简直 完全 非常 特别 一点 这么 那么 这样 那样
    真是 到底 我的 你们的 还有 同时 另外 以及 元 块 块钱 天 小时 分钟 周 月 年 个月 号 条 遍"""
ZH_STOPWORDS = frozenset(_ZH_STOPWORDS.split())

# Entries of each per-sentence cache: complaint texts repeat sentences, so a cache this size holds the
# distinct sentences of 50,000 complaints; each entry is well under a kilobyte.
CACHE_SIZE = 50_000

_JIEBA_LOCK = threading.Lock()
if TYPE_CHECKING:
    from assistant.themes.embeddings import Embedder

_jieba_ready = False


@dataclass(frozen=True)
class Document:
    """One text split into sentences: each as normalised text, as tokens (both scripts), and the character
    spans of its Chinese words of two or more characters (sorted), so that a keyword found inside one of
    them can be told apart ("续费", renewal, is not in "手续费", handling fee)."""

    sentences: tuple[str, ...]
    tokens: tuple[tuple[str, ...], ...]
    word_spans: tuple[tuple[tuple[int, int], ...], ...]


def normalize(text: str) -> str:
    """Invisible characters removed, NFKC (full-width to half-width), curly apostrophes straightened
    ("doesn’t" from phone keyboards), lower case, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", strip_invisible(text)).translate(_APOSTROPHES)
    return " ".join(text.lower().split())


def split_sentences(text: str) -> list[str]:
    """Sentences of normalised text, without their terminators; empty pieces dropped."""
    return [piece.strip(" ,，、:：") for piece in _SENTENCE_SPLIT.split(text) if piece.strip(" ,，、:：")]


def document(text: str) -> Document:
    """Normalise, split and tokenize one text."""
    return parse(normalize(text))


def parse(normalized: str) -> Document:
    """Split and tokenize one normalised text."""
    sentences = tuple(split_sentences(normalized))
    parsed = [tokenize_sentence(sentence) for sentence in sentences]
    return Document(sentences, tuple(tokens for tokens, _ in parsed), tuple(spans for _, spans in parsed))


@lru_cache(maxsize=CACHE_SIZE)
def tokenize_sentence(sentence: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """English stems and Chinese jieba words of one normalised sentence, in order, stopwords kept; and
    the (start, end) offsets of its Chinese words of two or more characters.

    Cached: complaint texts repeat greetings, courtesies and whole sentences, and jieba is the slow part.
    """
    if not _HAS_CJK.search(sentence):
        return tuple(english_tokens(sentence)), ()
    tokens: list[str] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for run in CJK_RUN.finditer(sentence):
        tokens.extend(english_tokens(sentence[position : run.start()]))
        offset = run.start()
        for word in chinese_words(run.group()):
            if len(word) > 1:
                spans.append((offset, offset + len(word)))
            tokens.append(word)
            offset += len(word)
        position = run.end()
    tokens.extend(english_tokens(sentence[position:]))
    return tuple(tokens), tuple(spans)


def english_tokens(text: str) -> list[str]:
    """Stemmed English words; "doesn't"/"doesnt" become "doe not"; numbers and ids are dropped."""
    return [token for word in _WORD.findall(text) for token in word_tokens(word)]


@lru_cache(maxsize=CACHE_SIZE)
def word_tokens(word: str) -> tuple[str, ...]:
    """The tokens of one English word (none, one stem, or a stem and "not")."""
    if any(ch.isdigit() for ch in word):
        return ()
    base = _NEGATIONS.get(word)
    if base is not None:
        return stem(base), "not"
    for clitic in _CLITICS:
        if word.endswith(clitic):
            word = word[: -len(clitic)]
            break
    return (stem(word.replace("'", "")),)


@lru_cache(maxsize=CACHE_SIZE)
def stem(word: str) -> str:
    """A light suffix stemmer: enough that 'delays', 'delayed' and 'delaying' meet, and cheap."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word.endswith("i"):
                word = word[:-1] + "y"
            elif len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # stopping -> stop
            break
    if word.endswith("e") and len(word) > 3 and not word.endswith("ee"):
        word = word[:-1]
    return word


@lru_cache(maxsize=CACHE_SIZE)
def chinese_words(run: str) -> tuple[str, ...]:
    """jieba words of a run of CJK characters: dictionary words only (no HMM guessing of unseen words,
    which glues neighbours into pseudo-words like "天没人" and is twice as slow)."""
    _ensure_jieba()
    import jieba  # type: ignore[import-untyped, unused-ignore]

    return tuple(jieba.lcut(run, HMM=False))


def warm_up(embedder: Embedder | None = None) -> None:
    """Load jieba's dictionary, scikit-learn, the embedding model and the cache's index now (a few seconds in
    all) rather than on the first theme question, e.g. when a server starts. Default: the environment's
    embedder."""
    _ensure_jieba()
    for module in ("sklearn.cluster", "sklearn.metrics", "sklearn.feature_extraction.text"):
        importlib.import_module(module)
    if embedder is None:
        from assistant.themes.engine import default_embedder  # imports this module: imported late

        embedder = default_embedder()
    embedder.encoder.encode(["warm up"])
    len(embedder.store)


def _ensure_jieba() -> None:
    global _jieba_ready
    if _jieba_ready:
        return
    with _JIEBA_LOCK:
        if not _jieba_ready:
            import jieba  # type: ignore[import-untyped, unused-ignore]

            # jieba logs its dictionary loading at DEBUG to stderr; that is noise on the command line.
            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba_ready = True


def is_function_word(word: str) -> bool:
    """A surface (unstemmed) English word that says nothing on its own: stopwords, negations, contractions."""
    return "'" in word or word in _NEGATIONS or is_stopword(stem(word))


def is_stopword(token: str) -> bool:
    """Stopwords of either language, and tokens too short to mean anything (single Latin letters)."""
    return token in EN_STOPWORDS or token in ZH_STOPWORDS or (len(token) == 1 and token.isascii())


EN_STOPWORDS = frozenset(stem(word) for word in _EN_STOPWORDS.split())


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of `words`, shaped as a trie so that the engine branches once per character
    instead of trying every word in turn; at a position the longest word wins."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # end of a word

    def render(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer continuations are optional (and tried first)
            return body + "?" if len(branches) == 1 and len(body) == 1 else f"(?:{body})?"
        return body

    return render(trie)


def has_cjk(text: str) -> bool:
    return _HAS_CJK.search(text) is not None
