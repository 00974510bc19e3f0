"""The context a job runs in: the engine, its cancel flag, and the channels back to whoever submitted it.

Jobs are plain functions of a :class:`JobContext`, run one at a time on the engine's thread. The worker (Qt) and
the CLI (plain calls) both run them, so behaviour is tested once, without a display.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generator, TypeVar

from ..chat.attachments import Embedder
from ..chat.store import ConversationStore
from ..engines.base import Engine, run_stream

T = TypeVar("T")
TOKEN_BATCH_S = 0.025


@dataclass
class JobContext:
    engine: Engine
    cancel: threading.Event
    on_token: Callable[[str, int], None] = lambda text, pieces: None  # text, number of pieces it joins
    on_progress: Callable[[float, str], None] = lambda fraction, text: None
    on_event: Callable[[object], None] = lambda event: None
    store_path: Path | None = None
    _store: ConversationStore | None = field(default=None, repr=False)
    # The local engine, kept (with its model loaded) while a remote engine is the one in use.
    local_engine: Engine | None = field(default=None, repr=False)
    # The installed embedding model, when there is one: passages are then ranked by meaning too.
    embedder: Embedder | None = field(default=None, repr=False)
    _held: list[str] = field(default_factory=list, repr=False)
    _sent_at: float = 0.0

    def __post_init__(self) -> None:
        self.local_engine = self.local_engine or self.engine

    def use_local(self) -> Engine:
        self.engine = self.local_engine
        return self.engine

    @property
    def store(self) -> ConversationStore:
        """The history store of the engine's thread (SQLite connections stay on the thread that made them)."""
        if self._store is None:
            self._store = ConversationStore(self.store_path)
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def drain(self, stream: Generator[str, None, T]) -> T:
        """Forward a stream's text pieces (batched, see :meth:`emit_text`) and return its final value."""
        try:
            return run_stream(stream, self.emit_text)
        finally:
            self.flush_text()

    def emit_text(self, piece: str) -> None:
        """Send generated text to ``on_token``, batched.

        Pieces that follow each other within ``TOKEN_BATCH_S`` are sent together: a fast model then costs the UI
        thread ~40 wake-ups a second instead of one per token, which leaves the CPU to llama.cpp. A slow model's
        tokens (more than ``TOKEN_BATCH_S`` apart) still go out one by one, as soon as they are made.
        """
        self._held.append(piece)
        now = time.monotonic()
        if now - self._sent_at >= TOKEN_BATCH_S:
            self.flush_text()
            self._sent_at = now

    def flush_text(self) -> None:
        if self._held:
            self.on_token("".join(self._held), len(self._held))
            self._held.clear()

    def emit_event(self, event: object) -> None:
        """A structured step of a tool (a part summarized, an item scored), after any text that came before it."""
        self.flush_text()
        self.on_event(event)


Job = Callable[[JobContext], object]
