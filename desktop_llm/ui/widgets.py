"""Small widgets the panes share: the message box, the sampling/engine settings form, a banner with one action,
a label that elides, and a layout that wraps a toolbar onto more lines instead of clipping it."""

from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QMargins, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QWidget,
    QWidgetItem,
)

from ..core.common.settings import EngineSettings, SamplingSettings
from . import theme


class MessageInput(QPlainTextEdit):
    """Enter sends, Shift+Enter adds a line, Ctrl+Enter regenerates the last reply."""

    send_requested = Signal()
    regenerate_requested = Signal()
    # For the shortcuts sheet, which translates them in the context "MessageInput".
    KEYS = (("Enter", QT_TRANSLATE_NOOP("MessageInput", "Chat: send the message")),
            ("Shift+Enter", QT_TRANSLATE_NOOP("MessageInput", "Chat: start a new line")),
            ("Ctrl+Enter", QT_TRANSLATE_NOOP("MessageInput", "Chat: write the last reply again")))

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            modifiers = event.modifiers()
            if modifiers & Qt.KeyboardModifier.ControlModifier:
                self.regenerate_requested.emit()
                return
            if not modifiers & Qt.KeyboardModifier.ShiftModifier:
                self.send_requested.emit()
                return
        super().keyPressEvent(event)


def _spin(minimum, maximum, value, step=None, decimals=None, tip=""):
    box = QDoubleSpinBox() if decimals is not None else QSpinBox()
    if decimals is not None:
        box.setDecimals(decimals)
    box.setRange(minimum, maximum)
    if step is not None:
        box.setSingleStep(step)
    box.setValue(value)
    box.setToolTip(tip)
    return box


class SettingsPanel(QWidget):
    """Sampling settings apply to the next reply; engine settings (context, threads, GPU) need a reload."""

    engine_changed = Signal()

    def __init__(self, sampling: SamplingSettings, engine: EngineSettings, parent=None):
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.temperature = _spin(0.0, 2.0, sampling.temperature, 0.05, 2,
                                 self.tr("Randomness: 0 always picks the likeliest"))
        self.top_p = _spin(0.0, 1.0, sampling.top_p, 0.01, 2, self.tr("Sample only from the smallest set of tokens "
                                                                      "whose probabilities add up to this"))
        self.top_k = _spin(0, 1000, sampling.top_k, tip=self.tr("Sample only from this many likeliest tokens "
                                                                "(0 = all)"))
        self.min_p = _spin(0.0, 1.0, sampling.min_p, 0.01, 2, self.tr("Drop tokens less likely than this fraction "
                                                                      "of the likeliest one"))
        self.repeat_penalty = _spin(1.0, 2.0, sampling.repeat_penalty, 0.05, 2,
                                    self.tr("Discourage repeating recent tokens"))
        self.max_tokens = _spin(16, 32768, sampling.max_tokens, 64, tip=self.tr("Longest reply, in tokens"))
        title = QLabel(self.tr("<b>Sampling</b>"))
        form.addRow(title)
        form.addRow(self.tr("Temperature"), self.temperature)
        form.addRow(self.tr("Top-p"), self.top_p)
        form.addRow(self.tr("Top-k"), self.top_k)
        form.addRow(self.tr("Min-p"), self.min_p)
        form.addRow(self.tr("Repeat penalty"), self.repeat_penalty)
        form.addRow(self.tr("Max tokens"), self.max_tokens)
        form.addRow(QLabel(self.tr("<b>Engine</b> <small>(applies on reload)</small>")))
        self.n_ctx = _spin(256, 262144, engine.n_ctx, 1024, tip=self.tr("Context length in tokens: how much of the "
                                                                        "conversation the model sees"))
        self.n_threads = _spin(1, max(1, os.cpu_count() or 1), engine.threads(),
                               tip=self.tr("CPU threads for inference"))
        self.n_gpu_layers = _spin(-1, 999, engine.n_gpu_layers, tip=self.tr(
            "Layers offloaded to the GPU: auto tries all, then fewer if they do not fit; 0 = CPU only. Needs a CUDA "
            "or Metal build."))
        self.n_gpu_layers.setSpecialValueText(self.tr("auto"))
        form.addRow(self.tr("Context length"), self.n_ctx)
        form.addRow(self.tr("Threads"), self.n_threads)
        form.addRow(self.tr("GPU layers"), self.n_gpu_layers)
        for box in (self.n_ctx, self.n_threads, self.n_gpu_layers):
            box.valueChanged.connect(self.engine_changed)

    def sampling(self) -> SamplingSettings:
        return SamplingSettings(
            temperature=self.temperature.value(),
            top_p=self.top_p.value(),
            top_k=self.top_k.value(),
            min_p=self.min_p.value(),
            repeat_penalty=self.repeat_penalty.value(),
            max_tokens=self.max_tokens.value(),
        )

    def engine(self) -> EngineSettings:
        return EngineSettings(n_ctx=self.n_ctx.value(), n_threads=self.n_threads.value(),
                              n_gpu_layers=self.n_gpu_layers.value())


