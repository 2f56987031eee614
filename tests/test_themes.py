"""The themes engine: assignment to the taxonomy, discovery, the population report, the CSV command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import normalized_mutual_info_score

from assistant.engines import Engine
from assistant.errors import UserInputError
from assistant.guard import guard_sql
from assistant.themes import analyze_population, assign_themes, discover_themes, discovery, semantic, themes_for_file
from assistant.themes.files import MAX_ROWS
from assistant.themes.keywords import KeywordMatcher
from semantic_layer import SemanticQuery, compile_query, load_model
from semantic_layer.model import Label, Theme, ThemeKeywords
from tests.conftest import AS_OF

PLANTED = """
    SELECT t.description AS text, t.language, e.theme
    FROM tickets t JOIN eval_ticket_themes e USING (ticket_id)
    WHERE t.is_complaint ORDER BY t.ticket_id
"""


@pytest.fixture(scope="module")
def planted(demo_warehouse_path: Path, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    """Complaints with their planted theme. The eval tables are refused by the guard by design, so they are
    read with plain DuckDB from a copy (one process may not open one file with two configurations)."""
    copy = tmp_path_factory.mktemp("eval") / "demo.duckdb"
    shutil.copy(demo_warehouse_path, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        return con.sql(PLANTED).df()


@pytest.fixture(scope="module")
def taxonomy() -> list[Theme]:
    return load_model().text_fields["complaint_text"].taxonomy


def _theme(theme_id: str, en: str, zh: str, en_keywords: Sequence[str], zh_keywords: Sequence[str] = ()) -> Theme:
    return Theme(
        id=theme_id,
        label=Label(en=en, zh=zh),
        keywords=ThemeKeywords(en=list(en_keywords), zh=list(zh_keywords)),
    )


SMALL_TAXONOMY = [
    _theme("late", "Late delivery", "物流慢", ["late", "not arrived", "courier"], ["还没到", "快递"]),
    _theme("refund", "Refund trouble", "退款问题", ["refund", "sent back", "money back"], ["退款"]),
]


def _frame(rows: Sequence[tuple[str, str]], **extra: Sequence[Any]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["population", "text"])
    frame.insert(1, "id", [f"T{i:07d}" for i in range(len(rows))])
    for name, values in extra.items():
        frame[name] = list(values)
    return frame


# --- assignment --------------------------------------------------------------------------------------


def test_assignment_finds_the_planted_theme_of_most_generated_texts(
    planted: pd.DataFrame, taxonomy: list[Theme]
) -> None:
    """Generated texts test the plumbing, not understanding: the blind corpora measure that (docs/themes.md).
    Since no keyword assigns, the generator's phrases get no help: 82% of them (81% English, 83% Chinese)."""
    labelled = load_model().text_fields["complaint_text"].labelled_examples
    assigned = assign_themes(planted["text"].tolist(), taxonomy, labelled=labelled)
    predicted = np.array([theme or "" for theme in assigned], dtype=object)
    correct = predicted == planted["theme"].to_numpy()
    assert correct.mean() >= 0.80
    for language in ("en", "zh"):
        assert correct[(planted["language"] == language).to_numpy()].mean() >= 0.78, language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I sent the charger back two weeks ago and still no refund.", "refund"),  # words in between
        ("My parcel hasnt arrived yet.", "late"),  # apostrophe-less typo
        ("快递一周了还没到，到底怎么回事？", "late"),
        ("Please add more vegetarian options to the grocery section.", None),  # fits no listed theme
        ("Hi!", None),
        ("", None),
    ],
)
def test_assignment_rules(text: str, expected: str | None) -> None:
    assert assign_themes([text], SMALL_TAXONOMY) == [expected]


def _assigned(probabilities: list[list[float]], support: list[float]) -> semantic.Assignment:
    return semantic.assign(np.array(probabilities), np.array(support), np.ones(len(support), dtype=bool))


def test_a_text_takes_its_theme_only_when_it_is_likely_more_likely_than_none_and_close_to_it() -> None:
    found = _assigned(
        [[0.80, 0.10], [0.30, 0.25], [0.40, 0.10], [0.90, 0.05], [0.50, 0.45]],
        [0.5, 0.5, 0.5, 0.1, 0.5],
    )
    # 0: likely; 1: below ACCEPT_PROBABILITY; 2: "none" (0.5) more likely than the theme: unassigned;
    # 3: likely, but far from every text the theme was learnt from; 4: likely, and a likely second theme.
    assert found.primary.tolist() == [0, -1, -1, -1, 0]
    assert found.secondary.tolist() == [-1, -1, -1, -1, 1]


