"""Work that may crash, hang or eat memory runs in a child process of this app: a model's trial load, a PDF.

The child is this same program with an internal subcommand (the frozen executable, or ``python -m desktop_llm``);
it answers with lines of JSON on its standard output. The parent reads them as they come, so it can report
progress, and kills the child on cancel or when it says nothing for too long. Whatever the child does, the app
survives it.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from typing import Iterator

from .errors import Cancelled

POLL_S = 0.1


def self_command() -> list[str]:
    """The command line that runs this app again (the frozen executable, or ``python -m desktop_llm``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop_llm"]


class ChildTimeout(Exception):
    """The child said nothing for longer than it may."""


class Child:
    """``desktop-llm <subcommand> <args…>`` in a child process; :meth:`messages` yields its JSON lines."""

    def __init__(self, subcommand: str, *args: str):
        # GGML_NO_BACKTRACE: on abort, ggml would otherwise attach gdb to print a backtrace (slow, noisy).
        env = {**os.environ, "GGML_NO_BACKTRACE": "1"}
        self._process = subprocess.Popen([*self_command(), subcommand, *args], stdin=subprocess.DEVNULL,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self._lines: queue.Queue = queue.Queue()
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, args=(self._process.stdout, self._lines), daemon=True,
                         name=f"child-{subcommand}").start()
        threading.Thread(target=self._drain, daemon=True, name=f"child-{subcommand}-stderr").start()

    def _read(self, stream, lines: queue.Queue) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    def _drain(self) -> None:
        for line in self._process.stderr:
            self._stderr = (self._stderr + [line])[-20:]

    def messages(self, cancel: threading.Event, idle_timeout: float) -> Iterator[dict]:
        """The child's JSON lines (a line that is not JSON comes as ``{"text": line}``), until it exits. Raises
        :class:`Cancelled` or :class:`ChildTimeout` (after killing it)."""
        deadline = time.monotonic() + idle_timeout
        try:
            while True:
                try:
                    line = self._lines.get(timeout=POLL_S)
                except queue.Empty:
                    if cancel.is_set():
                        raise Cancelled() from None
                    if time.monotonic() > deadline:
                        raise ChildTimeout() from None
                    continue
                if line is None:
                    self._process.wait()
                    return
                deadline = time.monotonic() + idle_timeout
                text = line.decode("utf-8", errors="replace").strip()
                if text:
                    try:
                        message = json.loads(text)
                    except ValueError:
                        message = None
                    yield message if isinstance(message, dict) else {"text": text}
                if cancel.is_set():
                    raise Cancelled()
        finally:
            self.kill()

    def kill(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()

    @property
    def returncode(self) -> int | None:
        return self._process.returncode

    def stderr_tail(self) -> str:
        return b"".join(self._stderr).decode("utf-8", errors="replace").strip()

    def crash_name(self) -> str | None:
        """How the child died when a signal killed it ("SIGABRT", "SIGSEGV"…); None when it exited."""
        code = self.returncode
        return None if code is None or code >= 0 else signal_name(-code)


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:  # a real-time or unnamed signal
        return f"signal {number}"


def answer(message: dict) -> None:
    """In the child: one JSON line to the parent, sent at once."""
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()
