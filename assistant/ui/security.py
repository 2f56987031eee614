"""Security headers and CORS for the server: who may frame the pages, call the API, and what pages may load.

- `/widget` may be framed by the allowed origins only (CSP `frame-ancestors`); it runs only our script
  and talks only to its own origin.
- The Gradio chat at `/` may be framed by its own origin only. Gradio needs inline styles and scripts, and
  its Vega-Lite charts compile expressions with `new Function` ('unsafe-eval'); images and connections
  stay on our origin (no external image from data or an LLM can load).
- CORS: only `/api/ask` answers other origins, and only the allowed ones.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence

from starlette.datastructures import MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ORIGIN = re.compile(r"^https?://(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
API_PATHS = ("/api/ask",)
WIDGET_PATHS = ("/widget",)

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def clean_origins(origins: Iterable[str]) -> list[str]:
    """The allowed origins that are plain scheme://host[:port]; anything else is dropped with a warning."""
    kept = []
    for origin in origins:
        value = origin.strip().rstrip("/")
        if ORIGIN.match(value):
            kept.append(value)
        elif value:
            print(f"warning: ignoring allowed origin {value!r}: expected scheme://host[:port]", file=sys.stderr)
    return kept


def widget_csp(origins: Sequence[str]) -> str:
    ancestors = " ".join(["'self'", *origins])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        f"font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}"
    )


CHAT_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


class SecurityHeaders:
    """Adds the CSP of the page (widget or chat) to HTML responses, and nosniff/referrer headers to all."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.widget_csp = widget_csp(origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        widget = path in WIDGET_PATHS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in COMMON_HEADERS.items():
                    headers.setdefault(name, value)
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = self.widget_csp if widget else CHAT_CSP
                    if not widget:
                        headers["X-Frame-Options"] = "SAMEORIGIN"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class ApiCors:
    """CORS for the API paths only, for the allowed origins only; other paths pass through untouched."""

    def __init__(self, app: ASGIApp, origins: Sequence[str]) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app, allow_origins=list(origins), allow_methods=["POST"], allow_headers=["Content-Type"], max_age=600
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in API_PATHS:
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)
