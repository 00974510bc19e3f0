"""Vet a model file before the app process trusts llama.cpp with it.

llama.cpp calls ``std::terminate`` (no Python exception, the whole process dies) on some malformed GGUF files,
e.g. an SPM vocabulary without byte tokens. So a file the app has not loaded before is first read by our bounded
header parser, then given a trial load + tokenize + one decode in a child process. Only if the child comes back
clean does the app load it itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..common.errors import Cancelled
from .gguf_header import GGUFInfo, ModelFileError, read_gguf_header

PROBE_COMMAND = "_probe-model"
PROBE_TIMEOUT_S = 300
# Exercises byte fallback (accents, CJK, emoji, control characters): where a broken vocabulary aborts.
PROBE_TEXT = "Hello, wörld! Ça va? 你好，世界 🙂 \t\x01 ∑x² — end"


def self_command() -> list[str]:
    """The command line that runs this app again (the frozen executable, or ``python -m desktop_llm``)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop_llm"]


def file_fingerprint(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def check_model_file(path: str | Path, known_good: dict[str, list[int]] | None = None,
                     cancel: threading.Event | None = None) -> GGUFInfo:
    """Header check always; the child-process trial only for files not in ``known_good`` (path -> fingerprint).

    On success the caller should record ``file_fingerprint(path)`` in ``known_good``.
    """
    path = Path(path).resolve()
    info = read_gguf_header(path)
    if known_good is not None and known_good.get(str(path)) == file_fingerprint(path):
        return info
    returncode, stdout, stderr = _run_probe(path, cancel or threading.Event())
    if returncode == 0:
        return info
    if returncode < 0:
        name = signal.Signals(-returncode).name
        raise ModelFileError(
            f"{path.name} crashed llama.cpp during a trial load ({name}): the file is damaged or uses a "
            "format this version of llama.cpp cannot read. The app was not affected."
        )
    reason = _last_line(stdout) or _last_line(stderr) or f"exit code {returncode}"
    raise ModelFileError(f"{path.name} failed a trial load: {reason}")


def _run_probe(path: Path, cancel: threading.Event) -> tuple[int, str, str]:
    """Run the trial load in a child process; cancellable, with a time limit."""
    # GGML_NO_BACKTRACE: on abort, ggml would otherwise attach gdb to print a backtrace (slow, noisy).
    env = {**os.environ, "GGML_NO_BACKTRACE": "1"}
    with subprocess.Popen([*self_command(), PROBE_COMMAND, str(path)], stdin=subprocess.DEVNULL, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        deadline = time.monotonic() + PROBE_TIMEOUT_S
        while True:
            try:
                stdout, stderr = child.communicate(timeout=0.1)
                return child.returncode, stdout, stderr
            except subprocess.TimeoutExpired:
                if cancel.is_set():
                    child.kill()
                    raise Cancelled() from None
                if time.monotonic() > deadline:
                    child.kill()
                    raise ModelFileError(f"{path.name}: the trial load did not finish in {PROBE_TIMEOUT_S} s") from None


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    try:
        return json.loads(lines[-1]).get("error", lines[-1])
    except (ValueError, AttributeError):
        return lines[-1][:300]


def probe_model(path: str) -> int:
    """Runs in the child: load, tokenize, detokenize, decode a few tokens. Prints one JSON line."""
    import llama_cpp

    try:
        llama = llama_cpp.Llama(model_path=path, n_ctx=64, n_batch=64, n_threads=1, n_gpu_layers=0, verbose=False)
        tokens = llama.tokenize(PROBE_TEXT.encode("utf-8"), add_bos=True, special=False)
        llama.detokenize(tokens)
        llama.eval(tokens[: min(len(tokens), 8)])
        print(json.dumps({"ok": True, "n_params": llama._model.n_params(), "tokens": len(tokens)}))
        llama.close()
        return 0
    except Exception as exc:  # reported to the parent as a clean failure
        print(json.dumps({"ok": False, "error": f"{type(exc).__name__}: {exc}"}))
        return 1
