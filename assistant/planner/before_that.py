"""The stretch before the one named, counted in days or weeks ('近7天 vs 再往前7天'): a comparison with the previous
period only when it is as long as the period named. '近7天 vs 再往前30天' counts back another length, which the compiler
cannot set beside the 7 days (its previous period is as long as the period itself): answering with the previous 7
days would be another comparison than the one asked, so the planner asks back."""

from __future__ import annotations

import re

from semantic_layer.time_calendar import parse_count

_ZH_COUNT = r"[0-9]+|[一二两三四五六七八九十]+"
_POINTER = re.compile(rf"再往?前\s*(?P<n>{_ZH_COUNT})\s*个?\s*(?P<unit>天|日|周|星期|礼拜)")
_DAYS = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7}


def unlike_stretch(text: str, days: int) -> str | None:
    """The pointer of `text` ('再往前30天') when it counts back a stretch of another length than `days`; else None."""
    for found in _POINTER.finditer(text):
        if parse_count(found.group("n")) * _DAYS[found.group("unit")] != days:
            return found.group()
    return None
