"""Chinese names of values the model lists in pinyin: '重庆' for the city 'Chongqing', '西宁' for 'Xining'.

A model gives Chinese names (`value_synonyms`) to the values it lists itself; the values the warehouse adds
(`assistant/warehouse_values.py`) have only their own spelling, and for places that spelling is the pinyin of the
Chinese name. So '那重庆呢' was asked back although the warehouse holds Chongqing, and a follow-up on 'these two
cities' lost one of them. A leftover Chinese word whose toneless pinyin is exactly a listed value of a field (letters
only, case and spaces aside) is read as that value; the correction shows in the assumptions ("将“重庆”理解为
“Chongqing”。"). Words of one character and values of fewer than four letters ('app', 'web') never match."""

from __future__ import annotations

import logging
import re

from semantic_layer import SemanticModel

_LETTERS = re.compile(r"[^a-z]")


def pinyin_values(word: str, model: SemanticModel) -> list[tuple[int, int, str]]:
    """(start, end, value) for each jieba word of the Chinese `word` whose pinyin is a listed value."""
    import jieba  # type: ignore[import-untyped, unused-ignore]  # lazy: ~1 s to load, only when needed
    from pypinyin import lazy_pinyin  # type: ignore[import-untyped, unused-ignore]

    jieba.setLogLevel(logging.WARNING)
    listed = _listed_values(model)
    found: list[tuple[int, int, str]] = []
    position = 0
    for token in jieba.cut(word):
        end = position + len(token)
        if len(token) >= 2 and all("\u4e00" <= c <= "\u9fff" for c in token):
            value = listed.get("".join(lazy_pinyin(token)))
            if value is not None:
                found.append((position, end, value))
        position = end
    return found


def _listed_values(model: SemanticModel) -> dict[str, str]:
    """Each listed value of a categorical field by its letters ('chongqing' -> 'Chongqing')."""
    values: dict[str, str] = {}
    for entity in model.entities.values():
        for dimension in entity.dimensions.values():
            if dimension.type == "categorical" and not dimension.pii:
                for value in dimension.sample_values:
                    key = _LETTERS.sub("", str(value).lower())
                    if len(key) >= 4:
                        values.setdefault(key, str(value))
    return values
