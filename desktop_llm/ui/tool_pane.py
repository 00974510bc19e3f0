"""What the Summarize, Translate and Sentiment panes share: the input box (paste, open, drop), the model choice,
Run/Cancel with progress, remembered options, and the wiring to the worker.

A pane builds a job from the text and its options; everything it shows comes back as worker signals carrying
the job's id, so a pane ignores the jobs of other panes. Files are read on a short-lived thread
(:class:`BackgroundCall`): a 300-page PDF never freezes the window.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..core.common.settings import Settings
from ..core.engines.base import ModelInfo
from ..core.engines.endpoints import EndpointError
from ..core.jobs.choices import ModelAccess
from ..core.jobs.context import Job
from ..core.jobs.loading import AnyModelRequest
from ..core.text.documents import MAX_TEXT_CHARS, SUPPORTED_SUFFIXES, Document, DocumentError, read_document
from ..worker import EngineWorker
from .background import BackgroundCall

FILE_FILTER = "Documents (" + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES) + ");;All files (*)"
CURRENT_MODEL = ""  # the model choice that means "whichever model is loaded"


class SourceEdit(QPlainTextEdit):
    """The input box: refuses a paste over the size limit (with a message) and turns dropped files into opens."""

    file_dropped = Signal(str)
    refused = Signal(str)

    def canInsertFromMimeData(self, source) -> bool:
        return source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source) -> None:
        files = [url.toLocalFile() for url in source.urls() if url.isLocalFile()] if source.hasUrls() else []
        if files:
            self.file_dropped.emit(files[0])
            return
        size = len(self.toPlainText()) + len(source.text())
        if size > MAX_TEXT_CHARS:
            self.refused.emit(f"That would make {size:,} characters; the limit is {MAX_TEXT_CHARS:,} (about "
                              f"{MAX_TEXT_CHARS // 4:,} tokens). Nothing was pasted: split the text, or open it "
                              "as a file in parts.")
            return
        super().insertFromMimeData(source)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            self.insertFromMimeData(event.mimeData())
            event.acceptProposedAction()
        else:
            super().dropEvent(event)


class ToolPane(QWidget):
    """Base of the three tool panes. Subclasses fill ``options_row`` and ``output``, and implement ``make_job``,
    ``clear_output`` and ``show_result`` (and ``on_event``/``on_text`` for what streams)."""

    use = ""  # "summarize", "translate" or "sentiment": the key of remembered options and default model
    run_label = "Run"
    placeholder = ""

    def __init__(self, worker: EngineWorker, settings: Settings, models: ModelAccess, parent=None):
        super().__init__(parent)
        self.worker = worker
        self.settings = settings
        self.models = models
        self.job: int | None = None
        self.source_name = ""
        self._reader = BackgroundCall("read-document")  # no parent: a read may outlive a closing window
        self._reader.done.connect(self._on_document)
        self._build_common()
        for signal, slot in ((worker.started, self._on_started), (worker.token, self._on_token),
                             (worker.progress, self._on_progress), (worker.event, self._on_event),
                             (worker.finished, self._on_finished), (worker.failed, self._on_failed),
                             (worker.cancelled, self._on_cancelled)):
            signal.connect(slot)

    # -- layout --------------------------------------------------------------------------------------------------

    def _build_common(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.model_picker = QComboBox(minimumContentsLength=24, toolTip="The model this tool uses; it is loaded "
                                      "when you start (the engine holds one model at a time)")
        self.model_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_picker.activated.connect(self._on_model_picked)
        top.addWidget(QLabel("Model"))
        top.addWidget(self.model_picker)
        self.options_row = QHBoxLayout()
        top.addLayout(self.options_row)
        top.addStretch(1)
        self.open_button = QPushButton("Open file…", clicked=self.open_file, toolTip="txt, md, html, pdf, docx; "
                                       "or drop a file on the text box")
        self.clear_button = QPushButton("Clear", clicked=self.clear)
        top.addWidget(self.open_button)
        top.addWidget(self.clear_button)
        layout.addLayout(top)
        self.source = SourceEdit(placeholderText=self.placeholder)
        self.source.file_dropped.connect(self.open_path)
        self.source.refused.connect(self.show_error)
        self.source.textChanged.connect(self._on_text_changed)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        controls = QHBoxLayout()
        self.run_button = QPushButton(self.run_label, clicked=self.run, default=True)
        self.cancel_button = QPushButton("Cancel", clicked=self.cancel, enabled=False, toolTip="Esc")
        self.progress = QProgressBar(maximum=1000, textVisible=False, visible=False)
        self.status = QLabel(wordWrap=True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        controls.addWidget(self.run_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.status, 2)
        layout.addLayout(controls)
        for keys, slot in (("Ctrl+Return", self.run), ("Esc", self.cancel)):  # this pane's, not the window's
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._text_timer = QTimer(self, singleShot=True, interval=400, timeout=self.text_settled)

    # -- options and model ---------------------------------------------------------------------------------------

    def option(self, name: str, default):
        value = self.settings.tool_options.get(self.use, {}).get(name, default)
        return value if isinstance(value, type(default)) else default

    def remember(self, name: str, value) -> None:
        self.settings.tool_options.setdefault(self.use, {})[name] = value

    def refresh_models(self) -> None:
        """Refill the model list: "loaded model" first, then installed models; keep the remembered choice."""
        chosen = self.settings.default_models.get(self.use, CURRENT_MODEL)
        self.model_picker.clear()
        loaded = self.models.loaded
        self.model_picker.addItem(f"Loaded model ({loaded.name})" if loaded else "Loaded model (none yet)",
                                  CURRENT_MODEL)
        for choice in self.models.choices():
            self.model_picker.addItem(choice.label, choice.key)
        index = self.model_picker.findData(chosen)
        self.model_picker.setCurrentIndex(max(index, 0))

    def showEvent(self, event) -> None:
        """Defaults set in the Models pane, downloads and imports show up when the pane is opened."""
        if not self.busy():
            self.refresh_models()
        super().showEvent(event)

    def set_loaded_model(self, info: ModelInfo | None) -> None:
        self.models.loaded = info
        self.refresh_models()
        self.text_settled()

    def _on_model_picked(self, index: int) -> None:
        path = self.model_picker.itemData(index)
        if path:
            self.settings.default_models[self.use] = path
        else:
            self.settings.default_models.pop(self.use, None)
        self.text_settled()

    def chosen_model(self) -> str:
        return self.model_picker.currentData() or CURRENT_MODEL

    def model_request(self) -> AnyModelRequest | None:
        path = self.chosen_model()
        return self.models.request(path) if path else None

    def usable_request(self) -> tuple[bool, AnyModelRequest | None]:
        """(True, the request for the chosen model), or (False, None) once the reason is shown: an endpoint
        removed since it was chosen."""
        try:
            return True, self.model_request()
        except EndpointError as exc:
            self.show_error(str(exc))
            return False, None

    def chosen_is_loaded(self) -> bool:
        return self.models.is_loaded(self.chosen_model())

    # -- input ---------------------------------------------------------------------------------------------------

    def text(self) -> str:
        return self.source.toPlainText()

    def open_file(self) -> None:
        folder = self.option("folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, "Open a document", folder, FILE_FILTER)
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        self.remember("folder", str(Path(path).parent))
        self.status.setText(f"Reading {Path(path).name}…")
        self._reader.start(lambda cancel: read_document(path, cancel), (DocumentError,),
                           f"{Path(path).name} could not be read")

    def _on_document(self, document: Document | None, error: str | None) -> None:
        if error:
            self.show_error(error)
            return
        self.set_text(document.text, document.source)
        details = [document.source] + ([f"{document.pages} pages"] if document.pages else []) + list(
            document.warnings)
        self.status.setText(" · ".join(details))

    def set_text(self, text: str, source: str = "") -> None:
        self.source_name = source
        self.source.setPlainText(text)

    def clear(self) -> None:
        self._reader.cancel()
        self.cancel()
        self.set_text("")
        self.clear_output()
        self.status.clear()

    def _on_text_changed(self) -> None:
        self._text_timer.start()

    def text_settled(self) -> None:
        """The text or model changed and the user paused: subclasses refresh previews (preflight, columns)."""

    # -- running -------------------------------------------------------------------------------------------------

    def make_job(self, text: str, request: AnyModelRequest | None) -> Job | None:
        raise NotImplementedError

    def clear_output(self) -> None:
        raise NotImplementedError

    def show_result(self, result) -> None:
        raise NotImplementedError

    def on_text(self, text: str) -> None:
        """Streamed text of the running job."""

    def on_event(self, event: object) -> None:
        """A structured step of the running job."""

    def busy(self) -> bool:
        return self.job is not None

    def run(self) -> None:
        if self.busy():
            return
        text = self.text()
        if not text.strip():
            self.show_error("Paste some text or open a file first.")
            return
        if not self.chosen_model() and self.models.loaded is None:
            self.show_error("No model is loaded yet: pick one in the Model list (or wait for the starter model).")
            return
        usable, request = self.usable_request()
        if not usable:
            return
        job = self.make_job(text, request)
        if job is None:
            return
        self.clear_output()
        self.submit(job)

    def submit(self, job: Job) -> None:
        self.job = self.worker.submit(job)
        self._set_running(True)
        self.status.setText("Waiting for the engine…")

    def cancel(self) -> None:
        if self.job is not None:
            self.worker.cancel(self.job)
            self.status.setText("Cancelling…")

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setValue(0)
        self.model_picker.setEnabled(not running)

    def show_error(self, message: str) -> None:
        self.status.setText(f"<span style='color:#b00020'>{html.escape(message)}</span>")

    def _mine(self, job_id: int) -> bool:
        return job_id == self.job and job_id is not None

    def _on_started(self, job_id: int) -> None:
        if self._mine(job_id):
            self.status.setText("Working…")

    def _on_token(self, job_id: int, text: str, pieces: int) -> None:
        if self._mine(job_id):
            self.on_text(text)

    def _on_progress(self, job_id: int, fraction: float, text: str) -> None:
        if self._mine(job_id):
            self.progress.setValue(int(fraction * 1000))
            self.status.setText(text)

    def _on_event(self, job_id: int, event: object) -> None:
        if self._mine(job_id):
            self.on_event(event)

    def _finish(self) -> None:
        self.job = None
        self._set_running(False)

    def _on_finished(self, job_id: int, result) -> None:
        if self._mine(job_id):
            self._finish()
            self.show_result(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if self._mine(job_id):
            self._finish()
            self.show_error(message)

    def _on_cancelled(self, job_id: int) -> None:
        if self._mine(job_id):
            self._finish()
            self.status.setText("Cancelled. The text is still here: press Run to start again.")

    def save_to_file(self, title: str, suggested: str, filters: str, content: Callable[[str], str]) -> None:
        """Ask for a path and write ``content(path)`` there, with a clear message when it fails."""
        folder = self.option("export_folder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / suggested), filters)
        if not path:
            return
        try:
            Path(path).write_text(content(path), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"Could not write {path}: {exc.strerror or exc}")
            return
        self.remember("export_folder", str(Path(path).parent))
        self.status.setText(f"Saved {path}")
