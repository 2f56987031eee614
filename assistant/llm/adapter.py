"""The LLM adapter: the only module importing langchain / langchain-openai / openai (DESIGN.md §2).

`OpenAIBackend.complete` makes exactly one HTTP request (`max_retries=0`; the session retries) to any
OpenAI-compatible chat-completions endpoint through langchain's `ChatOpenAI`, with the attempt's timeout,
and turns the client's exceptions into `BackendError` kinds. Structured replies use
`with_structured_output(..., include_raw=True)`: tool calling first; an endpoint that rejects tools
(HTTP 400) is asked with a JSON-schema response format from then on; a reply that carries the JSON as
plain content instead of a tool call is read as well.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import openai
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from assistant.llm.session import BackendError, Completion, Message

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

Method = Literal["function_calling", "json_schema"]
# Local servers (Ollama, vLLM, llama.cpp) ignore the key but the client insists on one.
PLACEHOLDER_KEY = "not-needed"

logger = logging.getLogger(__name__)
_backends: dict[tuple[Any, ...], OpenAIBackend] = {}
_backends_lock = threading.Lock()


def backend_for(settings: Settings) -> OpenAIBackend:
    """One backend (and one HTTP connection pool) per endpoint, model and key in this process."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else PLACEHOLDER_KEY
    ident = (settings.openai_base_url, settings.llm_model, key)
    with _backends_lock:
        backend = _backends.get(ident)
        if backend is None:
            backend = _backends[ident] = OpenAIBackend(model=settings.llm_model, api_key=key,
                                                       base_url=settings.openai_base_url)  # fmt: skip
        return backend


class OpenAIBackend:
    def __init__(self, *, model: str, api_key: str, base_url: str | None, method: Method = "function_calling") -> None:
        self.model = model
        self.method: Method = method
        self._api_key, self._base_url = api_key, base_url
        # Shared pools: building ChatOpenAI per attempt (for the attempt's own timeout) then costs ~1 ms.
        self._http = openai.DefaultHttpxClient()
        self._http_async = openai.DefaultAsyncHttpxClient()

    def chat_model(self, timeout_s: float) -> BaseChatModel:
        return ChatOpenAI(
            model=self.model, api_key=self._api_key, base_url=self._base_url, timeout=timeout_s,  # type: ignore[arg-type]
            max_retries=0, temperature=0, use_responses_api=False,
            http_client=self._http, http_async_client=self._http_async,
        )  # fmt: skip

    def complete(self, messages: Sequence[Message], *, schema: dict[str, Any] | None, timeout_s: float) -> Completion:
        chat = self.chat_model(timeout_s)
        prompt = to_langchain(messages)
        if schema is None:
            return _call(lambda: text_completion(chat.invoke(prompt)))
        method = self.method
        try:
            return _call(lambda: structured_completion(chat, prompt, schema, method))
        except BackendError as error:
            if error.kind != "bad_request" or method != "function_calling":
                raise
        # The endpoint rejected tool calling: ask for a JSON-schema response from now on.
        self.method = "json_schema"
        return _call(lambda: structured_completion(chat, prompt, schema, "json_schema"))


def to_langchain(messages: Sequence[Message]) -> list[BaseMessage]:
    kinds = {"system": SystemMessage, "user": HumanMessage, "assistant": AIMessage}
    return [kinds[message.role](content=message.content) for message in messages]


def structured_completion(
    chat: BaseChatModel, prompt: list[BaseMessage], schema: dict[str, Any], method: Method
) -> Completion:
    runnable = chat.with_structured_output(schema, method=method, include_raw=True)
    result = runnable.invoke(prompt)
    if not isinstance(result, dict) or not isinstance(result.get("raw"), AIMessage):
        raise BackendError("bad_response", "the structured-output chain returned no message")
    raw: AIMessage = result["raw"]
    completion = text_completion(raw)
    parsed = result.get("parsed")
    if isinstance(parsed, dict):
        return _with(completion, data=parsed)
    # No tool call (or unparsable arguments): many local models put the JSON in the content instead.
    from_content = json_object_in(completion.text)
    if from_content is not None:
        return _with(completion, data=from_content)
    error = result.get("parsing_error")
    detail = f"the reply is not valid JSON for the schema ({error})" if error else "the reply holds no JSON object"
    return _with(completion, parse_error=detail)


def text_completion(message: BaseMessage) -> Completion:
    content = message.content if isinstance(message.content, str) else _joined(message.content)
    usage = message.usage_metadata if isinstance(message, AIMessage) else None
    return Completion(
        text=content,
        prompt_tokens=usage["input_tokens"] if usage else None,
        completion_tokens=usage["output_tokens"] if usage else None,
    )


def json_object_in(text: str) -> dict[str, Any] | None:
    """The JSON object a reply holds, also inside a ```json fence or after a sentence; None if there is none."""
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        value = json.loads(text[start : end + 1])
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _with(completion: Completion, *, data: dict[str, Any] | None = None, parse_error: str | None = None) -> Completion:
    return Completion(completion.text, data, parse_error, completion.prompt_tokens, completion.completion_tokens)


def _joined(parts: list[str | dict[str, Any]]) -> str:
    return "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in parts)


def _call(make: Callable[[], Completion]) -> Completion:
    """Run one request, mapping the client's exceptions to BackendError kinds."""
    try:
        completion = make()
    except BackendError:
        raise
    except openai.APITimeoutError:
        raise BackendError("timeout", "the endpoint did not answer in time") from None
    except openai.APIConnectionError as exc:
        raise BackendError("connection", f"cannot connect ({_cause(exc)})") from None
    except openai.RateLimitError as exc:
        raise BackendError("rate_limit", "rate-limited", status=429, retry_after=_retry_after(exc)) from None
    except openai.APIStatusError as exc:
        raise _status_error(exc) from None
    except openai.APIResponseValidationError as exc:
        raise BackendError("bad_response", f"the reply is not a chat completion ({exc})") from None
    except openai.OpenAIError as exc:
        raise BackendError("bad_response", f"the client failed ({type(exc).__name__}: {_short(exc)})") from None
    except (ValueError, TypeError, KeyError) as exc:  # langchain: a body that is not a completion at all
        raise BackendError("bad_response", f"the reply is not a chat completion ({_short(exc)})") from None
    except Exception as exc:  # whatever else a misbehaving endpoint triggers: fall back, but keep the trace
        logger.warning("unexpected failure of an LLM request", exc_info=True)
        raise BackendError("bad_response", f"unexpected {type(exc).__name__}: {_short(exc)}") from None
    return completion


def _status_error(exc: openai.APIStatusError) -> BackendError:
    status = exc.status_code
    if status >= 500 or status in (408, 409):
        return BackendError("server", f"HTTP {status}", status=status, retry_after=_retry_after(exc))
    if status in (401, 403):
        return BackendError("auth", f"the API key was rejected (HTTP {status})", status=status)
    return BackendError("bad_request", f"HTTP {status}: {_short(exc)}", status=status)


def _retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds from a Retry-After (or retry-after-ms) header; HTTP dates are ignored (backoff applies)."""
    headers = exc.response.headers
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return max(0.0, float(value) * scale)
            except ValueError:
                continue
    return None


def _cause(exc: BaseException) -> str:
    inner = exc.__cause__ or exc.__context__
    return _short(inner) if inner is not None else type(exc).__name__


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]
