"""The Translate pane: the text on top, then source and translation side by side, one row per paragraph.

The paragraph being translated fills in as it streams; any row can be translated again (another wording).
"""

from __future__ import annotations

import csv
import io

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
)

from ..core.jobs.loading import AnyModelRequest
from ..core.jobs.tools import retranslate_job, translate_job
from ..core.text.prompts import AUTO_LANGUAGE, LANGUAGE_CODES, LANGUAGES, TONES
from ..core.tools.translate import Segment, SegmentDone, SegmentStarted, TranslateOptions, TranslationResult
from . import theme
from .i18n import localized
from .tool_pane import ToolPane

MAX_CELL_CHARS = 5000
# For lupdate: the names of LANGUAGES and the labels of TONES (core/text/prompts.py), shown translated in the boxes
# (the item data stays the English name: it is what the prompt says).
LANGUAGE_NAMES = (
    QT_TRANSLATE_NOOP("TranslatePane", "English"), QT_TRANSLATE_NOOP("TranslatePane", "Spanish"),
    QT_TRANSLATE_NOOP("TranslatePane", "French"), QT_TRANSLATE_NOOP("TranslatePane", "German"),
    QT_TRANSLATE_NOOP("TranslatePane", "Italian"), QT_TRANSLATE_NOOP("TranslatePane", "Portuguese"),
    QT_TRANSLATE_NOOP("TranslatePane", "Dutch"), QT_TRANSLATE_NOOP("TranslatePane", "Polish"),
    QT_TRANSLATE_NOOP("TranslatePane", "Swedish"), QT_TRANSLATE_NOOP("TranslatePane", "Danish"),
    QT_TRANSLATE_NOOP("TranslatePane", "Norwegian"), QT_TRANSLATE_NOOP("TranslatePane", "Finnish"),
    QT_TRANSLATE_NOOP("TranslatePane", "Czech"), QT_TRANSLATE_NOOP("TranslatePane", "Greek"),
    QT_TRANSLATE_NOOP("TranslatePane", "Romanian"), QT_TRANSLATE_NOOP("TranslatePane", "Hungarian"),
    QT_TRANSLATE_NOOP("TranslatePane", "Turkish"), QT_TRANSLATE_NOOP("TranslatePane", "Russian"),
    QT_TRANSLATE_NOOP("TranslatePane", "Ukrainian"), QT_TRANSLATE_NOOP("TranslatePane", "Arabic"),
    QT_TRANSLATE_NOOP("TranslatePane", "Hebrew"), QT_TRANSLATE_NOOP("TranslatePane", "Hindi"),
    QT_TRANSLATE_NOOP("TranslatePane", "Bengali"), QT_TRANSLATE_NOOP("TranslatePane", "Indonesian"),
    QT_TRANSLATE_NOOP("TranslatePane", "Vietnamese"), QT_TRANSLATE_NOOP("TranslatePane", "Thai"),
    QT_TRANSLATE_NOOP("TranslatePane", "Chinese"), QT_TRANSLATE_NOOP("TranslatePane", "Japanese"),
    QT_TRANSLATE_NOOP("TranslatePane", "Korean"),
)
TONE_LABELS = (
    QT_TRANSLATE_NOOP("TranslatePane", "Neutral"),
    QT_TRANSLATE_NOOP("TranslatePane", "Formal"),
    QT_TRANSLATE_NOOP("TranslatePane", "Informal"),
)


def language_label(name: str) -> str:
    """The name of a language of LANGUAGES (English, as the model is told) in the UI's language."""
    return QCoreApplication.translate("TranslatePane", name)


