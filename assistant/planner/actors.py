"""Who does a metric's event, named with it: "客服平均多久第一次回复客户", "how quickly did support respond to tickets",
"support's average resolution time", "average response time of customer service".

Some metrics measure what the business does to a row after it was created: a ticket's first response and its
resolution are dated by columns of their own (`first_response_at`, `resolved_at`), not by the row's creation. The
one who responds or resolves is the team the entity's own names are named after ('support ticket', '客服工单': the
support / customer-service team). A word naming that team as the subject or owner of such a metric is part of the
metric, not a condition: read as a value it became a churn reason or a ticket category (service) and filtered the
tickets down to an unrelated few — a wrong number.

The word is set aside (filler 'actor') only when it stands right against the metric — before it, with nothing but
auxiliaries, adverbs and a possessive between ('客服平均多久…', "does support take to reply", "support's"), or after it
with 'of / by / from' ending the phrase ("response time of support") — and is no cause ('因为客服原因', 'because of
support'). Metrics of the row's own event ('客服投诉数': complaints about the service) keep the value.
"""

from __future__ import annotations

import re

from assistant.planner.discourse import Excused
from assistant.planner.lexicon import Entry, Match, normalize, words_only
from assistant.planner.reading import Reading
from assistant.planner.workforce import STAFF_NOUN
from semantic_layer import SemanticModel
from semantic_layer.compiler.metrics import leaf, leaf_names

# between the team and the metric it does: auxiliaries, adverbs of how long / how often, a possessive
_BETWEEN = re.compile(
    r"(?:\s|'s|’s|s'|(?<![a-z])(?:team|department|does|do|did|usually|typically|normally|generally|on\s+average|"
    r"average|take|takes|took|to|first|actually|really|currently|tend|tends)(?![a-z])"
    r"|的|平均|一般|通常|大概|大约|多久|多长时间|(?:多少|几)个?(?:小时|钟头|分钟|天)|要|需要|得|花|用|才|能|会|都|团队|部门|第一次|首次)*"
)
_HOW_LONG = re.compile(r"多久|多长时间|(?:多少|几)个?(?:小时|钟头|分钟|天)")
_OWNED_BY = re.compile(r"\s+(?:of|by|from)\s+(?:the\s+|our\s+)?$")
_TEAM = re.compile(r"\s*(?:team|department|团队|部门)")
_PHRASE_END = re.compile(r"[\s?.!,;？。！，；]*(?:$|[?.!,;？。！，；])")
# 'how many hours is it taking the support team to resolve': the shorthand of durations reads the whole phrase
_TAKES = re.compile(r"(?<![a-z])(?:take|takes|took|taken|taking)\s+(?:the\s+|our\s+)?$")
_CAUSE_BEFORE = re.compile(
    r"(?:because\s+of|due\s+to|over|about|regarding|reason(?:\s+(?:is|was))?|因为|由于|原因是|关于|对)\s*(?:the\s+|our\s+)?$"
)


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Stretches (offsets of `reading.text`) naming the team that does the event of a metric beside them."""
    found: list[Excused] = []
    matches = reading.matches
    for index, match in enumerate(matches):
        if not match.of("value") or len(match.of("value")) != len(match.entries):
            continue
        if _CAUSE_BEFORE.search(reading.masked[: match.start]) or _TAKES.search(reading.masked[: match.start]):
            continue  # 'because of support'; 'is it taking the support team to …' is read whole as a duration
        following = matches[index + 1] if index + 1 < len(matches) else None
        previous = matches[index - 1] if index > 0 else None
        before_metric = following is not None and bool(_BETWEEN.fullmatch(reading.masked[match.end : following.start]))
        team_end = _TEAM.match(reading.masked, match.end)
        end = team_end.end() if team_end else match.end
        after_metric = (
            previous is not None
            and bool(_OWNED_BY.fullmatch(reading.masked[previous.end : match.start]))
            and bool(_PHRASE_END.match(reading.masked, end))
        )
        metric_match = following if before_metric else previous if after_metric else None
        events = _business_events(model, metric_match) if metric_match else _verb_of_event(model, reading, match)
        if any(_names_team(model, entity, match) for entity in events):
            found.append(Excused(match.start, end, "actor"))
    return found


def _verb_of_event(model: SemanticModel, reading: Reading, match: Match) -> list[str]:
    """'客服平均多久第一次回复': the Chinese verb after the adverbs is part of a phrase of such a metric ('回复' of
    '首次回复') that no phrase matched as typed; the entities whose event it names."""
    gap = _BETWEEN.match(reading.masked, match.end)
    if gap is None or not _HOW_LONG.search(gap.group(0)) or STAFF_NOUN.match(reading.masked, match.start):
        return []  # '客服响应得怎么样' asks no duration; '客服专员' are staff (workforce.py)
    following = reading.masked[gap.end() :][:6]
    found: list[str] = []
    for name, metric in model.metrics.items():
        phrases = [p for p in (metric.label.zh, *metric.synonyms) if not p.isascii()]
        verbs = {following[i : i + 2] for i in range(len(following) - 1) if not following[i : i + 2].isascii()}
        if any(v in p for v in verbs for p in phrases):
            found += _business_events(model, Match(0, 0, name, (Entry(kind="metric", target=name),)))
    return found


def _business_events(model: SemanticModel, match: Match) -> list[str]:
    """The entities whose rows the match's metrics measure by a later event of the row (a response, a resolution)."""
    found: list[str] = []
    for entry in match.of("metric"):
        if entry.weak or entry.target not in model.metrics:
            continue
        first = leaf(model, leaf_names(model, entry.target)[0])
        entity = model.entities[first.entity]
        later = [
            name
            for name, dim in entity.dimensions.items()
            if dim.type == "time" and name != (first.measure.agg_time_dimension or entity.default_time_dimension)
        ]
        said = f"{first.measure.expr or ''} {first.measure.filter or ''}"
        if any(re.search(rf"\b{name}\b", said) for name in later):
            found.append(first.entity)
    return found


def _names_team(model: SemanticModel, entity_name: str, match: Match) -> bool:
    """Whether the value word modifies a name of the entity ('support' of 'support ticket', '客服' of '客服工单')."""
    said = words_only(normalize(match.text.strip()))
    head = said.split()[-1] if said.isascii() else said
    entity = model.entities[entity_name]
    for name in (words_only(normalize(n)) for n in [entity.label.en, entity.label.zh, *entity.synonyms]):
        rest = name[len(head) :]
        if name.startswith(head) and rest and (not head.isascii() or rest.startswith(" ")):
            return True
    return False
