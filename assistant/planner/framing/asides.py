"""Words of stance and of the answer's unit around a request:

- **Hedges**: "actually", "obviously", "if possible": stance, no data; "back" before a period ("back in 2025").
- **Partitives**: "each of my cities" is "each city": whose cities is the scope said elsewhere ("I manage the South
  region"), or no condition at all.
- **Currency**: the model's own currency named ("in yuan", "人民币") restricts nothing; another one is not excused,
  nor one after a number ("over 8,000 RMB": the unit of a threshold)."""

from __future__ import annotations

import re
from functools import cache

from assistant.planner.discourse import Excused
from assistant.planner.framing.vocabulary import alternatives, data, names_data
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Hedges, the model's own currency, 'back' before a period and partitives in `reading.text`."""
    return [*_hedges(reading), *_currencies(model, reading), *_looking_back(reading), *_partitives(reading)]


@cache
def _hedge() -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){alternatives('en_hedges')}(?![a-z])")


def _hedges(reading: Reading) -> list[Excused]:
    return [
        Excused(*hit.span(), "aside")
        for hit in _hedge().finditer(reading.masked)
        if not names_data(reading, *hit.span())
    ]


@cache
def _currency(code: str) -> re.Pattern[str] | None:
    names = sorted({str(n).lower() for n in (data().get("currencies") or {}).get(code) or ()}, key=len, reverse=True)
    if not names:
        return None
    ascii_names = "|".join(re.escape(n) for n in names if n.isascii())
    other = "|".join(re.escape(n) for n in names if not n.isascii())
    return re.compile(
        rf"(?:\b(?:in|as|using)\s+)?(?<![a-z])(?:{ascii_names})(?![a-z])"
        rf"|(?:以|按|用)?(?:{other})(?:计价|计算|计|为单位)?(?=$|[，。？！,.?!）)\s])"
    )


# 'over 8,000 RMB': the currency is the unit of a number, read with the number's threshold
_AMOUNT = re.compile(r"[0-9kK万千百亿]\s*$")


def _currencies(model: SemanticModel, reading: Reading) -> list[Excused]:
    pattern = _currency(model.locale.currency)
    if pattern is None:
        return []
    return [
        Excused(*hit.span(), "aside")
        for hit in pattern.finditer(reading.masked)
        if hit.group().strip()
        and not names_data(reading, *hit.span())
        and not _AMOUNT.search(reading.masked[: hit.start()])
    ]


# 'back in 2025', 'way back in March': the period is told by the time phrase after the preposition
_BACK = re.compile(r"(?<![a-z])(?:way\s+)?back\s+(?P<prep>(?:in|during|around|at|over|from)\s+)")
# 'sent back in September' is a return: 'back' as the particle of a verb is no look back
_PARTICLE_OF = re.compile(r"(?:send|sent|came|come|gave|give|took|take|went|paid|bring|brought|get|got|shipped)\s+$")
# 'each of my cities', 'every one of our regions': the partitive says nothing the noun after it does not
_PARTITIVE = re.compile(r"(?<![a-z])(?:each|every\s+one)\s+(?P<of>of\s+(?:the|our|my|your|their|these|those)\s+)")


def _looking_back(reading: Reading) -> list[Excused]:
    starts = {t.span[0] for t in reading.times}
    return [
        Excused(hit.start(), hit.start("prep"), "aside")
        for hit in _BACK.finditer(reading.text)
        if starts & {hit.start("prep"), hit.end("prep")} and not _PARTICLE_OF.search(reading.text[: hit.start()])
    ]


def _partitives(reading: Reading) -> list[Excused]:
    """'each of my cities' is 'each city' when a field of the model follows the partitive."""
    found: list[Excused] = []
    for hit in _PARTITIVE.finditer(reading.masked):
        following = next((m for m in reading.matches if m.start == hit.end()), None)
        if following is not None and following.of("dimension"):
            found.append(Excused(*hit.span("of"), "aside"))
    return found
