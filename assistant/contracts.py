"""The Plan and Answer JSON contracts of DESIGN.md §3."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from semantic_layer import SemanticQuery

Language = Literal["en", "zh"]


def detect_language(text: str) -> Language:
    """'zh' when the text contains CJK ideographs, else 'en'."""
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en"


AnswerStatus = Literal["answered", "clarify", "unsupported", "refused", "error"]
TIMING_STAGES = ("plan", "compile", "guard", "execute", "themes", "summarize", "total")


SpanRole = Literal[
    "metric",
    "dimension",
    "filter",
    "segment",
    "time_range",
    "compare",
    "order",
    "limit",
    "list",
    "text_field",
    "correction",
    "filler",
]


class Span(BaseModel):
    """What one stretch of a question did to the plan (DESIGN.md §10): `start`/`end` are code-point offsets into
    the question of `turn` (0 = this question, -1 = the one before, ...)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    start: int
    end: int
    turn: int = 0
    role: SpanRole
    target: str | None = None
    value: str | None = None


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: Literal["ok", "clarify", "unsupported", "refused"]  # refused: writes and personal data (§10)
    query: SemanticQuery | None = None
    assumptions: list[str] = []
    clarification: str | None = None
    suggestions: list[str] = []
    planner: str = Field(description="'offline', 'llm:<model>', or 'direct' for a query given as JSON")
    interpretation: list[Span] = []
    unrecognized: list[str] = []
    sql: str | None = Field(
        default=None,
        description="Only when the semantic model cannot express the question: one read-only SELECT over the "
        "model's tables (LLM planner only), guarded before it runs and flagged as not from the semantic layer.",
    )

    @model_serializer(mode="wrap")
    def _without_empty_sql(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """`sql` appears only when set, so every other plan keeps the exact JSON shape of DESIGN §3."""
        data: dict[str, Any] = handler(self)
        if data.get("sql") is None:
            data.pop("sql", None)
        return data


OTHER_THEME_ID = "other"  # the theme entry holding every text of no named theme (DESIGN §10)


class Theme(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    label: str
    count: int
    share: float
    keywords: list[str] = []
    examples: list[str] = []
    change_vs_previous: float | None = None
    lift_vs_comparison: float | None = None


class ThemeReport(BaseModel):
    """What the themes stage adds to an answer: the themes of the focus population and its size."""

    model_config = ConfigDict(extra="forbid")

    themes: list[Theme]
    texts: int  # texts in the focus population
    authors: int | None = None  # distinct authors (e.g. customers) of those texts
    focus_label: str = "current"  # the population label in the query result
    comparison_label: str | None = None  # e.g. "active_customers"
    comparison_texts: int | None = None
    previous_texts: int | None = None


class Turn(BaseModel):
    """One earlier exchange of a chat, for follow-up questions ("and by region?")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str
    query: SemanticQuery | None = None


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    language: Language = "en"
    status: AnswerStatus
    plan: Plan | None = None
    assumptions: list[str] = []
    sql: str | None = None
    columns: list[str] = []
    rows: list[list[Any]] = []
    row_count: int = 0
    truncated: bool = False
    themes: list[Theme] = []
    summary: str = ""
    chart: dict[str, Any] | None = None
    message: str | None = None
    timings_ms: dict[str, float] = Field(default_factory=lambda: dict.fromkeys(TIMING_STAGES, 0.0))
