"""Real-browser tests: `chatbi serve` on a demo warehouse whose recent complaint texts carry hostile markup,
example host pages on an allowed and a refused origin, a request tracker, and the system Chromium driven
by Playwright (no browser download).

Everything is per pytest-xdist worker: session fixtures run once in each worker that gets a browser test, and
every server takes a free port, so any distribution is correct. To make it cheap, the browser tests are
collected first: `pytest -n 2` (load scheduling) hands each worker a first chunk of about an eighth of the
suite, so they all land on one worker and share one server while the other worker runs the rest. (They are
also marked `xdist_group("browser")` for `--dist loadgroup`, which pytest 9 with xdist 3.8 ignores.)

Without Chromium (or Playwright) the tests skip, unless CHATBI_REQUIRE_BROWSER=1 (set by .ci/run): then
they fail. CHATBI_CHROMIUM names another Chromium binary. Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.browser.servers import (
    REPO,
    ChatbiServer,
    HostSite,
    StaticServer,
    hostile_payload,
    make_hostile_warehouse,
    server_env,
    start_chatbi_server,
    tracker,
)
from tests.conftest import AS_OF

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Frame, Page

SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",
    # No test needs the internet: names other than loopback do not resolve (requests to them are still seen).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
HEADLINE = "What did churned customers complain about in the last three months?"
HEADLINE_ZH = "最近三个月流失的客户主要反映了哪些问题?"
PAGE_LOAD_MS = 60_000
ANSWER_MS = 120_000  # the first answer of a fresh server includes its warm-up, on a busy 2-core CI machine


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives `chatbi serve` in headless Chromium (tests/browser; needs the chromium package)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests first (see the module docstring); the same order in every worker, as xdist requires."""
    first = [item for item in items if item.get_closest_marker("browser")]
    if first:
        items[:] = first + [item for item in items if not item.get_closest_marker("browser")]


# --- browser ------------------------------------------------------------------------------------------------


def chromium_executable_or_skip() -> str:
    """The Chromium binary; skips the calling test when it (or Playwright) is missing, or fails it when
    CHATBI_REQUIRE_BROWSER=1 (CI)."""
    path = os.environ.get("CHATBI_CHROMIUM") or DEFAULT_CHROMIUM
    problem = None
    if importlib.util.find_spec("playwright") is None:
        problem = "the playwright Python package is not installed (make install)"
    elif not (os.path.isfile(path) and os.access(path, os.X_OK)):
        problem = f"no Chromium at {path} (apt-get install chromium, or set CHATBI_CHROMIUM)"
    if problem is not None:
        if os.environ.get("CHATBI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CHATBI_REQUIRE_BROWSER=1 but {problem}", pytrace=False)
        pytest.skip(f"browser tests need Chromium: {problem}")
    return path


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Decide skip/fail before any fixture starts a server for a test that cannot get a browser."""
    if "browser" in getattr(item, "fixturenames", ()):
        chromium_executable_or_skip()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    executable = chromium_executable_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watched:
    """A page in its own browser context, with everything it did that a test may want to rule out."""

    context: BrowserContext
    page: Page
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()


def open_page(browser: Browser) -> Watched:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    context.set_default_timeout(30_000)
    page = context.new_page()
    watched = Watched(context, page)

    def on_dialog(dialog: Dialog) -> None:
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", lambda message: watched.console.append(f"{message.type}: {message.text}"))
    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: watched.page_errors.append(str(error)))
    context.on("request", lambda request: watched.requests.append(request.url))
    return watched


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    """A fresh page for one test."""
    page = open_page(browser)
    yield page
    page.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """On a failed browser test, a screenshot of each of its pages, named after the test."""
    report = yield
    if not report.failed:
        return report
    pages = [value for value in getattr(item, "funcargs", {}).values() if isinstance(value, Watched)]
    if call.when == "call" and pages:
        name = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
        for index, watched in enumerate(pages):
            try:
                path = screenshot(watched.page, f"FAILED-{name}-{index}")
                report.sections.append(("screenshot", str(path)))
            except Exception as error:  # a crashed page must not hide the test's own failure
                report.sections.append(("screenshot", f"none: {error}"))
    for server in _SERVERS:
        report.sections.append((f"chatbi serve output (last lines of {server.log})", server.log_tail(40)))
    return report


_SERVERS: list[ChatbiServer] = []  # the running app servers of this worker, for failure reports


@contextmanager
def screenshot_on_error(page: Page, name: str) -> Iterator[None]:
    """A screenshot named FAILED-<name> when the block fails (fixture set-up has no report hook)."""
    try:
        yield
    except Exception:
        with suppress(Exception):
            screenshot(page, f"FAILED-{name}")
        raise


# --- servers ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HostSites:
    allowed: HostSite  # its origin is in CHATBI_ALLOWED_ORIGINS
    refused: HostSite  # its origin is not


@pytest.fixture(scope="session")
def tracker_server() -> Iterator[StaticServer]:
    """Records every request it gets; hostile texts point their images here."""
    server = tracker()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def host_sites() -> Iterator[HostSites]:
    sites = HostSites(HostSite("Allowed shop").start(), HostSite("Foreign shop").start())
    yield sites
    sites.allowed.stop()
    sites.refused.stop()


@pytest.fixture(scope="session")
def payload(tracker_server: StaticServer) -> str:
    return hostile_payload(tracker_server.origin)


@pytest.fixture(scope="session")
def hostile_warehouse_path(demo_warehouse_path: Path, payload: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's demo warehouse whose recent ticket texts all end with the hostile payload."""
    path = tmp_path_factory.mktemp("hostile-warehouse") / "hostile.duckdb"
    changed = make_hostile_warehouse(demo_warehouse_path, path, payload=payload, as_of=AS_OF)
    assert changed > 1000, f"only {changed} ticket texts in the last months"
    return path


