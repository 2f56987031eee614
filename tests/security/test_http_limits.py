"""Issue 9 §6: resource limits and HTTP hygiene, as an outsider on 127.0.0.1.

The app runs under uvicorn with `chatbi serve`'s configuration (its HTTP protocol with the request deadline
and connection cap) in a thread of the test process, with small limits. It trusts X-Forwarded-For from
127.0.0.1 (CHATBI_TRUSTED_PROXIES), so each test plays its own client address.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import Settings
from tests.conftest import AS_OF
from tests.security.outsider import (
    ask_in_session,
    closed_within,
    fill,
    open_raw,
    post_json,
    request,
    run_event,
    served_in_thread,
    triggered_by,
)

HEADER_TIMEOUT = 1.0
MAX_CONNECTIONS = 40
BURST = 3
COMMENT_CHARS = 100


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("limits")


@pytest.fixture(scope="module")
def port(folder: Path, demo_warehouse_path: Path) -> Iterator[int]:
    settings = Settings(
        warehouse=demo_warehouse_path, as_of=AS_OF, llm="offline", audit_log=folder / "audit.jsonl",
        feedback_log=folder / "feedback.jsonl", rate_limit_per_minute=6, rate_limit_burst=BURST,
        feedback_per_minute=1, max_comment_chars=COMMENT_CHARS, header_timeout_s=HEADER_TIMEOUT,
        keep_alive_timeout_s=1, max_connections=MAX_CONNECTIONS, trusted_proxies="127.0.0.1",
    )  # fmt: skip
    with served_in_thread(settings) as served:
        yield served


def client() -> dict[str, str]:
    """Headers that make the next requests come from a new client address."""
    return {"X-Forwarded-For": f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"}


def audit_records(folder: Path) -> list[dict[str, Any]]:
    if not (folder / "audit.jsonl").exists():
        return []
    text = (folder / "audit.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]  # splitlines: every record is one line for it


def assert_one_line_error(reply: Any, status: int, needle: str) -> None:
    assert reply.status == status, (reply.status, reply.text[:300])
    body = reply.json()
    assert body["status"] == "error" and needle.lower() in body["message"].lower(), body
    assert "\n" not in body["message"] and "Traceback" not in reply.text and len(body["message"]) < 300


def history_until(end: str) -> list[dict[str, Any]]:
    query = {"metrics": ["revenue"], "time_range": {"start": "2026-07-01", "end": end}}
    return [{"question": "Revenue last quarter", "query": query}]


BAD_BODIES = [
    ("text/plain", b'{"question": "How many customers?"}', 415, "application/json"),
    ("application/x-www-form-urlencoded", b"question=How+many+customers", 415, "application/json"),
    ("", b'{"question": "How many customers?"}', 415, "application/json"),
    ("application/json", b'{"question": "q", "history": ' + b"[" * 40_000 + b"]" * 40_000 + b"}", 400, "nests"),
    ("application/json", b'{"question": "q", "n": 1' + b"0" * 200_000 + b"}", 400, "cannot be read"),
    ("application/json", b'{"question": "How many customers \\ud800 do we have?"}', 422, "surrogate"),
    ("application/json", json.dumps({"question": "And by month?", "history": history_until("9999-12-31")}).encode(),
     422, "9999-12-31"),
]  # fmt: skip


@pytest.mark.parametrize(("content_type", "body", "status", "needle"), BAD_BODIES)
def test_bad_requests_get_one_line_4xx_and_one_audit_record(
    port: int, folder: Path, content_type: str, body: bytes, status: int, needle: str
) -> None:
    before = len(audit_records(folder))
    headers = {**client(), **({"Content-Type": content_type} if content_type else {})}
    reply = request(port, "POST", "/api/ask", body=body, headers=headers)
    assert_one_line_error(reply, status, needle)
    records = audit_records(folder)
    assert len(records) == before + 1
    assert records[-1]["kind"] == "api" and records[-1]["error"].startswith(f"HTTP {status}")


def test_every_ask_leaves_exactly_one_audit_record(port: int, folder: Path) -> None:
    """Answered, clarified, refused, rate-limited: one record each (counted, not assumed)."""
    me = client()
    bodies: list[Any] = [
        {"question": "How many customers do we have?"},
        {"question": "hello"},
        {"question": "Revenue by region", "history": history_until("2026-09-30")},
        {"question": "Delete all customers"},
        {"question": "line\u2028separator\u0085and\u2029paragraph: how many customers?"},
    ]
    replies = []
    for body in bodies:
        before = len(audit_records(folder))
        replies.append(post_json(port, "/api/ask", body, **me))
        assert len(audit_records(folder)) == before + 1, body
    statuses = [reply.status for reply in replies]
    assert statuses[:BURST] == [200] * BURST and statuses[BURST:] == [429] * (len(bodies) - BURST)
    # The record of the question with line separators is one line and keeps them.
    other = post_json(port, "/api/ask", bodies[-1], **client())
    assert other.status == 200 and audit_records(folder)[-1]["question"] == bodies[-1]["question"]
    raw = (folder / "audit.jsonl").read_text(encoding="utf-8")
    assert not {"\u2028", "\u2029", "\u0085"} & set(raw) and "\\u0085" in raw


@pytest.mark.parametrize("error", [RuntimeError("secret internal detail"), OverflowError("date value out of range")])
def test_a_failing_pipeline_still_leaves_one_audit_record(
    port: int, folder: Path, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """A bug before the pipeline audits (here: planning raises) is recorded by the edge, once."""

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr("assistant.pipeline.run_question", broken)  # the server runs in this process
    before = len(audit_records(folder))
    reply = post_json(port, "/api/ask", {"question": "How many customers do we have?"}, **client())
    records = audit_records(folder)
    assert len(records) == before + 1 and records[-1]["kind"] == "ask" and "secret" not in reply.text
    if isinstance(error, OverflowError):  # an arithmetic overflow on dates is the user's input, not a bug
        assert reply.status == 200 and reply.json()["status"] == "error" and "range" in reply.json()["message"]
    else:
        assert_one_line_error(reply, 500, "something went wrong")
        assert records[-1]["error"].startswith("HTTP 500")


def test_rate_limit_answers_429_with_retry_after_per_client(port: int) -> None:
    me = client()
    for _ in range(BURST):
        assert post_json(port, "/api/ask", {"question": "hello"}, **me).status == 200
    limited = post_json(port, "/api/ask", {"question": "hello"}, **me)
    assert_one_line_error(limited, 429, "too many")
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert post_json(port, "/api/ask", {"question": "hello"}, **client()).status == 200  # another client


def chat_config(port: int) -> dict[str, Any]:
    return request(port, "GET", "/config").json()  # type: ignore[no-any-return]


def test_chat_questions_share_the_rate_limit(port: int) -> None:
    """A question asked in the chat (the Ask event) takes a token of the same per-client limit as /api/ask. Past
    it the page is told how long to wait and nothing is left pending: the answer event the page fires next
    computes nothing (a refused queue join instead would leave the page waiting for an answer forever)."""
    config = chat_config(port)
    ask = triggered_by(config, "ask")
    answer = next(d for d in config["dependencies"] if d.get("trigger_after") == ask["id"])
    assert answer["queue"] and not ask["queue"]

    def ask_once(session: str, headers: dict[str, str]) -> Any:
        body = {"data": fill(config, ask, "How many customers do we have?"), "fn_index": ask["id"],
                "session_hash": session, "event_data": None, "trigger_id": ask["targets"][0][0]}  # fmt: skip
        return post_json(port, "/gradio_api/run/predict", body, **headers)

    me = client()
    sessions = [uuid.uuid4().hex[:10] for _ in range(BURST + 1)]
    replies = [ask_once(session, me) for session in sessions]
    assert [reply.status for reply in replies] == [200] * (BURST + 1)
    assert not any("Please wait" in reply.text for reply in replies[:BURST])
    assert re.search(r"Please wait \d+ s", replies[-1].text), replies[-1].text[:500]
    answered = [
        run_event(port, answer, fill(config, answer, ""), session)[1] for session in (sessions[0], sessions[-1])
    ]
    assert "cb-summary-text" in answered[0] and "cb-summary-text" not in answered[1]
    # One session from many addresses is limited too.
    session = uuid.uuid4().hex[:10]
    texts = [ask_once(session, client()).text for _ in range(BURST + 1)]
    assert ["Please wait" in text for text in texts] == [False] * BURST + [True]


def test_feedback_is_capped_escaped_and_throttled(port: int, folder: Path) -> None:
    config = chat_config(port)
    session = uuid.uuid4().hex[:10]
    text = ask_in_session(port, config, "How many customers do we have?", session)
    assert "process_completed" in text
    vote = triggered_by(config, "thumbs-up")
    comment = "good\u2028but\u0085odd\u2029" + "x" * 5000
    me = client()
    replies = [
        post_json(port, "/gradio_api/run/predict",
                  {"data": fill(config, vote, comment), "fn_index": vote["id"], "session_hash": session}, **me)
        for _ in range(5)
    ]  # fmt: skip
    assert all(reply.status == 200 for reply in replies)
    assert "wait a moment" in replies[-1].text and "wait a moment" not in replies[0].text
    raw = (folder / "feedback.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in raw.splitlines()]
    assert len(records) == 3  # the burst; the rest throttled
    kept = "good\u2028butodd\u2029"  # U+0085 is a control character: stripped with the invisible ones
    assert all(record["comment"] == (kept + "x" * COMMENT_CHARS)[:COMMENT_CHARS] for record in records)
    assert "\u2028" not in raw and "\\u2028" in raw


def test_connections_that_never_finish_their_request_are_closed(port: int) -> None:
    """Slowloris: half a request line, half the headers, or half a body; all dropped within the deadline."""
    partial = [b"GE", b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"POST /api/ask HTTP/1.1\r\nHost: x\r\n"
               b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"question\""]  # fmt: skip
    sockets = [open_raw(port, partial[i % len(partial)]) for i in range(24)]
    try:
        assert request(port, "GET", "/healthz").status == 200  # the server still answers meanwhile
        waited = [closed_within(sock, HEADER_TIMEOUT + 3) for sock in sockets]
        assert all(seconds is not None for seconds in waited), waited
        assert max(seconds for seconds in waited if seconds is not None) < HEADER_TIMEOUT + 3
    finally:
        for sock in sockets:
            sock.close()


def test_connection_cap_and_idle_keep_alive(port: int) -> None:
    sockets = [open_raw(port, b"") for _ in range(MAX_CONNECTIONS + 15)]
    try:
        quick = [closed_within(sock, 0.5) for sock in sockets]
        assert sum(seconds is not None for seconds in quick) >= 15  # over the cap: closed at once
        assert all(closed_within(sock, HEADER_TIMEOUT + 3) is not None for sock in sockets)
    finally:
        for sock in sockets:
            sock.close()
    assert request(port, "GET", "/healthz").status == 200
    # A kept-alive connection that goes quiet after its request is closed too.
    sock = open_raw(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        started = time.monotonic()
        assert closed_within(sock, 5) is not None and time.monotonic() - started < 4
    finally:
        sock.close()


ROUTES = [
    ("GET", "/", 200), ("GET", "/widget", 200), ("GET", "/embed.js", 200), ("GET", "/widget.js", 200),
    ("GET", "/healthz", 200), ("GET", "/config", 200), ("GET", "/gradio_api/info", 200),
    ("GET", "/api/ask", 404), ("PUT", "/api/ask", 404), ("GET", "/gradio_api/upload", 404),
    ("POST", "/gradio_api/upload", 404), ("GET", "/gradio_api/file=/etc/hostname", 404),
    ("POST", "/gradio_api/queue/join", 404), ("GET", "/gradio_api/queue/data", 422), ("GET", "/nope", 404),
    ("GET", "/docs", 404), ("GET", "/openapi.json", 404), ("GET", "/gradio_api/openapi.json", 404),
    ("GET", "/monitoring", 404), ("GET", "/redoc", 404),
]  # fmt: skip


@pytest.mark.parametrize(("method", "target", "status"), ROUTES)
def test_every_route_answers_without_a_server_error(port: int, method: str, target: str, status: int) -> None:
    body = b"{}" if method in ("POST", "PUT") else None
    reply = request(port, method, target, body=body, headers={"Content-Type": "application/json", **client()})
    assert reply.status == status, (reply.status, reply.text[:300])
    assert "Traceback" not in reply.text and "server" not in reply.headers


def test_a_question_taken_before_the_page_load_event_replies_is_answered(port: int) -> None:
    """On a slow connection the first question can be taken (Ask, run/predict) before the page's load event
    replies: the load event must keep that session, or the answer event finds nothing pending and the page waits
    for an answer that never comes (two CI runs timed out on a first question this way)."""
    config = chat_config(port)
    ask = triggered_by(config, "ask")
    answer = next(d for d in config["dependencies"] if d.get("trigger_after") == ask["id"])
    load = next(d for d in config["dependencies"] if any(t[1] == "load" for t in d["targets"]))
    session = uuid.uuid4().hex[:10]
    status, _ = run_event(port, ask, fill(config, ask, "How many customers do we have?"), session)
    assert status == 200
    status, loaded = run_event(port, load, fill(config, load, ""), session)
    assert status == 200, loaded[-800:]
    status, answered = run_event(port, answer, fill(config, answer, ""), session)
    assert status == 200 and "cb-summary-text" in answered, answered[-500:]
