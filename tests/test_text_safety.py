"""Text from the data is untrusted: invisible characters, personal data, markup and links (DESIGN.md §8)."""

from __future__ import annotations

import html
import re
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.text_safety import mask_pii, quote, strip_invisible

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z]{2,}")


def test_every_format_and_control_character_is_stripped_except_tab_and_newline() -> None:
    kept = {"\t", "\n", "\r"}  # \r becomes \n
    leaked = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cf", "Cc")
        and chr(code) not in kept
        and strip_invisible(f"a{chr(code)}b") != "ab"
    ]
    assert leaked == []
    assert strip_invisible("a\tb\nc\r\nd\re") == "a\tb\nc\nd\ne"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("re\u200bfund", "refund"),  # zero-width space inside a word
        ("pay\u200c\u200dment", "payment"),  # zero-width non-joiner and joiner
        ("\ufeffhello", "hello"),  # byte order mark
        ("user\u202egnp.exe", "usergnp.exe"),  # right-to-left override (RLO) trick
        ("\u2066isolate\u2069 \u202aembed\u202c", "isolate embed"),  # bidi isolates and embeddings
        ("ok\U000e0049\U000e0047\U000e004e\U000e004f\U000e0052\U000e0045", "ok"),  # tag characters ("IGNORE")
        ("soft\u00adhyphen", "softhyphen"),
        ("bell\x07 nul\x00 esc\x1b", "bell nul esc"),
        ("退\u200b款", "退款"),
    ],
)
def test_strip_invisible(text: str, expected: str) -> None:
    assert strip_invisible(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to li.na+shop@example.com.cn now", "write to [email] now"),
        ("mail ewalker1533@qq.com.", "mail [email]."),
        ("call 13812345678", "call [phone]"),
        ("电话13912345678，谢谢", "电话[phone]，谢谢"),
        ("+86 138 1234 5678 or 0086-139-1234-5678", "[phone] or [phone]"),
        ("138-1234-5678 / 138 1234 5678", "[phone] / [phone]"),
        ("office 010-12345678, (021) 1234 5678", "office [phone], [phone]"),
        ("+1 (555) 123-4567, +44 20 7946 0958", "[phone], [phone]"),
        ("(555) 123-4567 or 555-123-4567 or 555.123.4567", "[phone] or [phone] or [phone]"),
    ],
)
def test_mask_pii_hides_emails_and_phones(text: str, expected: str) -> None:
    assert mask_pii(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "order O12345678 and O00067547",
        "order O13812345678",  # an id that happens to contain a mobile-like number
        "paid ¥13800000000 and 12345678901.50",
        "金额13488.65元，订单O00067547",
        "on 2026-11-22 at 10:15",
        "ticket T0000123, customer C0000456",
        "3 times in 24 hours, 15% more",
    ],
)
def test_mask_pii_leaves_ids_amounts_and_dates(text: str) -> None:
    assert mask_pii(text) == text


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script> my parcel is late", "<script>"),
        ('<img src=x onerror="alert(1)"> broken screen', "<img"),
        ("see ![x](http://evil.example/x.png) please", "]("),
        ("[click here](javascript:alert(1)) refund", "]("),
        ("visit http://evil.example/phish?a=1 now", "evil.example"),
        ("visit www.evil.example now", "evil.example"),
        ("\u202eevil\u202c text", "\u202e"),
    ],
)
def test_quote_neutralises_markup_links_and_bidi(text: str, forbidden: str) -> None:
    quoted = quote(text)
    assert forbidden not in quoted
    assert "<" not in quoted and ">" not in quoted


def test_quote_masks_escapes_and_keeps_the_words() -> None:
    quoted = quote("Hi, I'm <b>angry</b>: mail a.b@ex.com or call 13812345678 & fix it")
    assert quoted == "Hi, I&#x27;m &lt;b&gt;angry&lt;/b&gt;: mail [email] or call [phone] &amp; fix it"
    assert quote("![x](y)") == "&#33;[x]&#40;y)"


def test_quote_trims_on_a_word_boundary() -> None:
    text = "My parcel " + "is still not here " * 30
    quoted = quote(text, limit=60)
    assert quoted.endswith("…")
    assert len(quoted) <= 60
    assert quoted[:-1].endswith(("is", "still", "not", "here"))  # no word cut in half


def test_quote_trims_chinese_after_a_sentence_end_or_hard() -> None:
    sentence = "快递一周了还没到，客服也不回复。"
    quoted = quote(sentence * 30, limit=40)
    assert len(quoted) <= 40 and quoted.endswith("…")
    assert quoted[:-1].endswith("。")
    assert len(quote("还" * 500, limit=50)) == 50


def test_quote_collapses_whitespace_and_strips_zero_width_inside_words() -> None:
    assert quote("  too\n\n many\t\tspaces  and a re\u200bfund  ") == "too many spaces and a refund"


@given(st.text(max_size=400))
def test_quote_output_is_always_inert(text: str) -> None:
    quoted = quote(text)
    assert "<" not in quoted and ">" not in quoted and '"' not in quoted
    assert "](" not in quoted and "![" not in quoted
    assert not any(unicodedata.category(ch) in ("Cf", "Cc") for ch in quoted)
    assert EMAIL.search(html.unescape(quoted)) is None
    assert len(html.unescape(quoted)) <= 240


@given(st.from_regex(r"[a-z0-9._]{1,12}@[a-z0-9]{1,10}\.(com|cn|org)", fullmatch=True), st.text(max_size=40))
def test_quote_never_shows_an_email(email: str, around: str) -> None:
    assert EMAIL.search(html.unescape(quote(f"{around} {email} {around}"))) is None
