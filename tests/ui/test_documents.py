"""Documents in the Chat pane, end to end: attach (button, drop, folder, from Summarize), read in the background,
ask, see the sources under the reply, open one beside the conversation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

pytestmark = pytest.mark.e2e
NOTE = ("# Opening hours\n\nThe museum opens at nine and closes at five.\n\n"
        "# Tickets\n\nChildren enter free on Sundays. Adults pay twelve euros.")


def drop(widget, paths) -> None:
    """Drag files over ``widget`` and drop them (Qt delivers a drop only where the drag was accepted)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    keys = (Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(QPoint(5, 5), *keys)
    assert QApplication.sendEvent(widget, enter) and enter.isAccepted()
    QApplication.sendEvent(widget, QDropEvent(QPointF(5, 5), *keys))


def test_attach_ask_and_open_a_cited_passage(qtbot, window, tmp_path):
    chat = window.chat
    note = tmp_path / "museum.md"
    note.write_text(NOTE, encoding="utf-8")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "LICENSE").write_text("Permission is granted to copy this note.", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 damaged" * 10)
    chat.attach([str(note)])
    assert chat.conversation_id is not None and not chat.chips.isHidden()
    drop(chat.input.viewport(), [folder])  # a folder dropped on the input: its documents, extension-less ones included
    qtbot.waitUntil(lambda: all(d.status != "queued" for d in chat.documents.attached(chat.conversation_id)),
                    timeout=60_000)
    states = {d.name: d.status for d in chat.documents.attached(chat.conversation_id)}
    assert states == {"museum.md": "ready", "LICENSE": "ready", "broken.pdf": "failed"}
    from PySide6.QtWidgets import QLabel

    assert any(label.text().startswith("⚠ broken.pdf") for label in chat.chips.findChildren(QLabel))

    chat.input.setPlainText("When do children enter free?")
    chat.send()
    qtbot.waitUntil(lambda: not chat.busy, timeout=120_000)
    reply = chat.store.messages(chat.conversation_id)[-1]
    assert reply.role == "assistant" and reply.citations and reply.stats["documents"]["mode"] == "whole"
    shown = chat.transcript.toPlainText()
    assert "[1] museum.md" in shown and ("Sources: " in shown or "Passages that best match" in shown)
    chat.transcript.citation_clicked.emit(reply.id, 0)
    assert chat.sources.isVisible() and reply.citations[0]["text"] in chat.sources.text.toPlainText()

    chat.detach_document(next(d.id for d in chat.documents.attached(chat.conversation_id) if d.name == "LICENSE"))
    assert {d.name for d in chat.documents.attached(chat.conversation_id)} == {"museum.md", "broken.pdf"}


def test_ask_about_a_document_from_the_summarize_pane(qtbot, window):
    pane = window.summarize
    window.tabs.setCurrentWidget(pane)
    pane.set_text(NOTE, "pasted text")
    pane.ask_button.click()
    chat = window.chat
    assert window.tabs.currentWidget() is chat
    documents = chat.documents.attached(chat.conversation_id)
    assert [(d.name, d.status) for d in documents] == [("pasted text", "ready")]
