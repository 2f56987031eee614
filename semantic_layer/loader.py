"""Load a semantic model file: YAML -> structure (pydantic) -> cross-references, all problems at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import ValidationError

from semantic_layer.errors import ModelIssue, ModelValidationError
from semantic_layer.labelled_examples import attach_labelled_examples
from semantic_layer.model import SemanticModel
from semantic_layer.validation import validate_model
from semantic_layer.yaml_source import YamlSource, load_yaml_source

DEMO_MODEL_PATH = Path(__file__).parent / "models" / "customer_analytics.yml"


def load_model(path: Path = DEMO_MODEL_PATH, *, as_of: date | None = None) -> SemanticModel:
    """The validated model at `path`; ModelValidationError lists every problem with file and line.

    `as_of` resolves the time phrases of verified queries while checking them (default: today).
    """
    source = load_yaml_source(path)
    issues = list(source.structural_issues) + attach_labelled_examples(source, path.parent)
    try:
        model = SemanticModel.model_validate(source.data)
    except ValidationError as exc:
        raise ModelValidationError(issues + _structure_issues(source, exc)) from None
    issues += validate_model(model, source, as_of or date.today())
    if issues:
        raise ModelValidationError(issues)
    return model


def _structure_issues(source: YamlSource, error: ValidationError) -> list[ModelIssue]:
    issues = []
    for item in error.errors():
        location = tuple(part for part in item["loc"] if isinstance(part, str | int))
        issues.append(source.issue(location, item["msg"]))
    return issues
