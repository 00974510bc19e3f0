"""UI responsiveness while a reply streams into a chat that already holds 100 messages.

A 5 ms QTimer probe measures how late the event loop runs it (a stall); every streamed piece is stamped when the
engine yields it and when the chat pane paints it into the transcript (token-to-screen latency).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .common import Result, median, numbers_prompt, percentile

PROBE_MS = 5
FILLER = (
    "Here is what I found.\n\n- **First**, a point with `inline code` and a [link](https://example.org).\n"
    "- Second, a longer explanation that goes on for a while so the message wraps over several lines in the "
    "transcript view, as real answers do.\n\n```python\ndef greet(name):\n    return f'Hello {name}!'\n```\n"
)


def _timed_engine_class():
    from desktop_llm.core.engines.llama import LlamaEngine

    class TimedEngine(LlamaEngine):
        """The app's engine, stamping each piece as it is yielded (on the engine thread)."""

        def __init__(self):
            super().__init__()
            self.emitted: list[float] = []

        def stream_chat(self, messages, sampling, cancel):
            stream = super().stream_chat(messages, sampling, cancel)
            while True:
                try:
                    piece = next(stream)
                except StopIteration as done:
                    return done.value
                self.emitted.append(time.perf_counter())
                yield piece

    return TimedEngine


