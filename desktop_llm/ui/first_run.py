"""The card above the conversation while the starter model is in use: what it is, and a real model in one click.

The starter is a tiny base model installed with the app so that it works offline at once: fast, often wrong. The
card says so plainly and offers the catalog model that suits this machine best (``core.models.recommend``): its
size, what it is good at, how fast it will answer here. One click downloads it (with progress, resumable,
verified) and switches Chat to it; the card can be dismissed for good.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from ..core.models.recommend import Recommendation


class StarterCard(QFrame):
    """``get_requested(catalog id)``: the user wants the recommended model; ``dismissed``: not now, nor later."""

    get_requested = Signal(str)
    dismissed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("starterCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.recommendation: Recommendation | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.text = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar(maximum=1000, visible=False)
        self.progress.setFormat("%p%")
        buttons = QHBoxLayout()
        self.get_button = QPushButton(clicked=self._get)
        self.get_button.setDefault(False)
        self.later_button = QPushButton(self.tr("Keep the starter"), clicked=self._dismiss,
                                        toolTip=self.tr("Hide this card; the Models pane has every model"))
        buttons.addWidget(self.get_button)
        buttons.addWidget(self.later_button)
        buttons.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.hide()

    def show_for(self, starter_name: str, recommendation: Recommendation | None) -> None:
        self.recommendation = recommendation
        intro = self.tr("<b>You are chatting with the starter model</b>, {name}: a tiny demo model installed with the "
                        "app so it works offline. It is fast, but often wrong.").format(name=html.escape(starter_name))
        if recommendation is None:
            offer = self.tr("This machine has little free memory for a bigger model: see the Models pane for what "
                            "fits, or connect a server (Settings ▸ Remote endpoints).")
        else:
            spec = recommendation.spec
            offer = self.tr("For real answers, get <b>{name}</b> ({size:.1f} GB download): {description} "
                            "<br><small>{reason}</small>").format(
                name=html.escape(spec.name), size=spec.size / 1e9, description=html.escape(spec.description),
                reason=html.escape(recommendation.reason))
            self.get_button.setText(self.tr("Download {name} and use it").format(name=spec.name))
        self.get_button.setVisible(recommendation is not None)
        self.get_button.setEnabled(True)
        self.progress.hide()
        self.text.setText(f"{intro}<br>{offer}")
        self.show()

    def set_progress(self, fraction: float | None, text: str) -> None:
        """Download (or load) progress; ``fraction`` None: busy without a known share."""
        self.get_button.setEnabled(False)
        self.progress.show()
        if fraction is None:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(fraction * 1000))
        self.progress.setToolTip(text)
        self.progress.setFormat(text)

    def set_failed(self, message: str) -> None:
        """The download failed: say why; the button retries (what was downloaded is kept and resumed)."""
        self.progress.hide()
        self.get_button.setEnabled(True)
        self.get_button.setText(self.tr("Try again"))
        name = html.escape(self.recommendation.spec.name) if self.recommendation else ""
        self.text.setText(self.tr("<b>{name} could not be downloaded.</b> {message}").format(
            name=name, message=html.escape(message)))

    def _get(self) -> None:
        if self.recommendation is not None:
            self.get_requested.emit(self.recommendation.spec.id)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
