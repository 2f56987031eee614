"""A record and the clause saying that its owners made it: "every survey they ever answered", "the comments people
left on delivery surveys", "all the feedback customers gave" read as the record alone (role `correction`). The verb
is one that creates that record (assistant/planner/data/event_words.yml `en_record_verbs`) and its subject is a
pronoun or a person word with no data meaning of its own, so the clause adds nothing: the records are the owners'
anyway, and who they are is told by the rest of the question. Read word by word the verb was asked back ('answered')
or, worse, 'left' was taken for the churned customers ('have left').

A subject that is a population of the model ("the surveys members answered") is not read here: who made the records
is then a condition, and the question is read as before.

The clause may also be the bare participle before a preposition ("survey comments left at the app touchpoint",
"feedback submitted via the app", "tickets raised in May"): the passive says the same, with nobody named. There the
verb must not be a value of the record's own entity ("messages delivered in May" keeps its delivered flag)."""

from __future__ import annotations

import re
from functools import cache

from assistant.planner.event_words import person_entity_nouns, person_words, record_verbs
from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.morphology import forms

Fix = tuple[int, int, str]

_PRONOUNS = ("they", "we", "you", "he", "she", "i")
# between subject and verb: auxiliaries and adverbs of time or frequency ('they have ever answered', 'we've had')
_BETWEEN = r"(?:\s+(?:have|has|had|'ve|did|ever|all|actually|originally|already|just|once|recently|each|personally))*"


def relative_record_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """(start, end, the record noun as said) for each record noun followed by a clause of its making."""
    found: list[Fix] = []
    for match in matched:
        verbs = _verbs_of(lexicon, match)
        if not verbs:
            continue
        hit = _clause(verbs).match(text, match.end)
        if hit is not None and _only_values_inside(hit.start("verb"), hit.end(), hit.start(), matched):
            found.append((match.start, hit.end(), text[match.start : match.end]))
            continue
        bare = _participle(verbs).match(text, match.end)
        if bare is not None and not _own_value(lexicon, match, bare.start("verb"), bare.end(), matched):
            found.append((match.start, bare.end(), text[match.start : match.end]))
    return found


def _own_value(lexicon: Lexicon, record: Match, start: int, end: int, matched: list[Match]) -> bool:
    """Whether a phrase of the model inside the participle is not a value of another entity than the record's."""
    owners = {e.target for e in record.entries if e.kind == "entity"}
    owners |= {lexicon.model.text_fields[e.target].entity for e in record.entries if e.kind == "text_field"}
    for m in matched:
        if m.start < end and start < m.end:
            values = [e for e in m.entries if not e.weak]
            if any(e.kind != "value" or e.target.split(".")[0] in owners for e in values):
                return True
    return False


def _verbs_of(lexicon: Lexicon, match: Match) -> tuple[str, ...]:
    """The verbs that create the record a match names (an entity or a text field whose names hold the record noun)."""
    names: set[str] = set()
    for entry in match.entries:
        if entry.kind == "entity":
            entity = lexicon.model.entities[entry.target]
            names |= {s.lower() for s in [entry.target, entity.label.en, *entity.synonyms]}
        elif entry.kind == "text_field":
            field = lexicon.model.text_fields[entry.target]
            names |= {w for s in [entry.target, field.label.en, *field.synonyms] for w in s.lower().split()}
    return tuple(
        verb for noun, verbs in record_verbs().items() if noun in names or f"{noun}s" in names for verb in verbs
    )


@cache
def _clause(verbs: tuple[str, ...]) -> re.Pattern[str]:
    said = {" ".join([form, *verb.split()[1:]]) for verb in verbs for form in _past(verb.split()[0])}
    verb = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(said, key=len, reverse=True))
    subject = "|".join(re.escape(w) for w in (*_PRONOUNS, *person_words(), *person_entity_nouns()))
    return re.compile(rf"\s+(?:that\s+|which\s+)?(?:{subject}){_BETWEEN}\s+(?P<verb>{verb})(?![a-z0-9])")


@cache
def _participle(verbs: tuple[str, ...]) -> re.Pattern[str]:
    said = {" ".join([form, *verb.split()[1:]]) for verb in verbs for form in _past(verb.split()[0])}
    verb = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(said, key=len, reverse=True))
    after = r"at|on|in|via|through|from|during|over|after|since|by|about"
    return re.compile(
        rf"\s+(?:(?:that|which)\s+(?:were|was|have\s+been|had\s+been)\s+)?(?P<verb>{verb})(?=\s+(?:{after})\b)"
    )


def _past(verb: str) -> tuple[str, ...]:
    return tuple(form for form, tag in forms(verb).items() if tag == "ed")


def _only_values_inside(verb_start: int, end: int, start: int, matched: list[Match]) -> bool:
    """No phrase of the model inside the clause but the subject's noun of persons ('customers') and a value word of the
    verb ('have left' of the churned status)."""
    for m in matched:
        if not (m.start < end and start < m.end):
            continue
        kinds = {e.kind for e in m.entries if not e.weak}
        if m.start < start or m.end > end:
            return False
        person = "entity" in kinds and not kinds & {"segment", "value"}
        if m.start < verb_start and not person and not (kinds == {"value"} and m.end > verb_start):
            return False  # 'the surveys members answered': who made them is a population, a condition
        if m.start >= verb_start and kinds != {"value"}:
            return False
    return True
