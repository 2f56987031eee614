"""The frame users put around a clear request (role `filler`, DESIGN.md §10): who they are, who asks or passed the
question on and why, what the figure is for and by when, how to lay it out, hedges, and the currency they expect.
Read as words of the question, each word of the frame was asked back ('boss', 'deck', 'eod', '老板刚', 'yuan') or,
worse, became a condition ("客服那边想知道" filtered the churn reason 'service'; "from the ops weekly email" refused
the question as personal data). The words are general business English and Chinese (data/framing.yml); the rules
are the grammar of a frame, one module per part:

- `requesters`: who the user is, who asks, who wants the figure and why;
- `people`: a person named by a role ("the store managers", "客服总监") and the clause the person opens or closes;
- `occasions`: what the figure is for (occasions, deliverables), deadlines and promises, layouts;
- `asides`: hedges, the model's own currency, "back" before a period, partitives;
- `meta_talk`: the asker's talk about their own words, themselves, their stance and their guesses;
- `context_clauses`: any other statement next to the request that asks and restricts nothing (read by its grammar,
  so that frames no list holds are read too).

Each stretch is excused only when another part of the message names something of the model or a period."""

from __future__ import annotations

from assistant.planner.discourse import Excused
from assistant.planner.framing import asides, context_clauses, meta_talk, occasions, people, requesters
from assistant.planner.framing.vocabulary import named_elsewhere
from assistant.planner.reading import Reading
from semantic_layer import SemanticModel


def excused(model: SemanticModel, reading: Reading) -> list[Excused]:
    """Stretches of `reading.text` that frame the request, when another part of the message names the data. A
    clause read as who asks or why wins over an occasion or a party read inside it."""
    framed = [
        *requesters.frames(model, reading),
        *people.frames(reading),
        *people.openings(reading),
        *asides.excused(model, reading),
        *meta_talk.excused(reading),
    ]
    framed = [item for item in framed if named_elsewhere(reading, item)]
    around = [*occasions.excused(reading), *requesters.wanting(reading)]
    framed += [
        item
        for item in around
        if named_elsewhere(reading, item) and not any(item.start < f.end and f.start < item.end for f in framed)
    ]
    # the frames no rule above reads; a whole clause wins over a part of it another rule read ('my boss wants')
    clauses = context_clauses.excused(model, reading)
    kept = [f for f in framed if not any(c.start <= f.start and f.end <= c.end for c in clauses)]
    return kept + [c for c in clauses if not any(c.start < f.end and f.start < c.end for f in kept)]
