"""The engine host: llama.cpp runs in a child process, behind the same ``Engine`` protocol.

llama.cpp aborts its whole process on some damaged model files, and a user's downloads folder holds files from
anywhere. So the app's ``LlamaEngine`` lives in a child (``desktop-llm _engine-host``): when it dies, the app loses
the loaded model and the reply in progress stops there (what was streamed is kept), nothing else. The next call
starts a new host.

The two processes talk over a local connection (``multiprocessing.connection``: a Unix socket or a Windows pipe,
authenticated with a random key handed over on the child's standard input). Every call is answered in order; while
a call runs the parent may send ``cancel``, which the host's reader thread turns into the call's cancel flag. A
streamed reply comes as one message per piece of text, then the stats.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Generator

from ..common.child import self_command, signal_name
from ..common.errors import Cancelled, UserError
from ..common.messages import translate
from .base import GenerationStats, ModelInfo, ModelLoadError
from .embedding import LlamaEmbedder

log = logging.getLogger(__name__)

HOST_COMMAND = "_engine-host"
START_TIMEOUT_S = 60  # the child imports llama.cpp before it connects
POLL_S = 0.05
SEND_EVERY_S = 0.02  # streamed text is sent in pieces this far apart (well under the 50 ms a user would notice)
# What the parent may call; each is a method of LlamaEngine (a chat host) or LlamaEmbedder (an embedding host).
CALLS = ("load", "unload", "count_tokens", "count_chat_tokens", "render_prompt", "prompt_tokens", "stream_chat",
         "score_labels", "score_labels_batch")
EMBEDDING_CALLS = ("load", "unload", "embed", "count_tokens")


class EngineCrashed(ModelLoadError):
    """The engine host died (llama.cpp aborted on the model, or it ran out of memory): the model is unloaded."""


class HostedEngine:
    """The parent's side: an ``Engine`` whose every call runs in the engine host process."""

    token_counts_exact = True
    role = "chat"  # what the host process runs: "chat" (LlamaEngine) or "embedding" (LlamaEmbedder)

    def __init__(self) -> None:
        self.model: ModelInfo | None = None
        self._process: subprocess.Popen | None = None
        self._connection: Connection | None = None
        self._lock = threading.Lock()  # guards _process for kill() from another thread
        self._cancel_sent = False
        self._killed = False  # kill() ended the host (a crash that follows is not an error)

    # -- the protocol --------------------------------------------------------------------------------------------

    def load(self, path, options, hints=None, on_progress=None, cancel=None) -> ModelInfo:
        try:
            self.model = self._call("load", (str(path), options, hints), cancel, on_progress)
        except EngineCrashed:
            raise
        except BaseException:
            # A failed load keeps (or brings back) the model loaded before: ask the host which one it holds.
            self.model = self._call("model_info", ()) if self._connection is not None else None
            raise
        return self.model

    def unload(self) -> None:
        if self._connection is not None:
            self._call("unload", ())
        self.model = None

    def count_tokens(self, text: str) -> int:
        return self._call("count_tokens", (text,))

    def count_chat_tokens(self, messages) -> int:
        return self._call("count_chat_tokens", (messages,))

    def render_prompt(self, messages) -> str:
        return self._call("render_prompt", (messages,))

    def prompt_tokens(self, messages) -> list[int]:
        return self._call("prompt_tokens", (messages,))

    def score_labels(self, messages, labels, cancel) -> dict[str, float]:
        return self._call("score_labels", (messages, labels), cancel)

    def score_labels_batch(self, prompts, labels, cancel) -> list[dict[str, float]]:
        return self._call("score_labels_batch", (prompts, labels), cancel)

    def stream_chat(self, messages, sampling, cancel, stop=()) -> Generator[str, None, GenerationStats]:
        self._send("stream_chat", (messages, sampling, tuple(stop)))
        while True:
            kind, value = self._receive(cancel)
            if kind == "piece":
                yield value
            elif kind == "result":
                return value

    # -- the process ---------------------------------------------------------------------------------------------

    def kill(self) -> None:
        """End the host at once (any thread): a call waiting on it fails with :class:`EngineCrashed`."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._killed = True  # on purpose: not logged as a crash
                self._process.kill()

    def close(self) -> None:
        """Ask the host to exit (its model is freed), and make sure it does."""
        if self._connection is not None:
            try:
                self._connection.send(("exit", None, ()))
                self._process.wait(5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        self._forget()

    def _ensure_started(self) -> Connection:
        if self._connection is not None:
            return self._connection
        key = os.urandom(32)
        with Listener(authkey=key) as listener:
            process = subprocess.Popen([*self_command(), HOST_COMMAND, str(listener.address), self.role],
                                       stdin=subprocess.PIPE, env={**os.environ, "GGML_NO_BACKTRACE": "1"})
            process.stdin.write(key)
            process.stdin.close()
            accepted: list[Connection] = []
            thread = threading.Thread(target=lambda: accepted.append(listener.accept()), daemon=True,
                                      name="engine-host-accept")
            thread.start()
            deadline = time.monotonic() + START_TIMEOUT_S
            while thread.is_alive() and process.poll() is None and time.monotonic() < deadline:
                thread.join(POLL_S)
            if not accepted:
                process.kill()
                raise ModelLoadError(translate("CoreEngine", "The engine could not be started (see the log file)."))
        with self._lock:
            self._process, self._connection = process, accepted[0]
        return self._connection

    def _forget(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
            self._process = self._connection = None
        self.model = None

    def _crashed(self) -> EngineCrashed:
        process = self._process
        code = process.wait() if process is not None else None
        signal = signal_name(-code) if code is not None and code < 0 else ""
        name = self.model.name if self.model is not None else translate("CoreEngine", "the model")
        self._forget()
        killed, self._killed = self._killed, False
        (log.info if killed else log.error)("the engine host ended%s while %s was loaded",
                                            f" ({signal})" if signal else "", name)
        return self._crash_error(name, signal)

    def _crash_error(self, name: str, signal: str) -> EngineCrashed:
        if signal:
            return EngineCrashed(translate("CoreEngine", "{name} crashed llama.cpp ({signal}): it was unloaded. "
                                           "Reload it, or pick another model.").format(name=name, signal=signal))
        return EngineCrashed(translate("CoreEngine", "{name} crashed llama.cpp: it was unloaded. Reload it, or pick "
                                       "another model.").format(name=name))

    # -- messages ------------------------------------------------------------------------------------------------

    def _send(self, method: str, args: tuple) -> None:
        connection = self._ensure_started()
        self._cancel_sent = False  # a cancel is sent at most once per call
        try:
            connection.send(("call", method, args))
        except OSError:
            raise self._crashed() from None

    def _call(self, method: str, args: tuple, cancel: threading.Event | None = None, on_progress=None):
        self._send(method, args)
        while True:
            kind, value = self._receive(cancel, on_progress)
            if kind == "result":
                return value

    def _receive(self, cancel: threading.Event | None, on_progress=None) -> tuple[str, object]:
        """The next answer to the call in progress: ("piece", text) or ("result", value); raises what the call
        raised. Sends ``cancel`` once when the flag is set."""
        connection = self._connection
        while True:
            if cancel is not None and cancel.is_set() and not self._cancel_sent:
                self._cancel_sent = True
                try:
                    connection.send(("cancel", None, ()))
                except OSError:
                    raise self._crashed() from None
            try:
                ready = connection.poll(POLL_S)
            except (OSError, ValueError):
                raise self._crashed() from None
            if not ready:
                if self._process.poll() is not None:
                    raise self._crashed()
                continue
            try:
                kind, value = connection.recv()
            except (EOFError, OSError):
                raise self._crashed() from None
            if kind == "progress":
                if on_progress is not None:
                    on_progress(*value)
                continue
            if kind == "error":
                raise value
            return kind, value


# -------------------------------------------------------------------------------------------------- the child


class HostedEmbedder(HostedEngine):
    """An embedding model (``embedding.LlamaEmbedder``) in a host process of its own, beside the chat model's."""

    role = "embedding"
    name = ""

    def load(self, path, spec, n_threads) -> int:  # returns the vectors' length
        self.name = Path(path).name
        return self._call("load", (str(path), spec, n_threads))

    def _crash_error(self, name: str, signal: str) -> EngineCrashed:
        return EngineCrashed(translate("CoreEngine", "The embedding model {name} ended unexpectedly ({signal}); it "
                                       "starts again when it is next needed.").format(
            name=self.name or name, signal=signal or translate("CoreEngine", "no signal")))

    def embed(self, texts) -> tuple[list[list[float]], int]:  # the vectors, and the tokens read
        return self._call("embed", (list(texts),))

    def count_tokens(self, texts) -> list[int]:  # each text's, then the most it reads whole
        return self._call("count_tokens", (list(texts),))


