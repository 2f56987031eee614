"""The words of layout and scope that users of other BI tools write around a request (role `filler`, DESIGN.md
§10). Each says how the answer is laid out or that nothing is restricted, never what is measured; read word by word
they were unknown and the question was asked back:

- **Layout verbs before a breakdown**: "slice revenue by category", "pivot orders by status", "cut complaints by
  channel", "bucket churners by reason" — the breakdown is told by 'by' (or per / into / across) after them.
- **A line, row or column per group**: "one line per month", "one row per quarter", "a column for each channel",
  "每个月一行" — the same breakdown or grain as 'per month'; only the unit of layout is set aside.
- **A field called by its kind of column**: "split by the app-bound flag", "by the tier column", "按会员字段" — the
  field named right before the noun.
- **'single' / 'individual' after a superlative or a top N**: "the 10 biggest single orders" — each row on its own,
  as every list of records is ("customers with a single order", a count of one, stays a content word).
- **'calendar' before a period**: "calendar 2025", "calendar year 2024" — every year of DESIGN §7 is a calendar year.
- **'inclusive' after a period**: "since 2026-10-15 (inclusive)", "through today, inclusive" — DESIGN §7 dates
  are inclusive already.
- **A field left open by a generic noun**: "all tickets regardless of type", "whatever the kind" — no condition (a
  named field, "regardless of tier", is read by non_conditions.py)."""

from __future__ import annotations

import re

from assistant.planner import cues
from assistant.planner.discourse import Excused
from assistant.planner.reading import Reading

_LAYOUT_VERB = re.compile(
    r"(?<![a-z])(?P<verb>slic(?:e|es|ed|ing)|pivot(?:s|ed|ing)?|cut(?:s|ting)?|bucket(?:s|ed|ing)?|"
    r"segment(?:s|ed|ing)?|tabulat(?:e|es|ed|ing)|chart(?:s|ed|ing)?|plot(?:s|ted|ting)?|graph(?:s|ed|ing)?)(?![a-z])"
    r"(?=[^.;?!]{0,80}?(?<![a-z])(?:by|per|into|across)(?![a-z]))"
)
_ROW_UNIT = re.compile(
    r"(?<![a-z])(?P<unit>(?:(?:one|a|1|single|separate)\s+)?(?:lines?|rows?|columns?|bars?|series|points?|entries))"
    r"\s+(?=(?:per|for\s+each|for\s+every|each|by)\s)"
    r"|(?<=[天日周月度年道区类级户])\s*(?P<unit_zh>一(?:行|列|条线|条|个点|根柱子?))"
)
_FIELD_NOUN = re.compile(
    r"^\s*(?P<noun>flag|indicator|field|column|attribute|dimension|字段|标记|标志|维度|属性)(?![a-z])"
)
_SINGLE = re.compile(
    r"(?<![a-z])(?:biggest|largest|highest|smallest|lowest|top\s+\d+|\d+)(?:\s+[a-z]+)?\s+(?P<word>single|individual)"
    r"(?=\s+[a-z])"
)
_CALENDAR = re.compile(r"(?<![a-z])(?P<word>(?:full\s+)?calendar(?:\s+year)?)\s+$")
_INCLUSIVE = re.compile(
    r"^\s*[(（,，]?\s*(?P<word>(?:both\s+ends\s+)?inclusive(?:ly)?|含当天|含首尾|包含当天)\s*[)）]?"
)
_GENERIC_OPEN = re.compile(
    r"(?<![a-z])(?:regardless\s+of|irrespective\s+of|no\s+matter|whatever)(?:\s+(?:the|their|its|what|which))?\s+"
    r"(?:type|types|kind|kinds|sort|sorts)(?![a-z])"
)


def excused(reading: Reading) -> list[Excused]:
    """Stretches of `reading.masked` that lay the answer out or leave its scope open."""
    text = reading.masked
    found = [
        Excused(m.start("verb"), m.end("verb"), "layout")
        for m in _LAYOUT_VERB.finditer(text)
        if not _inside_match(reading, m.start("verb"))
    ]
    for unit in _ROW_UNIT.finditer(text):
        group = "unit" if unit.group("unit") else "unit_zh"
        found.append(Excused(unit.start(group), unit.end(group), "layout"))
    for match in reading.matches:
        noun = _FIELD_NOUN.match(text[match.end :])
        if match.of("dimension") and noun is not None:
            found.append(Excused(match.end + noun.start("noun"), match.end + noun.end("noun"), "layout"))
    found += [Excused(m.start("word"), m.end("word"), "layout") for m in _SINGLE.finditer(text)]
    for period in reading.times:
        calendar = _CALENDAR.search(text[: period.span[0]])
        if calendar is not None:
            found.append(Excused(calendar.start("word"), calendar.end("word"), "scope"))
        inclusive = _INCLUSIVE.match(text[period.span[1] :])
        if inclusive is not None:
            start = period.span[1] + inclusive.start("word")
            found.append(Excused(start, period.span[1] + inclusive.end("word"), "scope"))
    return [*found, *(Excused(m.start(), m.end(), "scope") for m in _GENERIC_OPEN.finditer(text))]


def _inside_match(reading: Reading, start: int) -> bool:
    """The verb is a word of a phrase of the model ('segment tier'), not a layout verb."""
    return any(m.start <= start < m.end for m in reading.matches) or bool(cues.CROSS.match(reading.masked, start))
