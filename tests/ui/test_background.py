"""BackgroundCall: only the newest call's answer arrives, even one already on its way when the next call starts."""

from __future__ import annotations

import threading
import time

from desktop_llm.ui.background import BackgroundCall


def _wait_for_threads_named(name: str) -> None:
    deadline = time.monotonic() + 10
    while any(thread.name == name for thread in threading.enumerate()):
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_an_answer_that_arrives_after_a_newer_call_started_is_dropped(qtbot):
    call = BackgroundCall("background-test")
    answers = []
    call.done.connect(lambda result, error: answers.append((result, error)))
    call.start(lambda cancel: "old", (), "failed")
    _wait_for_threads_named("background-test")  # finished: its answer waits in the UI thread's event queue
    release = threading.Event()
    call.start(lambda cancel: release.wait(10) and "new", (), "failed")
    qtbot.wait(100)  # the old answer is delivered now, if ever
    assert answers == []
    release.set()
    qtbot.waitUntil(lambda: answers == [("new", None)])


def test_errors_arrive_as_messages(qtbot):
    call = BackgroundCall("background-test")
    answers = []
    call.done.connect(lambda result, error: answers.append((result, error)))
    call.start(lambda cancel: 1 / 0, (), "Search failed")
    qtbot.waitUntil(lambda: answers == [(None, "Search failed: ZeroDivisionError: division by zero")])
