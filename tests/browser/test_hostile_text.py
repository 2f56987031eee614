"""Complaint texts are untrusted (DESIGN.md §8): markup, Markdown images and javascript: links in them show as
plain text in the main UI, in the widget and in the API answer. Nothing runs, nothing loads."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.browser.conftest import HEADLINE, Watched, expect
from tests.browser.servers import ChatbiServer, StaticServer, http

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# What a frame's DOM must not contain after rendering the hostile quotes.
INSPECT_JS = """() => {
    const handlers = [];
    for (const el of document.querySelectorAll('*')) {
        for (const attr of el.attributes) {
            if (attr.name.startsWith('on') && attr.value.includes('__pwned')) handlers.push(el.outerHTML.slice(0, 200));
        }
    }
    const external = [...document.images].map((img) => img.getAttribute('src') || '').filter((src) => {
        if (!src) return false;
        const url = new URL(src, location.href);
        return !['data:', 'blob:'].includes(url.protocol) && url.origin !== location.origin;
    });
    return {
        url: location.href,
        pwned: typeof window.__pwned,
        handlers,
        externalImages: external,
        javascriptLinks: [...document.querySelectorAll('a[href]')]
            .map((a) => a.getAttribute('href')).filter((href) => /^\\s*javascript:/i.test(href)),
        scripts: [...document.scripts].map((s) => s.textContent).filter((text) => text.includes('__pwned')).length,
    };
}"""
ENTITY = re.compile(r"&(?:[a-z]+|#\d+|#x[0-9a-f]+);", re.IGNORECASE)


def payload_pieces(payload: str) -> list[str]:
    """The payload's parts (markup, Markdown image, javascript: link), each to be seen as literal text."""
    return [piece for piece in re.split(r"(?<=>) |(?<=\)) ", payload) if piece]


def assert_inert(watched: Watched, quotes: Any, tracker: StaticServer, payload: str) -> None:
    """The quotes show every part of the payload as text, and nothing of it ran, loaded or became markup."""
    page = watched.page
    expect(quotes.first).to_be_visible()
    page.wait_for_timeout(1500)  # time for an image to load or an error handler to fire, were there one

    problems = []
    texts = [" ".join(text.split()) for text in quotes.all_inner_texts()]
    pieces = payload_pieces(payload)
    if not any(all(piece in text for piece in pieces) for text in texts):
        problems.append(f"no quote shows all of {pieces} as text; quotes: {texts}")
    if double := [text for text in texts if ENTITY.search(text)]:
        problems.append(f"quotes show HTML entities (escaped twice): {double}")
    for frame in page.frames:
        found = frame.evaluate(INSPECT_JS)
        where = found["url"]
        if found["pwned"] != "undefined":
            problems.append(f"the payload ran in {where}")
        for key in ("handlers", "externalImages", "javascriptLinks"):
            if found[key]:
                problems.append(f"{key} in {where}: {found[key]}")
        if found["scripts"]:
            problems.append(f"{found['scripts']} script elements from the data in {where}")
    if watched.dialogs:
        problems.append(f"dialogs opened: {watched.dialogs}")
    if tracker.requests:
        problems.append(f"the tracker was called: {tracker.requests}")
    if attempts := [url for url in watched.requests if url.startswith(tracker.origin)]:
        problems.append(f"the browser requested: {attempts}")
    assert not problems, "\n".join(problems)


def test_main_ui_shows_hostile_quotes_as_inert_text(
    main_ui_answer: Watched, tracker_server: StaticServer, payload: str
) -> None:
    assert_inert(main_ui_answer, main_ui_answer.page.locator("#themes .quote"), tracker_server, payload)


def test_widget_shows_hostile_quotes_as_inert_text(
    widget_answer: Watched, tracker_server: StaticServer, payload: str
) -> None:
    quotes = widget_answer.page.frame_locator("#chatbi-frame").locator(".chatbi-themes .chatbi-quote")
    assert_inert(widget_answer, quotes, tracker_server, payload)


def test_api_answer_carries_the_payload_escaped(app_server: ChatbiServer, payload: str) -> None:
    reply = http("POST", app_server.origin + "/api/ask", body={"question": HEADLINE})
    assert reply.status == 200, reply.body[:500]
    answer = reply.json()
    assert answer["status"] == "answered", answer.get("message")
    examples = [example for theme in answer["themes"] for example in theme["examples"]]
    assert examples
    escaped_script = html.escape("<script>window.__pwned=1</script>")
    missing = [example for example in examples if escaped_script not in example]
    assert not missing, f"quotes without the escaped payload: {missing}"
    raw = [example for example in examples if re.search(r"[<>]|!\[|\]\(", example)]
    assert not raw, f"quotes with live markup or Markdown: {raw}"
    body = reply.body.decode()
    assert "<script" not in body and "<img" not in body
