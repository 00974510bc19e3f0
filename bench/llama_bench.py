"""llama.cpp's own ``llama-bench`` on the same model and threads, when it has been built
(``bench/build_llama_bench.sh`` builds it from the sources vendored in llama-cpp-python)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .common import Result

BINARY = Path(__file__).resolve().parent / ".llama-bench" / "bin" / "llama-bench"


def ensure_built(build: bool) -> bool:
    """Whether llama-bench is there, building it first when asked (minutes: it compiles llama.cpp)."""
    if not BINARY.exists() and build:
        subprocess.run(["bash", str(BINARY.parents[2] / "build_llama_bench.sh")], check=False, timeout=3600)
    return BINARY.exists()


def run(model_path: Path, threads: int, quick: bool) -> Result | None:
    if not BINARY.exists():
        return None
    prompt, gen = (64, 16) if quick else (512, 128)
    output = subprocess.run([str(BINARY), "-m", str(model_path), "-t", str(threads), "-p", str(prompt),
                             "-n", str(gen), "-r", "1" if quick else "3", "-o", "json"],
                            capture_output=True, text=True, timeout=1200, check=True).stdout
    rows = json.loads(output)
    figures = {}
    for row in rows:
        kind = "prompt" if row.get("n_prompt") else "generation"
        figures[f"{kind}_tokens_per_s"] = round(row["avg_ts"], 1)
        figures[f"{kind}_tokens"] = row.get("n_prompt") or row.get("n_gen")
    figures["build"] = rows[0].get("build_commit", "") if rows else ""
    return Result(name="llama-bench (llama.cpp's own tool), tokens/s", ratio=None, target="reference", met=None,
                  figures=figures)
