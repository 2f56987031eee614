"""Make untrusted text from the data safe to show or to hand to an LLM (DESIGN.md §8).

`strip_invisible` removes characters a reader cannot see but a model or a browser acts on (zero-width,
bidi overrides, tag characters); `mask_pii` hides emails and phone numbers; `quote` does both, hides
links, HTML-escapes and trims, for the example quotes of an answer.
"""

from __future__ import annotations

import html
import re

# Format (Cf) and control (Cc) characters except tab and newline: zero-width spaces and joiners, bidi
# embeddings, overrides and isolates, BOM, soft hyphen, tag characters (U+E0000-E007F) and the rest of
# Cf as of Unicode 15. A range table rather than a per-character category lookup: this runs on every
# text the themes stage reads. tests/test_text_safety.py checks it covers the running Python's Cf/Cc.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

# Phone numbers must not touch letters or digits, so order numbers (O12345678) and ids stay, and must not
# follow a currency sign or decimal point, so amounts (¥13800000000, 12.5) stay.
_NOT_AFTER = r"(?<![A-Za-z0-9¥$€£.,])"
_NOT_BEFORE = r"(?![A-Za-z0-9]|[.,]\d)"
_SEP = r"[ \-.]?"
_PHONE_PATTERNS = (
    # Chinese mobile: 1[3-9]x xxxx xxxx, optionally +86 / 0086, optionally grouped 3-4-4.
    rf"(?:(?:\+|00)86{_SEP})?1[3-9]\d{_SEP}?\d{{4}}{_SEP}?\d{{4}}",
    # Chinese landline with area code: 010-12345678, (021) 1234 5678.
    r"(?:\(0\d{2,3}\)\s?|0\d{2,3}-)\d{3,4}[ \-]?\d{4}",
    # International: +CC then 6-14 more digits in groups separated by spaces, dots, dashes or brackets.
    r"\+\d{1,3}(?:[ \-.]?\(?\d{1,4}\)?){2,5}",
    # North American and similar national formats: (555) 123-4567, 555-123-4567, 555.123.4567.
    r"(?:\(\d{3}\)\s?|\d{3}[\-.])\d{3}[\-.]\d{4}",
)
_PHONE = re.compile(_NOT_AFTER + "(?:" + "|".join(_PHONE_PATTERNS) + ")" + _NOT_BEFORE)
_MIN_PHONE_DIGITS, _MAX_PHONE_DIGITS = 7, 15

_LINK = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?;；…]|\.(?=\s)")


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidi-control, tag and other format/control characters (tab and newline stay)."""
    return _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def mask_pii(text: str) -> str:
    """Replace email addresses with `[email]` and phone numbers with `[phone]`."""
    text = _EMAIL.sub("[email]", text)
    return _PHONE.sub(_mask_phone, text)


def quote(text: str, limit: int = 240) -> str:
    """A short, safe quote: invisible characters stripped, PII and links masked, trimmed, HTML-escaped.

    Markdown link and image syntax is also neutralised, because the chat renders Markdown.
    """
    plain = _LINK.sub("[link]", mask_pii(strip_invisible(text)))
    plain = _trim(_WHITESPACE.sub(" ", plain).strip(), limit)
    escaped = html.escape(plain, quote=True)
    # "![alt](url)" and "[text](url)" need "](" and "!["; entities keep the characters but break the syntax.
    return escaped.replace("](", "]&#40;").replace("![", "&#33;[")


def _mask_phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group())
    return "[phone]" if _MIN_PHONE_DIGITS <= digits <= _MAX_PHONE_DIGITS else match.group()


def _trim(text: str, limit: int) -> str:
    """Cut to `limit` characters, on a word boundary or after a sentence end, adding an ellipsis."""
    if len(text) <= limit:
        return text
    head = text[: max(limit - 1, 1)]
    # Prefer a sentence end, then a space, in the last third; CJK text has no spaces, so else cut hard.
    floor = len(head) * 2 // 3
    ends = [m.start() for m in _SENTENCE_END.finditer(head, floor)]
    if ends:
        cut = ends[-1]
        return head[: cut + 1] + "…"
    cut = head.rfind(" ")
    if cut >= floor:
        return head[:cut].rstrip(",;:，、") + "…"
    return head + "…"
