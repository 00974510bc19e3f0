"""The Models pane: the catalog and installed models, fit badges, downloads with progress, import, delete.

Downloads run on ``DownloadQueue`` threads (network I/O, not the engine thread); ``DownloadBridge`` turns their
callbacks into Qt signals delivered on the UI thread.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.common.errors import UserError
from ..core.common.settings import Settings
from ..core.models.catalog import USES, ModelSpec
from ..core.models.download import DOWNLOADING, DownloadQueue, DownloadRequest, DownloadStopped
from ..core.models.hardware import FITS, TIGHT, TOO_BIG, Hardware, fit, memory_needed
from ..core.models.library import InstalledModel, ModelLibrary
from ..core.models.recommend import COMFORTABLE_TPS, REASONING_TPS, Recommendation, estimate_speed
from ..worker import EngineWorker
from . import theme
from .background import BackgroundCall
from .i18n import localized
from .widgets import Banner

FIT_COLORS = {FITS: "ok", TIGHT: "warning", TOO_BIG: "error"}  # theme colour names (theme.color)
SLOW_COLOR = "warning"
NAME, PARAMETERS, QUANT, SIZE, MEMORY, HERE, STATUS = range(7)
SIDE_BY_SIDE = 1400  # from this width the details sit beside the table, else under it
FEW_COLUMNS = 1000  # below this width the parameter and quantization columns (also in the details) are hidden
# For lupdate: the uses of the catalog (USES), in lists ("Good for chat, summarize") and as menu entries; shown
# translated, kept in English everywhere else.
USE_NAMES = (
    QT_TRANSLATE_NOOP("ModelsPane", "chat"),
    QT_TRANSLATE_NOOP("ModelsPane", "summarize"),
    QT_TRANSLATE_NOOP("ModelsPane", "translate"),
    QT_TRANSLATE_NOOP("ModelsPane", "sentiment"),
)
USE_TITLES = {
    "chat": QT_TRANSLATE_NOOP("ModelsPane", "Chat"),
    "summarize": QT_TRANSLATE_NOOP("ModelsPane", "Summarize"),
    "translate": QT_TRANSLATE_NOOP("ModelsPane", "Translate"),
    "sentiment": QT_TRANSLATE_NOOP("ModelsPane", "Sentiment"),
}


class DownloadBridge(QObject):
    """Signals carry the destination path: ``progress(dest, DownloadProgress)``, ``finished(dest, result)``,
    ``failed(dest, message)``, ``stopped(dest, paused)``."""

    progress = Signal(str, object)
    finished = Signal(str, object)
    failed = Signal(str, str)
    stopped = Signal(str, bool)

    def __init__(self, queue: DownloadQueue, parent=None):
        super().__init__(parent)
        self.queue = queue

    def start(self, request: DownloadRequest) -> None:
        dest = str(request.dest)
        future = self.queue.submit(request, lambda progress: self.progress.emit(dest, progress))
        future.add_done_callback(lambda done: self._report(dest, done))

    def _report(self, dest: str, future) -> None:
        if future.cancelled():  # never started: the app is closing
            self.stopped.emit(dest, True)
            return
        error = future.exception()
        if error is None:
            self.finished.emit(dest, future.result())
        elif isinstance(error, DownloadStopped):
            self.stopped.emit(dest, error.paused)
        else:
            self.failed.emit(dest, localized(error))


class _SortItem(QTableWidgetItem):
    """Shows text, sorts by a number."""

    def __init__(self, text: str, key: float):
        super().__init__(text)
        self.key = key

    def __lt__(self, other):
        return self.key < getattr(other, "key", 0)


def _file_size(spec: ModelSpec | None, model: InstalledModel | None) -> int | None:
    """The catalog's download size, else the installed file's."""
    return spec.size if spec and spec.size else (model.path.stat().st_size if model else None)


def _size(value: int | None) -> str:
    return f"{value / 1e9:.2f} GB" if value else "?"


def _translated(text: str) -> str:
    """A use (USES) or its title in the UI's language."""
    return QCoreApplication.translate("ModelsPane", text)


