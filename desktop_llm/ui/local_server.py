"""Settings ▸ Local server: other programs on this computer use the model the window holds, through ``/v1``.

``LocalServerControl`` owns the running :class:`LocalServer`. Its requests are jobs on the window's one
``EngineWorker`` (``WorkerRunner``), so they take turns with the panes' jobs on the same model: no second copy in
memory. The API key lives in the OS keyring and is read and written off the UI thread. ``LocalServerDialog`` edits
``Settings.server``; the window's status bar shows the server's address and what it is doing.
"""

from __future__ import annotations

import secrets
import socket
from dataclasses import replace
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from ..core.common.settings import ServerSettings, Settings
from ..core.engines.endpoints import KeyringUnavailable, read_secret, save_secret
from ..core.jobs.context import Job
from ..core.server.state import ModelState, ServerCounts
from ..worker import EngineWorker
from . import theme
from .background import BackgroundCall
from .i18n import localized

SERVER_KEY = ("desktop-llm-server", "api-key")  # keyring service and account of the key clients must send
EVERY_ADDRESS = "0.0.0.0"
STATUS_EVERY_MS = 500


class _JobCancel:
    def __init__(self, worker: EngineWorker, job_id: int):
        self._worker, self._job_id = worker, job_id

    def cancel(self) -> None:
        self._worker.cancel(self._job_id)


class WorkerRunner:
    """The server's :class:`JobRunner`: ``EngineWorker.submit`` is safe from the server's thread (a queued signal),
    and jobs run in the order they come, the window's and the server's alike."""

    def __init__(self, worker: EngineWorker):
        self._worker = worker

    def submit(self, job: Job) -> _JobCancel:
        return _JobCancel(self._worker, self._worker.submit(job))


class LocalServerControl(QObject):
    """Starts, stops and watches the local server. ``status_changed(text, ok)`` gives a line for the status bar
    and the dialog (empty when the server is off); ``ok`` is False for an error."""

    status_changed = Signal(str, bool)

    def __init__(self, worker: EngineWorker, settings: Settings, served_model: Callable[[], ModelState],
                 embedder: Callable[[], object | None] = lambda: None, parent=None):
        super().__init__(parent)
        self._runner = WorkerRunner(worker)
        self._settings = settings
        self._served_model = served_model
        self._embedder = embedder  # the installed embedding model, for /v1/embeddings
        self.server = None  # a core.server.server.LocalServer while it runs
        self.status, self.ok = "", True
        self._counts = ServerCounts()
        self._keys = BackgroundCall("server-key")  # no parent: the thread keeps it alive
        self._keys.done.connect(self._on_key)
        self._timer = QTimer(self, interval=STATUS_EVERY_MS)
        self._timer.timeout.connect(self._refresh)

    def start_saved(self) -> None:
        """At start-up: run the server if it was left on."""
        if self._settings.server.enabled:
            self.apply(self._settings.server)

    def apply(self, config: ServerSettings, new_key: str | None = None) -> None:
        """Save ``config`` and run the server as it says: stop it, then start it again with the key from the keyring
        (``new_key`` is saved there first; an empty one deletes the saved key)."""
        self._settings.server = config
        self.stop()
        if not config.enabled:
            self._show("", True)
            return
        self._show(self.tr("Local server: starting…"), True)

        def key(cancel):
            if new_key is not None:
                save_secret(*SERVER_KEY, new_key)
            return read_secret(*SERVER_KEY)

        self._keys.start(key, (KeyringUnavailable,), self.tr("The system keyring failed"))

    def _on_key(self, key: str | None, error: str | None) -> None:
        config = self._settings.server
        if not config.enabled:
            return
        if error is not None and config.allow_network:
            self._show(self.tr("Local server: off: {error}").format(error=localized(error)), False)
            return
        from ..core.server.server import DEFAULT_HOST, LocalServer, ServerError  # the HTTP stack, when needed

        try:
            server = LocalServer(self._runner, self._served_model, EVERY_ADDRESS if config.allow_network
                                 else DEFAULT_HOST, config.port, key if config.allow_network else None, config.cors,
                                 embedder=self._embedder)
            server.start()
        except ServerError as exc:
            self._show(self.tr("Local server: off: {error}").format(error=localized(exc)), False)
            return
        self.server = server
        self._counts = ServerCounts()
        self._timer.start()
        self._refresh(force=True)

    def make_way_for_a_model_load(self) -> None:
        """The window loads another local model: requests running or waiting on the old one end now (their clients
        are told to try again) instead of holding the load up."""
        if self.server is not None:
            self.server.app.make_way_for_a_model_load()

    def stop(self) -> None:
        self._keys.cancel()
        self._timer.stop()
        if self.server is not None:
            self.server.stop()
            self.server = None

    def url(self) -> str:
        """Where clients find it: for other computers, this machine's name instead of 0.0.0.0."""
        if self.server is None:
            return ""
        if self.server.host == EVERY_ADDRESS:
            return f"http://{socket.gethostname()}:{self.server.port}/v1"
        return self.server.base_url

    def _refresh(self, force: bool = False) -> None:
        counts = self.server.counts()
        if counts == self._counts and not force:
            return
        self._counts = counts
        busy = ""
        if counts.running:
            busy = self.tr(" · answering a request")
        if counts.waiting:
            busy += self.tr(" · {n} waiting").format(n=counts.waiting)
        self._show(self.tr("Local server: {url} · {served} served{busy}").format(
            url=self.url(), served=counts.served, busy=busy), True)

    def _show(self, text: str, ok: bool) -> None:
        self.status, self.ok = text, ok
        self.status_changed.emit(text, ok)


