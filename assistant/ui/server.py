"""`chatbi serve`: one FastAPI app with the Gradio chat at `/`, the widget, the JSON API and a health check.

Routes: `/` (chat), `/widget` (+ `/widget.js`, `/widget.css`), `POST /api/ask`, `GET /embed.js`, `/embed-example`
(a host page with the bubble), `/healthz`.
Errors reach callers as friendly messages, never tracebacks (those go to the server log). Every `POST /api/ask`
leaves exactly one audit record, refused ones included. Limits and their settings: docs/security.md.
"""

from __future__ import annotations

import errno
import gc
import json
import logging
import socket
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.middleware.cors import CORSMiddleware

from assistant.contracts import Answer, Turn
from assistant.errors import ChatBIError, UserInputError
from assistant.settings import Settings
from assistant.ui.api import BUSY_MESSAGE, MAX_BODY_BYTES, ApiError, WorkerPool, check_content_type, parse_ask
from assistant.ui.limits import RateLimiter, retry_after
from assistant.ui.security import ApiCors, SecurityHeaders, clean_origins
from semantic_layer.errors import SemanticLayerError

if TYPE_CHECKING:
    import uvicorn

    from assistant.runtime import Runtime

logger = logging.getLogger("assistant.ui")

STATIC = Path(__file__).parent / "static"
INTERNAL_ERROR = "Sorry, something went wrong while answering. Please try again."
RATE_LIMITED = "Too many questions from this client; please wait {seconds} s and try again."
DATE_RANGE_ERROR = "A date in the question or its history is out of the range the assistant can compute with."
JS = "text/javascript; charset=utf-8"


def create_app(settings: Settings, runtime: Runtime | None = None, *, chat: bool = True) -> FastAPI:
    """The server app. `chat=False` leaves out the Gradio UI (the API, widget and health check only)."""
    from assistant.runtime import Runtime
    from assistant.ui.feedback import FeedbackStore
    from assistant.ui.tables import CsvFiles

    runtime = runtime or Runtime(settings)
    origins = clean_origins(settings.allowed_origins)
    pool = WorkerPool(settings.concurrency, settings.queue_size)
    limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app = FastAPI(title="ChatBI", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.runtime, app.state.pool, app.state.limiter = runtime, pool, limiter
    app.state.feedback = FeedbackStore(settings.feedback_log, max_comment_chars=settings.max_comment_chars,
                                       max_bytes=settings.log_max_bytes, backups=settings.log_backups)  # fmt: skip
    app.state.csv_files = CsvFiles()
    # A parent CORSMiddleware tells Gradio not to add its own (permissive) CORS; it allows no origin here,
    # and ApiCors (outermost) opens /api/ask alone to the allowed origins.
    app.add_middleware(CORSMiddleware, allow_origins=[])
    app.add_middleware(SecurityHeaders, origins=origins)
    app.add_middleware(ApiCors, origins=origins)

    @app.get("/healthz")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "in_flight": pool.in_flight, "capacity": pool.capacity}

    @app.post("/api/ask")
    async def ask(request: Request) -> Response:
        """One question; a request refused before the pipeline is audited here (kind "api"), one that
        reaches it by the pipeline (or here, if a bug stopped it before it wrote its record)."""
        client = request.client.host if request.client else ""
        try:
            check_content_type(request.headers.get("content-type"))
            parsed = parse_ask(await _read_body(request), settings.max_question_chars)
        except ApiError as exc:
            _audit_refusal(runtime, "", exc.status, exc.message)
            return _error(exc.status, exc.message)
        wait = limiter.acquire([f"ip:{client}" if client else ""])
        if wait:
            message = RATE_LIMITED.format(seconds=retry_after(wait))
            _audit_refusal(runtime, parsed.question, 429, message)
            return _error(429, message, headers={"Retry-After": retry_after(wait)})
        if not pool.try_admit():
            _audit_refusal(runtime, parsed.question, 503, BUSY_MESSAGE)
            return _error(503, BUSY_MESSAGE, headers={"Retry-After": "2"})
        try:
            body = await pool.run(lambda: _answer_json(runtime, _answer(runtime, parsed.question, parsed.history)))
        except Exception:  # the edge: a bug is logged with its traceback, the caller gets one sentence
            logger.exception("POST /api/ask failed for %r", parsed.question)
            return _error(500, INTERNAL_ERROR)
        finally:
            pool.release()
        return Response(body, media_type="application/json")

    @app.get("/embed.js")
    async def embed() -> Response:
        return _static("embed.js", JS, extra={"Cross-Origin-Resource-Policy": "cross-origin"})

    @app.get("/widget.js")
    async def widget_js() -> Response:
        return _static("widget.js", JS)

    @app.get("/widget.css")
    async def widget_css() -> Response:
        return _static("widget.css", "text/css; charset=utf-8")

    @app.get("/embed-example")
    async def embed_example() -> Response:  # the example host page, on our own origin: works with `make demo`
        return _static("embed-example.html", "text/html; charset=utf-8")

    @app.get("/widget")
    async def widget() -> Response:
        return Response(_widget_html(runtime, settings), media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})  # fmt: skip

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("%s %s failed", request.method, request.url.path)
        return _error(500, INTERNAL_ERROR)

    if chat:
        _mount_chat(app, runtime)
    return app


