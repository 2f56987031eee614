"""The model's vocabulary (names, labels, synonyms, values; English and Chinese) as one phrase matcher.

Built only from the semantic model, so a new model works without code changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from semantic_layer import SemanticModel
from semantic_layer.model import SimpleMetric

EntryKind = Literal["metric", "segment", "dimension", "value", "text_field", "entity"]


@dataclass(frozen=True)
class Entry:
    kind: EntryKind
    target: str  # metric / segment / text field / entity name, or "entity.dimension"
    value: str | None = None  # the canonical value, for kind "value"
    weak: bool = False  # a bare entity noun ("customers") naming a count metric: used only when nothing stronger


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]

    def of(self, kind: EntryKind) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]


_COUNT_PREFIXES = ("how many", "number of", "count of", "total", "all")


def normalize(text: str) -> str:
    """NFKC (full-width -> half-width) and lower case; lengths stay aligned for the characters we use."""
    return unicodedata.normalize("NFKC", text).lower()


def words_only(text: str) -> str:
    """Hyphens and underscores as spaces ('high-value' == 'high value'), keeping offsets."""
    return re.sub(r"[-_]", " ", text)


def _count_stem(phrase: str) -> str | None:
    """'下单客户数' -> '下单客户': Chinese counts are often asked without the 数 ('有多少下单客户')."""
    for suffix in ("数量", "数", "量"):
        stem = phrase[: -len(suffix)]
        if phrase.endswith(suffix) and len(stem) >= 3 and not _is_ascii(stem):
            return stem
    return None


def _is_ascii(phrase: str) -> bool:
    return all(ord(ch) < 128 for ch in phrase)


def _variants(phrase: str) -> set[str]:
    """English plural/singular forms; Chinese phrases as they are."""
    if not _is_ascii(phrase) or not phrase[-1:].isalpha():
        return {phrase}
    found = {phrase, phrase + "s"}
    if phrase.endswith(("s", "x", "z", "ch", "sh")):
        found.add(phrase + "es")  # only real plurals: 'low' + 'es' would make 'lowes' a near-typo of 'lower'
    if phrase.endswith("y"):
        found.add(phrase[:-1] + "ies")
    if phrase.endswith("s") and len(phrase) > 3:
        found.add(phrase[:-1])
    return found


class Lexicon:
    def __init__(self, model: SemanticModel) -> None:
        self.model = model
        self._entries: dict[str, set[Entry]] = defaultdict(set)
        self._canonical: set[str] = set()  # the phrases as the model spells them (no plural variants)
        entity_nouns = {words_only(normalize(s)) for e in model.entities.values() for s in e.synonyms}
        entity_nouns |= {f"{prefix} {noun}" for noun in entity_nouns for prefix in _COUNT_PREFIXES}
        personal: dict[str, str] = {}
        for name, entity in model.entities.items():
            for phrase in [name, entity.label.en, entity.label.zh, *entity.synonyms]:
                self._add(phrase, Entry("entity", name))
            for dim_name, dim in entity.dimensions.items():
                target = f"{name}.{dim_name}"
                labels = [dim.label.en, dim.label.zh] if dim.label else []
                if dim.pii:
                    for phrase in [dim_name, *labels, *dim.synonyms]:
                        key = words_only(normalize(phrase)).strip()
                        personal.update(dict.fromkeys(_variants(key) if len(key) >= 2 else (), target))
                    continue
                for phrase in [dim_name, *labels, *dim.synonyms]:
                    self._add(phrase, Entry("dimension", target))
                for value in dim.sample_values:
                    for phrase in [value, *dim.value_synonyms.get(value, [])]:
                        self._add(phrase, Entry("value", target, value))
        for name, metric in model.metrics.items():
            if metric.hidden:
                continue
            counts_entity = isinstance(metric, SimpleMetric) and not metric.segments
            phrases = [name, metric.label.en, metric.label.zh, *metric.synonyms]
            phrases += [
                stem for p in phrases if (stem := _count_stem(p)) and words_only(normalize(stem)) not in entity_nouns
            ]
            for phrase in phrases:
                weak = counts_entity and words_only(normalize(phrase)) in entity_nouns
                self._add(phrase, Entry("metric", name, weak=weak))
            for phrase in _with_entity_noun(model, name, phrases):
                self._add(phrase, Entry("metric", name))
        for name, segment in model.segments.items():
            for phrase in [name, segment.label.en, segment.label.zh, *segment.synonyms]:
                self._add(phrase, Entry("segment", name))
        for name, field in model.text_fields.items():
            for phrase in [name, field.label.en, field.label.zh, *field.synonyms]:
                self._add(phrase, Entry("text_field", name))
        self.count_metric = {
            m.measure.partition(".")[0]: name
            for name, m in reversed(list(model.metrics.items()))
            if isinstance(m, SimpleMetric) and not m.segments and not m.snapshot and not m.hidden
            and _plain_count(model, m.measure)
        }  # fmt: skip
        alternatives = sorted(self._entries, key=len, reverse=True)
        pattern = "|".join(
            rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])" if _is_ascii(p) else re.escape(p) for p in alternatives
        )
        self._pattern = re.compile(pattern)
        self._words: frozenset[str] | None = None
        self._personal = personal
        self._personal_pattern = re.compile(
            "|".join(
                rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])" if _is_ascii(p) else re.escape(p)
                for p in sorted(personal, key=len, reverse=True)
            )
            or r"(?!x)x"
        )

    def _add(self, phrase: str, entry: Entry) -> None:
        key = words_only(normalize(phrase)).strip()
        if len(key) < 2:
            return  # single letters ("A") or characters (高) match inside other words; use longer synonyms
        self._canonical.add(key)
        for variant in _variants(key):
            self._entries[variant].add(entry)

    def personal_data(self, text: str, known: list[Match]) -> list[tuple[Match, str]]:
        """Mentions of `pii` columns ('phone', '手机号') outside longer phrases the model knows ('mobile app')."""
        found = []
        for hit in self._personal_pattern.finditer(text):
            if any(m.start <= hit.start() < m.end and m.end - m.start > hit.end() - hit.start() for m in known):
                continue
            if self._names_a_value(hit, known):
                continue
            found.append((Match(hit.start(), hit.end(), hit.group(), ()), self._personal[hit.group()]))
        return found

    def _names_a_value(self, hit: re.Match[str], known: list[Match]) -> bool:
        """'phone channel' / '电话渠道': a personal-data word that is also a value is the value when the
        question names that value's field too."""
        same = next((m for m in known if (m.start, m.end) == (hit.start(), hit.end())), None)
        if same is None:
            return False
        fields = {e.target for e in same.of("value")}
        if any(e.kind == "dimension" and e.target in fields for m in known if m is not same for e in m.entries):
            return True
        from assistant.planner.value_words import owned_value  # a metric's value: 'conversion rate of email'

        if owned_value(self.model, hit.string, same, known):
            return True
        # someone's phone ("C0000001's phone", "客户的电话") or a request to show it is personal data
        owner = re.search(
            r"(?:'s|\bof|的|\bshow|\blist|\bgive|\bget|\bwhat is|\bwhat's|查|给我|列出)\s*$", hit.string[: hit.start()]
        )
        return owner is None

    def part_targets(self, word: str, kind: str | None = None) -> set[str]:
        """What the phrases a word is part of name ('发送' of '发送量' -> touches_sent, touch.sent_at); with `kind`,
        only phrases of that kind of entry (a field's own names, not its values: 'dimension')."""
        if word.isascii():
            hits = [e for phrase, entries in self._entries.items() if word in phrase.split() for e in entries]
        else:
            hits = [e for phrase, entries in self._entries.items() if word in phrase for e in entries]
        return {e.target for e in hits if kind is None or e.kind == kind}

    def contains_part(self, word: str) -> bool:
        """Whether a word is a part of a longer phrase of the vocabulary (a word of it, or Chinese characters in it)."""
        if word.isascii():
            return word in self.words()
        return len(word) >= 2 and any(
            word in phrase and word != phrase and not all(self._is_time_column(e) for e in entries)
            for phrase, entries in self._entries.items()
        )  # the verb inside a time column's name ('发送' of '发送日期') names the entity's own event

    def _is_time_column(self, entry: Entry) -> bool:
        return entry.kind == "dimension" and self.model.dimension(entry.target)[1].type == "time"

    def phrases(self) -> list[str]:
        """Every phrase of the vocabulary as the model spells it, for 'did you mean' suggestions."""
        return sorted(self._canonical)

    def words(self) -> frozenset[str]:
        """Every English word of the vocabulary ('average', 'order', 'value', ...): the targets of typo fixes."""
        if self._words is None:
            self._words = frozenset(w for key in self._entries if _is_ascii(key) for w in key.split() if len(w) >= 3)
        return self._words

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping matches in normalised text."""
        return [
            Match(m.start(), m.end(), m.group(), tuple(sorted(self._entries[m.group()], key=_entry_order)))
            for m in self._pattern.finditer(text)
        ]


def _with_entity_noun(model: SemanticModel, metric: str, phrases: list[str]) -> list[str]:
    """'low csat responses' also said 'low csat survey responses': an English phrase of several words with a
    one-word noun of the metric's own entity before its last word (the qualifier stays on the metric)."""
    try:
        entity = model.entities[_metric_entity(model, metric)]
    except (KeyError, ValueError):
        return []
    nouns = [n for n in (words_only(normalize(s)) for s in [entity.label.en, *entity.synonyms]) if n.isalpha()]
    found: list[str] = []
    for phrase in phrases:
        words = words_only(normalize(phrase)).split()
        if len(words) >= 2 and _is_ascii(phrase):
            found += [" ".join([*words[:-1], noun, words[-1]]) for noun in nouns if noun not in words]
    return found


def _metric_entity(model: SemanticModel, metric: str) -> str:
    found = model.metrics[metric]
    if not isinstance(found, SimpleMetric):
        raise ValueError(metric)
    return found.measure.partition(".")[0]


def _plain_count(model: SemanticModel, reference: str) -> bool:
    """A measure counting every row of its entity (the metric for 'how many <entity>')."""
    _, measure = model.measure(reference)
    return (
        measure.agg == "count"
        and measure.expr is None
        and measure.filter is None
        and not measure.per
        and not measure.period_start_state
    )


def _entry_order(entry: Entry) -> tuple[str, str, str]:
    return (entry.kind, entry.target, entry.value or "")
