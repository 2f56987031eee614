"""Round 8 (themes8): blind corpus 7 as the `corpus-7` source of the labelled examples, held out fairly; texts themed
without their markup, scripts and links (quotes keep the original); the first sentence's n-grams."""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from assistant.themes import analyze_population
from assistant.themes.classifier import TermFeatures, first_sentence
from assistant.themes.cleaning import theming_text
from assistant.themes.embeddings import Embedder, text_keys
from assistant.themes.encoder import DEFAULT_MODEL
from benchmarks.bench_themes_blind import SCORED_SOURCES, examples, learnt_without, topic
from semantic_layer import load_model

BLIND_7 = Path(__file__).parent / "blind" / "complaints_7.csv"
# The browser tests' payload (tests/browser/servers.py), with a loopback host.
PAYLOAD = (
    "<script>window.__pwned=1</script> <img src=//127.0.0.1:8765/img.png onerror=window.__pwned=1> "
    "![t](//127.0.0.1:8765/md.png) [x](javascript:window.__pwned=1)"
)


def test_corpus_7_is_a_scored_source_learnt_from_as_it_was_written() -> None:
    frame = examples()
    assert "corpus-7" in SCORED_SOURCES
    own = frame[frame["source"] == "corpus-7"].reset_index(drop=True)
    blind = pd.read_csv(BLIND_7, dtype=str, keep_default_na=False)
    assert len(own) == 340
    columns = ["id", "language", "text", "secondary_theme", "style"]
    assert own[columns].equals(blind[columns])
    # its unlisted themes are labelled as every corpus's are; the listed ones as written
    renamed = blind["theme"].replace(
        {"warranty_repair": "unlisted:warranty_repair", "data_privacy": "unlisted:data_privacy"}
    )
    assert own["theme"].tolist() == renamed.tolist()
    assert not set(own["id"]) & set(frame.loc[frame["source"] != "corpus-7", "id"])


def test_corpus_7_unlisted_topics_hold_out_the_texts_that_name_them_otherwise() -> None:
    frame = examples()
    assert topic("unlisted:data_privacy") == topic("unlisted:privacy_data") == topic("none:privacy_data")
    assert topic("unlisted:warranty_repair") == topic("none:warranty_repair") == topic("unlisted:installation_service")
    kept = {example.theme for example in learnt_without(frame, "corpus-7", novel_topics=True)}
    gone = {"unlisted:privacy_data", "none:privacy_data", "none:warranty_repair", "none:installation_service"}
    gone |= {"unlisted:installation_service", "unlisted:warranty_repair", "unlisted:data_privacy"}
    assert not kept & gone
    plain = {example.theme for example in learnt_without(frame, "corpus-7")}
    assert gone - plain == {"unlisted:warranty_repair", "unlisted:data_privacy"}


@pytest.mark.parametrize(
    ("text", "themed"),
    [
        (f"My parcel is two weeks late. {PAYLOAD}", "My parcel is two weeks late. x"),
        (f"包裹两周了还没到 {PAYLOAD}", "包裹两周了还没到 x"),
        ("<p>The <b>app</b> crashes at checkout</p>", "The app crashes at checkout"),
        ("&lt;b&gt;Refund&lt;/b&gt; still missing &amp; nobody answers", "Refund still missing & nobody answers"),
        ("See https://shop.example/orders/1?x=2 and www.shop.example/help, still broken", "See and still broken"),
        ("[Click here](http://evil.example/login) to see my broken order", "Click here to see my broken order"),
        ("Write to me at jane.doe@example.com, the charger sparks", "Write to me at , the charger sparks"),
        ("<!-- hidden --><style>p{color:red}</style>Late again", "Late again"),
    ],
)
def test_theming_text_drops_markup_scripts_links_and_addresses(text: str, themed: str) -> None:
    assert theming_text(text) == themed
    assert theming_text(themed) == themed


