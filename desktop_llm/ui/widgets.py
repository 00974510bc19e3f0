"""Small widgets of the chat pane: the message box and the sampling/engine settings form."""

from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ..core.common.settings import EngineSettings, SamplingSettings


class MessageInput(QPlainTextEdit):
    """Enter sends, Shift+Enter adds a line, Ctrl+Enter regenerates the last reply."""

    send_requested = Signal()
    regenerate_requested = Signal()

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
        self.temperature = _spin(0.0, 2.0, sampling.temperature, 0.05, 2, "Randomness: 0 always picks the likeliest")
        self.top_p = _spin(0.0, 1.0, sampling.top_p, 0.01, 2, "Sample only from the smallest set of tokens "
                                                              "whose probabilities add up to this")
        self.top_k = _spin(0, 1000, sampling.top_k, tip="Sample only from this many likeliest tokens (0 = all)")
        self.min_p = _spin(0.0, 1.0, sampling.min_p, 0.01, 2, "Drop tokens less likely than this fraction of the "
                                                              "likeliest one")
        self.repeat_penalty = _spin(1.0, 2.0, sampling.repeat_penalty, 0.05, 2, "Discourage repeating recent tokens")
        self.max_tokens = _spin(16, 32768, sampling.max_tokens, 64, tip="Longest reply, in tokens")
        title = QLabel("<b>Sampling</b>")
        form.addRow(title)
        form.addRow("Temperature", self.temperature)
        form.addRow("Top-p", self.top_p)
        form.addRow("Top-k", self.top_k)
        form.addRow("Min-p", self.min_p)
        form.addRow("Repeat penalty", self.repeat_penalty)
        form.addRow("Max tokens", self.max_tokens)
        form.addRow(QLabel("<b>Engine</b> <small>(applies on reload)</small>"))
        self.n_ctx = _spin(256, 262144, engine.n_ctx, 1024, tip="Context length in tokens: how much of the "
                                                                "conversation the model sees")
        self.n_threads = _spin(1, max(1, os.cpu_count() or 1), engine.threads(), tip="CPU threads for inference")
        self.n_gpu_layers = _spin(-1, 999, engine.n_gpu_layers, tip="Layers offloaded to the GPU: auto tries all, "
                                  "then fewer if they do not fit; 0 = CPU only. Needs a CUDA or Metal build.")
        self.n_gpu_layers.setSpecialValueText("auto")
        form.addRow("Context length", self.n_ctx)
        form.addRow("Threads", self.n_threads)
        form.addRow("GPU layers", self.n_gpu_layers)
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


# Translucent tints: readable over a light or a dark window alike.
BANNER_TINTS = {"error": "rgba(209, 36, 47, 0.16)", "warning": "rgba(212, 167, 44, 0.22)",
                "info": "rgba(31, 111, 235, 0.14)"}


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
        self.hide()

    def show_message(self, text: str, kind: str = "error",
                     action: tuple[str, Callable[[], None]] | None = None) -> None:
        self.setStyleSheet(f"Banner {{ background: {BANNER_TINTS[kind]}; border-radius: 4px; }}")
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
