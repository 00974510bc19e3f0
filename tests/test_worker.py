"""EngineWorker: jobs run on its own thread, in order, with signals back to the UI thread."""

import threading
import time

import pytest

from desktop_llm.core.chat.store import ConversationStore
from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.engines.base import LoadOptions
from desktop_llm.core.jobs.chat import chat_reply_job
from desktop_llm.core.jobs.loading import load_model_job
from desktop_llm.core.models.gguf_header import ModelFileError
from desktop_llm.worker import EngineWorker


@pytest.fixture
def worker(app_home):
    worker = EngineWorker(app_home.database)
    yield worker
    assert worker.shutdown()


def test_jobs_run_off_the_ui_thread_in_order(qtbot, worker):
    threads, order = [], []

    def job(name):
        def run(ctx):
            threads.append(threading.current_thread())
            order.append(name)
            return name
        return run

    with qtbot.waitSignals([worker.finished, worker.finished], timeout=5000):
        worker.submit(job("a"))
        worker.submit(job("b"))
    assert order == ["a", "b"]
    assert all(t is not threading.main_thread() for t in threads) and threads[0] is threads[1]


def test_user_errors_and_bugs_become_failed_signals(qtbot, worker):
    def bad_file(ctx):
        raise ModelFileError("x.gguf is not a GGUF model file")

    def bug(ctx):
        return 1 / 0

    with qtbot.waitSignal(worker.failed, timeout=5000) as first:
        worker.submit(bad_file)
    assert first.args[1] == "x.gguf is not a GGUF model file"
    with qtbot.waitSignal(worker.failed, timeout=5000) as second:
        worker.submit(bug)
    assert second.args[1].startswith("Unexpected error: ZeroDivisionError")
    with qtbot.waitSignal(worker.finished, timeout=5000):  # and the worker is still alive
        worker.submit(lambda ctx: "alive")


def test_load_then_stream_with_progress_tokens_and_cancel(qtbot, worker, app_home, tiny_long_model):
    known = {}
    with qtbot.waitSignal(worker.finished, timeout=60_000) as loaded:
        worker.submit(load_model_job(tiny_long_model, LoadOptions(n_ctx=4096, n_threads=2), None, known))
    assert loaded.args[1].architecture == "llama" and known == {}  # recorded by the UI thread, not here

    store = ConversationStore(app_home.database)
    chat = store.create_conversation()
    store.add_message(chat.id, "user", "hello")
    tokens = []
    worker.token.connect(lambda job_id, text, pieces: tokens.append(text))
    with qtbot.waitSignal(worker.finished, timeout=30_000) as done:
        worker.submit(chat_reply_job(chat.id, SamplingSettings(max_tokens=32)))
    assert done.args[1].stats.tokens == 32 and "".join(tokens) == done.args[1].stats.text

    # Cancel a long reply after its first token: it finishes quickly, marked stopped.
    store.add_message(chat.id, "user", "again")
    job_id = None

    def stop_after_first(current, text, pieces):
        worker.cancel(current)

    worker.token.connect(stop_after_first)
    started = time.monotonic()
    with qtbot.waitSignal(worker.finished, timeout=10_000) as stopped:
        # Far more than a busy machine's UI thread could let through before the cancel lands (~1 s of tokens).
        job_id = worker.submit(chat_reply_job(chat.id, SamplingSettings(max_tokens=3500)))
    assert stopped.args[0] == job_id and stopped.args[1].stats.finish_reason == "cancelled"
    assert time.monotonic() - started < 5  # a hang guard: the stop latency is a bench figure (cancel)
    assert store.messages(chat.id)[-1].status == "stopped"
    store.close()


def test_a_queued_job_cancelled_before_it_starts_never_runs(qtbot, worker):
    release = threading.Event()
    ran = []
    with qtbot.waitSignal(worker.cancelled, timeout=5000):
        worker.submit(lambda ctx: release.wait(5))
        queued = worker.submit(lambda ctx: ran.append(1))
        worker.cancel(queued)
        release.set()
    assert ran == []


def test_cancelled_exception_maps_to_cancelled_signal(qtbot, worker):
    def job(ctx):
        raise Cancelled()

    with qtbot.waitSignal(worker.cancelled, timeout=5000):
        worker.submit(job)
