"""A correction of the measure inside the question: the reading NOT wanted named beside the one wanted, where the two
are the count and the rate of the same rows. discourse._REJECTED reads 'the rate, not the count' with both forms in
its own words; these are the shapes it missed:

- the rejection first and alone, then the question: 'Not the raw count - what share of …', 'no, not the number:
  what percentage …' (the kept form is the other one);
- the rejected rate named by its metric: '要单数不是退货率', 'the count, not the return rate', '给人数，不要流失率'.

discourse reads them like its own (an 'answer_form' stretch, blanked; discourse.answer_form keeps the form)."""

from __future__ import annotations

import re
from functools import cache

# a rate named by its own metric word: '退货率', '转化率', '流失比例'
_NAMED_RATE_ZH = r"[\u4e00-\u9fff]{1,6}?(?:率|比例|占比)"
_NAMED_RATE_EN = r"(?:[a-z-]+\s+){1,2}(?:rates?|percentages?|shares?|ratios?)"


@cache
def rejected_readings(form_en: str, form_zh: str) -> tuple[re.Pattern[str], ...]:
    """Patterns with a `drop` group (the rejected reading) and a `keep` group, or a `form` group (the rejected
    form; the other one is kept). `form_en` / `form_zh`: discourse's words of an answer form."""
    return (
        re.compile(
            rf"^\s*(?P<drop>(?:no[,.!]?\s+)?not\s+(?:the\s+|a\s+|just\s+(?:the\s+)?)?(?P<form>{form_en})(?![a-z])"
            r"(?:\s+of\s+[a-z' ]+?)?\s*(?:[-\u2013\u2014:;,.!]+\s*))"
        ),
        re.compile(
            rf"(?<![a-z])(?:the\s+|a\s+)?(?P<keep>{form_en})(?![a-z])\s*[,;]?\s*"
            rf"(?P<drop>(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(?:the\s+|a\s+)?{_NAMED_RATE_EN})(?![a-z])"
        ),
        re.compile(
            rf"(?:要|看|给|是)?(?P<keep>{form_zh})\s*[,，]?\s*(?P<drop>(?:而)?(?:不是|不要|别给|而非|不看){_NAMED_RATE_ZH})"
        ),
    )
