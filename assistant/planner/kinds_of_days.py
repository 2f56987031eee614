"""Days told apart by a word the data does not record: "下雨天的订单量", "晴天", "高温天气下的退货率", "天热的时候",
"下雨的时候的订单数".

'天' is a filler character (the day of '当天', '哪天', '几天'), and a leftover single character passes as no noun
(`words.content_word`). So in '下雨天' ('下' a filler too) only '雨' was left, and it passed: the condition was dropped
and the whole count answered ("下雨天的订单量会不会比晴天多" gave all orders: a wrong number). A character left over
right before or after '天' makes a kind of day ('雨天', '晴天') or the weather ('天气', '天热'); no field of the model
describes days, so the whole word, as the user wrote it, is asked back. So is a leftover word right before a clause of
when ('下雨的时候', '刮大风时', '降温那几天'): a verb passes as the event the model's words around it tell, but an event
that only says when is a condition on the days, and no word of the model told it. English needs no rule: 'rainy', 'sunny',
'weather' are content words, and 'when it rains' has the empty subject of `impersonal.py`."""

from __future__ import annotations

import logging
import re

from assistant.planner import grounding
from assistant.planner.reading import Reading

_DAY = "天"
# a day pointed at or counted, not described: '当天', '明天', '隔天', '整天', '半天'
_DAY_POINTERS = frozenset("当明后前次隔同整半每全几那这哪某今昨天")
# a clause of when, after what happened: '下雨的时候', '刮风时', '降温那几天', '下雪的日子里'
_OCCASION = re.compile(r"的?(?:时候|时(?![间长段刻])|那天|那几天|那段时间|日子|期间)")


def described_days(reading: Reading, placed: list[tuple[int, int, str]]) -> list[str]:
    """The words (as written) that a leftover Chinese stretch of `placed` forms with an adjacent '天', or that it is
    before a clause of when ('下雨' of '下雨的时候')."""
    text = reading.masked
    beside: list[tuple[int, int]] = []
    for start, end, word in placed:
        before = start > 0 and text[start - 1] == _DAY
        after = end < len(text) and text[end] == _DAY and word not in _DAY_POINTERS
        when = _OCCASION.match(text, end) or (len(word) > 1 and word.endswith("时"))  # '下雨时': '时' left over too
        if not word.isascii() and (before or after or when):
            beside.append((start - before, end + after))
    if not beside:
        return []
    covered = grounding.covered(reading)  # what something other than a filler explains
    spans = [_word_around(text, start, end, covered) for start, end in beside]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):  # '高温天气': '温' and '气' are two leftovers of one word
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [text[start:end] for start, end in merged]


def _word_around(text: str, start: int, end: int, covered: list[bool]) -> tuple[int, int]:
    """The jieba words of the unexplained stretch around [start, end) that overlap it ('下雨天' around '雨天')."""
    import jieba  # type: ignore[import-untyped, unused-ignore]  # lazy: ~1 s to load, only when needed

    jieba.setLogLevel(logging.WARNING)
    left, right = start, end
    while left > 0 and not covered[left - 1] and _cjk(text[left - 1]):
        left -= 1
    while right < len(text) and not covered[right] and _cjk(text[right]):
        right += 1
    first, last, position = end, start, left
    for token in jieba.cut(text[left:right]):
        token_end = position + len(token)
        if position < end and start < token_end:
            first, last = min(first, position), max(last, token_end)
        position = token_end
    return first, last


def _cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"
