"""Shared bench helpers: the model to measure, timing statistics, machine description."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # model_factory: tiny GGUF models


@dataclass
class Result:
    """One benchmark: its headline ratio against the target, and the figures behind it."""

    name: str
    ratio: float | None
    target: str
    met: bool | None
    figures: dict = field(default_factory=dict)
    note: str = ""

    def line(self) -> str:
        ratio = "—" if self.ratio is None else f"{self.ratio:.3f}"
        verdict = {True: "met", False: "MISSED", None: "n/a"}[self.met]
        return f"{self.name}: {ratio} (target {self.target}: {verdict})"


def median(values) -> float:
    return statistics.median(values)


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def starter_model() -> Path:
    """The starter Gemma 3 270M, assembled once into a cache folder."""
    from desktop_llm.core.models.catalog import load_catalog
    from desktop_llm.core.models.starter import install_starter

    return install_starter(load_catalog().starter(), Path(tempfile.gettempdir()) / "desktop-llm-bench")


def tiny_model(context_length: int = 4096) -> Path:
    from model_factory import write_tiny_llama

    path = Path(tempfile.gettempdir()) / "desktop-llm-bench" / f"tiny-{context_length}.gguf"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        write_tiny_llama(path, context_length=context_length)
    return path


def machine() -> dict:
    import llama_cpp

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "llama_cpp_python": llama_cpp.__version__,
        "llama_cpp_system_info": llama_cpp.llama_print_system_info().decode().strip(),
        "gpu_offload_supported": bool(llama_cpp.llama_supports_gpu_offload()),
    }


def numbers_prompt(count: int) -> str:
    """Gemma 3 270M (a base model, chatting through a transcript) continues this list greedily, on one line: a long,
    deterministic reply that runs to the token limit."""
    return "Please continue this list: " + ", ".join(str(i) for i in range(1, count + 1)) + ","
