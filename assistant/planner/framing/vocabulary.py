"""The words of the frame around a request (assistant/planner/data/framing.yml) and what every rule of the frame
asks of a stretch: whether it names something of the model or a period, and whether the rest of the message does."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

# clauses: sentence punctuation, dashes, brackets, commas, quotes, 'and' before a new subject, and a space after a
# Chinese sentence-final particle ('上月nps多少啊 老板在问': typed on a phone, the space ends the sentence)
_BREAK = re.compile(
    r"[.!?;:…]+(?=\s|$|[^\x00-\x7f])|\s[-–—]+\s|[—–]{1,2}|[()（）\[\]“”\"]|,|[。！？；：，]"
    r"|\s+and\s+(?=(?:i|we|i'm|we're|my|our|the)\s)|(?<=[啊呢吧呀哈嘛吗])\s+(?=[\u4e00-\u9fff])"
)

# when the figure is used, not a number of the data: a clock time ('before my 3pm', '3点开会')
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\d{1,2}\s*(?:点|點)(?:半|钟)?")
# digits, number words ('one' is also 'a quick one'), Chinese counts ('一下', '一个数' say 'a', not a count)
_NUMBER = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|hundred)\b"
    r"|(?:前|后|倒数)[一两二三四五六七八九十]|[两二三四五六七八九十百千万]+\s*(?:个|名|条|家|位|笔|张|元|块)"
)


@cache
def data() -> dict[str, Any]:
    text = resources.files("assistant.planner").joinpath("data", "framing.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return loaded if isinstance(loaded, dict) else {}


def words(section: str) -> list[str]:
    """The words of a section, longest first (so an alternation prefers 'board pack' to 'board')."""
    return sorted({str(p).lower() for p in data().get(section) or ()}, key=len, reverse=True)


def alternatives(section: str) -> str:
    """A regular expression matching any word of a section; a space in a phrase matches any run of spaces."""
    return "(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in words(section)) + ")"


def names_data(reading: Reading, start: int, end: int) -> bool:
    """Whether a phrase of the model or a time phrase lies in the stretch."""
    if end <= start:
        return False
    if any(m.start < end and start < m.end for m in reading.matches):
        return True
    return any(t.span[0] < end and start < t.span[1] for t in reading.times)


def named_elsewhere(reading: Reading, item: Excused) -> bool:
    """Another part of the message names the model or a period: a frame is only excused around a request."""
    outside = [m for m in reading.matches if m.end <= item.start or m.start >= item.end]
    return bool(outside) or any(t.span[1] <= item.start or t.span[0] >= item.end for t in reading.times)


def clauses_of(text: str) -> list[tuple[int, int]]:
    """The clauses of a message, as (start, end): every rule of the frame reads one clause at a time."""
    found, position = [], 0
    for cut in [*_BREAK.finditer(text), None]:
        end = cut.start() if cut else len(text)
        if text[position:end].strip():
            found.append((position, end))
        position = cut.end() if cut else end
    return found


def adds_a_number(text: str) -> bool:
    """A number in a stretch of the frame ('the category managers want the top 3', '要前5个') is a limit or a
    threshold of the request, unless it is a clock time ('before my 3pm'). `text`: with time phrases blanked."""
    return bool(_NUMBER.search(_CLOCK.sub(" ", text)))
