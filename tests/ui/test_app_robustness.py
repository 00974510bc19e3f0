"""An unexpected error shows a dialog naming the log file and the app keeps running; huge pastes are refused."""

import sys
import threading

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_llm.core.chat.history import MAX_MESSAGE_CHARS
from desktop_llm.core.common.logs import setup_logging
from desktop_llm.ui.app import create_window, install_crash_dialog


@pytest.fixture
def window(qtbot, app_home, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("where", ["ui", "thread"])
def test_unexpected_error_is_logged_and_shown_and_the_app_stays_up(qtbot, window, app_home, where):
    setup_logging(app_home.log_file)
    install_crash_dialog(app_home)
    if where == "ui":
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    else:
        thread = threading.Thread(target=lambda: 1 / 0)
        thread.start()
        thread.join()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox), timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert str(app_home.log_file) in dialog.text() and "keeps running" in dialog.text()
    assert ("boom in a slot" if where == "ui" else "ZeroDivisionError") in app_home.log_file.read_text()
    dialog.close()
    assert window.isVisible()


def test_a_20_mb_paste_is_refused_and_kept_in_the_box(qtbot, window, tiny_model):
    window.load_model(str(tiny_model))
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=60_000)
    huge = ("The quick brown fox jumps over the lazy dog. " * 2 + "\n") * (20 * 1024 * 1024 // 91)
    window.chat.input.setPlainText(huge)
    window.chat.send()
    assert window.chat.banner.isVisible() and f"{MAX_MESSAGE_CHARS:,}" in window.chat.banner.text()
    assert len(window.chat.input.toPlainText()) == len(huge) and not window.chat.busy
    assert window.store.conversations() == [] or window.store.messages(window.chat.conversation_id) == []


def test_a_message_too_long_for_the_context_goes_back_to_the_box(qtbot, window, tiny_model):
    window.chat.settings_panel.n_ctx.setValue(256)
    window.load_model(str(tiny_model))
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=60_000)
    text = "hello the world " * 200
    window.chat.input.setPlainText(text)
    window.chat.send()
    qtbot.waitUntil(lambda: not window.chat.busy, timeout=30_000)
    assert "raise the context length" in window.chat.banner.text()
    assert window.chat.input.toPlainText() == text.strip()
    assert window.store.messages(window.chat.conversation_id) == []