def _answer(runtime: Runtime, question: str, history: list[Turn]) -> Answer:
    """The answer, in a worker thread; exactly one audit record whatever happens."""
    from assistant.pipeline import final_answer, run_question

    with runtime.audit.counting() as audited:
        try:
            return final_answer(run_question(runtime, question, history))
        except (ChatBIError, SemanticLayerError, OverflowError) as exc:  # e.g. the warehouse cannot be opened
            message = DATE_RANGE_ERROR if isinstance(exc, OverflowError) else str(exc)
            if not audited.records:
                _audit_refusal(runtime, question, 200, message, kind="ask")
            return Answer(question=question, status="error", message=message)
        except Exception:
            if not audited.records:
                _audit_refusal(runtime, question, 500, INTERNAL_ERROR, kind="ask")
            raise


def _audit_refusal(runtime: Runtime, question: str, status: int, message: str, kind: str = "api") -> None:
    """The audit record of a request the pipeline did not answer (refused at the edge, or failed)."""
    runtime.audit.record(user=runtime.settings.user, kind=kind, question=question, plan=None, sql=None,
                         guard="not reached", row_count=0, timings_ms={}, error=f"HTTP {status}: {message}")  # fmt: skip


def _answer_json(runtime: Runtime, answer: Answer) -> str:
    """The Answer JSON with the display values the widget shows beside it (`display`, see ui/payload.py)."""
    from assistant.ui.payload import display_json

    payload = answer.model_dump(mode="json") | {"display": display_json(runtime.model, answer, runtime.as_of)}
    return json.dumps(payload, ensure_ascii=False)


