"""What a question mentions: metrics, segments, breakdowns, filters, time phrases, text fields, cues."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.contracts import Language, detect_language
from assistant.planner import (
    classifier_counts,
    counted_people,
    cues,
    dated_by,
    entity_words,
    exclusions,
    fronted_breakdowns,
    kind_nouns,
    lists,
    record_averages,
    record_keys,
    scores,
    spelled_values,
    splits,
    value_heads,
    verb_with_object,
)
from assistant.planner.lexicon import Entry, Lexicon, Match, normalize, words_only
from assistant.planner.morphology import inflection
from semantic_layer import SemanticModel
from semantic_layer.time_calendar import Unit
from semantic_layer.time_phrases import ResolvedRange, find_time_phrases


@dataclass
class Reading:
    text: str  # normalised question
    masked: str  # with time phrases blanked and hyphens as spaces
    times: list[ResolvedRange]
    matches: list[Match]
    metrics: list[str] = field(default_factory=list)
    weak_metrics: list[tuple[str, Match]] = field(default_factory=list)
    strong_matches: list[Match] = field(default_factory=list)
    metric_or_segment: list[tuple[str, str, Match]] = field(default_factory=list)  # ("churned customers")
    segments: list[tuple[str, Match]] = field(default_factory=list)
    negated_segments: list[tuple[str, Match]] = field(default_factory=list)  # "non-members", "非会员"
    breakdowns: list[tuple[list[str], Match]] = field(default_factory=list)  # candidate dimensions per mention
    mentioned_dimensions: list[tuple[list[str], Match]] = field(default_factory=list)
    values: list[tuple[list[Entry], bool, Match]] = field(default_factory=list)  # candidates, negated, where
    text_fields: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    record_ids: list[tuple[str, str, int, int]] = field(default_factory=list)  # entity, id as typed, start, end
    language: Language = "en"
    population_names: frozenset[str] = frozenset()  # segments of the model (metrics may share their names)
    year_earlier: bool = False  # a follow-up asking the previous period a year back (shifts.py)
    earlier: Unit | None = None  # a follow-up asking the previous period a week/month/quarter back (shifts.py)

    def has(self, pattern: re.Pattern[str]) -> bool:
        return bool(pattern.search(self.masked))

    def asks_records(self) -> bool:
        """'list ...', '列出...', or 'which' / '哪些' right before an entity noun of the model in the plural
        ('which customers', '哪些订单'): the question asks for rows."""
        if self.has(cues.RECORDS) or self.has(lists.SHOW_VERB):  # 'pull up …', '给我看看…'
            return True
        for match in self.matches:
            plural = self.language == "zh" or match.text.strip().endswith("s")
            if match.of("entity") and plural and self.which_before(match):
                return True
            if self._population_said_with_noun(match) and self.which_before(match):
                return True  # 'which customers churned this year': the churned customers' rows
            if (
                (match.of("entity") or match.of("segment") or match.of("value"))  # 'A类客户有哪些': a value of them
                and self.language == "zh"
                and _WHICH_AFTER.match(self.masked[match.end :])
            ):
                return True  # '上周2万以上的订单有哪些'

        return False

    def which_before(self, match: Match) -> bool:
        """'which customers', 'which Shanghai customers', 'which tier A members', '哪些北京客户': 'which' right before
        the noun `match` names, or before values and populations said right before it."""
        start = match.start
        for before in reversed([m for m in self.matches if m.end <= match.start]):
            if self.masked[before.end : start].strip() or not (before.of("value") or before.of("segment")):
                break
            start = before.start
        return bool(cues.WHICH_PLURAL.search(self.masked[:start]))

    def rows_asked_after(self, match: Match) -> bool:
        """'…的订单有哪些', '…的会员是哪几位': the question asks which rows of the noun `match` names."""
        return bool(_WHICH_AFTER.match(self.masked[match.end :]))

    def _population_said_with_noun(self, match: Match) -> bool:
        """A population counted by a metric of its name, said as a plural noun and its verb ('customers churned')."""
        first = match.text.split()[0] if match.text.split() else ""
        return first.endswith("s") and any(e.target in self.population_names for e in match.of("metric"))


# 'other' / '其他' said of a group named right after it ('其他几个区', 'the other regions'): a determiner, not the
# value 'other' of some field (a churn reason, a ticket category)
_OTHER_WORDS = frozenset({"other", "others", "其他", "其它", "其余"})
_BEFORE_NOUN = re.compile(r"\s*(?:的|几|各|个|些|所有|\d+|[一二两三四五六七八九十]+)*\s*(?:个|家|类|种)?\s*$")


def _other_as_determiner(masked: str, match: Match, matches: list[Match]) -> bool:
    """An 'other' value word followed by a field or entity noun of another field is 'the other <noun>'."""
    values = match.of("value")
    if not values or match.text.strip() not in _OTHER_WORDS:
        return False
    fields = {e.target for e in values}
    if re.match(r"\s*的?\s*(?:几|些|各)", masked[match.end :]):
        return True  # '其他几个区', '其他各品类': a count of groups follows
    following = next((m for m in matches if m.start >= match.end), None)
    if following is None or not _BEFORE_NOUN.match(masked[match.end : following.start]):
        return False
    named = {e.target for e in following.entries if e.kind in ("dimension", "entity")}
    if any(f.split(".")[0] in named for f in fields):
        # '其他客户', 'the other customers': the rest of the value's own entity; '其他类工单' names the kind 'other'
        gap = masked[match.end : following.start]
        return not named & fields and not re.search(r"[类种]", gap) and bool(following.of("entity"))
    return bool(named) and not named & fields


# '…的会员有哪些', '最近注册的3个会员是哪几位', '…是谁', '…都是哪些人': the rows the noun before names (a request may
# follow)
_WHICH_AFTER = re.compile(
    r"[\s,，]*(?:都|分别|具体)?(?:有|是)(?:哪些|哪几(?:位|个|家|笔|张|份|条|单)|谁)(?:人)?\s*(?:[?？。!！]?\s*$|[?？。!！，,;；])"
)


def read(question: str, lexicon: Lexicon, as_of: date) -> Reading:
    """Raises TimeExpressionError for a time phrase that cannot stand (bad date, after as-of)."""
    text = normalize(question)
    times = find_time_phrases(text, as_of, lexicon.model.fiscal_year_start_month)
    masked = list(text)
    for found in times:
        masked[found.span[0] : found.span[1]] = " " * (found.span[1] - found.span[0])
    masked_text = words_only("".join(masked))
    reading = Reading(
        text=text,
        masked=masked_text,
        times=times,
        matches=lexicon.find(masked_text),
        language=detect_language(question),
        population_names=frozenset(lexicon.model.segments),
    )
    reading.matches = scores.as_columns(lexicon.model, masked_text, reading.matches)
    reading.matches = [
        m
        for m in reading.matches
        if not _other_as_determiner(masked_text, m, reading.matches)
        and not splits.other_after_exclusion(masked_text, m, reading.matches)  # '除了华北以外，其他区'
    ]
    reading.matches = entity_words.named_entities(lexicon.model, masked_text, reading.matches)  # 'support cases'
    reading.matches = entity_words.listed_values(lexicon.model, masked_text, reading.matches)  # 'tier A and B'
    reading.matches = value_heads.headed_values(lexicon.model, masked_text, reading.matches)  # '价格原因', '合作渠道'
    reading.matches = kind_nouns.joined_kind_nouns(lexicon.model, masked_text, reading.matches)  # 'beauty products'
    reading.matches = value_heads.graded_numbers(lexicon.model, masked_text, list(reading.matches))  # 'low scores (≤5)'
    reading.matches = counted_people.numerators(lexicon.model, masked_text, reading.matches)  # 'most customers churn'
    reading.matches = record_averages.unit_matches(lexicon.model, masked_text, reading.matches)  # '平均一单'
    reading.matches = classifier_counts.counted_by_named_noun(lexicon, reading.matches)  # '工单…各多少单'
    for match in reading.matches:
        _classify(reading, match, lexicon)
    reading.values = spelled_values.without_spelled_values(reading, lexicon.model)  # '各渠道（电话/在线/邮件/APP）'
    _sort_keys(reading, lexicon)
    dated_by.move_out_of_breakdowns(lexicon.model, reading)  # '按流失日期算今年': the period's column, no split
    _record_ids(reading, question, lexicon.model)
    return reading


_RECORD_ID = re.compile(r"(?<![a-z0-9])[a-z]{1,3}\d{3,}(?![a-z0-9])")


def _record_ids(reading: Reading, question: str, model: SemanticModel) -> None:
    """'orders of customer C0000123', '客户C0001234的工单': an identifier right after an entity noun is that
    entity's primary key, as typed (the normalised text is lower case); one said alone ('C0013188 还有哪些工单')
    is the key of the entity whose ids have its form (record_keys.py), written as that key's values are."""
    for found in _RECORD_ID.finditer(reading.masked):
        previous = next((m for m in reversed(reading.matches) if m.end <= found.start()), None)
        entity = None
        if previous is not None and not reading.masked[previous.end : found.start()].strip(" #:"):
            entity = next((e.target for e in previous.of("entity")), None)
        entity = entity or record_keys.entity_of_id(model, found.group())
        if entity is None:
            continue
        typed = question[found.start() : found.end()] if len(question) == len(reading.text) else found.group()
        typed = typed if typed.lower() == found.group() else found.group()
        reading.record_ids.append((entity, record_keys.as_stored(model, entity, typed), *found.span()))


