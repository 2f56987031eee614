"""LLM summaries and theme labels, checked before anyone sees them (DESIGN §8).

What is sent: the question, the assumptions, the aggregated result (at most SUMMARY_ROWS rows) and, for theme
answers, each theme's numbers and its already PII-masked quotes. Everything from the data goes inside a
delimited block with a random boundary, as JSON strings with invisible and control characters stripped, and
the system prompt says it is never an instruction. A summary is used only if it is plain text in the
question's language and every number in it is grounded in the result (`assistant.summary.grounded`);
otherwise the template summary stands and the answer says why.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.contracts import Language, ThemeReport
from assistant.llm import notices
from assistant.llm.session import LLMFailure, LLMSession, Message
from assistant.prompts import render
from assistant.summary import Stated, grounded
from assistant.summary.currency import wrong_currency
from assistant.text_safety import strip_invisible

SUMMARY_ROWS = 40
SUMMARY_CHARS = 1200
LABEL_CHARS = 60
LANGUAGE_NAMES = {"en": "English", "zh": "Simplified Chinese (简体中文)"}
_MARKUP = re.compile(r"https?://|www\.|<\s*/?\s*[a-z!]|\]\(|!\[|```|\[[^\]]*\]\s*\(", re.IGNORECASE)
_DELIMITER = re.compile(r"<<<|>>>")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LETTER = re.compile(r"[A-Za-z\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s|$)")


class ThemeLabel(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    label: str


class ThemeLabels(BaseModel):
    """Short labels for discovered themes, by theme id."""

    model_config = ConfigDict(extra="ignore")
    labels: list[ThemeLabel]


def summarize_with_llm(
    session: LLMSession, *, question: str, language: Language, columns: Sequence[str], rows: Sequence[Sequence[Any]],
    assumptions: Sequence[str], themes: ThemeReport | None, template: str, stated: Stated | None,
    currency: str = "CNY",
) -> tuple[str, str | None]:  # fmt: skip
    """(summary, notice): the LLM's summary if it is usable and grounded, else `template` and why not."""
    if session.failure is not None:
        return template, None  # the endpoint already failed for this question; its notice is shown
    boundary = secrets.token_hex(8)
    system = render("summary_system", language_name=LANGUAGE_NAMES[language], boundary=boundary, currency=currency)
    data = result_block(columns, rows, themes)
    user = render("summary_user", question=question, assumptions="\n".join(f"- {a}" for a in assumptions) or "- none",
                  boundary=boundary, data=data)  # fmt: skip
    try:
        completion = session.complete("summary", [Message("system", system), Message("user", user)])
    except LLMFailure as failure:
        session.notes.append(f"summary fell back to the template: {failure.kind}: {failure.detail}")
        return template, notices.summary_failed(failure, language)
    text = clean_summary(completion.text)
    problem = unusable(text, language)
    if problem is not None:
        session.notes.append(f"summary rejected ({problem}): {completion.text[:300]!r}")
        return template, notices.summary_unusable(problem, language)
    wrong = wrong_currency(text, currency)
    if wrong is not None:
        session.notes.append(f"summary rejected (currency {wrong!r}, the model's is {currency}): {text[:300]!r}")
        return template, notices.summary_unusable("currency", language)
    if not grounded(text, rows=rows, themes=themes, stated=stated):
        session.notes.append(f"summary rejected (a number not in the result): {text[:300]!r}")
        return template, notices.summary_ungrounded(language)
    return text, None


def label_themes(session: LLMSession, report: ThemeReport, language: Language) -> ThemeReport:
    """Names for discovered themes (ids `discovered_*`); a label that fails the checks keeps its term label."""
    from assistant.themes.discovery import DISCOVERED_PREFIX

    discovered = [theme for theme in report.themes if theme.id.startswith(DISCOVERED_PREFIX)]
    if not discovered or session.failure is not None:
        return report
    boundary = secrets.token_hex(8)
    lines = [_json({"id": t.id, "terms": t.label, "keywords": t.keywords[:8],
                    "examples": [_safe(e, 200) for e in t.examples[:3]]}) for t in discovered]  # fmt: skip
    messages = [
        Message("system", render("theme_labels_system", language_name=LANGUAGE_NAMES[language], boundary=boundary)),
        Message("user", render("theme_labels_user", boundary=boundary, data="\n".join(lines))),
    ]
    try:
        completion = session.complete("theme_labels", messages, schema=labels_schema())
        parsed = ThemeLabels.model_validate(completion.data or {})
    except LLMFailure as failure:
        session.notes.append(f"theme labels kept from terms: {failure.kind}: {failure.detail}")
        return report
    except ValidationError:
        session.notes.append("theme labels kept from terms: the reply did not list labels")
        return report
    wanted = {theme.id for theme in discovered}
    labels = {item.id: label for item in parsed.labels if item.id in wanted and (label := _label(item.label, language))}
    themes = [theme.model_copy(update={"label": labels[theme.id]}) if theme.id in labels else theme
              for theme in report.themes]  # fmt: skip
    return report.model_copy(update={"themes": themes})


def labels_schema() -> dict[str, Any]:
    schema = ThemeLabels.model_json_schema()
    schema["title"] = "ThemeLabels"
    return schema


def result_block(columns: Sequence[str], rows: Sequence[Sequence[Any]], themes: ThemeReport | None) -> str:
    """The result as delimited data: JSON lines whose strings are stripped of invisible/control characters."""
    shown = rows[:SUMMARY_ROWS]
    lines = [f"columns: {_json([_safe(str(c), 80) for c in columns])}"]
    lines.append(f"rows ({len(shown)} of {len(rows)}):" if len(rows) > len(shown) else f"rows ({len(rows)}):")
    lines += [_json([_safe(cell, 200) if isinstance(cell, str) else cell for cell in row]) for row in shown]
    if themes is not None:
        lines.append(f"texts analysed: {themes.texts}" + (f"; authors: {themes.authors}" if themes.authors else ""))
        for theme in themes.themes:
            lines.append(_json({
                "theme": _safe(theme.label, 80), "count": theme.count, "share": theme.share,
                "change_vs_previous": theme.change_vs_previous, "lift_vs_comparison": theme.lift_vs_comparison,
                "customer_quotes": [_safe(example, 240) for example in theme.examples[:3]],
            }))  # fmt: skip
    return "\n".join(lines)


def clean_summary(text: str) -> str:
    text = " ".join(strip_invisible(text).split()).strip().strip('"“”')
    if len(text) <= SUMMARY_CHARS:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, SUMMARY_CHARS)]
    return text[: ends[-1]] if ends else text[:SUMMARY_CHARS]


def unusable(text: str, language: Language) -> str | None:
    """Why a summary cannot be shown (empty | markup | language), or None."""
    if not text:
        return "empty"
    if _MARKUP.search(text):
        return "markup"
    letters = len(_LETTER.findall(text))
    cjk = len(_CJK.findall(text))
    if (language == "zh" and cjk == 0) or (language == "en" and letters and cjk / letters > 0.3):
        return "language"
    return None


def _label(text: str, language: Language) -> str | None:
    label = " ".join(strip_invisible(text).split()).strip().strip('"“”')
    if not label or len(label) > LABEL_CHARS or any(ch.isdigit() for ch in label):
        return None  # digits would become 'grounded' numbers for the summary: never from the LLM
    return label if unusable(label, language) is None else None


def _safe(value: str, limit: int) -> str:
    """Data text for a prompt: entities decoded, invisible and control characters and delimiters removed."""
    text = " ".join(strip_invisible(html.unescape(value)).split())
    return _DELIMITER.sub("", text)[:limit]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
