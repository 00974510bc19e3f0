"""Documents in the Chat pane: the reader that indexes them in the background, the chips above the input, and the
panel that shows a cited passage.

The reader is one daemon thread with its own history-database connection. It reads queued documents one at a time
(``DocumentIndex.index_next``), never on the UI thread or the engine thread, so a 500-page PDF neither freezes the
window nor holds up a reply to another chat. Documents left queued by a quit are read at the next start.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCharFormat
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QTextBrowser, QToolButton, QVBoxLayout, QWidget

from ..core.chat.attachments import AttachedDocument, DocumentIndex, Embedder
from ..core.chat.store import ConversationStore, StoreError, citation_place
from ..core.common.errors import Cancelled, UserError
from . import theme
from .i18n import localized
from .widgets import FlowLayout

log = logging.getLogger(__name__)


EMBEDDING = -1  # the document id of progress about embedding passages (no one document)


class DocumentReader(QObject):
    """``progress(document_id, fraction, text)`` while a document is read; ``finished(document_id)`` after each.
    With an embedding model, the passages are then embedded: ``progress(EMBEDDING, …)``, ``finished(EMBEDDING)``."""

    progress = Signal(int, float, str)
    finished = Signal(int)

    def __init__(self, database: Path, parent=None):
        super().__init__(parent)
        self.database = database
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self.embedder: Embedder | None = None
        self._pause = threading.Event()  # set: embedding stops between batches (a document to read, a reply)
        self._busy = False  # a reply is being written: embedding waits (both would share the CPU)

    def set_embedder(self, embedder: Embedder | None) -> None:
        """Embed passages with ``embedder`` from now on (what is not embedded yet, at once)."""
        self.embedder = embedder
        if embedder is not None:
            self.read_pending()

    def set_busy(self, busy: bool) -> None:
        """While a reply is written, passages are not embedded (the reply gets the CPU); then embedding resumes."""
        self._busy = busy
        if busy:
            self._pause.set()
        else:
            self.read_pending()

    def read_pending(self) -> None:
        """Read whatever is queued (start the thread, or wake it); embedding in progress makes way for it."""
        self._pause.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="document-reader", daemon=True)
            self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        """At quit: the document being read stays queued for the next start."""
        self._stop.set()
        self._pause.set()
        self._cancel.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        store = ConversationStore(self.database)
        index = DocumentIndex(store)
        try:
            while not self._stop.is_set():
                self._wake.wait()
                self._wake.clear()
                self._pause.clear()  # before looking: a wake from now on pauses the embedding that follows
                while not self._stop.is_set():
                    pending = index.pending()
                    if not pending:
                        break
                    current = pending[0].id
                    try:
                        done = index.index_next(self._cancel, lambda f, text, document=current:
                                                self.progress.emit(document, f, localized(text)))
                    except Cancelled:
                        return
                    except Exception:  # a bug must not stop the reading of the other documents
                        log.exception("reading document %s failed", current)
                        index.mark_failed(current, self.tr("it could not be read (see the log)"))
                        done = None
                    self.finished.emit(done.id if done else current)
                if not self._stop.is_set():
                    self._embed(index)
        finally:
            store.close()


    def _embed(self, index: DocumentIndex) -> None:
        """Vectors for the passages that have none, after reading and never during a reply: it stops between
        batches when a document is queued or a reply starts, and goes on when woken again."""
        embedder = self.embedder
        if embedder is None or self._busy or self._pause.is_set() or not index.unembedded(embedder):
            return
        try:
            index.embed_pending(embedder, self._pause,
                                lambda f, text: self.progress.emit(EMBEDDING, f, localized(text)))
        except Cancelled:  # the model was closed meanwhile (replaced or deleted)
            pass
        except StoreError as exc:  # the database, not the model: tried again at the next wake
            log.warning("could not save passage vectors: %s", exc)
        except UserError as exc:  # a broken embedding model: documents are searched by words, as without one
            log.warning("embedding passages failed: %s", exc)
            self.progress.emit(EMBEDDING, 1.0, self.tr("Passages are searched by words only: {error}").format(
                error=localized(exc)))
            if self.embedder is embedder:
                self.embedder = None
            return
        except Exception:  # a bug must not stop the reading of documents
            log.exception("embedding passages failed")
            if self.embedder is embedder:
                self.embedder = None
        self.finished.emit(EMBEDDING)


class DocumentChips(QWidget):
    """The conversation's documents above the input, each with its state and a × to remove it."""

    detach_requested = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=4)
        self._chips: dict[int, QLabel] = {}
        self.hide()

    def set_documents(self, documents: list[AttachedDocument]) -> None:
        while self.flow.count():
            item = self.flow.takeAt(0)
            item.widget().deleteLater()
        self._chips.clear()
        for document in documents:
            self.flow.add_group(self._chip(document))
        self.setVisible(bool(documents))

    def show_progress(self, document_id: int, fraction: float, text: str) -> None:
        label = self._chips.get(document_id)
        if label is not None:
            label.setText(self.tr("{name} · reading {percent:.0%}").format(name=label.property("name"),
                                                                          percent=fraction))
            label.setToolTip(text)

    def _chip(self, document: AttachedDocument) -> QFrame:
        chip = QFrame(objectName="documentChip", frameShape=QFrame.Shape.StyledPanel)
        row = QHBoxLayout(chip)
        row.setContentsMargins(6, 1, 2, 1)
        row.setSpacing(2)
        label = QLabel(textFormat=Qt.TextFormat.PlainText)
        label.setProperty("name", document.name)
        if document.status == "failed":
            label.setText(f"⚠ {document.name}")
            label.setToolTip(self.tr("Not used: {problem}").format(problem=localized(document.problem)))
            theme.set_style_sheet(chip, "QFrame#documentChip { background: $tint_warning; }")
        elif document.status == "queued":
            label.setText(self.tr("{name} · waiting").format(name=document.name))
            label.setToolTip(self.tr("Waiting to be read"))
        else:
            pages = self.tr(" · %n page(s)", "", document.pages) if document.pages else ""
            label.setText(f"{document.name}{pages}")
            label.setToolTip("\n".join([document.path or self.tr("pasted text"),
                                        self.tr("{chars} characters").format(
                                            chars=QLocale().toString(document.chars)),
                                        *map(localized, document.warnings)]))
        remove = QToolButton(text="×", autoRaise=True, toolTip=self.tr("Remove {name} from this chat").format(
            name=document.name), clicked=lambda: self.detach_requested.emit(document.id))
        row.addWidget(label)
        row.addWidget(remove)
        self._chips[document.id] = label
        return chip


