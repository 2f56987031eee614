"""Issue 9 §1: no client can make the chat serve a file it did not create.

Against a real `chatbi serve` on 127.0.0.1, as an outsider: every event of the Gradio config is fired with a
file reference to a canary (outside the app's folders) in every input position, in the shapes Gradio's
post-processing copies into its cache (FileData, a chat message with a file part); the canary never comes
back, in a reply or from any URL a reply names, and is never even copied into the server's temporary files.
The file route refuses the canary by path, through `..`, %-escapes, symlinks and URLs; uploads, named API
calls and Gradio's other routes are refused; the app's own CSV download is still served.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.browser.servers import ChatbiServer
from tests.conftest import AS_OF
from tests.security.outsider import (
    FILE_URL,
    ask_in_session,
    fire_chain,
    post_json,
    request,
    run_event,
    start_server,
)

CANARY = "chatbi-canary-" + uuid.uuid4().hex
QUESTION = "How many customers do we have?"


@pytest.fixture(scope="module")
def canary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outside") / "canary.txt"
    path.write_text(CANARY + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Iterator[ChatbiServer]:
    home = tmp_path_factory.mktemp("served")
    # No rate limit (the sweep fires a few hundred events); theme answers over 20 texts only, to be quick.
    served = start_server(demo_warehouse_path, home, AS_OF, CHATBI_RATE_LIMIT_PER_MINUTE="0", CHATBI_MAX_TEXTS="20")
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(scope="module")
def config(server: ChatbiServer) -> dict[str, Any]:
    reply = request(server.port, "GET", "/config")
    assert reply.status == 200
    return reply.json()  # type: ignore[no-any-return]


def server_tmp(server: ChatbiServer) -> Path:
    return server.log.parent / "tmp"


def files_folder(server: ChatbiServer) -> Path:
    (folder,) = server_tmp(server).glob("chatbi-files-*")
    return folder


def file_payloads(canary: Path) -> list[Any]:
    """A reference to the canary in each shape Gradio turns into a served file."""
    data = {"path": str(canary), "orig_name": "canary.txt", "meta": {"_type": "gradio.FileData"}}
    part = {"type": "file", "file": data}
    return [
        {**data, "url": f"/gradio_api/file={canary}"},
        [{"role": "user", "content": [part]}, {"role": "assistant", "content": data}],
    ]


def assert_canary_absent(server: ChatbiServer, text: str) -> None:
    assert CANARY not in text
    for url in set(FILE_URL.findall(text)):
        reply = request(server.port, "GET", url)
        assert CANARY not in reply.text, f"{url} served the canary"


def test_the_reported_exploit_is_closed(server: ChatbiServer, config: dict[str, Any], canary: Path) -> None:
    """The issue's reproduction: the first event (asking) with a chat value holding a file part, then the
    events the page chains after it."""
    chat = [{"role": "user", "content": [{"type": "file", "file": {"path": str(canary), "meta": {"_type": "gradio.FileData"}}}]}]  # fmt: skip
    first = config["dependencies"][0]
    data: list[Any] = [QUESTION, None, chat, "en", ""][: len(first["inputs"])]
    text = fire_chain(server.port, config, first, data, uuid.uuid4().hex[:11], QUESTION)
    assert "process_completed" in text or '"data"' in text
    assert_canary_absent(server, text)


def test_no_event_serves_a_client_named_file(server: ChatbiServer, config: dict[str, Any], canary: Path) -> None:
    """Every event, every input position, every shape. To keep it quick, the positions whose value a handler
    may take whole (everything but text boxes) carry the canary together while the text boxes hold a question
    the planner answers, so the handler runs to the end; then each text box carries it alone."""
    types = {component["id"]: component["type"] for component in config["components"]}
    dependencies = [dependency for dependency in config["dependencies"] if dependency["backend_fn"]]
    assert len(dependencies) >= 10
    calls = []
    for dependency in dependencies:
        inputs = dependency["inputs"]
        texts = [i for i, component in enumerate(inputs) if types[component] == "textbox"]
        for payload in file_payloads(canary):
            if len(texts) < len(inputs):
                calls.append((dependency, [QUESTION if i in texts else payload for i in range(len(inputs))]))
            for position in texts:
                calls.append((dependency, [payload if i == position else QUESTION for i in range(len(inputs))]))

    def fire(call: tuple[dict[str, Any], list[Any]]) -> None:
        dependency, data = call
        status, text = run_event(server.port, dependency, data)
        assert status in (200, 422, 500), (dependency["api_name"], status, text[:300])
        assert_canary_absent(server, text)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(fire, calls))
    assert len(calls) >= 2 * len(dependencies)
    # Not even copied: no file under the server's temporary folder holds the canary.
    for path in server_tmp(server).rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert CANARY.encode() not in path.read_bytes(), f"the canary was copied to {path}"


def test_file_route_refuses_everything_outside_the_app_folder(server: ChatbiServer, canary: Path) -> None:
    folder = files_folder(server)
    inside = folder / "planted"
    inside.mkdir(exist_ok=True)
    (inside / "link.txt").symlink_to(canary)  # a symlink inside the folder that points out of it
    outside_link = canary.parent / "outside-link.txt"
    outside_link.symlink_to(canary)
    up = "/".join([".."] * len(folder.parts))
    targets = [
        f"/gradio_api/file={canary}",
        f"/gradio_api/file={quote(str(canary), safe='')}",
        f"/gradio_api/file={quote(quote(str(canary), safe=''), safe='')}",
        f"/gradio_api/file={folder}/{up}{canary}",
        f"/gradio_api/file={folder}/%2e%2e/%2e%2e/%2e%2e{canary}",
        f"/gradio_api/file={folder}/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..{canary}",
        f"/gradio_api/file={folder}\\..\\..\\{canary}",
        f"/gradio_api/file={inside}/link.txt",
        f"/gradio_api/file={outside_link}",
        f"/gradio_api/file={os.path.relpath(canary, server.log.parent)}",  # relative to the server's cwd
        f"/gradio_api/file/{canary}",
        f"/gradio_api/file={canary}%00.csv",
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/file=/proc/self/environ",
        f"/gradio_api/file={folder}",
        f"/gradio_api/file=http://127.0.0.1:{server.port}/healthz",
        f"/gradio_api/proxy=http://127.0.0.1:{server.port}/healthz",
        f"/static/{up}{canary}",
        f"/assets/{quote(up + str(canary), safe='')}",
        f"/svelte/{quote(up + str(canary), safe='')}",
        f"/{quote(up, safe='')}{canary}",
    ]
    for target in targets:
        for method in ("GET", "HEAD"):
            reply = request(server.port, method, target)
            assert reply.status in (400, 403, 404, 405), (method, target, reply.status)
            assert CANARY not in reply.text and "root:" not in reply.text


def test_uploads_and_other_gradio_routes_are_refused(server: ChatbiServer, canary: Path) -> None:
    boundary = "chatbi" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"canary.txt\"\r\n"
            f"Content-Type: text/plain\r\n\r\n{CANARY}\r\n--{boundary}--\r\n").encode()  # fmt: skip
    upload = request(server.port, "POST", "/gradio_api/upload", body=body,
                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
    assert upload.status == 404
    for method, target in [("GET", "/gradio_api/upload_progress?upload_id=x"), ("POST", "/gradio_api/component_server"),
                           ("GET", "/gradio_api/runs"), ("GET", "/gradio_api/run-history/records"),
                           ("POST", "/gradio_api/vibe-edit"), ("GET", "/gradio_api/monitoring"),
                           ("POST", "/gradio_api/process_recording"), ("POST", "/gradio_api/stream/x"),
                           ("GET", "/gradio_api/openapi.json"), ("GET", "/gradio_api/deep_link")]:  # fmt: skip
        assert request(server.port, method, target, body=b"{}").status == 404, target


def test_no_event_is_callable_by_name(server: ChatbiServer, config: dict[str, Any]) -> None:
    info = request(server.port, "GET", "/gradio_api/info").json()
    assert info["named_endpoints"] == {} and info["unnamed_endpoints"] == {}
    assert all(dependency["api_visibility"] == "private" for dependency in config["dependencies"])
    names = {dependency["api_name"] for dependency in config["dependencies"]}
    for name in sorted(names):
        for prefix in ("run", "call", "api"):
            reply = post_json(server.port, f"/gradio_api/{prefix}/{name}", {"data": ["x", None, None, "en", ""]})
            assert reply.status == 404, (prefix, name, reply.status, reply.text[:200])
    assert post_json(server.port, "/gradio_api/queue/join", {"data": [], "session_hash": "abc"}).status == 404
    as_text = json.dumps({"data": ["hello", None, None, "en", ""], "fn_index": 0, "session_hash": "abcdef"}).encode()
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):  # what a cross-site form can send
        for route in ("/gradio_api/queue/join", "/gradio_api/run/predict"):
            reply = request(server.port, "POST", route, body=as_text, headers={"Content-Type": content_type})
            assert reply.status == 415, (route, content_type, reply.status)
    assert (
        post_json(server.port, "/gradio_api/queue/join", {"data": [], "fn_index": 999, "session_hash": "a"}).status
        == 404
    )


def test_the_apps_own_files_are_still_served(server: ChatbiServer, config: dict[str, Any]) -> None:
    """The CSV download of an answer and the button icons: the file route is narrowed, not broken."""
    text = ask_in_session(server.port, config, "Revenue by region last quarter", uuid.uuid4().hex[:11])
    csv = [url for url in set(FILE_URL.findall(text)) if url.endswith(".csv")]
    assert csv, text[-2000:]
    reply = request(server.port, "GET", csv[0])
    assert reply.status == 200 and "revenue" in reply.body.decode("utf-8-sig")
    assert "chatbi-files-" in csv[0]
    icons = {url for url in FILE_URL.findall(json.dumps(config)) if url.endswith(".svg")}
    assert all(request(server.port, "GET", url).status == 200 for url in icons)
