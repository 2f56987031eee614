"""`POST /api/ask`: the request body checked into a question and its history, and the bounded worker pool.

Malformed input gets a JSON error naming the problem (400 not JSON — including nesting deeper than
MAX_JSON_DEPTH and numbers too long to convert —, 413 too large, 415 not `application/json`, 422 wrong shape,
unpaired surrogates, dates outside MIN_DATE..MAX_DATE); a client over its rate gets 429, a full server 503. Answers themselves — including clarifications, refusals and errors the user can
act on — are 200 with the Answer JSON of DESIGN §3.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import anyio
from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.contracts import Turn
from assistant.ui.i18n import t

MAX_BODY_BYTES = 256 * 1024
MAX_HISTORY_TURNS = 50
MAX_JSON_DEPTH = 32  # a SemanticQuery in a history turn nests about 6 deep
MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2199, 12, 31)  # dates a history turn's query may name
SURROGATE = re.compile("[\ud800-\udfff]")
BUSY_MESSAGE = "The assistant is busy; please try again in a moment."

T = TypeVar("T")


class ApiError(Exception):
    """A request the API cannot take; `status` is the HTTP status, the message is shown to the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    history: list[Turn] = []


def check_content_type(value: str | None) -> None:
    """Only JSON bodies: a form or text/plain POST (which a browser sends cross-site without a preflight) is 415."""
    media_type = (value or "").split(";")[0].strip().lower()
    if media_type != "application/json":
        shown = f"'{media_type}'" if media_type else "no Content-Type"
        raise ApiError(415, f"The request has {shown}; send JSON with Content-Type: application/json.")


def parse_ask(body: bytes, max_question_chars: int) -> AskRequest:
    """The request body as a checked AskRequest, or ApiError with a message a caller can act on."""
    if len(body) > MAX_BODY_BYTES:
        raise ApiError(413, f"The request body is {len(body):,} bytes; the limit is {MAX_BODY_BYTES:,}.")
    if not body.strip():
        raise ApiError(400, 'The request body is empty; send JSON like {"question": "..."}.')
    try:
        data: Any = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise ApiError(400, f'The request body is not valid UTF-8 JSON{where}; send {{"question": "..."}}.') from None
    except RecursionError:
        raise ApiError(400, f"The request body nests deeper than {MAX_JSON_DEPTH} levels.") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts (sys.int_info)
        raise ApiError(400, f"The request body has a value that cannot be read: {str(exc)[:120]}") from None
    _check_json(data)
    if not isinstance(data, dict):
        raise ApiError(422, 'The request body must be a JSON object like {"question": "..."}.')
    if "question" not in data:
        raise ApiError(422, 'Invalid request: "question" is missing; send {"question": "..."}.')
    if not isinstance(data["question"], str):
        raise ApiError(422, 'Invalid request: "question" must be a string.')
    if data.get("history") is None:
        data = {**data, "history": []}
    elif not isinstance(data["history"], list):
        raise ApiError(422, 'Invalid request: "history" must be a list of {"question", "query"} turns.')
    elif len(data["history"]) > MAX_HISTORY_TURNS:
        raise ApiError(422, f"The history has {len(data['history'])} turns; the limit is {MAX_HISTORY_TURNS}.")
    try:
        request = AskRequest.model_validate(data)
    except ValidationError as exc:
        raise ApiError(422, "Invalid request: " + _problems(exc)) from None
    question = request.question.strip()
    problem = question_problem(question, max_question_chars)
    if problem is not None:
        key, values = problem
        raise ApiError(422, t("en", key, **values))
    for number, turn in enumerate(request.history, 1):
        dates = _query_dates(turn.query.model_dump(mode="json")) if turn.query else []
        for value in dates:
            if not MIN_DATE <= value <= MAX_DATE:
                raise ApiError(422, f"History turn {number} names the date {value}, outside the dates the assistant "
                                    f"answers about ({MIN_DATE} to {MAX_DATE}).")  # fmt: skip
    return request.model_copy(update={"question": question})


def _check_json(data: Any) -> None:
    """Refuse nesting deeper than MAX_JSON_DEPTH and strings with unpaired surrogates (which no UTF-8 log,
    prompt or database takes), walking the value without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise ApiError(400, f"The request body nests deeper than {MAX_JSON_DEPTH} levels.")
        if isinstance(value, str) and SURROGATE.search(value):
            raise ApiError(422, t("en", "surrogate_question"))
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _query_dates(query: dict[str, Any]) -> list[date]:
    """The dates a query names: its time range and any date-like filter value."""
    found = []
    candidates = [*(query.get("time_range") or {}).values()]
    for condition in query.get("filters") or []:
        candidates.extend(condition.get("values") or [])
    for value in candidates:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                found.append(date.fromisoformat(value))
            except ValueError:
                continue
    return found


def question_problem(question: str, max_chars: int) -> tuple[str, dict[str, int]] | None:
    """Why a (stripped) question cannot be asked, as an interface-string key and its values; None if it can."""
    if not question:
        return "empty_question", {}
    if len(question) > max_chars:
        return "long_question", {"length": len(question), "limit": max_chars}
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in question):
        return "binary_question", {}
    if SURROGATE.search(question):
        return "surrogate_question", {}
    return None


def _problems(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors()[:5]:
        where = ".".join(str(part) for part in error["loc"]) or "body"
        problems.append(f"{where}: {error['msg']}")
    return "; ".join(problems)


class WorkerPool:
    """At most `concurrency` questions run at once in worker threads; `queue_size` more may wait for a slot.

    Past that a request is turned away at once (503) rather than piling up behind a slow question.
    """

    def __init__(self, concurrency: int, queue_size: int) -> None:
        self.concurrency = concurrency
        self.capacity = concurrency + queue_size
        self._limiter: anyio.CapacityLimiter | None = None
        self._admitted = 0
        self._lock = threading.Lock()

    @property
    def in_flight(self) -> int:
        return self._admitted

    def try_admit(self) -> bool:
        with self._lock:
            if self._admitted >= self.capacity:
                return False
            self._admitted += 1
            return True

    def release(self) -> None:
        with self._lock:
            self._admitted -= 1

    async def run(self, function: Callable[[], T]) -> T:
        """Run `function` in a worker thread once a slot is free; the caller has been admitted."""
        if self._limiter is None:  # created inside the event loop that uses it
            self._limiter = anyio.CapacityLimiter(self.concurrency)
        return await anyio.to_thread.run_sync(function, limiter=self._limiter)
