"""`chatbi serve` without a browser: the JSON API (contract, follow-ups, bad bodies, busy), CORS and CSP
headers, the widget and embed script, the feedback store, and the escaping of everything the chat renders."""

from __future__ import annotations

import json
import re
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.contracts import Answer, Plan, Theme, Turn
from assistant.pipeline import final_answer, run_question
from assistant.runtime import Runtime
from assistant.settings import Settings
from assistant.text_safety import quote
from assistant.ui import render
from assistant.ui.feedback import FeedbackStore
from assistant.ui.server import create_app
from assistant.ui.tables import CsvFiles, csv_cell

AS_OF = date(2026, 11, 22)
ALLOWED = "https://shop.example.com"
EVIL = "https://evil.example.net"
ANSWER_KEYS = {"question", "language", "status", "plan", "assumptions", "sql", "columns", "rows", "row_count",
               "truncated", "themes", "summary", "chart", "message", "timings_ms"}  # fmt: skip
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "![x](http://evil.example/t.png)",
    '"><svg onload=alert(1)>',
]


def make_settings(folder: Path, warehouse: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "warehouse": warehouse, "as_of": AS_OF, "audit_log": folder / "audit.jsonl", "llm": "offline",
        "feedback_log": folder / "feedback.jsonl", "allowed_origins": [ALLOWED], "concurrency": 2, "queue_size": 4,
        "rate_limit_per_minute": 0,  # tests/security covers the limit
    }  # fmt: skip
    return Settings(**(values | overrides))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Iterator[TestClient]:
    """The server's API, widget and health check over the session's demo warehouse (no Gradio: fast)."""
    folder = tmp_path_factory.mktemp("server")
    with TestClient(create_app(make_settings(folder, demo_warehouse_path), chat=False)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def chat_client(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Iterator[TestClient]:
    """The full server, Gradio chat included."""
    folder = tmp_path_factory.mktemp("chat")
    with TestClient(create_app(make_settings(folder, demo_warehouse_path))) as test_client:
        yield test_client


@pytest.fixture
def api_only(tmp_path: Path, demo_warehouse_path: Path) -> Iterator[TestClient]:
    """The server without the chat UI, one question at a time and no queue (for the busy reply)."""
    app = create_app(make_settings(tmp_path, demo_warehouse_path, concurrency=1, queue_size=0), chat=False)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory, demo_warehouse_path: Path) -> Runtime:
    return Runtime(make_settings(tmp_path_factory.mktemp("runtime"), demo_warehouse_path))


def ask(client: TestClient, body: Any, **headers: str) -> Any:
    headers = {"Content-Type": "application/json", **headers}
    return client.post("/api/ask", content=json.dumps(body, ensure_ascii=False), headers=headers)


def test_healthz_answers_without_a_query(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_ask_returns_the_answer_contract(client: TestClient) -> None:
    response = ask(client, {"question": "Revenue by region last quarter"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    answer = response.json()
    assert set(answer) == ANSWER_KEYS | {"display"}  # the Answer JSON, and the display values beside it
    assert answer["status"] == "answered" and answer["language"] == "en"
    table = answer["display"]["table"]
    assert table["headers"] == ["Region", "Revenue"] and all(cell.startswith("¥") for _, cell in table["rows"])
    assert answer["display"]["chart"]["src"].startswith("data:image/svg+xml;base64,")
    assert answer["columns"] == ["region", "revenue"] and answer["row_count"] == 5
    assert answer["sql"].startswith("SELECT") and answer["plan"]["query"]["metrics"] == ["revenue"]
    assert answer["summary"] and answer["assumptions"]


def test_follow_up_uses_the_history(client: TestClient) -> None:
    first = ask(client, {"question": "Revenue by product category this year"}).json()
    history = [{"question": first["question"], "query": first["plan"]["query"]}]
    second = ask(client, {"question": "What about last year?", "history": history}).json()
    query = second["plan"]["query"]
    assert second["status"] == "answered"
    assert query["metrics"] == ["revenue"] and query["dimensions"][0]["name"] == "order.category"
    assert query["time_range"]["start"] == "2025-01-01" and query["time_range"]["end"] == "2025-12-31"


def test_clarifications_are_answers_not_errors(client: TestClient) -> None:
    response = ask(client, {"question": "What is the weather tomorrow?"})
    assert response.status_code == 200 and response.json()["status"] in ("clarify", "unsupported")


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"", 400, "empty"),
        (b"   ", 400, "empty"),
        (b"not json", 400, "not valid"),
        (b"\xff\xfe\x00", 400, "not valid"),
        (b"[1, 2]", 422, "JSON object"),
        (b'"just a string"', 422, "JSON object"),
        (b"{}", 422, "missing"),
        (b'{"question": 5}', 422, "must be a string"),
        (b'{"question": null}', 422, "must be a string"),
        (b'{"question": ""}', 422, "question"),
        (b'{"question": "   \\n  "}', 422, "question"),
        (b'{"question": "a\\u0000b"}', 422, "control characters"),
        (json.dumps({"question": "x" * 2001}).encode(), 422, "characters long"),
        (b'{"question": "q", "history": "no"}', 422, "history"),
        (b'{"question": "q", "history": [{"query": 1}]}', 422, "Invalid request"),
        (b'{"question": "q", "extra": true}', 422, "extra"),
        (json.dumps({"question": "q", "history": [{"question": "q"}] * 51}).encode(), 422, "limit"),
        (json.dumps({"question": "q", "pad": "x" * 300_000}).encode(), 413, "limit"),
    ],
)
def test_bad_bodies_get_clear_json_errors(client: TestClient, body: bytes, status: int, message: str) -> None:
    response = client.post("/api/ask", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    data = response.json()
    assert data["status"] == "error" and message.lower() in data["message"].lower()
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_a_bug_becomes_a_friendly_500(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any) -> Answer:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("assistant.ui.server._answer", broken)
    response = ask(client, {"question": "Revenue by region last quarter"})
    assert response.status_code == 500 and response.json()["status"] == "error"
    assert "secret" not in response.text and "Traceback" not in response.text


def test_busy_server_replies_503(api_only: TestClient) -> None:
    pool = api_only.app.state.pool  # type: ignore[attr-defined]
    assert pool.try_admit()  # the one slot is taken and there is no queue
    try:
        response = ask(api_only, {"question": "Revenue by region last quarter"})
    finally:
        pool.release()
    assert response.status_code == 503
    assert response.json() == {"status": "error", "message": "The assistant is busy; please try again in a moment."}
    assert ask(api_only, {"question": "Revenue by region last quarter"}).status_code == 200


def test_cors_is_for_allowed_origins_on_the_api_only(client: TestClient) -> None:
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = client.options("/api/ask", headers={"Origin": ALLOWED, **preflight})
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ALLOWED
    refused = client.options("/api/ask", headers={"Origin": EVIL, **preflight})
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    body = {"question": "How many active customers?"}
    assert ask(client, body, Origin=ALLOWED).headers["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-origin" not in ask(client, body, Origin=EVIL).headers
    for path in ("/healthz", "/widget", "/embed.js"):
        assert "access-control-allow-origin" not in client.get(path, headers={"Origin": ALLOWED}).headers


def test_widget_may_be_framed_by_allowed_origins_only(client: TestClient) -> None:
    response = client.get("/widget")
    csp = response.headers["content-security-policy"]
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert f"frame-ancestors 'self' {ALLOWED}" in csp and EVIL not in csp
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "img-src 'self' data:" in csp
    assert "script-src 'self';" in csp, "the widget runs no inline script"
    html = response.text
    for element in ('id="chatbi-widget"', 'id="chatbi-question"', 'id="chatbi-send"', 'src="/widget.js"'):
        assert element in html
    config = re.search(r'<script type="application/json" id="chatbi-config">(.*?)</script>', html, re.S)
    assert config is not None
    assert (
        "What did churned customers complain about in the last three months?" in json.loads(config[1])["examples"]["en"]
    )
    scripts = re.findall(r"<script([^>]*)>", html)
    assert all("src=" in attrs or "application/json" in attrs for attrs in scripts)
    assert client.get("/widget.js").headers["content-type"].startswith("text/javascript")


def test_chat_page_is_served_with_its_csp(chat_client: TestClient) -> None:
    response = chat_client.get("/", headers={"Origin": ALLOWED})
    csp = response.headers["content-security-policy"]
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'self'" in csp and "img-src 'self' data: blob:" in csp and "connect-src 'self'" in csp
    assert response.headers["x-frame-options"] == "SAMEORIGIN"
    assert "fonts.googleapis.com" not in response.text and "access-control-allow-origin" not in response.headers
    config = chat_client.get("/config").json()
    ids = {component.get("props", {}).get("elem_id") for component in config["components"]}
    for elem_id in ("question", "ask", "examples", "progress", "summary", "chart", "table", "download", "themes",
                    "how", "assumptions", "plan", "sql", "definitions", "timings", "followups", "thumbs-up",
                    "thumbs-down", "feedback-comment", "feedback-status", "model-browser", "chat"):  # fmt: skip
        assert elem_id in ids, elem_id


def test_embed_script_is_javascript(client: TestClient) -> None:
    response = client.get("/embed.js")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/javascript")
    script = response.text
    assert "chatbi-bubble" in script and "chatbi-frame" in script and "document.currentScript" in script
    assert '"/widget?"' in script and not re.search(r"\.(?:inner|outer)HTML\b|document\.write", script)


def test_widget_script_never_writes_html(client: TestClient) -> None:
    script = client.get("/widget.js").text
    assert not re.search(r"\.(?:inner|outer)HTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function", script)
    assert "textContent" in script and '"/api/ask"' in script


def test_feedback_store_appends_whole_lines(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "nested" / "feedback.jsonl")
    answer = {"question": "Revenue by region last quarter", "plan": {"status": "ok", "query": {"metrics": ["revenue"]}},
              "sql": "SELECT 1", "status": "answered", "language": "en"}  # fmt: skip
    store.record("up", answer, comment="  great\u200b  ")
    threads = [threading.Thread(target=store.record, args=("down", answer, "x" * 5000)) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    lines = (tmp_path / "nested" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 17
    assert records[0]["rating"] == "up" and records[0]["comment"] == "great"
    assert records[0]["question"] == answer["question"] and records[0]["plan"] == answer["plan"]
    assert records[0]["sql"] == "SELECT 1"
    assert all(len(r["comment"]) == 2000 for r in records[1:])


def test_csv_download_has_raw_values_and_no_formulas(tmp_path: Path) -> None:
    answer = Answer(
        question="q", status="answered", columns=["name", "share"], rows=[["=HYPERLINK(1)", 0.25], ["东区", None]]
    )
    path = CsvFiles(tmp_path).write(answer)
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines() == ["name,share", "'=HYPERLINK(1),0.25", "东区,"]
    assert csv_cell("-1") == "'-1" and csv_cell(-1) == -1


def test_server_refuses_a_port_in_use(demo_warehouse_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        code = main(["serve", "--warehouse", str(demo_warehouse_path), "--port", str(port), "--as-of", "2026-11-22"])
    err = capsys.readouterr().err
    assert code == 1 and "already in use" in err and "Traceback" not in err


# -- escaping: every data, model or LLM string is inert in the chat's HTML ------------------------------------


def hostile_answer() -> Answer:
    themes = [
        Theme(id="t", label=text, count=3, share=0.5, keywords=[text], examples=[quote(text) for text in HOSTILE])
        for text in HOSTILE[:2]
    ]
    plan = Plan(status="clarify", clarification=HOSTILE[0], suggestions=HOSTILE, planner="offline")
    return Answer(question=HOSTILE[1], status="answered", summary=" ".join(HOSTILE), assumptions=HOSTILE,
                  themes=themes, columns=["theme", "complaints", "share"], plan=plan)  # fmt: skip


OUR_TAGS = {"div", "p", "h3", "h4", "ul", "li", "section", "span", "blockquote", "details", "summary", "dl", "dt",
            "dd", "code", "br", "table", "tbody", "tr", "th", "td", "strong"}  # fmt: skip


def assert_inert(fragment: str) -> None:
    """Only the tags our renderer writes, and no event-handler attribute in any of them."""
    assert set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", fragment)) <= OUR_TAGS
    assert not re.search(r"<[^>]*\son\w+\s*=", fragment)


def test_render_escapes_hostile_text_once(runtime: Runtime) -> None:
    from assistant.ui import cards
    from assistant.ui.display import answer_display

    answer = hostile_answer()
    summary = render.summary_html(answer, "en")
    themes = cards.themes_html(answer, answer_display(runtime.model, answer, AS_OF).themes, "en")
    for fragment in (summary, themes, render.assumptions_html(answer, "en"), cards.question_html(HOSTILE[0], "en")):
        assert_inert(fragment)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary
    # Quotes come escaped from the themes stage: shown escaped once, never as a visible "&amp;lt;".
    quotes = re.findall(r'<blockquote class="quote">(.*?)</blockquote>', themes)
    assert len(quotes) == 2 * 3 and "&amp;lt;" not in themes
    assert quotes[0] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert quotes[2].startswith("![x]") and "http" not in quotes[2]  # the link masked by the themes stage
    clarify = render.summary_html(answer.model_copy(update={"status": "clarify", "message": HOSTILE[2]}), "en")
    assert_inert(clarify)
    assert "![x](http://evil.example/t.png)" in clarify
    assert "<li>" not in clarify  # the suggestions show once, as follow-up buttons


def test_model_browser_and_definitions_escape(runtime: Runtime) -> None:
    from semantic_layer import SemanticQuery

    model = runtime.model
    browser = render.model_browser_html(model, "zh", "<img src=x onerror=alert(1)>")
    assert "<img" not in browser and "没有匹配的条目" in browser
    everything = render.model_browser_html(model, "en")
    assert "churn_rate" in everything and "Churn rate" in everything and "流失率" in everything
    query = SemanticQuery(metrics=["churn_rate", "revenue"], segments=["churned_customers"])
    definitions = render.definitions_html(model, query, "en")
    assert (
        "churn_rate" in definitions and "SUM(amount)" in definitions and "status = &#x27;churned&#x27;" in definitions
    )


def test_chart_is_drawn_from_the_spec_as_inert_svg(runtime: Runtime) -> None:
    import base64

    from assistant.ui import svgchart
    from assistant.ui.display import answer_display
    from semantic_layer import SemanticQuery

    model = runtime.model
    query = SemanticQuery(metrics=["churn_rate"], dimensions=[{"name": "metric_time", "grain": "month"}])
    spec = {"type": "line", "x": "metric_time__month", "y": ["churn_rate"], "series": None, "x_kind": "time",
            "orientation": "vertical", "formats": {"churn_rate": "percent"}, "title": HOSTILE[0],
            "layout": None, "partial_last": True, "highlight": None}  # fmt: skip
    answer = Answer(question="q", language="zh", status="answered", columns=["metric_time__month", "churn_rate"],
                    plan=Plan(status="ok", query=query, planner="offline"), chart=spec,
                    rows=[["2026-02-01T00:00:00", 0.02], ["2026-01-01T00:00:00", 0.0123]])  # fmt: skip
    chart = answer_display(model, answer, AS_OF).chart
    assert chart is not None and chart.categories == ["2026-01", "2026-02"] and chart.kinds == ["bar", "line", "table"]
    assert chart.series[0].texts == ["1.2%", "2.0%"] and chart.y_label == "流失率"
    svg = svgchart.render(chart)
    assert "<script" not in svg and "&lt;script&gt;" in svg and "stroke-dasharray" in svg and "(未完)" in svg
    assert "hatch" in svgchart.render(chart, "bar") and "<polyline" not in svgchart.render(chart, "bar")
    uri = svgchart.data_uri(svg)
    assert base64.b64decode(uri.split(",", 1)[1]).decode() == svg
    assert answer_display(model, answer.model_copy(update={"chart": None}), AS_OF).chart is None


def test_answer_view_of_the_headline_question(runtime: Runtime, tmp_path: Path) -> None:
    from assistant.ui.view import answer_view

    question = "What did churned customers complain about in the last three months?"
    answer = final_answer(run_question(runtime, question))
    view = answer_view(runtime, answer, [], CsvFiles(tmp_path))
    assert answer.status == "answered" and answer.themes
    assert view.themes.count('class="quote"') >= 3
    assert "&amp;lt;" not in view.themes and "&amp;#" not in view.themes and "&amp;quot;" not in view.themes
    chart = view.display.chart
    assert chart is not None and chart.horizontal and len(chart.categories) == len(answer.themes)
    assert view.table == "" and view.csv is not None and Path(view.csv).is_file()  # the themes are the table
    assert view.analysed and "Metric" in view.chips
    assert view.sql.startswith("SELECT") and "tickets" in view.sql and "Time range" in view.assumptions
    assert view.followups and all(isinstance(q, str) for q in view.followups)
    for follow_up in view.followups:  # every suggestion is answerable after this answer
        history = [Turn(question=question, query=answer.plan.query if answer.plan else None)]
        assert final_answer(run_question(runtime, follow_up, history, execute=False)).status == "answered"