def measure(model_path: Path, threads: int, n_tokens: int) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_llm.core.chat.store import ConversationStore
    from desktop_llm.core.common.paths import app_paths
    from desktop_llm.core.common.settings import Settings
    from desktop_llm.core.models.catalog import load_catalog
    from desktop_llm.ui.main_window import MainWindow
    from desktop_llm.worker import EngineWorker

    QApplication.instance() or QApplication([])  # widgets need an application object
    os.environ["DESKTOP_LLM_HOME"] = tempfile.mkdtemp(prefix="desktop-llm-uibench-")
    paths = app_paths().ensure()
    store = ConversationStore(paths.database)
    chat = store.create_conversation("Long chat", "You are a helpful assistant.")
    for index in range(50):
        store.add_message(chat.id, "user", f"Question {index}: can you explain item {index}?")
        store.add_message(chat.id, "assistant", FILLER)
    store.close()
    settings = Settings(default_models={"chat": str(model_path)}, last_conversation_id=chat.id)
    settings.engine.n_ctx, settings.engine.n_threads = 4096, threads
    settings.sampling.temperature, settings.sampling.max_tokens, settings.sampling.repeat_penalty = 0.0, n_tokens, 1.0
    engine = _timed_engine_class()()
    worker = EngineWorker(paths.database, engine=engine)
    window = MainWindow(paths, settings, load_catalog(), worker=worker)
    window.resize(1280, 820)
    window.show()
    pane = window.chat
    assert pane.transcript.toPlainText().count("Assistant") == 50

    loop = QEventLoop()

    def wait(condition, timeout_s):
        deadline = time.monotonic() + timeout_s
        timer = QTimer(interval=20)
        timer.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
        timer.start()
        loop.exec()
        timer.stop()
        if not condition():
            raise TimeoutError("benchmark step timed out")

    wait(lambda: pane.model is not None, 300)  # the catalog says the starter is a base model

    painted: list[tuple[float, int]] = []
    original_flush = pane._flush

    def flush_and_stamp():
        original_flush()
        painted.append((time.perf_counter(), pane._stream_tokens))

    pane._flush = flush_and_stamp  # the pane paints either at once (when idle) or from its timer: stamp both
    pane._flush_timer.timeout.disconnect()
    pane._flush_timer.timeout.connect(flush_and_stamp)

    lateness: list[float] = []
    last = [time.perf_counter()]

    def probe():
        now = time.perf_counter()
        lateness.append(max(0.0, (now - last[0]) * 1000 - PROBE_MS))
        last[0] = now

    probe_timer = QTimer(interval=PROBE_MS)
    probe_timer.setTimerType(probe_timer.timerType().PreciseTimer)
    probe_timer.timeout.connect(probe)
    pane.input.setPlainText(numbers_prompt(n_tokens // 3 + 30))
    last[0] = time.perf_counter()
    probe_timer.start()  # from the moment Send is pressed: prompt processing must not stall the UI either
    pane.send()
    wait(lambda: not pane.busy, 600)
    probe_timer.stop()

    emitted = engine.emitted
    latencies = []
    cursor = 0
    for stamp, count in painted:
        while cursor < min(count, len(emitted)):
            latencies.append((stamp - emitted[cursor]) * 1000)
            cursor += 1
    generated = window.store.messages(window.chat.conversation_id)[-1].stats.get("tokens", 0)
    window.close()
    return {"lateness_ms": lateness, "latency_ms": latencies, "tokens": generated, "paints": len(painted)}


def run(model_path, threads: int, n_tokens: int, plot_path: Path | None, label: str) -> Result:
    data = measure(model_path, threads, n_tokens)
    stall, latency = data["lateness_ms"] or [0.0], data["latency_ms"] or [0.0]
    if plot_path is not None:
        draw_plot(plot_path, {"event-loop lateness (5 ms probe)": stall, "token-to-screen latency": latency},
                  f"UI while streaming {data['tokens']} tokens into a 100-message chat ({label})")
    worst = max(max(stall), max(latency))
    return Result(
        name=f"UI while streaming into 100 messages ({label}): worst stall / token-to-screen, ms",
        ratio=worst,
        target="both ≤ 50 ms",
        met=max(stall) <= 50 and max(latency) <= 50,
        figures={
            "tokens_streamed": data["tokens"],
            "paints": data["paints"],
            "stall_max_ms": round(max(stall), 1),
            "stall_p99_ms": round(percentile(stall, 0.99), 1),
            "stall_median_ms": round(median(stall), 2),
            "token_to_screen_max_ms": round(max(latency), 1),
            "token_to_screen_p99_ms": round(percentile(latency, 0.99), 1),
            "token_to_screen_median_ms": round(median(latency), 1),
            "worst_ms": round(worst, 1),
        },
    )


def draw_plot(path: Path, series: dict[str, list[float]], title: str) -> None:
    """Cumulative distributions drawn with QPainter: no plotting library needed."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    width, height, margin = 900, 520, 70
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    limit = max(60.0, max(max(values) for values in series.values()) * 1.05)
    plot = QRectF(margin, 50, width - 2 * margin, height - 50 - margin)

    def point(value, fraction):
        return QPointF(plot.left() + plot.width() * value / limit, plot.bottom() - plot.height() * fraction)

    painter.setPen(QPen(QColor("#333"), 1))
    painter.drawRect(plot)
    painter.drawText(QRectF(0, 10, width, 30), Qt.AlignmentFlag.AlignCenter, title)
    for tick in range(0, int(limit) + 1, max(10, int(limit / 8) // 10 * 10)):
        x = point(tick, 0).x()
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 5))
        painter.drawText(QRectF(x - 20, plot.bottom() + 8, 40, 20), Qt.AlignmentFlag.AlignCenter, str(tick))
    for fraction in (0, 0.5, 0.9, 0.99, 1.0):
        y = point(0, fraction).y()
        painter.drawText(QRectF(5, y - 10, margin - 10, 20), Qt.AlignmentFlag.AlignRight, f"{fraction:.2f}")
    painter.drawText(QRectF(0, height - 35, width, 25), Qt.AlignmentFlag.AlignCenter, "milliseconds")
    target = point(50, 0).x()
    painter.setPen(QPen(QColor("#d1242f"), 1, Qt.PenStyle.DashLine))
    painter.drawLine(QPointF(target, plot.top()), QPointF(target, plot.bottom()))
    painter.drawText(QPointF(target + 4, plot.top() + 14), "50 ms target")
    colors = ["#1f6feb", "#8250df"]
    for index, (name, values) in enumerate(series.items()):
        ordered = sorted(values)
        pen = QPen(QColor(colors[index]), 2)
        painter.setPen(pen)
        points = [point(v, (i + 1) / len(ordered)) for i, v in enumerate(ordered)]
        for a, b in zip(points, points[1:]):
            painter.drawLine(a, b)
        painter.drawText(QPointF(plot.left() + 10, plot.top() + 20 + 18 * index), f"— {name} (n={len(ordered)})")
    painter.end()
    image.save(str(path))
