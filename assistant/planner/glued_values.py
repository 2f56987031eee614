"""Single-letter values typed together as one word: 'ABCD各等级客户', 'tier AB customers', 'BC类客户'. When a field's
values are letters (the customer tier A–D), people list several of them without separators; the word is the list of
those values, each written as the model's phrase of it ('tier A') with a separator between them, so that the
values and their field are read as usual.

Only a leftover word whose letters are all different and are each a value of one and the same field, said right
beside a word of that field ('tier', '等级') or a Chinese class word ('类', '级'), is read so: 'ad' or 'bad' alone stay
words nothing explains."""

from __future__ import annotations

import re

from assistant.planner.lexicon import normalize
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel

_CLASS_WORDS = ("类", "级")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NEAR = 2  # characters between the letters and the field's word: a space, '各'


def glued_values(reading: Reading, start: int, end: int, model: SemanticModel) -> str | None:
    """The letters at `start`:`end` separated by commas when they are values of one field named beside them; None
    otherwise."""
    letters = reading.masked[start:end]
    if not (2 <= len(letters) <= 8 and letters.isascii() and letters.isalpha() and len(set(letters)) == len(letters)):
        return None
    fields = {
        f"{name}.{column}": dim
        for name, entity in model.entities.items()
        for column, dim in entity.dimensions.items()
        if dim.type == "categorical" and set(letters) <= {normalize(str(v)) for v in dim.sample_values}
    }
    if len(fields) != 1:
        return None
    ((field, dim),) = fields.items()
    named = reading.masked[end : end + 1] in _CLASS_WORDS or any(
        (0 <= m.start - end <= _NEAR or 0 <= start - m.end <= _NEAR)
        and any(e.target == field for e in m.of("dimension"))
        for m in reading.matches
    )
    if not named:
        return None
    # each value by the model's first longer phrase of it ('tier A'): a letter alone is too short to be read
    values = {normalize(str(v)): [*dim.value_synonyms.get(v, []), str(v)][0] for v in dim.sample_values}
    separator = "、" if _CJK.search(reading.masked[max(0, start - 1) : end + 1]) else ", "
    return separator.join(values[letter] for letter in letters)
