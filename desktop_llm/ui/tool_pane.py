"""What the Summarize, Translate and Sentiment panes share: the input box (paste, open, drop), the model choice,
Run/Cancel with progress, remembered options, and the wiring to the worker.

A pane builds a job from the text and its options; everything it shows comes back as worker signals carrying
the job's id, so a pane ignores the jobs of other panes. Files are read on a short-lived thread
(:class:`BackgroundCall`): a 300-page PDF never freezes the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..core.common.settings import Settings
from ..core.engines.base import ModelInfo
from ..core.engines.endpoints import EndpointError
from ..core.jobs.choices import ModelAccess
from ..core.jobs.context import Job
from ..core.jobs.loading import AnyModelRequest
from ..core.models.recommend import remember_speed
from ..core.text.documents import MAX_TEXT_CHARS, SUPPORTED_SUFFIXES, Document, DocumentError, read_document
from ..core.tools import Throughput
from ..worker import EngineWorker
from . import theme
from .background import BackgroundCall
from .i18n import localized
from .widgets import Banner, ElidedLabel, FlowLayout

_PATTERNS = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
FILE_FILTER = f"Documents ({_PATTERNS});;All files (*)"  # in English: ``file_filter()`` is the one to show
CURRENT_MODEL = ""  # the model choice that means "whichever model is loaded"


def _tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` translated in the "ToolPane" context: for values marked ``QT_TRANSLATE_NOOP("ToolPane", …)``.
    ToolPane's own methods call ``QCoreApplication.translate("ToolPane", …)`` with the literal (lupdate reads those),
    never ``self.tr``: in PySide6 that would look the text up under the subclass's name."""
    return QCoreApplication.translate("ToolPane", text, disambiguation, n)


