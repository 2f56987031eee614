"""Prompts are files under `prompts/` with declared variables, rendered strictly (DESIGN.md §2, STYLE habit 7).

A prompt file starts with one header line declaring its variables, then the text with `{{name}}` slots:

    <!-- variables: as_of, catalog, question -->
    Today is {{as_of}}. ...

Loading fails when a slot is not declared or a declared variable has no slot; rendering fails on a missing or
an undeclared variable. Values are inserted in one pass, so text inside a value (a complaint saying
"{{question}}") is never expanded. The files live in `prompts/` at the repository root, found relative to
this package: a source checkout and an editable install (`make install`) use them in place. A wheel would
install them as data files under `<prefix>/share/chatbi/prompts/`, the second place looked at.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.errors import ChatBIError

_CANDIDATES = (Path(__file__).resolve().parent.parent / "prompts", Path(sys.prefix) / "share" / "chatbi" / "prompts")
PROMPTS_DIR = next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])
_HEADER = re.compile(r"<!--\s*variables:\s*(?P<names>[a-z0-9_,\s]*?)\s*-->\n")
_SLOT = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


class PromptError(ChatBIError):
    """A prompt file is missing or malformed, or was rendered with the wrong variables (a bug, not user input)."""


@dataclass(frozen=True)
class Prompt:
    name: str
    variables: frozenset[str]
    text: str

    def render(self, **values: str) -> str:
        missing = sorted(self.variables - values.keys())
        extra = sorted(values.keys() - self.variables)
        if missing or extra:
            problems = [
                f"missing {', '.join(missing)}" if missing else "",
                f"undeclared {', '.join(extra)}" if extra else "",
            ]
            raise PromptError(f"prompt '{self.name}': {'; '.join(p for p in problems if p)}")
        for key, value in values.items():
            if not isinstance(value, str):
                raise PromptError(f"prompt '{self.name}': variable {key} must be text, got {type(value).__name__}")
        return _SLOT.sub(lambda match: values[match.group(1)], self.text)


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> Prompt:
    """The prompt `<directory>/<name>.md`, checked: every slot declared, every declared variable used."""
    path = directory / f"{name}.md"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"cannot read prompt {path}: {exc.strerror or exc}") from None
    header = _HEADER.match(source)
    if header is None:
        raise PromptError(f"{path}: the first line must be '<!-- variables: name, ... -->'")
    declared = frozenset(n.strip() for n in header["names"].split(",") if n.strip())
    text = source[header.end() :]
    used = frozenset(_SLOT.findall(text))
    if used != declared:
        undeclared, unused = sorted(used - declared), sorted(declared - used)
        raise PromptError(
            f"{path}: slots not declared: {undeclared or 'none'}; declared but unused: {unused or 'none'}"
        )
    return Prompt(name=name, variables=declared, text=text)


def render(name: str, **values: str) -> str:
    """Load (once) and render a prompt; see `Prompt.render`."""
    return load_prompt(name).render(**values)