class ModelsPane(QWidget):
    use_for_chat = Signal(str)  # path of an installed model
    library_changed = Signal()  # a model was added or removed (after the rescan)
    removing = Signal(str)  # path of a model about to be deleted: whoever holds it open lets go first
    _copy_progress = Signal(int, int)  # bytes copied, of (from the copying thread)

    def __init__(self, worker: EngineWorker, library: ModelLibrary, settings: Settings, downloads: DownloadBridge,
                 parent=None):
        super().__init__(parent)
        self.worker = worker
        self.library = library
        self.settings = settings
        self.downloads = downloads
        self.hardware: Hardware | None = None
        self.recommendation: Recommendation | None = None  # the catalog model that suits this machine best
        self._progress: dict[str, str] = {}  # dest -> status text
        self._build()
        downloads.progress.connect(self._on_download_progress)
        downloads.finished.connect(self._on_download_finished)
        downloads.failed.connect(self._on_download_failed)
        downloads.stopped.connect(self._on_download_stopped)
        # Reading GGUF headers (a big vocabulary takes a while) and vetting or copying a model file happen on
        # short-lived threads: never on the UI thread, never on the engine thread (a chat must not wait for a copy).
        self._installed: list[InstalledModel] = []
        self._selected_after_scan = ""
        self._import_copy: bool | None = None
        self._scan = BackgroundCall("scan-models")
        self._scan.done.connect(self._on_scanned)
        self._importer = BackgroundCall("import-model")
        self._importer.done.connect(self._on_vetted)
        self._copier = BackgroundCall("copy-model")
        self._copier.done.connect(self._on_imported)
        self._copy_progress.connect(self._on_copy_progress)

    # -- layout --------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.hardware_label = QLabel(self.tr("Checking this machine…"), wordWrap=True,
                                     textFormat=Qt.TextFormat.PlainText)
        filters = QHBoxLayout()
        self.filter = QLineEdit(placeholderText=self.tr("Filter by name, family or licence…"), clearButtonEnabled=True)
        self.filter.textChanged.connect(self.refresh)
        self.use_filter = QComboBox()
        self.use_filter.addItem(self.tr("All uses"), "")
        for use in USES:
            self.use_filter.addItem(_translated(use), use)
        self.use_filter.currentIndexChanged.connect(self.refresh)
        self.import_button = QPushButton(self.tr("Import .gguf…"), clicked=self.import_model)
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.use_filter)
        filters.addWidget(self.import_button)
        self.banner = Banner()  # a failed download (with Retry)
        self.table = QTableWidget(0, 7, wordWrap=False, textElideMode=Qt.TextElideMode.ElideRight)
        self.table.setHorizontalHeaderLabels([self.tr("Model"), self.tr("Parameters"), self.tr("Quant"),
                                              self.tr("Size"), self.tr("Memory"), self.tr("On this machine"),
                                              self.tr("Status")])
        self.table.horizontalHeaderItem(MEMORY).setToolTip(self.tr("Memory needed with the context length set in "
                                                                   "Chat"))
        self.table.horizontalHeaderItem(HERE).setToolTip(self.tr("Whether it fits in free memory, and how fast it "
                                                                 "would answer here (estimated tokens per second)"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # each column as wide as its content
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)  # the name takes what is left
        for column, sample in ((PARAMETERS, self.tr("Parameters")),
                               (STATUS, self._progress_text(localized(DOWNLOADING), 100, 10e6, None))):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)  # long texts elide
            header.resizeSection(column, self.fontMetrics().horizontalAdvance(sample) + 16)
        self.table.setSortingEnabled(True)
        header.setSortIndicator(MEMORY, Qt.SortOrder.AscendingOrder)  # smallest memory first
        self.table.itemSelectionChanged.connect(self._show_details)
        self.empty_label = QLabel(alignment=Qt.AlignmentFlag.AlignCenter, visible=False, wordWrap=True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        self.details = QTextBrowser(openExternalLinks=False)
        self.download_progress = QProgressBar(visible=False)
        buttons = QHBoxLayout()
        self.download_button = QPushButton(self.tr("Download"), clicked=self.download_selected)
        self.pause_button = QPushButton(self.tr("Pause"), clicked=lambda: self._control(pause=True))
        self.cancel_button = QPushButton(self.tr("Cancel"), clicked=lambda: self._control(pause=False))
        self.delete_button = QPushButton(self.tr("Delete"), clicked=self.delete_selected)
        self.use_button = QPushButton(self.tr("Use for Chat"), clicked=self._use_selected)
        self.default_button = QPushButton(self.tr("Default for ▾"), toolTip=self.tr("The model each pane starts with"))
        menu = QMenu(self.default_button)
        for use in USES:
            menu.addAction(_translated(USE_TITLES.get(use, use.title())), lambda use=use: self._set_default(use))
        self.default_button.setMenu(menu)
        for button in (self.download_button, self.pause_button, self.cancel_button, self.delete_button,
                       self.default_button, self.use_button):
            buttons.addWidget(button)
        side_layout.addWidget(self.details, 1)
        side_layout.addWidget(self.download_progress)
        side_layout.addLayout(buttons)
        table_box = QWidget()
        table_layout = QVBoxLayout(table_box)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.empty_label)
        self.splitter = QSplitter()
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        layout.addWidget(self.hardware_label)
        layout.addWidget(self.banner)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        self._layout: tuple[bool, bool] | None = None

    def resizeEvent(self, event) -> None:
        """The details beside the table on a wide window, under it otherwise (the names stay readable); on a narrow
        one the parameter and quantization columns make room for those that matter: size, memory, speed."""
        super().resizeEvent(event)
        layout = (self.width() >= SIDE_BY_SIDE, self.width() < FEW_COLUMNS)
        if layout == self._layout:
            return
        self._layout = (beside, narrow) = layout
        self.splitter.setOrientation(Qt.Orientation.Horizontal if beside else Qt.Orientation.Vertical)
        self.splitter.setSizes([2000, 1000] if beside else [3000, 2000])  # shares: Qt scales them to the room
        for column in (PARAMETERS, QUANT):
            self.table.setColumnHidden(column, narrow)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.rescan()

    def changeEvent(self, event) -> None:
        """Light <-> dark: the fit colours of the table and the details are set again for the new palette."""
        super().changeEvent(event)
        if theme.is_palette_change(event) and theme.dark_changed(self) and hasattr(self, "_installed"):
            theme.recolor_items(self.table)
            self._show_details()

    def set_hardware(self, hardware: Hardware, recommendation: Recommendation | None) -> None:
        """What this machine has (detected by the window off the UI thread), and the catalog model recommended
        for it."""
        self.hardware = hardware
        self.recommendation = recommendation
        self.hardware_label.setText(localized(hardware.describe()))
        self.refresh()
        if recommendation is not None and self._selected_key() is None:
            self.select(recommendation.spec.id)  # the details then say why it is the one to get

    def rescan(self) -> None:
        """Read the installed models' headers again, on a thread; the table follows when it is done."""
        self._scan.start(lambda cancel: self.library.installed(), (), self.tr("The models folder could not be read"))

    def _on_scanned(self, models: list[InstalledModel] | None, error: str | None) -> None:
        if error:
            self.hardware_label.setText(error)
            return
        changed = {m.path for m in models} != {m.path for m in self._installed}
        self._installed = models
        self.refresh()
        if self._selected_after_scan:
            self.select(self._selected_after_scan)
            self._selected_after_scan = ""
        if changed:
            self.library_changed.emit()

    @property
    def installed(self) -> list[InstalledModel]:
        """The installed models as of the last scan (``library_changed`` follows a scan that changed them)."""
        return self._installed

    def _rows(self) -> list[tuple[ModelSpec | None, InstalledModel | None]]:
        models = self._installed
        installed = {m.path.name: m for m in models if not m.referenced}
        rows = [(spec, installed.pop(spec.filename, None)) for spec in self.library.catalog.models]
        rows += [(None, m) for m in installed.values()]
        rows += [(None, m) for m in models if m.referenced]
        return rows

    def refresh(self) -> None:
        selected = self._selected_key()
        text = self.filter.text().strip().lower()
        use = self.use_filter.currentData() or None
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        for spec, model in self._rows():
            haystack = " ".join(filter(None, [spec and spec.name, spec and spec.family, spec and spec.license,
                                               model and model.name, model and model.path.name])).lower()
            if text and text not in haystack or use and not (spec and use in spec.recommended_use):
                continue
            self._add_row(spec, model)
        self.table.setSortingEnabled(True)
        self.table.setVisible(self.table.rowCount() > 0)
        self.empty_label.setVisible(self.table.rowCount() == 0)
        if self.table.rowCount() == 0:
            if text:
                empty = self.tr("No model matches “{text}”. Clear the filter to see all models.").format(
                    text=self.filter.text().strip())
            elif use:
                empty = self.tr("No model in the list is meant for {use}.").format(use=_translated(use))
            else:
                empty = self.tr("No models yet: import a .gguf file.")
            self.empty_label.setText(empty)
        if selected:
            for row in range(self.table.rowCount()):
                if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == selected:
                    self.table.selectRow(row)
        self._show_details()

    def _add_row(self, spec: ModelSpec | None, model: InstalledModel | None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = spec.name if spec else model.name
        size = _file_size(spec, model)
        needed = self._needed(spec, model)
        recommended = spec is not None and self.recommendation is not None and spec.id == self.recommendation.spec.id
        status = self._status(spec, model)
        here, here_color, here_tip, speed = self._outlook(spec, size, needed)
        values = [
            QTableWidgetItem(self.tr("★ {name} · recommended").format(name=name) if recommended else name),
            QTableWidgetItem(spec.parameters if spec else "?"),
            QTableWidgetItem(spec.quantization if spec else (model.info.quantization if model.info else "?")),
            _SortItem(_size(size), size or 0),
            _SortItem(_size(needed), needed or 0),
            _SortItem(here, speed),
            QTableWidgetItem(status),
        ]
        for column in (NAME, PARAMETERS, STATUS):
            values[column].setToolTip(values[column].text())
        if here:
            theme.set_item_color(values[HERE], here_color)
            values[HERE].setToolTip(here_tip)
        key = spec.id if spec else str(model.path)
        values[0].setData(Qt.ItemDataRole.UserRole, key)
        if recommended:
            values[0].setToolTip(self.tr("The best model for this machine: it fits in memory and answers at a "
                                         "comfortable speed here"))
        for column, item in enumerate(values):
            self.table.setItem(row, column, item)

    def _outlook(self, spec: ModelSpec | None, size: int | None, needed: int | None) -> tuple[str, str, str, float]:
        """(text, theme colour name, tooltip, sort key) of "On this machine": whether it fits in memory, and how fast
        it would answer here (slow below a comfortable reading pace)."""
        if not self.hardware or not needed:
            return "", "", "", 0.0
        verdict = fit(needed, self.hardware)
        if verdict == TOO_BIG or not size:
            return self._fit_name(verdict), FIT_COLORS[verdict], self.tr("Needs more memory than this machine has "
                                                                         "free"), 0.0
        if spec is not None and spec.kind == "embedding":  # it never writes: no reply speed to show
            return self._fit_name(verdict), FIT_COLORS[verdict], "", 0.0
        speed = estimate_speed(size, self.hardware, self.settings.measured_speeds)
        pace = REASONING_TPS if spec is not None and spec.reasoning else COMFORTABLE_TPS
        slow = speed.tokens_per_second < pace
        rate = self.tr("~{rate:.0f} tok/s").format(rate=speed.tokens_per_second) if speed.tokens_per_second >= 1 \
            else self.tr("<1 tok/s")
        text = self.tr("{fit} · slow, {rate}").format(fit=self._fit_name(verdict), rate=rate) if slow else \
            self.tr("{fit} · {rate}").format(fit=self._fit_name(verdict), rate=rate)
        tip = self.tr("Answers at {speed} (estimated from {basis}).").format(
            speed=localized(speed.describe()), basis=self.tr("a model measured here") if speed.measured else
            self.tr("a typical laptop: it is measured once you run a model of 1 GB or more"))
        if slow:
            tip += " " + self.tr("Slower than a comfortable reading pace ({pace:.0f} tokens/s): expect to "
                                 "wait.").format(pace=pace)
        color = SLOW_COLOR if slow and verdict == FITS else FIT_COLORS[verdict]
        return text, color, tip, speed.tokens_per_second

    def _fit_name(self, verdict: str) -> str:
        return {FITS: self.tr("fits"), TIGHT: self.tr("tight"), TOO_BIG: self.tr("too big")}[verdict]

    def _needed(self, spec, model) -> int | None:
        if model and model.info:
            return memory_needed(model.info, self.settings.engine.n_ctx)
        return spec.ram_required if spec else None

    def _status(self, spec, model) -> str:
        if spec:
            dest = str(self.library.path_for(spec))
            if dest in self._progress:
                return self._progress[dest]
            if self.library.has_partial(spec) and not model:
                return self.tr("paused: resume with Download")
        if model:
            if model.problem:
                return self.tr("damaged")
            return self.tr("installed (referenced)") if model.referenced else self.tr("installed")
        return ""

    def _selected_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def _selected(self) -> tuple[ModelSpec | None, InstalledModel | None]:
        key = self._selected_key()
        for spec, model in self._rows():
            if (spec.id if spec else str(model.path)) == key:
                return spec, model
        return None, None

    def select(self, key: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == key:
                self.table.selectRow(row)

    # -- details -------------------------------------------------------------------------------------------------

    def _show_details(self) -> None:
        spec, model = self._selected()
        downloading = spec is not None and self.library.path_for(spec) in self.downloads.queue.active()
        self.download_button.setEnabled(bool(spec and spec.url and not model and not downloading))
        self.pause_button.setEnabled(downloading)
        self.cancel_button.setEnabled(downloading or bool(spec and self.library.has_partial(spec) and not model))
        self.delete_button.setEnabled(model is not None)
        chat_model = model is not None and not model.problem and not (spec and spec.kind == "embedding")
        self.use_button.setEnabled(chat_model)
        self.default_button.setEnabled(chat_model)
        self.download_progress.setVisible(downloading)
        if spec is None and model is None:
            self.details.setHtml("<p>" + html.escape(self.tr("Select a model to see its details.")) + "</p>")
            return

        def field(label: str, value: str) -> str:
            """A bold label (plain text) and its value (HTML)."""
            return f"<b>{html.escape(label)}</b> {value}"

        def uses_of(uses) -> str:
            return html.escape(self.tr(", ", "between the items of a list").join(_translated(use) for use in uses))

        def paragraph(*fields: str) -> str:
            return "<p>" + " · ".join(fields) + "</p>"

        lines = []
        if spec:
            if spec.sha256:
                checksum = html.escape(self.tr("sha256 {digest} (published; checked after download)")).format(
                    digest=f"<code>{spec.sha256}</code>")
            else:
                checksum = html.escape(self.tr("no published sha256: the download is checked against the one the "
                                               "server declares"))
            source = html.escape(self.tr("{size} from {source}")).format(
                size=_size(spec.size), source=f"<code>{html.escape(spec.url or spec.package)}</code>")
            context = html.escape(self.tr("{count:,} tokens").format(count=spec.context_length))
            description = spec.description_in(QLocale().name()[:2])
            lines += [f"<h3>{html.escape(spec.name)}</h3>", f"<p>{html.escape(description)}</p>",
                      paragraph(field(self.tr("Family"), html.escape(spec.family)),
                                field(self.tr("Parameters"), spec.parameters),
                                field(self.tr("Quantization"), spec.quantization),
                                field(self.tr("Context"), context)),
                      paragraph(field(self.tr("Licence"), html.escape(spec.license)) + "<br>"
                                + field(self.tr("Good for"), uses_of(spec.recommended_use) if spec.kind != "embedding"
                                        else html.escape(self.tr("finding passages in your documents")))),
                      paragraph(field(self.tr("Download"), source) + "<br>" + checksum)]
        if model:
            if model.info:
                info = model.info
                template = self.tr("in the file") if info.chat_template else self.tr("none in the file")
                lines.append(paragraph(
                    field(self.tr("On disk"), f"<code>{html.escape(str(model.path))}</code>") + "<br>"
                    + field(self.tr("Architecture"), html.escape(info.architecture)),
                    field(self.tr("Quantization"), info.quantization),
                    field(self.tr("Trained context"), str(info.context_length or "?")),
                    field(self.tr("Chat template"), html.escape(template))))
            else:
                lines.append(f"<p style='color:{theme.color('error')}'>{html.escape(localized(model.problem))}</p>")
        if model:
            uses = [use for use in USES if self.settings.default_models.get(use) == str(model.path)]
            if uses:
                lines.append(paragraph(field(self.tr("Default for"), uses_of(uses))))
            if spec and spec.kind == "embedding" and not model.problem:
                lines.append(paragraph(field(self.tr("In use:"), html.escape(self.tr(
                    "Documents attached to a chat are searched with it by meaning, as well as by the words they "
                    "share with the question. Delete it to search by words only.")))))
        needed = self._needed(spec, model)
        if self.hardware and needed:
            verdict = fit(needed, self.hardware)
            shown = f"<span style='color:{theme.color(FIT_COLORS[verdict])}'>" \
                    f"{html.escape(self._fit_name(verdict))}</span>"
            memory = html.escape(self.tr("about {needed:.1f} GiB with a {context:,}-token context: {verdict} "
                                         "({free:.1f} GiB free).")).format(
                needed=needed / 2**30, context=self.settings.engine.n_ctx, verdict=shown,
                free=self.hardware.available_ram / 2**30)
            lines.append(paragraph(field(self.tr("Memory"), memory)))
            size = _file_size(spec, model)
            speed_tip = self._outlook(spec, size, needed)[2]
            if speed_tip and verdict != TOO_BIG:  # (none for an embedding model: it never writes)
                lines.append(paragraph(field(self.tr("Speed"), html.escape(speed_tip))))
        if spec and self.recommendation and spec.id == self.recommendation.spec.id:
            lines.append(paragraph(field(self.tr("★ Recommended for this machine."),
                                         html.escape(localized(self.recommendation.reason)))))
        if spec and str(self.library.path_for(spec)) in self._progress:
            lines.append(f"<p><b>{html.escape(self._progress[str(self.library.path_for(spec))])}</b></p>")
        self.details.setHtml("".join(lines))

    # -- actions -------------------------------------------------------------------------------------------------

    def download_selected(self) -> None:
        spec, model = self._selected()
        if spec is None or model is not None or not spec.url:
            return
        self.download(spec)

    def download(self, spec: ModelSpec) -> Path:
        """Start downloading ``spec`` (resuming what a paused download kept); returns where it will be."""
        dest = self.library.path_for(spec)
        if dest in self.downloads.queue.active():
            return dest
        if self.hardware and fit(spec.ram_required, self.hardware) == TOO_BIG:
            answer = QMessageBox.question(
                self, self.tr("Model too big"),
                self.tr("{name} needs about {needed:.1f} GB of memory; this machine has {free:.1f} GB free. "
                        "Download it anyway?").format(name=spec.name, needed=spec.ram_required / 1e9,
                                                      free=self.hardware.available_ram / 1e9))
            if answer != QMessageBox.StandardButton.Yes:
                return dest
        self.banner.hide()
        self._progress[str(dest)] = self.tr("connecting…")
        self.downloads.start(DownloadRequest(spec.url, dest, spec.sha256, spec.size))
        self.refresh()
        return dest

    def _control(self, pause: bool) -> None:
        spec, model = self._selected()
        if spec is None:
            return
        dest = self.library.path_for(spec)
        if dest in self.downloads.queue.active():
            (self.downloads.queue.pause if pause else self.downloads.queue.cancel)(dest)
        elif not pause:  # a paused download: drop its partial data
            self.library.drop_partial(spec)
            self.refresh()

    def delete_selected(self) -> None:
        spec, model = self._selected()
        if model is None:
            return
        title = self.tr("Forget model") if model.referenced else self.tr("Delete model")
        question = self.tr("Forget {name} ({path})?") if model.referenced else self.tr("Delete {name} ({path})?")
        answer = QMessageBox.question(self, title, question.format(name=model.name, path=model.path))
        if answer == QMessageBox.StandardButton.Yes:
            self.removing.emit(str(model.path))
            try:
                self.library.remove(model)
            except OSError as exc:
                QMessageBox.warning(self, title, self.tr("{path} could not be removed: {error}").format(
                    path=model.path, error=exc.strerror))
                self.library_changed.emit()  # still there: whoever let go of it takes it up again
            self.rescan()

    def import_model(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a model"), str(Path.home()),
                                              self.tr("GGUF models (*.gguf);;All files (*)"))
        if path:
            self.import_path(Path(path))

    def import_path(self, path: Path, copy: bool | None = None) -> None:
        """Check the file first (header, trial load in a child process); only a usable model is then added, copied
        or used in place as the user says (``copy`` None: ask)."""
        self._import_copy = copy
        self.import_button.setEnabled(False)
        self.hardware_label.setText(self.tr("Checking {name}…").format(name=path.name))
        self._importer.start(lambda cancel: (path, self.library.vet(path, cancel)), (UserError,),
                             self.tr("{name} could not be checked").format(name=path.name))

    def _on_vetted(self, result, error: str | None) -> None:
        if error:
            self._import_done()
            QMessageBox.warning(self, self.tr("Import failed"), error)
            return
        path, _ = result
        copy = self._import_copy
        if copy is None:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("Import model"),
                              self.tr("{name} is a usable model. Copy it into the library, or use it where it is?")
                              .format(name=path.name), parent=self)
            copy_button = box.addButton(self.tr("Copy into the library"), QMessageBox.ButtonRole.AcceptRole)
            place_button = box.addButton(self.tr("Use in place"), QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(copy_button)
            box.exec()
            if box.clickedButton() not in (copy_button, place_button):
                return self._import_done()
            copy = box.clickedButton() is copy_button
        self.hardware_label.setText(self.tr("Adding {name}…").format(name=path.name))
        self._copier.start(lambda cancel: self.library.import_file(path, copy, cancel, self._copy_progress.emit),
                           (UserError,), self.tr("{name} could not be added").format(name=path.name))

    def _on_copy_progress(self, done: int, total: int) -> None:
        self.hardware_label.setText(self.tr("Copying into the library: {done:.0f} of {total:.0f} MB").format(
            done=done / 1e6, total=total / 1e6))

    def _on_imported(self, model: InstalledModel | None, error: str | None) -> None:
        self._import_done()
        if error:
            QMessageBox.warning(self, self.tr("Import failed"), error)
            return
        self.library.remember(model)
        self.hardware_label.setText(self.tr("Imported {name}.").format(name=model.name))
        self._selected_after_scan = str(model.path)
        self.rescan()

    def _import_done(self) -> None:
        self.import_button.setEnabled(True)
        self.hardware_label.setText(localized(self.hardware.describe()) if self.hardware else "")

    def _use_selected(self) -> None:
        self._set_default("chat")

    def _set_default(self, use: str) -> None:
        """Remember the selected model for ``use``; for Chat also load it now."""
        spec, model = self._selected()
        if model is None:
            return
        self.settings.default_models[use] = str(model.path)
        if use == "chat":
            self.use_for_chat.emit(str(model.path))
        self._show_details()

    # -- download events -----------------------------------------------------------------------------------------

    def _on_download_progress(self, dest: str, progress) -> None:
        status = localized(progress.status)  # "downloading", "verifying" or a retry notice, from the downloader
        if progress.total:
            percent = 100 * progress.done / progress.total
            text = self._progress_text(status, percent, progress.speed, progress.eta_s)
            self.download_progress.setValue(int(percent))
        else:
            text = self.tr("{status} {done:.0f} MB").format(status=status, done=progress.done / 1e6)
        self._progress[dest] = text
        self._update_status(dest, text)

    def _progress_text(self, status: str, percent: float, speed: float, eta_s: float | None) -> str:
        """"downloading 42% · 10.0 MB/s · 3 min left"."""
        text = self.tr("{status} {percent:.0f}% · {speed:.1f} MB/s").format(status=status, percent=percent,
                                                                            speed=speed / 1e6)
        if eta_s and eta_s > 90:
            text += " · " + self.tr("{minutes:.0f} min left").format(minutes=eta_s / 60)
        elif eta_s:
            text += " · " + self.tr("{seconds:.0f} s left").format(seconds=eta_s)
        return text

    def _update_status(self, dest: str, text: str) -> None:
        for row in range(self.table.rowCount()):
            key = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            spec = self.library.catalog.get(key)
            if spec and str(self.library.path_for(spec)) == dest:
                self.table.item(row, STATUS).setText(text)
                self.table.item(row, STATUS).setToolTip(text)

    def _on_download_finished(self, dest: str, result) -> None:
        self._progress.pop(dest, None)
        self.rescan()

    def _on_download_failed(self, dest: str, message: str) -> None:
        self._progress.pop(dest, None)
        self.refresh()
        spec = next((s for s in self.library.catalog.models if str(self.library.path_for(s)) == dest), None)
        name = spec.name if spec else Path(dest).name
        self.banner.show_message(self.tr("{name} could not be downloaded: {message}").format(
            name=name, message=message), "error", (self.tr("Retry"), lambda: self.download(spec)) if spec else None)

    def _on_download_stopped(self, dest: str, paused: bool) -> None:
        self._progress.pop(dest, None)
        self.refresh()
