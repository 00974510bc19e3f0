"""How fast Stop lands: from ``worker.cancel(job)`` on the UI thread to the job's end signal there.

Two moments are measured, each several times: while the model generates (Stop between two tokens) and while it
reads a long prompt (Stop between two prompt slices, the worst case). The tests only guard against hangs; this is
where the < 1 s target is checked.
"""

from __future__ import annotations

import os
import tempfile
import time

from .common import Result, median, numbers_prompt


def run(model_path, hints, threads: int, repeats: int, prompt_lines: int = 160) -> Result:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_llm.core.chat.store import ConversationStore
    from desktop_llm.core.common.paths import app_paths
    from desktop_llm.core.engines.base import LoadOptions
    from desktop_llm.worker import EngineWorker

    app = QApplication.instance() or QApplication([])  # the UI benchmarks after this one need widgets
    os.environ["DESKTOP_LLM_HOME"] = tempfile.mkdtemp(prefix="desktop-llm-cancelbench-")
    paths = app_paths().ensure()
    store = ConversationStore(paths.database)
    worker = EngineWorker(paths.database)
    loop = QEventLoop()

    def wait(signal_source, predicate, timeout_s=600.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not predicate() and time.monotonic() < deadline:
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    loaded = []
    worker.finished.connect(lambda job, result: loaded.append(job))
    first = worker.submit(lambda ctx: ctx.engine.load(model_path, LoadOptions(n_ctx=4096, n_threads=threads), hints))
    wait(worker, lambda: first in loaded)
    ended: dict[int, float] = {}
    for name in ("finished", "failed", "cancelled"):
        getattr(worker, name).connect(lambda job, *rest: ended.setdefault(job, time.perf_counter()))
    tokens: dict[int, int] = {}
    worker.token.connect(lambda job, text, pieces: tokens.__setitem__(job, tokens.get(job, 0) + pieces))
    latencies = {"generating": [], "reading_the_prompt": []}
    try:
        _measure(worker, store, repeats, prompt_lines, latencies, wait, ended, tokens)
    finally:
        worker.shutdown()
        store.close()
    QTimer.singleShot(0, app.quit)
    return _result(latencies, repeats)


def _measure(worker, store, repeats, prompt_lines, latencies, wait, ended, tokens) -> None:
    from desktop_llm.core.common.settings import SamplingSettings
    from desktop_llm.core.jobs.chat import chat_reply_job

    long_prompt = " ".join(f"Line {n}: the quick brown fox jumps over the lazy dog." for n in range(prompt_lines))
    for repeat in range(repeats):
        for moment, text in (("generating", numbers_prompt(40)), ("reading_the_prompt", long_prompt)):
            chat = store.create_conversation()
            store.add_message(chat.id, "user", f"Round {repeat}. {text}")
            job = worker.submit(chat_reply_job(chat.id, SamplingSettings(temperature=0.0, max_tokens=4000)))
            if moment == "generating":
                wait(worker, lambda: tokens.get(job, 0) >= 8)
            else:
                started = time.perf_counter()
                wait(worker, lambda: time.perf_counter() - started > 0.4)  # well inside a ~2,500-token prompt
            if job in ended:
                raise RuntimeError(f"the reply ended before Stop ({moment}): the measurement needs a longer one")
            asked = time.perf_counter()
            worker.cancel(job)
            wait(worker, lambda: job in ended)
            latencies[moment].append(ended[job] - asked)


def _result(latencies: dict, repeats: int) -> Result:
    worst = max(max(values) for values in latencies.values())
    figures = {f"{moment}_median_s": round(median(values), 3) for moment, values in latencies.items()}
    figures.update({f"{moment}_max_s": round(max(values), 3) for moment, values in latencies.items()})
    figures["repeats"] = repeats
    return Result(name="Stop in Chat: cancel to the job's end, worst of all tries, seconds", ratio=worst,
                  target="< 1 s", met=worst < 1.0, figures=figures)