@pytest.fixture(scope="session")
def app_server(
    hostile_warehouse_path: Path, host_sites: HostSites, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ChatbiServer]:
    """One `chatbi serve` per worker over the hostile warehouse: every flow runs on it, so the ordinary ones
    also show that the payload does not break rendering."""
    home = tmp_path_factory.mktemp("chatbi-home")
    env = server_env(
        warehouse=hostile_warehouse_path, as_of=AS_OF, allowed_origins=[host_sites.allowed.origin], home=home
    )
    try:
        server = start_chatbi_server(env, home)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    host_sites.allowed.chatbi_origin = host_sites.refused.chatbi_origin = server.origin
    _SERVERS.append(server)
    yield server
    _SERVERS.remove(server)
    server.stop()


# --- answered pages, shared by the tests that check different things about the same answer ---------------------


# JS: why the page stopped working, or null. Gradio marks a component whose event handler raised with an "Error"
# badge, and shows an error toast when an event call itself failed (e.g. refused by the server): stop waiting.
FAILED_JS = """() => {
    const badge = document.querySelector('[data-testid="status-tracker"] .error');
    if (badge) return 'error in #' + (badge.closest('[id]')?.id ?? '?');
    const toast = document.querySelector('[data-testid="toast-body"].error');
    return toast ? 'error toast: ' + toast.innerText.trim().replace(/\\s+/g, ' ') : null;
}"""


def summary_text_js(selector: str) -> str:
    """JS: the visible text of `selector` without Gradio's status tracker (which shows timers while pending)."""
    return f"""() => {{
        const root = document.querySelector({selector!r});
        if (!root) return null;
        const copy = root.cloneNode(true);
        copy.querySelectorAll('[data-testid="status-tracker"], .eta-bar, .progress-text, .meta-text, .timer')
            .forEach((node) => node.remove());
        return copy.innerText || copy.textContent || '';
    }}"""


