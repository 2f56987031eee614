"""Every setting in one declared object: default, help text and environment variable (CHATBI_*)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import UserInputError
from semantic_layer import DEMO_MODEL_PATH


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "chatbi"


class Settings(BaseSettings):
    """Defaults, overridden by CHATBI_* environment variables, overridden by command-line flags."""

    model_config = SettingsConfigDict(env_prefix="CHATBI_", extra="ignore", frozen=True)

    warehouse: Path | None = Field(
        None, description="DuckDB warehouse file; unset means the demo warehouse (built on first use)."
    )
    demo_warehouse: Path = Field(
        default_factory=lambda: _data_home() / "demo.duckdb",
        description="Where the demo warehouse is built and looked for.",
    )
    semantic_model: Path = Field(DEMO_MODEL_PATH, description="Semantic model YAML file.")
    as_of: date | None = Field(
        None, description="The date questions are answered as of; unset means the warehouse's as_of, else today."
    )
    row_cap: int = Field(5000, ge=1, le=1_000_000, description="Most rows a query returns; more sets truncated=true.")
    max_texts: int = Field(
        200_000,
        ge=1,
        le=5_000_000,
        description="Most texts a theme question analyses; more are cut and the answer says so.",
    )
    query_timeout_s: float = Field(10.0, gt=0, le=600, description="Queries running longer are interrupted.")
    memory_limit: str = Field("2GB", description="DuckDB memory limit per warehouse connection.")
    threads: int = Field(2, ge=1, le=64, description="DuckDB worker threads.")
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are refused with a clear message.")
    audit_log: Path = Field(
        default_factory=lambda: _data_home() / "audit.jsonl",
        description="One JSON line per request (user, question, plan, SQL, guard verdict, timings, errors).",
    )
    user: str = Field(
        default_factory=lambda: os.environ.get("USER", "local"), description="User name recorded in the audit log."
    )

    @property
    def warehouse_path(self) -> Path:
        return self.warehouse or self.demo_warehouse

    @property
    def uses_demo_warehouse(self) -> bool:
        return self.warehouse is None


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment with command-line overrides (None means 'not given')."""
    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "settings"
        raise UserInputError(f"Invalid setting {where}: {first['msg']}") from None
