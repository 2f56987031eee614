"""The main chat at / (Gradio): the headline question answered with a summary, themes, a chart and the SQL,
in English and in Chinese."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import HEADLINE_ZH, Watched, ask_main_ui, expect, screenshot, text_without
from tests.browser.servers import ChatbiServer

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CJK = re.compile(r"[\u4e00-\u9fff]")
# A chart is an image, canvas or svg of a real size; Gradio's empty-state icon and its buttons' icons are svgs too.
CHART_DRAWN_JS = """() => [...document.querySelectorAll('#chart img, #chart canvas, #chart svg')]
    .filter((el) => !el.closest('.empty, button, [data-testid="status-tracker"]') && !el.parentElement.closest('svg'))
    .some((el) => { const box = el.getBoundingClientRect(); return box.width >= 150 && box.height >= 80; })"""


def test_headline_question_shows_summary_themes_chart_and_sql(main_ui_answer: Watched) -> None:
    page = main_ui_answer.page
    expect(page.locator("#summary")).to_contain_text(re.compile(r"\d"))

    quotes = page.locator("#themes .quote")
    expect(quotes.first).to_be_visible()
    themes_text = text_without(page, "#themes", drop=".quote")
    assert re.search(r"[A-Za-z]{4,}", themes_text), f"no theme labels around the quotes: {themes_text!r}"

    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(CHART_DRAWN_JS, timeout=30_000)
    except PlaywrightTimeoutError:
        chart_html = page.evaluate("() => document.querySelector('#chart')?.outerHTML ?? '(no #chart)'")
        pytest.fail(f"#chart holds no drawn chart; it is:\n{chart_html[:2000]}")

    expect(page.locator("#sql")).to_contain_text("SELECT")
    assert not main_ui_answer.page_errors, main_ui_answer.page_errors


# The element ids the UI promises (all but the model browser, which lives on its own tab).
CONTRACT_IDS = (
    "question",
    "ask",
    "progress",
    "summary",
    "chart",
    "table",
    "download",
    "themes",
    "how",
    "assumptions",
    "plan",
    "sql",
    "definitions",
    "timings",
    "followups",
    "thumbs-up",
    "thumbs-down",
    "feedback-comment",
    "feedback-status",
    "chat",
    "examples",
)


def test_answer_page_has_every_element_of_the_contract(main_ui_answer: Watched) -> None:
    missing = main_ui_answer.page.evaluate("(ids) => ids.filter((id) => !document.getElementById(id))", CONTRACT_IDS)
    assert not missing, f"elements missing from the answered main UI (accordion open): {missing}"


def test_model_browser_is_on_a_tab(watched: Watched, app_server: ChatbiServer) -> None:
    page = watched.page
    page.goto(app_server.origin + "/", wait_until="domcontentloaded")
    page.locator("#question textarea").first.wait_for(state="visible")
    tabs = page.get_by_role("tab")
    for index in range(tabs.count()):
        if page.locator("#model-browser").count():
            break
        tabs.nth(index).click()
    expect(page.locator("#model-browser")).to_be_visible()
    expect(page.locator("#model-browser")).to_contain_text("churn", ignore_case=True)


def test_chinese_question_gets_a_chinese_answer(watched: Watched, app_server: ChatbiServer) -> None:
    page = watched.page
    ask_main_ui(page, app_server.origin, HEADLINE_ZH)
    expect(page.locator("#themes .quote").first).to_be_visible()
    screenshot(page, "main-ui-chinese")

    summary = text_without(page, "#summary")
    assert CJK.search(summary), f"the summary of a Chinese question is not in Chinese: {summary!r}"
    labels = text_without(page, "#themes", drop=".quote")
    assert CJK.search(labels), f"the theme labels of a Chinese question are not in Chinese: {labels!r}"
    button = page.locator("#ask").first.inner_text()
    assert CJK.search(button), f"the interface stays in English after a Chinese question: #ask reads {button!r}"
    assert not watched.page_errors, watched.page_errors
