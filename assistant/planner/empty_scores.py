"""Scores left empty: 'responses without a recommend score', 'people left the 0-10 would-you-recommend question
blank', '推荐分没填的问卷'. A number field is empty on some rows when the model itself counts or groups only the rows
where it is not (a measure filter or expression `nps_score IS NOT NULL`): such a field, denied or said blank, is the
condition `is_null` (missing_values.py reads it like the date of an event that did not happen). Before, 'without' was
asked back ('blank' meant nothing in the data). A field the model never tests for emptiness ('orders without a
discount', whose discount is 0) is not read this way.
"""

from __future__ import annotations

import re

from semantic_layer import SemanticModel
from semantic_layer.model import Dimension

# 'left the recommend question blank', 'left it empty'
_LEFT_EN = r"(?<![a-z])left\s+(?:\S+\s+){0,4}?['\"‘“]?"  # 'left the 0-10 'would you recommend us' question blank'
_BLANK_EN = r"['\"’”]?(?:\s+(?:question|field|box))?\s+(?:blank|empty|unanswered)(?![a-z])"
# '<field> was blank', '<field> missing'
_IS_BLANK_EN = (
    r"(?:\s+(?:question|field))?\s+(?:(?:is|was|were|are|left)\s+)?(?:blank|empty|missing|unanswered)(?![a-z])"
)
_BLANK_ZH = r"(?:没填|没有填|未填|没打|没有打|空着|为空|是空的|留空|空白)"


def may_be_empty(model: SemanticModel, entity: str, column: str) -> bool:
    """Whether the model tests `column` of `entity` for emptiness in a measure filter or an expression."""
    test = re.compile(rf"(?<![a-z_]){re.escape(column)}\s+is\s+not\s+null", re.IGNORECASE)
    owner = model.entities[entity]
    sources = [m.filter or "" for m in owner.measures.values()]
    sources += [d.expr or "" for d in owner.dimensions.values()]
    return any(test.search(sql) for sql in sources)


def names(dimension: Dimension) -> tuple[list[str], list[str]]:
    """(English, Chinese) names of the field: its labels and synonyms, in lower case."""
    said = [dimension.label.en, dimension.label.zh] if dimension.label else []
    said += dimension.synonyms
    chinese = [n for n in said if re.search(r"[\u4e00-\u9fff]", n)]
    return [n.lower() for n in said if n not in chinese], [n.lower() for n in chinese]


def left_blank(english: str, chinese: str) -> str:
    """A pattern of the field (alternations `english`, `chinese`) said blank: left blank, was empty, 没填."""
    return rf"{_LEFT_EN}(?:{english}){_BLANK_EN}|(?<![a-z])(?:{english}){_IS_BLANK_EN}|(?:{chinese}){_BLANK_ZH}"
