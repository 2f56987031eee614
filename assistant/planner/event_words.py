"""Everyday words for the model's events and records (assistant/planner/data/event_words.yml), read as the model's
words before planning and shown as corrections (DESIGN.md §10):

- verbs of the model's events in other words, in the same form: "replied" -> "responded", "close out" -> "resolve",
  "enrolled" -> "signed up", "bought again" -> "repurchased" (only when the target is a word of the model);
- a verb that creates a record, right after the record's noun, adds nothing: "surveys answered in October" ->
  "surveys in October", "questionnaires that were filled in" -> "questionnaires";
- a person word before an event of the model's entity of persons names that entity: "how many people signed up"
  -> "how many customers signed up", "everyone who joined yesterday" -> "customers who joined yesterday";
- a verb of remaining before a value of the model adds nothing: "sitting open" -> "open".

Every rule needs the model's own words around it, so a model without them asks back as before."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.planner.lexicon import Lexicon, Match
from assistant.planner.morphology import forms

Fix = tuple[int, int, str]


@cache
def _data() -> dict[str, Any]:
    text = resources.files("assistant.planner").joinpath("data", "event_words.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text) or {}
    return loaded if isinstance(loaded, dict) else {}


def _words(section: str) -> tuple[str, ...]:
    return tuple(str(word).lower() for word in _data().get(section) or ())


def _inflected(phrase: str) -> dict[str, str]:
    """Every form of a verb phrase (its first word inflected) -> the inflection ('base', 's', 'ed', 'ing')."""
    verb, *rest = phrase.split()
    return {" ".join([form, *rest]): tag for form, tag in forms(verb).items()}


def _form_of(phrase: str, tag: str) -> str:
    for form, form_tag in _inflected(phrase).items():
        if form_tag == tag:
            return form
    return phrase


def _pattern(phrases: Iterable[str]) -> str:
    escaped = (re.escape(p).replace(r"\ ", r"\s+") for p in sorted(set(phrases), key=len, reverse=True))
    return "(?:" + "|".join(escaped) + ")"


def _free(start: int, end: int, matched: list[Match]) -> bool:
    return end > start and not any(m.start < end and start < m.end for m in matched)


def verb_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """Everyday verbs of the model's events, read as the model's verb in the same form."""
    named = _named_entities(matched, lexicon)
    persons = person_entity(lexicon)
    if persons and re.search(rf"(?<![a-z0-9']){_pattern(_words('en_person_words'))}(?![a-z0-9'])", text):
        named.add(persons[0])  # 'how many people registered': the person entity is named
    found: list[Fix] = []
    for verb in _verbs(lexicon):
        if verb.owners and not verb.owners & named:
            continue  # an event of an entity the question does not name ('orders we picked up' signed no one up)
        for hit in verb.pattern.finditer(text):
            said = " ".join(hit.group().split())
            taken = any(a < hit.end() and hit.start() < b for a, b, _ in found)
            if not taken and _free(hit.start(), hit.end(), matched):
                found.append((hit.start(), hit.end(), _form_of(verb.target, verb.source_forms.get(said, "base"))))
    return found


@dataclass(frozen=True)
class _Verb:
    """An everyday verb of event_words.yml that the model's vocabulary can take, prepared once per vocabulary."""

    target: str  # the model's verb it is read as
    owners: frozenset[str]  # the entities whose fields the model's verb names
    source_forms: dict[str, str]  # every form of the everyday verb -> its inflection
    pattern: re.Pattern[str]


_VERBS: weakref.WeakKeyDictionary[Lexicon, tuple[_Verb, ...]] = weakref.WeakKeyDictionary()


