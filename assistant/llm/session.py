"""One question's use of the LLM: a deadline over all its calls, bounded retries with backoff, usage per call.

The transport (`Backend`) lives in `assistant.llm.adapter`, the only module importing langchain/openai; this
module holds the policy, so it is testable without either. A failure that says the endpoint is unusable
(down, slow, rate-limited, misconfigured) is remembered: later calls of the same question fail at once
instead of spending the deadline again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from assistant.errors import ChatBIError

if TYPE_CHECKING:
    from assistant.settings import Settings

FailureKind = Literal[
    "timeout",
    "connection",
    "rate_limit",
    "server",
    "auth",
    "bad_request",
    "bad_response",
    "deadline",
    "config",
    "unusable",
]
RETRYABLE: frozenset[str] = frozenset({"timeout", "connection", "rate_limit", "server"})
BACKOFF_BASE_S = 0.5  # first retry after 0.5 s, then 1 s, 2 s...
MIN_ATTEMPT_S = 0.5  # an attempt with less time left than this is not started


@dataclass(frozen=True)
class Message:
    """One chat message, independent of any LLM library."""

    role: Literal["system", "user", "assistant"]
    content: str


@dataclass(frozen=True)
class Completion:
    """A reply: its text, the structured object when one was asked for, and token counts."""

    text: str
    data: dict[str, Any] | None = None
    parse_error: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class BackendError(Exception):
    """A transport-level failure of one attempt, classified so the session knows whether to retry."""

    def __init__(self, kind: FailureKind, detail: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:  # fmt: skip
        self.kind, self.detail, self.status, self.retry_after = kind, detail, status, retry_after
        super().__init__(f"{kind}: {detail}")


class Backend(Protocol):
    model: str

    def complete(
        self, messages: Sequence[Message], *, schema: dict[str, Any] | None, timeout_s: float
    ) -> Completion: ...


class LLMFailure(ChatBIError):
    """The LLM could not give a usable reply in time; `kind` and `seconds` feed the user-visible notice."""

    def __init__(self, kind: FailureKind, detail: str, *, seconds: float | None = None,
                 status: int | None = None) -> None:  # fmt: skip
        self.kind, self.detail, self.seconds, self.status = kind, detail, seconds, status
        super().__init__(f"LLM {kind}: {detail}")


@dataclass
class LLMCall:
    """Usage of one logical call (all its attempts): what it was for, tokens, latency, the error if any."""

    purpose: str
    model: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float = 0.0
    attempts: int = 0
    error: str | None = None

    def record(self) -> dict[str, Any]:
        return {
            "purpose": self.purpose, "model": self.model, "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens, "latency_ms": self.latency_ms,
            "attempts": self.attempts, "error": self.error,
        }  # fmt: skip


@dataclass
class LLMSession:
    """The LLM budget of one question. Not shared between questions; not thread-safe."""

    backend: Backend | None
    model: str
    timeout_s: float
    max_retries: int
    deadline_s: float
    prompt_mode: str = "full"  # "compact" for small local models (settings.llm_prompt_mode)
    failure: LLMFailure | None = None  # set once the endpoint proved unusable; later calls fail at once
    calls: list[LLMCall] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # fallbacks taken, for the audit record
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _started: float | None = field(default=None, repr=False)  # the budget starts with the first call

    @property
    def planner_name(self) -> str:
        return f"llm:{self.model}"

    def remaining(self) -> float:
        if self._started is None:
            return self.deadline_s
        return self.deadline_s - (self.clock() - self._started)

    def audit(self) -> dict[str, Any]:
        """What the audit record keeps: the model, every call's usage and error, and the fallbacks taken."""
        return {"model": self.model, "calls": [call.record() for call in self.calls], "notes": list(self.notes)}

    def complete(
        self, purpose: str, messages: Sequence[Message], *, schema: dict[str, Any] | None = None
    ) -> Completion:
        """One logical call with retries; raises LLMFailure when no usable reply came within the deadline."""
        if self.failure is not None:
            raise self.failure
        call = LLMCall(purpose=purpose, model=self.model)
        self.calls.append(call)
        started = self.clock()
        if self._started is None:
            self._started = started
        try:
            completion = self._attempts(call, messages, schema)
        except LLMFailure as failure:
            call.error = f"{failure.kind}: {failure.detail}"
            self.failure = failure
            raise
        finally:
            call.latency_ms = round((self.clock() - started) * 1000, 3)
        call.prompt_tokens, call.completion_tokens = completion.prompt_tokens, completion.completion_tokens
        return completion

    def _attempts(self, call: LLMCall, messages: Sequence[Message], schema: dict[str, Any] | None) -> Completion:
        if self.backend is None:
            raise LLMFailure("config", "no LLM endpoint is configured")
        while True:
            timeout = min(self.timeout_s, self.remaining())
            if timeout < MIN_ATTEMPT_S:
                raise LLMFailure("deadline", f"the {self.deadline_s:g} s budget was used up", seconds=self.deadline_s)
            call.attempts += 1
            try:
                return self.backend.complete(messages, schema=schema, timeout_s=timeout)
            except BackendError as error:
                seconds = timeout if error.kind == "timeout" else None
                failure = LLMFailure(error.kind, error.detail, seconds=seconds, status=error.status)
                if error.kind not in RETRYABLE or call.attempts > self.max_retries:
                    raise failure from None
                wait = error.retry_after if error.retry_after is not None else BACKOFF_BASE_S * 2 ** (call.attempts - 1)
                if wait + MIN_ATTEMPT_S > self.remaining():
                    raise failure from None  # waiting would cross the deadline: give up now, not later
                self.sleep(wait)


def open_session(settings: Settings) -> LLMSession:
    """The LLM budget for one question, over the endpoint the settings name (built once per process)."""
    session = LLMSession(backend=None, model=settings.llm_model, timeout_s=settings.llm_timeout_s,
                         max_retries=settings.llm_max_retries, deadline_s=settings.llm_deadline_s,
                         prompt_mode=settings.llm_prompt_mode)  # fmt: skip
    if settings.openai_api_key is None and not settings.openai_base_url:
        session.failure = LLMFailure("config", "no API key is set (OPENAI_API_KEY) and no OPENAI_BASE_URL")
        return session
    from assistant.llm.adapter import backend_for

    session.backend = backend_for(settings)
    return session
