"""An event verb the model does not have, standing on a value word ('how many people **visited** the website'):
the value ('web' acquisition channel) must not stand in for the event. Such a verb is asked back, naming it."""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

# an English verb form with its object right after it (an article or possessive may stand between)
_VERB = re.compile(r"[a-z]+(?:ed|ing)")
# verbs that relate a record to a value rather than name an event of their own ('orders containing
# electronics', 'tickets tagged billing'): grammar, the value carries the meaning
_RELATIONAL = frozenset(
    [
        "containing",
        "contained",
        "including",
        "included",
        "involving",
        "involved",
        "regarding",
        "concerning",
        "covering",
        "covered",
        "featuring",
        "featured",
        "mentioning",
        "mentioned",
        "matching",
        "matched",
        "having",
        "using",
        "used",
        "tagged",
        "labelled",
        "labeled",
        "categorised",
        "categorized",
        "classified",
        "marked",
        "filed",
        "grouped",
        "coming",
        "belonging",
    ]
)
_ZH_RELATIONAL = frozenset(
    [
        "通过",
        "经由",
        "使用",
        "用",
        "包含",
        "包括",
        "含",
        "涉及",
        "关于",
        "属于",
        "来自",
        "选择",
        "选用",
        "在",
        "从",
        "归类",
        "标记",
        "是",
        "为",
    ]
)
_ZH_GAP = re.compile(r"\s*(?:了|过)?\s*")
# 'walked into the store': a verb of going inside takes its place as the object ('into', 'inside')
_OBJECT_GAP = re.compile(r"\s+(?:(?:into|inside)\s+)?(?:(?:the|our|their|its|his|her|a|an|this|that)\s+)?")


def verb_on_value(reading: Reading, leftovers: list[tuple[int, int, str]]) -> str | None:
    """The first leftover verb ('visited', '访问了') whose direct object is a value word of the model."""
    for _start, end, word in leftovers:
        chinese = "\u4e00" <= word[0] <= "\u9fff"
        if (word in _ZH_RELATIONAL) if chinese else (not _VERB.fullmatch(word) or word in _RELATIONAL):
            continue
        if chinese and not _zh_verb(_whole_word(reading, _start, end)):
            continue  # '已经流失': an adverb before the value, no event of its own
        gap = (_ZH_GAP if chinese else _OBJECT_GAP).match(reading.masked, end)
        at = gap.end() if gap else end
        found = next((m for m in reading.matches if m.start == at), None)
        if found is not None and found.of("value") and not (found.of("entity") or found.of("metric")):
            return _whole_word(reading, _start, end) if chinese else word
    return None


def _whole_word(reading: Reading, start: int, end: int) -> str:
    """'载' of '下载' (its first character read as a filler): a single character is quoted with the one before
    it when nothing matched that one either."""
    matched = {i for m in reading.matches for i in range(m.start, m.end)}
    before = start - 1
    if end - start == 1 and before >= 0 and "\u4e00" <= reading.masked[before] <= "\u9fff" and before not in matched:
        start = before
    return reading.masked[start:end]


def _zh_verb(word: str) -> bool:
    """jieba tags the word as a verb ('访问', '下载'), not an adverb or particle ('已经', '都')."""
    import logging

    import jieba  # type: ignore[import-untyped, unused-ignore]  # lazy: ~1 s to load, only when needed
    import jieba.posseg  # type: ignore[import-untyped, unused-ignore]

    jieba.setLogLevel(logging.WARNING)
    tags = list(jieba.posseg.cut(word))
    return len(tags) == 1 and tags[0].flag == "v"
