"""Where the server's jobs run: on the engine's own thread, shared with everything else that uses the model.

The server never calls the engine from its HTTP thread. It hands each generation to a :class:`JobRunner` as a job
(a function of a :class:`JobContext`, like every other job) and reads the job's output through a queue of its own.
In the app the runner is the Qt ``EngineWorker`` (behind a small adapter), so the UI's jobs and the server's
requests take turns on one model; headless, it is a :class:`SerialRunner`.
"""

from __future__ import annotations

import logging
import queue
import threading
from typing import Protocol

from ..common.errors import Cancelled, UserError
from ..engines.base import Engine
from ..jobs.context import Job, JobContext

log = logging.getLogger(__name__)


class JobHandle(Protocol):
    def cancel(self) -> None:
        """Set the job's cancel flag (``ctx.cancel``), from any thread. A runner may then skip the job if it has not
        started: the server no longer waits for it."""
        ...


class JobRunner(Protocol):
    """Runs jobs one at a time, in the order submitted, on the thread that owns the engine.

    ``submit`` is called from the server's thread and must return at once. The server learns everything else
    (text, the end, errors) from the job itself, which also raises its error afterwards so the runner can react to
    it as to any job's (an ``EngineCrashed`` tells the app that the model is gone). For the app, the adapter over
    ``EngineWorker`` is ``submit = worker.submit`` with a handle whose ``cancel`` calls ``worker.cancel(id)``.
    """

    def submit(self, job: Job) -> JobHandle: ...


class _Cancel:
    def __init__(self, event: threading.Event):
        self._event = event

    def cancel(self) -> None:
        self._event.set()


class SerialRunner:
    """One thread running jobs in order over one :class:`JobContext`: the headless ``desktop-llm serve``."""

    def __init__(self, engine: Engine):
        self._context = JobContext(engine, threading.Event())
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, daemon=True, name="engine-jobs")
        self._thread.start()

    def submit(self, job: Job) -> JobHandle:
        cancel = threading.Event()
        self._jobs.put((job, cancel))
        return _Cancel(cancel)

    def close(self, timeout_s: float = 10.0) -> None:
        """Run what is queued (cancelled jobs return at once), then end the thread."""
        self._jobs.put(None)
        self._thread.join(timeout_s)

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, self._context.cancel = item
            try:
                job(self._context)
            except Cancelled:
                pass
            except UserError as exc:
                log.warning("a job failed: %s", exc)
            except Exception:  # a bug: the thread must go on serving the next job
                log.exception("a job failed unexpectedly")
