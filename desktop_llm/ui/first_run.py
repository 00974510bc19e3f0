"""The card above the conversation while the starter model is in use: what it is, and a real model in one click.

The starter is a tiny base model installed with the app so that it works offline at once: fast, often wrong. The
card says so plainly and offers the catalog model that suits this machine best (``core.models.recommend``): its
size, what it is good at, how fast it will answer here. One click downloads it (with progress, resumable,
verified) and switches Chat to it; the card can be dismissed for good.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from ..core.common.settings import Settings
from ..core.engines.base import ModelInfo
from ..core.models.catalog import ModelSpec
from ..core.models.recommend import Recommendation
from .i18n import localized
from .models_pane import ModelsPane


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

    def show_for(self, starter_name: str, recommendation: Recommendation | None, installed: bool = False) -> None:
        """``installed``: the recommended model is already on disk (then the button only switches to it)."""
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
                name=html.escape(spec.name), size=spec.size / 1e9,
                description=html.escape(spec.description_in(QLocale().name()[:2])),
                reason=html.escape(localized(recommendation.reason)))
            self.get_button.setText(self.tr("Use {name}").format(name=spec.name) if installed else
                                    self.tr("Download {name} and use it").format(name=spec.name))
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


class StarterOffer(QObject):
    """Drives the card: shown while the starter is the loaded model (unless dismissed for good); the recommended
    model is downloaded through the Models pane (so it shows there too) and, once verified, used for Chat.

    ``use_for_chat(path)``: a model file to load in the Chat pane.
    """

    use_for_chat = Signal(str)

    def __init__(self, card: StarterCard, models: ModelsPane, settings: Settings, parent=None):
        super().__init__(parent)
        self.card = card
        self.models = models
        self.settings = settings
        self.loaded: ModelInfo | None = None
        self.recommendation: Recommendation | None = None
        self.hardware_known = False
        self._downloading: str | None = None  # the destination of the recommended model's download
        card.get_requested.connect(self._get)
        card.dismissed.connect(self._dismiss)
        bridge = models.downloads
        bridge.progress.connect(self._on_progress)
        bridge.finished.connect(self._on_finished)
        bridge.failed.connect(self._on_failed)
        bridge.stopped.connect(self._on_stopped)

    def set_recommendation(self, recommendation: Recommendation | None) -> None:
        self.recommendation = recommendation
        self.hardware_known = True
        self._update()

    def set_loaded(self, info: ModelInfo | None) -> None:
        self.loaded = info
        if info is not None and self._downloading and Path(info.path) == Path(self._downloading):
            self._downloading = None
        self._update()

    def _starter(self) -> ModelSpec | None:
        if self.loaded is None or self.loaded.remote:
            return None
        spec = self.models.library.catalog.for_file(Path(self.loaded.path))
        return spec if spec is not None and spec.package else None

    def _update(self) -> None:
        if self._downloading:
            return  # the card shows the download until the new model is in use
        starter = self._starter()
        if starter is None or not self.hardware_known or self.settings.starter_card_dismissed:
            self.card.hide()
            return
        self.card.show_for(starter.name, self.recommendation,
                           self.recommendation is not None and self._installed(self.recommendation.spec))

    def _installed(self, spec: ModelSpec) -> bool:
        return self.models.library.path_for(spec).exists()

    def _get(self, model_id: str) -> None:
        spec = self.models.library.catalog.get(model_id)
        if spec is None:
            return
        if self._installed(spec):
            self.card.set_progress(None, self.tr("Loading {name}…").format(name=spec.name))
            self._downloading = str(self.models.library.path_for(spec))
            self.use_for_chat.emit(self._downloading)
            return
        self._downloading = str(self.models.download(spec))
        self.card.set_progress(0.0, self.tr("Starting the download…"))

    def _dismiss(self) -> None:
        self.settings.starter_card_dismissed = True

    def _on_progress(self, dest: str, progress) -> None:
        if dest != self._downloading:
            return
        if progress.total:
            text = self.tr("{status} {done:.0f} of {total:.0f} MB").format(
                status=localized(progress.status), done=progress.done / 1e6, total=progress.total / 1e6)
            self.card.set_progress(progress.done / progress.total, text)
        else:
            self.card.set_progress(None, localized(progress.status))

    def _on_finished(self, dest: str, result) -> None:
        if dest == self._downloading:
            self.card.set_progress(None, self.tr("Verified. Loading it…"))
            self.use_for_chat.emit(dest)

    def _on_failed(self, dest: str, message: str) -> None:
        if dest == self._downloading:
            self._downloading = None
            self.card.set_failed(message)

    def _on_stopped(self, dest: str, paused: bool) -> None:
        if dest == self._downloading:  # paused or cancelled in the Models pane
            self._downloading = None
            self._update()