async def _read_body(request: Request) -> bytes:
    """The body, refused as soon as it passes the size limit (no unbounded buffering)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ApiError(413, f"The request body is {int(declared):,} bytes; the limit is {MAX_BODY_BYTES:,}.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise ApiError(413, f"The request body is over the limit of {MAX_BODY_BYTES:,} bytes.")
        chunks.append(chunk)
    return b"".join(chunks)


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"status": "error", "message": message}, status_code=status, headers=headers)


def _static(name: str, media_type: str, extra: dict[str, str] | None = None) -> Response:
    headers = {"Cache-Control": "public, max-age=300", **(extra or {})}
    return Response((STATIC / name).read_bytes(), media_type=media_type, headers=headers)


def _widget_html(runtime: Runtime, settings: Settings) -> str:
    """The widget page with its configuration (example questions per language) as an inert JSON block."""
    from assistant.contracts import detect_language

    examples: dict[str, list[str]] = {"en": [], "zh": []}
    for verified in runtime.model.verified_queries:
        for question in verified.questions:
            examples[detect_language(question)].append(question)
    config = {"examples": examples, "maxQuestionChars": settings.max_question_chars}
    # "<" escaped so that no text can close the <script type="application/json"> block.
    data = json.dumps(config, ensure_ascii=False).replace("<", "\\u003c").replace("&", "\\u0026")
    return (STATIC / "widget.html").read_text(encoding="utf-8").replace("__CHATBI_CONFIG__", data)


def _mount_chat(app: FastAPI, runtime: Runtime) -> None:
    """The Gradio chat at `/`, behind GradioGuard (docs/security.md, "HTTP server and chat")."""
    from assistant.ui.gradio_guard import GradioGuard, private_files_folder

    folder = private_files_folder()  # before any component exists: each reads GRADIO_TEMP_DIR when made
    import gradio as gr

    from assistant.ui.chat import build_chat, css, theme

    settings = runtime.settings
    blocks = build_chat(runtime, app.state.feedback, app.state.csv_files, app.state.limiter)
    blocks.queue(default_concurrency_limit=settings.concurrency, max_size=max(1, settings.queue_size), api_open=False)
    # Gradio may copy into its cache only its own folder and our static files (the button icons), never these.
    blocked = [settings.audit_log, settings.feedback_log, settings.semantic_model]
    if settings.warehouse_target.is_local:
        blocked.append(settings.warehouse_target.path)
    gr.mount_gradio_app(
        app, blocks, path="/", footer_links=[], run_history=False, show_error=False, ssr_mode=False, pwa=False,
        mcp_server=False, enable_monitoring=False, theme=theme(), css=css(),
        server_name=settings.host, server_port=settings.port, max_file_size=1,
        allowed_paths=[str(folder), str(STATIC)], blocked_paths=[str(Path(str(path)).resolve()) for path in blocked],
    )  # fmt: skip
    # Gradio checks that a file it is asked to copy into its cache is one it may serve only once it counts as
    # launched, which a mounted app never is; mark it so, as launch() would.
    blocks.has_launched = True
    app.add_middleware(GradioGuard, folder=folder, events=list(blocks.fns))


def serve(settings: Settings, runtime: Runtime | None = None) -> None:
    """Serve until interrupted: bind first (a busy port is a one-line error), prepare the data, then run."""
    import uvicorn

    from assistant.runtime import Runtime

    runtime = runtime or Runtime(settings)
    sock = _bind(settings.host, settings.port)
    try:
        print("Preparing the semantic model and the warehouse...", file=sys.stderr)
        _ = runtime.model, runtime.warehouse, runtime.as_of
        threading.Thread(target=_start_up, args=(runtime,), name="chatbi-warm-up", daemon=True).start()
        app = create_app(settings, runtime)
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        url = f"http://{host}:{settings.port}"
        print(f"ChatBI is running at {url}  (widget {url}/widget, embed example {url}/embed-example, "
              f"API POST {url}/api/ask). Press Ctrl+C to stop.")  # fmt: skip
        sys.stdout.flush()
        config = server_config(app, settings)
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def server_config(app: FastAPI, settings: Settings) -> uvicorn.Config:
    """uvicorn's configuration with the connection limits of the settings (docs/security.md)."""
    import uvicorn

    from assistant.ui.connections import bounded_protocol

    proxies = [address.strip() for address in settings.trusted_proxies.split(",") if address.strip()]
    return uvicorn.Config(
        app, log_level="warning", access_log=False, timeout_graceful_shutdown=5,
        http=bounded_protocol(settings.header_timeout_s, settings.max_connections),
        timeout_keep_alive=max(1, round(settings.keep_alive_timeout_s)), limit_concurrency=settings.max_connections,
        h11_max_incomplete_event_size=16 * 1024, proxy_headers=bool(proxies), forwarded_allow_ips=proxies or None,
        server_header=False,
    )  # fmt: skip


def _start_up(runtime: Runtime) -> None:
    warm_up(runtime)
    freeze_startup_objects()


def freeze_startup_objects() -> None:
    """Take what start-up loaded (the model, the planner's vocabulary, the themes' models, the libraries: ~430,000
    objects) out of the cyclic garbage collector's reach, so a full collection no longer scans them.

    A full collection comes every few hundred to thousand questions and, over that heap, stops every thread for
    0.3–2.4 s (measured on the small demo under load; benchmarks/bench_engines.py prints the collections during
    its cold runs); after the freeze it scans only what was created since. Start-up's own cyclic garbage is
    collected first. The frozen objects live as long as the process anyway; they are still freed by reference
    counting, only a reference cycle among them is never collected (at worst a one-off leak of the objects of a
    question answered while the server was warming up)."""
    gc.collect()
    gc.freeze()


def warm_up(runtime: Runtime) -> None:
    """Load what the first questions would otherwise wait for: jieba and scikit-learn for themes, and the
    planner's vocabulary (by planning the example questions; nothing runs, nothing is audited)."""
    from assistant.contracts import detect_language
    from assistant.planner import plan_question
    from assistant.themes import warm_up as warm_up_themes
    from assistant.themes.engine import embedder_for

    try:
        for verified in runtime.model.verified_queries:
            for question in verified.questions:
                plan_question(question, [], runtime.model, runtime.as_of, detect_language(question))
        warm_up_themes(embedder_for(runtime.settings))
    except Exception:  # warming up is an optimisation; a failure shows up (and is reported) on first use
        logger.exception("warm-up failed")


def _bind(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise UserInputError(f"Cannot listen on host '{host}': no such address.") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UserInputError(
                f"Port {port} on {host} is already in use; stop the other server or choose another with --port."
            ) from None
        raise UserInputError(f"Cannot listen on {host}:{port}: {exc.strerror}.") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
