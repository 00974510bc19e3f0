"""``LocalServer``: the local server's life, for the app (Settings ▸ Local server) and ``desktop-llm serve``.

uvicorn serves the Starlette app (``app``) on a thread of its own with its own event loop; the socket is bound
before, so a port in use is reported at once, in words. Safe by default: it listens on 127.0.0.1; another address
needs an API key. uvicorn's access log stays off and its logging goes to the app's log (never request contents).
"""

from __future__ import annotations

import errno
import ipaddress
import logging
import os
import socket
import threading
import time
from typing import Callable

from ..common.errors import UserError
from ..common.messages import translate
from ..common.settings import ServerSettings
from .app import LOOPBACK_NAMES, MAX_BODY_BYTES, MAX_WAITING, ServerApp
from .runner import JobRunner
from .state import ModelState, ServerCounts

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = ServerSettings.port
START_TIMEOUT_S = 10.0
STOP_TIMEOUT_S = 5.0


class ServerError(UserError):
    """The server cannot start as asked (an address without a key, a port in use); the message says what to do."""


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LocalServer:
    """The local ``/v1`` server over a :class:`JobRunner`.

    ``current_model`` is asked on every request (from the server's thread, so it must only read): the model the
    runner's engine holds, None when there is none, or ``app.LOADING`` while one loads (requests then get 503).
    ``counts()`` may be called from any thread. ``embedder`` gives the installed embedding model (or None), which
    ``/v1/embeddings`` uses.
    """

    def __init__(self, runner: JobRunner, current_model: Callable[[], ModelState], host: str = DEFAULT_HOST,
                 port: int = DEFAULT_PORT, api_key: str | None = None, allow_cors: bool = False,
                 max_waiting: int = MAX_WAITING, max_body_bytes: int = MAX_BODY_BYTES,
                 embedder: Callable[[], object | None] = lambda: None):
        if not is_loopback(host) and not api_key:
            raise ServerError(translate("CoreServer", "Listening on {host} lets other computers use the model: set an "
                                        "API key for that, or listen on 127.0.0.1.").format(host=host))
        self.host, self.port = host, port
        self.app = ServerApp(runner, current_model, api_key or None, loopback_only=api_key is None,
                             allow_cors=allow_cors, max_waiting=max_waiting, max_body_bytes=max_body_bytes,
                             embedder=embedder)
        self._uvicorn = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    def counts(self) -> ServerCounts:
        return self.app.counts()

    def start(self) -> None:
        """Listen, serve on a background thread, and return once requests are answered. Port 0 picks a free one
        (``port`` then says which)."""
        import uvicorn

        sock = self._bind()
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app.asgi, log_config=None, access_log=False, lifespan="off",
                                timeout_graceful_shutdown=STOP_TIMEOUT_S)
        self._uvicorn = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._uvicorn.run, kwargs={"sockets": [sock]}, daemon=True,
                                        name="local-server")
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._uvicorn.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise ServerError(translate("CoreServer", "The local server could not start (see the log file)."))
            time.sleep(0.01)
        log.info("local server listening on %s (API key: %s)", self.base_url, "yes" if self.app.api_key else "no")

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        if os.name != "nt":  # a restart may take the port back at once; Windows would let two servers share it
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", None)):
                raise ServerError(translate("CoreServer", "Port {port} on {host} is in use by another program: pick "
                                            "another port.").format(port=self.port, host=self.host)) from None
            raise ServerError(translate("CoreServer", "Cannot listen on {host}:{port}: {error}.").format(
                host=self.host, port=self.port, error=exc.strerror or str(exc))) from None
        sock.listen(128)
        return sock

    def stop(self) -> None:
        """Stop every generation (their clients get 503), close the connections, and wait for the thread."""
        if self._uvicorn is None:
            return
        self.app.stop_all()
        self._uvicorn.should_exit = True
        self._thread.join(STOP_TIMEOUT_S + 2)
        counts = self.counts()
        log.info("local server stopped: %d requests served, %d errors, %d clients left early", counts.served,
                 counts.errors, counts.dropped)
        self._uvicorn = self._thread = None
