"""The engines' deadline watchdog: one thread cancels blocks past their deadline, never after they end."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

import assistant.engines.watchdog as watchdog_module
from assistant.engines.watchdog import Watchdog


def _wait_until(condition: Callable[[], bool], within_s: float = 3.0) -> bool:
    end = time.monotonic() + within_s
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.005)
    return condition()


def test_a_block_past_its_deadline_is_cancelled_and_again_until_it_ends() -> None:
    watchdog = Watchdog()
    calls: list[float] = []
    started = time.monotonic()
    with watchdog.watch(lambda: calls.append(time.monotonic()), 0.2) as deadline:
        assert _wait_until(lambda: len(calls) >= 3)
    count = len(calls)
    assert deadline.fired
    assert calls[0] - started >= 0.2 - 0.01  # not before the deadline
    assert calls[1] - calls[0] >= watchdog_module.RECANCEL_S - 0.01  # repeated at the re-cancel pace
    time.sleep(0.3)
    assert len(calls) == count  # nothing after the block ended


def test_a_block_that_ends_in_time_is_never_cancelled() -> None:
    watchdog = Watchdog()
    calls: list[int] = []
    with watchdog.watch(lambda: calls.append(1), 0.1) as deadline:
        pass
    time.sleep(0.3)
    assert calls == [] and not deadline.fired


def test_a_later_registered_earlier_deadline_still_fires_on_time() -> None:
    """The thread sleeps until the earliest deadline; a new, earlier one must wake it."""
    watchdog = Watchdog()
    fired = threading.Event()
    with watchdog.watch(lambda: None, 60.0):
        time.sleep(0.05)  # the thread is now asleep until the 60 s deadline
        started = time.monotonic()
        with watchdog.watch(fired.set, 0.1):
            assert fired.wait(2.0)
        assert time.monotonic() - started < 1.0


def test_only_the_late_block_is_cancelled_among_concurrent_ones() -> None:
    watchdog = Watchdog()
    cancelled: set[int] = set()
    lock = threading.Lock()

    def block(index: int, duration_s: float) -> None:
        def cancel() -> None:
            with lock:
                cancelled.add(index)

        with watchdog.watch(cancel, 0.3):
            time.sleep(duration_s)

    threads = [threading.Thread(target=block, args=(index, 0.6 if index == 3 else 0.01)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cancelled == {3}


def test_ending_a_block_waits_for_a_cancel_in_progress() -> None:
    """A connection released after the block is never cancelled by it: exit waits for a running cancel."""
    watchdog = Watchdog()
    in_cancel = threading.Event()
    events: list[str] = []

    def slow_cancel() -> None:
        in_cancel.set()
        time.sleep(0.2)
        events.append("cancel done")

    with watchdog.watch(slow_cancel, 0.05):
        assert in_cancel.wait(2.0)
    events.append("block ended")
    assert events[:2] == ["cancel done", "block ended"]
    time.sleep(0.3)
    assert events.count("cancel done") == 1


def test_a_failing_cancel_does_not_stop_the_watchdog() -> None:
    watchdog = Watchdog()

    def broken() -> None:
        raise RuntimeError("cancel failed")

    with watchdog.watch(broken, 0.05):
        assert _wait_until(lambda: watchdog.cancel_errors >= 2)  # retried
    fired = threading.Event()
    with watchdog.watch(fired.set, 0.05):
        assert fired.wait(2.0)


def test_one_thread_serves_many_blocks_and_exits_when_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watchdog_module, "IDLE_EXIT_S", 0.2)
    watchdog = Watchdog(name="chatbi-watchdog-test")

    def watchdog_threads() -> list[threading.Thread]:
        return [thread for thread in threading.enumerate() if thread.name == "chatbi-watchdog-test"]

    for _ in range(200):
        with watchdog.watch(lambda: None, 10.0):
            pass
    assert len(watchdog_threads()) == 1
    assert _wait_until(lambda: not watchdog.running() and not watchdog_threads())
    fired = threading.Event()
    with watchdog.watch(fired.set, 0.05):  # starts again on demand
        assert fired.wait(2.0)
