"""Processes and small stdlib servers the browser tests run against: `chatbi serve`, an example host page
on another origin, and a tracker that records every request a rendered answer might make."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HOST_PAGE = REPO / "assistant" / "ui" / "static" / "embed-example.html"
LOOPBACK = "127.0.0.1"
# Never go through a proxy to reach our own servers (CI machines often set http_proxy).
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A port nothing listens on right now (another process may still take it before we do)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class HttpReply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def http(
    method: str, url: str, *, body: object = None, headers: Mapping[str, str] | None = None, timeout: float = 120
) -> HttpReply:
    """One HTTP request without a proxy, `body` sent as JSON; error statuses are returned, not raised."""
    data = json.dumps(body).encode() if body is not None else None
    all_headers: dict[str, str] = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    request = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    try:
        with _DIRECT.open(request, timeout=timeout) as response:
            return HttpReply(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return HttpReply(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


# --- stdlib servers -------------------------------------------------------------------------------------


@dataclass
class StaticServer:
    """A threaded stdlib HTTP server on a free loopback port; `respond(path)` gives status, type, body."""

    respond: Callable[[str], tuple[int, str, bytes]]
    requests: list[str] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self) -> StaticServer:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _reply(self) -> None:
                owner.requests.append(f"{self.command} {self.path}")
                status, content_type, body = owner.respond(self.path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_POST = do_HEAD = do_OPTIONS = do_PUT = do_DELETE = _reply

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((LOOPBACK, 0), Handler)
        self._server.daemon_threads = True
        self.port = int(self._server.server_address[1])
        threading.Thread(target=self._server.serve_forever, name=f"http-{self.port}", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


def tracker() -> StaticServer:
    """Records every request; answers 204 (so an <img> pointing here fails to load and fires onerror)."""
    return StaticServer(lambda path: (204, "text/plain", b"")).start()


_EMBED_SCRIPT = re.compile(r"""(<script\b[^>]*?\bsrc\s*=\s*["'])[^"']*?/embed\.js(["'])""", re.IGNORECASE)


def host_page_html(chatbi_origin: str, *, title: str) -> str:
    """The example host page (served at /embed-example) with its embed.js pointing at `chatbi_origin`; without that file (or without a
    script tag to point), a minimal page with the documented one-line snippet."""
    snippet = f'<script src="{chatbi_origin}/embed.js" data-title="ChatBI" data-lang="en" data-position="right" async></script>'
    page = HOST_PAGE.read_text(encoding="utf-8") if HOST_PAGE.exists() else ""
    if _EMBED_SCRIPT.search(page):
        return _EMBED_SCRIPT.sub(lambda m: f"{m.group(1)}{chatbi_origin}/embed.js{m.group(2)}", page, count=1)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>A shop page that embeds the ChatBI widget.</p>{snippet}</body></html>"
    )


@dataclass
class HostSite:
    """A page on its own origin that embeds the widget of `chatbi_origin` (set once the app is up)."""

    title: str
    chatbi_origin: str = ""
    server: StaticServer | None = None

    def start(self) -> HostSite:
        def respond(path: str) -> tuple[int, str, bytes]:
            if path.split("?")[0] in ("/", "/index.html", "/host.html"):
                return 200, "text/html; charset=utf-8", host_page_html(self.chatbi_origin, title=self.title).encode()
            return 404, "text/plain", b"not found"

        self.server = StaticServer(respond).start()
        return self

    @property
    def origin(self) -> str:
        assert self.server is not None
        return self.server.origin

    @property
    def url(self) -> str:
        return self.origin + "/"

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()


# --- the warehouse with hostile complaint texts -----------------------------------------------------------

QUOTE_LIMIT = 240  # assistant.text_safety.quote trims to this many characters before escaping
HOSTILE_SINCE_DAYS = 200  # covers the last three months and the previous period the themes compare with


def hostile_payload(tracker_origin: str) -> str:
    """Markup, a Markdown image and a javascript: link. The image URLs are scheme-relative: quote() replaces
    http:// URLs with [link], and these must reach the renderer intact to test it."""
    host = tracker_origin.removeprefix("http:")
    return (
        "<script>window.__pwned=1</script> "
        f"<img src={host}/img.png onerror=window.__pwned=1> "
        f"![t]({host}/md.png) "
        "[x](javascript:window.__pwned=1)"
    )


