"""A local OpenAI-compatible chat-completions server for tests and benchmarks (loopback only, no network).

It serves `POST /v1/chat/completions` from a queue of scripted replies and records every request body, so a
test drives the real `openai` client through langchain and then asserts on what was sent:

    with LLMStub() as stub:
        stub.enqueue(plan_reply({"status": "ok", "query": {...}}))   # a tool call, or JSON content
        stub.enqueue(error_reply(429, retry_after=0.1), text_reply("Revenue was ¥1,234."))
        ... settings with openai_base_url=stub.base_url ...
        stub.requests   # the JSON bodies received, in order

With an empty queue the stub answers HTTP 500 (`no scripted reply`), so a test that makes more calls than it
scripted fails loudly instead of hanging.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Body = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """What the stub sends for one request: a status, headers and a body built from the request."""

    status: int = 200
    build: Callable[[Body], bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # sleep before answering (past the client's timeout: a slow endpoint)


def completion(message: dict[str, Any], request: Body, *, prompt_tokens: int = 0, completion_tokens: int = 7) -> bytes:
    """A chat.completion body; prompt tokens default to the request's characters / 4."""
    tokens = prompt_tokens or max(1, len(json.dumps(request.get("messages", []), ensure_ascii=False)) // 4)
    finish = "tool_calls" if message.get("tool_calls") else "stop"
    body = {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "stub"),
        "choices": [{"index": 0, "message": {"role": "assistant", **message}, "finish_reason": finish}],
        "usage": {"prompt_tokens": tokens, "completion_tokens": completion_tokens,
                  "total_tokens": tokens + completion_tokens},
    }  # fmt: skip
    return json.dumps(body, ensure_ascii=False).encode()


def tool_call_reply(arguments: Body | str, *, name: str | None = None, delay_s: float = 0.0) -> Reply:
    """A tool call; the function name defaults to the tool the request offered."""

    return Reply(build=lambda request: _tool_call(request, arguments, name), delay_s=delay_s)


def _tool_call(request: Body, arguments: Body | str, name: str | None) -> bytes:
    tool = name or (request.get("tools") or [{"function": {"name": "Plan"}}])[0]["function"]["name"]
    args = arguments if isinstance(arguments, str) else json.dumps(arguments, ensure_ascii=False)
    call = {"id": "call_stub", "type": "function", "function": {"name": tool, "arguments": args}}
    return completion({"content": None, "tool_calls": [call]}, request)


def text_reply(content: str, *, delay_s: float = 0.0) -> Reply:
    """A plain assistant message (a summary, or JSON content for a JSON-schema request)."""
    return Reply(build=lambda request: completion({"content": content}, request), delay_s=delay_s)


def json_reply(data: Body) -> Reply:
    """A JSON-schema style reply: the object as the message content."""
    return text_reply(json.dumps(data, ensure_ascii=False))


def plan_reply(data: Body, *, delay_s: float = 0.0) -> Reply:
    """The structured reply the request asked for: a tool call when tools were offered, else JSON content."""

    def build(request: Body) -> bytes:
        if request.get("tools"):
            return _tool_call(request, data, None)
        return completion({"content": json.dumps(data, ensure_ascii=False)}, request)

    return Reply(build=build, delay_s=delay_s)


def error_reply(status: int, *, retry_after: float | None = None, message: str = "stub error") -> Reply:
    """An OpenAI-style error (429 rate limit, 500 server error, 400 bad request...)."""
    headers = {"retry-after": f"{retry_after:g}"} if retry_after is not None else {}
    body = json.dumps({"error": {"message": message, "type": "stub_error", "code": status}}).encode()
    return Reply(status=status, build=lambda request: body, headers=headers)


def garbage_reply() -> Reply:
    """HTTP 200 whose body is not JSON at all."""
    return Reply(build=lambda request: b"<html>\x00\x01 not json at all", headers={"content-type": "text/html"})


def slow_reply(delay_s: float, reply: Reply | None = None) -> Reply:
    """`reply` (default: a short text) after sleeping `delay_s` seconds."""
    inner = reply or text_reply("late")
    return Reply(status=inner.status, build=inner.build, headers=inner.headers, delay_s=delay_s)


class LLMStub:
    """The server, on 127.0.0.1 with an ephemeral port, in a daemon thread."""

    def __init__(self) -> None:
        self.requests: list[Body] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="llm-stub", daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def enqueue(self, *replies: Reply) -> LLMStub:
        with self._lock:
            self._queue.extend(replies)
        return self

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def start(self) -> LLMStub:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> LLMStub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next(self, body: Body) -> Reply:
        with self._lock:
            self.requests.append(body)
            if self._queue:
                return self._queue.popleft()
        return error_reply(500, message="no scripted reply")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, b'{"error": {"message": "unknown path"}}', {})
                    return
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    self._send(400, b'{"error": {"message": "request body is not JSON"}}', {})
                    return
                reply = stub._next(body)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                payload = reply.build(body) if reply.build else b"{}"
                self._send(reply.status, payload, reply.headers)

            def _send(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
                try:
                    self.send_response(status)
                    self.send_header("content-type", headers.get("content-type", "application/json"))
                    for key, value in headers.items():
                        if key != "content-type":
                            self.send_header(key, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout); nothing to answer

            def log_message(self, format: str, *args: Any) -> None:
                return

        return Handler
