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
