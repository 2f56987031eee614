"""A "why" answered by the count the question asks for: "why did people leave us? count of customers lost per churn
reason", "为什么流失？按流失原因统计流失客户数". A question of reasons is read as the themes of the population's texts,
unless the question itself names the answer it wants: a count split by a field of the model. The recorded reason
(churn reason, category) then answers the "why"; reading the free texts instead would answer another question.

A question of what people wrote ("what did they complain about, by region") names texts, not reasons: it stays a
themes question.
"""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.reading import Reading

_WHY = re.compile(r"\bwhy\b|\bfor what reasons?\b|为什么|为啥|为何|因为什么|什么原因")
# an explicit count: 'count of', 'number of', 'how many', '统计…数', '多少'
_COUNT = re.compile(r"\bcount\s+(?:of|per|by)\b|\bcounts\b|\btally\b|统计|人数|客户数|数量|多少|几个|几位")


def counted_instead(reading: Reading) -> bool:
    """Whether a 'why' question also asks for a count split by a field of the model: that count is the answer."""
    if not _WHY.search(reading.masked) or not reading.breakdowns:
        return False
    return bool(_COUNT.search(reading.masked) or reading.has(cues.COUNT))
