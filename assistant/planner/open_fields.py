"""A field said to be left whole (role `filler`, DESIGN.md §10): "all statuses included", "every channel combined",
"全渠道", "所有品类". The quantifier and the field noun ask for no filter and no breakdown; read as words of the
question the field was asked back ("you named 'statuses' …"). non_conditions.py reads "any status" and "regardless
of tier"; this reads the other two shapes of the same remark:

- English: all / every and a field noun, then a word saying it is counted whole (included, combined, together …),
  ending the phrase ("orders in March, all statuses included").
- Chinese: 全 / 全部 / 所有 fused to a field noun ("全渠道", "全部品类的订单").

Either holds only when the message names no value of that field and does not name the field again (a breakdown "按
渠道" or "各渠道" keeps the question as it was); "all statuses, by status" is no whole field, nor is "所有渠道的订单
分别是多少" or "所有区域都列出来" (each one's own figure or row)."""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_ALL_EN = re.compile(r"(?<![a-z])(?:all|every)(?:\s+of\s+(?:the|our))?\s+$")
_WHOLE_EN = re.compile(
    r"\s+(?:(?:are|is|were)\s+)?(?:included|inclusive|combined|together|counted|all\s+together|altogether|in)"
    r"(?=\s*(?:$|[,.;:!?)）\]，。；！？]|(?:and|or|but|please|thanks)\b))"
)
_ALL_ZH = re.compile(r"(?:全部|所有|全)$")
# a word asking for each value's own figure or row ('所有渠道的订单分别是多少', '所有区域都列出来'): the field is broken
# down, not left whole
_EACH_ZH = re.compile(r"分别|各自|每个|每一个|各|列|展示|显示|排")


def excused(reading: Reading) -> list[Excused]:
    """Stretches of `reading.text` that leave a field whole."""
    found: list[Excused] = []
    valued = {e.target for entries, _, _ in reading.values for e in entries}
    for match in reading.matches:
        fields = {e.target for e in match.of("dimension")}
        if not fields or match.of("value") or match.of("metric") or match.of("segment") or valued & fields:
            continue
        if any(m is not match and fields & {e.target for e in m.of("dimension")} for m in reading.matches):
            continue  # 'all channels … by channel': the field is used after all
        before = reading.masked[: match.start]
        english = _ALL_EN.search(before)
        whole = _WHOLE_EN.match(reading.masked, match.end)
        if english is not None and whole is not None:
            found.append(Excused(english.start(), whole.end(), "left_open"))
            continue
        chinese = _ALL_ZH.search(before)
        if chinese is not None and not _EACH_ZH.search(reading.masked):
            found.append(Excused(chinese.start(), match.end, "left_open"))
    return found
