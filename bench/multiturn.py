"""Time to first token across a 10-turn chat: with the KV prefix reused (the app) and recomputed (no reuse)."""

from __future__ import annotations

import threading

from .common import Result, median

QUESTIONS = [
    "Hello! Can you tell me about the weather in spring?",
    "What are some good vegetables to plant in April?",
    "How often should I water tomatoes?",
    "Which flowers attract bees to a garden?",
    "What is compost and how do I start a pile?",
    "Can I grow herbs on a windowsill?",
    "How much sun do peppers need each day?",
    "What should I do about slugs eating my lettuce?",
    "When is the best time to harvest carrots?",
    "How do I keep my garden healthy over winter?",
]


def _turns(engine, sampling, reuse: bool) -> list[float]:
    from desktop_llm.core.engines.base import GenerationStats, run_stream

    history = [{"role": "system", "content": "You are a friendly gardening assistant."}]
    ttfts = []
    engine.clear_cache()
    for question in QUESTIONS:
        history.append({"role": "user", "content": question})
        if not reuse:
            engine.clear_cache()
        stats: GenerationStats = run_stream(engine.stream_chat(history, sampling, threading.Event()), len)
        ttfts.append(stats.ttft_s)
        history.append({"role": "assistant", "content": stats.text.strip()})
    return ttfts


def run(model_path, hints, threads: int, repeats: int) -> Result:
    from desktop_llm.core.common.settings import SamplingSettings
    from desktop_llm.core.engines.base import LoadOptions
    from desktop_llm.core.engines.llama import LlamaEngine

    engine = LlamaEngine()
    engine.load(model_path, LoadOptions(n_ctx=4096, n_threads=threads), hints)
    # Greedy, so both modes see the same conversation.
    sampling = SamplingSettings(temperature=0.0, max_tokens=48, repeat_penalty=1.0)
    _turns(engine, SamplingSettings(temperature=0.0, max_tokens=4), reuse=True)  # warm-up: first decodes allocate
    reused = [_turns(engine, sampling, reuse=True) for _ in range(repeats)]
    fresh = [_turns(engine, sampling, reuse=False) for _ in range(repeats)]
    prompt_tokens_turn10 = engine.count_chat_tokens([{"role": "user", "content": q} for q in QUESTIONS])
    engine.unload()
    per_turn = [median(run[i] for run in reused) for i in range(len(QUESTIONS))]
    per_turn_fresh = [median(run[i] for run in fresh) for i in range(len(QUESTIONS))]
    ratio = per_turn[9] / per_turn[0]
    return Result(
        name="time to first token, turn 10 ÷ turn 1",
        ratio=ratio,
        target="≤ 1.3",
        met=ratio <= 1.3,
        figures={
            "ttft_turn1_s": round(per_turn[0], 4),
            "ttft_turn5_s": round(per_turn[4], 4),
            "ttft_turn10_s": round(per_turn[9], 4),
            "ttft_turn10_without_reuse_s": round(per_turn_fresh[9], 4),
            "turn10_without_reuse_ratio": round(per_turn_fresh[9] / per_turn_fresh[0], 3),
            "user_tokens_over_10_turns": prompt_tokens_turn10,
            "repeats": repeats,
        },
    )
