"""The listed rows pointed at with their number: "这10个人里面有几个是会员" after the 10 latest churned high-value
customers, "how many of these 10 are members?", "those five — which are still open?". The number is how many rows the
list showed (its limit), so it adds nothing to 'these'; left in, it was a number nothing explained and the question was
asked back. It is blanked (offsets kept) when it equals the previous list's length; another number stays and is read
as before."""

from __future__ import annotations

import re

from semantic_layer import SemanticQuery

_EN = re.compile(r"\b(?:these|those|the)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\b")
_ZH = re.compile(r"[这那](?P<n>\d+|[两二三四五六七八九十])(?:个|位|家|条|笔|单|张|份)")
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_WORDS |= {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def without_listed_count(question: str, previous: SemanticQuery) -> str:
    """`question` with the number of the listed rows blanked after its pointing word ('这10个人' reads '这些 人')."""
    if previous.kind != "records" or previous.limit is None:
        return question
    text = question.lower()
    for found in (*_EN.finditer(text), *_ZH.finditer(text)):
        said = found.group("n")
        if (int(said) if said.isdigit() else _WORDS.get(said)) != previous.limit:
            continue
        start, end = found.span()
        if found.re is _ZH:  # '这10个' -> '这些' and blanks: 'these' in Chinese, as the list's rows
            return question[:start] + question[start] + "些" + " " * (end - start - 2) + question[end:]
        return question[: found.start("n")] + " " * len(said) + question[found.end("n") :]
    return question
