"""A small English morphology over the model's vocabulary: a word the model does not know that is another form
of a word it does know ("spent" of the synonym "spend", "lose" / "losing" of "lost customers", "resolving" of
"time to resolve") is read as the model's own form, and contractions of filler words ("they've") are fillers.

Regular forms (-s/-es/-ies, -ed/-d/-ied, -ing, a doubled final consonant) are derived by rule, irregular verbs
come from assistant/planner/data/inflections.yml. Nothing here names a word of a particular model.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from assistant.planner.lexicon import Lexicon

_VOWELS = frozenset("aeiou")
# Preference among the model's forms when none has the typed word's own inflection: the plain form, then the
# past participle ("lost customers"), then plurals, then -ing.
_RANK = {"base": 0, "ed": 1, "s": 2, "ing": 3}


@cache
def _data() -> dict[str, Any]:
    text = resources.files("assistant.planner").joinpath("data", "inflections.yml").read_text(encoding="utf-8")
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError("assistant/planner/data/inflections.yml must be a mapping")
    return loaded


@cache
def _irregular() -> dict[str, tuple[str, ...]]:
    entries = _data().get("irregular") or {}
    return {str(lemma): tuple(str(f) for f in found) for lemma, found in entries.items()}


@cache
def _irregular_lemmas() -> dict[str, frozenset[str]]:
    """Irregular past forms -> their lemmas ('lost' -> {'lose'})."""
    found: dict[str, set[str]] = {}
    for lemma, pasts in _irregular().items():
        for past in pasts:
            found.setdefault(past, set()).add(lemma)
    return {past: frozenset(lemmas) for past, lemmas in found.items()}


@cache
def contractions() -> dict[str, str]:
    entries = _data().get("contractions") or {}
    return {str(k): str(v) for k, v in entries.items()}


def _doubles(lemma: str) -> bool:
    """Consonant-vowel-consonant at the end ('stop' -> 'stopped'); both spellings are derived, since English
    doubles only under stress ('open' -> 'opened')."""
    return (
        len(lemma) >= 3
        and lemma[-1] not in _VOWELS
        and lemma[-1] not in "wxy"
        and lemma[-2] in _VOWELS
        and lemma[-3] not in _VOWELS
    )


def forms(lemma: str) -> dict[str, str]:
    """Every form of a lemma with its inflection ('base', 's', 'ed', 'ing')."""
    found = {lemma: "base"}
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        found.setdefault(lemma + "es", "s")
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        found.setdefault(lemma[:-1] + "ies", "s")
    else:
        found.setdefault(lemma + "s", "s")
    stems = [lemma]
    if lemma.endswith("e"):
        found.setdefault(lemma + "d", "ed")
        found.setdefault((lemma[:-2] + "y" if lemma.endswith("ie") else lemma[:-1]) + "ing", "ing")
        stems = []
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        found.setdefault(lemma[:-1] + "ied", "ed")
        found.setdefault(lemma + "ing", "ing")
        stems = []
    elif _doubles(lemma):
        stems.append(lemma + lemma[-1])
    for stem in stems:
        found.setdefault(stem + "ed", "ed")
        found.setdefault(stem + "ing", "ing")
    for past in _irregular().get(lemma, ()):
        found[past] = "ed"
    return found


def lemmas(word: str) -> set[str]:
    """The lemmas a word can be a form of (itself included), each checked by deriving its forms back."""
    candidates = {word, *_irregular_lemmas().get(word, ())}
    for suffix, replacements in (
        ("ies", ("y",)),
        ("es", ("",)),
        ("s", ("",)),
        ("ied", ("y",)),
        ("ed", ("", "e")),
        ("d", ("",)),
        ("ying", ("ie",)),
        ("ing", ("", "e")),
    ):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            candidates |= {stem + r for r in replacements}
            if len(stem) >= 2 and stem[-1] == stem[-2] and suffix in ("ed", "ing"):
                candidates.add(stem[:-1])  # 'stopped' -> 'stop'
    return {c for c in candidates if len(c) >= 2 and word in forms(c)}


def inflection(word: str) -> str:
    for lemma in lemmas(word):
        tag = forms(lemma).get(word)
        if tag and tag != "base":
            return tag
    return "base"


@cache
def _index(vocabulary: frozenset[str]) -> dict[str, frozenset[str]]:
    """Every form of every word of the vocabulary -> the vocabulary words it is a form of."""
    found: dict[str, set[str]] = {}
    for known in vocabulary:
        if not known.isalpha():
            continue
        for lemma in lemmas(known):
            for form in forms(lemma):
                found.setdefault(form, set()).add(known)
    return {form: frozenset(known) for form, known in found.items()}


def model_form(word: str, lexicon: Lexicon, fillers: frozenset[str] = frozenset()) -> str | None:
    """The model's own form of a word it does not know ('spent' -> 'spend', 'losing' -> 'lost'), or None. A
    filler word ('thing' is no form of 'the') and a form of another part of speech are never the answer."""
    vocabulary = lexicon.words()
    if word in vocabulary or not word.isalpha() or len(word) < 3:
        return None
    tag = inflection(word)
    known = {
        k
        for k in _index(vocabulary).get(word, ())
        if k != word
        and k not in fillers
        and (tag == "ing" or inflection(k) != "ing")  # 'shipping', 'buying' are nouns of the model, not 'ship'
        and any(len(lemma) >= 3 for lemma in lemmas(k) & lemmas(word))
    }
    if not known:
        return None
    return min(known, key=lambda k: (inflection(k) != tag, _RANK[inflection(k)], len(k), k))


def names_a_concept(word: str, lexicon: Lexicon) -> bool:
    """Whether the word is on its own a phrase of the model naming a metric, segment, value or field (not an
    entity noun): 'losing' -> 'lost' (a status) or 'spending' -> 'spend' (revenue) carry what the question asks,
    while 'rated' -> 'rate' or 'ordering' -> 'order' would only reword grammar the planner reads elsewhere."""
    matches = lexicon.find(word)
    return (
        len(matches) == 1
        and matches[0].text == word
        and not matches[0].of("entity")
        and all(e.kind != "metric" or not e.weak for e in matches[0].entries)
    )


def values_of_named(word: str, lexicon: Lexicon, named: frozenset[str]) -> bool:
    """Whether a word that is (only) a value of the model belongs to a field of an entity the question names;
    True for a word naming a metric or segment, or anything else."""
    matches = lexicon.find(word)
    if len(matches) != 1 or matches[0].text != word:
        return True
    entries = matches[0].entries
    if any(e.kind in ("metric", "segment") for e in entries):
        return True
    values = [e for e in entries if e.kind == "value"]
    return not values or any(e.target.partition(".")[0] in named for e in values)


def expanded_contraction(word: str) -> tuple[str, str] | None:
    """'they've' -> ('they', 'have'); None for a word that is no contraction (n't is a negation cue)."""
    for ending, full in contractions().items():
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)], full
    return None
