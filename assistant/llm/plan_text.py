"""The texts of an LLM plan, checked before they can reach an answer (issue 9 §4).

An LLM plan carries free text besides its query: assumptions, a clarification and suggestions. None of it is
shown as the model wrote it:
- assumptions are dropped: the pipeline states our own, derived from the validated query (`describe_query`),
  the compiler's notes, and the notice that SQL did not come from the semantic layer;
- the clarification and each suggestion are kept only when they are plain text in the question's language
  (no HTML, Markdown links or images, URLs, domains, personal data) and every number in them is stated in the
  question or the conversation; otherwise our own question back and the model's verified questions replace
  them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.contracts import Language, Plan, Turn, detect_language
from assistant.llm.summarizer import unusable
from assistant.planner.messages import assumption, data_description, suggestions
from assistant.summary.grounding import Stated, grounded
from assistant.text_safety import mask_pii
from semantic_layer import SemanticModel

# Bare domains and paths ("evil.example/login", "bit.ly"): a chat that auto-links would make them links.
_DOMAIN = re.compile(r"\b[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,}(?:/\S*)?(?=[\s,;:!?)\]}>\"'。，]|$)", re.IGNORECASE)
# Characters that start Markdown/HTML constructs a renderer acts on.
_ACTIVE = re.compile(r"[<>`]|&#|&[a-z]+;|\[[^\]]*\]\s*\(|!\[", re.IGNORECASE)


def vet_plan_text(plan: Plan, question: str, history: Sequence[Turn], model: SemanticModel) -> Plan:
    """`plan` with the LLM's assumptions dropped and its clarification/suggestions checked or replaced."""
    language = detect_language(question)
    stated = Stated.from_texts([question, *(turn.question for turn in history)])
    clarification = plan.clarification
    if clarification is not None and not _safe(clarification, language, stated):
        if plan.status == "clarify":
            clarification = assumption(language, "clarify")
        else:
            clarification = assumption(language, "outside", data=data_description(model, language))
    kept = [text for text in plan.suggestions if _safe(text, language, stated)]
    if plan.suggestions and not kept:
        kept = suggestions(model, language)
    return plan.model_copy(update={"assumptions": [], "clarification": clarification, "suggestions": kept})


def _safe(text: str, language: Language, stated: Stated) -> bool:
    """Plain text in `language`, with no markup, link, domain or personal data, and only numbers the user said."""
    if unusable(text, language) is not None or _ACTIVE.search(text) or _DOMAIN.search(text):
        return False
    if mask_pii(text) != text:
        return False
    return grounded(text, rows=[], themes=None, stated=stated)
