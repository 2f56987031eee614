"""What each word of a question did (DESIGN.md §10): spans from the question to the query's elements, the
words nothing explains, and typo/shorthand corrections applied before planning.

A word is explained when the model's vocabulary matched it, it is part of a time phrase, a grammar cue of
assistant/planner/cues.py covers it, or it is a filler word of its language (assistant/planner/data).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.contracts import Language, Span, SpanRole
from assistant.planner import breakdown_edits, cues, period_contrast, pooled
from assistant.planner.absence_zh import lasted_fixes
from assistant.planner.adjoining_typos import adjoining_typos
from assistant.planner.agents import agent_fixes
from assistant.planner.aspect import aspect_fixes
from assistant.planner.clipped_words import clipped_word
from assistant.planner.cohort_counts import count_phrase_cohorts
from assistant.planner.cohort_nouns import cohort_of_fixes
from assistant.planner.commonest import commonest_fixes
from assistant.planner.comparatives import rate_fixes, rest_fixes
from assistant.planner.compounds import compound_fixes
from assistant.planner.durations import duration_fixes
from assistant.planner.event_words import event_fixes
from assistant.planner.field_words import field_fixes
from assistant.planner.glued_values import glued_values
from assistant.planner.idioms import cohort_fixes, cohort_phrase, idiom_fixes, new_population_phrases
from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.messages import assumption
from assistant.planner.money_amounts import amount_fixes
from assistant.planner.morphology import expanded_contraction
from assistant.planner.new_populations import new_population_fixes
from assistant.planner.number_words import number_word_fixes
from assistant.planner.pinyin_names import pinyin_values
from assistant.planner.postposed_exclusions import postposed_exclusion_fixes
from assistant.planner.reading import Reading
from assistant.planner.relative_records import relative_record_fixes
from assistant.planner.rest_of_group import rest_of_group_fixes
from assistant.planner.same_period import pointer_fixes
from assistant.planner.short_years import short_year_fixes
from assistant.planner.split_exclusions import split_exclusion_fixes
from assistant.planner.states import state_fixes
from assistant.planner.verb_objects import verb_object_fixes
from assistant.planner.within_hours import within_fixes
from assistant.planner.words import (
    CJK_RUN,
    Correction,
    correction_for,
    fillers,
    shorthand_of,
    shorthand_phrases,
    zh_corrections,
    zh_leftover,
    zh_typos,
)
from semantic_layer import SemanticQuery
from semantic_layer.query import METRIC_TIME

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Grammar cues and the query element they shape; a cue whose element is absent from the query is filler.
_CUES: list[tuple[SpanRole, re.Pattern[str]]] = [
    ("order", cues.DESCENDING),
    ("order", cues.ASCENDING),
    ("order", cues.RANKING),
    ("order", cues.RECENT),
    ("order", cues.OLDEST),
    ("order", cues.FAST),
    ("order", cues.SLOW),
    ("order", cues.RISE_MOST),
    ("order", cues.FALL_MOST),
    *(("limit", pattern) for pattern in cues.TOP_N),
    ("list", cues.RECORDS),
    ("compare", cues.PREVIOUS_PERIOD),
    ("compare", cues.SEGMENT_CONTRAST),
    ("compare", cues.TIME_CONTRAST),
    ("compare", cues.COMPARISON_WORDS),
    ("compare", period_contrast.CONTRAST_WORD),
    *(("dimension", pattern) for pattern in cues.GRAINS.values()),
    ("dimension", cues.TREND),
    ("dimension", cues.CROSS),
    ("dimension", breakdown_edits.EDIT_WORDS),
    ("text_field", cues.THEMES),
    ("text_field", cues.SURVEY_TEXT),
    ("metric", cues.COUNT),
    ("metric", cues.DISTINCT_COUNT),
    ("filter", cues.NUMERIC_CONDITION),
    ("filter", cues.NEGATION),
    ("filler", cues.FOLLOW_UP),
    ("filler", cues.WHICH),
    ("filler", cues.ALL_ROWS),
]


@dataclass(frozen=True)
class Corrected:
    """A question rewritten with its corrections, and the way back to the user's own offsets."""

    text: str
    corrections: list[Correction]
    starts: list[int]  # original start offset of each character of `text`
    ends: list[int]  # original end offset of each character of `text`

    def original(self, start: int, end: int) -> tuple[int, int]:
        if start >= len(self.text):
            return self.ends[-1] if self.ends else 0, self.ends[-1] if self.ends else 0
        return self.starts[start], self.ends[max(start, end - 1)]