def ask_main_ui(page: Page, origin: str, question: str) -> None:
    """Open the chat, ask `question` and wait until #summary holds an answer with a number in it."""
    page.goto(origin + "/", wait_until="domcontentloaded", timeout=PAGE_LOAD_MS)
    box = page.locator("#question textarea").first
    box.wait_for(state="visible", timeout=PAGE_LOAD_MS)
    box.fill(question)
    page.locator("#ask").first.click()
    outcome = page.wait_for_function(
        f"""() => {{
            const failed = ({FAILED_JS})();
            if (failed) return failed;
            const text = ({summary_text_js("#summary")})();
            const busy = document.querySelector('#summary .pending, #themes .pending');
            return text !== null && /\\d/.test(text) && !busy ? 'answered' : false;
        }}""",
        timeout=ANSWER_MS,
    ).json_value()
    if outcome != "answered":
        raise AssertionError(f"the UI failed to answer {question!r}: {outcome} (see the chatbi serve output)")


def open_analyst_view(page: Page) -> None:
    """Open the "how" accordion (assumptions, plan, SQL, ...) if it is closed."""
    sql = page.locator("#sql").first
    if not sql.is_visible():
        page.locator("#how .label-wrap, #how button").first.click()
        sql.wait_for(state="visible", timeout=10_000)


def widget_frame(page: Page) -> Frame:
    handle = page.wait_for_selector("#chatbi-frame", state="attached", timeout=PAGE_LOAD_MS)
    assert handle is not None
    frame = handle.content_frame()
    assert frame is not None, "#chatbi-frame has no content frame"
    return frame


def ask_widget(page: Page, host_url: str, question: str) -> Frame:
    """Open the host page, click the bubble, ask in the widget frame and wait for an answer's summary."""
    page.goto(host_url, wait_until="domcontentloaded", timeout=PAGE_LOAD_MS)
    page.locator("#chatbi-bubble").click(timeout=PAGE_LOAD_MS)
    frame = widget_frame(page)
    frame.locator("#chatbi-question").fill(question, timeout=PAGE_LOAD_MS)
    frame.locator("#chatbi-send").click()
    frame.wait_for_function(
        """() => [...document.querySelectorAll('.chatbi-answer .chatbi-summary')].some((s) => /\\d/.test(s.innerText))
             || document.querySelector('.chatbi-error') !== null""",
        timeout=ANSWER_MS,
    )
    return frame


@pytest.fixture(scope="session")
def main_ui_answer(browser: Browser, app_server: ChatbiServer) -> Iterator[Watched]:
    """The main UI after the headline question."""
    watched = open_page(browser)
    with screenshot_on_error(watched.page, "main-ui-headline"):
        ask_main_ui(watched.page, app_server.origin, HEADLINE)
        open_analyst_view(watched.page)
    screenshot(watched.page, "main-ui-headline")
    yield watched
    watched.close()


@pytest.fixture(scope="session")
def widget_answer(browser: Browser, app_server: ChatbiServer, host_sites: HostSites) -> Iterator[Watched]:
    """The allowed host page after the headline question was asked in its widget."""
    watched = open_page(browser)
    with screenshot_on_error(watched.page, "widget-allowed-host"):
        ask_widget(watched.page, host_sites.allowed.url, HEADLINE)
    screenshot(watched.page, "widget-allowed-host")
    yield watched
    watched.close()


# --- assertions -------------------------------------------------------------------------------------------------


def expect(target: Any) -> Any:
    """playwright's expect, imported only once a browser test runs (collection must not need playwright)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def text_without(page_or_frame: Page | Frame, selector: str, *, drop: str | None = None) -> str:
    """The text of `selector` without Gradio's status tracker and without the elements matching `drop`."""
    removed = '[data-testid="status-tracker"]' + (f", {drop}" if drop else "")
    return str(
        page_or_frame.evaluate(
            """([selector, removed]) => {
                const root = document.querySelector(selector);
                if (!root) return '';
                const copy = root.cloneNode(true);
                copy.querySelectorAll(removed).forEach((node) => node.remove());
                return copy.textContent || '';
            }""",
            [selector, removed],
        )
    )
