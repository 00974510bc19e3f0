"""End to end: the real window, the real worker and the real Gemma 3 270M model, driven with qtbot."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from desktop_llm.core.chat.store import ConversationStore
from desktop_llm.core.common.settings import Settings
from desktop_llm.ui.app import create_window

pytestmark = pytest.mark.e2e
# Gemma 270M continues the list on one line: a long greedy reply
LONG_PROMPT = "Please continue this list: " + ", ".join(str(i) for i in range(1, 41)) + ","


def open_window(qtbot, app_home):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None or window.chat.banner.isVisible(), timeout=120_000)
    return window


def send(qtbot, window, text: str, temperature: float = 0.0, max_tokens: int = 48):
    chat = window.chat
    chat.settings_panel.temperature.setValue(temperature)
    chat.settings_panel.max_tokens.setValue(max_tokens)
    chat.input.setPlainText(text)
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)


def reply_done(window):
    return not window.chat.busy


def test_first_run_installs_the_starter_then_chats_and_streams(qtbot, app_home):
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible() and window.chat.model is None  # the window never waits for the model
    seen_progress = []
    window.worker.progress.connect(lambda job, fraction, text: seen_progress.append(text))
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=120_000)
    assert any("Installing the starter model" in text for text in seen_progress)
    assert (app_home.models / "gemma-3-270m-q4_k_m.gguf").exists()
    assert "CPU" in window.chat.model_status.text()

    streamed = []
    window.worker.token.connect(lambda job, text, pieces: streamed.append(text))
    send(qtbot, window, "Hello! Who are you?")
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    store = ConversationStore(app_home.database)
    conversation = store.conversations()[0]
    messages = store.messages(conversation.id)
    assert [m.role for m in messages] == ["user", "assistant"] and messages[1].status == "complete"
    assert streamed and messages[1].content == "".join(streamed).strip()
    assert conversation.title == "Hello! Who are you?"
    assert messages[1].content[:20] in window.chat.transcript.toPlainText()
    assert "tokens/s" in window.chat.stats_label.text() and "context" in window.chat.context_label.text()
    store.close()


def test_stop_halts_within_a_second_and_keeps_the_partial_reply(qtbot, app_home, starter_in_place):
    window = open_window(qtbot, app_home)
    send(qtbot, window, LONG_PROMPT, max_tokens=2000)
    qtbot.waitUntil(lambda: window.chat._stream_tokens >= 10, timeout=60_000)
    assert window.chat.stop_button.isEnabled() and not window.chat.send_button.isEnabled()
    stopped_at = time.monotonic()
    qtbot.keyClick(window.chat.input, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: reply_done(window), timeout=5_000)
    assert time.monotonic() - stopped_at < 5  # a hang guard: the latency itself is a bench figure (cancel)
    store = ConversationStore(app_home.database)
    reply = store.messages(store.conversations()[0].id)[-1]
    assert reply.status == "stopped" and "1, " in reply.content
    assert "stopped: partial reply" in window.chat.transcript.toPlainText()
    store.close()


def test_history_and_window_state_survive_a_restart(qtbot, app_home, starter_in_place):
    window = open_window(qtbot, app_home)
    window.chat.new_conversation()
    window.chat.system_prompt.setPlainText("Answer in one word.")
    send(qtbot, window, "What colour is the sky?")
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    conversation_id = window.chat.conversation_id
    transcript = window.chat.transcript.toPlainText()
    window.close()
    assert Settings.load(app_home.settings_file).window_geometry  # size and place are restored from this

    reopened = open_window(qtbot, app_home)
    assert reopened.chat.conversation_id == conversation_id
    assert reopened.chat.transcript.toPlainText() == transcript
    assert reopened.chat.system_prompt.toPlainText() == "Answer in one word."
    assert reopened.chat.conversation_list.count() == 1


def test_regenerate_and_edit_last_message(qtbot, app_home, starter_in_place):
    window = open_window(qtbot, app_home)
    chat = window.chat
    send(qtbot, window, "Say hi.", temperature=1.0)
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    store = ConversationStore(app_home.database)
    first_reply = store.messages(chat.conversation_id)[-1]
    qtbot.keyClick(chat.input, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # regenerate
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    messages = store.messages(chat.conversation_id)
    assert len(messages) == 2 and messages[-1].created_at > first_reply.created_at

    chat.edit_last()
    assert chat.input.toPlainText() == "Say hi." and chat.banner.isVisible()
    chat.input.setPlainText("Say bye.")
    qtbot.keyClick(chat.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    messages = store.messages(chat.conversation_id)
    assert [m.content for m in messages][0] == "Say bye." and len(messages) == 2
    store.close()


def test_conversation_list_rename_search_delete(qtbot, app_home, starter_in_place, monkeypatch):
    window = open_window(qtbot, app_home)
    chat = window.chat
    for text in ("**First** chat", "Second chat"):
        chat.new_conversation()
        assert not chat.stats_label.text() and not chat.regenerate_button.isEnabled()  # nothing to redo yet
        assert not chat.edit_button.isEnabled()
        send(qtbot, window, text, max_tokens=4)
        qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
        assert "tokens/s" in chat.stats_label.text() and chat.regenerate_button.isEnabled()
    assert chat.conversation_list.count() == 2
    chat.search.setText("first")  # searched off the UI thread: the title, then the snippet that matched
    qtbot.waitUntil(lambda: chat.conversation_list.count() == 1, timeout=5000)
    assert chat.conversation_list.item(0).text() == "First chat\n**First** chat"
    chat.conversation_list.setCurrentRow(0)  # the chat's own figures follow it
    first_reply = chat.store.messages(chat.conversation_id)[-1].stats
    assert chat.stats_label.text().startswith(f"{first_reply['tokens']} tokens · "
                                              f"{first_reply['tokens_per_second']:.1f} tokens/s")
    chat.search.setText("zebra")
    qtbot.waitUntil(lambda: chat.conversation_list.count() == 0, timeout=5000)
    assert "No chat matches" in chat.no_conversations.text()
    assert not chat.no_conversations.isHidden()
    chat.search.clear()
    from PySide6.QtWidgets import QInputDialog, QMessageBox
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Renamed", True))
    chat.rename_conversation()
    assert chat.conversation_list.currentItem().text() == "Renamed"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    chat.delete_conversation()
    assert chat.conversation_list.count() == 1


def test_bad_model_files_show_an_error_and_the_app_keeps_working(qtbot, app_home, starter_in_place, tmp_path,
                                                                  broken_vocab_model):
    window = open_window(qtbot, app_home)
    good = window.chat.model.path
    not_gguf = tmp_path / "holiday-photo.gguf"
    not_gguf.write_bytes(b"\xff\xd8\xff\xe0 JFIF" * 100)
    for bad, message in ((not_gguf, "not a GGUF model file"), (broken_vocab_model, "crashed llama.cpp")):
        window.load_model(str(bad))
        qtbot.waitUntil(lambda: window.chat.banner.isVisible() and window._model_job is None, timeout=60_000)
        assert message in window.chat.banner.text()
        # the file was refused before anything was unloaded: the model in use stays usable
        assert window.chat.model is not None and window.chat.model.path == good and window.isVisible()
    window.load_model(good)
    qtbot.waitUntil(lambda: window.chat.model is not None, timeout=60_000)
    send(qtbot, window, "Still there?", max_tokens=8)
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    assert window.chat.transcript.toPlainText().count("Assistant") == 1


def test_the_engine_dying_mid_reply_costs_only_the_model(qtbot, app_home, starter_in_place):
    """llama.cpp aborting (here: its host process killed) during a reply: the window stays, says what happened,
    keeps the partial reply, and the model comes back with one click."""
    window = open_window(qtbot, app_home)
    chat = window.chat
    send(qtbot, window, LONG_PROMPT, max_tokens=2000)
    qtbot.waitUntil(lambda: chat._stream_tokens >= 10, timeout=60_000)
    window.worker._engine.kill()  # what an abort inside llama.cpp does to the host
    qtbot.waitUntil(lambda: reply_done(window) and chat.banner.button.isVisible(), timeout=10_000)
    assert "crashed llama.cpp" in chat.banner.text() and "it was unloaded" in chat.banner.text()
    assert window.isVisible() and chat.model is None
    store = ConversationStore(app_home.database)
    reply = store.messages(chat.conversation_id)[-1]
    assert reply.role == "assistant" and reply.status == "failed" and "1, " in reply.content
    assert "failed: partial reply" in chat.transcript.toPlainText()
    qtbot.mouseClick(chat.banner.button, Qt.MouseButton.LeftButton)  # "Reload the model"
    qtbot.waitUntil(lambda: chat.model is not None, timeout=60_000)
    send(qtbot, window, "Still there?", max_tokens=8)
    qtbot.waitUntil(lambda: reply_done(window), timeout=60_000)
    assert store.messages(chat.conversation_id)[-1].status == "complete"
    store.close()
