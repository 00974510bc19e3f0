"""The whole app, first run to quit, in a fresh process: it must exit with status 0.

PySide6 6.12.0 aborted at interpreter exit after a first-run chat (a refcount bug, "bool_dealloc"); this test
catches such a regression, which no in-process test can see.
"""

import subprocess
import sys

import pytest

APP_RUN = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_llm.core.common.paths import app_paths
from desktop_llm.ui.app import create_window

app = QApplication(sys.argv[:1])
window = create_window(app_paths().ensure())
window.show()
chat = window.chat
sent = []

def step():
    if chat.model is None or chat.busy:
        QTimer.singleShot(50, step)
    elif not sent:
        sent.append(1)
        chat.settings_panel.max_tokens.setValue(12)
        chat.input.setPlainText("Hello, who are you?")
        chat.send()
        QTimer.singleShot(50, step)
    else:
        print("replied", flush=True)
        window.close()
        app.quit()

QTimer.singleShot(50, step)
sys.exit(app.exec())
"""


@pytest.mark.e2e
def test_first_run_chat_and_quit_exits_cleanly(app_home):
    result = subprocess.run([sys.executable, "-c", APP_RUN], capture_output=True, text=True, timeout=300)
    assert "replied" in result.stdout, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]


CLOSE_WHILE_LOADING = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_llm.core.common.paths import app_paths
from desktop_llm.ui.app import create_window

app = QApplication(sys.argv[:1])
window = create_window(app_paths().ensure())
window.show()

def close_mid_load():
    if window._model_job is None and window._starter_job is None:
        QTimer.singleShot(5, close_mid_load)
        return
    started = time.monotonic()
    window.close()  # during the starter's installation or its load
    print(f"closed in {time.monotonic() - started:.2f} s", flush=True)
    app.quit()

QTimer.singleShot(0, close_mid_load)
sys.exit(app.exec())
"""


@pytest.mark.e2e
def test_closing_while_a_model_loads_exits_cleanly_and_at_once(app_home):
    result = subprocess.run([sys.executable, "-c", CLOSE_WHILE_LOADING], capture_output=True, text=True,
                            timeout=120)
    assert "closed in" in result.stdout, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]  # no "QThread: Destroyed while thread is still running"
    assert float(result.stdout.split("closed in ")[1].split()[0]) < 10  # a hang guard


def test_a_job_stuck_in_the_engine_is_ended_by_killing_the_engine_at_shutdown(qtbot, app_home):
    """A job llama.cpp will not let go of (no cancel check reaches it) must not keep the app from closing."""
    import threading

    from desktop_llm.worker import EngineWorker

    class StuckEngine:
        model = None

        def __init__(self):
            self.killed = threading.Event()

        def hang(self):
            self.killed.wait(60)

        def kill(self):
            self.killed.set()

        def close(self):
            pass

    engine = StuckEngine()
    worker = EngineWorker(app_home.database, engine=engine)
    with qtbot.waitSignal(worker.started, timeout=5000):
        worker.submit(lambda ctx: ctx.engine.hang())
    assert worker.shutdown(timeout_ms=10_000) and engine.killed.is_set()
