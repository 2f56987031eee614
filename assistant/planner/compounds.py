"""A field named by parts of its own phrases ("signup source" from "signup channel" + "source channel",
"获客来源" from "获客渠道" + "来源渠道"): two neighbouring words, at least one of which the model does not match, each
a part of a phrase of the same one field and of no other, name that field. Read before planning as a correction
to the field's label ("Read 'signup source' as 'acquisition channel'"); when the parts point at two fields, or a
part at none, nothing is rewritten and the words are asked back as before."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon
from assistant.planner.reading import Reading
from assistant.planner.words import fillers

_EN_PAIR = re.compile(r"(?=\b([a-z]{3,})\s+([a-z]{3,})\b)")


def compound_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    text = reading.masked
    matched = [(m.start, m.end) for m in reading.matches]
    # a value or a population the model read stays what it is ('other reasons', '门店获客'): only words of
    # field names may join a compound
    taken = [(m.start, m.end) for m in reading.matches if any(e.kind in ("value", "segment") for e in m.entries)]
    fixes: list[tuple[int, int, str]] = []
    for pair in _EN_PAIR.finditer(text):
        (a, b), (c, d) = pair.span(1), pair.span(2)
        if _matched(matched, a, b) and _matched(matched, c, d):
            continue  # both words matched: the model read them already
        if any(x < d and a < y for x, y in taken) or {text[a:b], text[c:d]} & fillers("en"):
            continue  # 'left for': a filler word names no part of a field
        if text[a:d] in lexicon.phrases():
            continue
        field = _one_field(lexicon, [text[a:b], text[c:d]])
        if field is not None:
            fixes.append((a, d, _label(lexicon, field, english=True)))
    for run in re.finditer(r"[\u4e00-\u9fff]{4,}", text):
        fixes += [f for f in _chinese(lexicon, text, run.start(), run.end(), matched)
                  if not any(x < f[1] and f[0] < y for x, y in taken)]  # fmt: skip
    return _non_overlapping(fixes)


def _chinese(
    lexicon: Lexicon, text: str, start: int, end: int, matched: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for length in (6, 5, 4):
        for a in range(start, end - length + 1):
            piece = text[a : a + length]
            if piece in lexicon.phrases() or all(_matched(matched, i, i + 1) for i in range(a, a + length)):
                continue
            for cut in range(2, length - 1):
                field = _one_field(lexicon, [piece[:cut], piece[cut:]])
                if field is not None:
                    found.append((a, a + length, _label(lexicon, field, english=False)))
                    break
    return found


def _one_field(lexicon: Lexicon, parts: list[str]) -> str | None:
    """The one categorical field every part belongs to through names of that field only (a value's words, such
    as '其他' of the category 'other', name no field: '除了投诉以外，其他工单' is the rest of the tickets)."""
    fields: set[str] | None = None
    for part in parts:
        targets = {t for t in lexicon.part_targets(part, "dimension") if t in lexicon.model.dimension_names()}
        targets = {t for t in targets if lexicon.model.dimension(t)[1].type == "categorical"}
        if not targets:
            return None
        fields = targets if fields is None else fields & targets
    if fields is None or len(fields) != 1:
        return None
    return next(iter(fields))


def _label(lexicon: Lexicon, field: str, english: bool) -> str:
    label = lexicon.model.dimension(field)[1].label
    if label is None:
        return field.partition(".")[2].replace("_", " ")
    return (label.en if english else label.zh).lower()


def _matched(matched: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in matched)


def _non_overlapping(fixes: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for fix in sorted(fixes, key=lambda f: (-(f[1] - f[0]), f[0])):
        if not any(a < fix[1] and fix[0] < b for a, b, _ in kept):
            kept.append(fix)
    return sorted(kept)