def _shorten(text: str, limit: int) -> str:
    """Cut on a space when there is one in the second half, so the complaint's own words stay whole."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit]


def make_hostile_warehouse(source: Path, target: Path, *, payload: str, as_of: date) -> int:
    """Copy `source` and append `payload` to every ticket text of the last months, shortening the original
    text first so that the quote of any of them (QUOTE_LIMIT characters) still carries the whole payload.
    Returns the number of texts changed."""
    import duckdb
    import pandas as pd

    shutil.copyfile(source, target)
    since = as_of - timedelta(days=HOSTILE_SINCE_DAYS)
    room = QUOTE_LIMIT - len(payload) - 12  # a masked e-mail ("[email]") can be longer than the original
    with duckdb.connect(str(target)) as con:
        rows = con.execute(
            "SELECT ticket_id, description FROM tickets WHERE created_at >= ? AND description IS NOT NULL", [since]
        ).fetchall()
        patch = pd.DataFrame(
            {
                "ticket_id": [ticket_id for ticket_id, _ in rows],
                "description": [f"{_shorten(text, room)} {payload}" for _, text in rows],
            }
        )
        con.register("patch", patch)
        con.execute(
            "UPDATE tickets SET description = patch.description FROM patch WHERE tickets.ticket_id = patch.ticket_id"
        )
        con.unregister("patch")
        con.execute("CHECKPOINT")
    return len(rows)


# --- chatbi serve ------------------------------------------------------------------------------------------


@dataclass
class ChatbiServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def origin(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def stop(self) -> None:
        """Terminate, then kill what does not stop within 15 s."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def serve_command(port: int) -> list[str]:
    chatbi = Path(sys.executable).with_name("chatbi")
    prefix = [str(chatbi)] if chatbi.exists() else [sys.executable, "-m", "assistant"]
    return [*prefix, "serve", "--host", LOOPBACK, "--port", str(port)]


def server_env(
    *, warehouse: Path, as_of: date, allowed_origins: list[str], home: Path, questions: tuple[int, int] = (600, 200)
) -> dict[str, str]:
    """The environment of a test server. `questions` is its question limit (per minute, burst): the browser tests
    ask from one address far faster than a person does, so the default is high enough never to be reached; the
    limit itself is tested with a low one (test_chat_answers.py, tests/security/test_http_limits.py)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("CHATBI_", "OPENAI_", "GRADIO_")) and name.lower() not in ("http_proxy", "https_proxy")
    }
    env.update(
        XDG_DATA_HOME=str(home),
        CHATBI_WAREHOUSE=str(warehouse),
        CHATBI_AS_OF=as_of.isoformat(),
        CHATBI_ALLOWED_ORIGINS=",".join(allowed_origins),
        CHATBI_LLM="offline",
        CHATBI_RATE_LIMIT_PER_MINUTE=str(questions[0]),
        CHATBI_RATE_LIMIT_BURST=str(questions[1]),
        CHATBI_AUDIT_LOG=str(home / "audit.jsonl"),
        CHATBI_FEEDBACK_LOG=str(home / "feedback.jsonl"),
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_OFFLINE="1",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_chatbi_server(env: dict[str, str], workdir: Path, *, startup_timeout: float = 180) -> ChatbiServer:
    """`chatbi serve` on a free port, returned once /healthz answers 200 (RuntimeError with its output if not)."""
    port = free_port()
    log = workdir / f"chatbi-serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            serve_command(port), cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    server = ChatbiServer(process, port, log)
    try:
        _wait_healthy(server, startup_timeout)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_healthy(server: ChatbiServer, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"`{' '.join(server.process.args)}` exited with {server.process.returncode} before /healthz "
                f"answered; its output:\n{server.log_tail()}"
            )
        try:
            reply = http("GET", server.origin + "/healthz", timeout=5)
            if reply.status == 200:
                return
            last = f"HTTP {reply.status}"
        except OSError as error:
            last = str(error)
        time.sleep(0.5)
    raise RuntimeError(
        f"/healthz of {server.origin} did not answer 200 in {timeout:.0f} s ({last}); output:\n{server.log_tail()}"
    )