def _verbs(lexicon: Lexicon) -> tuple[_Verb, ...]:
    """The verbs worth looking for in a question (they depend on the vocabulary only, not on the question)."""
    prepared = _VERBS.get(lexicon)
    if prepared is not None:
        return prepared
    vocabulary = lexicon.words()
    verbs: list[_Verb] = []
    entries = sorted((_data().get("en_verbs") or {}).items(), key=lambda kv: -len(str(kv[0])))
    for source, target in ((str(k).lower(), str(v).lower()) for k, v in entries):
        target_forms = _inflected(target)
        if not any(form.split()[0] in vocabulary for form in target_forms):
            continue  # the model has no such event
        if source.split()[0] in vocabulary:
            continue  # the model's own word ('first reply within 3 hours'): its phrases win
        owners = frozenset(
            e.target.partition(".")[0] for f in target_forms for m in lexicon.find(f) for e in m.of("dimension")
        )
        source_forms = _inflected(source)
        pattern = re.compile(rf"(?<![a-z0-9]){_pattern(source_forms)}(?![a-z0-9])")
        verbs.append(_Verb(target, owners, source_forms, pattern))
    _VERBS[lexicon] = prepared = tuple(verbs)
    return prepared


def _named_entities(matched: list[Match], lexicon: Lexicon) -> set[str]:
    """The entities the question names: entity nouns, and the entities of its segments and metrics."""
    model = lexicon.model
    named: set[str] = set()
    for match in matched:
        for entry in match.entries:
            if entry.kind == "entity":
                named.add(entry.target)
            elif entry.kind == "segment":
                named.add(model.segments[entry.target].entity)
            elif entry.kind == "metric":
                measure = getattr(model.metrics[entry.target], "measure", None)
                named.update([measure.partition(".")[0]] if isinstance(measure, str) else [])
    return named


_LINK = r"(?:\s+(?:that|which|who))?(?:\s+(?:were|was|are|is|got|get|have\s+been|had\s+been|has\s+been|been))?"


# 'how many surveys did we collect', 'how many orders have we taken in': the record's own creation, said of us
_ASKED_OF_US = r"\s+(?:did|do|does|will|would|can|could)\s+(?:we|you|they|i|the\s+team)"
_HAVE_US = r"\s+(?:have|has|had)\s+(?:we|you|they|i|the\s+team)"


def record_verb_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """'surveys answered in October' -> 'surveys in October', 'how many responses did we collect' -> 'how many
    responses': a verb that creates a record, right after a noun of the model's entity that has that record noun among
    its names (or after 'did we' / 'have we' following it), adds nothing."""
    found: list[Fix] = []
    for noun, verbs in (_data().get("en_record_verbs") or {}).items():
        entity = _entity_named(lexicon, str(noun).lower())
        if entity is None:
            continue
        participles = {form for verb in verbs for form, tag in _inflected(str(verb).lower()).items() if tag == "ed"}
        plain = {str(verb).lower() for verb in verbs}
        after = re.compile(
            rf"(?:{_LINK}\s+{_pattern(participles)}|{_ASKED_OF_US}\s+{_pattern(plain)}|{_HAVE_US}\s+{_pattern(participles)})"
            r"(?![a-z0-9])"
        )
        for match in matched:
            if not any(e.kind == "entity" and e.target == entity for e in match.entries):
                continue
            hit = after.match(text, match.end)
            # a blanked time phrase between noun and verb ('responses in the last 30 days gave') is kept, not swallowed
            if hit and "  " not in hit.group() and _free(hit.start(), hit.end(), matched):
                found.append((match.start, hit.end(), text[match.start : match.end]))
    return found


def record_verbs() -> dict[str, tuple[str, ...]]:
    """The verbs that create each record noun ('survey': answer, fill in, …)."""
    return {
        str(k).lower(): tuple(str(v).lower() for v in vs) for k, vs in (_data().get("en_record_verbs") or {}).items()
    }


def _entity_named(lexicon: Lexicon, noun: str) -> str | None:
    for name, entity in lexicon.model.entities.items():
        if noun in {s.lower() for s in [name, entity.label.en, *entity.synonyms]}:
            return name
    return None


def person_words() -> tuple[str, ...]:
    """The person words with no data meaning of their own ('everyone', 'people')."""
    return _words("en_person_words")


def person_entity_nouns() -> tuple[str, ...]:
    """General nouns of persons an entity of the model may be named by ('customers', 'clients', 'users')."""
    return _words("person_entity_nouns")


