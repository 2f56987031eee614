"""The demo model implements DESIGN.md §6; broken models report every problem with file and line."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from semantic_layer import DEMO_MODEL_PATH, ModelValidationError, load_model
from tests.conftest import AS_OF, write_model

DESIGN_METRICS = [
    "customers", "new_customers", "active_customers", "churned_customers", "churn_rate", "silent_customers",
    "orders", "completed_orders", "revenue", "average_order_value", "return_rate", "repurchase_rate",
    "customer_lifetime_value", "tickets", "complaints", "open_tickets", "avg_first_response_hours",
    "responded_within_3h_rate", "avg_resolution_hours", "survey_responses", "nps", "avg_csat",
    "low_csat_responses", "touches_sent", "delivery_rate", "conversion_rate",
]  # fmt: skip
PLANTED_THEMES = [
    "delivery_delay", "damaged_or_defective", "slow_support_response", "unhelpful_support", "refund_return_hassle",
    "price_too_high", "app_website_problems", "payment_failure", "billing_error", "membership_benefits",
]  # fmt: skip


def test_demo_model_has_every_design_metric_segment_and_theme() -> None:
    model = load_model(as_of=AS_OF)
    assert set(DESIGN_METRICS) <= set(model.metrics)
    assert {"churned_customers", "active_customers", "high_value_customers", "silent_customers", "members"} <= set(
        model.segments
    )
    taxonomy = model.text_fields["complaint_text"].taxonomy
    assert [theme.id for theme in taxonomy] == PLANTED_THEMES
    for theme in taxonomy:
        assert theme.label.en and theme.label.zh and theme.keywords.en and theme.keywords.zh
    assert model.tables() == ["customers", "orders", "surveys", "tickets", "touches"]


@pytest.mark.parametrize(
    ("segment", "synonym"),
    [("churned_customers", "lost customers"), ("churned_customers", "lapsed customers"), ("churned_customers", "流失"),
     ("churned_customers", "战败客户"), ("high_value_customers", "高价值"), ("high_value_customers", "high-value"),
     ("silent_customers", "沉默客户"), ("members", "会员")],
)  # fmt: skip
def test_segment_synonyms_cover_both_languages(segment: str, synonym: str) -> None:
    assert synonym in load_model(as_of=AS_OF).segments[segment].synonyms


def test_every_visible_metric_and_dimension_is_described_in_both_languages() -> None:
    model = load_model(as_of=AS_OF)
    for name, metric in model.metrics.items():
        assert metric.description, name
        assert metric.hidden or metric.synonyms, name
        assert any(ch > "\u4e00" for ch in " ".join(metric.synonyms)) or metric.hidden, f"{name} has no Chinese synonym"
    for entity in model.entities.values():
        for name, dim in entity.dimensions.items():
            assert dim.label is not None, name


def _broken(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = DEMO_MODEL_PATH.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    return write_model(tmp_path / "broken.yml", text)


def _line_of(path: Path, fragment: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if fragment in line)


def _issues(path: Path) -> list[str]:
    with pytest.raises(ModelValidationError) as error:
        load_model(path, as_of=AS_OF)
    return [str(issue) for issue in error.value.issues]


def test_every_problem_is_reported_with_its_line(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        ("measure: order.revenue", "measure: order.revenu"),
        ("numerator: churned_customers", "numerator: churned_customer"),
        ("    entity: customer\n    filter: tier = 'A'", "    entity: client\n    filter: tier = 'A'"),
    )
    issues = _issues(path)
    assert len(issues) == 3, issues
    prefix = (
        f"{path}:{_line_of(path, 'measure: order.revenu')}: metrics.revenue.measure: Unknown measure 'order.revenu'."
    )
    assert any(i.startswith(prefix) and "Did you mean: order.revenue" in i for i in issues), issues
    assert any(
        f":{_line_of(path, 'numerator: churned_customer')}:" in i and "Did you mean: churned_customers" in i
        for i in issues
    )
    assert any(f":{_line_of(path, 'entity: client')}:" in i and "unknown entity 'client'" in i for i in issues)


def test_structural_errors_name_field_and_line(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        ("    agg: sum\n        expr: amount", "    agg: total\n        expr: amount"),
        ("        pii: true\n", "        pii: true\n        colour: red\n"),
    )
    issues = _issues(path)
    assert any(f":{_line_of(path, 'agg: total')}:" in i and "agg" in i for i in issues), issues
    assert any(f":{_line_of(path, 'colour: red')}:" in i and "Extra inputs are not permitted" in i for i in issues), (
        issues
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            (
                "filter: status = 'churned'\n        agg_time_dimension",
                "filter: status = = 'churned'\n        agg_time_dimension",
            ),
            "invalid SQL",
        ),
        (
            (
                "filter: status = 'completed'\n        description: Orders with",
                "filter: orders.status = 'completed'\n        description: Orders with",
            ),
            "write columns unqualified",
        ),
        (("numerator: returned_orders", "numerator: return_rate"), "refers to itself"),
        (("agg_time_dimension: churn_date", "agg_time_dimension: region"), "'region' is not a time dimension"),
        (
            ("default_time_dimension: ordered_at", "default_time_dimension: order_date"),
            "unknown dimension 'order_date'",
        ),
        (("time_phrase: last quarter", "time_phrase: sometime soon"), "sometime soon"),
        (
            ("      dimensions: [{name: survey.touchpoint}]", "      dimensions: [{name: survey.touch_point}]"),
            "Did you mean: survey.touchpoint",
        ),
    ],
)
def test_reference_problems(tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    issues = _issues(_broken(tmp_path, edit))
    assert any(message in issue for issue in issues), issues


def test_duplicate_keys_and_bad_yaml(tmp_path: Path) -> None:
    duplicated = _broken(tmp_path, ("  orders:\n    type: simple", "  revenue:\n    type: simple"))
    assert any("metrics.revenue: duplicate key" in i for i in _issues(duplicated))
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\nentities: [unclosed\n", encoding="utf-8")
    (issue,) = _issues(bad)
    assert f"{bad}:3: invalid YAML" in issue


@pytest.mark.parametrize(
    ("content", "message"), [(None, "file not found"), ("", "the file is empty"), ("\xff\xfe", "cannot read")]
)
def test_unreadable_files(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "model.yml"
    if content is not None:
        path.write_bytes(content.encode("latin-1"))
    assert any(message in issue for issue in _issues(path))


def test_taxonomy_themes_have_descriptions_and_examples_in_both_languages() -> None:
    for field in load_model(as_of=AS_OF).text_fields.values():
        for theme in field.taxonomy:
            assert theme.description.en and theme.description.zh, theme.id
            assert 4 <= len(theme.examples.en) <= 12 and 4 <= len(theme.examples.zh) <= 12, theme.id


def test_a_single_string_theme_description_still_loads_as_english(tmp_path: Path) -> None:
    start = "      - id: delivery_delay\n        label: {en: Late or missing delivery, zh: 物流延迟或未送达}\n"
    text = DEMO_MODEL_PATH.read_text(encoding="utf-8")
    block_start = text.index(start) + len(start)
    block_end = text.index("        keywords:", block_start)
    path = write_model(
        tmp_path / "v1.yml", text[:block_start] + "        description: Orders that arrive late.\n" + text[block_end:]
    )
    theme = load_model(path, as_of=AS_OF).text_fields["complaint_text"].taxonomy[0]
    assert (theme.description.en, theme.description.zh, theme.examples.en) == ("Orders that arrive late.", "", [])


def test_a_theme_needs_something_to_be_recognised_by(tmp_path: Path) -> None:
    path = _broken(
        tmp_path,
        ('            - "My order was supposed to', '            - " "\n            - "My order was supposed to'),
    )
    issues = _issues(path)
    line = _line_of(path, '- " "')
    assert any("empty example" in issue and f":{line}:" in issue for issue in issues), issues


def test_labelled_examples_are_read_from_the_examples_file_beside_the_model() -> None:
    field = load_model(as_of=AS_OF).text_fields["complaint_text"]
    listed = {theme.id for theme in field.taxonomy}
    themes = Counter(example.theme if example.theme in listed else "none" for example in field.labelled_examples)
    assert set(themes) == listed | {"none"} and min(themes.values()) >= 60, themes
    assert all(example.text.strip() for example in field.labelled_examples)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "examples file complaint_examples.csv not found beside the model"),
        ("id,text\n1,late again\n", "has no column theme (it needs text and theme)"),
        ("text,theme\nlate again,\n", "line 2: every row needs a text and a theme"),
        (b"text,theme\n\xff\xfe,late\n", "is not a UTF-8 CSV file"),
    ],
)
def test_a_bad_examples_file_is_reported_at_its_key(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = write_model(tmp_path / "model.yml", DEMO_MODEL_PATH.read_text(encoding="utf-8"))
    examples = tmp_path / "complaint_examples.csv"
    if content is None:
        examples.unlink()
    else:
        examples.write_bytes(content if isinstance(content, bytes) else content.encode())
    issues = _issues(path)
    line = _line_of(path, "examples_file: complaint_examples.csv")
    assert any(message in issue and f":{line}:" in issue for issue in issues), issues