def serve(address: str, role: str = "chat") -> int:
    """The host's side: one LlamaEngine (or LlamaEmbedder), calls run in order on this thread; a reader thread
    takes ``cancel``."""
    from ..common.logs import setup_logging
    from ..common.paths import app_paths
    from .llama import LlamaEngine

    setup_logging(app_paths().ensure().logs / "engine.log")
    key = sys.stdin.buffer.read()
    connection = Client(address, authkey=key)
    engine = LlamaEmbedder() if role == "embedding" else LlamaEngine()
    calls: queue.SimpleQueue = queue.SimpleQueue()
    current = [threading.Event()]

    def read() -> None:
        try:
            while True:
                message = connection.recv()
                if message[0] == "cancel":
                    current[0].set()
                else:
                    calls.put(message)
        except (EOFError, OSError):
            calls.put(("exit", None, ()))

    threading.Thread(target=read, daemon=True, name="engine-host-reader").start()
    while True:
        kind, method, args = calls.get()
        if kind == "exit":
            engine.unload()
            return 0
        cancel = current[0] = threading.Event()
        try:
            result = _run(engine, method, args, cancel, connection)
        except BaseException as exc:  # every failure goes back to the parent, which raises it there
            connection.send(("error", _portable(exc)))
        else:
            connection.send(("result", result))