def test_a_text_without_a_vector_takes_no_theme() -> None:
    found = semantic.assign(np.array([[0.9, 0.1]]), np.array([0.9]), np.array([False]))
    assert found.primary.tolist() == [-1] and found.secondary.tolist() == [-1]


def _keywords(matcher: KeywordMatcher, text: str) -> list[str]:
    return [keyword.text for keyword in matcher.keywords_in(text)]


def test_a_chinese_keyword_inside_a_longer_word_does_not_count() -> None:
    matcher = KeywordMatcher.build([_theme("renewal", "Renewal", "续费", [], ["续费"])])
    assert [_keywords(matcher, text) for text in ("退货还要扣我20元手续费。", "会员自动续费了。")] == [[], ["续费"]]


def test_invisible_characters_do_not_hide_keywords_or_meaning() -> None:
    texts = ["where is my re\u200bfund??", "申请退\u200b款一周了"]
    matcher = KeywordMatcher.build(SMALL_TAXONOMY)
    assert [_keywords(matcher, text) for text in texts] == [["refund"], ["退款"]]
    assert assign_themes(texts, SMALL_TAXONOMY) == ["refund", "refund"]


# --- discovery ---------------------------------------------------------------------------------------


def test_discovery_without_a_taxonomy_recovers_the_planted_themes(planted: pd.DataFrame) -> None:
    discovery = discover_themes(planted["text"].tolist())
    found = np.array([theme or "" for theme in discovery.assignments], dtype=object)
    truth = planted["theme"].to_numpy()
    chinese = (planted["language"] == "zh").to_numpy()
    for language, mask in (("en", ~chinese), ("zh", chinese)):
        assert normalized_mutual_info_score(truth[mask], found[mask]) >= 0.6, language
    # Across both languages: the multilingual embeddings put English and Chinese texts of one theme together
    # (0.59 here; the retired dictionary bridge reached 0.6 on these generated texts but 0.17 on the blind
    # corpus, where the embeddings reach 0.44).
    assert normalized_mutual_info_score(truth, found) >= 0.55
    bilingual = set(found[chinese]) & set(found[~chinese]) - {""}
    assert len(bilingual) >= len(discovery.themes) // 5
    sizes = [discovery.assignments.count(theme.id) for theme in discovery.themes]
    assert sizes == sorted(sizes, reverse=True)
    assert all(theme.label.en and (theme.keywords.en or theme.keywords.zh) for theme in discovery.themes)


def test_discovery_joins_the_english_and_chinese_texts_of_a_theme() -> None:
    texts = [
        *(f"My refund for order {i} never arrived." for i in range(6)),
        *(f"订单{i}的退款一直没有到账。" for i in range(6)),
        *(f"The app crashes every time I open the cart, version {i}." for i in range(6)),
        *(f"APP一打开购物车就闪退，版本{i}。" for i in range(6)),
    ]
    discovery = discover_themes(texts)
    refund, crash = discovery.assignments[0], discovery.assignments[12]
    assert refund is not None and crash is not None and refund != crash
    # No cluster mixes the two themes (whether a theme's two languages share a cluster depends on k).
    assert not set(discovery.assignments[:12]) & set(discovery.assignments[12:])
    labels = {theme.id: theme for theme in discovery.themes}
    assert any("refund" in keyword for keyword in labels[refund].keywords.en)
    chinese_refund = discovery.assignments[6]
    assert chinese_refund is not None and any("退款" in keyword for keyword in labels[chinese_refund].keywords.zh)
    in_chinese = discover_themes(texts, language_hint="zh")
    assert in_chinese.assignments == discovery.assignments


def test_discovery_centers_each_language_on_its_own_mean() -> None:
    rng = np.random.default_rng(1)
    points = rng.normal(size=(12, 16)).astype(np.float32)
    points[6:] += 3.0  # the Chinese texts share an offset: their language, not their theme
    texts = [*(f"text {i}" for i in range(6)), *(f"文本{i}" for i in range(6))]
    centered = discovery.center_per_language(points, texts)
    assert np.allclose(np.linalg.norm(centered, axis=1), 1.0, atol=1e-5)
    raw = points.astype(np.float64)
    expected = np.vstack([raw[:6] - raw[:6].mean(axis=0), raw[6:] - raw[6:].mean(axis=0)])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(centered, expected, atol=1e-5)


