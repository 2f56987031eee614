"""A Chinese verb-object phrase of the model said with an aspect particle after its verb: '绑定了APP' / '绑过APP' for
the model's '绑定APP' / '绑APP'. Chinese puts 了 (done) and 过 (ever) between a verb and its
object, so a model that lists '绑定APP' cannot list every aspect of it; the particle adds no condition ('has bound the
app' and 'bound the app' select the same customers), so the phrase is read as the model spells it with the particle
after it ('绑过APP' -> '绑APP过', as '退过货' -> '退货过'; the aspect still marks a verb), shown as a correction. A
phrase that is only an entity noun ('下单') is not split: what such a verb dates is not read here. Only a verb of one or two characters that begins a phrase of the model is split, and only where no phrase
of the model already holds the particle ('绑了APP' is itself a synonym)."""

from __future__ import annotations

import weakref

from assistant.planner.lexicon import Lexicon, normalize
from assistant.planner.reading import Reading

_PARTICLES = "了过"


def _cjk(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


def aspect_fixes(reading: Reading, lexicon: Lexicon) -> list[tuple[int, int, str]]:
    """(start, end, phrase of the model + particle) for each verb + particle + object that is a phrase of the model
    without the particle."""
    text = reading.masked
    if not any(char in _PARTICLES for char in text):
        return []
    phrases = _split_phrases(lexicon)
    found: list[tuple[int, int, str]] = []
    for at, char in enumerate(text):
        if char not in _PARTICLES:
            continue
        best: tuple[int, int, str] | None = None
        for phrase in phrases:
            for verb in (1, 2):
                head, tail = phrase[:verb], phrase[verb:]
                if not tail or not _cjk(head) or tail[0] in _PARTICLES or text[at - verb : at] != head:
                    continue
                if text[at + 1 : at + 1 + len(tail)] != tail:
                    continue
                start, end = at - verb, at + 1 + len(tail)
                if best is None or end - start > best[1] - best[0]:
                    best = (start, end, phrase + char)  # the aspect kept after the phrase: '下单过', '绑定app了'
        if best is not None and not _already_said(reading, best[0], best[1]):
            found.append(best)
    return found


_SPLIT: weakref.WeakKeyDictionary[Lexicon, frozenset[str]] = weakref.WeakKeyDictionary()


def _split_phrases(lexicon: Lexicon) -> frozenset[str]:
    """The Chinese phrases of the model a particle may split, found once per lexicon (~30 ms each time)."""
    phrases = _SPLIT.get(lexicon)
    if phrases is None:
        phrases = _SPLIT[lexicon] = frozenset(
            normalize(p) for p in lexicon.phrases() if not p.isascii() and len(p) >= 2 and _names_more(lexicon, p)
        )
    return phrases


def _names_more(lexicon: Lexicon, phrase: str) -> bool:
    """A phrase that names an entity ('下单' of orders) is left as said: read as a verb of that entity's rows it
    would date nothing ('上个月有多少客户下了单' is dated by the orders, which the noun alone does not say)."""
    said = normalize(phrase)
    return any(
        (m.start, m.end) == (0, len(said)) and not any(e.kind == "entity" for e in m.entries)
        for m in lexicon.find(said)
    )


def _already_said(reading: Reading, start: int, end: int) -> bool:
    """A phrase of the model that covers the stretch with its particle ('绑了APP') needs no fix."""
    return any(m.start <= start and end <= m.end for m in reading.matches)
