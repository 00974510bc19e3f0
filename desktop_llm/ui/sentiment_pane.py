"""The Sentiment pane: one text or a batch (one per line, or a CSV/TSV column) → a sortable table and a chart."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..core.jobs.loading import AnyModelRequest
from ..core.jobs.tools import sentiment_job
from ..core.text.prompts import SENTIMENT_LABELS
from ..core.tools import ToolInputError
from ..core.tools.sentiment import (
    ItemScored,
    SentimentItem,
    SentimentResult,
    items_from_lines,
    items_from_table,
    table_columns,
)
from . import theme
from .i18n import localized
from .tool_pane import ToolPane

LINES = ""  # the column choice meaning "one text per line"
# For lupdate: SENTIMENT_LABELS (core/text/prompts.py), shown translated; the results (and the export) keep them.
LABEL_NAMES = (
    QT_TRANSLATE_NOOP("SentimentPane", "positive"),
    QT_TRANSLATE_NOOP("SentimentPane", "negative"),
    QT_TRANSLATE_NOOP("SentimentPane", "neutral"),
)


def label_name(label: str) -> str:
    """A sentiment label (one of SENTIMENT_LABELS) in the UI's language."""
    return QCoreApplication.translate("SentimentPane", label)


class LabelChart(QWidget):
    """Horizontal bars: how many items got each label."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts = {label: 0 for label in SENTIMENT_LABELS}
        self.setMinimumHeight(90)

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        self.update()

    def add(self, label: str) -> None:
        """One more item: constant work per item, however long the batch."""
        self.counts[label] += 1
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = sum(self.counts.values()) or 1
        label_width, row = 80, self.height() / len(self.counts)
        bar_room = max(10, self.width() - label_width - 90)
        for n, (label, count) in enumerate(self.counts.items()):
            top = n * row + row * 0.2
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRectF(0, top, label_width - 8, row * 0.6), Qt.AlignmentFlag.AlignRight |
                             Qt.AlignmentFlag.AlignVCenter, label_name(label))
            bar = QRectF(label_width, top, bar_room * count / total, row * 0.6)
            painter.fillRect(bar, theme.qcolor(label))  # read at paint time: follows the theme
            painter.drawText(QRectF(label_width + bar_room * count / total + 6, top, 90, row * 0.6),
                             Qt.AlignmentFlag.AlignVCenter, f"{count:,} ({count / total:.0%})")


class SentimentPane(ToolPane):
    use = "sentiment"
    run_label = QT_TRANSLATE_NOOP("ToolPane", "Classify")
    placeholder = QT_TRANSLATE_NOOP("ToolPane", "One text, or one text per line, or open a CSV/TSV file and choose "
                                                "its text column.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.items: list[SentimentItem] = []
        self._delimiter = ","
        self._skipped = 0
        self.column = QComboBox(toolTip=self.tr("The column holding the texts (for CSV/TSV input)"))
        self.column.addItem(self.tr("One text per line"), LINES)
        self.column_label = QLabel(self.tr("Texts"))
        self.export_button = QPushButton(self.tr("Export CSV…"), enabled=False, clicked=self._export)
        self.add_option(self.column_label, self.column)
        self.add_action(self.export_button)
        self.table = QTableWidget(0, 4, alternatingRowColors=True)
        self.table.setHorizontalHeaderLabels(["#", self.tr("Text"), self.tr("Label"), self.tr("Score")])
        self.table.horizontalHeaderItem(3).setToolTip(self.tr("The probability of the label, 0 to 1 (point at a "
                                                              "score for all three)"))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 56), (2, 84), (3, 64)):  # fixed: fitting them to 1,000 rows per row is slow
            self.table.setColumnWidth(column, width)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.chart = LabelChart()
        results = QSplitter(Qt.Orientation.Vertical)
        results.addWidget(self.table)
        results.addWidget(self.chart)
        results.setSizes([400, 120])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.source)
        splitter.addWidget(results)
        splitter.setSizes([420, 580])
        self.body.addWidget(splitter)

    # -- input ---------------------------------------------------------------------------------------------------

    def text_settled(self) -> None:
        """Offer the columns when the text reads as a table. Plain lines stay lines (a review with commas is not a
        table) unless the user picks a column, or opened a .csv/.tsv file (then the column used last time)."""
        chosen = self.column.currentData()
        found = table_columns(self.text()) if self.text().strip() else None
        self.column.clear()
        self.column.addItem(self.tr("One text per line"), LINES)
        if found:
            names, self._delimiter = found
            for name in names:
                self.column.addItem(self.tr("Column: {name}").format(name=name), name)
            if not chosen and self.source_name.lower().endswith((".csv", ".tsv")):
                chosen = self.option("column", "") if self.option("column", "") in names else names[0]
            self.column.setCurrentIndex(max(0, self.column.findData(chosen)))

    def texts(self) -> tuple[list[str], int]:
        """The items, and how many table rows had no text in the chosen column."""
        column = self.column.currentData()
        if column:
            self.remember("column", column)
            return items_from_table(self.text(), column, self._delimiter)
        return items_from_lines(self.text()), 0

    # -- running -------------------------------------------------------------------------------------------------

    def make_job(self, text: str, request: AnyModelRequest | None):
        try:
            texts, self._skipped = self.texts()
        except ToolInputError as exc:
            self.show_error(localized(exc))
            return None
        return sentiment_job(texts, request)

    def clear_output(self) -> None:
        self.items = []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        self.chart.set_counts({label: 0 for label in SENTIMENT_LABELS})
        self.export_button.setEnabled(False)

    def on_event(self, event: object) -> None:
        if isinstance(event, ItemScored):
            self.items.append(event.item)
            self._add_row(event.item)
            self.chart.add(event.item.label)

    def _add_row(self, item: SentimentItem) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        text = QTableWidgetItem(item.text)
        text.setToolTip(item.text + (f"\n\n{localized(item.note)}" if item.note else ""))
        label = QTableWidgetItem(label_name(item.label))
        theme.set_item_color(label, item.label)  # the theme's colour of the label, kept up in a new theme
        number, score = QTableWidgetItem(), QTableWidgetItem()
        number.setData(Qt.ItemDataRole.DisplayRole, item.index + 1)  # numbers, so they sort as numbers
        score.setData(Qt.ItemDataRole.DisplayRole, round(item.score, 3))
        score.setToolTip(self.tr("How sure the model is of “{label}”, from 0 to 1: the probability it gives that "
                                 "label after calibration (its bias toward a label on empty text is taken out). "
                                 "Below about 0.5 it is a guess between labels.\n\n{all}").format(
            label=label_name(item.label), all="   ".join(f"{label_name(k)} {v:.2f}"
                                                         for k, v in item.probabilities.items())))
        for column, cell in enumerate((number, text, label, score)):
            self.table.setItem(row, column, cell)

    def show_result(self, result: SentimentResult) -> None:
        self.items = result.items
        counts = self.tr(", ", "between the counts of the labels").join(
            self.tr("{count:,} {label}").format(count=n, label=label_name(label)) for label, n in result.counts.items())
        if len(result.items) == 1:
            item = result.items[0]
            self.status.setText(self.tr("{label} (score {score:.2f})").format(label=label_name(item.label),
                                                                              score=item.score))
        else:
            skipped = " " + self.tr("({count:,} row(s) with an empty cell skipped)").format(
                count=self._skipped) if self._skipped else ""
            self.status.setText(self.tr("{count:,} items in {seconds:.1f} s{skipped}: {counts}. Click a column header "
                                        "to sort.").format(count=len(result.items), seconds=result.elapsed_s,
                                                           skipped=skipped, counts=counts))

    def _finish(self) -> None:
        super()._finish()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # input order until the user picks a column
        self.export_button.setEnabled(bool(self.items))  # after a cancel, what was scored can still be saved

    def _export(self) -> None:
        self.save_to_file(self.tr("Export results"), "sentiment.csv", self.tr("CSV (*.csv)"),
                          lambda path: SentimentResult(self.items).to_csv())