def identity(text: str) -> Corrected:
    return Corrected(text, [], list(range(len(text))), list(range(1, len(text) + 1)))


def covered(reading: Reading) -> list[bool]:
    """Which characters of the question something other than a filler word explains."""
    mask = [False] * len(reading.masked)
    spans: list[tuple[int, int]] = [(m.start, m.end) for m in reading.matches]
    spans += [found.span for found in reading.times]
    spans += [(start, end) for _, _, start, end in reading.record_ids]
    spans += pooled.adding_words(reading)  # 'APP加官网': the two values summed
    spans += [(f.start(), f.end()) for _, pattern in _CUES for f in pattern.finditer(reading.masked)]
    for start, end in spans:
        for index in range(start, min(end, len(mask))):
            mask[index] = True
    return mask


def cue_spans(reading: Reading) -> list[tuple[int, int]]:
    """Stretches of the question a grammar cue covers."""
    return [
        (f.start(), f.end()) for _, pattern in _CUES for f in pattern.finditer(reading.masked) if f.end() > f.start()
    ]


def leftover_words(reading: Reading) -> list[tuple[int, int, str]]:
    """Content words of the question that nothing explains: (start, end, word) in the question's offsets."""
    mask = covered(reading)
    text = reading.masked
    found: list[tuple[int, int, str]] = []
    english = fillers("en")
    for token in TOKEN.finditer(text):
        word = token.group()
        if any(mask[token.start() : token.end()]) or word in english or word.isdigit() or len(word) < 2:
            continue
        if word.endswith("'s") and word[:-2] in english:
            continue
        if (parts := expanded_contraction(word)) and all(part in english for part in parts):
            continue  # "they've" = "they have"
        found.append((token.start(), token.end(), word))
    for run in CJK_RUN.finditer(text):
        start = run.start()
        while start < run.end():
            if mask[start]:
                start += 1
                continue
            end = start
            while end < run.end() and not mask[end]:
                end += 1
            piece = text[start:end]
            for a, b in zh_leftover(piece):
                found.append((start + a, start + b, piece[a:b]))
            start = end
    return sorted(found)


