"""One error tree for the semantic layer: every user-facing problem derives from SemanticLayerError."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


class SemanticLayerError(Exception):
    """Root of every error raised by the semantic layer."""


@dataclass(frozen=True)
class ModelIssue:
    """One problem found in a semantic model file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ModelValidationError(SemanticLayerError):
    """The model file is invalid; `issues` lists every problem found, not just the first."""

    def __init__(self, issues: list[ModelIssue]) -> None:
        self.issues = issues
        noun = "problem" if len(issues) == 1 else "problems"
        super().__init__(f"{len(issues)} {noun} in the semantic model:\n" + "\n".join(map(str, issues)))


class QueryError(SemanticLayerError):
    """A semantic query names something the model lacks or combines things that cannot be combined."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


class TimeExpressionError(SemanticLayerError):
    """A time phrase or date could not be understood."""


def did_you_mean(name: str, choices: Iterable[str], n: int = 3) -> str:
    """Return ' Did you mean: a, b?' for the closest valid names, or '' when nothing is close."""
    pool = sorted(set(choices))
    close = difflib.get_close_matches(name, pool, n=n, cutoff=0.5)
    if not close:
        # Also match on the part after the entity prefix ("region" -> "customer.region").
        close = [c for c in pool if c.split(".")[-1] == name.split(".")[-1]][:n]
    return f" Did you mean: {', '.join(close)}?" if close else ""
