"""What this machine can run: memory, CPU features, GPU offload, and whether a model fits."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from ..common.messages import translate
from .gguf_header import GGUFInfo

RUNTIME_OVERHEAD = 300 * 1024 * 1024  # llama.cpp compute buffers + the app (bench/RESULTS.md: ~190 MB measured)
FITS, TIGHT, TOO_BIG = "fits", "tight", "too big"


@dataclass(frozen=True)
class Hardware:
    total_ram: int
    available_ram: int
    cpu_threads: int
    cpu_features: tuple[str, ...]
    gpu_offload: bool
    vram: int | None  # total bytes of the first NVIDIA GPU, when nvidia-smi can tell

    def describe(self) -> str:
        if self.gpu_offload and self.vram:
            gpu = translate("CoreModels", "GPU offload available, {vram:.1f} GiB VRAM").format(vram=self.vram / 2**30)
        elif self.gpu_offload:
            gpu = translate("CoreModels", "GPU offload available")
        elif self.vram:
            gpu = translate("CoreModels", "CPU only (this llama.cpp build has no GPU backend), {vram:.1f} GiB "
                            "VRAM").format(vram=self.vram / 2**30)
        else:
            gpu = translate("CoreModels", "CPU only (this llama.cpp build has no GPU backend)")
        features = ", ".join(self.cpu_features) or translate("CoreModels", "none detected")
        return translate("CoreModels", "{free:.1f} of {total:.1f} GiB RAM free · {threads} CPU threads ({features}) · "
                         "{gpu}").format(free=self.available_ram / 2**30, total=self.total_ram / 2**30,
                                         threads=self.cpu_threads, features=features, gpu=gpu)


def detect() -> Hardware:
    import psutil

    memory = psutil.virtual_memory()
    gpu_offload, features = _llama_capabilities()
    return Hardware(memory.total, memory.available, os.cpu_count() or 1, features, gpu_offload, _nvidia_vram())


@lru_cache(maxsize=1)
def _llama_capabilities() -> tuple[bool, tuple[str, ...]]:
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")
    features = tuple(sorted(set(re.findall(r"([A-Z0-9_]+) = 1", info))))
    return bool(llama_cpp.llama_supports_gpu_offload()), features


@lru_cache(maxsize=1)
def _nvidia_vram() -> int | None:
    if shutil.which("nvidia-smi") is None:
        return None
    try:
        out = subprocess.run(["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader,nounits"],
                             capture_output=True, text=True, timeout=5).stdout
        return int(out.split()[0]) * 1024 * 1024
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


def _per_layer(value, layers: int, default: int) -> list[int]:
    """A per-layer value as a list: written once for all layers, or as an array of one value per layer (some
    architectures vary the number of KV heads by layer, and llama.cpp reads either form)."""
    if isinstance(value, list):
        values = [int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else default for v in value]
        return (values + [values[-1] if values else default] * layers)[:layers]
    number = isinstance(value, (int, float)) and not isinstance(value, bool) and value
    return [int(value) if number else default] * layers


def kv_cache_bytes(info: GGUFInfo, n_ctx: int) -> int:
    """The KV cache llama.cpp allocates (f16): for each layer, context × kv heads × (key + value width) × 2 bytes."""
    meta, arch = info.metadata, info.architecture
    layers = int(meta.get(f"{arch}.block_count", 0) or 0)
    heads = _per_layer(meta.get(f"{arch}.attention.head_count", 1), layers, 1)
    declared = meta.get(f"{arch}.attention.head_count_kv")  # a layer with 0 KV heads has no cache (recurrent)
    heads_kv = heads if declared is None else _per_layer(declared, layers, 0)
    embd = int(meta.get(f"{arch}.embedding_length", 0) or 0)
    total = 0
    for head, head_kv in zip(heads, heads_kv):
        head = max(head, 1)
        key = int(meta.get(f"{arch}.attention.key_length", embd // head) or 0)
        value = int(meta.get(f"{arch}.attention.value_length", embd // head) or 0)
        total += n_ctx * head_kv * (key + value) * 2
    return total


def memory_needed(info: GGUFInfo, n_ctx: int) -> int:
    """Weights (the file) + KV cache for ``n_ctx`` + runtime overhead."""
    return info.file_size + kv_cache_bytes(info, min(n_ctx, info.context_length or n_ctx)) + RUNTIME_OVERHEAD


def fit(needed: int, hardware: Hardware) -> str:
    """fits: comfortably in free memory; tight: only by pushing other programs out; too big: not at all."""
    if needed <= hardware.available_ram * 0.8:
        return FITS
    if needed <= max(hardware.available_ram, hardware.total_ram * 0.85):
        return TIGHT
    return TOO_BIG
