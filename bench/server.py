"""The local server's overhead: tokens/s through ``/v1`` (the official ``openai`` client, streamed) ÷ tokens/s of
the same generations run as jobs in the app, with one client and with four at once.

Both sides use the same engine host, the same runner (the jobs' thread) and the same greedy sampling, in
interleaved rounds. One client: the rate from its first streamed token to its last, against the engine's own rate
for the same request. Four clients: all the tokens the four got ÷ the wall time from the first request to the last
answer, against four jobs run back to back (the server runs them in turn on the one engine, so the aggregate
cannot exceed the app's).
"""

from __future__ import annotations

import statistics
import threading
import time

from .common import Result

PROMPT = "Write a long story about a lighthouse keeper and the sea, with many details. Chapter {n}:"


def _job(engine, prompt: str, sampling):
    def run(ctx):
        return ctx.drain(engine.stream_chat(prompt, sampling, ctx.cancel))
    return run


def run(model_path, hints, threads: int, n_gen: int, rounds: int) -> Result:
    import openai

    from desktop_llm.core.common.settings import SamplingSettings
    from desktop_llm.core.engines.base import LoadOptions
    from desktop_llm.core.engines.host import HostedEngine
    from desktop_llm.core.server.runner import SerialRunner
    from desktop_llm.core.server.server import LocalServer

    engine = HostedEngine()
    engine.load(model_path, LoadOptions(n_ctx=4096, n_threads=threads), hints)
    runner = SerialRunner(engine)
    server = LocalServer(runner, lambda: engine.model, port=0)
    server.start()
    client = openai.OpenAI(base_url=server.base_url, api_key="unused", max_retries=0, timeout=600)
    sampling = SamplingSettings(temperature=0.0, max_tokens=n_gen)

    def in_app(prompt: str) -> tuple[float, int]:
        done = threading.Event()
        out = {}
        runner.submit(lambda ctx: (out.update(stats=_job(engine, prompt, sampling)(ctx)), done.set()))
        done.wait()
        return out["stats"].tokens_per_second, out["stats"].tokens

    def through_server(prompt: str) -> tuple[float, int, float]:
        stamps, tokens = [], 0
        stream = client.completions.create(model="", prompt=prompt, max_tokens=n_gen, temperature=0.0, stream=True,
                                           stream_options={"include_usage": True})
        for chunk in stream:
            if chunk.choices and chunk.choices[0].text:
                stamps.append(time.perf_counter())
            if chunk.usage:
                tokens = chunk.usage.completion_tokens
        span = stamps[-1] - stamps[0] if len(stamps) > 1 else 0.0
        return ((tokens - 1) / span if span else 0.0), tokens, stamps[-1] if stamps else time.perf_counter()

    rates: dict[str, list[float]] = {"app": [], "server": [], "app_4": [], "server_4": []}
    try:
        in_app(PROMPT.format(n=0))  # warm-up
        for round_number in range(rounds):
            prompt = PROMPT.format(n=round_number + 1)
            rates["app"].append(in_app(prompt)[0])
            rates["server"].append(through_server(prompt)[0])
            prompts = [PROMPT.format(n=100 * (round_number + 1) + k) for k in range(4)]
            start = time.perf_counter()
            total = sum(in_app(p)[1] for p in prompts)
            rates["app_4"].append(total / (time.perf_counter() - start))
            results: list[tuple[float, int, float]] = []
            start = time.perf_counter()
            clients = [threading.Thread(target=lambda p=p: results.append(through_server(p))) for p in prompts]
            for thread in clients:
                thread.start()
            for thread in clients:
                thread.join()
            rates["server_4"].append(sum(r[1] for r in results) / (max(r[2] for r in results) - start))
    finally:
        server.stop()
        runner.close()
        engine.close()
    median = {name: statistics.median(values) for name, values in rates.items()}
    one, four = median["server"] / median["app"], median["server_4"] / median["app_4"]
    figures = {"rounds": rounds, "max_tokens": n_gen, **{f"{k}_tokens_per_s": round(v, 2) for k, v in median.items()},
               "one_client_ratio": round(one, 3), "four_clients_ratio": round(four, 3)}
    return Result(name="local server tokens/s ÷ the app's, one client (four in the figures)", ratio=one,
                  target="≥ 0.95 with one client and with four", met=min(one, four) >= 0.95, figures=figures)
