"""An outsider's tools against a served app on 127.0.0.1: raw HTTP requests (no client-side URL clean-up),
Gradio events sent the way its browser client does (queue/join + the queue/data event stream, or run/predict
for unqueued events), and `chatbi serve` started in its own process."""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from assistant.settings import Settings
from tests.browser.servers import LOOPBACK, ChatbiServer, server_env, start_chatbi_server

FILE_URL = re.compile(r"/gradio_api/file=[^\"'\\\s<>]+")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.body)


def request(port: int, method: str, target: str, *, body: bytes | None = None,
            headers: dict[str, str] | None = None, timeout: float = 60) -> Reply:  # fmt: skip
    """One request with `target` sent exactly as given (no normalisation of `..` or %-escapes)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        all_headers = {"Content-Length": str(len(body or b"")), **(headers or {})}
        for name, value in all_headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        response = connection.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        connection.close()


def post_json(port: int, target: str, payload: Any, **headers: str) -> Reply:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return request(port, "POST", target, body=body, headers={"Content-Type": "application/json", **headers})


def run_event(port: int, dependency: dict[str, Any], data: list[Any], session: str | None = None,
              timeout: float = 60) -> tuple[int, str]:  # fmt: skip
    """Fire Gradio event `dependency` with `data` as the browser client would; (HTTP status, all text received)."""
    session = session or uuid.uuid4().hex[:11]
    body = {"data": data, "fn_index": dependency["id"], "session_hash": session, "event_data": None,
            "trigger_id": dependency["targets"][0][0] if dependency["targets"] else None}  # fmt: skip
    if not dependency["queue"]:
        reply = post_json(port, "/gradio_api/run/predict", body)
        return reply.status, reply.text
    joined = post_json(port, "/gradio_api/queue/join", body)
    if joined.status != 200:
        return joined.status, joined.text
    event_id = joined.json()["event_id"]
    return 200, joined.text + read_events(port, session, event_id, timeout)


def read_events(port: int, session: str, event_id: str, timeout: float) -> str:
    """The queue/data stream of `session` until event `event_id` completes."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    received = []
    try:
        connection.request("GET", f"/gradio_api/queue/data?session_hash={session}")
        response = connection.getresponse()
        while True:
            line = response.readline()
            if not line:
                break
            text = line.decode("utf-8", errors="replace")
            received.append(text)
            if text.startswith("data:"):
                message = json.loads(text[5:])
                if message.get("event_id") == event_id and message.get("msg") == "process_completed":
                    break
                if message.get("msg") == "close_stream":
                    break
    finally:
        connection.close()
    return "".join(received)


def start_server(warehouse: Path, home: Path, as_of: date, **settings: str) -> ChatbiServer:
    """`chatbi serve` in its own process; its temporary files go under `home/tmp` (TMPDIR) so a test can
    look at everything the server wrote there."""
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    env = server_env(warehouse=warehouse, as_of=as_of, allowed_origins=[], home=home)
    env.update(TMPDIR=str(home / "tmp"), **settings)
    return start_chatbi_server(env, home)


def open_raw(port: int, payload: bytes) -> socket.socket:
    sock = socket.create_connection((LOOPBACK, port), timeout=5)
    if payload:
        sock.sendall(payload)
    return sock


@contextmanager
def served_in_thread(settings: Settings) -> Iterator[int]:
    """`create_app(settings)` under uvicorn with `chatbi serve`'s configuration (protocol, limits), in a thread
    of this process, on a free loopback port; yields the port. The warehouse is closed afterwards."""
    import uvicorn

    from assistant.runtime import Runtime
    from assistant.ui.server import create_app, server_config

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOOPBACK, 0))
    sock.listen(128)
    port = int(sock.getsockname()[1])
    runtime = Runtime(settings)
    server = uvicorn.Server(server_config(create_app(settings, runtime), settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="chatbi-test-server", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the in-process server did not start")
            time.sleep(0.05)
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        sock.close()
        # DuckDB allows one configuration per file and process: later tests open the same file differently.
        runtime.warehouse.close()


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed `sock` (reading any reply first), or None if still open after `seconds`."""
    started = time.monotonic()
    sock.settimeout(0.2)
    while time.monotonic() - started < seconds:
        try:
            if sock.recv(65536) == b"":
                return time.monotonic() - started
        except TimeoutError:
            continue
        except OSError:  # reset by the server
            return time.monotonic() - started
    return None


def triggered_by(config: dict[str, Any], elem_id: str, event: str = "click") -> dict[str, Any]:
    """The dependency fired by `event` on the component with `elem_id` (as the page's button would)."""
    ids = {c["id"] for c in config["components"] if c.get("props", {}).get("elem_id") == elem_id}
    return next(d for d in config["dependencies"] if any(t[0] in ids and t[1] == event for t in d["targets"]))


def fill(config: dict[str, Any], dependency: dict[str, Any], text: str) -> list[Any]:
    """Input values as the page would send them: `text` in text boxes, nothing for server-side state."""
    types = {c["id"]: c["type"] for c in config["components"]}
    return [text if types[i] == "textbox" else None for i in dependency["inputs"]]


def fire_chain(port: int, config: dict[str, Any], dependency: dict[str, Any], data: list[Any], session: str,
               text: str = "") -> str:  # fmt: skip
    """Fire `dependency`, then the events chained after it with `.then` (the browser fires those itself)."""
    status, received = run_event(port, dependency, data, session)
    assert status == 200, (dependency["api_name"], status, received[:300])
    for follower in config["dependencies"]:
        if follower.get("trigger_after") == dependency["id"]:
            received += fire_chain(port, config, follower, fill(config, follower, text), session, text)
    return received


def ask_in_session(port: int, config: dict[str, Any], question: str, session: str) -> str:
    """Type `question` and click Ask, as the chat page does; all the text the events sent back."""
    ask = triggered_by(config, "ask")
    return fire_chain(port, config, ask, fill(config, ask, question), session, question)
