"""Who did it: "orders placed by members", "complaints filed by customers from Beijing", "surveys submitted by churned
customers". After a verb in the passive, "by" names the agent of the event — the population the records come from —
not a breakdown: "the 5 latest complaints filed by customers" lists five complaints, it does not count complaints
per customer. "by" is read as "from" ("complaints filed from customers from Beijing"), which the planner
already reads as the records' population, and shown as a correction.

Only a person of the model (the entity of persons, or a segment of it) can be an agent; a verb that arranges an
answer ("sorted by", "broken down by", "grouped by") is no event, and "by region" after any verb stays a breakdown.
"""

from __future__ import annotations

import re

from assistant.planner.event_words import person_entity
from assistant.planner.lexicon import Lexicon, Match

Fix = tuple[int, int, str]

# a past participle right before 'by' (regular '-ed'/'-en' forms and the common irregular ones)
_PASSIVE_BY = re.compile(
    r"\b(?P<verb>[a-z]+(?:ed|en)|made|sent|paid|bought|left|done|put|run|got|brought|told|said|won|lost|held)"
    r"\s+(?P<by>by)\s+(?:the\s+|our\s+|their\s+)?"
)
# verbs that arrange or measure an answer rather than happen in the data
_ARRANGING = re.compile(
    r"^(?:broken|grouped|split|sorted|ranked|ordered|segmented|bucketed|categori[sz]ed|classified|organi[sz]ed|"
    r"aggregated|summari[sz]ed|filtered|counted|measured|compared|divided|listed|shown|cut|sliced|totall?ed|"
    r"tallied|displayed|presented|arranged|clustered|indexed|partitioned|keyed|plotted|charted|tabulated|followed|"
    r"weighted|normali[sz]ed|averaged|driven|caused|explained|affected|impacted|influenced|given|seen|taken)$"
)


def agent_fixes(text: str, matched: list[Match], lexicon: Lexicon) -> list[Fix]:
    """(start, end, 'from') over '<participle> by' when the words after 'by' name the model's persons (their entity
    noun or one of their segments) and no phrase of the model covers the verb."""
    people = person_entity(lexicon)
    if people is None:
        return []
    entity = people[0]
    found: list[Fix] = []
    for hit in _PASSIVE_BY.finditer(text):
        if _ARRANGING.match(hit.group("verb")) or _covered(hit.start(), hit.end(), matched, lexicon):
            continue
        agent = next((m for m in matched if m.start == hit.end()), None)
        if agent is not None and _names_persons(agent, entity, lexicon):
            # only 'by' is rewritten: a time phrase between the verb and 'by' ('filed in the last 3 months by') stays
            found.append((hit.start("by"), hit.end(), "from "))
    return found


def _covered(start: int, end: int, matched: list[Match], lexicon: Lexicon) -> bool:
    """Whether a phrase of the model covers the verb, other than the verb of an event ('raised' of a ticket's
    creation time), which names when the record was made, not what is asked."""
    return any(m.start < end and start < m.end and not _event_verb(m, lexicon) for m in matched)


def _event_verb(match: Match, lexicon: Lexicon) -> bool:
    """A verb naming a record's date ('raised', 'opened': a ticket's creation time), maybe also a yes/no flag of
    another entity ('opened' of a message) — a verb of an event either way, never what is asked."""
    types = [lexicon.model.dimension(e.target)[1].type if e.kind == "dimension" else None for e in match.entries]
    return "time" in types and set(types) <= {"time", "boolean"}


def _names_persons(match: Match, entity: str, lexicon: Lexicon) -> bool:
    """Whether a phrase names the persons: their entity noun or a segment of them ('members', 'churned customers')."""
    if any(e.kind == "entity" and e.target == entity for e in match.entries):
        return True
    return any(e.kind == "segment" and lexicon.model.segments[e.target].entity == entity for e in match.entries)
