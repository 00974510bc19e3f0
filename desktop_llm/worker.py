"""EngineWorker: the one QObject, in one QThread, that owns the engine.

The UI submits jobs (functions of a :class:`JobContext`) and gets signals back; it never calls the engine.
Jobs run one at a time in submission order. Cancel is a ``threading.Event`` per job, set from any thread and
checked by the job on every token, between prompt batches and between copy blocks.
"""

from __future__ import annotations

import itertools
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from .core.engine import Engine, LlamaEngine
from .core.errors import Cancelled
from .core.jobs import USER_ERRORS, Job, JobContext

log = logging.getLogger(__name__)


class EngineWorker(QObject):
    """Signals carry the job id first, so a pane can ignore jobs that are not its own.

    - ``started(id)``: the job began running.
    - ``token(id, text)``: a piece of generated text.
    - ``progress(id, fraction, text)``: fraction in [0, 1], text for a status line.
    - ``finished(id, result)``: the job's return value.
    - ``failed(id, message)``: a message for the user; unexpected errors are also logged with a traceback.
    - ``cancelled(id)``: the job stopped before producing a result.
    """

    started = Signal(int)
    token = Signal(int, str)
    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)
    _run_requested = Signal(int, object)

    def __init__(self, store_path: Path, engine: Engine | None = None):
        super().__init__()
        self._engine = engine or LlamaEngine()
        self._store_path = store_path
        self._ids = itertools.count(1)
        self._cancels: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._context: JobContext | None = None
        self._thread = QThread()
        self._thread.setObjectName("engine-worker")
        self.moveToThread(self._thread)
        self._run_requested.connect(self._run, Qt.ConnectionType.QueuedConnection)
        self._thread.start()

    def submit(self, job: Job) -> int:
        """Queue ``job``; returns its id at once."""
        job_id = next(self._ids)
        with self._lock:
            self._cancels[job_id] = threading.Event()
        self._run_requested.emit(job_id, job)
        return job_id

    def cancel(self, job_id: int) -> None:
        with self._lock:
            event = self._cancels.get(job_id)
        if event is not None:
            event.set()

    def cancel_all(self) -> None:
        with self._lock:
            events = list(self._cancels.values())
        for event in events:
            event.set()

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel everything, free the model on its own thread, and join the thread."""
        self.cancel_all()
        done = threading.Event()
        self.submit(lambda ctx: (ctx.engine.unload(), done.set()))
        done.wait(timeout_ms / 1000)
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    @Slot(int, object)
    def _run(self, job_id: int, job: Job) -> None:
        with self._lock:
            cancel = self._cancels[job_id]
        try:
            if cancel.is_set():  # cancelled while still queued
                raise Cancelled()
            self.started.emit(job_id)
            context = self._context_for(cancel, job_id)
            result = job(context)
        except Cancelled:
            self.cancelled.emit(job_id)
        except USER_ERRORS as exc:
            log.warning("job %d failed: %s", job_id, exc)
            self.failed.emit(job_id, str(exc))
        except Exception as exc:  # a bug: keep the app up, log the traceback, tell the user where
            log.exception("job %d failed unexpectedly", job_id)
            self.failed.emit(job_id, f"Unexpected error: {type(exc).__name__}: {exc}")
        else:
            self.finished.emit(job_id, result)
        finally:
            with self._lock:
                self._cancels.pop(job_id, None)

    def _context_for(self, cancel: threading.Event, job_id: int) -> JobContext:
        if self._context is None:
            self._context = JobContext(self._engine, cancel, store_path=self._store_path)
        context = self._context
        context.cancel = cancel
        context.on_token = lambda text: self.token.emit(job_id, text)
        context.on_progress = lambda fraction, text: self.progress.emit(job_id, fraction, text)
        return context
