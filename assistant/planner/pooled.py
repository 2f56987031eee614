"""Values counted together: "sms + push + email all together", "app and web combined", "短信和邮件加起来",
"短信、邮件全部加起来". Several values of one field asked about together get one row each
(shaping._values_as_breakdown); a word right after the list saying they are pooled asks for the one total over them
instead. The word must follow a value of the model (only spaces, 'all' / '全部' / '都' or a comma between):
"together" elsewhere ("customers who ordered together") pools nothing.

Values joined by a word of adding instead of 'and' ("APP加官网的销售额", "app plus web revenue", "短信加上推送") are
summed the same way: one total, unless each is asked for ('分别', 'each')."""

from __future__ import annotations

import itertools
import re

from assistant.planner import cues
from assistant.planner.reading import Reading

_POOLED = re.compile(
    r"^[\s,，]*(?:all\s+)?(?:together|combined|altogether|in\s+total|put\s+together|summed|added\s+up)(?![a-z])"
    r"|^[\s,，]*(?:的)?(?:全部|全都|都|通通|统统)?(?:加起来|加在一起|合起来|合在一起|合计|总计|一共|总共|一起算|算在一起)"
)


# the word joining two values: '加' / '加上' / 'plus' / '+', nothing else between them
_ADDED = re.compile(r"\s*(?:\+|plus|加上?)\s*")
_EACH = re.compile(r"\b(?:each|respectively|separately|per|by)\b|分别|各自|各|按")


def pooled(reading: Reading) -> bool:
    """Whether a list of values is followed by a word saying they are counted as one total, maybe after the noun
    of the rows the values describe ("West and South customers combined", "华东和华南的客户加起来"), a request for one
    total anywhere ("…, just one total"), or values joined by adding ("APP加官网")."""
    if reading.has(cues.ONE_TOTAL):  # 'West and South, one total please': the figure over the values listed
        return True
    if any(m.of("value") and _POOLED.match(reading.masked[_after_noun(reading, m.end) :]) for m in reading.matches):
        return True
    return bool(adding_words(reading)) and not _EACH.search(reading.masked)


def _after_noun(reading: Reading, end: int) -> int:
    """Where the text after a value continues past the entity noun right after it ('customers' of 'South customers')."""
    noun = next((m for m in reading.matches if m.start >= end and m.of("entity")), None)
    if noun is None or reading.masked[end : noun.start].strip(" 的"):
        return end
    return noun.end


def adding_words(reading: Reading) -> list[tuple[int, int]]:
    """Where a word of adding joins two values of one field ('APP加官网': 加)."""
    values = sorted((m for m in reading.matches if m.of("value")), key=lambda m: m.start)
    found = []
    for left, right in itertools.pairwise(values):
        shared = {e.target for e in left.of("value")} & {e.target for e in right.of("value")}
        if shared and _ADDED.fullmatch(reading.masked[left.end : right.start]):
            found.append((left.end, right.start))
    return found
