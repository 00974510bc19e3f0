"""Generation speed through the app (engine + worker thread + Qt signals) vs a bare llama-cpp-python loop."""

from __future__ import annotations

import threading
import time

from .common import Result, median, numbers_prompt

SAMPLING = dict(temperature=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.0)


def bare_loop(llama, tokens: list[int], n_gen: int) -> tuple[float, float, int]:
    """The reference: generate, detokenize each token, stop at end-of-generation. Returns (tok/s, ttft, n)."""
    import llama_cpp

    llama.reset()
    started = time.perf_counter()
    first = last = 0.0
    count = 0
    vocab = llama._model.vocab
    for token in llama.generate(tokens, top_k=40, top_p=0.95, min_p=0.05, temp=0.0, repeat_penalty=1.0):
        if llama_cpp.llama_vocab_is_eog(vocab, token):
            break
        llama.detokenize([token])
        count += 1
        last = time.perf_counter()
        if count == 1:
            first = last
        if count >= n_gen:
            break
    return (count - 1) / (last - first), first - started, count


def run(model_path, hints, threads: int, n_gen: int, repeats: int) -> Result:
    import llama_cpp
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from desktop_llm.core.common.settings import SamplingSettings
    from desktop_llm.core.engines.base import LoadOptions
    from desktop_llm.core.engines.llama import LlamaEngine
    from desktop_llm.worker import EngineWorker

    QApplication.instance() or QApplication([])
    n_ctx = 4096
    engine = LlamaEngine()
    worker = EngineWorker(store_path=None, engine=engine)
    loop = QEventLoop()
    done = {}

    def finished(job_id, result):
        done["result"] = result
        loop.quit()

    worker.finished.connect(finished)
    worker.failed.connect(lambda job_id, message: (done.update(error=message), loop.quit()))
    worker.submit(lambda ctx: ctx.engine.load(model_path, LoadOptions(n_ctx=n_ctx, n_threads=threads), hints))
    loop.exec()
    if "error" in done:
        raise RuntimeError(done["error"])

    bare = llama_cpp.Llama(model_path=str(model_path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
                           swa_full=True, verbose=False)
    sampling = SamplingSettings(max_tokens=n_gen, **SAMPLING)
    stamps: list[float] = []
    worker.token.connect(lambda job_id, text, pieces: stamps.append(time.perf_counter()))
    app_rates, bare_rates, engine_rates, app_ttft, bare_ttft, timings = [], [], [], [], [], []
    bare_thread_rates = []
    for repeat in range(-1, repeats):  # round -1 warms up both sides (first decodes allocate buffers)
        # A different prompt each round, so neither side can reuse a cached prompt.
        messages = [{"role": "user", "content": f"Round {repeat}. " + numbers_prompt(n_gen // 3 + 20)}]
        tokens = engine.prompt_tokens(messages)  # the same tokens for both sides

        rate, ttft, count = bare_loop(bare, tokens, n_gen)
        # The same bare loop called from a secondary thread, as the app must (the UI thread never waits).
        on_thread = []
        thread = threading.Thread(target=lambda: on_thread.append(bare_loop(bare, tokens, n_gen)[0]))
        thread.start()
        thread.join()

        stamps.clear()
        engine._require().reset()
        submitted = time.perf_counter()
        worker.submit(lambda ctx, m=messages: ctx.drain(ctx.engine.stream_chat(m, sampling, ctx.cancel)))
        loop.exec()
        stats = done["result"]
        if stats.tokens != count:
            raise RuntimeError(f"the app generated {stats.tokens} tokens, the bare loop {count}")
        if repeat < 0:
            continue
        bare_rates.append(rate)
        bare_thread_rates.append(on_thread[0])
        bare_ttft.append(ttft)
        # Measured where the user sees it: token signals arriving on the UI thread.
        # Tokens are batched into signals (jobs.TOKEN_BATCH_S); count tokens after the first signal.
        app_rates.append((stats.tokens - 1) / (stamps[-1] - stamps[0]))
        app_ttft.append(stamps[0] - submitted)
        engine_rates.append(stats.tokens_per_second)
        timings.append(stats.llama_timings)
    worker.shutdown()
    bare.close()
    ratio = median(app_rates) / median(bare_rates)
    like_for_like = median(app_rates) / median(bare_thread_rates)
    return Result(
        name="generation tokens/s, app ÷ bare llama-cpp-python loop",
        ratio=ratio,
        target="≥ 0.97",
        met=ratio >= 0.97,
        figures={
            "tokens_generated": n_gen,
            "repeats": repeats,
            "threads": threads,
            "app_tokens_per_s_ui_thread": round(median(app_rates), 2),
            "app_tokens_per_s_engine": round(median(engine_rates), 2),
            "bare_tokens_per_s": round(median(bare_rates), 2),
            "bare_on_a_secondary_thread_tokens_per_s": round(median(bare_thread_rates), 2),
            "app_vs_bare_on_a_secondary_thread": round(like_for_like, 3),
            "app_ttft_s": round(median(app_ttft), 4),
            "bare_ttft_s": round(median(bare_ttft), 4),
            "llama_cpp_prompt_tokens_per_s": round(median(t["prompt_tokens_per_second"] for t in timings), 1),
            "llama_cpp_eval_tokens_per_s": round(median(t["eval_tokens_per_second"] for t in timings), 1),
        },
    )
