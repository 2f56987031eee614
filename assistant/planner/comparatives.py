"""An event verb ranked by "better / worse" ("which converted better", "does SMS or email convert better",
"哪个渠道转化得更好"): how well a group does an event is the model's rate of that event — the percent ratio metric
whose numerator the verb names (`conversion_rate` over `converted_touches`) — not a count of it nor a breakdown by
the yes/no column. "more / most" stay counts ("which region churned the most" counts customers). Read before
planning as a correction to the rate's name, shown in the assumptions.

The same holds for the other side of a comparison named as "the rest" ("投诉单跟普通工单比", "complaints vs regular
tickets"): the rest word reads as the negated qualifier (`rest_fixes`)."""

from __future__ import annotations

import re

from assistant.planner.lexicon import Lexicon
from assistant.planner.morphology import model_form
from assistant.planner.reading import Reading
from assistant.planner.words import fillers
from semantic_layer.model import RatioMetric

_EN = re.compile(r"\b([a-z]{4,})\s+(?=(?:the\s+)?(?:better|worse|best|worst|more often|less often|most often)\b)")
_ZH = re.compile(r"([\u4e00-\u9fff]{2})(?=[得的]?(?:更好|最好|更差|最差|好一些|差一些|效果更好|效果最好))")


# "how well is each campaign converting", "how well do members convert": how well a group does an event
_HOW_WELL = re.compile(r"\b(how\s+(?:well|effectively))\b((?:\s+[a-z']+){1,6})")
_ZH_HOW = re.compile(r"([\u4e00-\u9fff]{2})([得的]?(?:效果)?)(?=(?:怎么样|如何|好不好|咋样))")


def _how_well(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """'how well is each campaign type converting' -> 'how is each campaign type conversion rate': the verb of a
    rate's numerator within a few words after 'how well' is that rate (the adverb asks for it: read away too);
    '转化效果如何' -> '转化率如何'."""
    fixes: list[tuple[int, int, str]] = []
    for found in _HOW_WELL.finditer(reading.masked):
        for word in re.finditer(r"[a-z]{4,}", found.group(2)):
            inflected = model_form(word.group(), lexicon, fillers("en"))
            if not word.group().endswith(("ing", "ed")) and inflected is None:
                continue  # a verb of the event ('converting', 'convert'), not a noun ('campaign')
            forms = {word.group(), inflected or word.group()}
            rates = {name for form in forms for name in _rates_of(lexicon, form)}
            label = lexicon.model.metrics[rates.pop()].label if len(rates) == 1 else None
            if label is not None and _rate_named_by(label.en, word.group()):
                at = found.start(2) + word.start()
                fixes += [(found.start(1), found.end(1), "how"), (at, at + len(word.group()), label.en.lower())]
                break
    for found in _ZH_HOW.finditer(reading.masked):
        rates = _rates_of(lexicon, found.group(1))
        zh = lexicon.model.metrics[rates.pop()].label.zh if len(rates) == 1 else ""
        if zh.startswith(found.group(1)):  # '转化效果如何' -> '转化率如何' (效果 read away with the verb)
            fixes += [(found.start(1), found.end(), zh)]
    return fixes


def _rate_named_by(label: str, word: str) -> bool:
    """Whether a rate's own name starts with the verb ('conversion rate' of 'converting'): a rate named otherwise
    ('responded within 3 hours') is no answer to how well something is done."""
    words = label.lower().split()
    return "rate" in words and words[0][:4] == word[:4]


def rate_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    fixes: list[tuple[int, int, str]] = _how_well(reading, lexicon)
    for found in [*_EN.finditer(reading.masked), *_ZH.finditer(reading.masked)]:
        if any(a < found.end(1) and found.start(1) < b for a, b, _ in fixes):
            continue
        word = found.group(1)
        english = word.isascii()
        forms = {word, model_form(word, lexicon, fillers("en")) or word} if english else {word}
        rates = {name for form in forms for name in _rates_of(lexicon, form)}
        if len(rates) == 1:
            label = lexicon.model.metrics[rates.pop()].label
            fixes.append((found.start(1), found.end(1), label.en.lower() if english else label.zh))
    return fixes


def _rates_of(lexicon: Lexicon, word: str) -> set[str]:
    """Percent rates whose numerator (or the rate itself) a phrase holding the word names."""
    named = lexicon.part_targets(word)
    return {
        name
        for name, metric in lexicon.model.metrics.items()
        if isinstance(metric, RatioMetric)
        and metric.format == "percent"
        and not metric.hidden
        and (metric.numerator in named or name in named)
    }


# 'the other / regular / 普通 tickets' set against tickets a count metric qualifies: the rest of that entity
_REST_EN = re.compile(r"\b(?:regular|normal|ordinary|other|all other|remaining)(?=\s+$)")
_REST_ZH = re.compile(r"(?:普通|一般|其他|其它|其余|剩下的|别的)(?:的)?$")
# the rest said with a pronoun for the entity named before ('regular ones', 'the normal ones')
_REST_ONES = re.compile(r"(?:the\s+)?(?P<rest>regular|normal|ordinary|other|remaining)(?=\s+ones?\b)")
_CONTRAST = re.compile(r"^\s*单?\s*(?:vs\.?|versus|and|or|against|compared (?:to|with)|跟|和|与|同|比)\s*")


def rest_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """'投诉单跟普通工单比', 'complaints vs regular tickets / ones': the word naming the rest becomes the negated qualifier
    ('非投诉', 'non-complaint'), so the pair is the breakdown by the qualifier's column."""
    text = reading.masked
    fixes: list[tuple[int, int, str]] = []
    for first in reading.matches:
        qualifiers = [e.target for e in first.of("metric") if not e.weak]
        entity = _counted_entity(lexicon, qualifiers[0]) if qualifiers else None
        if entity is None:
            continue
        end = first.end  # 'complaint tickets vs …': the entity's own noun may follow the qualifier
        own = next((m for m in reading.matches if m.start >= end and not text[end : m.start].strip()), None)
        if own is not None and any(e.kind == "entity" and e.target == entity for e in own.entries):
            end = own.end
        between = _CONTRAST.match(text[end:])
        if between is None:
            continue
        ones = _REST_ONES.match(text, end + between.end())  # 'complaint tickets vs regular ones'
        if ones is not None:
            said = first.text.strip()
            fixes.append((ones.start("rest"), ones.end("rest"), f"non-{said.rstrip('s')}"))
            continue
        for noun in reading.matches:
            if noun.start <= end or not any(e.kind == "entity" and e.target == entity for e in noun.entries):
                continue
            gap = text[end + between.end() : noun.start]
            rest = _REST_EN.search(gap) or _REST_ZH.search(gap)
            if rest is not None and re.fullmatch(r"\s*(?:the\s+)?", gap[: rest.start()]):
                a = end + between.end() + rest.start()
                b = end + between.end() + rest.end()
                said = first.text.strip()
                fixes.append((a, b, f"非{said}" if not said.isascii() else f"non-{said.rstrip('s')}"))
            break
    return fixes


def _counted_entity(lexicon: Lexicon, metric: str) -> str | None:
    """The entity a count metric with a condition counts ('complaints' -> ticket), else None."""
    from assistant.planner.rates import counted_rows  # rates imports the planner's reading; lazy

    rows = counted_rows(lexicon.model, metric)
    return rows[0] if rows is not None and rows[2] else None