def _sort_keys(reading: Reading, lexicon: Lexicon) -> None:
    """'the 5 biggest orders by amount': 'by' a number field with a ranking word names what to sort by, not a
    breakdown (a group per distinct amount answers nothing)."""
    # 'the 10 latest returned orders, by order date descending': the newest N rows are a list too
    latest = cues.count_in(reading.masked) is not None and (reading.has(cues.RECENT) or reading.has(cues.OLDEST))
    rows = reading.asks_records() or latest
    if not (reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING) or rows):
        return
    for candidates, match in list(reading.breakdowns):
        types = {lexicon.model.dimension(c)[1].type for c in candidates}
        # '按注册时间从早到晚' in a list: the rows' order, not a group per signup date
        ordered = types <= {"time", "number"} and rows and lists.orders_field(reading, match)
        if types == {"number"} or ordered:
            reading.breakdowns.remove((candidates, match))
            reading.mentioned_dimensions.append((candidates, match))


def _without_entity_noun(reading: Reading, match: Match, model: SemanticModel) -> str:
    """The text before a match without an entity noun right before it: 'bottom 2 survey touchpoints' is
    'bottom 2 touchpoints' of surveys, '排名前五的城市' stays as it is."""
    before = reading.masked[: match.start]
    previous = next((m for m in reversed(reading.matches) if m.end <= match.start), None)
    if previous is None or not previous.of("entity") or before[previous.end :].strip() not in ("", "的", "'s"):
        return before  # '按客户的城市': the entity's own field follows
    owners = {e.target for e in previous.of("entity")}
    if not any(d.target.partition(".")[0] in owners for d in match.of("dimension")):
        return before  # '哪个客户投诉最多': the customers are ranked, the complaint flag is no field of theirs
    if _rows_then_their_event(reading, previous, match, model):
        return before  # 'which customers signed up last week': the rows asked and their verb, no group per date
    return before[: previous.start]


