"""Generation speed of the app against llama.cpp's own ``llama-bench``, at the same depth, interleaved.

Each round runs, one after the other on the same prompt length and thread count:
- app: the whole path a user sees: the engine in its host process, the worker thread, tokens batched into Qt
  signals and received on the UI thread (a plain-text prompt, so no template stops end the reply early);
- in-process: the same, with the engine in the app's process (the cost of the host process is app ÷ this);
- bare: a ``llama_cpp.Llama.generate`` loop (llama-cpp-python's own Python path);
- llama-bench: ``llama-bench -p 0 -n N -d DEPTH`` (no sampling, no detokenizing: the ceiling).
Rounds repeat until the app ÷ llama-bench ratios of the last three agree within 3 % (or the rounds run out, which
the result says); the headline is the median ratio of all rounds. The machine's load average is recorded before
and after: this is a shared VM.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time

from .common import Result
from .llama_bench import BINARY, ensure_built

SPREAD = 0.03


def _prompt(round_number: int, count: int) -> str:
    return f"Round {round_number}. " + ", ".join(str(n) for n in range(1, count + 1)) + ","


def _bare(model_path, threads: int, prompt: str, n_gen: int) -> float:
    import llama_cpp

    llama = llama_cpp.Llama(model_path=str(model_path), n_ctx=4096, n_threads=threads, n_threads_batch=threads,
                            swa_full=True, verbose=False)
    tokens = llama.tokenize(prompt.encode(), add_bos=True)
    first = last = 0.0
    count = 0
    for token in llama.generate(tokens, top_k=40, top_p=0.95, min_p=0.05, temp=0.0, repeat_penalty=1.0):
        llama.detokenize([token])
        count += 1
        last = time.perf_counter()
        if count == 1:
            first = last
        if count >= n_gen:
            break
    llama.close()
    return (count - 1) / (last - first)


def _llama_bench(model_path, threads: int, depth: int, n_gen: int) -> float:
    output = subprocess.run([str(BINARY), "-m", str(model_path), "-t", str(threads), "-p", "0", "-n", str(n_gen),
                             "-d", str(depth), "-r", "1", "-o", "json"], capture_output=True, text=True,
                            timeout=1200, check=True).stdout
    return json.loads(output)[0]["avg_ts"]


class _App:
    """A worker over an engine, driven from this (the UI) thread as the Chat pane does."""

    def __init__(self, engine, model_path, hints, threads: int):
        from PySide6.QtCore import QEventLoop

        from desktop_llm.core.engines.base import LoadOptions
        from desktop_llm.worker import EngineWorker

        self.worker = EngineWorker(store_path=None, engine=engine)
        self.loop = QEventLoop()
        self.done: dict = {}
        self.stamps: list[float] = []
        self.worker.finished.connect(lambda job, result: (self.done.update(result=result), self.loop.quit()))
        self.worker.failed.connect(lambda job, message: (self.done.update(error=message), self.loop.quit()))
        self.worker.token.connect(lambda job, text, pieces: self.stamps.append(time.perf_counter()))
        self.run(lambda ctx: ctx.engine.load(model_path, LoadOptions(n_ctx=4096, n_threads=threads), hints))

    def run(self, job):
        self.done.clear()
        self.worker.submit(job)
        self.loop.exec()
        if "error" in self.done:
            raise RuntimeError(self.done["error"])
        return self.done["result"]

    def generate(self, prompt: str, n_gen: int) -> tuple[float, float, float, int]:
        """(tokens/s on the UI thread, engine tokens/s, time to the first token on screen, prompt tokens)."""
        from desktop_llm.core.common.settings import SamplingSettings

        sampling = SamplingSettings(temperature=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.0,
                                    max_tokens=n_gen)
        self.stamps.clear()
        submitted = time.perf_counter()
        stats = self.run(lambda ctx: ctx.drain(ctx.engine.stream_chat(prompt, sampling, ctx.cancel)))
        if stats.tokens != n_gen:
            raise RuntimeError(f"the reply ended after {stats.tokens} of {n_gen} tokens")
        # Tokens are batched into signals: count the tokens after the first signal (a reply so fast that it came in
        # one signal, as the tiny test model's can, has no rate of its own on screen: the engine's is used).
        span = self.stamps[-1] - self.stamps[0]
        on_screen = (stats.tokens - 1) / span if span > 0 else stats.tokens_per_second
        return on_screen, stats.tokens_per_second, self.stamps[0] - submitted, stats.prompt_tokens

    def close(self) -> None:
        self.worker.shutdown()


def run(model_path, hints, threads: int, n_gen: int, max_rounds: int, quick: bool) -> Result:
    from PySide6.QtWidgets import QApplication

    from desktop_llm.core.engines.host import HostedEngine
    from desktop_llm.core.engines.llama import LlamaEngine

    QApplication.instance() or QApplication([])
    with_bench = ensure_built(build=not quick)
    load_before = os.getloadavg()
    apps = {"app": _App(HostedEngine(), model_path, hints, threads),
            "in_process": _App(LlamaEngine(), model_path, hints, threads)}
    rates: dict[str, list[float]] = {name: [] for name in ("app", "in_process", "engine", "bare", "llama_bench")}
    ttft: dict[str, list[float]] = {"app": [], "in_process": []}
    ratios: list[float] = []
    depth = 0
    try:
        for name, app in apps.items():  # a warm-up reply each: the first decodes allocate buffers
            app.generate(_prompt(-1, n_gen // 3), 16)
        for round_number in range(max_rounds):
            prompt = _prompt(round_number, n_gen // 3)  # a new prompt each round: nothing comes from a cache
            for name, app in apps.items():
                ui_rate, engine_rate, first, depth = app.generate(prompt, n_gen)
                rates[name].append(ui_rate)
                ttft[name].append(first)
                if name == "app":
                    rates["engine"].append(engine_rate)
            rates["bare"].append(_bare(model_path, threads, prompt, n_gen))
            if with_bench:
                rates["llama_bench"].append(_llama_bench(model_path, threads, depth, n_gen))
                ratios.append(rates["app"][-1] / rates["llama_bench"][-1])
                last = ratios[-3:]
                if len(last) == 3 and (max(last) - min(last)) / statistics.median(last) < SPREAD:
                    break
    finally:
        for app in apps.values():
            app.close()
    load_after = os.getloadavg()
    median = {name: statistics.median(values) for name, values in rates.items() if values}
    settled = len(ratios) >= 3 and (max(ratios[-3:]) - min(ratios[-3:])) / statistics.median(ratios[-3:]) < SPREAD
    figures = {
        "tokens_generated": n_gen, "depth_tokens": depth, "threads": threads, "rounds": len(rates["app"]),
        "ratios_settled_within_3_percent": settled,
        **{f"{name}_tokens_per_s": round(value, 2) for name, value in median.items()},
        "app_vs_bare_loop": round(median["app"] / median["bare"], 3),
        "host_process_cost_tokens_per_s": round(1 - median["app"] / median["in_process"], 4),
        "app_ttft_s": round(statistics.median(ttft["app"]), 4),
        "in_process_ttft_s": round(statistics.median(ttft["in_process"]), 4),
        "load_average_before": [round(v, 2) for v in load_before],
        "load_average_after": [round(v, 2) for v in load_after],
    }
    if not with_bench:
        return Result(name="generation tokens/s, app ÷ llama-bench at the same depth", ratio=None,
                      target="≥ 0.97 (llama-bench not built: bench/build_llama_bench.sh)", met=None, figures=figures)
    ratio = statistics.median(ratios)
    figures["ratio_per_round"] = [round(r, 3) for r in ratios]
    figures["ratio_spread"] = round((max(ratios) - min(ratios)) / ratio, 3)
    return Result(name="generation tokens/s, app ÷ llama-bench at the same depth", ratio=ratio,
                  target="≥ 0.97 (goal), ≥ 0.95", met=ratio >= 0.95, figures=figures,
                  note="" if settled else "the last three rounds did not agree within 3 %: a busy machine")
