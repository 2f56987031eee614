"""The Gradio routes an outsider can reach, narrowed to what the chat page itself uses.

Gradio mounts many routes under `/gradio_api/` (uploads, a URL proxy, streams, named API calls, run history…).
The chat needs a handful; everything else answers 404. Of those kept:
- `/gradio_api/file=PATH` serves only regular files whose real path (symlinks and `..` resolved) lies inside
  the process's private files folder, where Gradio copies what the app itself hands out (the CSV downloads,
  the button icons); never a client-named path, a URL, or anything else on the disk.
- POST bodies must be `application/json` (415 otherwise).
- `/gradio_api/queue/join` and `/gradio_api/run/…` take a JSON body naming an event by its `fn_index`
  (calling an event by its API name is refused) and a session. The per-client question limit is not applied
  here but where a question is taken (handlers.py): the page then says how long to wait, where a refused
  queue join would leave it waiting for an answer that never comes.
- Uploads are refused: the chat has no upload control.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Collection
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("assistant.ui")

PREFIX = "/gradio_api/"
FILE_ROUTE = "/gradio_api/file="
MAX_EVENT_BODY = 64 * 1024  # a question event carries at most a question, a filter text and ids
# (method, path pattern) of the Gradio routes the chat page uses; anything else under /gradio_api/ is 404.
ALLOWED = [
    ("GET", re.compile(r"info/?")),
    ("GET", re.compile(r"startup-events")),
    ("GET", re.compile(r"app_id/?")),
    ("GET", re.compile(r"heartbeat/[^/]+")),
    ("GET", re.compile(r"queue/data")),
    ("GET", re.compile(r"queue/status")),
    ("POST", re.compile(r"queue/join")),
    ("POST", re.compile(r"run/[^/]+/?")),
    ("POST", re.compile(r"cancel")),
    ("POST", re.compile(r"reset/?")),
    ("GET", re.compile(r"theme\.css")),
]

# Root routes of Gradio's own FastAPI app that describe or monitor it: refused as well.
REFUSED_ROOT = re.compile(r"/(?:openapi\.json|docs|redoc|monitoring)(?:/.*)?")

_folder: Path | None = None
_folder_lock = threading.Lock()


def private_files_folder() -> Path:
    """This process's folder for the files Gradio serves (created once, mode 0700, removed at exit).

    Gradio copies every file a component hands out into GRADIO_TEMP_DIR, read by each component when it is
    made; pointing it at a fresh folder means that folder holds only what this app created."""
    global _folder
    with _folder_lock:
        if _folder is None:
            _folder = Path(tempfile.mkdtemp(prefix="chatbi-files-")).resolve()
            atexit.register(shutil.rmtree, _folder, ignore_errors=True)
        os.environ["GRADIO_TEMP_DIR"] = str(_folder)
        return _folder


def servable(path: str, folder: Path) -> bool:
    """Whether `path` (as the file route received it) names a regular file really inside `folder`."""
    if not path or "\x00" in path or any(part == ".." for part in re.split(r"[\\/]", path)):
        return False
    try:
        real = Path(os.path.realpath(path))
        return real.is_relative_to(folder) and real != folder and real.is_file()
    except (OSError, ValueError):
        return False


class GradioGuard:
    def __init__(self, app: ASGIApp, *, folder: Path, events: Collection[int]) -> None:
        self.app = app
        self.folder = Path(os.path.realpath(folder))
        self.events = frozenset(events)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and REFUSED_ROOT.fullmatch(path):
            await _reply(send, 404, "Not Found")
            return
        if scope["type"] not in ("http", "websocket") or not path.startswith(PREFIX):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        method, route = scope["method"], path[len(PREFIX) :]
        if path.startswith(FILE_ROUTE) and method in ("GET", "HEAD"):
            if servable(path[len(FILE_ROUTE) :], self.folder):
                await self.app(scope, receive, send)
            else:
                logger.info("refused a file outside the app's folder: %r", path[:300])
                await _reply(send, 404, "File not found.")
            return
        if not any(method == allowed and pattern.fullmatch(route) for allowed, pattern in ALLOWED):
            await _reply(send, 404, "Not Found")
            return
        if method != "POST":
            await self.app(scope, receive, send)
            return
        if not _json_content(scope):  # a cross-site form or text/plain POST never reaches an event
            await _reply(send, 415, "Send JSON with Content-Type: application/json.")
            return
        if route in ("cancel", "reset", "reset/"):
            await self.app(scope, receive, send)
            return
        body = await _read(receive, MAX_EVENT_BODY)
        if body is None:
            await _reply(send, 413, f"The request body is over {MAX_EVENT_BODY:,} bytes.")
            return
        problem = self._event_problem(body)
        if problem:
            await _reply(send, 422 if problem != "Not Found" else 404, problem)
            return
        await self.app(scope, _replay(body, receive), send)

    def _event_problem(self, body: bytes) -> str:
        """Why an event call is refused ('' if it is not)."""
        try:
            data: Any = json.loads(body)
        except (ValueError, RecursionError):
            return "The request body is not valid JSON."
        if not isinstance(data, dict):
            return "The request body must be a JSON object."
        fn_index, session = data.get("fn_index"), data.get("session_hash")
        if not isinstance(fn_index, int) or isinstance(fn_index, bool) or fn_index not in self.events:
            return "Not Found"  # e.g. an event called by its API name: no event is an API endpoint
        if not isinstance(session, str) or not session or len(session) > 100:
            return "A session_hash is required."
        return ""


def _json_content(scope: Scope) -> bool:
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            return bool(value.split(b";")[0].strip().lower() == b"application/json")
    return False


async def _read(receive: Receive, limit: int) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _reply(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": detail}).encode()
    head = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(headers or [])]
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})