def corrections(
    reading: Reading, lexicon: Lexicon, language: Language, from_history: Sequence[tuple[int, int, str]] = ()
) -> Corrected:
    """The question with typos and business shorthand replaced by words the model knows; `from_history`: fixes found with
    the chat's history ('scores' of the previous measure's column, referents.py), which win."""
    fixes: list[tuple[int, int, str]] = []
    phrases = state_fixes(reading.masked, reading.matches)  # 'still waiting to be handled' -> 'pending'
    phrases += cohort_fixes(reading.text.lower(), [t.span for t in reading.times], cohort_phrase())  # 'the 2025 cohort'
    phrases += [  # 'the cohort of customers we acquired in FY2024', 'the cohort from Q1 2026'
        f for f in cohort_of_fixes(reading, cohort_phrase()) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # '本季度新客户的投诉数' -> '本季度注册的客户的投诉数': the population of another measure
        f
        for f in new_population_fixes(reading, lexicon, new_population_phrases())
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += pointer_fixes(reading)  # 'in those same 7 days' after 'in the last 7 days'
    phrases += short_year_fixes(reading)  # '26Q3' -> 'q3 2026', '25年11月' -> '2025年11月'
    phrases += count_phrase_cohorts(reading, lexicon)  # '新增客户中有多少人…' -> '新增的客户中…': the population
    phrases += [f for f in _phrase_shorthand(reading) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)]
    phrases += [  # 'leave electronics out' -> 'excluding electronics out'
        f for f in split_exclusion_fixes(reading) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'cancelled ones don't count' -> 'excluding cancelled ones'
        f for f in postposed_exclusion_fixes(reading) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # '已经90天没有…' -> '最近90天没有…'
        f for f in lasted_fixes(reading) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # '绑定了APP' -> '绑定APP'
        f for f in aspect_fixes(reading, lexicon) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'has bound our app' -> 'has bound the app'
        f
        for f in verb_object_fixes(reading.masked, reading.matches, lexicon)
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'a flat zero', 'a CSAT of five or lower' -> '0', '5 or lower'
        f
        for f in number_word_fixes(reading.masked, reading.matches, [t.span for t in reading.times])
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'the most common churn reason' -> 'the top churn reason' (commonest.py)
        f
        for f in commonest_fixes(reading.masked, reading.matches)
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [
        f for f in idiom_fixes(reading.masked, reading.matches) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'complaints filed by customers': the agent, read as 'complaints from customers' (agents.py)
        f
        for f in agent_fixes(reading.masked, reading.matches, lexicon)
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'every survey they ever answered', 'the comments people left' (relative_records.py)
        f
        for f in relative_record_fixes(reading.masked, reading.matches, lexicon)
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'surveys answered', 'people who signed up', 'sitting open', 'replied' (event_words.py)
        f
        for f in event_fixes(reading.masked, reading.matches, lexicon)
        + field_fixes(reading.masked, reading.matches, lexicon)
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    phrases += [  # 'the total amount of discounts' -> 'the total discounts': a money measure is an amount
        f
        for f in amount_fixes(reading.masked, reading.matches, lexicon)
        if not any(a < f[1] and f[0] < b for a, b, _ in phrases)
    ]
    leftover = leftover_words(reading)
    for start, end, word in leftover:
        if any(a < end and start < b for a, b, _ in phrases):
            continue  # 'leaving out' is one phrase ('excluding'), not a form of 'left'
        if word.isascii():
            read_as = (
                glued_values(reading, start, end, lexicon.model)
                # a chat spelling of its own ('rn' = now) is no clipped model word ('rn … orders': returned)
                or shorthand_of(word)
                or clipped_word(word, reading.masked[end:], lexicon)
                or correction_for(word, lexicon, language, _named_entities(reading, lexicon))
            )
            if read_as:
                fixes.append((start, end, read_as))
        else:
            fixes += [(start + a, start + b, expansion) for a, b, expansion in zh_corrections(word)]
            fixes += [  # '重庆' -> 'Chongqing': a value the warehouse holds, named in Chinese
                (start + a, start + b, value)
                for a, b, value in pinyin_values(word, lexicon.model)
                if not any(start + a < f[1] and f[0] < start + b for f in fixes)
            ]
    fixes += [f for f in _zh_typos(reading, lexicon) if not any(a < f[1] and f[0] < b for a, b, _ in phrases)]
    fixes += [  # '退货律' -> '退货率': a typo right beside a shorter phrase that matched
        f for f in adjoining_typos(reading, lexicon) if not any(a < f[1] and f[0] < b for a, b, _ in phrases + fixes)
    ]
    fixes += _shorthand_in_cues(reading, lexicon, {start for start, _, _ in leftover})
    fixes += phrases
    timed = duration_fixes(reading, lexicon)  # 'how many hours … resolved': the duration metric, shown
    timed += within_fixes(reading, lexicon)  # '3小时内就有首次回复': a bound on the duration column
    # 'signup source', 'converted better', '投诉单跟普通工单'
    for extra in (
        compound_fixes(reading, lexicon),
        rate_fixes(reading, lexicon),
        rest_fixes(reading, lexicon),
        rest_of_group_fixes(reading, lexicon),  # 'members vs everybody else' -> 'members vs non-members'
    ):
        timed += [f for f in extra if not any(a < f[1] and f[0] < b for a, b, _ in timed)]
    fixes = [f for f in fixes if not any(a < f[1] and f[0] < b for a, b, _ in timed)] + timed
    fixes = [f for f in fixes if not any(a < f[1] and f[0] < b for a, b, _ in from_history)] + list(from_history)
    return _apply(reading.text, fixes)


def _named_entities(reading: Reading, lexicon: Lexicon) -> frozenset[str]:
    """The entities a question names: entity nouns, and the entities of the segments and metrics it names."""
    named = set(reading.entities)
    for match in reading.matches:
        for entry in match.entries:
            if entry.kind == "segment":
                named.add(lexicon.model.segments[entry.target].entity)
            elif entry.kind == "metric":
                measure = getattr(lexicon.model.metrics[entry.target], "measure", None)
                named.update([measure.partition(".")[0]] if isinstance(measure, str) else [])
    return frozenset(named)


def _phrase_shorthand(reading: Reading) -> list[tuple[int, int, str]]:
    """Shorthand of several words ('leave out' -> 'excluding', 'csat score' -> 'csat'), wherever no phrase of
    the model matched any of its characters."""
    matched = [(m.start, m.end) for m in reading.matches]
    found: list[tuple[int, int, str]] = []
    for pattern, expansion in shorthand_phrases():
        for hit in pattern.finditer(reading.masked):
            if not any(a < hit.end() and hit.start() < b for a, b in matched):
                found.append((hit.start(), hit.end(), expansion))
    return found


def _zh_typos(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """Mistyped Chinese phrases of the model, in stretches of characters no phrase of the model matched (filler
    characters included: '退或率' splits into the fillers '或' and '率' around '退')."""
    matched = [False] * len(reading.masked)
    for m in reading.matches:
        matched[m.start : m.end] = [True] * (m.end - m.start)
    found: list[tuple[int, int, str]] = []
    for run in CJK_RUN.finditer(reading.masked):
        start = run.start()
        while start < run.end():
            if matched[start]:
                start += 1
                continue
            end = start
            while end < run.end() and not matched[end]:
                end += 1
            typos = zh_typos(reading.masked[start:end], lexicon)
            found += [(start + a, start + b, r) for a, b, r in typos if not _counts_a_noun(reading, start + b)]
            start = end
    return found


_MEASURE_WORD = re.compile(r"[个张单次笔条位名件份]?")


def _counts_a_noun(reading: Reading, end: int) -> bool:
    """'提了多少张工单': a stretch followed by a measure word and an entity noun of the model is the verb of
    counting those rows, no typo of a metric phrase ('卖了多少')."""
    after = _MEASURE_WORD.match(reading.masked, end)
    position = after.end() if after else end
    return any(m.start == position and m.of("entity") for m in reading.matches)


def _shorthand_in_cues(reading: Reading, lexicon: Lexicon, done: set[int]) -> list[tuple[int, int, str]]:
    """Shorthand a grammar cue swallowed ('qoq - last qtr vs the one before' is one comparison cue, yet 'qtr'
    must still be read as 'quarter' for the time phrase): expanded wherever no phrase of the model matched."""
    matched = [(m.start, m.end) for m in reading.matches]
    found: list[tuple[int, int, str]] = []
    for token in TOKEN.finditer(reading.masked):
        word = token.group()
        if token.start() in done or word in lexicon.words() or any(a <= token.start() < b for a, b in matched):
            continue
        expanded = shorthand_of(word)
        if expanded:
            found.append((token.start(), token.end(), expanded))
    return found


def _apply(text: str, fixes: list[tuple[int, int, str]]) -> Corrected:
    if not fixes:
        return identity(text)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done: list[Correction] = []
    position = 0
    for start, end, replacement in sorted(fixes):
        if start < position:
            continue
        for index in range(position, start):
            parts.append(text[index])
            starts.append(index)
            ends.append(index + 1)
        parts.append(replacement)
        starts += [start] * len(replacement)
        ends += [end] * len(replacement)
        done.append(Correction(start, end, text[start:end], replacement))
        position = end
    for index in range(position, len(text)):
        parts.append(text[index])
        starts.append(index)
        ends.append(index + 1)
    return Corrected("".join(parts), done, starts, ends)


def composed(first: Corrected, second: Corrected, question: str) -> Corrected | None:
    """`second` found in `first.text`, with offsets into the user's `question`: shorthand that only reads as such
    once a typo after it is corrected ('avg ordr value': 'avg' starts 'average order value' once 'ordr' is 'order').
    None when `second` would rewrite text a correction of `first` wrote: a correction is never corrected again."""
    written = [any(c.start <= first.starts[i] < c.end for c in first.corrections) for i in range(len(first.text))]
    if any(written[i] for c in second.corrections for i in range(c.start, c.end)):
        return None
    starts = [first.starts[i] for i in second.starts]
    ends = [first.ends[i - 1] for i in second.ends]
    again = [
        Correction(
            first.starts[c.start],
            first.ends[c.end - 1],
            question[first.starts[c.start] : first.ends[c.end - 1]],
            c.read,
        )
        for c in second.corrections
    ]
    kept = [c for c in first.corrections if not any(a.start <= c.start and c.end <= a.end for a in again)]
    return Corrected(second.text, sorted([*kept, *again], key=lambda c: c.start), starts, ends)


# -- spans: what each part of the question did to the query ------------------------------------------------


def interpret(
    reading: Reading,
    query: SemanticQuery | None,
    corrected: Corrected,
    question: str,
    turn: int = 0,
    implied: dict[str, list[str]] | None = None,
) -> list[Span]:
    """`implied`: filters a metric word stands for in a list of records ('complaints' -> ticket.is_complaint)."""
    """Spans from the question (offsets into `question`, the user's own text) to the query's elements."""
    spans: list[Span] = []
    query = _with_share_part(query)

    def add(start: int, end: int, role: SpanRole, target: str | None = None, value: str | None = None) -> None:
        a, b = corrected.original(start, end)
        if b <= a:
            return
        spans.append(Span(text=question[a:b], start=a, end=b, turn=turn, role=role, target=target, value=value))

    for fix in corrected.corrections:
        spans.append(
            Span(
                text=question[fix.start : fix.end],
                start=fix.start,
                end=fix.end,
                turn=turn,
                role="correction",
                target=None,
                value=f"{fix.said}->{fix.read}",
            )
        )
    for match in reading.matches:
        role, target, value = _match_role(match, query)
        stands_for = [f for e in match.of("metric") for f in (implied or {}).get(e.target, [])]
        if role in ("filler", "list") and query is not None and query.kind == "records" and stands_for:
            role, target, value = "filter", stands_for[0], match.of("metric")[0].target
        add(match.start, match.end, role, target, value)
    for _entity, typed, start, end in reading.record_ids:
        keys = {f.field for f in query.filters if typed in f.values} if query is not None else set()
        add(start, end, "filter" if keys else "filler", next(iter(keys), None), typed)
    for found in reading.times:
        used = query is not None and query.time_range is not None
        add(*found.span, "time_range" if used else "filler", _time_target(query), f"{found.start}..{found.end}")
    for role, pattern in _CUES:
        for cue in pattern.finditer(reading.masked):
            if cue.end() > cue.start() and reading.masked[cue.start() : cue.end()].strip():
                used_role, target, value = _cue_role(role, query, pattern)
                add(cue.start(), cue.end(), used_role, target, value)
    unique: dict[tuple[int, int, str], Span] = {}
    for span in spans:
        unique.setdefault((span.start, span.end, span.role), span)
    return sorted(unique.values(), key=lambda s: (s.start, s.end))


def _time_target(query: SemanticQuery | None) -> str | None:
    if query is None or query.time_range is None:
        return None
    return query.time_range.field or METRIC_TIME


def _match_role(match: Match, query: SemanticQuery | None) -> tuple[SpanRole, str | None, str | None]:
    if query is None:
        entry = match.entries[0]
        return "filler", entry.target, entry.value
    dims = {d.name for d in query.dimensions}
    filters = {f.field: f for f in query.filters}
    compared = query.compare.segments if query.compare else []
    for entry in match.entries:
        if entry.kind == "metric" and entry.target in query.metrics:
            return "metric", entry.target, None
        if entry.kind == "segment" and (entry.target in query.segments or entry.target in compared):
            return "segment", entry.target, None
        if entry.kind == "value" and entry.target in filters:
            return "filter", entry.target, entry.value
        if entry.kind == "value" and entry.target in dims:
            return "dimension", entry.target, entry.value
        if entry.kind == "dimension" and entry.target in dims:
            return ("list" if query.kind == "records" else "dimension"), entry.target, None
        if entry.kind == "dimension" and entry.target in filters:
            return "filter", entry.target, ",".join(str(v) for v in filters[entry.target].values)
        if entry.kind == "dimension" and query.time_range and query.time_range.field == entry.target:
            return "time_range", entry.target, None
        if entry.kind == "text_field" and entry.target == query.text_field:
            return "text_field", entry.target, None
        if entry.kind == "entity" and query.kind == "records" and any(d.startswith(entry.target + ".") for d in dims):
            return "list", entry.target, None
    entry = match.entries[0]
    return "filler", entry.target, entry.value


def _cue_role(
    role: SpanRole, query: SemanticQuery | None, pattern: re.Pattern[str]
) -> tuple[SpanRole, str | None, str | None]:
    if query is None:
        return "filler", None, None
    if role == "order" and query.order_by:
        return "order", query.order_by[0].field, query.order_by[0].direction
    if role == "limit" and query.limit is not None:
        return "limit", None, str(query.limit)
    if role == "list" and query.kind == "records":
        return "list", None, None
    if role == "compare" and (query.compare is not None or len(query.dimensions) > 0):
        return "compare", None, "previous_period" if query.compare and query.compare.previous_period else None
    if role == "dimension":
        grains = [d for d in query.dimensions if d.grain]
        if grains:
            return "dimension", grains[0].name, grains[0].grain
    if role == "text_field" and query.kind == "themes":
        return "text_field", query.text_field, None
    if role == "metric" and query.kind == "metrics" and query.metrics:
        return "metric", query.metrics[0], None
    if pattern is cues.NEGATION:
        negative = [f for f in query.filters if f.op in ("!=", "not_in") or f.values == [False]]
        if negative:
            return "filter", negative[0].field, None
        flags = [d.name for d in query.dimensions if d.name in _boolean_fields(query)]
        return ("dimension", flags[0], None) if flags else ("filler", None, None)
    if role == "filter" and query.filters:
        return "filter", query.filters[-1].field, None
    return "filler", None, None


def _boolean_fields(query: SemanticQuery) -> set[str]:
    """Breakdown fields a 'yes/no' comparison made ('members vs non-members' -> customer.is_member)."""
    return {d.name for d in query.dimensions if d.grain is None and d.name != METRIC_TIME}


def unused_negation(spans: list[Span]) -> str | None:
    """A negation word that changed nothing ('tickets that were not complaints' answered as complaints):
    the answer would say the opposite of the question, so the planner asks back instead."""
    meaningful = [s for s in spans if s.role not in ("filler", "correction")]
    for span in spans:
        # a word corrected into a negation ('leave out' -> 'excluding') is checked like the negation itself
        read_as = (span.value or "").partition("->")[2] if span.role == "correction" else span.text
        if span.role not in ("filler", "correction") or not cues.STRONG_NEGATION.fullmatch(read_as.lower()):
            continue
        if not any(o.start <= span.start < o.end or span.start <= o.start < span.end for o in meaningful):
            return span.text
    return None


def inferred_years(
    reading: Reading, query: SemanticQuery | None, corrected: Corrected, question: str, language: Language, as_of: str
) -> list[str]:
    """Assumptions for time phrases named without a year that the query uses ("November order count" ->
    "Read 'November' as November 2026, the most recent one as of 2026-12-04"), in the user's own words."""
    if query is None or query.time_range is None:
        return []
    notes: list[str] = []
    for found in reading.times:
        if found.year_inferred:
            start, end = corrected.original(*found.span)
            phrase = _LEADING_PREPOSITION.sub("", question[start:end]).strip() or found.phrase
            notes.append(assumption(language, "year_inferred", phrase=phrase, label=found.label, as_of=as_of))
    return notes


_LEADING_PREPOSITION = re.compile(r"^(?:(?:in|during|for|throughout|over|within|on|the)\s+)+", re.IGNORECASE)


def _with_share_part(query: SemanticQuery | None) -> SemanticQuery | None:
    """The words naming a share's part ('members' of 'what share of revenue came from members') back its
    filters and segments like the query's own."""
    if query is None or query.share is None:
        return query
    update = {
        "filters": [*query.filters, *query.share.filters],
        "segments": [*query.segments, *query.share.segments],
    }
    return query.model_copy(update=update)


def unbacked(query: SemanticQuery, spans: Iterable[Span]) -> list[str]:
    """Elements of the query no span explains ('time_range', 'metric:revenue', ...)."""
    spans = list(spans)
    roles = {(s.role, s.target) for s in spans}
    kinds = {s.role for s in spans}
    missing: list[str] = []
    missing += [f"metric:{m}" for m in query.metrics if ("metric", m) not in roles]
    missing += [f"segment:{s}" for s in query.segments if ("segment", s) not in roles]
    missing += [f"filter:{f.field}" for f in query.filters if ("filter", f.field) not in roles]
    if query.time_range is not None and "time_range" not in kinds:
        missing.append("time_range")
    if query.limit is not None and "limit" not in kinds and "order" not in kinds:
        missing.append("limit")
    return missing