def _rows_then_their_event(reading: Reading, noun: Match, match: Match, model: SemanticModel) -> bool:
    """An entity noun said as rows — in the plural, or after '哪些' — followed by a date of its own named by the
    event that sets it ('customers signed up', '哪些客户上周注册的'): the clause's verb, not a date field qualified by
    the noun ('which customer signup month' is singular and stays a group)."""
    owners = {e.target for e in noun.of("entity")}
    own = [d for d in match.of("dimension") if d.target.partition(".")[0] in owners]  # 'opened' of a message too
    if any(model.dimension(d.target)[1].type != "time" for d in own):
        return False
    if reading.language == "zh":
        return bool(re.search(r"哪些\s*$", reading.masked[: noun.start]))
    return noun.text.strip().endswith("s")


def _reaches_state(match: Match) -> bool:
    """'how many orders did we cancel': the plain verb of a state named by its participle ('cancel' of 'cancelled',
    'return' of 'returned') is the action that puts the rows in that state. 'open' names no such state."""
    said = match.text.strip()
    return any(
        (e.value or "").endswith("ed") and (e.value or "").startswith(said.rstrip("e")) and said != e.value
        for e in match.of("value")
    )


def _verb_of_subject(reading: Reading, match: Match) -> bool:
    """A value word right after 'did/do/does <population or entity noun>' is that subject's verb. A past
    participle is not ('how many clients did we lose' reads 'lose' as the status 'lost', words.py): after 'did'
    a verb takes its plain form, so a participle there is the correction naming the status."""
    if inflection(match.text.strip()) == "ed" or _reaches_state(match):
        return False
    if re.search(
        r"\b(?:did|do|does|didn't|don't|doesn't)\s+(?:they|we|you|those|these)\s+$", reading.masked[: match.start]
    ):
        return True  # 'how many tickets did they open'
    before, after = reading.masked[: match.start], reading.masked[match.end :]
    if (
        re.search(r"\b(?:did|do|does|didn't|don't|doesn't)\s+\w", before)
        and re.fullmatch(r"[\s?.!,]*", after)
        and not re.search(r"\b(?:from|the|via|through|by|on|in|a|an|our|to|with|as|at|into|of|for)\s+$", before)
    ):
        return True  # 'how many tickets did the customers we lost last year open?': the clause's last word
    previous = next((m for m in reversed(reading.matches) if m.end <= match.start), None)
    if previous is None or reading.masked[previous.end : match.start].strip():
        return False
    if not (previous.of("entity") or previous.of("segment")):
        return False
    return bool(re.search(r"\b(?:did|do|does|didn't|don't|doesn't)\s+$", reading.masked[: previous.start]))


