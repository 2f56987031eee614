"""People who work for us: support agents, reps, staff, employees, 坐席, 客服人员, 员工.

A model without a dimension or entity for them holds no row per employee, so a question about them ("which support
agent closes tickets fastest", "客服人员的绩效排名") is outside the data. It is read before any value: a value word
inside the longer noun ('客服' of '客服人员', a churn reason's value word) would otherwise filter an unrelated field and
answer another question with a number. A model that does name them (a phrase of the model covering the whole noun)
keeps its own reading.
"""

from __future__ import annotations

import re

from assistant.planner.reading import Reading

# Nouns for the people of the business (not its customers). A role before the Chinese nouns ('客服', '销售', '工作')
# is part of the noun; '人员' alone ('流失人员') and 'team' ('the support team wants to know') are not staff.
STAFF_NOUN = re.compile(
    r"\b(?:(?:support|service|sales|call\s+cent(?:er|re)|customer\s+service|cs)\s+)?"
    r"(?:agents?|reps?|representatives?|staff(?:ers)?|employees?|salespeople|salesperson|cashiers?|clerks?)\b"
    r"|坐席|客服专员|客服代表|客服小二|(?:客服|销售|工作|服务|售后)人员|员工|职员|店员|导购|业务员|销售员"
)


def staff_named(reading: Reading) -> bool:
    """Whether the question names people who work for us that no phrase of the model covers."""
    for hit in STAFF_NOUN.finditer(reading.masked):
        if not any(m.start <= hit.start() and m.end >= hit.end() for m in reading.matches):
            return True
    return False
