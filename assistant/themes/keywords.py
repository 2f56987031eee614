"""The keywords of a theme taxonomy found in texts: what a theme's texts say, shown in answers (keywords never
assign a theme: semantic.py does, by meaning).

English keywords match as stemmed word sequences, with up to two words in between ("sent back"
matches "sent the charger back", "hasn't arrived" matches "hasnt arrived"). Chinese keywords of two or
more characters match as substrings (jieba may split a phrase differently from the keyword), except as
the tail of a longer word ("续费" in "手续费"); a single character only as a whole jieba word; words
separated by a space ("付款 失败") match like an English phrase ("付款老是失败").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from assistant.themes.tokens import english_tokens, has_cjk, normalize, parse, trie_pattern
from semantic_layer.model import Theme

# Longer keywords are more specific: each English word after the first, or Chinese character after the
# second, adds to the weight, up to MAX_KEYWORD_WEIGHT.
_EXTRA_WORD_WEIGHT = 0.5
_EXTRA_CHAR_WEIGHT = 0.25
MAX_KEYWORD_WEIGHT = 2.0
# Words a phrase keyword may have in between ("charged me twice" for "charged twice").
_MAX_GAP = 2

Scores = npt.NDArray[np.float64]
WordSpans = tuple[tuple[int, int], ...]
_NO_END = 1 << 62
MAX_REMEMBERED = 100_000  # texts whose keywords a matcher remembers (the texts themselves are kept)  # sorts after any real end offset in a (start, end) search key


@dataclass(frozen=True)
class _Keyword:
    text: str  # as first written in the taxonomy, for display
    themes: tuple[int, ...]
    weight: float


@dataclass(frozen=True)
class KeywordMatcher:
    """The compiled keywords of a taxonomy."""

    keywords: tuple[_Keyword, ...]
    # Word keywords by their first word, longest first: (words, index into keywords).
    by_first_word: dict[str, list[tuple[tuple[str, ...], int]]]
    # Chinese substring keywords: one trie-shaped pattern (longest match first) and the keyword of each match.
    char_pattern: re.Pattern[str] | None
    by_chars: dict[str, int]
    # Text -> the keywords it contains (`keywords_in`), for at most MAX_REMEMBERED texts.
    _found: dict[str, tuple[_Keyword, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, taxonomy: Sequence[Theme]) -> KeywordMatcher:
        word_keys: dict[str, list[int]] = {}
        char_keys: dict[str, list[int]] = {}
        spelled: dict[str, str] = {}  # match key -> the keyword as first written
        for index, theme in enumerate(taxonomy):
            for written in (*theme.keywords.en, *theme.keywords.zh):
                keyword = normalize(written)
                if has_cjk(keyword) and len(keyword) >= 2 and " " not in keyword:
                    _add(char_keys, keyword, index)
                    spelled.setdefault(keyword, written.strip())
                elif phrase := " ".join(keyword.split() if has_cjk(keyword) else english_tokens(keyword)):
                    _add(word_keys, phrase, index)
                    spelled.setdefault(phrase, written.strip())
        keywords: list[_Keyword] = []
        by_first_word: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for phrase, themes in sorted(word_keys.items(), key=lambda item: (-item[0].count(" "), -len(item[0]), item[0])):
            words = tuple(phrase.split(" "))
            by_first_word.setdefault(words[0], []).append((words, len(keywords)))
            weight = min(1.0 + _EXTRA_WORD_WEIGHT * (len(words) - 1), MAX_KEYWORD_WEIGHT)
            keywords.append(_Keyword(spelled[phrase], tuple(themes), weight))
        by_chars: dict[str, int] = {}
        for chars, themes in sorted(char_keys.items()):
            by_chars[chars] = len(keywords)
            weight = min(1.0 + _EXTRA_CHAR_WEIGHT * (len(chars) - 2), MAX_KEYWORD_WEIGHT)
            keywords.append(_Keyword(spelled[chars], tuple(themes), weight))
        return cls(
            keywords=tuple(keywords),
            by_first_word=by_first_word,
            char_pattern=re.compile(trie_pattern(by_chars)) if by_chars else None,
            by_chars=by_chars,
        )

    def keywords_in(self, text: str) -> tuple[_Keyword, ...]:
        """The keywords (as written in the taxonomy) a text contains, in order, remembered:
        theme keywords of a report read the same texts question after question."""
        found = self._found.get(text)
        if found is None:
            doc = parse(normalize(text))
            found = tuple(
                keyword
                for sentence, tokens, spans in zip(doc.sentences, doc.tokens, doc.word_spans, strict=True)
                for keyword in self._matches(sentence, tokens, spans)
            )
            if len(self._found) >= MAX_REMEMBERED:
                self._found.clear()
            self._found[text] = found
        return found

    def _matches(self, sentence: str, tokens: tuple[str, ...], word_spans: WordSpans) -> list[_Keyword]:
        found = [self.keywords[index] for index in self._word_matches(tokens)]
        if self.char_pattern is not None and has_cjk(sentence):
            found.extend(
                self.keywords[self.by_chars[match.group()]]
                for match in self.char_pattern.finditer(sentence)
                if not _cuts_a_word(match.start(), match.end(), word_spans)
            )
        return found

    def _word_matches(self, tokens: tuple[str, ...]) -> list[int]:
        """Leftmost, non-overlapping word keyword matches; at one position the longest keyword wins."""
        found: list[int] = []
        position = 0
        while position < len(tokens):
            end = position + 1
            for words, index in self.by_first_word.get(tokens[position], ()):
                match_end = _match_words(tokens, position, words)
                if match_end is not None:
                    found.append(index)
                    end = match_end
                    break
            position = end
        return found


def _cuts_a_word(start: int, end: int, word_spans: WordSpans) -> bool:
    """Whether the match [start, end) is the tail of a longer word ("续费" in "手续费") or ends by taking the
    first character of the next word ("还没到" in "还没到账", money not yet in the account).

    A match that begins a word ("退回" in "退回去") or ends one ("几个小时" in "好几个小时") counts."""
    index = bisect.bisect_right(word_spans, (start, _NO_END))
    if index > 0 and word_spans[index - 1][0] < start and end <= word_spans[index - 1][1]:
        return True
    while index < len(word_spans) and word_spans[index][0] < end:
        if word_spans[index][1] > end:
            return True
        index += 1
    return False


def _match_words(tokens: tuple[str, ...], start: int, words: tuple[str, ...]) -> int | None:
    """End of `words` matched from `start` (the first word already equal), up to _MAX_GAP words between."""
    position = start + 1
    for word in words[1:]:
        window = tokens[position : position + _MAX_GAP + 1]
        if word not in window:
            return None
        position += window.index(word) + 1
    return position


def _add(table: dict[str, list[int]], key: str, theme: int) -> None:
    themes = table.setdefault(key, [])
    if theme not in themes:
        themes.append(theme)
