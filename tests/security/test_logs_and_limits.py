"""The pieces behind issue 9 §6, without a server: log rotation and retention, one-line JSON records for any
text, the rate limiter's arithmetic and memory bound, the file-route check, the proxy setting."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from assistant.audit import AuditLog
from assistant.jsonl import JsonLines, json_line
from assistant.settings import Settings
from assistant.ui.gradio_guard import servable
from assistant.ui.limits import RateLimiter, retry_after

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@pytest.mark.parametrize("text", [LINE_BREAKS, "a\ud800b", "\udfff", "东区\u2028\u2029", "\x00\x7f"])
def test_every_record_is_one_line_for_any_splitter(text: str) -> None:
    line = json_line({"text": text, "nested": [text, {"k": text}]})
    decoded = line.decode("utf-8")  # valid UTF-8, lone surrogates included
    assert decoded.splitlines() == [decoded[:-1]] and decoded.endswith("\n")
    assert json.loads(decoded) == {"text": text, "nested": [text, {"k": text}]}


def test_logs_rotate_by_size_and_keep_the_set_number_of_files(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    lines = JsonLines(path, max_bytes=2_000, backups=2)
    for number in range(200):
        lines.append({"n": number, "pad": "x" * 50})
    files = sorted(tmp_path.iterdir())
    assert [file.name for file in files] == ["audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"]
    assert all(file.stat().st_size <= 2_000 for file in files)
    numbers = [json.loads(line)["n"] for name in ("audit.jsonl.2", "audit.jsonl.1", "audit.jsonl")
               for line in (tmp_path / name).read_text(encoding="utf-8").splitlines()]  # fmt: skip
    assert numbers == list(range(200 - len(numbers), 200))  # the newest, in order, none lost in between


def test_rotation_with_concurrent_writers_keeps_whole_lines(tmp_path: Path) -> None:
    lines = JsonLines(tmp_path / "feedback.jsonl", max_bytes=5_000, backups=50)
    threads = [threading.Thread(target=lambda: [lines.append({"pad": "y" * 100}) for _ in range(50)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    records = [json.loads(line) for file in tmp_path.iterdir() for line in file.read_text().splitlines()]
    assert len(records) == 400


def test_no_backups_means_the_file_restarts(tmp_path: Path) -> None:
    lines = JsonLines(tmp_path / "a.jsonl", max_bytes=500, backups=0)
    for _ in range(50):
        lines.append({"pad": "z" * 40})
    assert [file.name for file in tmp_path.iterdir()] == ["a.jsonl"]


def test_settings_reach_the_audit_log(tmp_path: Path) -> None:
    from assistant.runtime import Runtime

    settings = Settings(audit_log=tmp_path / "audit.jsonl", log_max_mb=0.001, log_backups=1)
    audit = Runtime(settings).audit
    for _ in range(30):
        audit.record(user="u", kind="ask", question="q" * 100, plan=None, sql=None, guard="ok", row_count=0,
                     timings_ms={}, error=None)  # fmt: skip
    assert sorted(file.name for file in tmp_path.iterdir()) == ["audit.jsonl", "audit.jsonl.1"]


def test_audit_counting_sees_records_of_its_own_context_only(tmp_path: Path) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    fields = {"user": "u", "kind": "ask", "question": "q", "plan": None, "sql": None, "guard": "ok", "row_count": 0,
              "timings_ms": {}, "error": None}  # fmt: skip
    with audit.counting() as outer:
        audit.record(**fields)  # type: ignore[arg-type]
        other = threading.Thread(target=lambda: audit.record(**fields))  # type: ignore[arg-type]
        other.start()
        other.join()
        with audit.counting() as inner:
            assert inner.records == 0
    assert outer.records == 1


def test_rate_limiter_bursts_then_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, clock=lambda: now[0])
    assert limiter.acquire(["ip:a"]) == 0 and limiter.acquire(["ip:a"]) == 0
    wait = limiter.acquire(["ip:a"])
    assert wait == pytest.approx(10.0) and retry_after(wait) == "10"
    assert limiter.acquire(["ip:b"]) == 0  # another client
    now[0] = 10.0
    assert limiter.acquire(["ip:a"]) == 0 and limiter.acquire(["ip:a"]) > 0
    # A request passes only if every key has a token; a refused one takes none.
    assert limiter.acquire(["ip:c", "session:s"]) == 0 and limiter.acquire(["ip:d", "session:s"]) == 0
    assert limiter.acquire(["ip:e", "session:s"]) > 0 and limiter.acquire(["ip:e"]) == 0
    assert RateLimiter(per_minute=0, burst=1).acquire(["ip:a"] * 5) == 0  # off


def test_rate_limiter_memory_is_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=1, clock=lambda: now[0], max_keys=100)
    for number in range(10_000):
        now[0] += 0.001
        limiter.acquire([f"ip:{number}"])
    assert len(limiter) <= 100


def test_servable_only_inside_the_folder(tmp_path: Path) -> None:
    folder = (tmp_path / "files").resolve()
    (folder / "abc").mkdir(parents=True)
    (folder / "abc" / "a.csv").write_text("x")
    secret = tmp_path / "secret.txt"
    secret.write_text("s")
    (folder / "abc" / "link.csv").symlink_to(secret)
    assert servable(str(folder / "abc" / "a.csv"), folder)
    for path in [str(secret), str(folder / "abc" / "link.csv"), f"{folder}/abc/../../secret.txt", str(folder),
                 str(folder / "abc"), f"{folder}/abc/a.csv\x00", "", "/etc/passwd", "http://127.0.0.1/x",
                 os.path.relpath(secret)]:  # fmt: skip
        assert not servable(path, folder), path


def test_forwarded_headers_are_trusted_only_from_configured_proxies() -> None:
    from assistant.ui.server import server_config

    direct = server_config(None, Settings())  # type: ignore[arg-type]
    assert direct.proxy_headers is False
    proxied = server_config(None, Settings(trusted_proxies="127.0.0.1, 10.0.0.5"))  # type: ignore[arg-type]
    assert proxied.proxy_headers is True and proxied.forwarded_allow_ips == ["127.0.0.1", "10.0.0.5"]