def _run(engine, method: str, args: tuple, cancel: threading.Event, connection: Connection):
    if method == "model_info":
        return getattr(engine, "model", None)
    if method not in (EMBEDDING_CALLS if isinstance(engine, LlamaEmbedder) else CALLS):
        raise ValueError(f"unknown engine call {method!r}")
    if method == "load" and isinstance(engine, LlamaEmbedder):
        return engine.load(*args)
    if method == "load":
        path, options, hints = args
        return engine.load(path, options, hints, lambda fraction, text: connection.send(("progress", (fraction, text))),
                           cancel)
    if method == "stream_chat":
        messages, sampling, stop = args
        stream = engine.stream_chat(messages, sampling, cancel, stop)
        held: list[str] = []
        sent_at, first = time.monotonic(), True
        while True:
            try:
                held.append(next(stream))
            except StopIteration as done:
                if held:
                    connection.send(("piece", "".join(held)))
                return done.value
            # The first piece goes out at once (time to first token); then pieces go out together at most every
            # SEND_EVERY_S: each message wakes the app's process, and on a small machine every wake-up is time taken
            # from llama.cpp's threads.
            if first or time.monotonic() - sent_at >= SEND_EVERY_S:
                first = False
                connection.send(("piece", "".join(held)))
                held.clear()
                sent_at = time.monotonic()
    if method in ("score_labels", "score_labels_batch"):
        return getattr(engine, method)(*args, cancel)
    return getattr(engine, method)(*args)


def _portable(exc: BaseException) -> BaseException:
    """The exception as the parent can raise it: ours pickle as they are; anything else becomes a message."""
    if isinstance(exc, (UserError, Cancelled)):
        try:
            pickle.loads(pickle.dumps(exc))
            return exc
        except Exception:  # noqa: BLE001 - an exception that does not survive pickling is reported by text
            pass
    log.exception("the engine host's call failed")
    return RuntimeError(f"{type(exc).__name__}: {exc}")
