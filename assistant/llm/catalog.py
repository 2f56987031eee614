"""The slice of the semantic model a question needs, and the most similar verified queries, as prompt text.

Every metric, segment, dimension and text field is one catalog line. Lines are ranked for the question —
exact phrases of the model's vocabulary (the offline planner's lexicon: names, labels, synonyms, values, in
English and Chinese), then word and Chinese-bigram overlap weighted by rarity, then the names the chat has
used so far — and taken best first until a character budget is spent, so a large model still gives a small
prompt. Values a question names by a synonym ("华东") are shown with it ("East (华东)").
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from assistant.contracts import Turn
from assistant.planner.lexicon import Lexicon, normalize, words_only
from semantic_layer import SemanticModel, SemanticQuery
from semantic_layer.cache import per_model
from semantic_layer.compiler.metrics import leaf, leaf_names
from semantic_layer.errors import SemanticLayerError
from semantic_layer.model import Label
from semantic_layer.query import TimeRange
from semantic_layer.time_phrases import find_time_phrases, resolve_time_phrase

ItemKind = Literal["metric", "segment", "dimension", "text_field"]
CATALOG_BUDGET = 7_000  # characters of catalog lines per prompt
EXAMPLES = 3  # verified queries shown as examples
HISTORY_TURNS = 4
DESCRIPTION_CHARS = 110
EXACT_HIT, HISTORY_HIT, SAME_ENTITY = 10.0, 6.0, 0.5
_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff]+")
_STOPWORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does", "for", "from", "had", "has", "have",
     "how", "i", "in", "is", "it", "many", "me", "much", "of", "on", "or", "our", "show", "tell", "than", "that",
     "the", "their", "them", "there", "these", "this", "to", "us", "was", "we", "were", "what", "when", "where",
     "which", "who", "why", "with", "you")
)  # fmt: skip


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    name: str
    entity: str | None
    line: str
    terms: frozenset[str]
    order: int


@dataclass(frozen=True)
class Example:
    questions: tuple[str, ...]
    terms: frozenset[str]
    names: frozenset[str]
    index: int


@dataclass
class CatalogSlice:
    """What a planning prompt shows of the model: catalog lines, examples, tables, time phrases, history."""

    catalog: str
    examples: str
    tables: str
    time_phrases: str
    history: str
    included: dict[str, list[str]] = field(default_factory=dict)  # kind -> names shown


def terms(text: str) -> set[str]:
    """English words (crudely singular) and Chinese character bigrams, for overlap scoring."""
    found: set[str] = set()
    for word in _WORD.findall(words_only(normalize(text))):
        if word.isascii():
            if word not in _STOPWORDS:
                found.add(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word)
        else:
            found.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))
    return found


class _Index:
    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self.lexicon = Lexicon(model)
        self.items = list(_items(model))
        self.examples = [
            Example(tuple(v.questions), frozenset(terms(" ".join(v.questions))), frozenset(_query_names(v.query)), i)
            for i, v in enumerate(model.verified_queries)
        ]
        counts = Counter(t for item in self.items for t in item.terms)
        self.idf = {t: math.log(1 + len(self.items) / n) for t, n in counts.items()}
        self.tables = _tables(model)


_index = per_model(_Index)


def catalog_slice(
    model: SemanticModel, question: str, history: Sequence[Turn], as_of: date, *, budget: int = CATALOG_BUDGET
) -> CatalogSlice:
    index = _index(model)
    asked = terms(question)
    hits, values = _lexicon_hits(index, question)
    used = {name for turn in history[-HISTORY_TURNS:] if turn.query for name in _query_names(turn.query)}
    scores = {id(item): _score(index, item, asked, hits, used) for item in index.items}
    entities = {item.entity for item in index.items if scores[id(item)] >= EXACT_HIT and item.entity}
    for item in index.items:
        if item.entity in entities:
            scores[id(item)] += SAME_ENTITY
    ranked = sorted(index.items, key=lambda item: (-scores[id(item)], item.order))
    chosen: list[Item] = []
    spent = 0
    for item in ranked:
        line = _with_values(item, values)
        if spent + len(line) + 1 > budget:
            continue
        chosen.append(Item(item.kind, item.name, item.entity, line, item.terms, item.order))
        spent += len(line) + 1
    included: dict[str, list[str]] = {}
    for item in sorted(chosen, key=lambda item: item.order):
        included.setdefault(item.kind, []).append(item.name)
    return CatalogSlice(
        catalog=_render_sections(chosen),
        examples=_examples(index, asked, hits | used, as_of),
        tables=index.tables,
        time_phrases=_time_phrases(question, as_of, model.fiscal_year_start_month),
        history=_history(history),
        included=included,
    )


# -- ranking ----------------------------------------------------------------------------------------


def _lexicon_hits(index: _Index, question: str) -> tuple[set[str], dict[str, dict[str, str]]]:
    """Names the question uses verbatim, and for each dimension the values it names ({value: phrase})."""
    hits: set[str] = set()
    values: dict[str, dict[str, str]] = {}
    for match in index.lexicon.find(words_only(normalize(question))):
        for entry in match.entries:
            hits.add(entry.target)
            if entry.kind == "value" and entry.value is not None:
                values.setdefault(entry.target, {})[entry.value] = match.text
    return hits, values


def _score(index: _Index, item: Item, asked: set[str], hits: set[str], used: set[str]) -> float:
    score = sum(index.idf.get(term, 0.0) for term in asked & item.terms)
    if item.name in hits:
        score += EXACT_HIT
    if item.name in used:
        score += HISTORY_HIT
    return score


def _query_names(query: SemanticQuery) -> Iterable[str]:
    yield from query.metrics
    yield from query.segments
    yield from (d.name for d in query.dimensions)
    yield from (f.field for f in query.filters)
    if query.text_field:
        yield query.text_field
    if query.compare:
        yield from query.compare.segments


# -- catalog lines ----------------------------------------------------------------------------------


def _items(model: SemanticModel) -> Iterable[Item]:
    order = 0
    for name, metric in model.metrics.items():
        if metric.hidden:
            continue
        anchor = _metric_entity(model, name)
        head = f"{name} [{metric.format}{', snapshot' if getattr(metric, 'snapshot', False) else ''}; {anchor}]"
        line = f"- {head}: {_labels(metric.label)}. {_short(metric.description)}"
        yield Item(
            "metric", name, anchor, line, _terms_of(name, metric.label, metric.synonyms, metric.description), order
        )
        order += 1
    for name, segment in model.segments.items():
        extra = "; ".join(
            part
            for part in (
                f"entered on {segment.entity}.{segment.time_dimension}" if segment.time_dimension else "",
                f"contrast: {segment.compare_with}" if segment.compare_with else "",
            )
            if part
        )
        line = f"- {name} [{segment.entity}{'; ' + extra if extra else ''}]: {_labels(segment.label)}. {_short(segment.description)}"
        yield Item("segment", name, segment.entity, line,
                   _terms_of(name, segment.label, segment.synonyms, segment.description), order)  # fmt: skip
        order += 1
    for name, text_field in model.text_fields.items():
        themes = ", ".join(theme.id for theme in text_field.taxonomy)
        line = (
            f"- {name} [{text_field.entity}; counted as {text_field.count_column}]: {_labels(text_field.label)}. "
            f"{_short(text_field.description)}" + (f" Themes: {themes}." if themes else "")
        )
        yield Item("text_field", name, text_field.entity, line,
                   _terms_of(name, text_field.label, text_field.synonyms, text_field.description), order)  # fmt: skip
        order += 1
    for entity_name, entity in model.entities.items():
        for dim_name, dim in entity.dimensions.items():
            if dim.pii:
                continue
            full = f"{entity_name}.{dim_name}"
            label = _labels(dim.label) if dim.label else dim_name
            line = f"- {full} [{dim.type}]: {label}"
            if dim.sample_values:
                line += f"; {'values' if dim.exhaustive else 'e.g.'}: {', '.join(dim.sample_values)}"
            synonyms = [
                *dim.synonyms,
                *(s for values in dim.value_synonyms.values() for s in values),
                *dim.sample_values,
            ]
            yield Item("dimension", full, entity_name, line,
                       _terms_of(full, dim.label, synonyms, dim.description), order)  # fmt: skip
            order += 1


def _metric_entity(model: SemanticModel, name: str) -> str:
    try:
        return leaf(model, leaf_names(model, name)[0]).entity
    except (SemanticLayerError, AssertionError):
        return "?"


def _terms_of(name: str, label: Label | None, synonyms: Iterable[str], description: str) -> frozenset[str]:
    texts = [name, *(([label.en, label.zh]) if label else []), *synonyms, description]
    return frozenset(terms(" ".join(texts)))


def _labels(label: Label) -> str:
    return f"{label.en} / {label.zh}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1].rstrip() + "…"


def _with_values(item: Item, values: dict[str, dict[str, str]]) -> str:
    """'values: North, East, ...' -> 'values: North, East (question: 华东), ...' for values the question names."""
    named = values.get(item.name)
    if not named or item.kind != "dimension":
        return item.line
    line = item.line
    for value, phrase in named.items():
        shown = re.sub(rf"(?<=[:,] ){re.escape(value)}(?=,|$)", f"{value} (question: {phrase})", line, count=1)
        line = shown if shown != line else f"{line}; question names {value} as '{phrase}'"
    return line


_SECTIONS: tuple[tuple[ItemKind, str], ...] = (
    ("metric", "Metrics (name [format; entity]: label. definition)"),
    ("segment", "Segments (named populations)"),
    ("text_field", "Text fields (free text, for kind=themes)"),
    ("dimension", "Dimensions (entity.name [type]: label; values)"),
)


def _render_sections(items: list[Item]) -> str:
    blocks = []
    for kind, title in _SECTIONS:
        lines = [item.line for item in sorted(items, key=lambda item: item.order) if item.kind == kind]
        if lines:
            blocks.append(f"{title}:\n" + "\n".join(lines))
    return "\n\n".join(blocks)


def _tables(model: SemanticModel) -> str:
    """Tables and plain columns for the SQL fallback; personal-data columns are left out."""
    lines = []
    for entity_name, entity in model.entities.items():
        columns = [name for name, dim in entity.dimensions.items() if dim.expr is None and not dim.pii]
        columns += [r.local_key for r in entity.relationships]
        columns += [f.expr for f in model.text_fields.values() if f.entity == entity_name and f.expr.isidentifier()]
        lines.append(f"- {entity.table}({', '.join(dict.fromkeys(columns))})")
    return "\n".join(lines)


# -- examples, time phrases, history ----------------------------------------------------------------


def _examples(index: _Index, asked: set[str], names: set[str], as_of: date) -> str:
    def similarity(example: Example) -> float:
        shared = sum(index.idf.get(t, 1.0) for t in asked & example.terms)
        return float(shared / (1 + len(example.terms)) ** 0.5 + len(names & example.names))

    ranked = sorted(index.examples, key=lambda e: (-similarity(e), e.index))[:EXAMPLES]
    blocks = []
    for example in ranked:
        verified = index.model.verified_queries[example.index]
        query = verified.query
        if verified.time_phrase:
            try:
                resolved = resolve_time_phrase(verified.time_phrase, as_of)
            except SemanticLayerError:
                continue
            window = TimeRange(field=verified.time_field, start=resolved.start, end=resolved.end, label=resolved.label)
            query = query.model_copy(update={"time_range": window})
        plan = {"status": "ok", "query": query.model_dump(mode="json", exclude_defaults=True)}
        blocks.append(f"Q: {example.questions[0]}\nPlan: {json.dumps(plan, ensure_ascii=False, separators=(',', ':'))}")
    return "\n".join(blocks)


def _time_phrases(question: str, as_of: date, fiscal_year_start_month: int | None) -> str:
    try:
        found = find_time_phrases(normalize(question), as_of, fiscal_year_start_month)
    except SemanticLayerError as exc:
        return f"- (a time phrase could not be resolved: {exc})"
    if not found:
        return "- (none recognised)"
    return "\n".join(f"- '{r.phrase}' = {r.start} to {r.end} (label: {r.label})" for r in found)


def _history(history: Sequence[Turn]) -> str:
    turns = history[-HISTORY_TURNS:]
    if not turns:
        return "(none: this is the first question)"
    lines = []
    for turn in turns:
        shown = json.dumps(turn.query.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False,
                           separators=(",", ":")) if turn.query else "(no query)"  # fmt: skip
        lines.append(f"Q: {turn.question}\nQuery: {shown}")
    return "\n".join(lines)
