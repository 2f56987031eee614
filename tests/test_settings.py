"""Every setting is declared once with help text, and documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import UserInputError
from assistant.settings import Settings, load_settings

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("name", list(Settings.model_fields))
def test_setting_has_help_and_is_documented(name: str) -> None:
    field = Settings.model_fields[name]
    assert field.description, f"setting {name} has no help text"
    env = f"CHATBI_{name.upper()}"
    assert f"`{env}`" in README.read_text(encoding="utf-8"), f"{env} is not documented in the README"


def test_environment_overrides_defaults_and_flags_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATBI_ROW_CAP", "10")
    monkeypatch.setenv("CHATBI_THREADS", "1")
    settings = load_settings(row_cap=20)
    assert settings.row_cap == 20 and settings.threads == 1


def test_bad_setting_is_one_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHATBI_QUERY_TIMEOUT_S", "soon")
    with pytest.raises(UserInputError, match="Invalid setting query_timeout_s"):
        load_settings()
