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

    # The chips follow the reader's signal, a moment after the database says the documents are read.
    qtbot.waitUntil(lambda: any(label.text().startswith("⚠ broken.pdf") for label in chat.chips.findChildren(QLabel)),
                    timeout=5_000)

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


def test_an_installed_embedding_model_ranks_passages_and_lets_go_when_deleted(qtbot, app_home, starter_in_place,
                                                                              smollm2_model, monkeypatch, tmp_path):
    """The catalog's embedding model, installed (SmolLM2 in its file name stands in: no embedding GGUF can be
    fetched here): the window embeds attached passages in the background, the reply's search uses them, it is not
    offered as a chat model, and deleting it goes back to words only."""
    import os

    from PySide6.QtWidgets import QMessageBox

    from desktop_llm.core.common.errors import Cancelled
    from desktop_llm.ui.app import create_window

    os.link(smollm2_model, app_home.models / "bge-m3-q8_0.gguf")
    window = create_window(app_home)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.chat.model is not None and window.embedder is not None, timeout=120_000)
    chat = window.chat
    assert all("BGE" not in chat.model_picker.itemText(i) for i in range(chat.model_picker.count()))
    note = tmp_path / "museum.md"
    note.write_text(NOTE, encoding="utf-8")
    chat.attach([str(note)])
    index = chat.documents
    qtbot.waitUntil(lambda: index.attached(chat.conversation_id)[0].status == "ready"
                    and not index.unembedded(window.embedder, chat.conversation_id), timeout=120_000)
    searched = []
    monkeypatch.setattr(window.embedder, "embed", lambda texts, role, real=window.embedder.embed:
                        searched.append(role) or real(texts, role))
    chat.input.setPlainText("When do children enter free?")
    chat.send()
    qtbot.waitUntil(lambda: not chat.busy, timeout=120_000)
    assert "query" in searched  # the reply's question was ranked by meaning too
    assert chat.stats_label.text() and "Embedding" not in chat.stats_label.text()

    window.models.select("bge-m3-q8")
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    embedder = window.embedder
    window.models.delete_selected()
    assert window.embedder is None and not (app_home.models / "bge-m3-q8_0.gguf").exists()
    with pytest.raises(Cancelled):  # closed before the file went: nothing holds it open
        embedder.embed(["closed"], "passage")
