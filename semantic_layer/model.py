"""The semantic model as frozen pydantic models: what the YAML may say, and lookups over it."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StringConstraints,
    field_validator,
    model_validator,
)

from semantic_layer.errors import QueryError, did_you_mean
from semantic_layer.query import SemanticQuery

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
DimensionType = Literal["categorical", "time", "boolean", "number"]
Aggregation = Literal["count", "count_distinct", "sum", "avg", "min", "max"]
MetricFormat = Literal["integer", "number", "percent", "currency", "hours", "score"]
Cardinality = Literal["many_to_one", "one_to_many", "one_to_one"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


class Label(BaseModel):
    """A display name per language. `en` and `zh` are always there: a missing one falls back to the label's
    first language (`zh` to `en` first); other languages (`de`, `ja`...) may be added and read with `text()`."""

    model_config = ConfigDict(extra="allow", frozen=True)

    en: str
    zh: str
    _first: str = PrivateAttr("en")

    @model_validator(mode="wrap")
    @classmethod
    def _fallback(cls, data: Any, handler: ModelWrapValidatorHandler[Label]) -> Label:
        first = None
        if isinstance(data, dict) and data:
            bad = [str(key) for key in data if not isinstance(key, str) or not _LANGUAGE_CODE.match(key)]
            if bad:
                raise ValueError(f"label keys are language codes (en, zh, de...), not {', '.join(bad)}")
            if not all(isinstance(value, str) for value in data.values()):
                raise ValueError("label texts must be strings")
            first = next(iter(data))
            filled = dict(data)
            filled.setdefault("en", data[first])
            filled.setdefault("zh", filled["en"])
            data = filled
        label = handler(data)
        if first is not None:
            private = label.__pydantic_private__  # the fields are frozen; this private attribute is ours
            if private is not None:
                private["_first"] = first
        return label

    def text(self, language: str) -> str:
        """The label in `language`, else in its first language."""
        texts = {"en": self.en, "zh": self.zh, **(self.model_extra or {})}
        return str(texts.get(language, texts[self._first]))


class Dimension(Strict):
    type: DimensionType
    expr: str | None = Field(
        None, description="SQL over the entity's columns; defaults to the column named like the dimension"
    )
    label: Label | None = None
    description: str = ""
    synonyms: list[str] = []
    sample_values: list[str] = []
    exhaustive: bool = Field(False, description="sample_values lists every value; other values are rejected")
    value_synonyms: dict[str, list[str]] = {}
    pii: bool = False

    def chinese_value(self, value: str) -> str:
        """A stored value as Chinese text names it: its first Chinese value synonym ('East' -> '华东')."""
        synonyms = self.value_synonyms.get(value, [])
        return next((s for s in synonyms if any("\u4e00" <= c <= "\u9fff" for c in s)), value)


class PeriodStartState(Strict):
    """Count rows whose [start, end) span covers the first day of the period (e.g. customers active then)."""

    start: Name
    end: Name


class Measure(Strict):
    agg: Aggregation
    expr: str | None = Field(None, description="SQL aggregated; only `count` may omit it (counts rows)")
    filter: str | None = None
    agg_time_dimension: Name | None = None
    description: str = ""
    per: Name | None = Field(None, description="first group rows per this dimension and keep groups passing `having`")
    having: str | None = None
    period_start_state: PeriodStartState | None = None


class Relationship(Strict):
    to: Name
    type: Cardinality
    local_key: Name
    remote_key: Name


class Entity(Strict):
    table: str
    primary_key: Name
    label: Label
    description: str = ""
    synonyms: list[str] = []
    default_time_dimension: Name | None = None
    record_columns: list[Name] = Field([], description="columns shown when rows of this entity are listed")
    dimensions: dict[Name, Dimension]
    measures: dict[Name, Measure] = {}
    relationships: list[Relationship] = []


class RelatedCondition(Strict):
    """A condition on related rows, e.g. 'has no completed order in the last 90 days (up to as-of)'."""

    entity: Name
    filter: str | None = None
    last_days: int | None = Field(None, ge=1)


class Segment(Strict):
    entity: Name
    label: Label
    description: str = ""
    synonyms: list[str] = []
    filter: str | None = None
    exists: RelatedCondition | None = None
    not_exists: RelatedCondition | None = None
    time_dimension: Name | None = Field(None, description="when a row entered the segment, e.g. a cancellation date")
    compare_with: Name | None = Field(None, description="the segment it is naturally contrasted with")


class MetricBase(Strict):
    label: Label
    description: str = ""
    synonyms: list[str] = []
    format: MetricFormat = "number"
    hidden: bool = Field(False, description="a building block of other metrics, not offered on its own")
    higher_is_better: bool = Field(
        True, description="false when a higher value is worse (churn rate): 'worst' then ranks highest first"
    )


class SimpleMetric(MetricBase):
    type: Literal["simple"]
    measure: str
    segments: list[Name] = []
    snapshot: bool = Field(False, description="a state as of the as-of date; time ranges do not apply")


class RatioMetric(MetricBase):
    type: Literal["ratio"]
    numerator: Name
    denominator: Name


class DerivedMetric(MetricBase):
    type: Literal["derived"]
    expr: str


Metric = Annotated[SimpleMetric | RatioMetric | DerivedMetric, Field(discriminator="type")]


class ThemeKeywords(Strict):
    en: list[str] = []
    zh: list[str] = []


class ThemeDescription(Strict):
    """One or two sentences per language saying what belongs to a theme (read by the embedding model)."""

    en: str = ""
    zh: str = ""


class ThemeExamples(Strict):
    """Short typical texts of a theme per language, written for the model (not taken from the data)."""

    en: list[str] = []
    zh: list[str] = []


class LabelledText(Strict):
    """A text and the theme it is about: a taxonomy theme id, or any other label for a text about none of them."""

    text: str
    theme: str


class Theme(Strict):
    id: Name
    label: Label
    description: ThemeDescription = ThemeDescription()
    examples: ThemeExamples = ThemeExamples()
    keywords: ThemeKeywords = ThemeKeywords()

    @field_validator("description", mode="before")
    @classmethod
    def _one_description_for_both(cls, value: object) -> object:
        """A single string (the version 1 form) describes the theme in English."""
        return {"en": value} if isinstance(value, str) else value


class TextField(Strict):
    entity: Name
    expr: str
    label: Label
    description: str = ""
    synonyms: list[str] = []
    filter: str | None = None
    time_dimension: Name | None = None
    language_expr: str | None = None
    author_expr: str | None = Field(None, description="who wrote the text (e.g. an author id column), to count authors")
    count_column: Name = Field("texts", description="what a count of these texts is called in answers, e.g. complaints")
    taxonomy: list[Theme] = []
    examples_file: str | None = Field(
        None, description="CSV beside the model (columns text, theme) of labelled texts the assignment learns from"
    )
    labelled_examples: list[LabelledText] = []


class VerifiedQuery(Strict):
    questions: list[str] = Field(min_length=1)
    time_phrase: str | None = Field(None, description="resolved against as-of when used, e.g. 'last 3 months'")
    time_field: str | None = Field(None, description="the dimension the time phrase filters; default per metric")
    query: SemanticQuery


class Overview(Strict):
    """What a vague question ("how are we doing?", "最近怎么样") is answered with (DESIGN.md §10)."""

    metrics: list[Name]
    time: str = Field(default="last 30 days", description="a time phrase of DESIGN.md §7, resolved at question time")


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Locale(Strict):
    """Money formatting and answer languages come from the model, never from code."""

    currency: CurrencyCode = Field(default="CNY", description="ISO 4217 code of money values, e.g. CNY, USD, EUR")
    languages: list[LanguageCode] = Field(
        default=["en", "zh"], min_length=1, description="languages of labels and answers; labels fall back to the first"
    )


class SemanticModel(Strict):
    name: Name
    description: str = ""
    locale: Locale = Field(default_factory=Locale)
    entities: dict[Name, Entity]
    segments: dict[Name, Segment] = {}
    metrics: dict[Name, Metric]
    text_fields: dict[Name, TextField] = {}
    verified_queries: list[VerifiedQuery] = []
    overview: Overview | None = None
    fiscal_year_start_month: int | None = Field(
        None,
        ge=1,
        le=12,
        description="the month (1-12) the fiscal year starts in; 'FY2025' is the fiscal year ending in 2025. "
        "Unset: fiscal periods ('FY2025', '上个财年') are asked back",
    )

    _dimensions: dict[str, tuple[str, Dimension]] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: object) -> None:
        for entity_name, entity in self.entities.items():
            for dim_name, dim in entity.dimensions.items():
                self._dimensions[f"{entity_name}.{dim_name}"] = (entity_name, dim)

    # Lookups raise QueryError with the closest valid names: that message is what users and the
    # LLM repair loop see.
    def dimension(self, name: str) -> tuple[str, Dimension]:
        try:
            return self._dimensions[name]
        except KeyError:
            raise QueryError([f"Unknown dimension '{name}'.{did_you_mean(name, self._dimensions)}"]) from None

    def metric(self, name: str) -> SimpleMetric | RatioMetric | DerivedMetric:
        try:
            return self.metrics[name]
        except KeyError:
            raise QueryError([f"Unknown metric '{name}'.{did_you_mean(name, self.metrics)}"]) from None

    def segment(self, name: str) -> Segment:
        try:
            return self.segments[name]
        except KeyError:
            raise QueryError([f"Unknown segment '{name}'.{did_you_mean(name, self.segments)}"]) from None

    def text_field(self, name: str) -> TextField:
        try:
            return self.text_fields[name]
        except KeyError:
            choices = self.text_fields
            raise QueryError([f"Unknown text field '{name}'.{did_you_mean(name, choices)}"]) from None

    def measure(self, reference: str) -> tuple[str, Measure]:
        entity_name, _, measure_name = reference.partition(".")
        entity = self.entities.get(entity_name)
        if entity is None or measure_name not in entity.measures:
            known = [f"{e}.{m}" for e, ent in self.entities.items() for m in ent.measures]
            raise QueryError([f"Unknown measure '{reference}'.{did_you_mean(reference, known)}"])
        return entity_name, entity.measures[measure_name]

    def dimension_names(self) -> list[str]:
        return list(self._dimensions)

    def tables(self) -> list[str]:
        """The warehouse tables the model exposes: the guard's allow-list."""
        return sorted({entity.table for entity in self.entities.values()})
