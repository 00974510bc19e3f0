"""BackgroundCall: only the newest call's answer arrives, even one already on its way when the next call starts."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
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


def test_calls_whose_owner_let_go_of_them_still_answer_and_end_cleanly():
    """No parent, no owner: the call's thread holds the object, then the queued answer does, so it is freed on the UI
    thread. (Freed on the call's thread while the UI thread delivered its answer, it crashed the process now and
    then: a child process runs it, so a crash fails this test instead of the run.)"""
    script = textwrap.dedent("""
        from PySide6.QtCore import QCoreApplication
        from desktop_llm.ui.background import BackgroundCall
        app = QCoreApplication([])
        answers = []
        for i in range(2000):
            call = BackgroundCall("background-test")
            call.done.connect(lambda result, error: answers.append(result))
            call.start(lambda cancel, i=i: i, (), "failed")
            del call
            for _ in range(3):
                app.processEvents()
        deadline = time.monotonic() + 20
        while len(answers) < 2000 and time.monotonic() < deadline:
            app.processEvents()
        print(len(answers))
    """)
    result = subprocess.run([sys.executable, "-c", "import time\n" + script], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["2000"]
