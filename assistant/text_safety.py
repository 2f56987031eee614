"""Make untrusted text from the data safe to show or to hand to an LLM (DESIGN.md §8).

`strip_invisible` removes characters a reader cannot see but a model or a browser acts on (zero-width,
bidi overrides, tag characters); `mask_pii` hides emails, phone numbers, Chinese national ID numbers, bank
card numbers and QQ/WeChat ids (after NFKC, so full-width digits and `＠` are caught); `quote` does both, hides
links, HTML-escapes and trims, for the example quotes of an answer.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, partial

# Format (Cf) and control (Cc) characters except tab and newline: zero-width spaces and joiners, bidi
# embeddings, overrides and isolates, BOM, soft hyphen, tag characters (U+E0000-E007F) and the rest of
# Cf as of Unicode 15. A range table rather than a per-character category lookup: this runs on every
# text the themes stage reads. tests/test_text_safety.py checks it covers the running Python's Cf/Cc.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")

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

# Chinese resident ID: region (6), birth date YYYYMMDD, sequence (3), check digit or X; not inside a longer number.
_NATIONAL_ID = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9A-Za-z])"
)
# Bank cards: 16-19 digits, optionally grouped with spaces or dashes.
_CARD = re.compile(r"(?<![0-9A-Za-z.,])\d(?:[ \-]?\d){15,18}(?![0-9A-Za-z]|[.,]\d)")
# QQ numbers and WeChat ids follow their label ("QQ 12345678", "QQ号：123456", "微信 abc_123", "vx: wx_id1").
_QQ = re.compile(r"(?<![A-Za-z])(?:QQ|qq|Qq)(?:号|號)?\s*:?\s*(\d{5,11})(?!\d)")
_WECHAT = re.compile(
    r"(?<![A-Za-z])(?:微信号?|微信號?|wechat(?: id)?|weixin|vx|wx|v信)\s*:?\s*"
    r"((?=[A-Za-z0-9_\-]*[0-9_\-])[A-Za-z][A-Za-z0-9_\-]{4,19})(?![A-Za-z0-9_\-])",
    re.IGNORECASE,
)
# Each kind is masked by overwriting its span with one private-use sentinel, then shown as its placeholder.
_PHONE_SENTINEL = "\ue001"
_PLACEHOLDER = {"\ue000": "[email]", "\ue001": "[phone]", "\ue002": "[id]", "\ue003": "[card]", "\ue004": "[qq]",
                "\ue005": "[wechat]"}  # fmt: skip
MASKS = tuple(_PLACEHOLDER.values())
_SENTINEL_RUN = re.compile("\ue000+|\ue001+|\ue002+|\ue003+|\ue004+|\ue005+")
# (sentinel, pattern, group masked, cue): the pattern only runs on texts containing one of the cues (lower case).
_MASKERS: tuple[tuple[str, re.Pattern[str], int, tuple[str, ...]], ...] = (
    ("\ue000", EMAIL, 0, ("@",)),
    ("\ue002", _NATIONAL_ID, 0, ()),
    ("\ue003", _CARD, 0, ()),
    ("\ue004", _QQ, 1, ("qq",)),
    ("\ue005", _WECHAT, 1, ("微信", "wechat", "weixin", "vx", "wx", "v信")),
    (_PHONE_SENTINEL, _PHONE, 0, ()),
)
_DIGITS_RUN = re.compile(r"\d{3}")

_LINK = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)[^\s<>\"'()\[\]]+", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?;；…]|\.(?=\s)")


def strip_invisible(text: str) -> str:
    """Remove zero-width, bidi-control, tag and other format/control characters (tab and newline stay)."""
    return _INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def mask_pii(text: str, replacement: str | None = None) -> str:
    """Replace emails, national ids, bank cards, QQ/WeChat ids and phone numbers with `[email]`, `[id]`,
    `[card]`, `[qq]`, `[wechat]`, `[phone]` (or each with `replacement`, e.g. a sentence break so that no
    keyword is built across a masked span). Matching runs on the NFKC form of each character (full-width
    digits and `＠`, circled and superscript digits); the text outside masked spans comes back unchanged, so
    Chinese punctuation stays. Idempotent."""
    folded = text if text.isascii() or not _foldable().search(text) else text.translate(_fold_table())
    lowered = folded.lower()
    digits = _DIGITS_RUN.search(folded) is not None
    for sentinel, pattern, group, cues in _MASKERS:
        if any(cue in lowered for cue in cues) if cues else digits:
            folded = pattern.sub(partial(_blank, sentinel=sentinel, group=group), folded)
    out: list[str] = []
    position = 0
    for run in _SENTINEL_RUN.finditer(folded):
        out += [text[position : run.start()], replacement if replacement is not None else _PLACEHOLDER[run.group()[0]]]
        position = run.end()
    return "".join(out) + text[position:] if out else text


@cache
def _foldable() -> re.Pattern[str]:
    """Any character `_fold_table` changes, as a class of code-point ranges (a fast scan for the common case)."""
    ranges: list[list[int]] = []
    for code in sorted(_fold_table()):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]")


@cache
def _fold_table() -> dict[int, str]:
    """Characters whose NFKC form is one ASCII character (so positions stay aligned), and the sentinels, which
    must not come from the input."""
    table = {ord(sentinel): "\ufffd" for sentinel in _PLACEHOLDER}
    for code in range(0x80, 0x20000):
        if 0xD800 <= code < 0xE000 or code in table:
            continue
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and folded.isascii():
            table[code] = folded
    return table


def _blank(match: re.Match[str], *, sentinel: str, group: int) -> str:
    """The match with its `group` span overwritten by `sentinel` (same length, so positions stay aligned)."""
    whole = match.group()
    if sentinel == _PHONE_SENTINEL and not _MIN_PHONE_DIGITS <= sum(ch.isdigit() for ch in whole) <= _MAX_PHONE_DIGITS:
        return whole
    start, end = match.start(group) - match.start(), match.end(group) - match.start()
    return whole[:start] + sentinel * (end - start) + whole[end:]


def quote(text: str, limit: int = 240) -> str:
    """A short, safe quote: invisible characters stripped, PII and links masked, trimmed, HTML-escaped.

    Markdown link and image syntax is also neutralised, because the chat renders Markdown.
    """
    plain = _LINK.sub("[link]", mask_pii(strip_invisible(text)))
    plain = _trim(_WHITESPACE.sub(" ", plain).strip(), limit)
    escaped = html.escape(plain, quote=True)
    # "![alt](url)" and "[text](url)" need "](" and "!["; entities keep the characters but break the syntax.
    return escaped.replace("](", "]&#40;").replace("![", "&#33;[")


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
