"""Small network helpers shared by downloads and remote engines."""

from __future__ import annotations

import contextlib
import socket

import httpx


def shut(response: httpx.Response) -> None:
    """Shut the socket under a response another thread may be blocked reading: its read returns at once (a stop
    must not wait for a stalled server to time out)."""
    stream = response.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
