"""Vet a model file before the app process trusts llama.cpp with it.

llama.cpp calls ``std::terminate`` (no Python exception, the whole process dies) on some malformed GGUF files,
e.g. an SPM vocabulary without byte tokens. So a file the app has not loaded before is first read by our bounded
header parser, then given a trial load + tokenize + one decode in a child process. Only if the child comes back
clean does the app load it itself. The child's side is ``engines.probe``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..common.child import Child, ChildTimeout
from ..common.messages import from_data, translate
from .gguf_header import GGUFInfo, ModelFileError, read_gguf_header
from .vocabulary import check_vocabulary

PROBE_COMMAND = "_probe-model"
PROBE_TIMEOUT_S = 300


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
    check_vocabulary(path)
    child = Child(PROBE_COMMAND, str(path))
    try:
        messages = list(child.messages(cancel or threading.Event(), PROBE_TIMEOUT_S))
    except ChildTimeout:
        raise ModelFileError(translate("CoreModels", "{name}: the trial load did not finish in {seconds} s").format(
            name=path.name, seconds=PROBE_TIMEOUT_S)) from None
    crash = child.crash_name()
    if crash:
        raise ModelFileError(translate(
            "CoreModels", "{name} crashed llama.cpp during a trial load ({crash}): the file is damaged or uses a "
            "format this version of llama.cpp cannot read. The app was not affected.").format(name=path.name,
                                                                                              crash=crash))
    if child.returncode == 0:
        return info
    reason = next((from_data(m["error"]) for m in messages if m.get("error")), None)
    reason = reason or child.stderr_tail()[-300:] or translate("CoreModels", "exit code {code}").format(
        code=child.returncode)
    raise ModelFileError(translate("CoreModels", "{name} failed a trial load: {reason}").format(name=path.name,
                                                                                               reason=reason))
