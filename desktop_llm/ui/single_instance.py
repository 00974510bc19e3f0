"""One window per profile: a second launch brings the running window to the front instead of opening its own.

A second window would open the same conversation database and, while starting, mark the first window's live reply
"interrupted"; the two would also save over each other's settings. The running app listens on a local socket (a Unix
domain socket, a named pipe on Windows) named after its data folder and the user, so separate DESKTOP_LLM_HOME
profiles, and separate users, are separate instances.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000  # the OS accepts the connection at once, even while the running app is busy


def server_name(data: Path) -> str:
    """``desktop-llm-USER-HASH``: the same for every launch on one data folder, different for any other."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a bare container): the folder alone still separates
        user = "user"
    folder = os.path.normcase(str(Path(data).expanduser().resolve()))
    digest = hashlib.sha256(folder.encode("utf-8")).hexdigest()[:16]
    return f"desktop-llm-{re.sub(r'[^A-Za-z0-9_.-]', '_', user)[:32]}-{digest}"


class SingleInstance(QObject):
    """The first launch listens; a later one connects (which asks the first to show its window) and exits."""

    activated = Signal()  # another launch asked for this instance's window

    def __init__(self, data: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.name = server_name(data)
        self.server: QLocalServer | None = None

    def try_activate_running(self) -> bool:
        """True when an instance already runs on this data folder (it has been asked to come to the front);
        otherwise this one starts listening and returns False. Call it before the database is opened."""
        if self._ask_running():
            return True
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # other users cannot connect
        if not server.listen(self.name):
            # The name is taken but nobody answered: a socket file left by a crash (Unix), unless an instance
            # started this very moment. Ask once more, then clear the stale name.
            if self._ask_running():
                return True
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):  # never refuse to start over this: run without the check
                log.warning("cannot listen on %s (%s): a second launch will open a second window", self.name,
                            server.errorString())
                return False
        server.newConnection.connect(self._on_connection)
        self.server = server
        return False

    def close(self) -> None:
        """Stop listening (at quit); this removes the socket file, which a crash leaves for the next start to clear."""
        if self.server is not None:
            self.server.close()
            self.server = None

    def _ask_running(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.disconnectFromServer()  # connecting is the whole request
        return True

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.disconnectFromServer()
            socket.deleteLater()
        self.activated.emit()


def bring_to_front(window) -> None:
    """Show ``window`` where the user is looking: un-minimized (a maximized one stays maximized), raised and
    focused, as far as the window system allows."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