def person_entity(lexicon: Lexicon) -> tuple[str, str] | None:
    """(entity, its plural English noun) of the model's one entity of persons, or None."""
    nouns = set(person_entity_nouns())
    found = [
        (name, next((s for s in entity.synonyms if s.lower() in nouns and s.endswith("s")), f"{name}s"))
        for name, entity in lexicon.model.entities.items()
        if nouns & {s.lower() for s in [name, entity.label.en, *entity.synonyms]}
    ]
    return found[0] if len(found) == 1 else None


def _is_event_of(match: Match, entity: str, lexicon: Lexicon) -> bool:
    return any(
        e.kind == "dimension"
        and e.target.partition(".")[0] == entity
        and lexicon.model.entities[entity].dimensions[e.target.partition(".")[2]].type == "time"
        for e in match.entries
    )


def person_fixes(text: str, matched: list[Match], lexicon: Lexicon, verbs: list[Fix] | None = None) -> list[Fix]:
    """'how many people signed up' -> 'how many customers signed up': a person word right before (relative
    pronouns, auxiliaries and time adverbs between) a time column of the entity of persons names that entity;
    `verbs`: the everyday verbs read as the model's (a verb read as 'signed up' is such an event too)."""
    persons = person_entity(lexicon)
    if persons is None:
        return []
    entity, noun = persons
    events = [m for m in matched if _is_event_of(m, entity, lexicon)]
    for start, end, read_as in verbs or []:
        if any(_is_event_of(m, entity, lexicon) for m in lexicon.find(read_as)):
            events.append(Match(start, end, text[start:end], ()))
    if not events:
        return []
    person = re.compile(rf"(?<![a-z0-9']){_pattern(_words('en_person_words'))}(?![a-z0-9'])")
    link = re.compile(rf"(?:\s+{_pattern(_words('en_person_link'))})*\s+$")
    found: list[Fix] = []
    for hit in person.finditer(text):
        following = [m for m in events if m.start >= hit.end()]
        if not following:
            continue
        event = min(following, key=lambda m: m.start)
        if link.fullmatch(" " + text[hit.end() : event.start]) and _free(hit.start(), hit.end(), matched):
            found.append((hit.start(), hit.end(), noun))
    return found


def state_verb_fixes(text: str, matched: list[Match]) -> list[Fix]:
    """'sitting open' -> 'open': a verb of remaining right before a value of the model adds nothing."""
    verbs = {form for verb in _words("en_state_verbs") for form in _inflected(verb)}
    found: list[Fix] = []
    for hit in re.finditer(rf"(?<![a-z0-9]){_pattern(verbs)}\s+", text):
        value = next((m for m in matched if m.start == hit.end()), None)
        if value is not None and value.of("value") and _free(hit.start(), hit.end(), matched):
            found.append((hit.start(), value.end, text[value.start : value.end]))
    return found


_HOW_LONG_WAIT = re.compile(
    r"\bhow\s+long\b[^?.!;]*?\b(?P<wait>wait(?:s|ed|ing)?(?:\s+on\s+average)?\s+(?:for|on|until))\s+"
    r"(?:a\s+|an\s+|the\s+|their\s+|our\s+)?(?:first\s+)?(?:reply|replies|response|responses|answer|answers)\b"
)


def wait_fixes(text: str) -> list[Fix]:
    """'how long do customers wait for a reply': 'wait for' adds nothing to 'how long … a reply', which asks the
    duration of the reply (durations.py); 'tickets still waiting for a reply' (a state, no 'how long') is not read."""
    return [
        (hit.start("wait"), hit.end("wait"), " " * (hit.end("wait") - hit.start("wait")))
        for hit in _HOW_LONG_WAIT.finditer(text)
    ]


def event_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """All of the above, the first found winning where two overlap."""
    found: list[Fix] = []
    verbs = verb_fixes(text, matched, lexicon)
    for fixes in (
        record_verb_fixes(text, matched, lexicon),
        person_fixes(text, matched, lexicon, verbs),
        state_verb_fixes(text, matched),
        wait_fixes(text),
        verbs,
    ):
        found += [f for f in fixes if not any(a < f[1] and f[0] < b for a, b, _ in found)]
    return found
