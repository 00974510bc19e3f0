"""Cold start to a shown window (in a fresh process), and the app's memory beyond model weights and KV cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, Result, median

SHOW_WINDOW = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop_llm.core.common.paths import app_paths
from desktop_llm.ui.app import create_window
app = QApplication(sys.argv[:1])
window = create_window(app_paths().ensure())
window.show()
def shown():
    print("shown", flush=True)
    window.close()
    app.quit()
QTimer.singleShot(0, shown)  # runs once the first show/paint events have been processed
app.exec()
"""

MEMORY = r"""
import json, os, sys, time
import psutil
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from desktop_llm.core.common.paths import app_paths
from desktop_llm.ui.app import create_window

model = os.path.realpath(sys.argv[1])
app = QApplication(sys.argv[:1])
window = create_window(app_paths().ensure())
window.show()
loop = QEventLoop()
def wait(condition):
    timer = QTimer(interval=50)
    timer.timeout.connect(lambda: condition() and loop.quit())
    timer.start(); loop.exec(); timer.stop()
process = psutil.Process()
before_model = process.memory_info().rss
wait(lambda: window.chat.model is not None)
window.chat.settings_panel.max_tokens.setValue(64)
window.chat.input.setPlainText("Tell me a story about a lighthouse keeper.")
window.chat.send()
wait(lambda: not window.chat.busy)
rss = process.memory_info().rss
mapped = sum(m.rss for m in process.memory_maps(grouped=True) if os.path.realpath(m.path) == model)
print(json.dumps({"rss": rss, "model_mapped_rss": mapped, "rss_before_model": before_model,
                  "n_ctx": window.chat.model.n_ctx}), flush=True)
window.close()
app.quit()
"""


def _env(home: str) -> dict:
    return {**os.environ, "DESKTOP_LLM_HOME": home, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def start_time(repeats: int) -> Result:
    """Process start to window shown; no model on the UI thread (the model loads later, in the worker)."""
    times = []
    for _ in range(repeats + 1):  # the first run warms the OS file cache and is dropped
        home = tempfile.mkdtemp(prefix="desktop-llm-start-")
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", SHOW_WINDOW], stdout=subprocess.PIPE, text=True,
                                 env=_env(home), cwd=ROOT)
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        child.wait(120)
        if line.strip() != "shown":
            raise RuntimeError("the window did not come up")
        times.append(elapsed)
    times = times[1:]
    value = median(times)
    return Result(name="cold start to window shown, seconds (fresh process, Python start included)",
                  ratio=value, target="≤ 1 s", met=value <= 1.0,
                  figures={"median_s": round(value, 3), "max_s": round(max(times), 3), "runs": len(times)})


def memory(model_path: Path) -> Result:
    """Resident memory of the running app after a reply, minus the model's mapped weights and its KV cache."""
    from desktop_llm.core.models.catalog import load_catalog
    from desktop_llm.core.models.gguf_header import read_gguf_header
    from desktop_llm.core.models.hardware import kv_cache_bytes

    home = Path(tempfile.mkdtemp(prefix="desktop-llm-mem-"))
    models = home / "data" / "models"
    models.mkdir(parents=True)
    target = models / load_catalog().starter().filename
    os.symlink(model_path, target)
    child = subprocess.run([sys.executable, "-c", MEMORY, str(target)], capture_output=True, text=True,
                           env=_env(str(home)), cwd=ROOT, timeout=600)
    if child.returncode != 0:
        raise RuntimeError(child.stderr[-2000:])
    data = json.loads(child.stdout.strip().splitlines()[-1])
    kv = kv_cache_bytes(read_gguf_header(model_path), data["n_ctx"])
    beyond = data["rss"] - data["model_mapped_rss"] - kv
    mb = 1024 * 1024
    return Result(name="resident memory beyond mapped weights and KV cache, MB",
                  ratio=beyond / mb, target="≤ 200 MB", met=beyond / mb <= 200,
                  figures={"rss_mb": round(data["rss"] / mb, 1),
                           "model_mapped_mb": round(data["model_mapped_rss"] / mb, 1),
                           "kv_cache_mb": round(kv / mb, 1), "n_ctx": data["n_ctx"],
                           "rss_before_model_mb": round(data["rss_before_model"] / mb, 1),
                           "beyond_mb": round(beyond / mb, 1)})
