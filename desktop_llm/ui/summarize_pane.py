"""The Summarize pane: the document on the left, the summary on the right; long documents go part by part.

Before starting, a preflight line says what the job will take. Parts report as they finish; the final summary
streams. Clicking a point of the summary selects the passage of the document it most likely comes from.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.jobs.loading import AnyModelRequest
from ..core.jobs.tools import summarize_job, summary_plan_job
from ..core.text.prompts import SUMMARY_LENGTHS, SUMMARY_STYLES
from ..core.tools.summarize import FinalStarted, PartDone, SummaryOptions, SummaryPlan, SummaryResult
from . import theme
from .i18n import localized
from .tool_pane import ToolPane
from .transcript import MARKDOWN, markdown_as_plain_text

# For lupdate: the labels of SUMMARY_STYLES and SUMMARY_LENGTHS (core/text/prompts.py), shown translated in the boxes.
OPTION_LABELS = (
    QT_TRANSLATE_NOOP("SummarizePane", "Key points"),
    QT_TRANSLATE_NOOP("SummarizePane", "Paragraph"),
    QT_TRANSLATE_NOOP("SummarizePane", "One line"),
    QT_TRANSLATE_NOOP("SummarizePane", "Short"),
    QT_TRANSLATE_NOOP("SummarizePane", "Medium"),
    QT_TRANSLATE_NOOP("SummarizePane", "Long"),
)


class SummarizePane(ToolPane):
    """``ask_requested(path, text, name)``: chat about the document (its file, or the text when it has none)."""

    ask_requested = Signal(str, str, str)
    use = "summarize"
    run_label = QT_TRANSLATE_NOOP("ToolPane", "Summarize")
    placeholder = QT_TRANSLATE_NOOP("ToolPane", "Paste text here, or open or drop a file (txt, md, html, pdf, docx). "
                                                "Any length: long documents are summarized part by part.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.result: SummaryResult | None = None
        self._job_options = SummaryOptions()
        self._plan_job: int | None = None
        self.style_box = QComboBox()
        for key, (label, _) in SUMMARY_STYLES.items():
            self.style_box.addItem(QCoreApplication.translate("SummarizePane", label), key)
        self.length_box = QComboBox()
        for key, (label, *_rest) in SUMMARY_LENGTHS.items():
            self.length_box.addItem(QCoreApplication.translate("SummarizePane", label), key)
        self.style_box.setCurrentIndex(max(0, self.style_box.findData(self.option("style", "key_points"))))
        self.length_box.setCurrentIndex(max(0, self.length_box.findData(self.option("length", "medium"))))
        for box in (self.style_box, self.length_box):
            box.activated.connect(self._on_options_changed)
        self.add_option(QLabel(self.tr("Style")), self.style_box)
        self.add_option(QLabel(self.tr("Length")), self.length_box)

        self.preflight = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.source, 1)
        left_layout.addWidget(self.preflight)
        self.output = QTextBrowser(openLinks=False, placeholderText=self.tr("The summary appears here."))
        self.output.anchorClicked.connect(self._on_point_clicked)
        self.parts = QListWidget(toolTip=self.tr("Summary of each part: click one to select that part in the "
                                                 "document"), alternatingRowColors=True, spacing=2)
        self.parts.setWordWrap(True)
        self.parts_label = QLabel("<b>{}</b> <small>{}</small>".format(
            self.tr("Parts"), self.tr("(click one to select it in the document)")))
        self.parts.currentRowChanged.connect(self._on_part_selected)
        self.ask_button = QPushButton(self.tr("Ask about it…"), clicked=self._ask, toolTip=self.tr(
            "Start a chat with this document attached: ask questions, get answers that cite it"))
        self.copy_button = QPushButton(self.tr("Copy"), enabled=False, clicked=self._copy)
        self.export_button = QPushButton(self.tr("Export…"), enabled=False, clicked=self._export)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.output, 3)
        right_layout.addWidget(self.parts_label)
        right_layout.addWidget(self.parts, 1)
        self._show_parts(False)
        self.add_action(self.ask_button)
        self.add_action(self.copy_button)
        self.add_action(self.export_button)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([500, 500])
        self.body.addWidget(splitter)

    def options(self) -> SummaryOptions:
        return SummaryOptions(self.style_box.currentData(), self.length_box.currentData())

    def _on_options_changed(self) -> None:
        self.text_settled()

    # -- preflight -----------------------------------------------------------------------------------------------

    def text_settled(self) -> None:
        """Ask the engine for the plan with the real tokenizer (only when the chosen model is the loaded one)."""
        if self._plan_job is not None:
            self.worker.cancel(self._plan_job)
            self._plan_job = None
        text = self.text()
        if not text.strip():
            self.preflight.clear()
            return
        if not self.chosen_is_loaded():
            self.preflight.setText(self.tr("{count:,} characters · the token count shows once the model is loaded "
                                           "(it loads when you start)").format(count=len(text)))
            return
        loaded = self.models.loaded.path
        self._plan_job = self.worker.submit(summary_plan_job(text, self.options(), loaded, self.remembered_speed()))

    def _on_finished(self, job_id: int, result) -> None:
        if job_id == self._plan_job and job_id is not None:
            self._plan_job = None
            if isinstance(result, SummaryPlan):
                self.preflight.setText(localized(result.describe()))
            return
        super()._on_finished(job_id, result)

    def _on_failed(self, job_id: int, message: str) -> None:
        if job_id == self._plan_job and job_id is not None:
            self._plan_job = None
            self.preflight.setText(message)
            return
        super()._on_failed(job_id, message)

    # -- running -------------------------------------------------------------------------------------------------

    def make_job(self, text: str, request: AnyModelRequest | None):
        self.remember("style", self.style_box.currentData())
        self.remember("length", self.length_box.currentData())
        self._job_options = self.options()  # the result is shown as asked, whatever the boxes say later
        return summarize_job(text, self._job_options, request, self.remembered_speed())

    def clear_output(self) -> None:
        self.result = None
        self.output.clear()
        self.parts.clear()
        self._show_parts(False)
        self.copy_button.setEnabled(False)
        self.export_button.setEnabled(False)

    def on_event(self, event: object) -> None:
        if isinstance(event, PartDone):
            self._show_parts(True)
            item = QListWidgetItem(self.tr("Part {number} of {count}").format(number=event.index + 1, count=event.count)
                                   + "\n" + markdown_as_plain_text(event.summary))
            if event.warning:
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setToolTip(self.tr("Check this part: {warning}").format(warning=localized(event.warning)))
                theme.set_item_tint(item, "warning")
            self.parts.addItem(item)
        elif isinstance(event, FinalStarted):
            self.output.clear()

    def on_text(self, text: str) -> None:
        cursor = self.output.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        self.output.setTextCursor(cursor)

    def show_result(self, result: SummaryResult) -> None:
        self.result = result
        self.output.document().setMarkdown(self.summary_view(result), MARKDOWN)
        self.copy_button.setEnabled(bool(result.summary))
        self.export_button.setEnabled(bool(result.summary))
        rounds = self.tr("one pass") if result.rounds == 0 else self.tr(
            "{parts} parts, %n combining round(s)", "", result.rounds).format(parts=len(result.parts))
        self.status.setText(self.tr("Summarized {tokens:,} tokens in {seconds:.1f} s ({rounds}). Click the link "
                                    "after a point to select the passage it comes from.").format(
            tokens=result.input_tokens, seconds=result.elapsed_s, rounds=rounds))
        if result.warnings:
            warnings = "; ".join(map(localized, result.warnings))
            problem = self.tr("The summary needs a look: {warnings}.").format(warnings=warnings)
            self.offer_model(problem, QLocale().name()[:2])
        else:
            self.advice.hide()

    def theme_changed(self) -> None:
        super().theme_changed()
        if getattr(self, "result", None) is not None and not self.busy():
            self.output.document().setMarkdown(self.summary_view(self.result), MARKDOWN)  # links in the new colour

    def summary_view(self, result: SummaryResult) -> str:
        """The summary as Markdown, each point followed by a link to its passage, or a mark where none was found."""
        points = []
        for number, point in enumerate(result.points):
            if point.part is None:
                points.append(point.text + " ⚠ *" + self.tr("(not found in the text: may be made up)") + "*")
                continue
            label = self.tr("part {number}").format(number=point.part + 1) if len(result.parts) > 1 else \
                self.tr("source")
            points.append(f"{point.text} [\\[{label}\\]](point:{number})")
        if not points:
            return result.summary
        if self._job_options.style == "key_points":
            return "\n".join(f"- {point}" for point in points)
        return " ".join(points)

    def _show_parts(self, visible: bool) -> None:
        self.parts.setVisible(visible)
        self.parts_label.setVisible(visible)

    def _on_point_clicked(self, url: QUrl) -> None:
        if self.result is None or not url.toString().startswith("point:"):
            return
        point = self.result.points[int(url.toString().split(":", 1)[1])]
        self._select_source(point.start, point.end)

    def _on_part_selected(self, row: int) -> None:
        if self.result is not None and 0 <= row < len(self.result.parts):
            part = self.result.parts[row]
            self._select_source(part.start, part.end)

    def _select_source(self, start: int, end: int) -> None:
        """Select ``text[start:end]`` of the document: Python counts characters, Qt counts UTF-16 code units (an
        emoji is two), so the offsets are converted."""
        text = self.source.toPlainText()
        cursor = self.source.textCursor()
        cursor.setPosition(_utf16_length(text[:start]))
        cursor.setPosition(_utf16_length(text[:end]), QTextCursor.MoveMode.KeepAnchor)
        self.source.setTextCursor(cursor)
        self.source.centerCursor()
        self.source.setFocus()

    def summary_markdown(self) -> str:
        result = self.result
        lines = [f"# Summary of {self.source_name or 'the text'}", ""]
        lines += [f"- {p.text}" + (f" *(part {p.part + 1})*" if p.part is not None and len(result.parts) > 1 else "")
                  for p in result.points] if self._job_options.style == "key_points" else [result.summary]
        if len(result.parts) > 1:
            lines += ["", "## Parts", ""]
            lines += [f"### Part {n} (characters {c.start:,}–{c.end:,})\n\n{s}\n"
                      for n, (c, s) in enumerate(zip(result.parts, result.part_summaries), 1)]
        return "\n".join(lines) + "\n"

    def _ask(self) -> None:
        if not self.text().strip():
            self.show_error(self.tr("Paste some text or open a file first."))
            return
        self.ask_requested.emit(self.source_path, self.text(), self.source_name or self.tr("pasted text"))

    def _copy(self) -> None:
        if self.result:
            QGuiApplication.clipboard().setText(self.result.summary)
            self.status.setText(self.tr("Summary copied."))

    def _export(self) -> None:
        if self.result:
            self.save_to_file(self.tr("Export summary"), "summary.md", self.tr("Markdown (*.md);;Text (*.txt)"),
                              lambda path: self.summary_markdown() if path.endswith(".md") else self.result.summary
                              + "\n")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
