"""Words the offline planner used to ask back about although they name nothing new (issue 10, blind set 3):
everyday and whole-history words, bare month names, year-over-year of one period, typos and chat shorthand.
Each cause is tested with phrasings that are NOT in the blind sets, in English and Chinese; unknown nouns
are still asked back. The year-over-year compilation is checked against an independent SQL computation."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assistant.contracts import detect_language
from semantic_layer import SemanticQuery, compile_query, load_model
from semantic_layer.time_calendar import same_period_last_year
from semantic_layer.time_phrases import find_time_phrases
from tests.conftest import AS_OF as WAREHOUSE_AS_OF
from tests.planner_cases import AS_OF, plan, query_of


@pytest.fixture(scope="module")
def model() -> Any:
    return load_model(as_of=AS_OF)


def period(got: dict[str, Any]) -> tuple[str, str] | None:
    time_range = got.get("time_range")
    return (time_range["start"], time_range["end"]) if time_range else None


# -- 1. everyday words: politeness, discourse, verbs of summarising, comparatives, whole history ----------


@pytest.mark.parametrize(
    ("question", "metrics", "dates"),
    [
        ("Could you summarise revenue for last quarter please?", ["revenue"], ("2026-07-01", "2026-09-30")),
        ("sure, and the nps at the moment?", ["nps"], None),
        ("right now how many open tickets are there", ["open_tickets"], None),
        ("What did the churn rate look like historically?", ["churn_rate"], None),
        ("历史上一共有多少订单", ["orders"], None),
        ("帮我总结一下上个月的销售额", ["revenue"], ("2026-11-01", "2026-11-30")),
        ("what's our first reply time this quarter", ["avg_first_response_hours"], ("2026-10-01", "2026-12-04")),
    ],
)
def test_everyday_words_need_no_query_element(
    model: Any, question: str, metrics: list[str], dates: tuple[str, str] | None
) -> None:
    got = query_of(model, question)
    assert got["metrics"] == metrics
    assert period(got) == dates


def test_an_everyday_verb_for_a_model_event_is_read_and_shown(model: Any) -> None:
    result = plan(model, "% of tickets replied within 3 hours last week")
    assert result.status == "ok" and result.query is not None, result.clarification
    assert result.query.metrics == ["responded_within_3h_rate"]
    assert "Read 'replied' as 'responded'." in result.assumptions


@pytest.mark.parametrize(
    "question",
    ["how many customers left us this year", "people who left us last quarter: what were their complaints about?"],
)
def test_leaving_us_is_churning(model: Any, question: str) -> None:
    got = query_of(model, question)
    assert got["segments"] == ["churned_customers"]
    assert got["time_range"]["field"] == "customer.churn_date"


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("how many customers own a dog", "dog"),
        ("revenue by weather last month", "weather"),
        ("customers with a gmail address", "gmail"),
        ("客户的星座分布", "星座"),
    ],
)
def test_an_unknown_noun_is_still_asked_back(model: Any, question: str, word: str) -> None:
    result = plan(model, question)
    assert result.status == "clarify" and word in (result.clarification or "")


# -- 2. month names and month-level periods -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "as_of", "expected"),
    [
        ("July revenue", AS_OF, ("2026-07-01", "2026-07-31")),
        ("orders in dec", AS_OF, ("2026-12-01", "2026-12-04")),  # the current month, to date
        ("November complaints", date(2026, 3, 15), ("2025-11-01", "2025-11-30")),  # not yet this year
        ("Sept. churn", AS_OF, ("2026-09-01", "2026-09-30")),
        ("2026年3月的投诉", AS_OF, ("2026-03-01", "2026-03-31")),
        ("十一月份的退货率", date(2026, 5, 1), ("2025-11-01", "2025-11-30")),
    ],
)
def test_a_bare_month_name_is_its_most_recent_occurrence(text: str, as_of: date, expected: tuple[str, str]) -> None:
    (found,) = find_time_phrases(text, as_of)
    assert (found.start.isoformat(), found.end.isoformat()) == expected


@pytest.mark.parametrize("text", ["may I see revenue", "march revenue", "the mar rate"])
def test_month_names_that_are_also_words_need_a_preposition(text: str) -> None:
    assert find_time_phrases(text, AS_OF) == []


def test_a_month_name_plans_a_month_and_says_which_year(model: Any) -> None:
    got = query_of(model, "august tickets by priority")
    assert period(got) == ("2026-08-01", "2026-08-31")
    assert got["time_range"]["label"] == "August 2026"


def test_two_months_next_to_each_other_compare_with_the_previous_period(model: Any) -> None:
    got = query_of(model, "orders in Aug vs Jul")
    assert period(got) == ("2026-08-01", "2026-08-31")
    assert got["compare"] == {"previous_period": True}


# -- 3. year over year of a single month or quarter ----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("revenue last quarter yoy", ("2026-07-01", "2026-09-30")),
        ("tickets in October, year over year", ("2026-10-01", "2026-10-31")),
        ("上季度营收同比", ("2026-07-01", "2026-09-30")),
        ("上个月各渠道的订单数同比怎么样", ("2026-11-01", "2026-11-30")),
    ],
)
def test_year_over_year_compares_with_the_same_period_last_year(
    model: Any, question: str, dates: tuple[str, str]
) -> None:
    got = query_of(model, question)
    assert period(got) == dates
    assert got["compare"] == {"previous_period": True, "year_over_year": True}


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 1), date(2026, 11, 30), (date(2025, 11, 1), date(2025, 11, 30))),
        (date(2026, 12, 1), date(2026, 12, 4), (date(2025, 12, 1), date(2025, 12, 4))),
        (date(2024, 2, 1), date(2024, 2, 29), (date(2023, 2, 1), date(2023, 2, 28))),
        (date(2025, 2, 1), date(2025, 2, 28), (date(2024, 2, 1), date(2024, 2, 29))),  # a whole month stays whole
        (date(2026, 7, 1), date(2026, 9, 30), (date(2025, 7, 1), date(2025, 9, 30))),
    ],
)
def test_same_period_last_year(start: date, end: date, expected: tuple[date, date]) -> None:
    assert same_period_last_year(start, end) == expected


def test_year_over_year_needs_the_previous_period_flag() -> None:
    with pytest.raises(ValueError, match="year_over_year"):
        SemanticQuery.model_validate({"metrics": ["orders"], "compare": {"year_over_year": True, "segments": ["x"]}})


def test_year_over_year_sql_matches_an_independent_count(demo_warehouse_path: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.duckdb"  # its own file: the session's engine holds the original in another mode
    copy.write_bytes(demo_warehouse_path.read_bytes())
    model = load_model(as_of=WAREHOUSE_AS_OF)
    query = SemanticQuery.model_validate(
        {
            "metrics": ["complaints", "orders"],
            "time_range": {"start": "2026-10-01", "end": "2026-10-31"},
            "compare": {"previous_period": True, "year_over_year": True},
        }
    )
    compiled = compile_query(model, query, as_of=WAREHOUSE_AS_OF)
    with duckdb.connect(str(copy), read_only=True) as con:
        cursor = con.execute(compiled.sql)
        names = [d[0] for d in cursor.description]
        row = dict(zip(names, cursor.fetchone() or (), strict=True))
        complaints = "SELECT count(*) FROM tickets WHERE is_complaint AND created_at >= ? AND created_at < ?"
        orders = "SELECT count(*) FROM orders WHERE ordered_at >= ? AND ordered_at < ?"

        def count(sql: str, start: str, end: str) -> int:
            found = con.execute(sql, [start, end]).fetchone()
            assert found is not None
            return int(found[0])

        expected = {
            "complaints": count(complaints, "2026-10-01", "2026-11-01"),
            "complaints_previous": count(complaints, "2025-10-01", "2025-11-01"),
            "orders": count(orders, "2026-10-01", "2026-11-01"),
            "orders_previous": count(orders, "2025-10-01", "2025-11-01"),
        }
    assert {k: row[k] for k in expected} == expected
    assert expected["orders_previous"] > 0  # the demo data reaches back a year, so the test can fail
    assert row["orders_change"] == expected["orders"] - expected["orders_previous"]


# -- 4. typos and chat shorthand -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "metrics", "corrections"),
    [
        ("custmer count lst mnth", ["customers"], ["'custmer' as 'customer'", "'lst' as 'last'"]),
        ("tix opened yday", ["tickets"], ["'tix' as 'tickets'", "'yday' as 'yesterday'"]),
        ("# of orders rn", ["orders"], ["'rn' as 'now'"]),
        ("revnue this qtr", ["revenue"], ["'revnue' as 'revenue'", "'qtr' as 'quarter'"]),
        ("share of tickets replied within 3h last month", ["responded_within_3h_rate"], ["'3h' as '3 hours'"]),
        ("how many custmers churnd in 2025", ["customers"], ["'churnd' as 'churned'"]),
    ],
)
def test_typos_and_shorthand_are_read_and_shown(
    model: Any, question: str, metrics: list[str], corrections: list[str]
) -> None:
    result = plan(model, question)
    assert result.status == "ok" and result.query is not None, result.clarification
    assert result.query.metrics == metrics
    for correction in corrections:
        assert f"Read {correction}." in result.assumptions


@pytest.mark.parametrize("question", ["上周3h响应率", "3h响应率按优先级"])
def test_chinese_with_latin_shorthand(model: Any, question: str) -> None:
    assert query_of(model, question)["metrics"] == ["responded_within_3h_rate"]


def test_a_short_unknown_word_is_not_guessed(model: Any) -> None:
    # 'cose' is one edit from 'case' and from 'close'; short words are too close to each other to guess
    result = plan(model, "cose count last month")
    assert result.status == "clarify" and "cose" in (result.clarification or "")


def test_a_yearless_month_says_which_year_it_was_read_as(model: Any) -> None:
    from assistant.planner.grounding import identity, inferred_years
    from assistant.planner.lexicon import Lexicon
    from assistant.planner.reading import read

    for question, note in [
        ("August tickets by priority", "Read 'August' as August 2026, the most recent one as of 2026-12-04."),
        ("十一月份的退货率", "将“十一月份”理解为2026年11月(截至 2026-12-04 最近的一个)。"),
    ]:
        reading = read(question, Lexicon(model), AS_OF)
        query = plan(model, question).query
        assert inferred_years(
            reading, query, identity(reading.text), question, detect_language(question), "2026-12-04"
        ) == [note]
    dated = read("orders in November 2025", Lexicon(model), AS_OF)
    assert [t.year_inferred for t in dated.times] == [False]


@pytest.mark.parametrize(
    ("question", "field", "value"),
    [
        ("orders last month leaving out the web channel", "order.channel", "web"),
        ("revenue this quarter, not counting electronics", "order.category", "electronics"),
    ],
)
def test_phrases_of_exclusion_are_negations(model: Any, question: str, field: str, value: str) -> None:
    got = query_of(model, question)
    assert {"field": field, "op": "!=", "values": [value]} in got["filters"]


def test_slang_for_complaining_asks_for_themes(model: Any) -> None:
    result = plan(model, "churned customers last quarter: what were they moaning about?")
    assert result.status == "ok" and result.query is not None and result.query.kind == "themes"
    assert "Read 'moaning' as 'complaining'." in result.assumptions


@pytest.mark.parametrize(
    ("question", "year_over_year"),
    [
        ("complaints Oct 2026 vs Oct 2025", True),
        ("2026年第二季度和2025年第二季度的销售额对比", True),
        ("orders in Aug vs Jul", False),
        ("revenue last month vs the month before", False),
    ],
)
def test_a_named_second_period_decides_the_comparison(model: Any, question: str, year_over_year: bool) -> None:
    got = query_of(model, question)
    expected = {"previous_period": True, "year_over_year": True} if year_over_year else {"previous_period": True}
    assert got["compare"] == expected


def test_a_second_period_that_is_neither_is_asked_back(model: Any) -> None:
    result = plan(model, "revenue in Oct 2026 vs June 2026")
    assert result.status == "clarify" and "June 2026" in (result.clarification or "")


@pytest.mark.parametrize(
    ("question", "dates"),
    [
        ("churn rate MoM for oct", ("2026-10-01", "2026-10-31")),
        ("revenue qoq for Q3", ("2026-07-01", "2026-09-30")),
        ("10月的销售额环比", ("2026-10-01", "2026-10-31")),
    ],
)
def test_a_change_over_one_period_compares_with_the_previous_one(
    model: Any, question: str, dates: tuple[str, str]
) -> None:
    got = query_of(model, question)
    assert period(got) == dates
    assert got["compare"] == {"previous_period": True}
    assert not any(d.get("grain") for d in got.get("dimensions", []))


def test_a_change_over_several_periods_stays_a_series(model: Any) -> None:
    got = query_of(model, "orders MoM this year")
    assert got["dimensions"] == [{"name": "metric_time", "grain": "month"}]
    assert "compare" not in got


def test_a_phrase_read_as_a_negation_that_changes_nothing_is_asked_back(model: Any) -> None:
    result = plan(model, "NPS leaving out detractors")
    assert result.status == "clarify" and "'leaving out'" in (result.clarification or "")
