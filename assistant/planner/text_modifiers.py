"""Words that say a text is free text: '问卷里大家留的文字意见', '投诉的文本内容', 'the free-text comments', 'written
feedback'. In a question about what texts say (a themes cue), 文字 / 文本 / 书面 / free-text / written / verbatim /
open-ended before a noun of texts (意见, 反馈, 评论, 留言, 内容, comments, feedback, remarks) only repeats that the texts
are texts: every text field of the model is free text, so the word selects nothing and is set aside as filler. Outside a
themes question ('文字' elsewhere) the word stays and is asked back as before."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_FREE_TEXT = re.compile(
    r"(?:文字|文本|书面|开放式?)(?:的)?(?=(?:意见|反馈|评论|留言|内容|描述|回答))"
    r"|\b(?:free[- ]?(?:text|form)|written|verbatim|open[- ]?(?:ended|text))\s+(?=(?:comments?|feedback|remarks|answers|responses|text)\b)"
)


def free_text_words(reading: Reading) -> list[Excused]:
    """The free-text words of a themes question, as asides."""
    found = list(_FREE_TEXT.finditer(reading.masked))
    blanked = _FREE_TEXT.sub(lambda hit: " " * len(hit.group()), reading.masked)
    if not found or not cues.THEMES.search(blanked):  # the question read without them must still ask for themes
        return []
    return [Excused(hit.start(), hit.end(), "aside") for hit in found]
