"""Which catalog model to suggest for this machine: the best one that fits in memory and answers fast enough.

Generating a token reads (nearly) all of a model's weights once, so its speed is about memory bandwidth ÷ file
size. The bandwidth is taken from a model measured on this machine when there is one, else a conservative guess
for a laptop (GPU memory is much faster: a model that fits there is fast). "Fast enough" is a comfortable reading
pace; reasoning models, which think for hundreds of tokens before they answer, need more.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..common.messages import translate
from .catalog import Catalog, ModelSpec
from .hardware import FITS, Hardware, fit

CPU_BANDWIDTH_GUESS = 12e9  # bytes/s a typical laptop CPU streams weights at (2-channel DDR4/DDR5, a few cores)
GPU_BANDWIDTH_GUESS = 300e9
MEASURED_SIZE = 1e9  # the smallest model whose measured speed says something about bigger ones
COMFORTABLE_TPS = 8.0  # words appear faster than most people read
REASONING_TPS = 25.0  # a reasoning model's thinking must pass quickly too
DEFAULT_CTX = 4096
USE_WORDS = {  # the catalog's uses (catalog.USES) inside a sentence: "The best chat model…"
    "chat": translate("CoreModels", "chat"),
    "summarize": translate("CoreModels", "summarize"),
    "translate": translate("CoreModels", "translate"),
    "sentiment": translate("CoreModels", "sentiment"),
}


@dataclass(frozen=True)
class Speed:
    """Estimated generation speed of a model on this machine."""

    tokens_per_second: float
    on_gpu: bool
    measured: bool  # from a model measured here (else a guess)

    def describe(self) -> str:
        if self.on_gpu:
            text = translate("CoreModels", "about {rate:.0f} tokens/s on the GPU") if self.measured else \
                translate("CoreModels", "roughly {rate:.0f} tokens/s on the GPU")
        else:
            text = translate("CoreModels", "about {rate:.0f} tokens/s on the CPU") if self.measured else \
                translate("CoreModels", "roughly {rate:.0f} tokens/s on the CPU")
        return text.format(rate=self.tokens_per_second)


@dataclass(frozen=True)
class Recommendation:
    spec: ModelSpec
    speed: Speed
    reason: str  # a Text: the UI shows it in its language

    def to_json(self) -> dict:
        return {"id": self.spec.id, "name": self.spec.name, "size": self.spec.size, "reason": self.reason,
                "tokens_per_second": round(self.speed.tokens_per_second, 1)}


def bandwidth(measured: dict[str, dict] | None) -> tuple[float, bool]:
    """Bytes/s weights stream at here: the best measured (``{file: {"generate_tps", "size"}}``), else the guess.

    Only models of a gigabyte or more count: a small one is partly served from the CPU's caches and would promise
    big models twice the speed they reach."""
    rates = [entry["generate_tps"] * entry["size"] for entry in (measured or {}).values()
             if isinstance(entry, dict) and entry.get("generate_tps", 0) > 0 and entry.get("size", 0) >= MEASURED_SIZE]
    return (max(rates), True) if rates else (CPU_BANDWIDTH_GUESS, False)


def estimate_speed(spec_size: int, hardware: Hardware, measured: dict[str, dict] | None = None) -> Speed:
    on_gpu = bool(hardware.gpu_offload and hardware.vram and spec_size * 1.2 < hardware.vram)
    rate, was_measured = (GPU_BANDWIDTH_GUESS, False) if on_gpu else bandwidth(measured)
    return Speed(rate / max(spec_size, 1), on_gpu, was_measured)


def _fits(spec: ModelSpec, hardware: Hardware) -> bool:
    if hardware.gpu_offload and hardware.vram and spec.ram_required < hardware.vram:
        return True
    return fit(spec.ram_required, hardware) == FITS


def system_language() -> str:
    """The two-letter code of the user's language, from the environment (the CLI's default; the window asks Qt)."""
    import locale
    import os

    for value in (os.environ.get("LC_ALL"), os.environ.get("LC_MESSAGES"), os.environ.get("LANG"),
                  locale.getlocale()[0]):
        if value and value[:2].isalpha() and value not in ("C", "POSIX"):
            return value[:2].lower()
    return "en"


def recommend(catalog: Catalog, hardware: Hardware, use: str = "chat", language: str = "en",
              measured: dict[str, dict] | None = None, must_write: bool = False) -> Recommendation | None:
    """The best downloadable instruct model for ``use`` that fits this machine and runs at a comfortable speed here.

    Models that write ``language`` well come first (only those with ``must_write``: a translation into it). Returns
    None when no catalog model beats what the machine already has (every candidate too big or too slow).
    """
    candidates = []
    for spec in catalog.models:
        if spec.kind != "instruct" or not spec.url or use not in spec.recommended_use or not spec.size:
            continue
        if not _fits(spec, hardware):
            continue
        speed = estimate_speed(spec.size, hardware, measured)
        if speed.tokens_per_second < (REASONING_TPS if spec.reasoning else COMFORTABLE_TPS):
            continue
        candidates.append((spec, speed))
    if not candidates:
        return None
    speaks = [(s, v) for s, v in candidates if language in s.languages]
    if must_write and not speaks:
        return None
    spec, speed = max(speaks or candidates, key=lambda pair: (pair[0].quality, -pair[0].size))
    chinese = language == "zh" and "zh" in spec.languages
    if speed.on_gpu:
        reason = translate("CoreModels", "The best {use} model in the catalog that fits this machine's GPU and "
                           "answers at {speed}, and writes Chinese well.") if chinese else \
            translate("CoreModels", "The best {use} model in the catalog that fits this machine's GPU and answers at "
                      "{speed}.")
    else:
        reason = translate("CoreModels", "The best {use} model in the catalog that fits this machine's {free:.0f} "
                           "GiB of free memory and answers at {speed}, and writes Chinese well.") if chinese else \
            translate("CoreModels", "The best {use} model in the catalog that fits this machine's {free:.0f} GiB of "
                      "free memory and answers at {speed}.")
    reason = reason.format(use=USE_WORDS.get(use, use), speed=speed.describe(), free=hardware.available_ram / 2**30)
    return Recommendation(spec, speed, reason)


def remember_speed(measured: dict[str, dict], file_name: str, size: int, generate_tps: float,
                   prompt_tps: float = 0.0, answer_share: float | None = None) -> None:
    """Keep the speed a model ran at here (by file name) and how much of a summary's allowance it writes, for
    later estimates (``tools.Throughput.remembered``); a speed not measured (0) leaves the one remembered."""
    if size <= 0:
        return
    entry = measured.setdefault(file_name, {})
    entry["size"] = size
    for key, value, digits in (("generate_tps", generate_tps, 2), ("prompt_tps", prompt_tps, 1),
                               ("answer_share", answer_share, 3)):
        if value:
            entry[key] = round(value, digits)