class TranslatePane(ToolPane):
    use = "translate"
    run_label = QT_TRANSLATE_NOOP("ToolPane", "Translate")
    placeholder = QT_TRANSLATE_NOOP("ToolPane", "Paste text here, or open or drop a file. Paragraphs are translated "
                                                "one by one and shown side by side below.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.segments: list[Segment] = []  # translated paragraphs, in order
        self._sources: dict[int, str] = {}
        self._options: TranslateOptions | None = None  # those of the translation on screen
        self._current = -1  # the row receiving streamed text
        self._retranslating: int | None = None  # the row being translated again
        self._again_row: int | None = None  # the row the finished "translate again" was for
        self.source_language = QComboBox()
        self.source_language.addItem(self.tr("Detect"), AUTO_LANGUAGE)
        self.target_language = QComboBox()
        for name in LANGUAGES:
            self.source_language.addItem(language_label(name), name)
            self.target_language.addItem(language_label(name), name)
        self.tone = QComboBox()
        for key, (label, _) in TONES.items():
            self.tone.addItem(QCoreApplication.translate("TranslatePane", label), key)
        self._boxes = {"source": self.source_language, "target": self.target_language, "tone": self.tone}
        for name, default in (("source", AUTO_LANGUAGE), ("target", "French"), ("tone", "neutral")):
            box = self._boxes[name]
            box.setCurrentIndex(max(0, box.findData(self.option(name, default))))
        swap = QToolButton(text="⇄", toolTip=self.tr("Swap languages"), clicked=self._swap)
        self.add_option(QLabel(self.tr("From")), self.source_language, swap, QLabel(self.tr("To")),
                        self.target_language)
        self.add_option(QLabel(self.tr("Tone")), self.tone)
        self.table = QTableWidget(0, 2, wordWrap=True, alternatingRowColors=True)
        self.table.setHorizontalHeaderLabels([self.tr("Source"), self.tr("Translation")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Rows are fitted one at a time as their text changes: fitting them all on every streamed token
        # (ResizeToContents) stalls the window for ~100 ms with 1,000 paragraphs.
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.again_button = QPushButton(self.tr("Translate again"), enabled=False, clicked=self.translate_again,
                                        toolTip=self.tr("Another wording for the selected paragraph"))
        self.copy_button = QPushButton(self.tr("Copy"), enabled=False, clicked=self._copy)
        self.export_button = QPushButton(self.tr("Export…"), enabled=False, clicked=self._export)
        for button in (self.again_button, self.copy_button, self.export_button):
            self.add_action(button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.source)
        splitter.addWidget(self.table)
        splitter.setSizes([220, 480])
        self.body.addWidget(splitter)

    def options(self) -> TranslateOptions:
        return TranslateOptions(self.target_language.currentData(), self.source_language.currentData(),
                                self.tone.currentData())

    def _swap(self) -> None:
        source = self.source_language.currentData()
        if source == AUTO_LANGUAGE:
            return
        target = self.target_language.currentData()
        self.source_language.setCurrentIndex(self.source_language.findData(target))
        self.target_language.setCurrentIndex(self.target_language.findData(source))

    # -- running -------------------------------------------------------------------------------------------------

    def make_job(self, text: str, request: AnyModelRequest | None):
        if self.options().source == self.options().target:
            self.show_error(self.tr("Source and target are the same language."))
            return None
        for name, box in self._boxes.items():
            self.remember(name, box.currentData())
        self._retranslating = None
        self._options = self.options()  # what this translation is, whatever the boxes say later
        return translate_job(text, self._options, request, self.remembered_speed())

    def translate_again(self) -> None:
        row = self.table.currentRow()
        if self.busy() or not 0 <= row < len(self.segments):
            return
        usable, request = self.usable_request()
        if not usable:
            return
        self._retranslating = self._current = row
        self._set_row(row, translation="")
        self.submit(retranslate_job(self.segments[row].source, self._options, request))

    def clear_output(self) -> None:
        self.segments = []
        self._sources = {}
        self._current = -1
        self._retranslating = None
        self.table.setRowCount(0)
        self._update_buttons()

    def _row(self, index: int) -> None:
        while self.table.rowCount() <= index:
            row = self.table.rowCount()
            self.table.insertRow(row)
            self.table.setItem(row, 0, QTableWidgetItem())
            self.table.setItem(row, 1, QTableWidgetItem())

    def on_event(self, event: object) -> None:
        if isinstance(event, SegmentStarted):
            self._current = event.index
            self._sources[event.index] = event.source
            self._set_row(event.index, event.source, "")
            self.table.scrollToItem(self.table.item(event.index, 1))
        elif isinstance(event, SegmentDone):  # kept as it comes: a Cancel later still leaves it to copy or export
            self.segments.append(Segment(event.index, 0, 0, self._sources[event.index], translation=event.translation,
                                         warning=event.warning))
            self._set_row(event.index, translation=event.translation, warning=event.warning)

    def _set_row(self, row: int, source: str | None = None, translation: str | None = None,
                 warning: str | None = None) -> None:
        """Fill a row; ``warning`` (what the check found wrong, "" for nothing) marks the translation cell."""
        self._row(row)
        if source is not None:  # a paragraph of a million characters would take seconds to lay out per token
            shown = source if len(source) <= MAX_CELL_CHARS else source[:MAX_CELL_CHARS] + self.tr(
                "… ({count:,} more characters, all translated)").format(count=len(source) - MAX_CELL_CHARS)
            self.table.item(row, 0).setText(shown)
        if translation is not None:
            self.table.item(row, 1).setText(translation)
        if warning is not None:
            cell = self.table.item(row, 1)
            cell.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning) if warning else QIcon())
            cell.setToolTip(self.tr("Check this paragraph: {warning}").format(warning=localized(warning))
                            if warning else "")
            theme.set_item_tint(cell, "warning" if warning else None)
        self.table.resizeRowToContents(row)

    def on_text(self, text: str) -> None:
        if self._current >= 0:
            self._set_row(self._current, translation=self.table.item(self._current, 1).text() + text)

    def show_result(self, result) -> None:
        if isinstance(result, TranslationResult):
            self.segments = result.segments
            for segment in result.segments:
                self._set_row(segment.index, segment.source, segment.translation, segment.warning)
            self.status.setText(self.tr("Translated %n paragraph(s) in {seconds:.1f} s. Select a row to translate "
                                        "it again.", "", len(result.segments)).format(seconds=result.elapsed_s))
            self._check(result.segments)
        else:  # one paragraph translated again
            row = self._again_row
            self.segments[row].translation, self.segments[row].warning = result.translation, result.warning
            self._set_row(row, translation=result.translation, warning=result.warning)
            self.status.setText(self.tr("Paragraph {number} translated again.").format(number=row + 1))
            self._check(self.segments)

    def _check(self, segments: list[Segment]) -> None:
        """Say plainly when paragraphs failed the check (marked in the table), with a model that does better."""
        failed = [s for s in segments if s.warning]
        if not failed:
            self.advice.hide()
            return
        target = self._options.target
        problem = self.tr("%n of {total} paragraph(s) need a look (marked ⚠): {warning}.", "", len(failed)).format(
            total=len(segments), warning=localized(failed[0].warning))
        self.offer_model(problem, LANGUAGE_CODES.get(target, "en"), must_write=True)

    def _finish(self) -> None:
        """A stopped "translate again" gives the row back its previous translation."""
        super()._finish()
        row = self._again_row = self._retranslating
        self._retranslating, self._current = None, -1
        if row is not None and row < len(self.segments):
            self._set_row(row, translation=self.segments[row].translation)
        self._update_buttons()

    def _update_buttons(self) -> None:
        done = bool(self.segments) and not self.busy()
        self.again_button.setEnabled(done and self.table.currentRow() >= 0)
        self.copy_button.setEnabled(done)
        self.export_button.setEnabled(done)

    # -- output --------------------------------------------------------------------------------------------------

    def translation(self) -> str:
        return "\n\n".join(s.translation for s in self.segments)

    def bilingual_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["paragraph", self._options.source, self._options.target])
        for segment in self.segments:
            writer.writerow([segment.index + 1, segment.source, segment.translation])
        return out.getvalue()

    def bilingual_markdown(self) -> str:
        options = self._options
        return "\n\n".join(f"> {s.source}\n\n{s.translation}" for s in self.segments) + \
            f"\n\n*Translated {options.source} → {options.target} with Desktop LLM.*\n"

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.translation())
        self.status.setText(self.tr("Translation copied."))

    def _export(self) -> None:
        def content(path: str) -> str:
            if path.endswith(".csv"):
                return self.bilingual_csv()
            if path.endswith(".md"):
                return self.bilingual_markdown()
            return self.translation() + "\n"

        self.save_to_file(self.tr("Export translation"), f"translation-{self._options.target.lower()}.txt",
                          self.tr("Text (*.txt);;Markdown, source and translation (*.md);;Bilingual CSV (*.csv)"),
                          content)