def test_clustering_fitted_on_a_sample_places_every_text(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    centers = np.eye(4, 8) * 10
    points = np.vstack([center + rng.normal(scale=0.5, size=(40, 8)) for center in centers]).astype(np.float32)
    monkeypatch.setattr(discovery, "FIT_SAMPLE", 30)
    clusters = discovery.cluster_vectors(points, max_clusters=4)
    assert len(clusters) == 160
    groups = [set(clusters[i * 40 : (i + 1) * 40].tolist()) for i in range(4)]
    assert all(len(group) == 1 for group in groups) and len(set.union(*groups)) == 4


def test_discovery_is_deterministic_and_labels_from_the_texts() -> None:
    texts = [
        *(f"The gift wrapping was missing from order {i}, and the gift card was blank." for i in range(8)),
        *(f"Please add vegetarian options to the grocery section, item {i}." for i in range(8)),
    ]
    first, second = discover_themes(texts), discover_themes(texts)
    assert first == second
    assert len(first.themes) == 2
    assert first.assignments[0] != first.assignments[-1]
    wrapping = next(theme for theme in first.themes if theme.id == first.assignments[0])
    assert any("gift" in keyword or "wrapping" in keyword for keyword in wrapping.keywords.en)
    assert discover_themes([]).themes == [] and discover_themes(["", "!!"]).assignments == [None, None]


# --- the population report -----------------------------------------------------------------------------


def test_report_counts_shares_change_and_lift_on_a_hand_made_frame() -> None:
    focus = [("current", "The courier is late.")] * 4 + [("current", "Where is my refund?")] * 2
    focus += [("current", "Please add more vegetarian options to the grocery section."), ("current", "")]
    previous = [("previous", "Courier late again.")] + [("previous", "Refund please.")] * 3
    comparison = [("active", "Late parcel, the courier lost it.")] * 2 + [("active", "I want a refund.")] * 6
    frame = _frame(focus + previous + comparison, author=["A", "A", "B", "C", "D", None, "E", "F"] + ["X"] * 12)
    report = analyze_population(
        frame, SMALL_TAXONOMY, language="en", focus="current", comparison="active", previous="previous"
    )
    by_id = {theme.id: theme for theme in report.themes}
    assert (report.texts, report.authors, report.previous_texts, report.comparison_texts) == (8, 6, 4, 8)
    assert (report.focus_label, report.comparison_label) == ("current", "active")
    assert [theme.id for theme in report.themes][:2] == ["late", "refund"]
    assert by_id["late"].count == 4 and by_id["late"].share == pytest.approx(4 / 8)
    assert by_id["late"].change_vs_previous == pytest.approx(4 / 8 - 1 / 4)
    assert by_id["late"].lift_vs_comparison == pytest.approx((4 / 8) / (2 / 8))
    assert by_id["refund"].change_vs_previous == pytest.approx(2 / 8 - 3 / 4)
    assert by_id["refund"].lift_vs_comparison == pytest.approx((2 / 8) / (6 / 8))
    other = report.themes[2]  # the text no theme fits and the empty one: every text is accounted for
    assert (other.id, other.label, other.count) == ("other", "Other", 2)
    assert other.lift_vs_comparison is None  # not seen in the comparison population
    assert other.change_vs_previous == pytest.approx(2 / 8)
    assert sum(theme.share for theme in report.themes) == pytest.approx(1.0)
    assert sum(theme.count for theme in report.themes) == 8
    assert "courier" in by_id["late"].keywords and by_id["late"].keywords[0] in ("courier", "late")


def test_report_examples_are_masked_escaped_and_typical() -> None:
    texts = [
        "My refund never came <script>alert(1)</script>, mail me at jo@example.com or 13812345678.",
        "Refund still missing ![x](http://evil.example/x.png) after two weeks.",
        "I want my money back for the refund of order O12345678.",
        "Refund not received.",
    ]
    report = analyze_population(
        _frame([("current", text) for text in texts]), SMALL_TAXONOMY, language="en", focus="current"
    )
    examples = report.themes[0].examples
    assert len(examples) == 3
    joined = " ".join(examples)
    for forbidden in ("<script>", "jo@example.com", "13812345678", "](", "evil.example"):
        assert forbidden not in joined
    assert "&lt;script&gt;" in joined and "[email]" in joined and "[phone]" in joined


def test_report_labels_and_keywords_follow_the_language() -> None:
    frame = _frame(
        [("current", "快递一周了还没到。")] * 3
        + [("current", "The courier is late.")] * 3
        + [("current", "礼品包装没有了。")]
    )
    report = analyze_population(frame, SMALL_TAXONOMY, language="zh", focus="current")
    assert report.themes[0].label == "物流慢"
    assert report.themes[0].keywords[0] in ("还没到", "快递")
    assert report.themes[0].examples == ["快递一周了还没到。", "The courier is late."]  # Chinese first
    assert (report.themes[1].id, report.themes[1].label) == ("other", "其他")
    assert report.previous_texts is None and report.comparison_texts is None
    assert report.themes[0].change_vs_previous is None and report.themes[0].lift_vs_comparison is None


def test_report_keeps_max_themes_biggest_first_and_is_deterministic() -> None:
    rows = [("current", "late courier")] * 5 + [("current", "refund please")] * 3
    rows += [("current", "Please add more vegetarian options to the grocery section.")] * 2
    frame = _frame(rows)
    report = analyze_population(frame, SMALL_TAXONOMY, language="en", focus="current", max_themes=2)
    assert [(theme.id, theme.count) for theme in report.themes] == [("late", 5), ("refund", 3), ("other", 2)]
    again = analyze_population(frame, SMALL_TAXONOMY, language="en", focus="current", max_themes=2)
    assert again.model_dump() == report.model_dump()


_REPORT_SCRIPT = """
import json, sys
import pandas as pd
from assistant.themes import analyze_population
from semantic_layer import load_model
rows = json.loads(sys.stdin.read())
frame = pd.DataFrame(rows, columns=["population", "id", "text"])
taxonomy = load_model().text_fields["complaint_text"].taxonomy
report = analyze_population(frame, taxonomy, language="zh", focus="churned", comparison="active")
print(json.dumps(report.model_dump(), ensure_ascii=False, sort_keys=True))
"""


def test_report_is_the_same_in_another_process(planted: pd.DataFrame, taxonomy: list[Theme]) -> None:
    """No dependence on hash randomisation (set order) or unseeded randomness: a fresh interpreter with
    another PYTHONHASHSEED gives the same report."""
    texts = planted["text"].tolist()[:1500]
    rows = [["churned" if i % 3 == 0 else "active", f"T{i}", text] for i, text in enumerate(texts)]
    frame = pd.DataFrame(rows, columns=["population", "id", "text"])
    here = analyze_population(frame, taxonomy, language="zh", focus="churned", comparison="active")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    there = subprocess.run(
        [sys.executable, "-c", _REPORT_SCRIPT],
        input=json.dumps(rows),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(there.stdout) == json.loads(json.dumps(here.model_dump(), ensure_ascii=False, sort_keys=True))


@pytest.mark.parametrize(
    "frame",
    [
        pd.DataFrame(columns=["population", "id", "text", "time", "language", "author"]),
        _frame([("active", "late courier")]),  # rows, but none in the focus population
    ],
)
def test_report_of_an_empty_population(frame: pd.DataFrame) -> None:
    report = analyze_population(frame, SMALL_TAXONOMY, language="en", focus="current", comparison="active")
    assert report.themes == []
    assert report.texts == len(frame[frame["population"] == "current"])


def test_empty_texts_are_counted_in_other() -> None:
    report = analyze_population(
        _frame([("current", ""), ("current", "   ")]), SMALL_TAXONOMY, language="en", focus="current"
    )
    assert [(theme.id, theme.count, theme.share) for theme in report.themes] == [("other", 2, 1.0)]


def test_report_on_the_demo_warehouse_answers_the_headline_question(
    demo_warehouse: Engine, taxonomy: list[Theme]
) -> None:
    model = load_model(as_of=AS_OF)
    query = SemanticQuery.model_validate(
        {
            "kind": "themes",
            "text_field": "complaint_text",
            "segments": ["churned_customers"],
            "compare": {"segments": ["active_customers"]},
            "time_range": {"field": "ticket.created_at", "start": "2026-08-23", "end": "2026-11-22"},
        }
    )
    compiled = compile_query(model, query, as_of=AS_OF)
    frame = demo_warehouse.run(guard_sql(compiled.sql, allowed_tables=model.tables(), row_cap=100_000)).frame
    focus, comparison = compiled.populations
    report = analyze_population(frame, taxonomy, language="en", focus=focus, comparison=comparison)
    churned = frame[frame["population"] == focus]
    assert report.texts == len(churned) and report.authors == churned["author"].nunique()
    assert report.comparison_texts == int((frame["population"] == comparison).sum())
    assert 0 < len(report.themes) <= 9 and report.themes[-1].id == "other"  # 8 named themes at most, then other
    assert sum(theme.count for theme in report.themes) == report.texts
    assert sum(theme.share for theme in report.themes) == pytest.approx(1.0)
    top = {theme.id for theme in report.themes[:4]}
    assert top & {"slow_support_response", "unhelpful_support", "refund_return_hassle", "price_too_high"}
    for theme in report.themes[:4]:
        assert len(theme.examples) == 3 and 1 <= len(theme.keywords) <= 6
        assert theme.lift_vs_comparison is not None
    assert report.themes[0].lift_vs_comparison is not None and report.themes[0].lift_vs_comparison > 1


# --- the CSV command -----------------------------------------------------------------------------------


def test_themes_for_a_csv_file(tmp_path: Path, taxonomy: list[Theme]) -> None:
    rows = ["My parcel has not arrived after 10 days.", "I want my money back, the refund is late.", ""]
    rows += ["Please add more vegetarian options to the grocery section."] * 3 + ["快递还没到，等了一周。"]
    path = tmp_path / "feedback.csv"
    pd.DataFrame({"id": range(len(rows)), "comment": rows}).to_csv(path, index=False)
    result = themes_for_file(path, "comment", taxonomy=taxonomy)
    assert set(result) == {"themes", "assignments"}
    assignments = result["assignments"]
    assert len(assignments) == len(rows) and assignments[2] == "other"
    assert assignments[0] == assignments[6] == "delivery_delay" and assignments[1] == "refund_return_hassle"
    counts = {theme["id"]: theme["count"] for theme in result["themes"]}
    assert counts == {theme_id: assignments.count(theme_id) for theme_id in counts}
    assert set(counts) == set(assignments) and sum(counts.values()) == len(rows)

    discovered = themes_for_file(path, "comment", taxonomy=None)
    assert all(theme["id"].startswith("discovered_") or theme["id"] == "other" for theme in discovered["themes"])
    assert not any(theme["label"].startswith("New") for theme in discovered["themes"])


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\n\n", "is empty"),
        ("header.csv", b"comment\n", "header but no rows"),
        ("latin1.csv", "comment\nr\xe9sum\xe9 caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("columns.csv", b"id,text\n1,late\n", "no column 'comment'. Its columns are: id, text."),
        ("broken.csv", b'comment,other\n"unclosed,1\n2,3\n', "could not be read as CSV"),
    ],
)
def test_themes_for_a_bad_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    with pytest.raises(UserInputError, match=message.replace(".", r"\.")):
        themes_for_file(_write(tmp_path / name, content), "comment", taxonomy=None)


def test_themes_for_a_missing_or_too_large_file(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="No file at"):
        themes_for_file(tmp_path / "nope.csv", "comment", taxonomy=None)
    big = _write(tmp_path / "big.csv", b"comment\n" + b"late\n" * (MAX_ROWS + 1))
    with pytest.raises(UserInputError, match="more than 200,000 rows"):
        themes_for_file(big, "comment", taxonomy=None)


def test_clip_column_matches_clip_for_every_kind_of_value() -> None:
    from assistant.themes.analysis import MAX_TEXT_CHARS, clip, clip_column

    long = "x" * (MAX_TEXT_CHARS + 7)
    cases: list[list[Any]] = [
        ["short", long, None, ""],
        ["a", "b"],
        [],
        [None, None],
        ["text", 42, long],  # a value that is not a string reads as ""
        [1, 2],
    ]
    for values in cases:
        for dtype in (object, "string"):
            if dtype == "string" and any(value is not None and not isinstance(value, str) for value in values):
                continue
            column = pd.Series(values, dtype=dtype)
            assert clip_column(column) == clip(values), (values, dtype)
    assert max(map(len, clip_column(pd.Series([long])))) == MAX_TEXT_CHARS