class SourcePanel(QFrame):
    """A cited passage in its place: file, page and heading, the passage highlighted between its neighbours."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.open_button = QToolButton(text=self.tr("Open file"), clicked=self._open_file)
        close = QToolButton(text="×", autoRaise=True, toolTip=self.tr("Close"), clicked=self.hide)
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button)
        top.addWidget(close)
        self.text = QTextBrowser()
        layout.addLayout(top)
        layout.addWidget(self.text, 1)
        self._path: str | None = None
        self._passage: tuple[str | None, str, str | None] | None = None  # before, the cited passage, after
        self.hide()

    def show_citation(self, citation: dict, index: DocumentIndex) -> None:
        before, after, path = index.neighbours(citation.get("passage_id", -1))
        self._path = path if path and Path(path).exists() else None
        self.open_button.setVisible(self._path is not None)
        self.title.setText(f"[{citation['n']}] {localized(citation_place(citation))}")
        self._passage = (before, citation["text"], after)
        self._render()
        self.show()

    def _render(self) -> None:
        """The passage between its neighbours, in the colours of the palette in force."""
        before, passage, after = self._passage
        self.text.clear()
        cursor = self.text.textCursor()
        plain, marked = QTextCharFormat(), QTextCharFormat()
        plain.setForeground(self.palette().placeholderText())
        marked.setBackground(theme.tint("highlight"))
        if before:
            cursor.insertText(before + "\n\n", plain)
        start = cursor.position()
        cursor.insertText(passage, marked)
        if after:
            cursor.insertText("\n\n" + after, plain)
        cursor.setPosition(start)
        self.text.setTextCursor(cursor)
        # Once laid out: the passage at the top of the panel, its context above and below.
        QTimer.singleShot(0, lambda: self.text.verticalScrollBar().setValue(
            self.text.verticalScrollBar().value() + self.text.cursorRect(cursor).top() - 8))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if theme.is_palette_change(event) and theme.dark_changed(self) and self._passage is not None:
            self._render()  # light <-> dark: the highlight and the grey context in the new palette

    def _open_file(self) -> None:
        if self._path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self._path))

