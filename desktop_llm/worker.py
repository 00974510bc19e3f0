"""EngineWorker: the one thread that owns the engine, and the UI's only way to reach it.

The UI submits jobs (functions of a :class:`JobContext`) and gets signals back; it never calls the engine.
Jobs run one at a time in submission order on a ``_Runner`` living in its own QThread. Every public signal is
re-emitted by ``EngineWorker`` on the thread that created it (the UI thread), so any slot or plain callable
connected to it runs there. Cancel is a ``threading.Event`` per job, set from any thread and checked by the job
on every token, between prompt batches and between copy blocks.
"""

from __future__ import annotations

import itertools
import logging
import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from .core.common.errors import Cancelled, UserError
from .core.engines.base import Engine
from .core.engines.host import EngineCrashed, HostedEngine
from .core.jobs.context import Job, JobContext
from .core.jobs.loading import close_all_job
from .ui.i18n import localized

log = logging.getLogger(__name__)
QUEUED = Qt.ConnectionType.QueuedConnection
GRACE_S = 3.0  # how long a closing app waits for the running job to notice its cancel
_UNFINISHED: list[QThread] = []  # engine threads that would not stop: kept from being destroyed while running


# Job signals, re-emitted by EngineWorker on the UI thread.
SIGNAL_NAMES = ("started", "token", "progress", "event", "finished", "failed", "cancelled")


class _JobSignals(QObject):
    """The job signals, shared by the runner (which emits them on the engine thread) and the worker (which
    re-emits them on the UI thread)."""

    started = Signal(int)
    token = Signal(int, str, int)
    progress = Signal(int, float, str)
    event = Signal(int, object)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class _Runner(_JobSignals):
    """Lives in the engine thread; runs jobs and emits their signals from there."""

    model_changed = Signal(object)
    engine_crashed = Signal(str)

    def __init__(self, engine: Engine, store_path: Path, cancels: dict[int, threading.Event], lock: threading.Lock):
        super().__init__()
        self._cancels = cancels
        self._lock = lock
        self.context = JobContext(engine, threading.Event(), store_path=store_path)

    @Slot(int, object)
    def run(self, job_id: int, job: Job) -> None:
        with self._lock:
            cancel = self._cancels[job_id]
        try:
            if cancel.is_set():  # cancelled while still queued
                raise Cancelled()
            self.started.emit(job_id)
            context = self._prepare_context(job_id, cancel)
            model = context.engine.model
            try:
                result = job(context)
            finally:
                context.flush_text()  # text held for batching goes out before the job's end is announced
                if context.engine.model is not model:
                    self.model_changed.emit(context.engine.model)
        except Cancelled:
            self.cancelled.emit(job_id)
        except EngineCrashed as exc:
            log.error("job %d: %s", job_id, exc)
            self.failed.emit(job_id, localized(exc))
            self.engine_crashed.emit(localized(exc))
        except UserError as exc:
            log.warning("job %d failed: %s", job_id, exc)
            self.failed.emit(job_id, localized(exc))
        except Exception as exc:  # a bug: keep the app up, log the traceback, tell the user
            log.exception("job %d failed unexpectedly", job_id)
            self.failed.emit(job_id, f"Unexpected error: {type(exc).__name__}: {exc} (details in the log file)")
        else:
            self.finished.emit(job_id, result)
        finally:
            with self._lock:
                self._cancels.pop(job_id, None)

    def _prepare_context(self, job_id: int, cancel: threading.Event) -> JobContext:
        context = self.context
        context.cancel = cancel
        context.on_token = lambda text, pieces: self.token.emit(job_id, text, pieces)
        context.on_progress = lambda fraction, text: self.progress.emit(job_id, fraction, localized(text))
        context.on_event = lambda event: self.event.emit(job_id, event)
        return context


class EngineWorker(_JobSignals):
    """Every signal carries the job id first, so a pane can ignore jobs that are not its own.

    - ``started(id)``: the job began running.
    - ``token(id, text, pieces)``: newly generated text, joining ``pieces`` streamed pieces (about one per token).
    - ``progress(id, fraction, text)``: fraction in [0, 1], text for a status line.
    - ``event(id, object)``: a structured step of a tool job (a part summarized, a paragraph translated, …).
    - ``finished(id, result)``: the job's return value.
    - ``failed(id, message)``: a message for the user; unexpected errors are also logged with a traceback.
    - ``cancelled(id)``: the job stopped before producing a result.
    """

    _run_requested = Signal(int, object)
    model_changed = Signal(object)  # the engine's ModelInfo (or None) after a job loaded or unloaded a model
    engine_crashed = Signal(str)  # the engine host died (after the job's failed signal): the model is gone

    def __init__(self, store_path: Path, engine: Engine | None = None):
        super().__init__()
        self._ids = itertools.count(1)
        self._cancels: dict[int, threading.Event] = {}
        self._lock = threading.Lock()
        self._thread = QThread()
        self._thread.setObjectName("engine-worker")
        self._engine = engine or HostedEngine()
        self._runner = _Runner(self._engine, store_path, self._cancels, self._lock)
        self._runner.moveToThread(self._thread)
        self._run_requested.connect(self._runner.run, QUEUED)
        for name in (*SIGNAL_NAMES, "model_changed", "engine_crashed"):
            getattr(self._runner, name).connect(getattr(self, name), QUEUED)
        self._thread.start()

    @property
    def local_model(self):
        """The ModelInfo the local engine holds (None if none): a plain read, safe from any thread."""
        return self._engine.model

    def set_embedder(self, embedder) -> None:
        """The embedding model chat replies rank document passages with (None: words only), from the next job."""
        self._runner.context.embedder = embedder

    def submit(self, job: Job) -> int:
        """Queue ``job``; returns its id at once. Safe from any thread (the local server submits from its own)."""
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
        """Cancel everything, close the engine on its own thread, and join the thread. True if it stopped.

        A job that does not let go within ``GRACE_S`` (llama.cpp busy creating a context) ends when its engine host
        is killed: the thread always stops, so Qt never destroys a running thread. No signal is delivered after this
        is called."""
        if not self._thread.isRunning():
            return True
        for name in (*SIGNAL_NAMES, "model_changed", "engine_crashed"):  # nothing reaches the UI from now on
            getattr(self._runner, name).disconnect(getattr(self, name))
        self.cancel_all()
        closed = threading.Event()
        self.submit(lambda ctx: (close_all_job(ctx), closed.set()))
        if not closed.wait(GRACE_S) and hasattr(self._engine, "kill"):
            log.warning("the engine did not stop within %s s: ending its process", GRACE_S)
            self._engine.kill()
        closed.wait(timeout_ms / 1000)
        self._thread.quit()
        if self._thread.wait(timeout_ms):
            return True
        log.error("the engine thread did not stop; it is left to end with the process")
        _UNFINISHED.append(self._thread)  # destroying a running QThread would abort the app
        return False