@pytest.mark.parametrize(
    "text",
    [
        "Where is my parcel??",
        "price < 5 & > 3, R&D at M&S @ the store [sic] 24/7",
        "快递三天没动了😡 客服也不回",
        "My personal data: name, address, 订单号 #48213",
        "",
    ],
)
def test_a_text_without_noise_is_its_own_theming_form(text: str) -> None:
    assert theming_text(text) is text


def test_a_text_and_its_theming_form_share_one_key_and_one_vector() -> None:
    noisy = f"The blender stopped working after two days. {PAYLOAD}"
    keys = text_keys([noisy, theming_text(noisy), "Where is my parcel??"])
    assert keys[0] == keys[1]
    # a text without noise keeps the key it had before this round: the cache stays valid
    plain = int.from_bytes(hashlib.blake2b(b"Where is my parcel??", digest_size=8).digest(), "little")
    assert int(keys[2]) == plain


def test_ngram_rows_are_those_of_the_theming_form() -> None:
    texts = ["The blender stopped working after two days.", "The screen arrived cracked.", "Refund still missing."]
    learnt = TermFeatures.learn(texts * 2)
    assert learnt is not None
    features = learnt[0]
    noisy = features.rows([f"{text} {PAYLOAD}" for text in texts]).toarray()
    clean = features.rows([theming_text(f"{text} {PAYLOAD}") for text in texts]).toarray()
    assert np.array_equal(noisy, clean)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("The sofa never came. And support kept me on hold for an hour.", "The sofa never came"),
        ("£3.20 for a loaf of bread? You're having a laugh.", "£3.20 for a loaf of bread"),
        ("快递丢了，客服就一句“请耐心等待”。问能不能补发，说不能。", "快递丢了，客服就一句“请耐心等待”"),
        ("!!!", "!!!"),
        ("Where is my parcel", "Where is my parcel"),
    ],
)
def test_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return Embedder(DEFAULT_MODEL, tmp_path_factory.mktemp("round8-embeddings"))


def test_payload_texts_are_themed_as_their_words_and_quoted_as_written(embedder: Embedder) -> None:
    """The browser tests' failure of rounds 6-7: texts carrying one payload formed a theme named by it ("img src")."""
    field = load_model().text_fields["complaint_text"]
    words = [
        "My parcel is two weeks late and tracking has not moved.",
        "The delivery was promised for Monday and it is Friday now.",
        "The blender stopped working after two days.",
        "The screen was cracked when I opened the box.",
        "I was charged twice for the same order.",
        "The app crashes every time I open my basket.",
        "快递一个星期了还没到，物流信息也不更新。",
        "收到的杯子碎了一半。",
        "同一笔订单扣了我两次钱。",
        "退货申请提交两周了还没退款。",
    ] * 2
    texts = [f"{text} {PAYLOAD}" for text in words]
    frame = pd.DataFrame({"population": "focus", "id": range(len(texts)), "text": texts})
    reports = {
        language: analyze_population(
            frame, field.taxonomy, labelled=field.labelled_examples, language=language, focus="focus", embedder=embedder
        )
        for language in ("en", "zh")
    }
    plain = analyze_population(
        frame.assign(text=words), field.taxonomy, labelled=field.labelled_examples, language="en", focus="focus",
        embedder=embedder,
    )  # fmt: skip
    report = reports["en"]
    assert [(theme.id, theme.count) for theme in report.themes] == [(theme.id, theme.count) for theme in plain.themes]
    assert sum(theme.count for theme in report.themes) == len(texts)
    for language, found in reports.items():
        for theme in found.themes:
            said = " ".join([theme.label, *theme.keywords]).lower()
            assert not any(word in said for word in ("img", "src", "script", "pwned", "png")), (language, theme)
    quotes = [quote for theme in report.themes for quote in theme.examples]
    assert quotes and all(html.escape("<script>window.__pwned=1</script>") in quote for quote in quotes)