class LocalServerDialog(QDialog):
    """The server's settings and its state; Apply restarts it as set (the key goes to the keyring)."""

    def __init__(self, control: LocalServerControl, settings: Settings, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Local server"))
        self._control, self._settings = control, settings
        config = settings.server
        intro = QLabel(self.tr(
            "Other programs on this computer (editors, scripts, chat front-ends) can use the model loaded here "
            "through OpenAI's API. Their requests take turns with yours on the same model."), wordWrap=True)
        self.enabled = QCheckBox(self.tr("Run the local server"), checked=config.enabled)
        self.port = QSpinBox(minimum=1024, maximum=65535, value=config.port, maximumWidth=120)
        self.allow_network = QCheckBox(self.tr("Allow other computers on the network (needs an API key)"),
                                       checked=config.allow_network)
        self.key = QLineEdit(echoMode=QLineEdit.EchoMode.Password,
                             placeholderText=self.tr("kept in the system keyring"),
                             toolTip=self.tr("Clients send it as 'Authorization: Bearer KEY'. Leave empty to keep "
                                             "the saved key."))
        self.show_key = QCheckBox(self.tr("Show"))
        self.show_key.toggled.connect(lambda shown: self.key.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password))
        generate = QPushButton(self.tr("Generate"), toolTip=self.tr("A new random key (then Show, to copy it)"))
        generate.clicked.connect(lambda: self.key.setText(secrets.token_urlsafe(24)))
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(self.show_key)
        key_row.addWidget(generate)
        self.cors = QCheckBox(self.tr("Let web pages in a browser call it (CORS)"), checked=config.cors)
        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.allow_network)
        form.addRow(self.tr("API key:"), key_row)
        form.addRow(self.cors)
        self.status = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                             textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.example = QLabel(wordWrap=True, textFormat=Qt.TextFormat.PlainText,
                              textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.example)
        layout.addWidget(buttons)
        control.status_changed.connect(self._show_status)
        self._show_status(control.status, control.ok)
        self.resize(620, self.sizeHint().height())

    def apply(self) -> None:
        key = self.key.text().strip()
        self._control.apply(replace(self._settings.server, enabled=self.enabled.isChecked(),
                                    port=self.port.value(), allow_network=self.allow_network.isChecked(),
                                    cors=self.cors.isChecked()), key or None)
        self.key.clear()

    def _show_status(self, text: str, ok: bool) -> None:
        self.status.setText(text or self.tr("The local server is off."))
        theme.set_style_sheet(self.status, "color: $ok" if ok and text else "color: $error" if not ok else "")
        url = self._control.url()
        self.example.setVisible(bool(url))
        if url:
            self.example.setText(self.tr("Try it:  curl {url}/models\nIn a client or an editor: base URL {url}, "
                                         "the model id that /models lists.").format(url=url))
