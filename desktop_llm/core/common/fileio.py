"""Crash-safe file writes: a reader sees the old file or the new one, never half of either; nothing unchecked ever
sits under its final name."""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Callable, Sequence

from .errors import Cancelled


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temp file beside ``path``, fsync it, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


COPY_BLOCK = 8 * 1024 * 1024


def partial_path(dest: Path) -> Path:
    """Where a file is written before it is complete and checked (a download, a copy): beside its final name, on
    the same volume, so the last step is an atomic rename."""
    return dest.with_name(dest.name + ".partial")


def copy_into_place(sources: Sequence[Path], dest: Path, cancel: threading.Event | None = None,
                    on_progress: Callable[[int, int], None] | None = None,
                    verify: Callable[[str], None] | None = None) -> str:
    """Concatenate ``sources`` into ``dest``: written to its partial file, fsynced, ``verify(sha256)`` (which may
    raise), then renamed into place. Returns the sha256. ``on_progress(done, total)`` after each block; a cancel
    (``Cancelled``), a failed check or any error leaves nothing behind."""
    total = sum(source.stat().st_size for source in sources)
    partial = partial_path(dest)
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for source in sources:
                with source.open("rb") as reader:
                    while block := reader.read(COPY_BLOCK):
                        if cancel is not None and cancel.is_set():
                            raise Cancelled()
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if on_progress is not None:
                            on_progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        if verify is not None:
            verify(digest.hexdigest())
        os.replace(partial, dest)
        fsync_folder(dest.parent)
        return digest.hexdigest()
    finally:
        partial.unlink(missing_ok=True)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