def file_filter() -> str:
    """The file dialog's filter for documents, translated."""
    return QCoreApplication.translate("ToolPane", "Documents ({patterns});;All files (*)").format(patterns=_PATTERNS)


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
            self.refused.emit(self.tr("That would make {size:,} characters; the limit is {limit:,} (about "
                                      "{tokens:,} tokens). Nothing was pasted: split the text, or open it as a "
                                      "file in parts.").format(size=size, limit=MAX_TEXT_CHARS,
                                                               tokens=MAX_TEXT_CHARS // 4))
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
    """Base of the three tool panes. Subclasses add to the toolbar (``add_option``, ``add_action``), fill ``body``,
    and implement ``make_job``,
    ``clear_output`` and ``show_result`` (and ``on_event``/``on_text`` for what streams)."""

    use = ""  # "summarize", "translate" or "sentiment": the key of remembered options and default model
    run_label = QT_TRANSLATE_NOOP("ToolPane", "Run")  # subclasses mark theirs in the "ToolPane" context too
    placeholder = ""
    model_wanted = Signal(str)  # catalog id of a model to download for this pane (``use_model`` once it is in)

    def __init__(self, worker: EngineWorker, settings: Settings, models: ModelAccess, parent=None):
        super().__init__(parent)
        self.worker = worker
        self.settings = settings
        self.models = models
        self.job: int | None = None
        self.source_name = ""
        self.source_path = ""  # the file the text was read from ("" for pasted text)
        self._reading_path = ""
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
        self.model_picker = QComboBox(toolTip=QCoreApplication.translate(
            "ToolPane", "The model this tool uses; it is loaded when you start (the engine holds one model at a "
            "time)"), maximumWidth=420)
        self.model_picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # the toolbar wraps
        self.model_picker.activated.connect(self._on_model_picked)
        self.open_button = QPushButton(QCoreApplication.translate("ToolPane", "Open file…"), clicked=self.open_file,
                                       toolTip=QCoreApplication.translate(
                                           "ToolPane", "txt, md, html, pdf, docx; or drop a file on the text box"))
        self.clear_button = QPushButton(QCoreApplication.translate("ToolPane", "Clear"), clicked=self.clear)
        # One toolbar that wraps onto a second line in a narrow window: model and options on the left, what to
        # do with the result and the input on the right.
        self.toolbar = FlowLayout()
        self.toolbar.add_group(QLabel(QCoreApplication.translate("ToolPane", "Model")), self.model_picker)
        self.toolbar.add_stretch()
        self.toolbar.add_group(self.open_button)
        self.toolbar.add_group(self.clear_button)
        self._options_end = 1
        layout.addLayout(self.toolbar)
        self.advice = Banner()  # what the tool's own checks found wrong with the output, and a way forward
        layout.addWidget(self.advice)
        self.source = SourceEdit(placeholderText=_tr(self.placeholder) if self.placeholder else "")
        self.source.file_dropped.connect(self.open_path)
        self.source.refused.connect(self.show_error)
        self.source.textChanged.connect(self._on_text_changed)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)
        controls = QHBoxLayout()
        self.run_button = QPushButton(self.run_text(), clicked=self.run, default=True)
        self.cancel_button = QPushButton(QCoreApplication.translate("ToolPane", "Cancel"), clicked=self.cancel,
                                         enabled=False, toolTip="Esc")
        self.progress = QProgressBar(maximum=1000, textVisible=False, visible=False)
        self.status = ElidedLabel()  # one line, whatever its length: the whole text is in its tooltip
        controls.addWidget(self.run_button)
        controls.addWidget(self.cancel_button)
        controls.addWidget(self.progress, 1)
        controls.addWidget(self.status, 2)
        layout.addLayout(controls)
        start = QCoreApplication.translate("ToolPane", "Summarize, Translate, Sentiment: start")
        stop = QCoreApplication.translate("ToolPane", "Summarize, Translate, Sentiment: cancel")
        for keys, slot, what in (("Ctrl+Return", self.run, start), ("Esc", self.cancel, stop)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                      whatsThis=what)  # this pane's, not the window's
        self._text_timer = QTimer(self, singleShot=True, interval=400, timeout=self.text_settled)

    def run_text(self) -> str:
        """The Run button's label (``run_label``), translated."""
        return _tr(self.run_label)

    def add_option(self, *widgets: QWidget) -> None:
        """An option (a label and its box) on the left of the toolbar, after the others."""
        self.toolbar.add_group(*widgets, at=self._options_end)
        self._options_end += 1

    def add_action(self, button: QWidget) -> None:
        """A button for the result (Copy, Export…) on the right of the toolbar, before Open and Clear."""
        self.toolbar.add_group(button, at=self.toolbar.count() - 2)

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
        self.model_picker.addItem(QCoreApplication.translate("ToolPane", "Loaded model ({name})").format(
            name=loaded.name) if loaded else QCoreApplication.translate("ToolPane", "Loaded model (none yet)"),
            CURRENT_MODEL)
        for choice in self.models.choices():
            self.model_picker.addItem(localized(choice.label), choice.key)
        index = self.model_picker.findData(chosen)
        self.model_picker.setCurrentIndex(max(index, 0))

    def showEvent(self, event) -> None:
        """Defaults set in the Models pane, downloads and imports show up when the pane is opened."""
        if not self.busy():
            self.refresh_models()
        super().showEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if theme.is_palette_change(event) and theme.dark_changed(self):
            self.theme_changed()

    def theme_changed(self) -> None:
        """Light <-> dark: colours kept in the output (tinted or coloured items) are set again."""
        for view in (*self.findChildren(QTableWidget), *self.findChildren(QListWidget)):
            theme.recolor_items(view)

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
            self.show_error(localized(exc))
            return False, None

    def chosen_is_loaded(self) -> bool:
        return self.models.is_loaded(self.chosen_model())

    def offer_model(self, problem: str, language: str, must_write: bool = False) -> None:
        """Say what is wrong with the output and offer the catalog model that does better here: one click uses it
        (or downloads it first); without one, say where to look."""
        choice = self.models.better_model(self.use, language, must_write)
        installed = self.models.installed(choice.spec) if choice else None
        if choice is None or (installed is not None and self.models.is_loaded(str(installed))):
            self.advice.show_message(QCoreApplication.translate(
                "ToolPane", "{problem} A bigger model may do better: see the Models pane.").format(problem=problem),
                "warning")
            return
        name = choice.spec.name
        offer = QCoreApplication.translate("ToolPane", "{problem} {name} does better and runs here at {speed}.").format(
            problem=problem, name=name, speed=localized(choice.speed.describe()))
        if installed is not None:
            self.advice.show_message(offer, "warning", (
                QCoreApplication.translate("ToolPane", "Use {name}").format(name=name),
                lambda: self.use_model(str(installed))))
        else:
            offer += " " + QCoreApplication.translate("ToolPane", "({size:.1f} GB download)").format(
                size=choice.spec.size / 1e9)
            self.advice.show_message(offer, "warning", (
                QCoreApplication.translate("ToolPane", "Download {name}").format(name=name),
                lambda: self.model_wanted.emit(choice.spec.id)))

    def use_model(self, path: str) -> None:
        """Make ``path`` this pane's model (it loads at the next run)."""
        self.settings.default_models[self.use] = path
        self.refresh_models()
        self.advice.show_message(QCoreApplication.translate(
            "ToolPane", "{name} is this pane's model now: it loads when you press {run}.").format(
            name=Path(path).stem, run=self.run_text()), "info")
        self.text_settled()

    def show_download(self, text: str) -> None:
        """Progress or failure of a download started from ``offer_model``."""
        self.advice.show_message(text, "info")

    def remembered_speed(self) -> Throughput | None:
        """How fast the chosen model ran here last time, for the time estimates (None: not measured yet)."""
        loaded = self.models.loaded
        key = self.chosen_model() or (loaded.path if loaded and not loaded.remote else "")
        return Throughput.remembered(self.settings.measured_speeds.get(Path(key).name)) if key else None

    def _remember_speed(self, result) -> None:
        """Keep the speed a run measured, for the next estimate of this model."""
        speed, loaded = getattr(result, "speed", None), self.models.loaded
        if speed is not None and speed.measured and loaded is not None and not loaded.remote:
            remember_speed(self.settings.measured_speeds, Path(loaded.path).name, loaded.file_size,
                           speed.generate_tps, speed.prompt_tps, speed.answer_share)

    # -- input ---------------------------------------------------------------------------------------------------

    def text(self) -> str:
        return self.source.toPlainText()

    def open_file(self) -> None:
        folder = self.option("folder", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, QCoreApplication.translate("ToolPane", "Open a document"),
                                              folder, file_filter())
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        self.remember("folder", str(Path(path).parent))
        self._reading_path = path
        self.status.setText(QCoreApplication.translate("ToolPane", "Reading {name}…").format(name=Path(path).name))
        self._reader.start(lambda cancel: read_document(path, cancel), (DocumentError,),
                           QCoreApplication.translate("ToolPane", "{name} could not be read").format(
                               name=Path(path).name))

    def _on_document(self, document: Document | None, error: str | None) -> None:
        if error:
            self.show_error(error)
            return
        self.set_text(document.text, document.source)
        self.source_path = self._reading_path
        count = document.pages or 0  # a plain name: lupdate misses a call whose count is an attribute
        pages = [QCoreApplication.translate("ToolPane", "%n page(s)", "", count)] if count else []
        details = [document.source] + pages + [localized(w) for w in document.warnings]
        self.status.setText(" · ".join(details))

    def set_text(self, text: str, source: str = "") -> None:
        self.source_name = source
        self.source_path = ""
        self.source.setPlainText(text)

    def clear(self) -> None:
        self._reader.cancel()
        self.advice.hide()
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
            self.show_error(QCoreApplication.translate("ToolPane", "Paste some text or open a file first."))
            return
        if not self.chosen_model() and self.models.loaded is None:
            self.show_error(QCoreApplication.translate(
                "ToolPane", "No model is loaded yet: pick one in the Model list (or wait for the starter model)."))
            return
        usable, request = self.usable_request()
        if not usable:
            return
        job = self.make_job(text, request)
        if job is None:
            return
        self.advice.hide()
        self.clear_output()
        self.submit(job)

    def submit(self, job: Job) -> None:
        self.job = self.worker.submit(job)
        self._set_running(True)
        self.status.setText(QCoreApplication.translate("ToolPane", "Waiting for the engine…"))

    def cancel(self) -> None:
        if self.job is not None:
            self.worker.cancel(self.job)
            self.status.setText(QCoreApplication.translate("ToolPane", "Cancelling…"))

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.progress.setVisible(running)
        if running:
            self.progress.setValue(0)
        self.model_picker.setEnabled(not running)

    def show_error(self, message: str) -> None:
        """An error above the text, in full (it may be long: a server's answer, a file's problem)."""
        self.status.clear()
        self.advice.show_message(message, "error")

    def _mine(self, job_id: int) -> bool:
        return job_id == self.job and job_id is not None

    def _on_started(self, job_id: int) -> None:
        if self._mine(job_id):
            self.status.setText(QCoreApplication.translate("ToolPane", "Working…"))

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
            self._remember_speed(result)
            self.show_result(result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if self._mine(job_id):
            self._finish()
            self.show_error(message)

    def _on_cancelled(self, job_id: int) -> None:
        if self._mine(job_id):
            self._finish()
            self.status.setText(QCoreApplication.translate(
                "ToolPane", "Cancelled. The text is still here: press Run to start again."))

    def save_to_file(self, title: str, suggested: str, filters: str, content: Callable[[str], str]) -> None:
        """Ask for a path and write ``content(path)`` there, with a clear message when it fails."""
        folder = self.option("export_folder", str(Path.home()))
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / suggested), filters)
        if not path:
            return
        try:
            Path(path).write_text(content(path), encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, QCoreApplication.translate("ToolPane", "Export failed"),
                                QCoreApplication.translate("ToolPane", "Could not write {path}: {error}").format(
                                    path=path, error=exc.strerror or exc))
            return
        self.remember("export_folder", str(Path(path).parent))
        self.status.setText(QCoreApplication.translate("ToolPane", "Saved {path}").format(path=path))
