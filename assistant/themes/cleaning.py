"""The text themes read: a complaint without the markup, scripts, links and other non-language noise pasted into it.

Free texts arrive with HTML (a form that kept its tags, a pasted e-mail), scripts and links, sometimes hostile.
None of it says what a complaint is about, but an embedding and character n-grams read it all: a population
whose texts carry one payload drifts towards each other in the embedding, falls out of the listed themes and comes
back as a discovered theme named by the payload ("img src"). So themes read each text's *theming form*: script and
style elements dropped with their content, tags and comments dropped (their text kept), HTML entities decoded,
Markdown images dropped and Markdown links reduced to their text, links (`scheme://…`, `//host/…`, `www.…`,
`javascript:`/`data:`), e-mail addresses and invisible characters removed, whitespace collapsed. Words, numbers,
punctuation and emoji stay.

The quotes an answer shows keep the original text (analysis.py quotes it escaped, assistant/text_safety.py): only
what themes are computed from changes. A text without any of this noise is its own theming form (the same string),
so its cache key, its vector and its row are what they were before this step.
"""

from __future__ import annotations

import html
import re

from assistant.text_safety import EMAIL, strip_invisible

_ELEMENT = re.compile(r"<(script|style|template|iframe|object|svg|math)\b[^>]*>.*?(?:</\1\s*>|$)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>|<![A-Za-z][^<>]*>")
_MARKDOWN_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_LINK = re.compile(
    r"(?:\b[a-z][a-z0-9+.\-]*://|(?<![\w:/])//(?=[\w\-]+[.:\[])|\bwww\.|\bjavascript:(?=\S)|\bdata:[a-z]+/)"
    r"[^\s<>\"'()]*",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0\u3000]*\n\s*|[ \t\u00a0\u3000]{2,}")


def theming_text(text: str) -> str:
    """The text without markup, scripts, links and other non-language noise (module docstring); a text without
    any is returned as it is (the same string)."""
    if not _may_be_noisy(text):
        return text
    plain = strip_invisible(text)
    if "<" in plain:
        plain = _TAG.sub(" ", _COMMENT.sub(" ", _ELEMENT.sub(" ", plain)))
    if "&" in plain:
        plain = html.unescape(plain)
        if "<" in plain:  # markup that was written escaped
            plain = _TAG.sub(" ", _ELEMENT.sub(" ", plain))
    if "](" in plain:
        plain = _MARKDOWN_LINK.sub(r"\1", _MARKDOWN_IMAGE.sub(" ", plain))
    plain = _LINK.sub(" ", plain)
    if "@" in plain:
        plain = EMAIL.sub(" ", plain)
    if plain == text:
        return text
    return _SPACES.sub(lambda match: "\n" if "\n" in match.group() else " ", plain).strip()


def _may_be_noisy(text: str) -> bool:
    """Whether the text has a sign of markup, a link or an e-mail address: substring tests only, as cheap as
    hashing the text (a regular expression scanning for them took 10-30 µs a text)."""
    if "<" in text or "&" in text or "@" in text or "](" in text or "//" in text or "www." in text:
        return True
    if ":" not in text:
        return False
    lowered = text.lower()
    return "javascript:" in lowered or "data:" in lowered or "www." in lowered
