"""Record ids read by their form: 'C0016074 这个客户最近的5笔订单', 'C0013188 还有哪些工单没处理完', 'orders of c0000123'.

An id right after an entity noun ('customer C0000123', '客户C0001234') names that entity's row (`reading._record_ids`).
An id said alone, before its noun or next to Chinese text names the entity whose primary key has that form in the
model: the same letters and as many digits as the key's sample value ('C0000001'). Before, such an id was an unknown
word ('c0016074'): the question was asked back although the id says whose it is.

The id is written as the key's values are (the sample's letter case): the question is read in lower case, and a
typed 'c0013188' must still find 'C0013188'.
"""

from __future__ import annotations

import re

from semantic_layer import SemanticModel

_FORM = re.compile(r"([A-Za-z]+)(\d+)")


def entity_of_id(model: SemanticModel, token: str) -> str | None:
    """The one entity whose primary key's sample values have the form of `token`, else None."""
    found = {name for name, sample in _key_samples(model) if _same_form(sample, token)}
    return found.pop() if len(found) == 1 else None


def as_stored(model: SemanticModel, entity: str, token: str) -> str:
    """`token` with its letters in the case of the entity's key values ('c0013188' -> 'C0013188')."""
    sample = next((s for name, s in _key_samples(model) if name == entity and _same_form(s, token)), None)
    if sample is None:
        return token
    letters = _FORM.fullmatch(sample)
    assert letters is not None  # _same_form matched it
    prefix = letters.group(1)
    said = token[: len(prefix)]
    return (said.upper() if prefix.isupper() else said.lower() if prefix.islower() else said) + token[len(prefix) :]


def _key_samples(model: SemanticModel) -> list[tuple[str, str]]:
    found = []
    for name, entity in model.entities.items():
        key = entity.dimensions.get(entity.primary_key)
        found += [(name, str(v)) for v in (key.sample_values if key is not None else [])]
    return found


def _same_form(sample: str, token: str) -> bool:
    said, stored = _FORM.fullmatch(token), _FORM.fullmatch(sample)
    if said is None or stored is None:
        return False
    return said.group(1).lower() == stored.group(1).lower() and len(said.group(2)) == len(stored.group(2))
