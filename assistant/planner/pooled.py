"""Values counted together: "sms + push + email all together", "app and web combined", "短信和邮件加起来". Several values
of one field asked about together get one row each (shaping._values_as_breakdown); a word right after the list
saying they are pooled asks for the one total over them instead. The word must follow a value of the model (only
spaces, 'all' or a comma between): "together" elsewhere ("customers who ordered together") pools nothing."""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

_POOLED = re.compile(
    r"^[\s,，]*(?:all\s+)?(?:together|combined|altogether|in\s+total|put\s+together|summed|added\s+up)(?![a-z])"
    r"|^[\s,，]*(?:的)?(?:加起来|加在一起|合起来|合在一起|合计|总计|一共|总共)"
)


def pooled(reading: Reading) -> bool:
    """Whether a list of values is followed by a word saying they are counted as one total."""
    return any(m.of("value") and _POOLED.match(reading.masked[m.end :]) for m in reading.matches)
