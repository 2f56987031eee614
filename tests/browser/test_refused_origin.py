"""Only the origins in CHATBI_ALLOWED_ORIGINS may frame the widget (CSP frame-ancestors) and call the API from
a browser (CORS): a host page on any other origin gets neither."""

from __future__ import annotations

import re
import time

import pytest

from tests.browser.conftest import HostSites, Watched, expect, screenshot
from tests.browser.servers import ChatbiServer, http

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

QUICK_QUESTION = "How many customers do we have?"
FETCH_JS = """async ([url, question]) => {
    try {
        const reply = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                        body: JSON.stringify({question})});
        return {ok: true, status: reply.status, body: await reply.text()};
    } catch (error) {
        return {ok: false, error: String(error)};
    }
}"""


def test_widget_headers_allow_only_listed_origins(app_server: ChatbiServer, host_sites: HostSites) -> None:
    reply = http("GET", app_server.origin + "/widget")
    assert reply.status == 200
    policy = reply.headers.get("content-security-policy", "")
    ancestors = re.search(r"frame-ancestors([^;]*)", policy)
    assert ancestors, f"no frame-ancestors in the widget's CSP: {policy!r}"
    sources = ancestors.group(1).split()
    assert host_sites.allowed.origin in sources and host_sites.refused.origin not in sources, sources
    assert "*" not in sources


def test_widget_is_refused_on_a_foreign_origin(
    watched: Watched, app_server: ChatbiServer, host_sites: HostSites
) -> None:
    page = watched.page
    page.goto(host_sites.refused.url, wait_until="domcontentloaded")
    page.locator("#chatbi-bubble").click()
    expect(page.locator("#chatbi-frame")).to_have_attribute(
        "src", re.compile("^" + re.escape(app_server.origin + "/widget"))
    )

    deadline = time.monotonic() + 20
    while not any("frame-ancestors" in line for line in watched.console) and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    screenshot(page, "widget-refused-origin")
    assert any("frame-ancestors" in line for line in watched.console), (
        f"Chromium reported no frame-ancestors violation; console: {watched.console}"
    )
    handle = page.query_selector("#chatbi-frame")
    frame = handle.content_frame() if handle else None
    if frame is not None:
        try:
            has_widget = frame.evaluate("() => document.querySelector('#chatbi-widget') !== null")
        except Exception:  # Chromium's error page for a refused frame may not be scriptable
            has_widget = False
        assert not has_widget, f"the widget loaded in a frame on {host_sites.refused.origin} ({frame.url})"


def test_api_answers_browsers_only_on_allowed_origins(
    watched: Watched, app_server: ChatbiServer, host_sites: HostSites
) -> None:
    page = watched.page
    url = app_server.origin + "/api/ask"

    page.goto(host_sites.refused.url, wait_until="domcontentloaded")
    refused = page.evaluate(FETCH_JS, [url, QUICK_QUESTION])
    assert not refused["ok"], f"a page on {host_sites.refused.origin} read /api/ask: {refused}"
    assert any("CORS" in line for line in watched.console), watched.console

    page.goto(host_sites.allowed.url, wait_until="domcontentloaded")
    allowed = page.evaluate(FETCH_JS, [url, QUICK_QUESTION])
    assert allowed["ok"] and allowed["status"] == 200, f"a page on {host_sites.allowed.origin} could not ask: {allowed}"

    for origin, expected in ((host_sites.refused.origin, None), (host_sites.allowed.origin, host_sites.allowed.origin)):
        preflight = http(
            "OPTIONS",
            url,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.headers.get("access-control-allow-origin") == expected, (origin, dict(preflight.headers))
