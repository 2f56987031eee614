"""Quote masking (issue 9 §5): every personal-data format is masked after NFKC, masking is idempotent, plain
text is left alone, and theme keywords are never built from masked spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text_safety import MASKS, mask_pii, quote
from assistant.themes.terms import surface_terms

FULL_WIDTH = str.maketrans("0123456789@", "０１２３４５６７８９＠")


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("call １３８００１３８０００ now", "１３８００１３８０００"),
        ("mail john.doe＠gmail.com please", "john.doe"),
        ("身份证 11010519491231002X 请核实", "11010519491231002X"),
        ("id 110105194912310021.", "110105194912310021"),
        ("card 6222 0202 0000 1234 567 was charged", "6222"),
        ("card 6222-0202-0000-1234 was charged", "6222"),
        ("卡号6222020200001234567扣款", "6222020200001234567"),
        ("add me on QQ 12345678", "12345678"),
        ("QQ号：123456789", "123456789"),
        ("微信 abc_123 联系我", "abc_123"),
        ("vx: wxid_abc12", "wxid_abc12"),
        ("wx abc123 thanks", "abc123"),
        ("WeChat id lily_2024", "lily_2024"),
    ],
)
def test_issue_formats_are_masked(text: str, hidden: str) -> None:
    masked = mask_pii(text)
    assert hidden not in masked and not any(ch.isdigit() for ch in hidden.replace("X", "") if ch in masked)
    assert any(mark in masked for mark in MASKS)
    assert hidden not in quote(text)


@pytest.mark.parametrize(
    "text",
    [
        "order O12345678 arrived late",
        "refund of ¥13800000000 pending",
        "total 1234567890123456.78",
        "wx please help me",
        "我等了 3 天，订单 20261201 还没到",
        "QQ music app crashed",
    ],
)
def test_lookalikes_stay(text: str) -> None:
    assert mask_pii(text) == text


def _luhn_free_card() -> st.SearchStrategy[str]:
    digits = st.text(alphabet="0123456789", min_size=16, max_size=19)
    return st.builds(
        lambda d, sep: sep.join(d[i : i + 4] for i in range(0, len(d), 4)), digits, st.sampled_from(["", " ", "-"])
    ).filter(lambda s: s[0] != "0")


def _national_id() -> st.SearchStrategy[str]:
    return st.builds(
        lambda region, year, month, day, seq, check: f"{region}{year}{month:02d}{day:02d}{seq:03d}{check}",
        st.integers(110000, 659999),
        st.integers(1900, 2025),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 999),
        st.sampled_from(list("0123456789X")),
    )


def _email() -> st.SearchStrategy[str]:
    local = st.from_regex(r"[a-z][a-z0-9._]{0,12}[a-z0-9]", fullmatch=True)
    domain = st.from_regex(r"[a-z][a-z0-9\-]{0,10}[a-z0-9]\.(com|cn|net|org)", fullmatch=True)
    return st.builds(lambda a, b: f"{a}@{b}", local, domain)


def _phone() -> st.SearchStrategy[str]:
    return st.builds(lambda p, rest: f"1{p}{rest}", st.sampled_from("3456789"), st.from_regex(r"\d{9}", fullmatch=True))


PERSONAL = st.one_of(_email(), _phone(), _national_id(), _luhn_free_card())
WORDS = st.lists(st.sampled_from(["the", "parcel", "is", "late", "退款", "没到", "please", "help", "客服"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(before=WORDS, value=PERSONAL, after=WORDS, full_width=st.booleans())
def test_any_embedded_personal_value_is_masked(
    before: list[str], value: str, after: list[str], full_width: bool
) -> None:
    shown = value.translate(FULL_WIDTH) if full_width else value
    text = " ".join([*before, shown, *after])
    masked = mask_pii(text)
    assert value not in masked
    assert any(mark in masked for mark in MASKS)
    assert mask_pii(masked) == masked


@settings(max_examples=300, deadline=None)
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80))
def test_masking_is_idempotent(text: str) -> None:
    once = mask_pii(text)
    assert mask_pii(once) == once


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.sampled_from(["delivery", "late", "refund", "客服", "太慢", "app", "crashed", "3", "days"]),
                      max_size=12))  # fmt: skip
def test_plain_text_is_unchanged(words: list[str]) -> None:
    text = " ".join(words)
    assert mask_pii(text) == text


def test_keywords_never_come_from_masked_spans() -> None:
    terms = surface_terms("please mail john.doe＠gmail.com about the refund, or call 13800138000 about refund")
    assert not any("john" in term or "gmail" in term or "138" in term for term in terms)
    assert "refund" in terms
    assert not any(term.startswith("mail ") or term.endswith(" mail") for term in terms)