def _counted_not_grouped(reading: Reading, match: Match, lexicon: Lexicon, before: str) -> bool:
    """'the latest 5 complaints', 'top 3 regions by complaints': a word naming both a measure and a yes/no field
    (complaints: the complaint flag) right after a number, or after 'by' once a ranked breakdown is named, is what
    is counted or ranked by — a breakdown into yes and no would not have a top 5."""
    dims = [e.target for e in match.of("dimension")]
    if not any(not e.weak for e in match.of("metric")) or not dims:
        return False
    if any(lexicon.model.dimension(d)[1].type != "boolean" for d in dims):
        return False
    if re.search(r"(?:\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|twenty|fifty))\s*$", before):
        return True
    ranked = reading.has(cues.DESCENDING) or reading.has(cues.ASCENDING)
    return bool(reading.breakdowns) and ranked and bool(re.search(r"\bby\s+$", before))


def _classify(reading: Reading, match: Match, lexicon: Lexicon) -> None:
    before, after = reading.masked[: match.start], reading.masked[match.end :]
    if match.of("dimension") and entity_words.qualifies_next(reading.masked, match, reading.matches):
        reading.entities += [e.target for e in match.of("entity")]  # 'by customer value tier': whose tier
        return
    dims = [e.target for e in match.of("dimension")]
    chained = bool(reading.breakdowns) and bool(
        cues.LIST_SEPARATOR.match(reading.masked[reading.breakdowns[-1][1].end : match.start])
    )
    chained = chained and not fronted_breakdowns.measure_after_comma(reading, match)  # 'For each region, complaints'
    subject = bool(match.of("entity")) and bool(cues.CLAUSE_SUBJECT.match(after))
    # 'complaints by members who joined in 2025': a population with a relative clause did the event, it splits nothing
    subject = subject or (bool(match.of("segment")) and bool(_RELATIVE.match(after)))
    cued = cues.BREAKDOWN_BEFORE.search(before) or cues.BREAKDOWN_BEFORE.search(
        _without_entity_noun(reading, match, lexicon.model)
    )
    # 'which signup source brings us customers with the highest AOV': the entity noun after the ranked breakdown is
    # what is measured, not a second breakdown
    ranked_object = bool(match.of("entity")) and bool(reading.breakdowns) and not (chained or cued)
    counted = _counted_not_grouped(reading, match, lexicon, before)
    # '3个华南区会员是哪几位': the members themselves are asked for, not a split by the membership flag
    rows_asked = bool(match.of("segment") or match.of("entity")) and bool(_WHICH_AFTER.match(after))
    after_cued = cues.BREAKDOWN_AFTER.search(after) and not rows_asked
    qualifier = _qualifies_population(reading, match)  # 'orders by churned members': which members, no churn dates
    if dims and not (subject or ranked_object or counted or qualifier) and (chained or cued or after_cued):
        reading.breakdowns.append((dims, match))
        return
    if subject and _WHETHER_THE.search(before):
        reading.entities += [e.target for e in match.of("entity")]  # 'by whether the buyer is a member': who, no metric
        return
    metrics = [e for e in match.of("metric")]
    strong = [e.target for e in metrics if not e.weak]
    segments = [e.target for e in match.of("segment")]
    negation = cues.negated_at(reading.masked, match, reading.matches)
    if segments and negation:  # 'not members', '会员以外的客户'
        reading.negated_segments.append((segments[0], match))
        return
    if strong and match.of("value") and not segments and _value_left_out(reading, match, negation):
        # 'excluding returns and cancellations', 'excluding cancellations and returns': a count named by its value,
        # negated or listed after a negated value, is that value left out, not the count
        reading.values.append((match.of("value"), True, match))
        return
    if strong and match.of("value") and not segments and not negation and _listed_with_value(reading, match):
        # 'returns and cancelled orders', 'cancellations and returns': a count named by its value, listed with another
        # value of the same field, is that value (the rows of both), not the count with a filter of the other
        reading.values.append((match.of("value"), False, match))
        return
    if strong:
        reading.strong_matches.append(match)
    if strong and _population_of_metric(reading, match, strong[0]):
        # 'revenue from customers lost in 2025', 'orders by churned customers': the population, not a second metric
        reading.segments.append((segments[0] if segments else strong[0], match))
        return
    if strong and segments:
        reading.metric_or_segment.append((strong[0], segments[0], match))
    elif strong:
        reading.metrics.append(strong[0])
    elif segments:
        reading.segments.append((segments[0], match))
    elif match.of("value") and re.match(r"\s*than\b", after):
        return  # 'other than' is a negation, not the value 'other'
    elif match.of("value") and _verb_of_subject(reading, match):
        return  # 'how many tickets did churned customers open': the verb 'open', not the status 'open'
    elif match.of("value") and verb_with_object.said_as_verb(reading.masked, match, reading.matches):
        return  # 'after they open a ticket': the event that creates the ticket, not its status
    elif (
        match.of("value")
        and reading.values
        and splits.same_value_as_previous(reading.masked, match, reading.values[-1][2])
    ):
        return  # '数码电子': one value said with two of its words, negated as a whole
    elif match.of("value"):
        negation = negation or exclusions.listed_after_negated(
            reading.masked, match, reading.values, reading.negated_segments
        )  # 'not A or B'
        reading.values.append((match.of("value"), negation, match))
    elif match.of("text_field"):
        reading.text_fields.append(match.of("text_field")[0].target)
    elif dims:
        reading.mentioned_dimensions.append((dims, match))
    elif metrics:
        reading.weak_metrics.append((metrics[0].target, match))
    if match.of("text_field") and (strong or segments):
        reading.text_fields.append(match.of("text_field")[0].target)
    for entry in match.of("entity"):
        reading.entities.append(entry.target)


