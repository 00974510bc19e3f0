"""The Chat pane as a daily user drives it, in the real window on the starter model: versions of replies and
messages that never lose history, per-message actions, highlighted code, search, find, the queued note, themes."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMessageBox

from desktop_llm.ui import theme
from desktop_llm.ui.transcript import COPY, COPY_TEXT, DELETE, EDIT, NEXT, PREVIOUS, REGENERATE

pytestmark = pytest.mark.e2e
CODE = "Here is the function:\n\n```python\ndef add(a, b):\n    return a + b\n```\n\nThat is all."


@pytest.fixture
def window(window):
    """The window on the starter (tests/ui/conftest.py), with short replies; back to the light theme after."""
    window.chat.settings_panel.max_tokens.setValue(12)
    yield window
    window.set_theme("light")


def say(qtbot, chat, text: str) -> None:
    chat.input.setPlainText(text)
    chat.send()
    qtbot.waitUntil(lambda: not chat.busy, timeout=120_000)


def contents(chat) -> list[str]:
    return [m.content for m in chat.store.messages(chat.conversation_id)]


def test_regenerate_and_edit_any_message_keep_every_version(qtbot, window, monkeypatch):
    chat = window.chat
    say(qtbot, chat, "Name a fruit.")
    say(qtbot, chat, "Name another one.")
    first, first_reply, second, second_reply = chat.store.messages(chat.conversation_id)

    chat.transcript.message_action.emit(REGENERATE, first_reply.id)  # an early reply, written again
    qtbot.waitUntil(lambda: not chat.busy, timeout=120_000)
    branch = chat.store.messages(chat.conversation_id)
    assert [m.id for m in branch[:1]] == [first.id] and len(branch) == 2 and branch[1].id != first_reply.id
    assert "‹ 2/2 ›" in chat.transcript.toPlainText()

    chat.transcript.message_action.emit(PREVIOUS, branch[1].id)  # back: the rest of that branch follows
    assert [m.id for m in chat.store.messages(chat.conversation_id)] == [first.id, first_reply.id, second.id,
                                                                          second_reply.id]
    assert "‹ 1/2 ›" in chat.transcript.toPlainText()
    chat.transcript.message_action.emit(NEXT, first_reply.id)
    assert chat.store.messages(chat.conversation_id)[1].id == branch[1].id

    chat.transcript.message_action.emit(EDIT, first.id)  # the first message, edited
    assert chat.input.toPlainText() == "Name a fruit." and chat.banner.isVisible()
    say(qtbot, chat, "Name a vegetable.")
    assert contents(chat)[0] == "Name a vegetable." and len(contents(chat)) == 2
    edited = chat.store.messages(chat.conversation_id)[0]
    assert chat.store.versions(edited) == [first.id, edited.id]
    assert len(chat.store.all_messages(chat.conversation_id)) == 7  # nothing was lost

    chat.transcript.message_action.emit(COPY, second.id)
    assert QGuiApplication.clipboard().text() == "Name another one."
    reply = chat.store.messages(chat.conversation_id)[-1]
    chat.transcript.message_action.emit(COPY_TEXT, reply.id)
    assert QGuiApplication.clipboard().text().strip() == reply.content.strip()

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    chat.transcript.message_action.emit(DELETE, edited.id)  # the edited version: the first one comes back
    assert contents(chat)[:2] == ["Name a fruit.", branch[1].content]
    assert "Name a vegetable." not in chat.transcript.toPlainText()


def test_code_is_highlighted_and_copied_and_the_chat_searched_and_found(qtbot, window):
    chat = window.chat
    say(qtbot, chat, "Show me an add function.")
    conversation = chat.conversation_id
    chat.store.add_message(conversation, "assistant", CODE)
    chat.open_conversation(conversation)
    document = chat.transcript.document()
    cursor = document.find("def add")
    assert not cursor.isNull()
    keyword = QTextCursor(document)
    keyword.setPosition(cursor.selectionStart() + 1)
    plain = QTextCursor(document)
    plain.setPosition(document.find("That is all").selectionStart() + 1)
    assert keyword.charFormat().foreground().color() != plain.charFormat().foreground().color()  # coloured
    chat.store.add_message(conversation, "user", "```python\nface = '😀'; x = 12345\n```")
    chat.open_conversation(conversation)
    document = chat.transcript.document()
    digits = QTextCursor(document)
    digits.setPosition(document.find("12345").selectionStart() + 1)
    before = QTextCursor(document)
    before.setPosition(document.find("12345").selectionStart())  # the space before the digits: not coloured
    assert digits.charFormat().foreground().color() != before.charFormat().foreground().color()  # after an emoji
    chat.store.continue_from(conversation, chat.store.messages(conversation)[-2].id)
    chat.open_conversation(conversation)
    with qtbot.waitSignal(chat.transcript.code_copied) as copied:
        chat.transcript.anchorClicked.emit(_link(chat.transcript, "Copy code"))
    assert copied.args[0] == "def add(a, b):\n    return a + b"
    assert QGuiApplication.clipboard().text() == copied.args[0]

    chat.copy_last_reply()  # Ctrl+Shift+C
    assert QGuiApplication.clipboard().text() == CODE

    chat.new_conversation()
    chat.search.setText("a + b")  # searched off the UI thread, with the snippet that matched
    qtbot.waitUntil(lambda: chat.conversation_list.count() == 1 and "a + b" in chat.conversation_list.item(0).text(),
                    timeout=5000)
    chat.search.setText("no such words anywhere")
    qtbot.waitUntil(lambda: chat.no_conversations.isVisible(), timeout=5000)
    chat.search.clear()
    qtbot.waitUntil(lambda: chat.conversation_list.count() == 2, timeout=5000)

    chat.open_conversation(conversation)
    chat.show_find_bar()  # Ctrl+F
    chat.find_bar.setText("return")
    assert chat.transcript.textCursor().selectedText() == "return"
    chat.find_bar.setText("nowhere in this chat")
    assert chat.find_bar.toolTip() == "Not in this chat"


def test_a_queued_reply_says_what_it_waits_for(qtbot, window):
    chat = window.chat
    release = threading.Event()
    window.worker.submit(lambda ctx: release.wait(30))  # a long job of another pane
    chat.input.setPlainText("Hello")
    chat.send()
    qtbot.waitUntil(lambda: "Waiting for the model" in chat.stats_label.text(), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: not chat.busy, timeout=120_000)


def test_dark_theme_redraws_the_conversation_readably(qtbot, window):
    chat = window.chat
    say(qtbot, chat, "Hello")
    window.set_theme("dark")
    assert theme.is_dark() and window.settings.theme == "dark"
    qtbot.waitUntil(lambda: name_color(chat) == theme.color("user", dark=True), timeout=5000)
    window.set_theme("light")
    qtbot.waitUntil(lambda: name_color(chat) == theme.color("user", dark=False), timeout=5000)


def name_color(chat) -> str:
    """The colour of "You" in the transcript."""
    document = chat.transcript.document()
    name = QTextCursor(document)
    name.setPosition(document.find("You").selectionStart() + 1)
    return name.charFormat().foreground().color().name()


def _link(view, text: str):
    """The URL of the link whose text is ``text`` in a transcript."""
    from PySide6.QtCore import QUrl

    cursor = view.document().find(text)
    assert not cursor.isNull(), text
    probe = QTextCursor(view.document())
    probe.setPosition(cursor.selectionStart() + 1)
    return QUrl(probe.charFormat().anchorHref())


def test_a_reply_that_fails_before_it_begins_loses_nothing(qtbot, window, monkeypatch):
    from desktop_llm.core.common.errors import UserError
    from desktop_llm.ui import chat_pane

    chat = window.chat
    say(qtbot, chat, "Name a fruit.")
    say(qtbot, chat, "Name another one.")
    before = [m.id for m in chat.store.messages(chat.conversation_id)]

    def failing_job(*args, **kwargs):
        def job(ctx):
            raise UserError("The model could not answer.")
        return job

    monkeypatch.setattr(chat_pane, "chat_reply_job", failing_job)
    chat.transcript.message_action.emit(REGENERATE, before[1])  # an early reply, written again: it fails
    qtbot.waitUntil(lambda: not chat.busy, timeout=30_000)
    assert [m.id for m in chat.store.messages(chat.conversation_id)] == before  # the branch is back on screen
    assert chat.banner.isVisible()
    say(qtbot, chat, "And a third?")  # a new message that fails comes back to the box to edit
    assert chat.input.toPlainText() == "And a third?"
    assert [m.id for m in chat.store.messages(chat.conversation_id)] == before
