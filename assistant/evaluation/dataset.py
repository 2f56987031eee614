"""The questions file of `chatbi eval`: items with gold answers, checked up front with every problem listed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import ErrorDetails

from assistant.contracts import Language, detect_language
from assistant.errors import GuardRefusal, UserInputError
from assistant.guard import guard_sql
from semantic_layer import SemanticModel, SemanticQuery, compile_query
from semantic_layer.errors import ModelValidationError, SemanticLayerError
from semantic_layer.yaml_source import YamlSource, load_yaml_source


class EvalItem(BaseModel):
    """One question with its gold answer (a SemanticQuery or SQL), or `expect: abstain`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    category: str = "uncategorized"
    question: str = Field(min_length=1)
    history: list[str] = []  # earlier questions of the same chat, asked first
    gold_query: SemanticQuery | None = None
    gold_sql: str | None = None
    expect: Literal["answer", "abstain"] = "answer"
    ordered: bool = False  # compare rows in order (top-N, sorted lists) instead of as multisets

    @model_validator(mode="after")
    def _one_gold(self) -> Self:
        golds = (self.gold_query is not None) + (self.gold_sql is not None)
        if self.expect == "abstain" and golds:
            raise ValueError("an item with 'expect: abstain' takes no gold_query or gold_sql")
        if self.expect == "answer" and golds != 1:
            raise ValueError("give exactly one of gold_query, gold_sql or 'expect: abstain'")
        return self

    @property
    def language(self) -> Language:
        return detect_language(self.question)

    @property
    def is_themes(self) -> bool:
        return self.gold_query is not None and self.gold_query.kind == "themes"


class EvalSet(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: date | None = None  # the date the gold time ranges were resolved against
    items: list[EvalItem]


_TOP_KEYS = ("as_of", "items")


def load_eval_set(path: Path, model: SemanticModel | None = None) -> EvalSet:
    """Read and check a questions file; with `model`, also compile every gold query and guard every gold SQL.

    Raises UserInputError listing every problem with its line and item id.
    """
    try:
        source = load_yaml_source(path)
    except ModelValidationError as exc:
        raise UserInputError(_listing(path, [str(issue) for issue in exc.issues])) from None
    problems = [str(issue) for issue in source.structural_issues]
    data = source.data
    if not isinstance(data, dict):
        raise UserInputError(_listing(path, [f"{path}: expected a mapping with keys {', '.join(_TOP_KEYS)}"]))
    problems += [
        f"{_where(source, (key,))}: unknown key '{key}' (valid: {', '.join(_TOP_KEYS)})"
        for key in data
        if key not in _TOP_KEYS
    ]
    as_of = _as_of(source, data.get("as_of"), problems)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        problems.append(f"{_where(source, ('items',))}: 'items' must be a non-empty list of questions")
        raw_items = []
    items = _items(source, raw_items, problems)
    if model is not None:
        problems += _gold_problems(source, raw_items, items, model, as_of or date.today())
    if problems:
        raise UserInputError(_listing(path, problems))
    return EvalSet(as_of=as_of, items=[item for item in items if item is not None])


def _as_of(source: YamlSource, value: Any, problems: list[str]) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{_where(source, ('as_of',))}: as_of must be a date like 2026-11-22, got {value!r}")
    return None


def _items(source: YamlSource, raw_items: list[Any], problems: list[str]) -> list[EvalItem | None]:
    items: list[EvalItem | None] = []
    first_use: dict[str, int] = {}
    for index, raw in enumerate(raw_items):
        name = _item_name(raw, index)
        raw_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(raw_id, str) and raw_id in first_use:
            where = _where(source, ("items", index, "id"))
            problems.append(f"{where}: {name}: duplicate id (first used by item #{first_use[raw_id] + 1})")
        elif isinstance(raw_id, str):
            first_use[raw_id] = index
        try:
            items.append(EvalItem.model_validate(raw))
        except ValidationError as exc:
            problems += [f"{_where(source, ('items', index, *e['loc']))}: {name}: {_explain(e)}" for e in exc.errors()]
            items.append(None)
    return items


def _gold_problems(
    source: YamlSource, raw_items: list[Any], items: list[EvalItem | None], model: SemanticModel, as_of: date
) -> list[str]:
    problems = []
    for index, item in enumerate(items):
        if item is None:
            continue
        where, name = _where(source, ("items", index)), _item_name(raw_items[index], index)
        try:
            if item.gold_query is not None:
                compile_query(model, item.gold_query, as_of=as_of)
            if item.gold_sql is not None:
                guard_sql(item.gold_sql, allowed_tables=model.tables(), row_cap=1)
        except (SemanticLayerError, GuardRefusal) as exc:
            problems.append(f"{where}: {name}: the gold does not compile: {exc}")
    return problems


def _explain(error: ErrorDetails) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden" and len(error["loc"]) == 1:
        return f"unknown key '{field}' (valid: {', '.join(EvalItem.model_fields)})"
    if error["type"] == "extra_forbidden":
        return f"unknown key '{field}'"
    if error["type"] == "missing":
        return f"missing '{field}'"
    message = error["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def _item_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str) and raw["id"]:
        return f"item '{raw['id']}'"
    return f"item #{index + 1}"


def _where(source: YamlSource, path: tuple[str | int, ...]) -> str:
    line = source.line_of(path)
    return f"{source.file}:{line}" if line else source.file


def _listing(path: Path, problems: list[str]) -> str:
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{len(problems)} {noun} in the questions file {path}:\n" + "\n".join(f"  {p}" for p in problems)