def _value_left_out(reading: Reading, match: Match, negation: bool) -> bool:
    """Whether a count named by its value is one of a negated list of values: listed after a negated value, or negated
    and followed by another value of the same field ('excluding returns and cancellations'). Alone ('NPS leaving out
    detractors') it keeps its other readings."""
    if exclusions.listed_after_negated(reading.masked, match, reading.values, reading.negated_segments):
        return True
    fields = {e.target for e in match.of("value")}
    following = next((m for m in reading.matches if m.start >= match.end), None)
    return (
        negation
        and following is not None
        and bool(fields & {e.target for e in following.of("value")})
        and bool(_LISTED.match(reading.masked[match.end : following.start]))
    )


def _listed_with_value(reading: Reading, match: Match) -> bool:
    """Whether a count named by its value is listed with another value of the same field, right before or after it."""
    fields = {e.target for e in match.of("value")}
    before = next((m for m in reversed(reading.matches) if m.end <= match.start), None)
    after = next((m for m in reading.matches if m.start >= match.end), None)
    return any(
        other is not None
        and bool(fields & {e.target for e in other.of("value")})
        and bool(_LISTED.match(reading.masked[min(other.end, match.end) : max(other.start, match.start)]))
        for other in (before, after)
    )


_LISTED = re.compile(r"^\s*(?:,|，|、|/|&|\band\b|\bor\b|\bnor\b)\s*(?:(?:the|an?)\s+)?$")


def _qualifies_population(reading: Reading, match: Match) -> bool:
    """A population word ('churned', a segment or a value of one) said right before a noun of the population's
    entity or another population ('churned members', 'lost customers') qualifies that noun: after 'by' it names who,
    not a breakdown by the field it also names."""
    if not (match.of("segment") and match.of("value")):
        return False
    following = next((m for m in reading.matches if m.start >= match.end), None)
    if following is None or reading.masked[match.end : following.start].strip():
        return False
    nouns = {e.target for e in following.of("entity")}  # 'churned customers'
    nouns |= {e.target.partition(".")[0] for e in following.of("dimension") if following.of("segment")}  # 'members'
    return any(e.target.partition(".")[0] in nouns for e in match.of("value"))


_RELATIVE = re.compile(r"^\s*(?:who|whose|that|which)\s+(?!month|week|quarter|year|day)")
_WHETHER_THE = re.compile(r"\bwhether(?:\s+or\s+not)?\s+(?:the|a|an|each|this|that)\s+$")
_FROM_POPULATION = re.compile(r"\b(?:from|of|among|by|for)\s+(?:the\s+|our\s+|all\s+)?$|来自\s*$|从\s*$")


def _population_of_metric(reading: Reading, match: Match, metric: str) -> bool:
    """A count metric named like a segment of the model ('customers lost' = churned_customers), after another
    metric and 'from / of / among' ('revenue from customers lost in 2025'): it names whose revenue, i.e. the
    population, not a second metric."""
    if metric not in reading.population_names:
        return False
    earlier = any(m.of("metric") for m in reading.matches if m.end <= match.start)  # 'orders from …' too
    return earlier and bool(_FROM_POPULATION.search(reading.masked[: match.start]))
