"""The embeddable widget on a host page of an allowed origin: one script tag puts a bubble on the page, the
bubble opens the widget in an iframe, and the widget answers."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Route

from tests.browser.conftest import HostSites, Watched, expect, screenshot
from tests.browser.servers import ChatbiServer

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_widget_on_an_allowed_host_page_answers(widget_answer: Watched, app_server: ChatbiServer) -> None:
    page = widget_answer.page
    expect(page.locator("#chatbi-frame")).to_have_attribute(
        "src", re.compile("^" + re.escape(app_server.origin + "/widget"))
    )
    frame = page.frame_locator("#chatbi-frame")
    expect(frame.locator("#chatbi-widget")).to_be_visible()
    expect(frame.locator(".chatbi-error")).to_have_count(0)
    answer = frame.locator(".chatbi-answer").last
    expect(answer.locator(".chatbi-summary")).to_contain_text(re.compile(r"\d"))
    expect(answer.locator(".chatbi-themes .chatbi-quote").first).to_be_visible()
    assert not widget_answer.page_errors, widget_answer.page_errors
    refusals = [line for line in widget_answer.console if "frame-ancestors" in line]
    assert not refusals, f"the widget was refused on an allowed origin: {refusals}"


def test_bubble_toggles_the_widget(watched: Watched, app_server: ChatbiServer, host_sites: HostSites) -> None:
    page = watched.page
    page.goto(host_sites.allowed.url, wait_until="domcontentloaded")
    bubble = page.locator("#chatbi-bubble")
    bubble.click()
    expect(page.locator("#chatbi-frame")).to_be_visible()
    expect(page.frame_locator("#chatbi-frame").locator("#chatbi-question")).to_be_visible()
    screenshot(page, "widget-open")
    bubble.click()
    expect(page.locator("#chatbi-frame")).to_be_hidden()
    bubble.click()
    expect(page.locator("#chatbi-frame")).to_be_visible()


def test_a_question_sent_while_the_widget_script_loads_is_not_lost(watched: Watched, app_server: ChatbiServer) -> None:
    """On a slow line the form is on screen before widget.js has run; a click then must not submit the form
    natively (which reloads the widget and drops the question): the button waits for the script."""
    page = watched.page
    held: list[Route] = []
    page.route("**/widget.js", lambda route: held.append(route))
    page.goto(app_server.origin + "/widget", wait_until="commit")
    send = page.locator("#chatbi-send")
    page.locator("#chatbi-question").fill("上季度各区域的销售额")
    expect(send).to_be_disabled()
    for _ in range(200):  # the held request reaches its handler during a Playwright call
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "widget.js was never requested"
    held[0].continue_()
    send.click()
    answer = page.locator(".chatbi-answer").last
    expect(answer.locator(".chatbi-summary")).to_contain_text(re.compile(r"\d"), timeout=120_000)
    assert page.url.startswith(app_server.origin + "/widget"), page.url