BANNER_TINTS = {"error": "banner_error", "warning": "banner_warning", "info": "banner_info"}  # kind -> theme tint


class Banner(QFrame):
    """A message above the conversation (an error, a warning or a note) with at most one action button; its text
    is plain text, never markup (errors quote servers and files)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(visible=False)
        self.button.clicked.connect(self._act)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._action: Callable[[], None] | None = None
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error",
                     action: tuple[str, Callable[[], None]] | None = None) -> None:
        self.kind = kind
        # A theme template: apply_theme re-fills it when the palette switches between light and dark.
        theme.set_style_sheet(self, f"Banner {{ background: $tint_{BANNER_TINTS[kind]}; border-radius: 4px; }}")
        self.label.setText(text)
        self._action = action[1] if action else None
        self.button.setText(action[0] if action else "")
        self.button.setVisible(action is not None)
        self.show()

    def text(self) -> str:
        return self.label.text()

    def _act(self) -> None:
        action, self._action = self._action, None
        self.hide()
        if action is not None:
            action()


class ElidedLabel(QLabel):
    """One line of plain text that fits any width: cut with "…" when too long, the whole text in its tooltip. It
    never makes the window wider (a model's description, a status line)."""

    def __init__(self, text: str = "", parent=None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def text(self) -> str:
        return self._full

    def clear(self) -> None:
        self.setText("")

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def elided(self) -> bool:
        return QLabel.text(self) != self._full

    def _elide(self) -> None:
        QLabel.setText(self, self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                                           max(0, self.contentsRect().width())))


class FlowLayout(QLayout):
    """Lays widgets out left to right and wraps onto the next line when the width runs out, so a toolbar never
    clips its labels in a narrow window. Items marked with ``add_stretch`` start the right-aligned group."""

    def __init__(self, parent=None, spacing: int = 6):
        super().__init__(parent)
        self._items: list = []
        self._right_from: int | None = None
        self.setSpacing(spacing)
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item) -> None:
        self._items.append(item)

    def add_group(self, *widgets: QWidget, at: int | None = None) -> QWidget:
        """Widgets that stay together on one line (a label and its box), at the end or at index ``at``."""
        if len(widgets) == 1:
            group = widgets[0]
        else:
            group = QWidget()
            row = QHBoxLayout(group)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(4)
            for widget in widgets:
                row.addWidget(widget)
        at = len(self._items) if at is None else at
        self.addChildWidget(group)
        self._items.insert(at, QWidgetItem(group))
        if self._right_from is not None and at < self._right_from:
            self._right_from += 1
        self.invalidate()
        return group

    def add_stretch(self) -> None:
        """What is added after this goes to the right end of the last line when there is room."""
        self._right_from = len(self._items)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in lines (``move``), and return the height they take at ``rect``'s width."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        spacing = self.spacing() if self.spacing() >= 0 else self.parentWidget().style().pixelMetric(
            QStyle.PixelMetric.PM_LayoutHorizontalSpacing)
        visible = [(index, item) for index, item in enumerate(self._items) if not item.isEmpty()]
        lines: list[list] = [[]]
        used = 0
        for index, item in visible:
            width = item.sizeHint().width()
            if lines[-1] and used + spacing + width > area.width():
                lines.append([])
                used = 0
            used += (spacing if lines[-1] else 0) + width
            lines[-1].append((index, item))
        y = area.y()
        for line in lines:
            height = max((item.sizeHint().height() for _, item in line), default=0)
            widths = [item.sizeHint().width() for _, item in line]
            free = area.width() - sum(widths) - spacing * max(0, len(line) - 1)
            x = area.x()
            for (index, item), width in zip(line, widths):
                if self._right_from is not None and index >= self._right_from and \
                        index == next((i for i, _ in line if i >= self._right_from), -1) and free > 0:
                    x += free  # the right-aligned group starts here
                if move:
                    item_height = item.sizeHint().height()
                    item.setGeometry(QRect(QPoint(x, y + (height - item_height) // 2), QSize(width, item_height)))
                x += width + spacing
            y += height + spacing
        return y - spacing - rect.y() + margins.bottom() if visible else 0
